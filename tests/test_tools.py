"""Survey exports exactly as the tools write them: the tool recognised, its header rows read into one header, and
the rows that are not responses (previews, unfinished, incomplete, never submitted, empty) left out and counted."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pandas as pd
import pytest

from sidefx.filters import Filters
from sidefx.importer import command, mapping, reading
from sidefx.serve import db, queries
from tests.test_importer import NOT_WORDS

# Qualtrics: its own columns (ID, the text it writes under it, its ImportId), then five questions.
Q_OWN = [
    ("StartDate", "Start Date", {"ImportId": "startDate", "timeZone": "Europe/London"}),
    ("EndDate", "End Date", {"ImportId": "endDate", "timeZone": "Europe/London"}),
    ("Status", "Response Type", {"ImportId": "status"}),
    ("IPAddress", "IP Address", {"ImportId": "ipAddress"}),
    ("Progress", "Progress", {"ImportId": "progress"}),
    ("Duration (in seconds)", "Duration (in seconds)", {"ImportId": "duration"}),
    ("Finished", "Finished", {"ImportId": "finished"}),
    ("RecordedDate", "Recorded Date", {"ImportId": "recordedDate", "timeZone": "Europe/London"}),
    ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
    ("RecipientLastName", "Recipient Last Name", {"ImportId": "recipientLastName"}),
    ("RecipientFirstName", "Recipient First Name", {"ImportId": "recipientFirstName"}),
    ("RecipientEmail", "Recipient Email", {"ImportId": "recipientEmail"}),
    ("ExternalReference", "External Data Reference", {"ImportId": "externalDataReference"}),
    ("LocationLatitude", "Location Latitude", {"ImportId": "locationLatitude"}),
    ("LocationLongitude", "Location Longitude", {"ImportId": "locationLongitude"}),
    ("DistributionChannel", "Distribution Channel", {"ImportId": "distributionChannel"}),
    ("UserLanguage", "User Language", {"ImportId": "userLanguage"}),
]
Q_QUESTIONS = [
    ("Q1", "Which antidepressant are you taking now?", {"ImportId": "QID1_TEXT"}),
    ("Q2", "How long have you been taking it?", {"ImportId": "QID2_TEXT"}),
    ("Q3", "What is your gender?", {"ImportId": "QID3"}),
    ("Q4", "Since starting it, have you felt emotionally numb?", {"ImportId": "QID4"}),
    ("Q5", "Have you tried to come off it?", {"ImportId": "QID5"}),
]
# (ResponseId, Status, Finished, Progress, the five answers); the last two are a preview and an unfinished response.
Q_ROWS = [
    ("R_3kFvX9aBcD1e2F3", "IP Address", "True", "100", "Sertraline", "2 years", "Female", "Yes", "No"),
    ("R_1OpQrStUvWxYz12", "IP Address", "True", "100", "Prozac", "8 months", "Male", "No", "Yes"),
    ("R_2aBcDeFgHiJkLmN", "IP Address", "True", "100", "Sertraline 50mg", "18 months", "Female", "Yes", "No"),
    ("R_3ZyXwVuTsRqPoNm", "IP Address", "True", "100", "Citalopram", "3 years", "Female", "No", "No"),
    ("R_5QwErTyUiOpAsDf", "IP Address", "True", "100", "Escitalopram (Lexapro)", "6 months", "Male", "Yes", "Yes"),
    ("R_2PvWxYz0AbCdEfG", "Survey Preview", "True", "100", "Sertraline", "1 year", "Female", "Yes", "No"),
    ("R_6UnFiNiShEd1234", "IP Address", "False", "40", "Prozac", "", "", "", ""),
]
NUMERIC = {"IP Address": "0", "Survey Preview": "1", "True": "1", "False": "0"}  # Qualtrics' numeric values


def qualtrics_rows(numeric: bool = False) -> list[list[str]]:
    rows = []
    for i, (rid, status, finished, progress, *answers) in enumerate(Q_ROWS):
        if numeric:
            status, finished = NUMERIC[status], NUMERIC[finished]
        when = f"2026-03-0{i + 1} 10:0{i}:00"
        own = [when, when, status, f"203.0.113.{i + 9}", progress, str(420 + 61 * i), finished, when, rid]
        rows.append([*own, "", "", "", "", "51.5072", "-0.1276", "anonymous", "EN", *answers])
    return rows


def write_qualtrics(path, import_ids: bool = True, numeric: bool = False):
    columns = Q_OWN + Q_QUESTIONS
    header = [[c[0] for c in columns], [c[1] for c in columns]]
    if import_ids:
        header.append([json.dumps(c[2], separators=(",", ":")) for c in columns])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(header + qualtrics_rows(numeric))
    path.write_bytes(out.getvalue().encode("utf-8-sig"))  # Qualtrics writes a BOM
    return path


# SurveyMonkey's expanded export: the question over its first column, then each column's response or option text.
M_OWN = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name"]
M_OWN += ["Last Name", "Custom Data 1"]
M_DRUG = "Which antidepressant are you currently taking?"
M_LONG = "How long have you been taking it?"
M_NUMB = "Have you felt emotionally numb since starting it?"
M_ALL = "Which of these side effects have you had? (Select all that apply)"
M_HEADER = [*M_OWN, M_DRUG, "", M_LONG, M_NUMB, M_ALL, "", ""]
M_SUB = [""] * len(M_OWN) + ["Response", "Other (please specify)", "Open-Ended Response", "Response"]
M_SUB += ["Weight gain", "Trouble sleeping", "Other (please specify)"]
M_ANSWERS = [
    (1148293012, ["Sertraline (Zoloft)", "", "2 years", "Yes", "Weight gain", "", ""]),
    (1148293558, ["Fluoxetine (Prozac)", "", "6 months", "No", "", "Trouble sleeping", ""]),
    (1148294023, ["Escitalopram (Lexapro)", "", "1 year", "Yes", "", "", "dry mouth"]),
    (1148294776, ["Sertraline (Zoloft)", "", "3 years", "Yes", "Weight gain", "Trouble sleeping", ""]),
    (1148295120, ["", "", "", "", "", "", ""]),  # opened the survey, answered nothing
]


def monkey_rows() -> list[list]:
    rows = []
    for i, (rid, answers) in enumerate(M_ANSWERS):
        when = f"03/0{i + 1}/2026 10:0{i}:11 AM"
        rows.append([rid, 431234567, when, when, f"198.51.100.{i + 4}", "", "", "", "", *answers])
    return rows


def write_monkey(path):
    if path.suffix == ".xlsx":  # ids as numbers, as SurveyMonkey's workbook has them
        pd.DataFrame([M_HEADER, M_SUB, *monkey_rows()]).to_excel(path, header=False, index=False, sheet_name="Sheet")
        return path
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([M_HEADER, M_SUB, *monkey_rows()])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


REDCAP = """record_id,redcap_survey_identifier,antidepressant_survey_timestamp,current_antidepressant,duration_taking,\
emotional_numbness,antidepressant_survey_complete
1,,2026-03-02 09:14:55,Sertraline 100mg,2 years,1,2
2,,2026-03-02 11:40:02,Fluoxetine 20mg,8 months,0,2
3,,[not completed],citalopram,,,0
4,,2026-03-03 08:05:41,Sertraline,14 months,1,1
5,,2026-03-04 19:22:10,Venlafaxine XL 75mg,3 years,1,2
"""
LIME = """id,submitdate,lastpage,startlanguage,seed,startdate,datestamp,Which antidepressant are you taking?,\
How long have you been taking it?,Have you felt emotionally numb?
1,2026-03-04 11:20:07,3,en,1204563871,2026-03-04 11:12:40,2026-03-04 11:20:07,Mirtazapine 15mg,5 months,No
2,2026-03-04 12:02:51,3,en,873310224,2026-03-04 11:55:03,2026-03-04 12:02:51,Sertraline,2 years,Yes
3,,1,en,1990321457,2026-03-04 12:30:15,2026-03-04 12:31:02,Citalopram,,
4,2026-03-05 08:41:19,3,de,455120963,2026-03-05 08:33:27,2026-03-05 08:41:19,Escitalopram,1 year,Yes
"""
GOOGLE = """Timestamp,Email Address,Which antidepressant are you taking?,How long have you been taking it?,\
Have you felt emotionally numb?
3/1/2026 10:02:11,sam.lee@mail.example,Sertraline,2 years,Yes
3/1/2026 14:37:50,jo@clinic.example,Prozac,9 months,No
3/2/2026 9:15:03,ana+survey@uni.example,Sertraline,4 years,Yes
3/3/2026 21:48:29,kim@mail.example,Duloxetine 60mg,1 year,No
"""


def run(args, capsys) -> str:
    code = command.main([str(a) for a in args])
    said = capsys.readouterr()
    assert code == 0, said.err
    return said.out


def imported(out) -> tuple[int, dict[str, int], pd.DataFrame]:
    r = pd.read_parquet(out / "respondents.parquet")
    return len(r), dict(Counter(r.drug)), r.set_index("respondent_id")


def numbness(out, monkeypatch) -> tuple[int, int]:
    """(reported, respondents) for emotional numbness, as the dashboard's prevalence query counts it."""
    monkeypatch.setenv("SIDEFX_DATA_DIR", str(out))
    db.reset()
    try:
        row = queries.run("prevalence_by_effect", **Filters().to_params(), effects=["emotional_numbing"]).iloc[0]
        return int(row.reported), int(row.respondents)
    finally:
        db.reset()


def test_qualtrics_three_header_rows_are_read_as_one_header_of_question_text(tmp_path):
    got = reading.read(write_qualtrics(tmp_path / "qualtrics.csv"))
    assert got.layout.tool == "Qualtrics"
    assert got.layout.describe() == "read as a Qualtrics export: 3 header rows (question IDs, question text, ImportIds)"
    q1 = len(Q_OWN)
    assert [row[q1] for row in got.layout.rows] == [
        "Q1",
        "Which antidepressant are you taking now?",
        '{"ImportId":"QID1_TEXT"}',
    ]
    assert list(got.frame.columns[:3]) == ["StartDate", "EndDate", "Status"]  # its own columns keep their ID
    assert list(got.frame.columns[q1:]) == [q[1] for q in Q_QUESTIONS]
    assert got.frame.ResponseId.tolist() == [r[0] for r in Q_ROWS]  # the text and ImportId rows are no respondents
    assert got.not_responses.tolist() == [""] * 5 + [
        "a survey preview, not a respondent (Status 'Survey Preview' or 1)",
        "unfinished (Finished False or 0)",
    ]


@pytest.mark.parametrize("import_ids,numeric", [(True, False), (False, True)], ids=["3 rows, text", "2 rows, numeric"])
def test_a_qualtrics_export_imports_without_its_preview_and_unfinished_rows(
    tmp_path, capsys, monkeypatch, import_ids, numeric
):
    path = write_qualtrics(tmp_path / "qualtrics.csv", import_ids, numeric)
    out = tmp_path / "q"
    said = run([path, "--name", "Wave 1", "--out", out], capsys)
    rows = (
        "3 header rows (question IDs, question text, ImportIds)"
        if import_ids
        else "2 header rows (question IDs, question text)"
    )
    assert f"read as a Qualtrics export: {rows}" in said
    assert "  Q4 | Since starting it, have you felt emotionally numb?" in said
    assert "left out 2 rows that are not responses (--keep-nonresponses keeps them):" in said
    assert "  1 row: a survey preview, not a respondent (Status 'Survey Preview' or 1)" in said
    assert "  1 row: unfinished (Finished False or 0)" in said
    n, drugs, r = imported(out)
    assert n == 5 and drugs == {"sertraline": 2, "fluoxetine": 1, "citalopram": 1, "escitalopram": 1}
    assert r.duration_months["R_3kFvX9aBcD1e2F3"] == 24  # '2 years', not the 420 seconds spent on the survey
    assert r.sex["R_1OpQrStUvWxYz12"] == "male"
    assert numbness(out, monkeypatch) == (3, 5)


def test_keep_nonresponses_keeps_the_preview_and_the_unfinished_response(tmp_path, capsys, monkeypatch):
    path = write_qualtrics(tmp_path / "qualtrics.csv")
    out = tmp_path / "q"
    said = run([path, "--name", "Wave 1", "--out", out, "--keep-nonresponses"], capsys)
    assert "left out" not in said
    n, drugs, _ = imported(out)
    assert n == 7 and drugs == {"sertraline": 3, "fluoxetine": 2, "citalopram": 1, "escitalopram": 1}
    assert numbness(out, monkeypatch) == (4, 6)  # the unfinished response did not answer it


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_surveymonkey_expanded_option_columns_are_named_question_dash_option(tmp_path, suffix):
    got = reading.read(write_monkey(tmp_path / f"monkey{suffix}"))
    assert got.layout.tool == "SurveyMonkey" and got.layout.kinds == ("question text", "response or option text")
    assert got.layout.rows[1][len(M_OWN) :] == tuple(M_SUB[len(M_OWN) :])
    assert list(got.frame.columns) == [
        *M_OWN,
        M_DRUG,
        f"{M_DRUG} - Other (please specify)",
        M_LONG,
        M_NUMB,
        f"{M_ALL} - Weight gain",
        f"{M_ALL} - Trouble sleeping",
        f"{M_ALL} - Other (please specify)",
    ]
    assert got.frame["Respondent ID"].tolist() == [str(rid) for rid, _ in M_ANSWERS]  # the option row is no one
    assert got.not_responses.tolist() == [""] * 4 + ["answered no question"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_surveymonkey_export_imports_without_the_response_that_answered_nothing(
    tmp_path, capsys, monkeypatch, suffix
):
    path = write_monkey(tmp_path / f"monkey{suffix}")
    plan = tmp_path / "monkey.toml"
    plan.write_text(
        f'[columns]\n"Respondent ID" = {{ role = "id" }}\n"{M_DRUG}" = {{ role = "drug" }}\n'
        f'"{M_LONG}" = {{ role = "duration" }}\n"{M_NUMB}" = {{ effect = "emotional_numbing" }}\n'
    )
    out = tmp_path / "m"
    said = run([path, "--name", "Monkey", "--mapping", plan, "--out", out], capsys)
    assert "read as a SurveyMonkey export: 2 header rows (question text, response or option text)" in said
    assert (
        "left out 1 row that is not a response (--keep-nonresponses keeps them):" in said
        and "  1 row: answered no question" in said
    )
    n, drugs, r = imported(out)
    assert n == 4 and drugs == {"sertraline": 2, "fluoxetine": 1, "escitalopram": 1}
    assert sorted(r.index) == ["1148293012", "1148293558", "1148294023", "1148294776"]
    assert numbness(out, monkeypatch) == (3, 4)


@pytest.mark.parametrize(
    "name,text,tool,reason,expected",
    [
        (
            "redcap.csv",
            REDCAP,
            "REDCap",
            "a REDCap record marked Incomplete (antidepressant_survey_complete)",
            (4, {"sertraline": 2, "fluoxetine": 1, "venlafaxine": 1}, (3, 4)),
        ),
        (
            "limesurvey.csv",
            LIME,
            "LimeSurvey",
            "never submitted (submitdate is empty)",
            (3, {"mirtazapine": 1, "sertraline": 1, "escitalopram": 1}, (2, 3)),
        ),
    ],
)
def test_one_header_row_tools_import_without_their_incomplete_responses(
    tmp_path, capsys, monkeypatch, name, text, tool, reason, expected
):
    path = tmp_path / name
    path.write_text(text)
    got = reading.read(path)
    assert (
        got.layout.tool == tool
        and len(got.layout.rows) == 1
        and got.layout.rows[0] == tuple(text.split("\n")[0].split(","))
    )
    out = tmp_path / "o"
    said = run([path, "--name", tool, "--out", out], capsys)
    assert f"read as a {tool} export: 1 header row" in said and f"  1 row: {reason}" in said
    n, drugs, _ = imported(out)
    assert (n, drugs, numbness(out, monkeypatch)) == expected


def test_google_forms_rows_are_numbered_as_the_sheet_numbers_them(tmp_path, capsys, monkeypatch):
    path = tmp_path / "Antidepressant survey (Responses) - Form responses 1.csv"
    path.write_text(GOOGLE)
    got = reading.read(path)
    assert got.layout.tool == "Google Forms" and got.layout.rows[0][:2] == ("Timestamp", "Email Address")
    assert got.frame.columns[0] == "Respondent number (row in the file)"
    out = tmp_path / "g"
    said = run([path, "--name", "Forms", "--out", out], capsys)
    assert "read as a Google Forms export: 1 header row" in said and "left out" not in said
    n, drugs, r = imported(out)
    assert n == 4 and drugs == {"sertraline": 2, "fluoxetine": 1, "duloxetine": 1}
    assert r.drug.to_dict() == {"2": "sertraline", "3": "fluoxetine", "4": "sertraline", "5": "duloxetine"}
    assert numbness(out, monkeypatch) == (2, 4)


def test_a_plain_table_is_said_to_be_one(tmp_path):
    path = tmp_path / "audit.csv"
    path.write_text("ID,Which antidepressant do you take?,Numbness\nP0001,Prozac,Yes\nP0002,Zoloft,No\n")
    got = reading.read(path)
    assert got.layout.describe() == "read as a plain table: 1 header row" and got.not_responses.tolist() == ["", ""]


def test_an_export_of_previews_only_is_refused_in_a_sentence(tmp_path, capsys):
    path = write_qualtrics(tmp_path / "preview.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join([*lines[:3], *(line.replace("IP Address", "Survey Preview") for line in lines[3:8])]))
    assert command.main([str(path), "--name", "Preview", "--out", str(tmp_path / "p")]) == 2
    problems = [line for line in capsys.readouterr().err.splitlines() if line.startswith("  - ")]
    assert problems == [
        "  - no row of preview.csv is a response (5 rows: a survey preview, not a respondent (Status 'Survey Preview' or 1)): "
        "import with --keep-nonresponses to keep them"
    ]
    assert not [p for p in problems if NOT_WORDS.search(p)]
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize(
    "column", ["Q_TotalDuration", "Q_RecaptchaScore", "Q_RelevantIDDuplicate", "Q_BallotBoxStuffing"]
)
def test_qualtrics_fraud_check_columns_are_left_out(column):
    guess = mapping.guess_column(column)
    assert guess.ignored and guess.role is None  # Q_TotalDuration is the time spent on the survey, not on the drug


def test_write_mapping_names_qualtrics_questions_by_their_text_and_says_what_is_left_out(tmp_path, capsys):
    plan = tmp_path / "wave1.toml"
    said = run([write_qualtrics(tmp_path / "q.csv"), "--name", "Wave 1", "--write-mapping", plan], capsys)
    assert "2 rows are not responses, left out on import:" in said and "0 unsure" in said
    text = plan.read_text()
    assert '"Since starting it, have you felt emotionally numb?" = { effect = "emotional_numbing"' in text
    assert '"ResponseId" = { role = "id"' in text and '"Duration (in seconds)" = { ignore = true }' in text
