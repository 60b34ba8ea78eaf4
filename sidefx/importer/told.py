"""What a column's answers say it is, whatever its header: drug names, durations, ages, sexes, or yes/no answers;
and, when it is no question at all, what they show it to be (dates, e-mail or IP addresses, free text, an id).

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


ID_KIND = "a short code unique to each row"
_DATE = (
    r"\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(,? \d{1,2}:\d{2}(:\d{2})?( ?[ap]m)?)?|\d{1,2}:\d{2}(:\d{2})?( ?[ap]m)?"
)
_KINDS = {  # what answers look like, and the share of answers that must look so
    "dates or times": (_DATE, 0.9),
    "e-mail addresses": (r"[^@\s]+@[^@\s]+\.[a-z]{2,}", 0.8),
    "IP addresses": (r"\d{1,3}(\.\d{1,3}){3}|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}", 0.9),
}
_TOKEN = r"[a-z0-9][a-z0-9_.@+-]{0,39}"  # one word of letters and digits, as ids are written


def answers_kind(values: pd.Series, sample: int = 1000) -> str:
    """What a column's answers show it to be when it is no question: dates or times, e-mail addresses, IP addresses,
    free text, or a short code unique to each row (an id); "" when they could be answers to a question."""
    some = values.head(4 * sample).dropna().astype("str").str.strip()  # the first answers tell: fast on any size
    some = some[some != ""].head(sample)
    if some.empty:
        return ""
    for kind, (pattern, share) in _KINDS.items():
        if some.str.fullmatch(pattern, flags=re.IGNORECASE).mean() >= share:
            return kind
    if some.str.len().median() >= 40 and some.str.split().str.len().median() >= 6:
        return "free text"
    words = some.str.fullmatch(_TOKEN, flags=re.IGNORECASE).all() and some.str.contains(r"\d").mean() >= 0.5
    numbers = some.str.fullmatch(r"[\d.,]+").all()  # plain numbers alone could be ages or weights
    amounts = some.str.fullmatch(r"\d+([.,]\d+)?[a-z]{1,6}\.?", flags=re.IGNORECASE).mean()  # '6wks', '18mo', '50mg'
    if len(some) >= 3 and words and not numbers and amounts < 0.5:
        answers = values.dropna().astype("str").str.strip()
        return ID_KIND if answers[answers != ""].is_unique else ""
    return ""
