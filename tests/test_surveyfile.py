"""Survey exports as people have them: every encoding, separator and sheet layout, and the files that are not one."""

from __future__ import annotations

import pandas as pd
import pytest

from sidefx.importer import reading
from sidefx.importer.reading import FileRefused

HEADER = ["ID", "Which antidepressant do you take?", "How long have you taken it?", "Numbness"]
ROWS = [["1", "Séroxat", "1,5 years", "Yes"], ["2", "Lustral", "6 wks", "No"], ["3", "citalopram", "9 mo", ""]]


def write_csv(path, sep=",", encoding="utf-8"):
    lines = [sep.join(HEADER)] + [sep.join(r) if sep != "," else ",".join(f'"{c}"' for c in r) for r in ROWS]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize(
    "sep,encoding,how",
    [
        (",", "utf-8", "CSV, utf-8, comma-separated"),
        (";", "utf-8-sig", "CSV, utf-8, semicolon-separated"),
        ("\t", "cp1252", "CSV, cp1252, tab-separated"),
        (";", "latin-1", "CSV, cp1252, semicolon-separated"),  # latin-1 bytes of these letters read the same
    ],
)
def test_csv_in_any_separator_and_encoding_reads_the_same(tmp_path, sep, encoding, how):
    got = reading.read(write_csv(tmp_path / "s.csv", sep, encoding))
    assert list(got.frame.columns) == HEADER and got.notes == (how,)
    assert got.frame.iloc[0].tolist() == ["1", "Séroxat", "1,5 years", "Yes"]  # decimal comma kept as written
    assert pd.isna(got.frame.iloc[2, 3])  # a blank answer is missing, not ""


def test_quoted_multiline_cells_and_leading_zeros_are_kept(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text('ID,Comment,Code\n007,"felt flat,\nthen fine",01\n008,ok,02\n', encoding="utf-8")
    frame = reading.read(path).frame
    assert frame.ID.tolist() == ["007", "008"] and frame.Comment[0] == "felt flat,\nthen fine"


def test_a_workbook_with_a_readme_sheet_reads_the_responses_sheet(tmp_path):
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"About this export": ["Exported from the survey tool", "Wave 2"]}).to_excel(
            xl, sheet_name="Readme", index=False
        )
        pd.DataFrame(ROWS, columns=HEADER).to_excel(xl, sheet_name="Responses", index=False)
    got = reading.read(path)
    assert got.notes == ("XLSX, sheet 'Responses' (the one that looks like responses)",)
    assert got.frame["Which antidepressant do you take?"].tolist() == ["Séroxat", "Lustral", "citalopram"]


def test_a_workbook_with_two_response_sheets_asks_which(tmp_path):
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as xl:
        for name in ("Wave 1", "Wave 2"):
            pd.DataFrame(ROWS, columns=HEADER).to_excel(xl, sheet_name=name, index=False)
    with pytest.raises(
        FileRefused, match=r"several sheets that look like responses: choose one with --sheet \('Wave 1', 'Wave 2'\)"
    ):
        reading.read(path)
    assert reading.read(path, sheet="Wave 2").notes == ("XLSX, sheet 'Wave 2'",)
    with pytest.raises(FileRefused, match="has no sheet 'Wave 3'"):
        reading.read(path, sheet="Wave 3")


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.csv", b"", "is empty"),
        ("blank.csv", b"\n\n  \n", "is empty"),
        ("header.csv", b"ID,Drug,Duration\n", "has a header but no rows of answers"),
        ("binary.csv", bytes(range(256)) * 4, "is not a text file"),
        ("picture.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is not an Excel workbook"),
        ("table.parquet", b"ID,Drug\n1,x\n", "is not a Parquet file"),
        ("answers.pdf", b"%PDF-1.4", "use a .csv, .xlsx, .parquet, SPSS .sav or Stata .dta file"),
    ],
)
def test_files_that_are_not_a_survey_export_are_refused_in_words(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileRefused, match=message):
        reading.read(path)
