"""Answers as survey tools export them, read into the dashboard's values, or refused with a reason.

Each reader takes one cell and returns ``(value, reason)``: the value, or None with the reason it
could not be read (counted by the import report, never guessed). A blank cell is None with the
reason "blank".

    duration("6 wks") -> (1, "")        duration("4yrs") -> (48, "")
    duration("12") -> (None, "a number without a unit")      duration("12", unit="months") -> (12, "")
    duration("since 2019", on=date(2026, 3, 15)) -> (80, SINCE_YEAR)   (a value read so comes with a note, counted)
    yes_no("checked") -> (True, "")     severity("2") -> ("moderate", "")
    sex("F") -> ("female", "")          age_band("37") -> ("35-44", "")
"""

from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd

from sidefx import vocab

BLANK = "blank"
MAX_MONTHS = 600  # 50 years: a longer duration is not read
AGE_RANGE = (12, 110)
SINCE_YEAR = "read as since a year, against the response date"  # the note of a duration read so
NO_RESPONSE_DATE = "since a year, with no response date to count from"
MAX_YEARS_BEFORE = 80  # 'since 1940' against a 2026 response: more likely a year of birth than of starting

_UNITS = {  # months per unit; a year is 52 weeks or 365 days, as people count them
    "day": 12 / 365,
    "week": 12 / 52,
    "month": 1.0,
    "year": 12.0,
}
_UNIT_WORDS = {
    "d": "day", "day": "day", "days": "day",
    "w": "week", "wk": "week", "wks": "week", "week": "week", "weeks": "week",
    "m": "month", "mo": "month", "mos": "month", "mth": "month", "mths": "month", "month": "month", "months": "month",
    "y": "year", "yr": "year", "yrs": "year", "year": "year", "years": "year",
}  # fmt: skip
_SINCE = re.compile(
    r"^(?:since|from) (?:(?P<name>[a-z]{3,9})\.?,? |(?P<number>\d{1,2}) ?[/.-] ?)?(?P<year>(?:19|20)\d\d)$"
)
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october"]
_MONTHS += ["november", "december"]
_NUMBER_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([a-z]+)?\.?$")
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?")  # one number and its unit, in '2 yrs 8 mths'
_JOINER = re.compile(r"^(?:\s|,|&|\band\b)*$")  # what may stand between the parts of a compound duration
_APPROXIMATELY = re.compile(
    r"^(?:about|around|approx(?:\.|imately)?|roughly|nearly|almost|circa|c\.|~|over|just over|at least)\s*"
)
_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_NUMBER_WORD = re.compile(r"\b(?:(twenty|thirty|forty|fifty)[\s-]?)?(" + "|".join(_ONES[1:]) + r")?\b")
_YES = {"yes", "y", "1", "true", "t", "checked", "x", "ticked", "selected", "on"}
_NO = {"no", "n", "0", "false", "f", "unchecked", "not selected", "off"}
_SEVERITY_WORDS = {
    "none": "none", "not at all": "none", "no": "none", "0": "none",
    "mild": "mild", "a little": "mild", "slight": "mild", "slightly": "mild", "1": "mild",
    "moderate": "moderate", "moderately": "moderate", "quite a bit": "moderate", "2": "moderate",
    "severe": "severe", "severely": "severe", "very severe": "severe", "extreme": "severe", "a lot": "severe", "3": "severe",
}  # fmt: skip
_SEX_WORDS = {
    "f": "female", "female": "female", "woman": "female", "w": "female",
    "m": "male", "male": "male", "man": "male",
    "other": "other", "non-binary": "other", "nonbinary": "other", "non binary": "other", "x": "other",
}  # fmt: skip
_NO_ANSWER = {"prefer not to say", "prefer not to answer", "rather not say", "n/a", "na", "-", "unknown", "don't know"}


def _text(cell) -> str:
    if cell is None or cell is pd.NA or (isinstance(cell, float) and math.isnan(cell)):  # pd.NA: an SPSS file's blank
        return ""
    return re.sub(r"\s+", " ", str(cell)).strip().lower()


def duration(cell, unit: str | None = None, on: date | None = None) -> tuple[int | None, str]:
    """Months taken, whole (rounded down), from '6 wks', '9 mo', '4yrs', '1,5 years'; a bare number needs ``unit``.
    'since 2019', 'from March 2019', 'since 03/2019' are counted to ``on``, the row's response date (see ``_since``)."""
    since = _since_year(_text(cell))
    months, why = _since(*since, on) if since else _months(cell, unit)
    return (None, why) if months is None else (int(months + 1e-9), why)


def duration_weeks(cell, unit: str | None = None) -> tuple[float | None, str]:
    """Weeks, to one decimal, from the same wordings (how long withdrawal effects lasted: '3 weeks', '2 months')."""
    months, why = _months(cell, unit)
    return (None, why) if months is None else (round(months * 52 / 12, 1), "")


def _months(cell, unit: str | None) -> tuple[float | None, str]:
    text = _text(cell)
    if not text:
        return None, BLANK
    if re.fullmatch(r"(since|from|in)?\s*(19|20)\d\d", text):
        return None, "a year, not a duration"
    if re.match(r"-\s*\d", text):
        return None, "a negative duration"
    text = _digits(_APPROXIMATELY.sub("", text.replace("+", "").strip()))
    m = _NUMBER_UNIT.match(text)
    if not m:
        return _compound(text)
    number = float(m.group(1).replace(",", "."))
    word = m.group(2) or (unit or "").lower()
    if not word:
        return None, "a number without a unit"
    if word not in _UNIT_WORDS and word.rstrip("s") not in _UNIT_WORDS:
        return None, f"an unknown unit '{m.group(2)}'"
    months = number * _UNITS[_UNIT_WORDS.get(word) or _UNIT_WORDS[word.rstrip("s")]]
    if months > MAX_MONTHS:
        return None, "more than 50 years"
    return months, ""


def _since_year(text: str) -> tuple[int, int | None] | None:
    """The year of 'since 2019' or 'from 2019', and the month of 'since March 2019' or 'since 03/2019' (else None)."""
    m = _SINCE.match(text)
    if not m:
        return None
    name, number = m.group("name"), m.group("number")
    months = [i + 1 for i, full in enumerate(_MONTHS) if name and full.startswith(name)]
    if (number and not 1 <= int(number) <= 12) or (name and not months):
        return None
    return int(m.group("year")), int(number) if number else (months[0] if months else None)


def _since(year: int, month: int | None, on: date | None) -> tuple[float | None, str]:
    """From the middle of the year (1 July) or of the month (the 15th), the estimate of an unknown day within it, to
    ``on``; in the response date's own year or month, from halfway between its first day and the response date.
    In days, 12/365 of a month each, as the other durations count them."""
    if on is None:
        return None, NO_RESPONSE_DATE
    first = date(year, month or 1, 1)
    if first > on:
        return None, f"a {'month' if month else 'year'} after the response date"
    if on.year - year > MAX_YEARS_BEFORE:
        return None, f"a year more than {MAX_YEARS_BEFORE} years before the response date"
    middle = date(year, month, 15) if month else date(year, 7, 1)
    days = (on - middle).days if middle <= on else (on - first).days / 2  # else: the response date's year or month
    months = days * _UNITS["day"]
    return (None, "more than 50 years") if months > MAX_MONTHS else (months, SINCE_YEAR)


def _digits(text: str) -> str:
    """Number words as digits ('two years' -> '2 years', 'twenty-five months' -> '25 months', 'a year' -> '1 year')."""

    def number(m: re.Match) -> str:
        tens, ones = m.group(1), m.group(2)
        if not (tens or ones):
            return m.group(0)
        return str(_TENS.get(tens, 0) + (_ONES.index(ones) if ones else 0))

    words = text.split()
    if len(words) == 2 and words[0] in ("a", "an") and words[1].rstrip(".") in _UNIT_WORDS:  # 'a year': one of it
        text = f"1 {words[1]}"
    return _NUMBER_WORD.sub(number, text)


def _compound(text: str) -> tuple[float | None, str]:
    """'2 yrs 8 mths', '3 years and 5 months', '1 year, 6 months': the parts added; anything else refused."""
    parts = list(_PART.finditer(text))
    gaps = [text[a.end() : b.start()] for a, b in zip([None, *parts], [*parts, None]) if a and b]
    whole = parts and not text[: parts[0].start()].strip() and not text[parts[-1].end() :].strip()
    if len(parts) < 2 or not whole or not all(_JOINER.match(gap) for gap in gaps):
        return None, "not a number of days, weeks, months or years"
    total = 0.0
    for part in parts:
        months, why = _months(part.group(0), None)
        if months is None:
            return None, why
        total += months
    return (None, "more than 50 years") if total > MAX_MONTHS else (total, "")


def yes_no(cell, blank_means_no: bool = False) -> tuple[bool | None, str]:
    """Yes/No/Y/N/1/0/TRUE/checked; a blank is 'no' only for checkbox questions (``blank_means_no``)."""
    text = _text(cell)
    if not text:
        return (False, "") if blank_means_no else (None, BLANK)
    if text in _YES:
        return True, ""
    if text in _NO:
        return False, ""
    if text in _NO_ANSWER:
        return None, "no answer given"
    return None, "not a yes or a no"


def severity(cell) -> tuple[str | None, str]:
    """none/mild/moderate/severe, in words or as 0-3."""
    text = _text(cell)
    if not text:
        return None, BLANK
    value = _SEVERITY_WORDS.get(text.removesuffix(".0"))
    if value is None:
        return None, "not a severity (none, mild, moderate, severe or 0-3)"
    assert value in vocab.SEVERITIES
    return value, ""


def sex(cell) -> tuple[str | None, str]:
    text = _text(cell)
    if not text:
        return None, BLANK
    if text in _NO_ANSWER:
        return None, "no answer given"
    value = _SEX_WORDS.get(text)
    return (value, "") if value else (None, "not a sex the survey tables know (female, male, other)")


def age_band(cell) -> tuple[str | None, str]:
    """An age in years ('37', '37.0') or a band ('35-44', '35 to 44', '65+') into the survey's bands."""
    text = _text(cell)
    if not text:
        return None, BLANK
    bands = [(int(b[:2]), int(b[3:]) if "-" in b else AGE_RANGE[1], b) for b in vocab.AGE_BANDS]
    if re.fullmatch(r"\d+(\.0)?", text):
        age = int(float(text))
        if not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
            return None, f"an age outside {AGE_RANGE[0]}-{AGE_RANGE[1]}"
        if age < bands[0][0]:
            return None, f"younger than {bands[0][0]}"
        return next(b for lo, hi, b in bands if lo <= age <= hi), ""
    m = re.fullmatch(r"(\d+)\s*(?:-|–|to)\s*(\d+)|(\d+)\s*\+|(\d+) and over", text)
    if m:
        lo = int(m.group(1) or m.group(3) or m.group(4))
        hi = int(m.group(2)) if m.group(2) else AGE_RANGE[1]
        found = [b for blo, bhi, b in bands if blo == lo and bhi == hi]
        if found:
            return found[0], ""
        return None, "an age band that does not match the survey's bands"
    return None, "not an age or an age band"


# A column per choice of a select-all question: what a ticked cell holds besides the choice's own text, and what an
# unticked one holds besides a blank.
TICKED = {"1", "y", "yes", "checked", "x", "true", "ticked", "selected", "on", "1.0"}
NOT_TICKED = {"0", "unchecked", "not selected", "false", "off", "0.0", "n", "no"}


def ticked(cell) -> bool:
    """A select-all choice's own column: ticked when it holds 1, Y, Checked or any text (the choice's); not when it is
    blank, 0, Unchecked or N."""
    text = _text(cell)
    return bool(text) and text not in NOT_TICKED


def choices_in(cell, choices: list[str], separator: str = ",") -> tuple[set[str], list[str]]:
    """The choices a one-cell answer holds (their texts matched whole, longest first, so a choice may hold the
    separator itself: 'Sexual problems (e.g., low libido)'), and the pieces that are none of them."""
    text = "" if not _text(cell) else re.sub(r"\s+", " ", str(cell)).strip()  # as written; matched without case
    found, unknown = set(), []
    known = sorted(((_text(c), c) for c in choices), key=lambda pair: -len(pair[0]))
    sep = separator.strip() or ","
    while text:
        low = text.lower()
        match = next((c for k, c in known if k and low.startswith(k) and _ends(low[len(k) :], sep)), None)
        if match is not None:
            found.add(match)
            text = text[len(_text(match)) :]
        else:
            piece, _, _ = text.partition(sep)
            unknown.append(piece.strip())
            text = text[len(piece) :]
        text = text.removeprefix(sep).strip()
    return found, [u for u in unknown if u]


def _ends(rest: str, sep: str) -> bool:
    return not rest.strip() or rest.lstrip().startswith(sep)
