"""CSV files the dashboard writes are safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as
a formula by Excel, LibreOffice or Google Sheets (CSV injection); such a cell gets a leading
apostrophe, which spreadsheets show as text. Numbers are never changed.
"""

from __future__ import annotations

import re

import pandas as pd

_RISKY = re.compile(r"^[=+\-@\t\r]")


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(lambda v: "'" + v if isinstance(v, str) and _RISKY.match(v) else v)
