"""Read one survey export as people have it: CSV (any of `,` `;` tab; UTF-8, UTF-8 with BOM or
latin-1/cp1252; decimal commas; quoted multi-line cells), XLSX (the one sheet that looks like
responses, or the one named), Parquet, or SPSS/Stata (``sidefx.importer.statfiles``). One row per respondent, one column per question.

``read(path, rows=n)`` reads only the first rows where the reader can stop early (pandas' nrows for CSV,
calamine's for a workbook, pyreadstat's row_limit): the mapping step's guesses need a few thousand rows, not all.

Every cell of a CSV or workbook is kept as text: reading the answers is the mapping's job
(``sidefx.importer.answers``), so a leading zero or a "1,5" is never changed on the way in. A file that
cannot be read raises ``FileRefused`` with the reason in words, never a parser's traceback.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sidefx.importer import statfiles, tools

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")  # utf-8-sig reads plain UTF-8 too; latin-1 reads any bytes
DELIMITERS = ",;\t"
EXTRA_HEADER_ROWS = 2  # header rows a tool writes under the first (Qualtrics' question text and ImportIds)


class FileRefused(Exception):
    """The file cannot be read as a survey export; ``str(exc)`` says why and what to do.

    ``sheets``: for a workbook whose sheet of responses cannot be told, the sheets to choose from.
    """

    def __init__(self, message: str, sheets: tuple[str, ...] = ()):
        super().__init__(message)
        self.sheets = sheets


@dataclass(frozen=True)
class SurveyFile:
    frame: pd.DataFrame
    notes: tuple[str, ...]  # how it was read: encoding, delimiter, sheet
    name: str = ""  # the file's name
    layout: tools.Layout | None = None  # the tool that wrote it, and its header rows as read
    not_responses: pd.Series = field(default_factory=lambda: pd.Series(dtype="object"))  # why a row is no response
    sampled: int = 0  # the file has more rows than these, the first read (read(..., rows=n)); 0: every row was read

    def responses(self, keep: bool = False) -> tuple[pd.DataFrame, Counter]:
        """The rows to import (without those that are not responses, unless ``keep``), and the rows left out by reason."""
        why = self.not_responses.reindex(self.frame.index, fill_value="")
        if keep:
            return self.frame, Counter()
        return self.frame[why == ""].reset_index(drop=True), Counter(why[why != ""])


def read(path: Path, sheet: str | None = None, rows: int | None = None) -> SurveyFile:
    """The export as read: every row, or with ``rows`` only the first (see the module's docstring)."""
    path = Path(path)
    if not path.is_file():
        raise FileRefused(f"{path.name}: no such file")
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if not data.strip():
        raise FileRefused(f"{path.name} is empty")
    if suffix in (".xlsx", ".xlsm"):
        return _workbook(path, data, sheet, rows)
    if suffix == ".parquet":
        try:
            frame = pd.read_parquet(io.BytesIO(data))
        except Exception:  # pyarrow raises several kinds for a file that is not Parquet
            raise FileRefused(f"{path.name} is not a Parquet file, or it is damaged: export the survey again") from None
        return _checked(path, frame, ("Parquet",), rows)  # columnar: read whole, fast
    if suffix in (".csv", ".tsv", ".txt"):
        return _csv(path, data, rows)
    if suffix in statfiles.SUFFIXES:
        return _statistics_file(path, rows)
    raise FileRefused(
        f"{path.name}: use a .csv, .xlsx, .parquet, SPSS .sav or Stata .dta file (a survey tool's export)"
    )


def _statistics_file(path: Path, rows: int | None = None) -> SurveyFile:
    """An SPSS or Stata file: value labels applied, variable labels as the questions (see sidefx.importer.statfiles).
    A tool's own export (Qualtrics, REDCap, LimeSurvey) keeps its variable names: its rows that are not responses
    are found by them, as in its CSV."""
    try:
        frame, variables, labels, sets = statfiles.read(path, rows + 1 if rows else None)
    except statfiles.Unreadable as exc:
        raise FileRefused(f"{exc}: export the survey again, or as CSV") from None
    keep = frame.notna().any(axis=1)
    if frame.shape[1] == 0 or not keep.any():
        raise FileRefused(f"{path.name} has no rows of answers")
    frame = frame[keep].reset_index(drop=True)
    sampled = rows if rows and len(frame) > rows else 0
    frame = frame.head(rows) if sampled else frame
    kind, tool = statfiles.SUFFIXES[path.suffix.lower()], statfiles.origin(variables)
    rows = ((variables, labels), ("variable names", "variable labels"))
    layout = tools.Layout(f"{tool} {kind}" if tool else kind, *rows, tuple(frame.columns))
    by_name = tools.Layout(tool or kind, *rows, variables)
    why = tools.not_responses(by_name, frame.set_axis(list(variables), axis=1))
    sets_said = f", {sets} multiple-response set{'s' if sets != 1 else ''}" if sets else ""
    notes = (f"{kind} file, value labels applied, variable labels as the questions{sets_said}",)
    return SurveyFile(frame, notes, path.name, layout, why, sampled)


def _head(rows: int | None) -> int | None:
    """The rows to ask a reader for: the first ``rows`` of answers, under any header rows, and one more (to tell
    whether the file goes on)."""
    return rows + EXTRA_HEADER_ROWS + 1 if rows else None


def _csv(path: Path, data: bytes, rows: int | None = None) -> SurveyFile:
    if b"\x00" in data[:4096]:
        raise FileRefused(f"{path.name} is not a text file: export the survey as CSV (or XLSX)")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        delimiter = csv.Sniffer().sniff(text[:20000], delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = max(DELIMITERS, key=lambda d: text.split("\n", 1)[0].count(d))
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_values=[""], nrows=_head(rows)
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise FileRefused(f"{path.name} could not be read as CSV: {str(exc).splitlines()[0]}") from None
    name = {"\t": "tab", ",": "comma", ";": "semicolon"}[delimiter]
    return _checked(path, frame, (f"CSV, {encoding.replace('-sig', '')}, {name}-separated",), rows)


def _workbook(path: Path, data: bytes, sheet: str | None, rows: int | None = None) -> SurveyFile:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRefused(f"{path.name} is not an Excel workbook (.xlsx files are zip archives; this one is not)")
    try:
        # calamine (a Rust reader) reads a sheet of a million rows in seconds, where openpyxl takes minutes
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, engine="calamine", nrows=_head(rows))
    except Exception:  # the reader raises many kinds for a damaged workbook
        raise FileRefused(
            f"{path.name} could not be read as a workbook: it may be damaged, or protected by a password "
            "(save it again from Excel, or export the survey as CSV)"
        ) from None
    if sheet is not None:
        if sheet not in sheets:
            raise FileRefused(f"{path.name} has no sheet '{sheet}'; its sheets: {', '.join(sheets)}")
        return _checked(path, sheets[sheet], (f"XLSX, sheet '{sheet}'",), rows)
    likely = [name for name, frame in sheets.items() if _looks_like_responses(frame)]
    if len(likely) == 1:
        return _checked(
            path, sheets[likely[0]], (f"XLSX, sheet '{likely[0]}' (the one that looks like responses)",), rows
        )
    choices = ", ".join(f"'{n}'" for n in (likely or sheets))
    raise FileRefused(
        f"{path.name} has {'several sheets that look like responses' if likely else 'no sheet that looks like responses'}: choose one with --sheet ({choices})",
        tuple(likely or sheets),
    )


def _looks_like_responses(frame: pd.DataFrame) -> bool:
    """A table of answers: at least 3 columns and 2 rows with something in most cells (a readme sheet is one column of text)."""
    if frame.shape[1] < 3 or frame.shape[0] < 2:
        return False
    return frame.notna().mean().mean() > 0.3


def _checked(path: Path, frame: pd.DataFrame, notes: tuple[str, ...], rows: int | None = None) -> SurveyFile:
    if frame.shape[1] == 0:
        raise FileRefused(f"{path.name} has no columns")
    layout, frame = tools.read_layout(frame)
    frame = frame.dropna(how="all").reset_index(drop=True)
    if frame.empty:
        raise FileRefused(f"{path.name} has a header but no rows of answers")
    sampled = rows if rows and len(frame) > rows else 0
    frame = frame.head(rows) if sampled else frame
    return SurveyFile(frame, notes, path.name, layout, tools.not_responses(layout, frame), sampled)
