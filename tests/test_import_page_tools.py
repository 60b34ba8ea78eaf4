"""The Import page with a survey tool's export as the tool writes it: the tool and its header rows shown as read, and
the rows that are not responses left out, counted, or kept with the checkbox."""

from __future__ import annotations

from sidefx.importer import upload
from tests.test_import_page import give, import_page, no_traceback, press_import, said, uploads  # noqa: F401
from tests.test_tools import write_qualtrics


def test_a_qualtrics_export_shows_its_header_rows_and_leaves_out_its_preview(tmp_path):
    at = give(import_page(), "qualtrics.csv", write_qualtrics(tmp_path / "qualtrics.csv").read_bytes())
    no_traceback(at)
    assert "**Recognised as** a Qualtrics export: 3 header rows (question IDs, question text, ImportIds)." in said(
        at, "markdown"
    )
    rows = next(t.value for t in at.dataframe if "Column name" in t.value.columns)
    numb = rows.set_index("Row 1 (question IDs)").loc["Q4"]
    assert numb.tolist() == [
        "Since starting it, have you felt emotionally numb?",
        '{"ImportId":"QID4"}',
        "Since starting it, have you felt emotionally numb?",
    ]
    assert "**2 rows are not responses**, left out unless kept:" in said(at, "markdown")
    at = press_import(at)
    no_traceback(at)
    assert "Imported **qualtrics**: 5 respondents" in said(at, "success")
    assert "**Rows that are not responses**, left out (tick the box in step 1 to keep them)" in said(at, "markdown")
    counted = [t.value for t in at.dataframe if list(t.value.columns) == ["Reason", "Rows"]]  # step 1, and the report
    assert len(counted) == 2 and [dict(zip(t.Reason, t.Rows)) for t in counted] == 2 * [
        {"a survey preview, not a respondent (Status 'Survey Preview' or 1)": 1, "unfinished (Finished False or 0)": 1}
    ]
    next(c for c in at.checkbox if c.label == upload.KEEP).check()
    at = press_import(at.run())
    no_traceback(at)
    assert "Imported **qualtrics**: 7 respondents" in said(at, "success")
