"""A REDCap raw export read with its data dictionary (--dictionary), both written as REDCap writes them."""

from __future__ import annotations

import csv

import pytest

from sidefx.importer import reading, redcap
from tests.test_importer import NOT_WORDS
from tests.test_tools import imported, numbness, run

DICTIONARY_HEADER = [
    "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
    "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
    "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
    "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?",
    "Field Annotation",
]  # fmt: skip
FIELDS = [  # name, type, label, choices
    ("record_id", "text", "Record ID", ""),
    ("drug_name", "text", "<p>Which antidepressant are you taking?</p>", ""),
    ("duration", "text", "How long have you been taking it?", ""),
    ("gender", "radio", "What is your gender?", "1, Female | 2, Male | 3, Non-binary"),
    ("numb", "yesno", "Since starting it, have you felt <b>emotionally numb</b>?", ""),
    ("tried_stop", "yesno", "Have you tried to come off it?", ""),
    ("sidefx", "checkbox", "Which side effects have you had?", "1, Weight gain | 2, Trouble sleeping, or waking | 3, None"),
]  # fmt: skip
RAW = [  # record_id, drug, duration, gender, numb, tried_stop, sidefx___1..3, survey_complete
    ("101-1", "Sertraline 50mg", "2 years", "1", "1", "0", "1", "0", "0", "2"),
    ("101-2", "Prozac", "8 months", "2", "0", "1", "0", "1", "0", "2"),
    ("101-3", "Citalopram", "18 months", "1", "1", "0", "1", "1", "0", "2"),
    ("102-1", "Escitalopram (Lexapro)", "3 years", "3", "0", "0", "0", "0", "1", "2"),
    ("102-2", "Sertraline", "6 months", "1", "", "", "0", "0", "0", "0"),  # incomplete: left out
]


def write_redcap(folder, checkboxes: bool = True):
    """The raw export and its dictionary; without ``checkboxes``, the export leaves out the checkbox field."""
    folder.mkdir(exist_ok=True)
    boxes = [f"sidefx___{i}" for i in (1, 2, 3)] if checkboxes else []
    with open(folder / "SideEffects_DATA_2026-11-30_1405.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["record_id", "drug_name", "duration", "gender", "numb", "tried_stop", *boxes, "survey_complete"])
        w.writerows(r if checkboxes else r[:6] + r[9:] for r in RAW)
    with open(folder / "SideEffects_DataDictionary_2026-11-30.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(DICTIONARY_HEADER)
        for name, kind, label, choices in FIELDS:
            w.writerow([name, "side_effects", "", kind, label, choices] + [""] * 12)
    return folder / "SideEffects_DATA_2026-11-30_1405.csv", folder / "SideEffects_DataDictionary_2026-11-30.csv"


def test_the_dictionary_turns_codes_into_answers_and_checkboxes_into_option_columns(tmp_path):
    data, dictionary = write_redcap(tmp_path / "redcap")
    got = redcap.apply(reading.read(data), dictionary)
    assert got.layout.tool == "REDCap" and got.layout.kinds == ("variable names", "field labels")
    assert got.frame["What is your gender?"].tolist() == ["Female", "Male", "Female", "Non-binary", "Female"]
    numb = "Since starting it, have you felt emotionally numb?"  # REDCap's HTML taken out
    assert got.frame[numb].fillna("").tolist() == ["Yes", "No", "Yes", "No", ""]
    sleep = "Which side effects have you had? - Trouble sleeping, or waking"  # a choice's label may hold a comma
    assert got.frame[sleep].fillna("").tolist() == [
        "",
        "Trouble sleeping, or waking",
        "Trouble sleeping, or waking",
        "",
        "",
    ]
    assert "record_id" in got.frame and "survey_complete" in got.frame  # REDCap's own columns keep their names
    assert got.not_responses.tolist() == [""] * 4 + ["a REDCap record marked Incomplete (survey_complete)"]


def test_a_redcap_raw_export_imports_through_its_dictionary(tmp_path, capsys, monkeypatch):
    data, dictionary = write_redcap(tmp_path / "redcap", checkboxes=False)
    out = tmp_path / "out"
    said = run([data, "--name", "Clinic wave", "--out", out, "--dictionary", dictionary], capsys)
    assert "left out 1 row that is not a response" in said
    n, drugs, r = imported(out)
    assert n == 4 and drugs == {"sertraline": 1, "fluoxetine": 1, "citalopram": 1, "escitalopram": 1}
    assert r.sex["101-2"] == "male" and r.duration_months["101-3"] == 18
    assert numbness(out, monkeypatch) == (2, 4)  # 101-1 and 101-3 of the four complete records


def test_without_the_dictionary_the_codes_stay_unread(tmp_path, capsys):
    data, _ = write_redcap(tmp_path / "redcap", checkboxes=False)
    from sidefx.importer import command

    assert command.main([str(data), "--name", "Clinic", "--out", str(tmp_path / "o")]) != 0  # codes, not answers
    assert "Import refused; nothing was written" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["not,a,dictionary\n1,2,3\n", "Variable / Field Name,Field Type\nx,text\n"])
def test_a_file_that_is_not_a_dictionary_is_refused_in_a_sentence(tmp_path, text):
    data, _ = write_redcap(tmp_path / "redcap")
    wrong = tmp_path / "dictionary.csv"
    wrong.write_text(text)
    with pytest.raises(reading.FileRefused) as refused:
        redcap.apply(reading.read(data), wrong)
    message = str(refused.value)
    assert message.startswith("dictionary.csv is not a REDCap data dictionary: it has no column")
    assert "'Field Label'" in message and "Data Dictionary page" in message
    assert not NOT_WORDS.search(message)


def test_the_import_page_reads_a_raw_export_through_an_uploaded_dictionary(tmp_path):
    from tests.test_import_page import give, import_page, no_traceback, press_import, said

    data, dictionary = write_redcap(tmp_path / "redcap", checkboxes=False)
    at = import_page()
    at.file_uploader(key="import_dictionary").set_value((dictionary.name, dictionary.read_bytes(), "text/csv"))
    at = give(at, data.name, data.read_bytes())
    no_traceback(at)
    assert "field labels" in said(at, "markdown")  # the header rows as read: variable names, then field labels
    at = press_import(at)
    no_traceback(at)
    assert ": 4 respondents" in said(at, "success")
