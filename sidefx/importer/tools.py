"""Which survey tool wrote an export, how many header rows it has, and which of its rows are not responses.

Qualtrics writes 3 header rows (question IDs ``Q1``, ``Q6_1``; the question text; an ImportId row such as
``{"ImportId":"QID1"}``), or 2 (no ImportId row); its question columns are named by the question text, its own
columns (StartDate, ResponseId, ...) keep their ID. SurveyMonkey's expanded export writes 2 (the question text over
the first column of each question, then ``Response``, ``Open-Ended Response`` or an option's text): an option's
column is named ``"<question text> - <option text>"``, a question's single column by its text. REDCap, LimeSurvey
and Google Forms write one header row; anything else is a plain table. Google Forms writes no response id: each
row gets its row number in the file as one.

Rows that are not responses (Qualtrics previews, tests and unfinished responses, REDCap records marked
Incomplete, LimeSurvey responses never submitted, SurveyMonkey responses that answered nothing) are told by
``not_responses``: the import leaves them out, each reason counted, unless asked to keep them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from sidefx.importer.mapping import ROLES

PLAIN = "a plain table"
QUALTRICS_OWN = (
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
    "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference",
    "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
)  # fmt: skip
MONKEY_OWN = ("Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name")
MONKEY_OWN_ALSO = r"^(last name|custom data ?\d*)$"
LIME_OWN = ("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp")
MONKEY_SINGLE = {"response", "open-ended response"}  # a question's one column: named by the question alone
ROW_NUMBER = "Respondent number (row in the file)"  # the id given to each row of an export that has none
IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')
REDCAP_STATUS = re.compile(r"^Complete\?(\.\d+)?$")  # a form's status (its *_complete) in REDCap's labels export
BLANK_HEADER = re.compile(r"^Unnamed: \d+(\.\d+)?$")  # how pandas names a column whose header cell is blank


@dataclass(frozen=True)
class Layout:
    tool: str  # "Qualtrics", "SurveyMonkey", "REDCap", "LimeSurvey", "Google Forms" or PLAIN
    rows: tuple[tuple[str, ...], ...]  # the header rows as read, one per row of the file ("" for a blank cell)
    kinds: tuple[str, ...]  # what each header row holds
    names: tuple[str, ...]  # the header made of them: one name per column

    def describe(self) -> str:
        rows = "1 header row" if len(self.rows) == 1 else f"{len(self.rows)} header rows ({', '.join(self.kinds)})"
        what = PLAIN if self.tool == PLAIN else f"a {self.tool} export"
        return f"read as {what}: {rows}"


def read_layout(frame: pd.DataFrame) -> tuple[Layout, pd.DataFrame]:
    """The tool and its header rows, and the rows of answers under the one header made of them.

    ``frame`` is the file read with its first row as the header, every cell as text.
    """
    first = [_cell(c) for c in frame.columns]
    tool = _tool(first, frame)
    extra, kinds, names = 0, ("column names",), [str(c).strip() for c in frame.columns]  # a plain header as written
    if tool == "Qualtrics":
        extra, kinds, names = _qualtrics(first, frame, names)
    elif tool == "SurveyMonkey" and _monkey_has_option_row(first, frame):
        extra, kinds, names = 1, ("question text", "response or option text"), _monkey_names(first, frame)
    rows = (tuple(first), *(tuple(_cell(v) for v in frame.iloc[i]) for i in range(extra)))
    body = frame.reset_index(drop=True).iloc[extra:].copy()
    body.columns = _unique(names, first)
    body = body[body.notna().any(axis=1)]  # a row of blank cells is no row (its number is still the file's)
    if tool == "Google Forms" and not any(re.search(p, c.lower()) for c in body.columns for p in ROLES["id"]):
        body.insert(0, ROW_NUMBER, [str(i + 2) for i in body.index])  # as a spreadsheet numbers rows
    return Layout(tool, rows, kinds, tuple(body.columns)), body


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    return "" if BLANK_HEADER.fullmatch(text) else " ".join(text.split())


def _tool(first: list[str], frame: pd.DataFrame) -> str:
    names = set(first)
    second = [_cell(v) for v in frame.iloc[1]] if len(frame) > 1 else []
    if len(names & set(QUALTRICS_OWN)) >= 3 or sum(bool(IMPORT_ID.match(v)) for v in second) > len(first) / 2:
        return "Qualtrics"
    if {"Respondent ID", "Collector ID"} <= names:
        return "SurveyMonkey"
    if (first and first[0] == "record_id") or any(n.startswith("redcap_") for n in names):
        return "REDCap"
    if first and first[0] == "Record ID" and any(REDCAP_STATUS.match(n) for n in names):  # the labels export
        return "REDCap"
    if len(names & set(LIME_OWN)) >= 4:
        return "LimeSurvey"
    if first and first[0] == "Timestamp":
        return "Google Forms"
    return PLAIN


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _qualtrics(first: list[str], frame: pd.DataFrame, written: list[str]) -> tuple[int, tuple[str, ...], list[str]]:
    """Qualtrics' header rows: the question text (when the second row holds it) names each question's column."""
    rows = [[_cell(v) for v in frame.iloc[i]] for i in range(min(2, len(frame)))]
    has_import_ids = len(rows) > 1 and sum(bool(IMPORT_ID.match(v)) for v in rows[1]) > len(first) / 2
    own = [(c, t) for c, t in zip(first, rows[0] if rows else []) if c in QUALTRICS_OWN]
    has_text = has_import_ids or sum(_squash(c) == _squash(t) for c, t in own) >= 2  # 'StartDate' over 'Start Date'
    if not has_text:
        return 0, ("question IDs",), written
    names = [w if c in QUALTRICS_OWN or not t else t for c, w, t in zip(first, written, rows[0])]
    if has_import_ids:
        return 2, ("question IDs", "question text", "ImportIds"), names
    return 1, ("question IDs", "question text"), names


def _monkey_has_option_row(first: list[str], frame: pd.DataFrame) -> bool:
    """SurveyMonkey's expanded export: a second header row, blank under its own columns, 'Response' under questions."""
    if frame.empty:
        return False
    row = dict(zip(first, (_cell(v) for v in frame.iloc[0])))
    return not row.get("Respondent ID") and any(v and not _monkey_own(c) for c, v in row.items())


def _monkey_own(column: str) -> bool:
    return column in MONKEY_OWN or bool(re.match(MONKEY_OWN_ALSO, column.lower()))


def _monkey_names(first: list[str], frame: pd.DataFrame) -> list[str]:
    names, question = [], ""
    for header, sub in zip(first, (_cell(v) for v in frame.iloc[0])):
        question = header or question  # the question's text stands over its first column only
        names.append(question if not sub or sub.lower() in MONKEY_SINGLE or not question else f"{question} - {sub}")
    return names


def _unique(names: list[str], ids: list[str]) -> list[str]:
    """Each name once: a repeated one gets its ID (or its position) in parentheses."""
    seen: dict[str, int] = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    out = []
    for i, (n, id_) in enumerate(zip(names, ids)):
        n = n or f"column {i + 1}"
        if seen.get(n, 0) > 1 or n in out:
            n = f"{n} ({id_ if id_ and id_ != n else f'column {i + 1}'})"
        out.append(n)
    return out


def not_responses(layout: Layout, body: pd.DataFrame) -> pd.Series:
    """For each row of answers, why it is not a response ("" for a response)."""
    why = pd.Series("", index=body.index, dtype="object")
    text = body.fillna("").astype(str).apply(lambda col: col.str.strip())

    def mark(rows: pd.Series, reason: str) -> None:
        why[(why == "") & rows] = reason

    if layout.tool == "Qualtrics" and "Status" in text:
        status = text.Status.str.lower()
        mark(status.isin(["survey preview", "1"]), "a survey preview, not a respondent (Status 'Survey Preview' or 1)")
        mark(status.isin(["survey test", "2"]), "a survey test, not a respondent (Status 'Survey Test' or 2)")
    if layout.tool == "Qualtrics" and "Finished" in text:
        mark(text.Finished.str.lower().isin(["false", "0"]), "unfinished (Finished False or 0)")
    if layout.tool == "REDCap":
        for col in [c for c in text if c.endswith("_complete") or REDCAP_STATUS.match(c)]:
            mark(text[col].str.lower().isin(["0", "incomplete"]), f"a REDCap record marked Incomplete ({col})")
    if layout.tool == "LimeSurvey" and "submitdate" in text:
        mark(text.submitdate == "", "never submitted (submitdate is empty)")
    if layout.tool == "SurveyMonkey" and (answers := [c for c in text if not _monkey_own(c)]):
        mark((text[answers] == "").all(axis=1), "answered no question")
    return why
