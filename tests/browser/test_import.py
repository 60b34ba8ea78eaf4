"""The Import page in a real browser: an export uploaded, imported and explored, seen by its own session only,
removed when that session ends; an upload over the size limit is refused by the uploader itself."""

from __future__ import annotations

import time
import zipfile

from sidefx import settings
from tests.test_import_page import csv_bytes

UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'


def upload(app, path) -> None:
    app.rerun(lambda: app.page.locator(UPLOAD_INPUT).first.set_input_files(str(path)))


def alerts(app) -> str:
    return " ".join(app.page.locator('[data-testid="stAlert"]').all_inner_texts())


def dataset_options(app) -> list[str]:
    """The sidebar's Dataset switch, opened: the names it offers."""
    app.sidebar_widget("stSelectbox", "Dataset").click()
    options = app.page.get_by_role("option").all_inner_texts()
    app.page.keyboard.press("Escape")
    return options


def test_an_upload_is_imported_and_explored_by_its_own_session_only(app, second_app, server_uploads_dir, tmp_path):
    export = tmp_path / "clinic-audit.csv"
    export.write_bytes(csv_bytes())
    app.open("import_survey")
    upload(app, export)
    assert "1. Check the file was read right" in app.headings()
    app.rerun(lambda: app.page.get_by_role("button", name="Import and explore").click())
    app.page.get_by_text("Imported clinic-audit: 7 respondents").wait_for()
    app.wait_idle()
    sessions = list(server_uploads_dir.glob("session-*"))
    assert len(sessions) == 1 and (sessions[0] / "dataset" / "respondent_cells.parquet").exists()
    app.screenshot("import-done", full=True)

    app.rerun(lambda: app.page.get_by_text("Explore it: side-effect prevalence").click())
    assert app.page.url.split("?")[0].endswith("/prevalence")
    assert "Survey: clinic-audit." in alerts(app) and "synthetic" not in alerts(app).lower()
    assert any("n = 7 respondents" in (p["subtitle"] or "") for p in app.plots())
    assert "clinic-audit (your upload)" in dataset_options(app)

    # The Withdrawal page's zip: its closed tabs' figures are built when clicked, outside the session's run,
    # and still read the upload.
    app.rerun(lambda: app.page.locator('[data-testid="stSidebarNav"]').get_by_text("Withdrawal").click())
    with zipfile.ZipFile(app.download("Download all")) as z:
        readmes = {n: z.read(n).decode() for n in z.namelist() if n.endswith("README.txt")}
    assert readmes and all("clinic-audit" in r and "SYNTHETIC" not in r for r in readmes.values())

    # Another browser on the same server: the demo, no trace of the upload, not even as a choice.
    second_app.open("prevalence")
    assert "Demo data: synthetic" in alerts(second_app) and "clinic-audit" not in alerts(second_app)
    assert not [o for o in dataset_options(second_app) if "your upload" in o]
    second_app.open("import_survey")
    assert "Imported" not in second_app.page.inner_text("body")

    # The session ends (the tab is closed): its folder goes with it.
    app.page.context.close()
    deadline = time.monotonic() + 90
    while sessions[0].exists() and time.monotonic() < deadline:
        time.sleep(1)
    assert not sessions[0].exists(), "the upload outlived its session"


def test_an_upload_over_the_size_limit_is_refused_with_the_limit_said_above_the_uploader(app, tmp_path):
    limit = settings.get("upload_max_mb")
    big = tmp_path / "too-big.csv"
    with open(big, "wb") as f:  # sparse: one byte past the limit costs no disk
        f.truncate(limit * 1024 * 1024 + 1)
    app.open("import_survey")
    assert f"up to {limit} MB" in app.page.inner_text('[data-testid="stMainBlockContainer"]')
    app.page.locator(UPLOAD_INPUT).first.set_input_files(str(big))
    app.page.get_by_text(f"File must be {limit}.0MB or smaller").wait_for(timeout=20_000)
    assert "1. Check the file was read right" not in app.headings()
