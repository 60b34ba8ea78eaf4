"""What a column's answers say it is, whatever its header: drug names, durations, ages, sexes, or yes/no answers.

The mapping guesses a column from its header first (``sidefx.importer.mapping``). Headers mislead: "Which
antidepressant are you taking?" and "Which side effects have you had while taking this antidepressant?" both name
the drug; "What is your age in years?" can look like a side effect's words. The answers settle it: a column whose
answers are drug names is the drug, not a side effect; one of '6 months' and '2 yrs' is how long; whole numbers
from 16 to 99 are ages; Female/Male/F/M is sex. A kind is told only when most distinct answers show it
(``SHARE``); otherwise the answers say nothing and the header's guess stands, unsure if it was unsure.
"""

from __future__ import annotations

import re

import pandas as pd

from sidefx import drugnames
from sidefx.importer import answers

SHARE = 0.8  # the least share of a column's distinct answers that must show a kind
SAMPLE = 300  # distinct answers looked at: enough to tell, fast on any size
YES_NO = "yes_no"  # not a role: answers to a yes/no question (a side effect's, stopping's ...)


def _share(values: list[str], test) -> float:
    return sum(1 for v in values if test(v)) / len(values)


def _is_age(v: str) -> bool:
    return bool(re.fullmatch(r"\d{2}(\.0)?", v)) and 16 <= int(float(v)) <= 99


def _is_duration(v: str) -> bool:
    return bool(re.search(r"[a-z]", v, re.I)) and answers.duration(v)[0] is not None


KINDS = (  # (what the answers show, the test one answer passes); the first kind most answers pass is told
    ("sex", lambda v: answers.sex(v)[0] is not None),
    (YES_NO, lambda v: answers.yes_no(v)[0] is not None),
    ("drug", lambda v: drugnames.resolve(v) is not None or drugnames.nearest(v) is not None),
    ("duration", _is_duration),
    ("age", _is_age),
)


def kind(values: pd.Series | None) -> str:
    """What the column's answers show it to be (a role, or YES_NO), or "" when they do not say."""
    if values is None:
        return ""
    distinct = values.dropna().astype("str").str.strip()
    distinct = [v for v in distinct[distinct != ""].drop_duplicates().head(SAMPLE)]
    if len(distinct) < 2:  # one distinct answer tells nothing
        return ""
    for name, test in KINDS:
        if name == "age" and len(distinct) < 3:
            continue
        if _share(distinct, test) >= SHARE:
            return name
    return ""
