"""The date each row was answered, from the survey tool's own columns (left out of the mapping as no questions).

In order, the first that holds a date on the row: Qualtrics' RecordedDate, else EndDate, else StartDate (with its
ResponseId); SurveyMonkey's End Date, else Start Date (with its Respondent ID); Google Forms' Timestamp and REDCap's
``*_timestamp``; LimeSurvey's submitdate, else datestamp, else startdate. A plain table's "Start date" is not taken:
it may be when the drug was started. Only the day is read (``2026-03-15 10:00:00``, ``2026/03/15 9:10:00 AM GMT``,
``3/15/2026 10:00:11 AM``); a column with a day above 12 first (``15/03/2026``) is read day first throughout.
"""

from __future__ import annotations

import re

import pandas as pd

ORDER = [  # (the column, a column that says the tool wrote the export, or None when the name is the tool's alone)
    ("RecordedDate", None),
    ("EndDate", "ResponseId"),
    ("StartDate", "ResponseId"),
    ("End Date", "Respondent ID"),
    ("Start Date", "Respondent ID"),
    (re.compile(r"(^|[_ ])timestamp$", re.IGNORECASE), None),  # Google Forms' Timestamp, REDCap's form_timestamp
    ("submitdate", None),
    ("datestamp", None),
    ("startdate", "submitdate"),
]
_YEAR_FIRST = r"^\s*(?P<y>\d{4})[-/.](?P<a>\d{1,2})[-/.](?P<b>\d{1,2})\b"
_YEAR_LAST = r"^\s*(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4})\b"


def columns(names) -> list[str]:
    """The export's response-date columns, in the order they are tried."""
    names = [str(n) for n in names]
    found = []
    for column, marker in ORDER:
        if marker is not None and marker not in names:
            continue
        found += [n for n in names if (column.search(n) if isinstance(column, re.Pattern) else n == column)]
    return list(dict.fromkeys(found))


def of_rows(rows: pd.DataFrame, skip=()) -> pd.Series:
    """Each row's response date (a ``datetime.date``, or None), from the first of its tool's date columns that holds
    one; ``skip``: columns the mapping reads as questions, never taken."""
    dates = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    for column in (c for c in columns(rows.columns) if c not in set(skip)):
        dates = dates.fillna(_days(rows[column]))
    return pd.Series([d.date() if pd.notna(d) else None for d in dates], index=rows.index, dtype="object")


def _days(cells: pd.Series) -> pd.Series:
    text = cells.where(cells.notna(), "").astype(str)
    first = text.str.extract(_YEAR_FIRST)
    last = text.str.extract(_YEAR_LAST)
    day_first = (pd.to_numeric(last.a, errors="coerce") > 12).any()
    year = first.y.fillna(last.y)
    month = first.a.fillna(last.b if day_first else last.a)
    day = first.b.fillna(last.a if day_first else last.b)
    parts = pd.DataFrame({"year": year, "month": month, "day": day}).apply(pd.to_numeric, errors="coerce")
    return pd.to_datetime(parts, errors="coerce")
