"""A survey tool's export, written as a real group would, imported through the command line."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sidefx.filters import Filters
from sidefx.importer import command
from sidefx.importer.mapping import from_toml, to_toml
from sidefx.serve import datacheck, db, queries

HEADER = [
    "ID",
    "Which antidepressant do you take?",
    "How long have you taken it?",
    "Sex",
    "Age (years)",
    "Numbness",
    "I felt dependent on it",
    "Have you tried to come off it?",
    "Did you have withdrawal symptoms when you tried to stop?",
    "How bad was it?",
]
# Ids as survey tools write them: a participant code, a short code, a Qualtrics ResponseId, a REDCap
# record with its arm, leading zeros (kept), a plain number, an e-mail-like token.
ROWS = [
    ["P0001", "Prozac", "6 wks", "F", "37", "Yes", "No", "Yes", "Yes", "Severe"],
    ["r1", " zoloft", "4yrs", "M", "25-34", "No", "Yes", "Yes", "No", ""],
    ["R_3kFvX9bQ2mLp7aZ", "Sertaline", "1,5 years", "Female", "52", "checked", "", "No", "", ""],
    ["101-1", "Lustral®", "since 2019", "Prefer not to say", "70", "1", "0", "Y", "Y", "2"],
    ["0042", "citalopram hydrobromide", "9 mo", "Other", "19", "No", "No", "N", "", ""],
    ["17", "Cipramil", "12", "F", "45", "Yes", "Yes", "TRUE", "FALSE", "None"],
    ["P0007", "St John's wort", "2 years", "F", "33", "Yes", "No", "No", "", ""],  # not an antidepressant name we know
    ["P0007", "Efexor", "3 years", "M", "41", "No", "No", "No", "", ""],  # shares id P0007: both rows quarantined
    ["", "Efexor", "3 years", "M", "41", "No", "No", "No", "", ""],  # no id
    ["jo.smith@clinic.example", "Efexor", "3 years", "M", "41", "No", "No", "Yes", "Yes", "moderate"],
]


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "wave1.csv"
    lines = [";".join(HEADER)] + [";".join(r) for r in ROWS]  # a European export: semicolons
    path.write_bytes("\n".join(lines).encode("cp1252"))
    return path


def test_write_mapping_then_import_with_it(export, tmp_path, capsys):
    mapping = tmp_path / "wave1.toml"
    assert command.main([str(export), "--name", "Clinic audit 2026", "--write-mapping", str(mapping)]) == 0
    assert "0 unsure" in capsys.readouterr().out
    text = mapping.read_text()
    assert '"Numbness" = { effect = "emotional_numbing"' in text and 'duration_unit = ""' in text
    mapping.write_text(text.replace('duration_unit = ""', 'duration_unit = "months"'))  # bare numbers are months
    out = tmp_path / "audit"
    assert command.main([str(export), "--name", "Clinic audit 2026", "--mapping", str(mapping), "--out", str(out)]) == 0
    report = capsys.readouterr().out
    assert "respondents 7" in report and "quarantined 3 rows" in report
    assert "2 rows: the id is shared with another row" in report and "1 row: the id is blank" in report
    assert "'How long have you taken it?': 1 since a year, with no response date to count from" in report
    quarantined = pd.read_csv(out / "quarantined.csv", dtype=str)
    assert sorted(quarantined.ID.fillna("")) == ["", "P0007", "P0007"] and quarantined.reason.notna().all()

    r = pd.read_parquet(out / "respondents.parquet").set_index("respondent_id")
    assert r.drug.to_dict() == {
        "P0001": "fluoxetine", "r1": "sertraline", "R_3kFvX9bQ2mLp7aZ": "sertraline", "101-1": "sertraline",
        "0042": "citalopram", "17": "citalopram", "jo.smith@clinic.example": "venlafaxine",
    }  # fmt: skip
    assert (
        r.duration_months["P0001"] == 1
        and r.duration_months["r1"] == 48
        and r.duration_months["R_3kFvX9bQ2mLp7aZ"] == 18
    )
    assert (
        pd.isna(r.duration_months["101-1"]) and r.duration_months["17"] == 12 and r.duration_band["101-1"] == "unknown"
    )
    assert r.sex["101-1"] == "not given" and r.age_band["r1"] == "25-34" and r.age_band["0042"] == "18-24"
    w = pd.read_parquet(out / "withdrawal.parquet").set_index("respondent_id")
    assert w.severity.to_dict() == {
        "P0001": "severe", "r1": "none", "101-1": "moderate", "17": "none", "jo.smith@clinic.example": "moderate"
    }  # fmt: skip
    assert not w.had_withdrawal["17"]  # said no, whatever the severity column says
    # Every table holds the ids as text, as they were written.
    for table in ("respondents", "responses", "withdrawal"):
        assert str(pq.read_schema(out / f"{table}.parquet").field("respondent_id").type).endswith("string"), table

    # The dashboard reads it, with its own name and no synthetic label, and the cubes agree with the tables.
    datacheck.check(out)
    db.reset()
    try:
        import os

        os.environ["SIDEFX_DATA_DIR"] = str(out)
        info = queries.run("dataset_info").iloc[0]
        assert info["name"] == "Clinic audit 2026" and not info["synthetic"]
        numb = queries.run("prevalence_by_effect", **Filters().to_params(), effects=["emotional_numbing"]).iloc[0]
        assert (numb.reported, numb.respondents) == (4, 7)
    finally:
        os.environ.pop("SIDEFX_DATA_DIR")
        db.reset()


def test_without_a_mapping_an_unsure_column_stops_the_import(export, tmp_path, capsys):
    frame = pd.read_csv(export, sep=";", encoding="cp1252", dtype=str).assign(**{"Any comments?": "fine"})
    frame.to_csv(export, sep=";", index=False, encoding="cp1252")
    out = tmp_path / "audit"
    assert command.main([str(export), "--name", "Audit", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "column 'Any comments?' is unsure" in err and "--write-mapping" in err and not out.exists()


def test_a_second_import_of_the_same_name_needs_replace(export, tmp_path, capsys):
    mapping = tmp_path / "m.toml"
    command.main([str(export), "--name", "Audit", "--write-mapping", str(mapping)])
    mapping.write_text(mapping.read_text().replace('duration_unit = ""', 'duration_unit = "months"'))
    args = [str(export), "--name", "Audit", "--mapping", str(mapping), "--out", str(tmp_path / "a")]
    assert command.main(args) == 0
    before = (tmp_path / "a" / "respondents.parquet").read_bytes()
    assert command.main(args) == 2 and "add --replace" in capsys.readouterr().err
    assert (tmp_path / "a" / "respondents.parquet").read_bytes() == before
    assert command.main([*args, "--replace"]) == 0


@pytest.mark.parametrize(
    "content,message",
    [(b"", "is empty"), (b"ID;Drug\n", "has a header but no rows"), (bytes(range(256)), "is not a text file")],
)
def test_a_file_that_is_no_export_is_refused_without_a_traceback(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert command.main([str(path), "--name", "Bad", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and not (tmp_path / "o").exists()


def test_csv_files_the_dashboard_writes_do_not_run_as_formulas():
    from sidefx import csvsafe

    frame = pd.DataFrame(
        {"text": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "plain", "a=b"], "n": [1, -2, 3, 4, 5, 6, 7]}
    )
    safe = csvsafe.neutralised(frame)
    assert safe.text.tolist() == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "'\tx", "plain", "a=b"]
    assert safe.n.tolist() == [1, -2, 3, 4, 5, 6, 7]  # numbers stay numbers


def test_a_chart_csv_neutralises_a_formula_in_a_label():
    from dataclasses import replace

    from sidefx import export
    from sidefx.survey import panels as survey_panels

    panel = survey_panels.prevalence(Filters(), (), "bars", "prevalence")
    panel = replace(panel, table=panel.table.assign(label="=cmd|' /C calc'!A0"))
    text = export.data_csv(panel).decode()
    assert "'=cmd|" in text and "\n=cmd" not in text and ",=cmd" not in text


def test_stopping_asked_without_a_withdrawal_question_imports_with_no_withdrawal_rows(tmp_path):
    # Without a withdrawal question or a severity, whether stoppers had withdrawal is unknown: no rows are made up.
    path = tmp_path / "short.csv"
    pd.DataFrame(
        {"ID": ["1", "2"], "Antidepressant": ["Prozac", "Zoloft"], "Have you tried to come off it?": ["Yes", "No"],
         "Numbness": ["Yes", "No"]}
    ).to_csv(path, index=False)  # fmt: skip
    assert command.main([str(path), "--name", "Short", "--out", str(tmp_path / "o")]) == 0
    assert len(pd.read_parquet(tmp_path / "o" / "withdrawal.parquet")) == 0
    r = pd.read_parquet(tmp_path / "o" / "respondents.parquet")
    assert r.tried_to_stop.tolist() == [True, False]


def test_a_workbook_export_imports_through_the_command_line_and_asks_for_a_sheet(tmp_path, capsys):
    path = tmp_path / "export.xlsx"
    frame = pd.DataFrame(ROWS[:6], columns=HEADER)
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"Read me": ["Exported from the survey tool"]}).to_excel(xl, sheet_name="Readme", index=False)
        frame.to_excel(xl, sheet_name="Wave 1", index=False)
        frame.to_excel(xl, sheet_name="Wave 2", index=False)
    mapping = tmp_path / "m.toml"
    assert command.main([str(path), "--name", "W", "--write-mapping", str(mapping)]) == 2
    assert "choose one with --sheet ('Wave 1', 'Wave 2')" in capsys.readouterr().err and not mapping.exists()
    assert command.main([str(path), "--name", "W", "--sheet", "Wave 2", "--write-mapping", str(mapping)]) == 0
    mapping.write_text(mapping.read_text().replace('duration_unit = ""', 'duration_unit = "months"'))
    out = tmp_path / "w"
    args = [str(path), "--name", "W", "--sheet", "Wave 2", "--mapping", str(mapping), "--out", str(out)]
    assert command.main(args) == 0
    assert len(pd.read_parquet(out / "respondents.parquet")) == 6


def test_a_bare_number_without_a_unit_is_not_given_and_counted(export, tmp_path, capsys):
    # The guessed mapping leaves duration_unit empty: '12' (respondent 17) cannot be read as a duration.
    out = tmp_path / "o"
    assert command.main([str(export), "--name", "Audit", "--out", str(out)]) == 0
    assert "'How long have you taken it?': 1 a number without a unit" in capsys.readouterr().out
    r = pd.read_parquet(out / "respondents.parquet").set_index("respondent_id")
    assert pd.isna(r.duration_months["17"]) and r.duration_band["17"] == "unknown"


def test_a_mapping_that_names_a_missing_column_is_refused(export, tmp_path, capsys):
    mapping = tmp_path / "m.toml"
    command.main([str(export), "--name", "A", "--write-mapping", str(mapping)])
    mapping.write_text(mapping.read_text().replace('"Numbness"', '"Numbness (wave 2)"'))
    assert command.main([str(export), "--name", "A", "--mapping", str(mapping), "--out", str(tmp_path / "o")]) == 2
    assert "the mapping names columns the file does not have: Numbness (wave 2)" in capsys.readouterr().err


def test_an_imported_surveys_charts_name_it_in_the_title_area(tiny_data):
    from sidefx import charts, export, words
    from sidefx.survey import panels as survey_panels

    panel = survey_panels.prevalence(Filters(), (), "bars", "prevalence")
    assert panel.text.badge == "Survey: fixture" != words.SYNTHETIC_BADGE
    [badge] = [a for a in panel.figure.layout.annotations if a.name == "synthetic-badge"]
    assert "Survey: fixture" in badge.text and badge.bgcolor == charts.DATASET_BADGE_BG != charts.BADGE_BG
    svg = export.export_figure(panel, "slide-16x9", "svg").decode()
    assert "Survey: fixture" in svg and words.SYNTHETIC_BADGE not in svg


def test_a_question_outside_the_catalogue_is_kept_as_the_surveys_own_effect_and_a_timestamp_left_out(
    export, tmp_path, capsys, monkeypatch
):
    frame = pd.read_csv(export, sep=";", encoding="cp1252", dtype=str)
    ringing = ["Yes", "No", "No", "Y", "", "1", "Yes", "No", "No", "no"]  # rows 1-6 and 10 are imported
    frame = frame.assign(**{"Timestamp": "2026-03-01 10:00", "Ringing in the ears": ringing})
    frame.to_csv(export, sep=";", index=False, encoding="cp1252")
    mapping = tmp_path / "m.toml"
    assert command.main([str(export), "--name", "Audit", "--write-mapping", str(mapping)]) == 0
    text = mapping.read_text()
    assert '"Timestamp" = { ignore = true }  # a survey tool' in text and '"Ringing in the ears" = { unsure' in text
    edited = (
        text.replace('duration_unit = ""', 'duration_unit = "months"')
        .replace(next(x for x in text.splitlines() if x.startswith('"Timestamp"')), '"Timestamp" = { ignore = true }')
        .replace(next(x for x in text.splitlines() if x.startswith('"Ringing in the ears"')), "")
        + '\n[extra_effects]\n"Ringing in the ears" = "Ringing in the ears (tinnitus)"\n'
    )
    mapping.write_text(edited)
    out = tmp_path / "audit"
    assert command.main([str(export), "--name", "Audit", "--mapping", str(mapping), "--out", str(out)]) == 0
    assert "kept as this survey's own side effects: 'Ringing in the ears (tinnitus)'" in capsys.readouterr().out
    effects = pd.read_parquet(out / "effects.parquet").set_index("effect")
    own = effects.loc["own_ringing_in_the_ears_tinnitus"]
    assert (own.label, own.domain) == ("Ringing in the ears (tinnitus)", "asked in this survey")
    monkeypatch.setenv("SIDEFX_DATA_DIR", str(out))
    db.reset()
    try:
        row = queries.run("prevalence_by_effect", **Filters().to_params(), effects=[own.name]).iloc[0]
        # Answered by the 1st, 2nd, 3rd, 4th, 6th and last rows (the 5th left it blank); yes from the 1st, 4th, 6th.
        assert (row.label, row.reported, row.respondents) == ("Ringing in the ears (tinnitus)", 3, 6)
    finally:
        db.reset()
    # The mapping written back keeps both decisions.
    again = to_toml(from_toml(edited), "Audit")
    assert (
        '"Timestamp" = { ignore = true }' in again
        and '"Ringing in the ears" = "Ringing in the ears (tinnitus)"' in again
    )


def test_a_picture_named_xlsx_is_refused_by_the_command_line(tmp_path, capsys):
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert command.main([str(path), "--name", "Bad", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "is not an Excel workbook" in err and "Traceback" not in err and not (tmp_path / "o").exists()


def test_bom_accents_bad_durations_and_a_blank_question_through_the_command_line(tmp_path, capsys):
    header = [*HEADER, "Weight gain"]
    rows = [
        ["1", "Séroxat", "-3 months", "F", "37", "Yes", "No", "No", "", "", ""],
        ["2", "Fluoxétine", "0 months", "M", "52", "No", "No", "No", "", "", ""],
        ["3", "Zoloft", "ages", "M", "52", "No", "No", "No", "", "", ""],
    ]
    path = tmp_path / "wave.csv"
    path.write_bytes("\n".join(",".join(r) for r in [header, *rows]).encode("utf-8-sig"))  # a byte-order mark first
    out = tmp_path / "o"
    assert command.main([str(path), "--name", "Wave", "--out", str(out)]) == 0
    report = capsys.readouterr().out
    assert "respondents 3" in report
    assert "'How long have you taken it?': 1 a negative duration" in report
    assert "'How long have you taken it?': 1 not a number of days, weeks, months or years" in report
    assert "questions with no answers, left out: " in report and "'Weight gain'" in report
    r = pd.read_parquet(out / "respondents.parquet").set_index("respondent_id")
    assert r.drug.to_dict() == {"1": "paroxetine", "2": "fluoxetine", "3": "sertraline"}  # plain numbers, as text
    assert pd.isna(r.duration_months["1"]) and r.duration_months["2"] == 0 and pd.isna(r.duration_months["3"])


def test_how_long_withdrawal_lasted_is_read_in_weeks_for_those_who_had_it(export, tmp_path):
    frame = pd.read_csv(export, sep=";", encoding="cp1252", dtype=str)
    lasted = ["3 weeks", "2 weeks", "", "2 months", "", "1 year", "", "", "", "10 days"]
    frame.assign(**{"How long did the withdrawal symptoms last?": lasted}).to_csv(
        export, sep=";", index=False, encoding="cp1252"
    )
    out = tmp_path / "o"
    assert command.main([str(export), "--name", "Audit", "--out", str(out)]) == 0
    w = pd.read_parquet(out / "withdrawal.parquet").set_index("respondent_id")
    # P0001 had withdrawal (3 weeks); r1 said no (its answer is not kept); 101-1 had it (2 months = 8.7 weeks);
    # 17 said no; the last had it (10 days = 1.4 weeks).
    assert w.duration_weeks.dropna().to_dict() == {"P0001": 3.0, "101-1": 8.7, "jo.smith@clinic.example": 1.4}


def test_a_three_row_export_with_text_ids_imports_and_its_pages_count_it(tmp_path, capsys, monkeypatch):
    path = tmp_path / "short.csv"
    path.write_text("ID,Which antidepressant do you take?,Numbness\nr1,Prozac,Yes\nr2,Zoloft,No\nr3,Lexapro,Yes\n")
    out = tmp_path / "o"
    assert command.main([str(path), "--name", "Short", "--out", str(out)]) == 0, capsys.readouterr().err
    assert "respondents 3" in capsys.readouterr().out
    assert pd.read_parquet(out / "respondents.parquet").respondent_id.tolist() == ["r1", "r2", "r3"]
    monkeypatch.setenv("SIDEFX_DATA_DIR", str(out))
    db.reset()
    try:
        numb = queries.run("prevalence_by_effect", **Filters().to_params(), effects=["emotional_numbing"]).iloc[0]
        assert (numb.reported, numb.respondents) == (2, 3)
    finally:
        db.reset()


def test_an_export_whose_every_row_is_quarantined_is_refused_in_a_sentence(tmp_path, capsys):
    path = tmp_path / "noids.csv"
    path.write_text("ID,Which antidepressant do you take?\n,Prozac\nP1,Happy pills\n")
    assert command.main([str(path), "--name", "None", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "no row could be imported: 1 row: the id is blank; 1 row: the drug is blank or not" in err
    assert "dtype" not in err and not (tmp_path / "o").exists()


def _zip_that_is_no_workbook() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("notes.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,mapping_text",
    [
        ("table.parquet", b"ID,Drug\n1,x\n", None),
        ("export.xlsx", _zip_that_is_no_workbook(), None),
        ("wave.csv", b"ID;Drug\n", None),
        ("wave.csv", b"ID,Which antidepressant do you take?,Any comments?\nr1,Prozac,fine\n", None),
        ("wave.csv", b"ID,Which antidepressant do you take?\n,Prozac\n", None),
        ("wave.csv", b"ID,Which antidepressant do you take?\nr1,Prozac\n", "[columns\n"),
        ("wave.csv", b"ID,Which antidepressant do you take?\nr1,Prozac\n", '[columns]\n"ID" = "id"\n'),
        ("wave.csv", b"ID,Which antidepressant do you take?\nr1,Prozac\n", '[columns]\n"ID" = { role = "code" }\n'),
    ],
)
def test_every_refusal_of_an_export_is_a_sentence_for_a_person(tmp_path, capsys, name, content, mapping_text):
    from tests.test_importer import NOT_WORDS

    path = tmp_path / name
    path.write_bytes(content)
    args = [str(path), "--name", "Wave", "--out", str(tmp_path / "o")]
    if mapping_text is not None:
        (tmp_path / "m.toml").write_text(mapping_text)
        args += ["--mapping", str(tmp_path / "m.toml")]
    assert command.main(args) == 2
    problems = [line for line in capsys.readouterr().err.splitlines() if line.startswith("  - ")]
    assert problems and not [p for p in problems if NOT_WORDS.search(p)], problems


def test_a_qualtrics_export_imports_without_a_mapping_its_own_columns_left_out(tmp_path, capsys):
    tool = {
        "StartDate": "2026-03-01 10:00:00", "EndDate": "2026-03-01 10:09:12", "Status": "0", "IPAddress": "10.0.0.7",
        "Progress": "100", "Duration (in seconds)": "552", "Finished": "1", "RecordedDate": "2026-03-01 10:09:13",
        "LocationLatitude": "-41.2865", "LocationLongitude": "174.7762", "DistributionChannel": "anonymous",
        "UserLanguage": "EN",
    }  # fmt: skip
    frame = pd.DataFrame(ROWS, columns=HEADER).rename(columns={"ID": "ResponseId"})
    frame = pd.concat([pd.DataFrame([tool] * len(frame)), frame], axis=1)
    frame["Contact me at"] = [f"person{i}@mail.example" for i in range(len(frame))]
    path = tmp_path / "qualtrics.csv"
    frame.to_csv(path, index=False)
    mapping = tmp_path / "m.toml"
    assert command.main([str(path), "--name", "Q", "--write-mapping", str(mapping)]) == 0
    assert "13 left out (not questions), 0 unsure" in capsys.readouterr().out
    text = mapping.read_text()
    assert '"ResponseId" = { role = "id", score = 0.95 }' in text
    assert '"Duration (in seconds)" = { ignore = true }' in text and '"How long have you taken it?" = { role' in text
    assert '"Contact me at" = { ignore = true }  # its answers are e-mail addresses' in text
    out = tmp_path / "q"
    assert command.main([str(path), "--name", "Q", "--out", str(out)]) == 0
    assert "respondents 7" in capsys.readouterr().out
    r = pd.read_parquet(out / "respondents.parquet").set_index("respondent_id")
    assert r.duration_months["P0001"] == 1  # '6 wks', not the 552 seconds spent on the survey


def test_drug_names_as_people_write_them_are_read_and_each_reading_is_reported(tmp_path, capsys):
    """Parentheses resolve; a misspelling of exactly one drug is read as it and listed; the rest are quarantined."""
    rows = [
        ["P0001", "Sertraline (Zoloft)"],
        ["P0002", "Escitalopram (Lexapro)"],
        ["P0003", "Effexor XR (venlafaxine)"],
        ["P0004", "Lexipro"],
        ["P0005", "Lexipro"],
        ["P0006", "Citalapram"],
        ["P0007", "an SSRI"],
        ["P0008", "can't remember"],
        ["P0009", "Prozac (sertraline)"],
    ]
    path = tmp_path / "drugs.csv"
    path.write_text("\n".join(["Participant ID,Which antidepressant are you taking?", *(",".join(r) for r in rows)]))
    out = tmp_path / "out"
    assert command.main([str(path), "--name", "Names", "--out", str(out)]) == 0
    report = capsys.readouterr().out
    drugs = pd.read_parquet(out / "respondents.parquet").set_index("respondent_id").drug.to_dict()
    assert drugs == {
        "P0001": "sertraline", "P0002": "escitalopram", "P0003": "venlafaxine",
        "P0004": "escitalopram", "P0005": "escitalopram", "P0006": "citalopram",
    }  # fmt: skip
    assert "'Lexipro' as escitalopram (2), 'Citalapram' as citalopram (1)" in report
    assert "quarantined 3 rows" in report and "'an SSRI' (1)" in report and "'Prozac (sertraline)' (1)" in report
