"""The builder registry: every chart kind's builder, registered where it is written, so a new builder is one
decorated function in its family's module (``@builder``, or ``@builder(narrow=True)``)."""

from __future__ import annotations

from collections.abc import Callable

BUILDERS: dict[str, Callable] = {}  # a record's kind -> the function that draws its marks for a style
NARROW_KINDS: set[str] = set()  # builders with a layout of their own for narrow figures (phones, a journal column)


def builder(fn: Callable | None = None, *, narrow: bool = False):
    """Register ``fn`` as the builder of the kind named after it; ``narrow``: it lays itself out for narrow figures."""

    def register(f: Callable) -> Callable:
        if f.__name__ in BUILDERS:
            raise ValueError(f"Two chart builders are named {f.__name__!r}: a record's kind must name one.")
        BUILDERS[f.__name__] = f
        if narrow:
            NARROW_KINDS.add(f.__name__)
        return f

    return register(fn) if fn is not None else register
