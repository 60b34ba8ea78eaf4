"""The Import page through AppTest: a real group's export uploaded, mapped, imported and explored; every bad input
answered in words with nothing already loaded changed."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sidefx.importer import upload
from sidefx.serve import db
from tests.test_import_export import HEADER, ROWS
from tests.test_pages import ROOT, figures

TIMEOUT = 60


@pytest.fixture(autouse=True)
def uploads(tmp_path, monkeypatch):
    """Each test's uploads in a folder of its own (the setting), and no database left behind."""
    folder = tmp_path / "uploads"
    monkeypatch.setenv("SIDEFX_UPLOADS_DIR", str(folder))
    yield folder
    db.reset()


def csv_bytes(header=HEADER, rows=ROWS, sep=";", encoding="cp1252") -> bytes:
    return "\n".join(sep.join(r) for r in [header, *rows]).encode(encoding)


def import_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/import_survey.py")
    return at.run()


def give(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="import_file").set_value((name, data, "application/octet-stream"))
    return at.run()


def use(at: AppTest, column: str, option: str) -> None:
    next(s for s in at.selectbox if s.label == f"Use of column {column}").set_value(option)


def press_import(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Import and explore").click()
    return at.run()


def said(at: AppTest, kind: str) -> str:
    return " ".join(e.value for e in getattr(at, kind))


def no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_an_export_imports_through_the_page_and_every_page_then_shows_it():
    at = give(import_page(), "wave1.csv", csv_bytes())
    no_traceback(at)
    assert "Read as CSV, cp1252, semicolon-separated: 10 rows, 10 columns." in said(at, "caption")
    start = {s.label.removeprefix("Use of column "): s.value for s in at.selectbox if s.label.startswith("Use of")}
    assert start["ID"] == "role:id" and start["Numbness"] == "effect:emotional_numbing"
    assert start["Which antidepressant do you take?"] == "role:drug"
    next(s for s in at.selectbox if s.label.startswith("A number without a unit")).set_value("months")
    next(t for t in at.text_input if t.label.startswith("Name of this dataset")).set_value("Clinic audit 2026")
    at = press_import(at)
    no_traceback(at)
    assert "Imported **Clinic audit 2026**: 7 respondents" in said(at, "success")
    tables = [t.value for t in at.dataframe]
    quarantined = next(t for t in tables if "Reason" in t.columns)
    assert dict(zip(quarantined.Reason, quarantined.Rows)) == {
        "the id is shared with another row": 2,
        "the id is blank": 1,
    }
    assert "St John's wort" in set(next(t for t in tables if "Drug name as written" in t.columns).iloc[:, 0])
    assert at.selectbox(key="f_dataset").value == "upload"

    at.switch_page("views/prevalence.py")
    at.run()
    no_traceback(at)
    assert "Survey: Clinic audit 2026" in said(at, "info") and "synthetic" not in said(at, "info").lower()
    spec = json.dumps(figures(at)[0])
    assert "Survey: Clinic audit 2026" in spec and "n = 7 respondents" in spec
    at.sidebar.multiselect(key="f_drugs").set_value(["sertraline"])
    at.run()
    # r1 (zoloft), R_3kFvX9bQ2mLp7aZ (Sertaline) and 101-1 (Lustral®)
    assert "n = 3 respondents" in json.dumps(figures(at)[0])
    for page in ("withdrawal", "studies", "home", "about"):
        at.switch_page(f"views/{page}.py")
        at.run()
        no_traceback(at)
    at.switch_page("views/home.py")
    at.run()
    assert next(m for m in at.metric if m.label == "Survey respondents").value == "7"
    # About names the survey in use; the demo's synthetic section and calibration table are the demo's only.
    at.switch_page("views/about.py")
    at.run()
    headers = [h.value for h in at.header]
    assert "The survey in use: Clinic audit 2026" in headers and "The demo survey is synthetic" not in headers
    assert not any("Calibration targets" in h.value for h in at.subheader)


def test_an_undecided_column_stops_the_import_until_it_is_left_out_or_kept_as_an_own_effect():
    header = ["Participant", *HEADER[1:], "Timestamp", "Email", "Ringing in the ears", "Weight"]
    rows = [[*r, "2026-03-01 10:00", "a@b.example", "Yes" if i % 2 else "No", "70"] for i, r in enumerate(ROWS)]
    at = give(import_page(), "wave2.csv", csv_bytes(header, rows))
    start = {s.label.removeprefix("Use of column "): s.value for s in at.selectbox if s.label.startswith("Use of")}
    # Not questions: left out from the start (not "Feeling emotionally numb", not "Weight gain").
    assert start["Timestamp"] == start["Email"] == upload.IGNORE and start["Participant"] == "role:id"
    assert start["Ringing in the ears"] == start["Weight"] == upload.UNDECIDED
    assert "left out: a survey tool's own column, not a question (score 0.95)" in said(at, "caption")
    at = press_import(at)
    refusal = said(at, "error")
    assert "Not imported; nothing was changed" in refusal and "column 'Ringing in the ears' is unsure" in refusal
    assert "Timestamp" not in refusal and "Email" not in refusal
    assert at.selectbox(key="f_dataset").value == "default"  # still the demo
    use(at, "Weight", upload.IGNORE)
    use(at, "Ringing in the ears", upload.OWN)
    next(s for s in at.selectbox if s.label.startswith("A number without a unit")).set_value("months")
    at = press_import(at)
    no_traceback(at)
    assert not at.error, said(at, "error")
    assert "Kept as this survey's own side effects:** Ringing in the ears" in " ".join(m.value for m in at.markdown)
    at.switch_page("views/prevalence.py")
    at.run()
    labels = json.dumps(figures(at)[0])
    assert "Ringing in the ears" in labels


def test_the_mapping_is_offered_for_download_and_a_saved_one_is_reused_for_the_next_wave():
    header = [*HEADER, "Timestamp"]
    rows = [[*r, "2026-03-01"] for r in ROWS]
    at = give(import_page(), "wave1.csv", csv_bytes(header, rows))
    use(at, "Timestamp", upload.IGNORE)
    at.run()
    saved = (
        '[survey]\nduration_unit = "months"\n\n[columns]\n'
        '"Timestamp" = { ignore = true }\n"How bad was it?" = { role = "withdrawal_severity" }\n'
    )
    at.file_uploader(key="import_mapping_file").set_value(("wave1_mapping.toml", saved.encode(), "application/toml"))
    at.run()
    start = {s.label.removeprefix("Use of column "): s.value for s in at.selectbox if s.label.startswith("Use of")}
    assert start["Timestamp"] == upload.IGNORE and start["ID"] == "role:id"
    assert next(s for s in at.selectbox if s.label.startswith("A number without a unit")).value == "months"
    assert [b.label for b in at.get("download_button")] == ["Download this mapping (TOML, to reuse for the next wave)"]
    at = press_import(at)
    assert "7 respondents" in said(at, "success")
    at.file_uploader(key="import_mapping_file").set_value(("broken.toml", b"[columns\n", "application/toml"))
    at.run()
    assert "broken.toml cannot be used: it is not valid TOML" in said(at, "error")


def _workbook(**sheets) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    return buffer.getvalue()


ANSWERS = pd.DataFrame(ROWS, columns=HEADER)
README_SHEET = pd.DataFrame({"About this export": ["Exported from the survey tool", "Do not edit"]})


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("empty.csv", b"", "empty.csv is empty"),
        ("header.csv", ";".join(HEADER).encode(), "has a header but no rows of answers"),
        ("binary.csv", bytes(range(256)) * 4, "is not a text file"),
        ("picture.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is not an Excel workbook"),
    ],
)
def test_a_file_that_is_no_export_is_refused_in_words_and_the_loaded_dataset_stays(name, data, message):
    at = give(import_page(), "wave1.csv", csv_bytes())
    next(s for s in at.selectbox if s.label.startswith("A number without a unit")).set_value("months")
    at = press_import(at)
    assert at.selectbox(key="f_dataset").value == "upload"
    at = give(at, name, data)
    no_traceback(at)
    assert message in said(at, "error") and "the data you had loaded is unchanged" in said(at, "error")
    assert at.selectbox(key="f_dataset").value == "upload"
    at.switch_page("views/prevalence.py")
    at.run()
    assert "Survey: wave1" in said(at, "info")


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setenv("SIDEFX_UPLOAD_MAX_MB", "1")
    at = import_page()
    assert "**up to 1 MB**" in said(at, "caption")
    big = csv_bytes(rows=ROWS * 9000)  # about 1.3 MB
    at = give(at, "wave1.csv", big)
    no_traceback(at)
    assert "over this server's limit of 1 MB" in said(at, "error") and "command line" in said(at, "error")


def test_encodings_separators_and_the_spellings_people_use_are_read():
    rows = [
        ["1", "Séroxat", "6 wks", "F", "37", "Yes", "No", "No", "", ""],
        ["2", "Fluoxétine", "1,5 years", "M", "52", "No", "No", "No", "", ""],
    ]
    for data, how in [
        (csv_bytes(rows=rows, encoding="latin-1"), "CSV, cp1252, semicolon-separated"),
        (csv_bytes(rows=rows, sep=",", encoding="utf-8-sig").replace(b"1,5 years", b'"1,5 years"'), "CSV, utf-8"),
        (csv_bytes(rows=rows, sep="\t", encoding="utf-8"), "tab-separated"),
    ]:
        at = give(import_page(), "wave.csv", data)
        no_traceback(at)
        assert how in said(at, "caption")
        start = {s.label.removeprefix("Use of column "): s.value for s in at.selectbox if s.label.startswith("Use of")}
        assert start["ID"] == "role:id"  # a byte-order mark does not hide the first column's name
        at = press_import(at)
        assert "2 respondents" in said(at, "success") and "Drug name as written" not in str(
            [t.value.columns for t in at.dataframe]
        )


def test_a_workbook_with_a_readme_sheet_is_read_from_its_responses_and_two_response_sheets_are_asked_about():
    at = give(import_page(), "export.xlsx", _workbook(Readme=README_SHEET, Responses=ANSWERS))
    no_traceback(at)
    assert "XLSX, sheet 'Responses'" in said(at, "caption")
    at = give(import_page(), "export.xlsx", _workbook(Wave1=ANSWERS, Wave2=ANSWERS.head(4)))
    assert "more than one sheet that could hold the responses" in said(at, "warning")
    at.selectbox(key="import_sheet").set_value("Wave2")
    at.run()
    assert "XLSX, sheet 'Wave2': 4 rows" in said(at, "caption")


def test_duplicate_ids_bad_durations_unknown_drugs_and_an_empty_question_are_each_reported():
    header = [*HEADER, "Weight gain"]
    rows = [
        ["1", "Prozac", "-3 months", "F", "37", "Yes", "No", "No", "", "", ""],
        ["2", "Zoloft", "0 months", "M", "52", "No", "No", "No", "", "", ""],
        ["3", "Zoloft", "ages", "M", "52", "No", "No", "No", "", "", ""],
        ["3", "Zoloft", "2 years", "M", "52", "No", "No", "No", "", "", ""],
        ["4", "Happy pills", "2 years", "M", "52", "No", "No", "No", "", "", ""],
        ["5", "Effexor", "2 years", "M", "52", "No", "No", "No", "", "", ""],
    ]
    at = give(import_page(), "wave.csv", csv_bytes(header, rows))
    at = press_import(at)
    no_traceback(at)
    assert "3 respondents" in said(at, "success")  # ids 1, 2 and 5
    tables = [t.value for t in at.dataframe]
    quarantined = next(t for t in tables if "Reason" in t.columns)
    assert dict(zip(quarantined.Reason, quarantined.Rows)) == {
        "the id is shared with another row": 2,
        "the drug is blank or not a known antidepressant name": 1,
    }
    missing = next(t for t in tables if "Cells" in t.columns)
    durations = missing[missing.Column == "How long have you taken it?"]
    assert dict(zip(durations.Why, durations.Cells)) == {"a negative duration": 1}  # 0 months is a duration
    assert list(next(t for t in tables if "Drug name as written" in t.columns).iloc[:, 0]) == ["Happy pills"]
    empty = next(m.value for m in at.markdown if m.value.startswith("**Questions with no answers at all**"))
    assert empty.endswith("`Did you have withdrawal symptoms when you tried to stop?`, `Weight gain`")
    assert [b.label for b in at.get("download_button")][-1] == "Download the quarantined rows (CSV)"


def test_a_session_folder_is_removed_with_its_session_and_a_stale_one_after_the_set_hours(uploads, monkeypatch):
    session = upload.Session.new()
    upload.read(session, "wave1.csv", csv_bytes())
    assert session.folder.is_dir() and session.folder.parent == uploads
    session.close()
    assert not session.folder.exists()
    stale, fresh = upload.Session.new(), upload.Session.new()
    import os

    os.utime(stale.folder, (0, 0))  # last changed in 1970
    upload.Session.new()  # a new session sweeps
    assert not stale.folder.exists() and fresh.folder.exists()


def test_the_page_offers_every_role_the_mapping_knows():
    from sidefx.importer import mapping

    assert set(upload.ROLE_LABELS) == set(mapping.ROLES)
    assert {k.removeprefix("role:") for k in upload.options() if k.startswith("role:")} == set(mapping.ROLES)
