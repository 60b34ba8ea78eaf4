"""'since 2019' as a duration: the time from the middle of that year (1 July) to the response date the survey tool
wrote for the row, in whole months as the other durations are (days x 12 / 365, rounded down); unknown, with its
reason, without a response date, for a year after it, or for one more than 80 years before it."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest

from sidefx.importer import answers, command, mapping, reading, responsedate, upload, wide
from tests.test_tools import imported

ASKED = date(2026, 3, 15)


@pytest.mark.parametrize(
    "cell,months",
    [
        ("since 2019", 80),  # 1 July 2019 to 15 March 2026: 2,449 days = 80.5 months
        ("Since 2019", 80),
        ("from 2019", 80),
        ("since 2024", 20),  # 1 July 2024 to 15 March 2026: 622 days = 20.4 months
        ("since March 2019", 84),  # 15 March 2019 to 15 March 2026: 2,557 days = 84.1 months
        ("since mar 2019", 84),
        ("since 03/2019", 84),
        ("since 2026", 1),  # halfway between 1 January and 15 March 2026: 36.5 days before it = 1.2 months
    ],
)
def test_since_a_year_is_counted_to_the_response_date(cell, months):
    assert answers.duration(cell, on=ASKED) == (months, answers.SINCE_YEAR)


@pytest.mark.parametrize(
    "cell,on,reason",
    [
        ("since 2027", ASKED, "a year after the response date"),
        ("since April 2026", ASKED, "a month after the response date"),
        ("since 1940", ASKED, "a year more than 80 years before the response date"),
        ("since 1970", ASKED, "more than 50 years"),  # 55.7 years: longer than any duration read
        ("since 2019", None, answers.NO_RESPONSE_DATE),
        ("2019", ASKED, "a year, not a duration"),  # the year of starting, or something else
        ("in 2019", ASKED, "a year, not a duration"),
    ],
)
def test_since_a_year_that_cannot_be_counted_says_why(cell, on, reason):
    assert answers.duration(cell, on=on) == (None, reason)


def test_other_durations_are_read_as_before_with_a_response_date():
    assert answers.duration("2 yrs 8 mths", on=ASKED) == (32, "")
    assert answers.duration_weeks("since 2019") == (None, "a year, not a duration")


def test_the_response_date_is_the_tools_own_column_first_in_order():
    rows = pd.DataFrame(
        {
            "StartDate": ["2026-03-01 09:00:00", "2026-03-02 09:00:00", ""],
            "EndDate": ["2026-03-01 09:20:00", "", ""],
            "RecordedDate": ["2026-03-15 10:00:00", "", "not a date"],
            "ResponseId": ["R_3kFvX9aBcD1e2F3", "R_1OpQrStUvWxYz12", "R_2aBcDeFgHiJkLmN"],
        }
    )
    assert list(responsedate.of_rows(rows)) == [date(2026, 3, 15), date(2026, 3, 2), None]


@pytest.mark.parametrize(
    "columns,cells,expected",
    [
        (["Timestamp"], ["2026/03/15 9:10:00 AM GMT", "3/1/2026 10:02:11"], [ASKED, date(2026, 3, 1)]),
        (["Timestamp"], ["15/03/2026 09:10:00", "01/03/2026 10:02:11"], [ASKED, date(2026, 3, 1)]),  # day first
        (["antidepressant_survey_timestamp"], ["2026-03-15 09:14:55", "[not completed]"], [ASKED, None]),
        (["Respondent ID", "End Date"], ["1148293012", "03/15/2026 10:00:11 AM"], [ASKED]),
        (["id", "submitdate"], ["1", "2026-03-15 11:20:07"], [ASKED]),
        (["Start date"], ["2019-07-01"], [None]),  # a plain table's date: not the tool's, perhaps the drug's
    ],
)
def test_each_tools_response_date_is_read(columns, cells, expected):
    if len(columns) == 1:
        rows = pd.DataFrame({columns[0]: cells})
    else:
        rows = pd.DataFrame([cells], columns=columns)
    assert list(responsedate.of_rows(rows)) == expected


GOOGLE = """Timestamp,Which antidepressant are you taking?,How long have you been taking it?
2026/03/15 9:10:00 AM GMT,Sertraline 50mg,since 2019
2026/03/15 11:42:07 AM GMT,Fluoxetine (Prozac),since March 2019
2026/03/16 8:03:51 PM GMT,Citalopram,2 years
2026/03/16 9:30:12 PM GMT,Escitalopram,since 2027
"""


def import_text(tmp_path, capsys, name: str, text: str, encoding: str = "utf-8") -> tuple[str, pd.Series]:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    out = tmp_path / "o"
    code = command.main([str(path), "--name", "Wave 1", "--out", str(out)])
    said = capsys.readouterr()
    assert code == 0, said.err
    return said.out, imported(out)[2].duration_months


def test_a_google_forms_export_reads_since_2019_against_its_timestamp(tmp_path, capsys):
    said, months = import_text(tmp_path, capsys, "Survey (Responses) - Form responses 1.csv", GOOGLE)
    assert months["2"] == 80 and months["3"] == 84 and months["4"] == 24 and pd.isna(months["5"])
    assert "'How long have you been taking it?': 2 durations read as since a year, against the response date" in said
    assert "'How long have you been taking it?': 1 a year after the response date" in said


def qualtrics(rows: list[tuple[str, str, str, str]]) -> str:
    ids = ["StartDate", "EndDate", "Status", "Progress", "Finished", "RecordedDate", "ResponseId", "Q1", "Q2"]
    text = ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Recorded Date", "Response ID"]
    text += ["Which antidepressant are you taking now?", "How long have you been taking it?"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([ids, text])
    for rid, recorded, drug, how_long in rows:
        writer.writerow(["2026-03-01 09:00:00", recorded, "IP Address", "100", "True", recorded, rid, drug, how_long])
    return out.getvalue()


def test_a_qualtrics_export_reads_since_2019_against_its_recorded_date(tmp_path, capsys):
    text = qualtrics(
        [
            ("R_3kFvX9aBcD1e2F3", "2026-03-15 10:00:00", "Sertraline", "since 2019"),
            ("R_1OpQrStUvWxYz12", "2026-03-15 10:04:00", "Prozac", "from 2024"),
            ("R_2aBcDeFgHiJkLmN", "2026-03-15 10:09:00", "Citalopram", "18 months"),
        ]
    )
    said, months = import_text(tmp_path, capsys, "Antidepressants_March 15, 2026_10.12.csv", text, "utf-8-sig")
    assert months.to_dict() == {"R_3kFvX9aBcD1e2F3": 80, "R_1OpQrStUvWxYz12": 20, "R_2aBcDeFgHiJkLmN": 18}
    assert "2 durations read as since a year, against the response date" in said


def test_an_export_without_a_response_date_leaves_since_2019_unknown(tmp_path, capsys):
    text = "ID,Which antidepressant do you take?,How long have you taken it?\nP0001,Sertraline,since 2019\n"
    text += "P0002,Venlafaxine XL 75mg,3 years\n"
    said, months = import_text(tmp_path, capsys, "audit.csv", text)
    assert pd.isna(months["P0001"]) and months["P0002"] == 36
    assert f"'How long have you taken it?': 1 {answers.NO_RESPONSE_DATE}" in said
    assert "read as since a year" not in said


def test_the_import_page_says_how_many_durations_were_read_against_the_response_date(tmp_path):
    path = tmp_path / "Survey (Responses) - Form responses 1.csv"
    path.write_text(GOOGLE)
    rows, _ = command.responses(reading.read(path), False, "")
    converted = wide.convert(rows, mapping.guess(list(rows.columns), rows), "Wave 1")
    assert upload.summary(converted)["noted"] == [
        "'How long have you been taking it?': 2 durations read as since a year, against the response date"
    ]
