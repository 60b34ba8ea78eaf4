"""SPSS (.sav, .zsav, .por) and Stata (.dta) survey files, read with pyreadstat, as the survey tools write them.

Every survey tool offers an SPSS export, which carries what a CSV loses: each variable's label (the question's
text), each answer's value label (1 = 'Female') and, in SPSS, the multiple-response sets that say which variables
are one select-all question. The file becomes the table the rest of the import reads:

- a column is named by its variable label (the question), or by its name where it has none or two share one;
- an answer is its value label where it has one, else its value as text (34.0 becomes '34');
- a multiple-dichotomy set ('D': one variable per option, the counted value where ticked) becomes one column per
  option named '<the set's label> - <the option>' holding the option where ticked and blank where not, as
  SurveyMonkey writes a select-all question; a multiple-category set ('C': each variable holds one chosen option)
  becomes one column named by the set's label holding the chosen options joined by '; ', as Google Forms writes one.

The header rows shown in the import's report are the variable names, then the labels.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyreadstat

from sidefx.importer import tools

SUFFIXES = {".sav": "SPSS", ".zsav": "SPSS", ".por": "SPSS", ".dta": "Stata"}
_READERS = {".sav": pyreadstat.read_sav, ".zsav": pyreadstat.read_sav, ".por": pyreadstat.read_por}
SEPARATOR = "; "  # between the options of a multiple-category set in its one column
MARK = "\x1f"  # between a set's column header and its variable's name (never in a name: Duration__in_seconds_ is one)


class Unreadable(Exception):
    """The file is not an SPSS or Stata file pyreadstat can read; ``str(exc)`` says so in words."""


def read(path: Path, rows: int | None = None) -> tuple[pd.DataFrame, tuple[str, ...], tuple[str, ...], int]:
    """The answers as text under one header, and the two header rows as read: the variable names (a set's name for
    a multiple-category set's column), and their labels; and how many multiple-response sets it had. ``rows``: read
    only the first rows (pyreadstat's row_limit), for the mapping step's guesses."""
    reader = _READERS.get(path.suffix.lower(), pyreadstat.read_dta)
    try:
        raw, meta = reader(str(path), disable_datetime_conversion=True, row_limit=rows or 0)
    except Exception as exc:  # pyreadstat raises its own errors and OSErrors for a damaged or foreign file
        kind = SUFFIXES.get(path.suffix.lower(), "SPSS or Stata")
        raise Unreadable(f"{path.name} could not be read as a {kind} file ({_first_line(exc)})") from None
    labels = {name: (meta.column_names_to_labels.get(name) or "").strip() for name in raw.columns}
    tool = origin(tuple(raw.columns))
    for name in raw.columns:  # a tool's own variables keep the names its CSV gives them: the mapping knows those
        if own := _own_name(tool, name):
            labels[name] = own
    shown = pyreadstat.set_value_labels(raw, meta, formats_as_category=False)
    sets = getattr(meta, "mr_sets", None) or {}
    first_of = {next(v for v in mr["variable_list"] if v in raw.columns): n for n, mr in sets.items()}
    in_sets = {v for mr in sets.values() for v in mr["variable_list"]}
    columns: dict[str, pd.Series] = {}
    for name in raw.columns:  # in the file's order, each set where its first variable is
        if name in first_of:
            mr = sets[first_of[name]]
            variables = [v for v in mr["variable_list"] if v in raw.columns]
            columns.update(_multiple_response(mr, variables, raw, shown, labels, first_of[name]))
        elif name not in in_sets:
            columns[name] = _as_text(shown[name])
    frame = pd.DataFrame(columns)
    variables = tuple(c.rsplit(MARK, 1)[-1] for c in frame.columns)
    frame.columns = _headers(list(frame.columns), labels)
    return frame, variables, tuple(labels.get(v, "") for v in variables), len(sets)


# The tools whose SPSS exports keep their own variable names, and so their way of marking rows that are not responses
ORIGINS = (
    ("Qualtrics", lambda names: {"ResponseId", "Finished"} <= set(names)),
    ("REDCap", lambda names: "record_id" in names and any(n.endswith("_complete") for n in names)),
    ("LimeSurvey", lambda names: {"id", "submitdate"} <= set(names)),
)


def origin(variables: tuple[str, ...]) -> str | None:
    """The survey tool that wrote the file, where its variable names say so."""
    return next((tool for tool, test in ORIGINS if test(variables)), None)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


_OWN = {  # a tool's own variables (SPSS names have no spaces or brackets) -> the name its CSV gives them
    "Qualtrics": {_squash(n): n for n in tools.QUALTRICS_OWN},
    "LimeSurvey": {_squash(n): n for n in tools.LIME_OWN},
}


def _own_name(tool: str | None, variable: str) -> str | None:
    if tool == "REDCap" and (variable == "record_id" or re.search(r"^redcap_|_(timestamp|complete)$", variable)):
        return variable
    return _OWN.get(tool or "", {}).get(_squash(variable))


def _multiple_response(mr: dict, variables: list[str], raw, shown, labels: dict, name: str) -> dict[str, pd.Series]:
    """One select-all question's columns, written as the survey tools write them (see the module's docstring)."""
    question = (mr.get("label") or "").strip() or name
    if mr["type"] == "C":  # each variable holds one chosen option
        chosen = [_as_text(shown[v]) for v in variables]
        joined = pd.concat(chosen, axis=1).apply(lambda row: SEPARATOR.join(x for x in row if pd.notna(x)), axis=1)
        return {f"{question}{MARK}${name}": joined.where(joined != "", pd.NA)}
    counted = mr.get("counted_value")
    out = {}
    for v in variables:
        option = labels.get(v) or v
        ticked = _as_text(raw[v]) == _as_text(pd.Series([counted]))[0]
        out[f"{question} - {option}{MARK}{v}"] = pd.Series(option, index=raw.index).where(ticked.fillna(False), pd.NA)
    return out


def _headers(columns: list[str], labels: dict[str, str]) -> list[str]:
    """Each column's header: a set's written name, else its label, else its name; a label two columns share is
    replaced by their names (a question must be told apart from another)."""
    wanted = [c.rsplit(MARK, 1)[0] if MARK in c else (labels.get(c) or c) for c in columns]
    return [w if wanted.count(w) == 1 else c.rsplit(MARK, 1)[-1] for w, c in zip(wanted, columns)]


def _as_text(values: pd.Series) -> pd.Series:
    """Values as the text a person reads: a whole number without '.0', missing kept missing."""

    def text(v):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return pd.NA
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip() or pd.NA

    return values.map(text).astype("string")


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or ["not a file of that kind"])[0][:160]
