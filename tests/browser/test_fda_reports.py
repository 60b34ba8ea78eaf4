"""The FAERS page in the real browser, on the two 100-report samples of real reports `make faers-sample` imports."""

from __future__ import annotations

import zipfile

import pytest
from browser_harness import App
from PIL import Image

from sidefx.faers import words as faers_words

pytestmark = pytest.mark.browser


def test_the_sample_shows_its_charts_labelled_and_downloads_a_slide(app: App):
    app.open("faers", event="withdrawal_effects")
    assert not app.exceptions()
    assert "Reports to the FDA (FAERS)" in app.headings()
    assert any("Only 200 cases are imported" in w for w in app.warnings())  # the two samples
    titles = " ".join(p["title"] or "" for p in app.plots()).replace("<br>", " ")
    assert "reports to the FDA, by antidepressant" in titles
    assert "Each side effect in reports to the FDA" in titles

    png = app.download("Figure (PNG, 16x9)")  # the first chart's: the forest
    assert png.name.startswith("faers-ror-withdrawal-effects") and Image.open(png).size == (1920, 1080)

    bundle = app.download("Data + README (zip)")
    with zipfile.ZipFile(bundle) as z:
        readme = z.read("README.txt").decode()
        names = set(z.namelist())
    assert {"sql/faers/faers_signals.sql", "sql/faers/_views.sql"} <= names
    assert "2017Q2" in readme and "Deduplication" in readme  # the source line's quarter, the method
    assert faers_words.FAERS_CAVEATS.split(":")[0] in readme  # 'Spontaneous reports are not incidence'
