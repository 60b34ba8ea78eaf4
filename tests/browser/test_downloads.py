"""Every kind of download, clicked in the real browser and checked as a file."""

from __future__ import annotations

import csv
import io
import zipfile
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from browser_harness import App

pytestmark = pytest.mark.browser


def choose_download(app: App, size: str | None = None, fmt: str | None = None) -> None:
    """Set the sidebar's figure-download choices (each change reruns the page)."""
    if size:
        box = app.sidebar_widget("stSelectbox", "Size").get_by_role("combobox")
        box.click()
        option = app.page.get_by_role("option").filter(has_text=size).first
        option.wait_for(state="visible")
        app.rerun(option.click)
    if fmt:
        radio = app.sidebar_widget("stRadio", "Format")
        app.rerun(lambda: radio.get_by_text(fmt, exact=True).click())


def test_figure_png_svg_pdf_at_slide_size(app: App):
    app.open("withdrawal", drug="paroxetine")
    png = app.download("Figure (PNG, 16x9)")
    assert png.name == "withdrawal-by-drug_paroxetine_16x9.png"
    assert Image.open(png).size == (1920, 1080)

    choose_download(app, fmt="SVG")
    svg = app.download("Figure (SVG, 16x9)")
    assert svg.name == "withdrawal-by-drug_paroxetine_16x9.svg"
    text = "".join(ET.parse(svg).getroot().itertext())
    assert "Withdrawal effects by drug" in text and "synthetic demo survey, not real respondents" in text

    choose_download(app, size="4:3 slide", fmt="PDF")
    pdf = app.download("Figure (PDF, 4x3)")
    assert pdf.name == "withdrawal-by-drug_paroxetine_4x3.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_data_csv_and_zip(app: App):
    app.open("prevalence", drug="sertraline")
    data = app.download("Data (CSV)")
    assert data.name == "side-effect-prevalence_sertraline.csv"
    rows = list(csv.DictReader(io.StringIO(data.read_text())))
    assert {"label", "pct", "ci_low", "ci_high", "respondents"} <= set(rows[0])
    assert len(rows) == 10 and all(0 <= float(r["pct"]) <= 100 for r in rows)

    bundle = app.download("Data + README (zip)")
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        readme = z.read("README.txt").decode()
    assert {"side-effect-prevalence_sertraline.csv", "README.txt", "sql/prevalence_by_effect.sql"} <= names
    assert "sertraline" in readme and "prevalence_by_effect.sql" in readme and "SYNTHETIC" in readme


def test_page_zip_holds_every_figure(app: App):
    app.open("withdrawal")
    bundle = app.download("Download all")
    with zipfile.ZipFile(bundle) as z:
        pngs = [n for n in z.namelist() if n.endswith(".png")]
        csvs = [n for n in z.namelist() if n.endswith(".csv")]
        assert len(pngs) >= 6 and len(csvs) == len(pngs)
        assert all(Image.open(io.BytesIO(z.read(n))).size == (1920, 1080) for n in pngs)
