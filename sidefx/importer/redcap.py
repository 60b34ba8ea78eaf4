"""A REDCap raw export read with its data dictionary (``--dictionary``): the codes become the answers people gave.

REDCap's raw export names each column by its variable and holds codes: a radio button's or dropdown's choice
number (1, 2, 3), a yes/no as 1/0, and a checkbox field as one column per choice, ``<field>___<code>``, holding
1 where ticked and 0 where not. Its data dictionary (the CSV REDCap writes beside it: "Variable / Field Name",
"Field Type", "Field Label", "Choices, Calculations, OR Slider Labels" ...) says what each code means. With it:

- a field's column is named by its label (the question's text, without REDCap's HTML), unless two share one;
- radio, dropdown, yes/no and true/false codes become their labels ('1, Female | 2, Male' gives 1 = Female);
- a checkbox field becomes one column per choice named '<the field's label> - <the choice>' holding the choice
  where ticked and blank where not, as SurveyMonkey writes a select-all question;
- REDCap's own columns (record_id, redcap_*, *_timestamp, *_complete) keep their names, so its incomplete records
  are still left out by ``*_complete``.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from sidefx.importer import reading, tools

COLUMNS = {  # the dictionary's columns, as REDCap writes them
    "name": "Variable / Field Name",
    "type": "Field Type",
    "label": "Field Label",
    "choices": "Choices, Calculations, OR Slider Labels",
}
CODED = {"yesno": {"1": "Yes", "0": "No"}, "truefalse": {"1": "True", "0": "False"}}


def read_dictionary(path: Path) -> pd.DataFrame:
    """The data dictionary's fields (name, type, label, choices); FileRefused, in words, if it is not one."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        raise reading.FileRefused(f"{Path(path).name} could not be read as a REDCap data dictionary (CSV)") from None
    missing = [c for c in COLUMNS.values() if c not in table.columns]
    if missing:
        raise reading.FileRefused(
            f"{Path(path).name} is not a REDCap data dictionary: it has no column{'s' if len(missing) > 1 else ''} "
            + ", ".join(f"'{c}'" for c in missing)
            + " (download it from REDCap's Data Dictionary page, as CSV)"
        )
    return table.rename(columns={v: k for k, v in COLUMNS.items()})[list(COLUMNS)]


def choices(text: str) -> dict[str, str]:
    """'1, Female | 2, Male' as {'1': 'Female', '2': 'Male'} (a label may itself hold commas)."""
    out = {}
    for part in str(text).split("|"):
        code, sep, label = part.strip().partition(",")
        if sep:
            out[code.strip()] = _plain(label)
    return out


def apply(survey: reading.SurveyFile, dictionary: Path) -> reading.SurveyFile:
    """The export with its codes read through the dictionary (see the module's docstring)."""
    fields = read_dictionary(dictionary).set_index("name")
    frame, names, labels = survey.frame, [], []
    columns: dict[str, pd.Series] = {}
    for column in frame.columns:
        field, code = _field_of(column, fields)
        names.append(column)
        if field is None:
            columns[column] = frame[column]
            labels.append("")
            continue
        info = fields.loc[field]
        question = _plain(info.label) or field
        if code is not None:  # one choice of a checkbox field
            option = choices(info.choices).get(code, code)
            ticked = frame[column].fillna("").astype(str).str.strip() == "1"
            columns[f"{question} - {option}"] = pd.Series(option, index=frame.index).where(ticked, pd.NA)
        else:
            codes = CODED.get(info.type) or (choices(info.choices) if info.type in ("radio", "dropdown") else {})
            columns[question] = frame[column].map(lambda v, c=codes: c.get(str(v).strip(), v) if pd.notna(v) else v)
        labels.append(question)
    out = pd.DataFrame(columns)
    out.columns = _unique(list(out.columns), names)
    layout = tools.Layout("REDCap", (tuple(names), tuple(labels)), ("variable names", "field labels"), tuple(out))
    notes = (*survey.notes, f"codes read through the data dictionary {Path(dictionary).name}")
    return replace(survey, frame=out, notes=notes, layout=layout, not_responses=tools.not_responses(layout, out))


def _field_of(column: str, fields: pd.DataFrame) -> tuple[str | None, str | None]:
    """The dictionary's field a column holds, and for a checkbox column its choice's code."""
    if re.search(r"^redcap_|_(timestamp|complete)$", column) or column == "record_id":
        return None, None  # REDCap's own columns keep their names
    if column in fields.index:
        return column, None
    field, sep, code = column.rpartition("___")
    if sep and field in fields.index and fields.loc[field].type == "checkbox":
        return field, code
    return None, None


def _plain(text: str) -> str:
    """A label without REDCap's HTML and spare spaces."""
    text = re.sub(r"<br\s*/?>|</p>", " ", html.unescape(str(text)), flags=re.I)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()


def _unique(headers: list[str], names: list[str]) -> list[str]:
    """A header two columns share is replaced by their variable names."""
    return [h if headers.count(h) == 1 else n for h, n in zip(headers, names)]
