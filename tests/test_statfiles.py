"""SPSS (.sav) and Stata (.dta) survey files, written in code as the tools write them (value labels, variable labels
as question text, SPSS multiple-response sets), read and imported with the right numbers."""

from __future__ import annotations

import struct

import pandas as pd
import pyreadstat
import pytest

from sidefx.importer import command, reading
from tests.test_importer import NOT_WORDS
from tests.test_tools import Q_OWN, Q_QUESTIONS, Q_ROWS, imported, numbness, run

STATUS = {0: "IP Address", 1: "Survey Preview"}  # Qualtrics' SPSS value labels
FINISHED = {0: "False", 1: "True"}
GENDER = {1: "Female", 2: "Male"}
YES_NO = {1: "Yes", 2: "No"}


def write_qualtrics_sav(path):
    """Qualtrics' SPSS export of the questionnaire in tests/test_tools.py: its own variables (Status and Finished
    coded, with value labels), then Q1-Q5 labelled with their question text; Q3-Q5 coded."""
    rows = []
    for rid, status, finished, progress, drug, long, sex, numb, stop in Q_ROWS:
        own = {name: "" for name, _, _ in Q_OWN}
        own |= {"ResponseId": rid, "Progress": float(progress), "Duration (in seconds)": 420.0}
        own |= {"Status": {v: k for k, v in STATUS.items()}[status], "Finished": {"True": 1, "False": 0}[finished]}
        codes = {
            "Q3": {"Female": 1, "Male": 2}.get(sex),
            "Q4": {"Yes": 1, "No": 2}.get(numb),
            "Q5": {"Yes": 1, "No": 2}.get(stop),
        }
        rows.append(own | {"Q1": drug, "Q2": long} | {k: (float(v) if v else None) for k, v in codes.items()})
    frame = pd.DataFrame(rows)
    frame.columns = [c.replace(" ", "_").replace("(", "").replace(")", "") for c in frame.columns]  # SPSS names
    frame["Status"] = frame.Status.astype(float)
    frame["Finished"] = frame.Finished.astype(float)
    labels = {name.replace(" ", "_").replace("(", "").replace(")", ""): text for name, text, _ in Q_OWN}
    labels |= {name: text for name, text, _ in Q_QUESTIONS}
    value_labels = {"Status": STATUS, "Finished": FINISHED, "Q3": GENDER, "Q4": YES_NO, "Q5": YES_NO}
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_labels)
    return path


def with_dichotomy_set(path, name: str, label: str, variables: list[str], counted: int = 1):
    """Add an SPSS multiple-dichotomy set, as SPSS itself writes one (a type 7, subtype 7 record before the
    dictionary's end): '$name=D<len> <counted> <len> <label> <variables>'."""
    data = path.read_bytes()
    end = data.find(struct.pack("<ii", 999, 0))
    value = str(counted)
    text = f"${name}=D{len(value)} {value} {len(label)} {label} {' '.join(variables)}\n".encode()
    path.write_bytes(data[:end] + struct.pack("<iiii", 7, 7, 1, len(text)) + text + data[end:])
    return path


def test_a_qualtrics_spss_export_reads_its_labels_and_leaves_out_the_preview_and_unfinished(tmp_path):
    got = reading.read(write_qualtrics_sav(tmp_path / "wave1.sav"))
    assert got.layout.tool == "Qualtrics SPSS" and got.layout.kinds == ("variable names", "variable labels")
    assert got.layout.describe() == "read as a Qualtrics SPSS export: 2 header rows (variable names, variable labels)"
    assert list(got.frame.columns[-5:]) == [text for _, text, _ in Q_QUESTIONS]  # the questions' own words
    assert got.frame["What is your gender?"].tolist()[:2] == ["Female", "Male"]  # value labels, not 1 and 2
    assert got.frame["ResponseId"].tolist()[0] == "R_3kFvX9aBcD1e2F3"  # its own variables keep their CSV names
    assert got.frame["Progress"].tolist()[0] == "100"  # a whole number without '.0'
    assert "Duration (in seconds)" in got.frame  # Duration_in_seconds in SPSS: never taken as the duration of use
    assert got.not_responses.tolist() == [""] * 5 + [
        "a survey preview, not a respondent (Status 'Survey Preview' or 1)",
        "unfinished (Finished False or 0)",
    ]
    assert got.notes == ("SPSS file, value labels applied, variable labels as the questions",)


def test_a_qualtrics_spss_export_imports_with_the_same_numbers_as_its_csv(tmp_path, capsys, monkeypatch):
    """The numbers of tests/test_tools.py's Qualtrics CSV: 5 respondents, sertraline 2, fluoxetine, citalopram and
    escitalopram 1 each, 3 of 5 emotionally numb."""
    out = tmp_path / "q"
    said = run([write_qualtrics_sav(tmp_path / "wave1.sav"), "--name", "Wave 1", "--out", out], capsys)
    assert "read as a Qualtrics SPSS export" in said and "left out 2 rows that are not responses" in said
    n, drugs, r = imported(out)
    assert n == 5 and drugs == {"sertraline": 2, "fluoxetine": 1, "citalopram": 1, "escitalopram": 1}
    assert r.duration_months["R_3kFvX9aBcD1e2F3"] == 24  # '2 years', not the 420 seconds spent on the survey
    assert r.sex["R_1OpQrStUvWxYz12"] == "male"
    assert numbness(out, monkeypatch) == (3, 5)


def test_a_stata_file_with_value_labels_imports(tmp_path, capsys):
    frame = pd.DataFrame(
        {
            "pid": ["P0001", "P0002", "P0003", "P0004"],
            "drug": [1.0, 2.0, 1.0, 3.0],
            "howlong": ["14 months", "3 months", "2 years 6 months", "about 7 months"],
            "sex": [1.0, 2.0, 1.0, 1.0],
        }
    )
    path = tmp_path / "survey.dta"
    pyreadstat.write_dta(
        frame,
        str(path),
        column_labels={
            "pid": "Participant ID",
            "drug": "Which antidepressant?",
            "howlong": "How long have you taken it?",
        },
        variable_value_labels={
            "drug": {1: "Sertraline 50 mg", 2: "Paroxetine (Seroxat)", 3: "Venlafaxine XL"},
            "sex": GENDER,
        },
    )
    got = reading.read(path)
    assert got.layout.tool == "Stata" and got.frame["Which antidepressant?"].tolist()[1] == "Paroxetine (Seroxat)"
    assert got.frame["Participant ID"].tolist()[0] == "P0001"
    out = tmp_path / "s"
    run([path, "--name", "Stata wave", "--out", out], capsys)
    n, drugs, r = imported(out)
    assert n == 4 and drugs == {"sertraline": 2, "paroxetine": 1, "venlafaxine": 1}
    assert r.sex["P0002"] == "male" and r.duration_months.tolist() == [14, 3, 30, 7]


def test_an_spss_multiple_dichotomy_set_becomes_one_column_per_option_ticked_or_blank(tmp_path):
    frame = pd.DataFrame(
        {
            "rid": ["P0001", "P0002", "P0003"],
            "sfx_1": [1.0, 0.0, 1.0],
            "sfx_2": [0.0, 0.0, 1.0],
            "sfx_3": [0.0, 1.0, 0.0],
        }
    )
    path = tmp_path / "sets.sav"
    labels = {"rid": "Respondent", "sfx_1": "Weight gain", "sfx_2": "Emotional numbness", "sfx_3": "None of these"}
    pyreadstat.write_sav(frame, str(path), column_labels=labels)
    question = "Which side effects have you had on this drug?"
    got = reading.read(with_dichotomy_set(path, "sidefx", question, ["sfx_1", "sfx_2", "sfx_3"]))
    assert list(got.frame.columns) == [
        "Respondent",
        f"{question} - Weight gain",
        f"{question} - Emotional numbness",
        f"{question} - None of these",
    ]  # as SurveyMonkey names a select-all question's option columns
    assert got.frame[f"{question} - Weight gain"].fillna("").tolist() == ["Weight gain", "", "Weight gain"]
    assert got.frame[f"{question} - None of these"].fillna("").tolist() == ["", "None of these", ""]
    assert got.notes[0].endswith("1 multiple-response set")


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_a_damaged_statistics_file_is_refused_in_a_sentence(tmp_path, capsys, suffix):
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"$FL2@(#) not really an SPSS file" + bytes(200))
    with pytest.raises(reading.FileRefused) as refused:
        reading.read(path)
    message = str(refused.value)
    assert message.startswith(f"broken{suffix} could not be read as a") and "export the survey again" in message
    assert not NOT_WORDS.search(message), message
    assert command.main([str(path), "--name", "x", "--out", str(tmp_path / "o")]) != 0
    assert "could not be read" in capsys.readouterr().err


def test_an_unknown_kind_of_file_names_every_kind_read(tmp_path):
    path = tmp_path / "survey.sas7bdat"
    path.write_bytes(b"x" * 10)
    with pytest.raises(reading.FileRefused, match=r"\.csv, \.xlsx, \.parquet, SPSS \.sav or Stata \.dta"):
        reading.read(path)


def test_the_import_page_reads_an_spss_file_and_names_its_header_rows(tmp_path):
    from tests.test_import_page import give, import_page, no_traceback, press_import, said

    at = give(import_page(), "wave1.sav", write_qualtrics_sav(tmp_path / "wave1.sav").read_bytes())
    no_traceback(at)
    assert "**Recognised as** a Qualtrics SPSS export: 2 header rows (variable names, variable labels)." in said(
        at, "markdown"
    )
    rows = next(t.value for t in at.dataframe if "Column name" in t.value.columns)
    assert rows.set_index("Row 1 (variable names)").loc["Q3"].tolist()[0] == "What is your gender?"
    at = press_import(at)
    no_traceback(at)
    assert "Imported **wave1**: 5 respondents" in said(at, "success")
