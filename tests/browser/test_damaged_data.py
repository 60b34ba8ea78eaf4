"""A damaged survey folder in the real browser: the pages that read the survey say which file and what to do, while
Study comparisons (the published studies) and the FAERS page go on working, on a second server of their own."""

from __future__ import annotations

import shutil

import pytest
from browser_harness import DESKTOP, REPO_ROOT, App
from conftest import _new_app, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def broken_url(browser_requirements, tmp_path_factory, server_faers_dir):
    """A server whose survey folder (SIDEFX_DATA_DIR) has a truncated respondents.parquet."""
    folder = tmp_path_factory.mktemp("broken") / "my-data"
    shutil.copytree(REPO_ROOT / "data", folder)
    damaged = folder / "respondents.parquet"
    damaged.write_bytes(damaged.read_bytes()[:1000])
    settings = {
        "SIDEFX_DATA_DIR": str(folder),
        "SIDEFX_FAERS_DIR": str(server_faers_dir),
        "SIDEFX_DATASETS_DIR": str(tmp_path_factory.mktemp("datasets")),
    }
    yield from serve(tmp_path_factory, settings)


@pytest.fixture
def broken(browser, broken_url, tmp_path):
    a = _new_app(browser, broken_url, DESKTOP, tmp_path)
    yield a
    a.page.context.close()


ERROR = '[data-testid="stAlert"]:has([data-testid="stAlertContentError"])'


def errors(app: App) -> list[str]:
    return app.page.locator(ERROR).all_inner_texts()


def test_a_damaged_survey_stops_its_pages_and_leaves_studies_and_faers_working(broken: App, tmp_path_factory):
    broken.page.goto(broken.url_for("prevalence"))  # no page title is drawn: the message is the page
    broken.page.locator(ERROR).first.wait_for()
    said = " ".join(errors(broken))
    assert "respondents.parquet" in said and "damaged or not a Parquet file" in said and not broken.plots()
    assert "SIDEFX_DATA_DIR" in said and "/tmp" not in said and not broken.exceptions()  # no server path

    broken.open("studies")
    assert not errors(broken) and not broken.exceptions()
    assert any("survey's row is left out" in w for w in broken.warnings())
    titles = " ".join(p["title"] or "" for p in broken.plots())
    assert "studies and this dashboard's survey" not in titles and broken.plots()  # the published rows, drawn

    broken.open("faers", event="withdrawal_effects")
    assert not errors(broken) and not broken.exceptions()
    assert "reports to the FDA, by antidepressant" in " ".join(p["title"] or "" for p in broken.plots())
