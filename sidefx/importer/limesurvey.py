"""A LimeSurvey response export read with the survey's structure file (``--dictionary survey.lss``).

LimeSurvey's export with question codes as headings names each column by its question's code (``G01Q02``) and,
with answer codes, holds codes: a list's or dropdown's answer code (``A1``), ``Y``/``N`` for a yes/no question,
and a multiple-choice question as one column per subquestion, ``G01Q05[SQ001]`` (``G01Q05_SQ001`` in older
versions), holding ``Y`` where ticked and blank where not. The survey structure file (the ``.lss`` its "Display /
Export" menu writes: XML, ``<document><LimeSurveyDocType>Survey</LimeSurveyDocType>``) says what each code means:
its questions (code, type, text), subquestions and answers, in the survey's base language. Versions 3 and earlier
write a question's and an answer's text in its row, with the row's language; versions 5 and 6 write them in
``<question_l10ns>`` and ``<answer_l10ns>``. With it:

- a question's column is named by its text (without LimeSurvey's HTML), unless two share one;
- a list's, dropdown's or array's answer codes become their texts (A1 = 'Sertraline 50 mg'; ``-oth-`` = 'Other'),
  a yes/no question's Y/N become Yes/No, a gender question's F/M Female/Male;
- a multiple-choice question becomes one column per subquestion named '<the question> - <the subquestion>' holding
  the subquestion's text where ticked and blank where not (as SurveyMonkey writes a select-all question), and its
  ``[other]`` column '<the question> - Other' holding what was written;
- LimeSurvey's own columns (id, submitdate, lastpage, ...) keep their names, so a response never submitted is still
  left out by its empty submitdate.

The file is read with the standard library's XML parser (defusedxml's where it is installed); a file declaring a
DOCTYPE is refused, which rules out entity expansion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from sidefx.importer import reading, redcap, tools

try:  # pragma: no cover - whichever parser is installed
    from defusedxml import ElementTree as XML
except ImportError:  # pragma: no cover
    from xml.etree import ElementTree as XML

CHOICE_TYPES = {"M", "P"}  # multiple choice (P: with a comment per choice): a select-all question
FIXED = {  # question types whose codes LimeSurvey fixes, not the survey
    "Y": {"Y": "Yes", "N": "No"},
    "G": {"F": "Female", "M": "Male"},
    "C": {"Y": "Yes", "N": "No", "U": "Uncertain"},
    "E": {"I": "Increase", "S": "Same", "D": "Decrease"},
}
OTHER_CODE = "-oth-"  # a list's 'Other' answer
_SUB = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9]*)(?:\[(?P<sub>[^\[\]]+)\]|_(?P<old>[A-Za-z0-9]+))$")


@dataclass
class Question:
    code: str  # the title LimeSurvey gives it: G01Q02
    kind: str  # its type letter: L, M, Y, N, S, T, !, 5 ...
    text: str = ""
    subquestions: dict[str, str] = field(default_factory=dict)  # code -> text
    answers: dict[str, str] = field(default_factory=dict)  # code -> text


def is_structure(path: Path) -> bool:
    """The file is XML (a LimeSurvey structure file, or meant to be one), told by its content or its suffix."""
    head = Path(path).read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") or Path(path).suffix.lower() in (".lss", ".xml")


def read_structure(path: Path) -> dict[str, Question]:
    """The survey's questions by code; FileRefused, in words, if the file is not a LimeSurvey survey structure."""
    path = Path(path)
    root = _root(path)
    language = _base_language(root)
    texts = _texts(root, "question_l10ns", "qid", "question", language)
    questions: dict[str, Question] = {}
    by_qid: dict[str, Question] = {}
    rows = _rows(root, "questions") + _rows(root, "subquestions")
    for row in sorted(rows, key=lambda r: r.get("parent_qid", "0") not in ("", "0")):  # questions first
        if not _in_language(row, language):
            continue
        text = _plain(row.get("question") or texts.get(row.get("qid", ""), ""))
        parent = by_qid.get(row.get("parent_qid", "0"))
        if parent is not None:
            parent.subquestions.setdefault(row.get("title", ""), text)
        elif row.get("parent_qid", "0") in ("", "0") and row.get("title"):
            question = Question(row["title"], row.get("type", ""), text)
            questions.setdefault(question.code, question)
            by_qid.setdefault(row.get("qid", ""), question)
    if not questions:
        raise reading.FileRefused(f"{path.name} is a LimeSurvey survey structure file with no questions in it")
    _answers(root, by_qid, language)
    return questions


def _root(path: Path):
    data = path.read_bytes()
    name = path.name
    if re.search(rb"<!(DOCTYPE|ENTITY)", data[:65536], re.I):
        raise reading.FileRefused(
            f"{name} declares a DOCTYPE, which a LimeSurvey structure file never does: export the survey "
            "structure (.lss) from LimeSurvey again"
        )
    try:
        root = XML.fromstring(data)
    except Exception:  # the parser's errors, for a file that is not well-formed XML
        raise reading.FileRefused(
            f"{name} could not be read as a LimeSurvey survey structure file (.lss): it is not well-formed XML. "
            "Export the survey structure from LimeSurvey again"
        ) from None
    kind = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or kind != "Survey":
        what = f"a LimeSurvey {kind.lower()} file" if root.tag == "document" and kind else "an XML file of another kind"
        raise reading.FileRefused(
            f"{name} is {what}, not a LimeSurvey survey structure: export the whole survey's structure (.lss) "
            "from LimeSurvey's Display / Export menu"
        )
    return root


def _rows(root, section: str) -> list[dict[str, str]]:
    """A section's rows, each as {field: text}."""
    return [{c.tag: (c.text or "").strip() for c in row} for row in root.findall(f"{section}/rows/row")]


def _base_language(root) -> str:
    for row in _rows(root, "surveys"):
        if row.get("language"):
            return row["language"]
    return (root.findtext("languages/language") or "").strip()


def _in_language(row: dict[str, str], language: str) -> bool:
    return not language or not row.get("language") or row["language"] == language


def _texts(root, section: str, key: str, text: str, language: str) -> dict[str, str]:
    """An l10n section's texts by ``key`` (LimeSurvey 5 and 6), in the base language where it has it."""
    out: dict[str, str] = {}
    for row in _rows(root, section):
        if row.get(key) and (_in_language(row, language) or row[key] not in out):
            out[row[key]] = row.get(text, "")
    return out


def _answers(root, by_qid: dict[str, Question], language: str) -> None:
    """Each question's answer codes and texts, from its rows (version 3) or through answer_l10ns (5 and 6)."""
    texts = _texts(root, "answer_l10ns", "aid", "answer", language)
    for row in _rows(root, "answer_l10ns"):  # some writers key the l10n rows by question and code instead
        if not row.get("aid") and row.get("qid") and row.get("code") and _in_language(row, language):
            texts[f"{row['qid']}/{row['code']}"] = row.get("answer", "")
    for row in _rows(root, "answers"):
        question = by_qid.get(row.get("qid", ""))
        if question is None or not _in_language(row, language) or row.get("scale_id", "0") not in ("", "0"):
            continue
        code = row.get("code", "")
        text = row.get("answer") or texts.get(row.get("aid", "")) or texts.get(f"{row.get('qid')}/{code}", "")
        question.answers.setdefault(code, _plain(text) or code)


def _plain(text: str) -> str:
    return redcap._plain(text)


def apply(survey: reading.SurveyFile, structure: Path) -> reading.SurveyFile:
    """The export with its codes read through the structure file (see the module's docstring)."""
    questions = read_structure(structure)
    frame, labels = survey.frame, []
    columns: dict[str, pd.Series] = {}
    for column in frame.columns:
        name, values = _read_column(column, frame[column], questions)
        columns[name] = values
        labels.append("" if name == column else name)
    if not any(labels):
        codes = ", ".join(list(questions)[:5])
        raise reading.FileRefused(
            f"{Path(structure).name} names none of the columns of {survey.name} (its question codes are {codes} ...): "
            "export the responses from the same survey with question codes as the headings"
        )
    out = pd.DataFrame(columns)
    names = list(frame.columns)
    out.columns = redcap._unique(list(out.columns), names)
    rows = (tuple(names), tuple(labels))
    layout = tools.Layout("LimeSurvey", rows, ("question codes", "question texts"), tuple(out))
    notes = (*survey.notes, f"codes read through the survey structure file {Path(structure).name}")
    return replace(survey, frame=out, notes=notes, layout=layout, not_responses=tools.not_responses(layout, out))


def _read_column(column: str, values: pd.Series, questions: dict[str, Question]) -> tuple[str, pd.Series]:
    """A column's name and answers as read through its question; unchanged for a column no question owns."""
    if column in tools.LIME_OWN:
        return column, values
    if column in questions:
        question = questions[column]
        codes = FIXED.get(question.kind) or (question.answers | {OTHER_CODE: "Other"})
        return question.text or column, _decoded(values, codes)
    m = _SUB.match(column)
    question = questions.get(m.group("code")) if m else None
    if question is None:
        return column, values
    sub = m.group("sub") or m.group("old")
    stem = question.text or question.code
    if question.kind in CHOICE_TYPES and (sub in question.subquestions or sub == "other"):
        option = question.subquestions.get(sub) or ("Other" if sub == "other" else sub)
        if sub == "other":
            return f"{stem} - {option}", values
        ticked = values.fillna("").astype(str).str.strip().str.upper() == "Y"
        return f"{stem} - {option}", pd.Series(option, index=values.index).where(ticked, pd.NA)
    if sub in question.subquestions:  # an array's row: its answers are the question's
        codes = FIXED.get(question.kind) or question.answers
        return f"{stem} [{question.subquestions[sub] or sub}]", _decoded(values, codes)
    return column, values  # a comment or a written 'other': kept under its code


def _decoded(values: pd.Series, codes: dict[str, str]) -> pd.Series:
    return values.map(lambda v: codes.get(str(v).strip(), v) if pd.notna(v) else v)
