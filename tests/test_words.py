"""Sentences: a count before its noun takes the noun's number ('1 case', '2 cases'), everywhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd

from sidefx import words
from sidefx.faers import words as faers_words

ROOT = Path(__file__).resolve().parent.parent
NOUNS = (
    "cases|respondents|reports|rows|drugs|effects|studies|estimates|answers|groups|numbers|columns|people|figures"
    "|lines|cells|terms|bands|quarters|files"
)
COUNT_THEN_NOUN = re.compile(rf"^ ({NOUNS})\b")
# The charts' hover texts are being reworded with their number formatting; they move to words.plural with it.
NOT_YET = {"sidefx/charts/bars.py", "sidefx/charts/marks.py"}


def test_plural_puts_the_noun_in_the_number_its_count_takes():
    assert words.plural(1, "case") == "1 case"
    assert words.plural(0, "case") == "0 cases"
    assert words.plural(2_946, "respondent") == "2,946 respondents"
    assert words.plural(1, "study", "studies") == "1 study" and words.plural(3, "study", "studies") == "3 studies"


def test_faers_sentences_about_one_case_say_case():
    assert faers_words.faers_badge(1, 100).endswith("only 1 case: too few to conclude")
    row = pd.Series({"inn": "sertraline", "a": 1, "value": 2.5})
    assert faers_words.faers_reading(pd.DataFrame([row])).startswith("sertraline: 1 case reported it;")


def test_no_formatted_count_is_followed_by_a_plural_noun_written_out():
    """'{n:,} cases' says '1 cases' when n is 1: every such count goes through words.plural."""
    found = []
    for path in sorted([*ROOT.glob("sidefx/**/*.py"), *ROOT.glob("views/*.py"), ROOT / "dashboard.py"]):
        rel = path.relative_to(ROOT).as_posix()
        if rel in NOT_YET:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.JoinedStr):
                parts = node.values
                for value, after in zip(parts, parts[1:]):
                    if (
                        isinstance(value, ast.FormattedValue)
                        and isinstance(after, ast.Constant)
                        and COUNT_THEN_NOUN.match(str(after.value))
                    ):
                        found.append(f"{rel}:{node.lineno}: {ast.unparse(value)}{after.value[:20]}")
    assert not found, "\n".join(found)
