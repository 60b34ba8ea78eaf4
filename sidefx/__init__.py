"""sidefx: the library behind the antidepressant side-effects dashboard."""
