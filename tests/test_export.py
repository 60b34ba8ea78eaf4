"""Static exports: sizes, formats, the words baked in, colours, names, threads and the data files.

Panels are built in code from tiny frames with the real chart builders. The data version is
passed explicitly, so nothing here reads the data files or Streamlit's cache. Rendering needs
Chromium (Debian's ``chromium``); those tests are skipped, not failed, where it is missing.
"""

from __future__ import annotations

import io
import os
import re
import threading
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace

import pandas as pd
import plotly.io as pio
import pytest
from PIL import Image
from pypdf import PdfReader

from sidefx import charts, export, settings, words
from sidefx.build import demo
from sidefx.charts import ChartText
from sidefx.export import render
from sidefx.filters import Filters
from sidefx.record import Dataset, Panel
from sidefx.serve.queries import QueryRun
from sidefx.survey.panels import PCT_COLUMNS, W_COLUMNS

VERSION = "test-v1"
LINK = "http://localhost:8501/withdrawal?drug=paroxetine&compare=none"
DEMO = Dataset(demo.DATASET, True, demo.SOURCE)
SOURCE = "Source: " + demo.SOURCE
# Under CI a missing Chromium fails these tests (as the browser suite does); locally they are skipped.
needs_browser = pytest.mark.skipif(
    export.find_browser() is None and not os.environ.get("CI"), reason="no Chromium here: static export cannot run"
)


def make_panel(
    slug: str,
    kind: str,
    df: pd.DataFrame,
    text: ChartText,
    runs=(),
    filters=None,
    columns=None,
    options=None,
    dataset=DEMO,
    citations=(),
    link=LINK,
    version=VERSION,
) -> Panel:
    text = replace(text, badge=words.SYNTHETIC_BADGE if dataset is not None and dataset.synthetic else None)
    return Panel(
        slug,
        kind,
        df,
        text,
        f"{kind} chart",
        tuple(runs),
        filters or Filters(),
        dataset,
        version,
        columns or {},
        tuple(citations),
        options or {},
        link=link,
    )


def withdrawal_panel(title: str = "Withdrawal effects by drug", drugs: tuple[str, ...] = ("paroxetine",)) -> Panel:
    """Three drugs, one of them under the small-sample threshold (hatched)."""
    df = pd.DataFrame(
        {
            "grp": ["paroxetine", "venlafaxine", "sertraline"],
            "grp_order": [1, 2, 3],
            "had_withdrawal": [30, 12, 6],
            "tried_to_stop": [50, 20, 12],
            "pct": [60.0, 60.0, 50.0],
            "ci_low": [46.2, 38.7, 25.4],
            "ci_high": [72.4, 78.1, 74.6],
        }
    )
    text = ChartText(
        title,
        "Paroxetine · n = 82 who tried to stop",
        SOURCE,
        words.bars_note(True),
        words.reading_example(df, "had_withdrawal", "tried_to_stop", "had withdrawal effects"),
    )
    filters = Filters(drugs=drugs)
    run = QueryRun("withdrawal_by_group", filters.to_params() | {"group_by": "drug"})
    return make_panel(
        "withdrawal-by-drug",
        "withdrawal_bars",
        df,
        text,
        [run],
        filters,
        W_COLUMNS | {"grp": "Drug"},
        {"axis_title": "Drug"},
    )


def prevalence_panel() -> Panel:
    df = pd.DataFrame(
        {
            "effect": ["sexual_dysfunction", "weight_gain"],
            "label": ["Sexual difficulties", "Weight gain"],
            "domain": ["sexual", "weight/metabolic"],
            "sort_order": [1, 2],
            "reported": [60, 12],
            "respondents": [100, 40],
            "pct": [60.0, 30.0],
            "ci_low": [50.2, 18.1],
            "ci_high": [69.1, 45.4],
        }
    )
    text = ChartText("Side effects reported", "All respondents · n = 100 respondents", SOURCE, words.CI_NOTE)
    run = QueryRun("prevalence_by_effect", Filters().to_params() | {"effects": []})
    return make_panel(
        "side-effect-prevalence",
        "prevalence_bars",
        df,
        text,
        [run],
        Filters(),
        {"label": "Side effect", "domain": "Domain"} | PCT_COLUMNS,
        citations=["Doe J (2020). A study. J Test."],
    )


def forest_rows(n_rows: int) -> pd.DataFrame:
    """A forest plot's rows: one design header, then estimates with their own n or only the whole study's."""
    rows = [dict(kind="header", label="Surveys", design="survey")]
    for i in range(n_rows):
        own = i % 2 == 0
        rows.append(
            dict(
                kind="estimate",
                label=f"Author{i} 20{10 + i % 15} · double-blind RCTs, mean of 3 trials · paroxetine",
                design="survey",
                value=30.0 + i,
                ci_low=25.0 + i,
                ci_high=35.0 + i,
                n=400.0 + i,
                n_own=own,
                n_text=f"{400 + i:,}" + ("" if own else ", whole study"),
                n_short=f"{400 + i:,}" + ("" if own else "*"),
                estimate_text=f"{30.0 + i:.1f}% ({25.0 + i:.1f}%–{35.0 + i:.1f}%)",
                hover="h",
            )
        )
    return pd.DataFrame(rows)


def forest_panel(n_rows: int = 6) -> Panel:
    text = ChartText(
        "Withdrawal effects on stopping: published estimates",
        f"{n_rows} published estimates",
        "Sources: Author 2010, doi:10.1/x",
        "Squares: published estimates",
    )
    return make_panel(
        "forest-withdrawal-incidence-published",
        "forest",
        forest_rows(n_rows),
        text,
        [QueryRun("published_estimates", {"topic": "withdrawal_incidence"})],
        options={"measure": "percent"},
        dataset=None,
    )


def svg_text(svg: bytes) -> str:
    """All text in an SVG, whitespace collapsed (wrapped lines joined by a space)."""
    return re.sub(r"\s+", " ", " ".join(ET.fromstring(svg).itertext()))


@pytest.fixture(scope="module")
def panel() -> Panel:
    return withdrawal_panel()


@pytest.fixture(scope="module")
def exports(panel):
    """Every preset in every format, made once for the module (15 renders)."""
    export.clear_cache()
    return {(p, f): export.export_figure(panel, p, f) for p in export.PRESETS for f in export.FORMATS}


# ---- the preset x format matrix --------------------------------------------------------------
@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_png_has_the_preset_pixel_size(exports, preset):
    p = export.PRESETS[preset]
    img = Image.open(io.BytesIO(exports[preset, "png"]))
    assert img.size == (p.width, p.height)
    assert img.mode in ("RGB", "RGBA") and img.convert("RGBA").getpixel((2, 2))[3] == 255  # opaque background
    if p.dpi:
        assert img.info["dpi"] == pytest.approx((p.dpi, p.dpi), abs=0.5)


@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_svg_parses_and_carries_title_source_version_and_link(exports, preset):
    text = svg_text(exports[preset, "svg"])
    assert "Withdrawal effects by drug" in text
    assert "Paroxetine · n = 82 who tried to stop" in text
    assert "Synthetic demo survey generated by this project" in text  # the source line says what the data is
    assert f"Data version {VERSION}" in text
    assert "Error bars: 95% Wilson confidence intervals" in text
    assert "drug=paroxetine" in text.replace(" ", "")  # the link, possibly wrapped


PRINT_SIZE_PT = {  # (width, height) of each preset's PDF page: screen sizes at 96 px/in, the column at 300 dpi
    "slide-16x9": (1440, 810),  # 20 x 11.25 in
    "slide-4x3": (1080, 810),
    "square": (810, 810),
    "journal": (252, 252),  # 3.5 x 3.5 in
    "poster": (2880, 1620),
}


@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_pdf_is_one_page_of_the_preset_print_size(exports, preset):
    data = exports[preset, "pdf"]
    assert data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 1
    assert "Withdrawal" in pages[0].extract_text()  # vector text, not a picture of it
    box = pages[0].mediabox
    assert (float(box.left), float(box.bottom)) == (0, 0)
    assert (float(box.width), float(box.height)) == pytest.approx(PRINT_SIZE_PT[preset], abs=0.01)
    assert pages[0].cropbox == box
    # The figure fills the page at exactly that scale (no white border): the title is 40 px at scale 1.
    p = export.PRESETS[preset]
    pt_per_px = PRINT_SIZE_PT[preset][0] / p.width
    title = max(pt for pt, _ in pdf_text_pt(data))
    assert title == pytest.approx(export.TITLE_PX * p.scale * pt_per_px, rel=0.002)


@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_svg_size_is_the_pdf_page_size(exports, preset):
    """A column's SVG says its print size in inches (a document places it 3.5 in wide); screen sizes give pixels."""
    root = ET.fromstring(exports[preset, "svg"])
    w, h = PRINT_SIZE_PT[preset]
    if preset == "journal":
        assert (root.get("width"), root.get("height")) == ("3.5in", "3.5in")
    else:
        assert (root.get("width"), root.get("height")) == (str(round(w / 0.75)), str(round(h / 0.75)))
    p = export.PRESETS[preset]
    assert root.get("viewBox") == f"0 0 {p.width} {p.height}"  # drawn in the preset's pixels either way


def pdf_text_pt(pdf: bytes) -> list[tuple[float, str]]:
    """Every piece of text on the PDF's page with its printed size in pt (the font size through every transform)."""
    out = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            m = [tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]]  # the text's vertical, on the page
            out.append((size * (m[0] ** 2 + m[1] ** 2) ** 0.5, text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return out


@needs_browser
@pytest.mark.parametrize("make", [withdrawal_panel, lambda: forest_panel(8)], ids=["bars", "stacked-forest"])
def test_journal_pdf_text_is_at_least_6_pt_printed(make):
    """Journals ask for 6-7 pt at the printed size: read from the PDF, which is the column's 3.5 in."""
    pdf = export.export_figure(make(), "journal", "pdf")
    sizes = pdf_text_pt(pdf)
    assert len(sizes) > 10
    small = [(round(pt, 2), text) for pt, text in sizes if pt < 6 - 0.01]
    assert not small, small[:5]
    title = max(pt for pt, _ in sizes)
    assert 11.5 <= title <= 13  # the title, 50 px at 300 dpi


@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_no_text_under_the_floor(exports, preset):
    """At 1920x1080 nothing is under 18 px; other presets scale that floor."""
    sizes = [float(v) for v in re.findall(rb"font-size: ?([\d.]+)px", exports[preset, "svg"])]
    scale = export.PRESETS[preset].scale
    assert sizes and min(sizes) >= 18 * scale - 0.5  # the floor: 18 px on a 1920x1080 slide
    title = max(sizes)
    assert title >= 40 * scale - 0.5


@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_plot_sits_where_planned_and_the_footer_clears_the_axis(panel, exports, preset):
    """plotly pushed nothing (so the footer is where it was put), and the x title ends above the footer."""
    fig = export.build_figure(panel, preset)
    svg = exports[preset, "svg"].decode()
    x, y = map(float, re.search(r'<g class="xy" transform="translate\(([\d.]+),([\d.]+)\)"', svg).groups())
    h = float(re.search(r'<clipPath id="clip[^"]*xyplot"[^>]*><rect[^>]*height="([\d.]+)"', svg).group(1))
    m = fig.layout.margin
    assert (x, y, fig.layout.height - (y + h)) == pytest.approx((m.l, m.t, m.b), abs=1.5)
    xtitle_baseline = float(re.search(r'class="xtitle"[^>]*y="([\d.]+)"', svg).group(1))
    footer_top = float(
        re.search(
            r'<g class="cursor-pointer" transform="translate\([\d.]+,([\d.]+)\)">(?:(?!</g>).)*Data version', svg
        ).group(1)
    )
    assert xtitle_baseline + 0.3 * export.BODY_PX * export.PRESETS[preset].scale < footer_top


@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
@pytest.mark.parametrize("dark", [False, True])
def test_synthetic_badge_is_in_the_title_area_at_least_subtitle_size(panel, preset, dark):
    """Every export of synthetic data says so where an audience reads: above the title, no smaller than the subtitle."""
    svg = export.export_figure(panel, preset, "svg", dark).decode()
    root = ET.fromstring(svg)
    sizes = {}
    for el in root.iter():
        text = "".join(el.itertext()).strip()
        m = re.search(r"font-size: ?([\d.]+)px", el.get("style") or "")
        if m and text in (words.SYNTHETIC_BADGE, "Paroxetine · n = 82 who tried to stop", "Withdrawal effects by drug"):
            sizes[text] = float(m.group(1))
    assert sizes[words.SYNTHETIC_BADGE] >= sizes["Paroxetine · n = 82 who tried to stop"]
    # The badge's text is above the title's (SVG y grows downwards).
    ys = {
        t: float(el.get("y") or 0) + _translate_y(el, root)
        for el in root.iter()
        for t in [("".join(el.itertext()).strip())]
        if t in (words.SYNTHETIC_BADGE, "Withdrawal effects by drug") and el.get("y") is not None
    }
    assert ys[words.SYNTHETIC_BADGE] < ys["Withdrawal effects by drug"] < export.PRESETS[preset].height * 0.25
    pdf = export.export_figure(panel, preset, "pdf", dark)
    assert words.SYNTHETIC_BADGE in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def _translate_y(el, root) -> float:
    """The y offset of the groups an element sits in (plotly places annotations with translate)."""
    parents = {c: p for p in root.iter() for c in p}
    y, node = 0.0, el
    while node in parents:
        node = parents[node]
        m = re.search(r"translate\(([-\d.]+),\s*([-\d.]+)\)", node.get("transform") or "")
        y += float(m.group(2)) if m else 0.0
    return y


@needs_browser
def test_published_only_figure_has_no_badge_and_pdf_is_titled():
    p = forest_panel(6)
    svg = svg_text(export.export_figure(p, "slide-16x9", "svg"))
    assert words.SYNTHETIC_BADGE not in svg
    meta = PdfReader(io.BytesIO(export.export_figure(p, "slide-16x9", "pdf"))).metadata
    assert meta.title == "Withdrawal effects on stopping: published estimates"


@pytest.mark.parametrize("preset", ["journal", "square"])
def test_a_forest_plot_fits_a_journal_column_with_its_words_stacked(preset):
    fig = export.build_figure(forest_panel(8), preset)
    rows = [a for a in fig.layout.annotations if a.name == "forest-row"]
    assert len(rows) == 9 and all("n = " in a.text for a in rows[1:])  # n and estimate under each label
    assert not [a for a in fig.layout.annotations if a.name == "forest-column"]  # no side columns
    m, W = fig.layout.margin, export.PRESETS[preset].width
    assert W - m.l - m.r >= 0.5 * W  # the plot keeps at least half the width
    assert any("whole study" in a.text for a in rows) and any("whole study" not in a.text for a in rows[1:])


def test_a_long_forest_plot_grows_down_the_journal_page_and_a_longer_one_is_refused_in_words():
    fig = export.build_figure(forest_panel(14), "journal")
    assert 1050 < fig.layout.height <= 2700  # taller than the column is wide, at most 9 in
    with pytest.raises(
        export.DoesNotFit,
        match=r"has too many rows \(41: 40 published estimates and 1 heading\) for a journal column: "
        r"choose Slide 16:9 or Poster\.$",
    ):  # the rows counted in the words the subtitle counts estimates in
        export.build_figure(forest_panel(40), "journal")
    assert export.build_figure(forest_panel(25), "poster").layout.height == 2160  # the larger size takes a long one


def test_the_lines_by_duration_fit_a_journal_column_named_by_a_legend(tiny_data):
    """At a slide size each line is named at its end; in a column the names would leave the plot a fifth of the
    width, so a legend names them and the plot keeps the width."""
    from sidefx.survey import panels as survey_panels

    p = survey_panels.prevalence(Filters(), (), "duration", "prevalence")
    wide = export.build_figure(p, "slide-16x9")
    assert [a for a in wide.layout.annotations if a.name == "line-label"] and not wide.layout.showlegend
    column = export.build_figure(p, "journal")
    assert not [a for a in column.layout.annotations if a.name == "line-label"] and column.layout.showlegend
    m = column.layout.margin
    assert 1050 - m.l - m.r >= 0.6 * 1050


def test_dark_and_light_exports_get_different_names(panel):
    assert export.filename(panel, "slide-16x9", "png", dark=True) == "withdrawal-by-drug_paroxetine_16x9-dark.png"
    assert export.filename(panel, "slide-16x9", "png") != export.filename(panel, "slide-16x9", "png", dark=True)


# ---- colours and the template ---------------------------------------------------------------------
def rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i : i + 2], 16) for i in (0, 2, 4)))


@needs_browser
def test_bars_keep_the_project_palette_under_streamlits_template():
    import streamlit  # noqa: F401  (what the app does: it swaps plotly's default template)

    assert (
        pio.templates.default != "plotly"
        and pio.templates[pio.templates.default].layout.colorway[0] != charts.PALETTE[0]
    )
    svg = export.export_figure(withdrawal_panel(title="Palette under Streamlit"), "slide-16x9", "svg").decode()
    assert f"fill: {rgb(charts.PALETTE[5])}" in svg
    assert "rgb(0, 0, 1)" not in svg and "#000001" not in svg


@needs_browser
def test_prevalence_bars_are_palette_blue_in_svg_and_png():
    p = prevalence_panel()
    assert f"fill: {rgb(charts.PALETTE[0])}" in export.export_figure(p, "slide-16x9", "svg").decode()
    img = Image.open(io.BytesIO(export.export_figure(p, "slide-16x9", "png"))).convert("RGB")
    blue = tuple(int(charts.PALETTE[0][i : i + 2], 16) for i in (1, 3, 5))
    assert blue in {c for _, c in img.getcolors(maxcolors=1 << 20)}


@needs_browser
def test_dark_export_has_dark_background_and_light_text(panel):
    png = export.export_figure(panel, "slide-16x9", "png", dark=True)
    corner = Image.open(io.BytesIO(png)).convert("RGB").getpixel((3, 3))
    assert sum(corner) < 120  # dark
    svg = export.export_figure(panel, "slide-16x9", "svg", dark=True).decode()
    assert f"fill: {rgb(charts.DARK_INK)}" in svg  # the title
    assert rgb(charts.INK) not in svg  # no dark ink left on the dark background (error bars included)


# ---- names and the modebar ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "preset,tag",
    [("slide-16x9", "16x9"), ("slide-4x3", "4x3"), ("square", "square"), ("journal", "journal"), ("poster", "poster")],
)
@pytest.mark.parametrize("fmt", export.FORMATS)
def test_file_names_follow_slug_filters_preset(panel, preset, tag, fmt):
    assert export.filename(panel, preset, fmt) == f"withdrawal-by-drug_paroxetine_{tag}.{fmt}"


def test_file_name_without_filters_and_with_several():
    assert export.filename(withdrawal_panel(drugs=()), "poster", "pdf") == "withdrawal-by-drug_all_poster.pdf"
    assert (
        export.filename(withdrawal_panel(drugs=("paroxetine", "sertraline")), "square", "svg")
        == "withdrawal-by-drug_paroxetine_sertraline_square.svg"
    )


def test_unknown_preset_or_format_is_refused(panel):
    with pytest.raises(ValueError, match="choose one of"):
        export.filename(panel, "a4", "png")
    with pytest.raises(ValueError, match="choose one of"):
        export.export_figure(panel, "slide-16x9", "gif")


def test_modebar_config_saves_a_named_preset_sized_png(panel):
    opts = export.modebar_config(panel, "square")["toImageButtonOptions"]
    assert opts == {
        "format": "png",
        "filename": "withdrawal-by-drug_paroxetine_square",
        "width": 1080,
        "height": 1080,
        "scale": 1,
    }
    assert export.modebar_config(panel)["toImageButtonOptions"]["width"] == 1920


# ---- threads, caching, no mutation ----------------------------------------------------------------
@needs_browser
def test_concurrent_exports_each_get_their_own_figure():
    """The sync server answers in order of asking; without the lock, threads receive each other's images."""
    export.clear_cache()
    panels = [withdrawal_panel(title=f"Figure number {i} of eight") for i in range(8)]
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(i):
        try:
            start.wait()
            results[i] = export.export_figure(panels[i], "slide-16x9", "svg")
        except BaseException as e:  # noqa: BLE001 reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    for i in range(8):
        titles = set(re.findall(r"Figure number (\d) of eight", svg_text(results[i])))
        assert titles == {str(i)}


@needs_browser
def test_export_never_mutates_the_panel_figure():
    p = withdrawal_panel()
    before = p.figure.to_json()
    export.export_figure(p, "journal", "png", dark=True)
    export.build_figure(p, "poster", dark=True)
    assert p.figure.to_json() == before


@needs_browser
def test_repeated_export_comes_from_the_cache(panel):
    first = export.export_figure(panel, "square", "png")
    assert export.export_figure(panel, "square", "png") is first
    other = export.export_figure(replace(panel, data_version="another-version"), "square", "png")
    assert other != first  # the version is part of the key (and of the image)


def test_missing_chromium_is_a_typed_one_line_refusal(monkeypatch):
    class Stopped:
        def is_running(self):
            return False

    import kaleido

    monkeypatch.setattr(render, "_server", lambda: (kaleido, Stopped()))
    monkeypatch.setattr(render, "find_browser", lambda: None)
    with pytest.raises(export.ExportUnavailable) as err:
        export.export_figure(withdrawal_panel(title="Never rendered"), "slide-16x9", "png")
    assert "Chromium" in str(err.value) and "\n" not in str(err.value)


def effect_bars(n: int) -> Panel:
    df = pd.DataFrame(
        {
            "effect": [f"e{i}" for i in range(n)],
            "label": [f"Effect number {i}" for i in range(n)],
            "domain": ["d"] * n,
            "sort_order": range(n),
            "reported": [50] * n,
            "respondents": [100] * n,
            "pct": [50.0] * n,
            "ci_low": [40.0] * n,
            "ci_high": [60.0] * n,
        }
    )
    return make_panel("many", "prevalence_bars", df, ChartText(f"{n} effects", "All respondents", SOURCE))


def test_too_many_rows_for_the_size_is_refused_in_words():
    with pytest.raises(
        export.DoesNotFit,
        match=r"^'60 effects' has too many rows \(60\) for a square: choose Slide 16:9 or Poster\.$",
    ):
        export.build_figure(effect_bars(60), "square")
    with pytest.raises(
        export.DoesNotFit,
        match=r"^'120 effects' has too many rows \(120\) for a journal column: choose Slide 16:9 or Poster\.$",
    ):
        export.build_figure(effect_bars(120), "journal")


def test_rows_too_many_for_6_pt_in_a_column_make_it_taller_not_smaller():
    """A column may grow to 9 in: bars whose labels would be under 6 pt (25 px) get the room for body-size labels."""
    fig = export.build_figure(effect_bars(60), "journal")
    m = fig.layout.margin
    assert 1050 < fig.layout.height <= 2700
    assert (fig.layout.height - m.t - m.b) / 60 >= 27.5  # a body line (6.6 pt) per row
    assert fig.layout.yaxis.tickfont.size >= 25


# ---- the data behind the figure ------------------------------------------------------------------
def test_csv_is_exactly_the_plotted_columns(panel):
    df = pd.read_csv(io.BytesIO(export.data_csv(panel)))
    assert list(df.columns) == ["grp", "pct", "ci_low", "ci_high", "had_withdrawal", "tried_to_stop"]
    assert df.grp.tolist() == ["paroxetine", "venlafaxine", "sertraline"]
    assert df.ci_high.tolist() == [72.4, 78.1, 74.6] and df.tried_to_stop.tolist() == [50, 20, 12]


def test_data_zip_has_csv_readme_and_the_sql(panel):
    z = zipfile.ZipFile(io.BytesIO(export.data_zip(panel)))
    assert set(z.namelist()) == {
        "withdrawal-by-drug_paroxetine.csv",
        "README.txt",
        "sql/withdrawal_by_group.sql",
        "sql/_views.sql",
    }
    readme = z.read("README.txt").decode()
    for phrase in (
        "Withdrawal effects by drug",
        "Filters: paroxetine",
        "withdrawal_by_group.sql",
        f"Data version: {VERSION}",
        LINK,
        "SYNTHETIC DATA",
        "grp: Drug",
        '"group_by": "drug"',
        "[Synthetic demo data, not real patients]",
    ):
        assert phrase in readme
    assert (
        z.read("sql/withdrawal_by_group.sql").decode()
        == (settings.queries_dir() / "withdrawal_by_group.sql").read_text()
    )
    assert z.read("withdrawal-by-drug_paroxetine.csv") == export.data_csv(panel)


def test_readme_lists_citations():
    assert "Doe J (2020). A study. J Test." in export.readme(prevalence_panel())


@needs_browser
def test_page_zip_holds_every_figure_and_csv():
    panels = [withdrawal_panel(), prevalence_panel()]
    z = zipfile.ZipFile(io.BytesIO(export.page_zip(panels, "square", "svg")))
    assert set(z.namelist()) == {
        "withdrawal-by-drug_paroxetine_square.svg",
        "withdrawal-by-drug_paroxetine_square.csv",
        "side-effect-prevalence_all_square.svg",
        "side-effect-prevalence_all_square.csv",
        "README.txt",
        "sql/withdrawal_by_group.sql",
        "sql/prevalence_by_effect.sql",
        "sql/_views.sql",
    }
    assert "Side effects reported" in svg_text(z.read("side-effect-prevalence_all_square.svg"))


@pytest.mark.parametrize(
    "text,width",
    [
        ("Source: synthetic demo survey, not real respondents (generated by this project)", 300),
        ("This view: " + LINK + "&class=all&min_months=0&max_months=480&sex=all&age=all", 250),
        ("% of those who tried to stop", -40),  # a chart with no room left: must still end
    ],
)
def test_wrap_keeps_to_the_width_and_ends(text, width):
    lines = export.wrap(text, 20, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(export.text_px(line, 20) <= max(width, 40) for line in lines)


@needs_browser
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # kaleido's thread dies, as meant
def test_a_browser_that_will_not_start_is_an_error_not_a_hang(monkeypatch):
    """kaleido's sync server waits for ever once its thread has died; export notices and says so."""
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)
    monkeypatch.setattr(render, "find_browser", lambda: "/bin/false")
    with pytest.raises(export.ExportUnavailable, match="stopped or would not start"):
        export.export_figure(withdrawal_panel(title="Browser that fails"), "square", "svg")
    monkeypatch.undo()  # the real browser again: the next export starts a fresh server
    svg = export.export_figure(withdrawal_panel(title="Browser is back"), "square", "svg")
    assert "Browser is back" in svg_text(svg)
