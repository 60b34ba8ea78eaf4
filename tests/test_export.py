"""Static exports: sizes, formats, the words baked in, colours, names, threads and the data files.

Panels are built in code from tiny frames with the real chart builders. The data version is
passed explicitly, so nothing here reads the data files or Streamlit's cache. Rendering needs
Chromium (Debian's ``chromium``); those tests are skipped, not failed, where it is missing.
"""

from __future__ import annotations

import io
import re
import threading
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from PIL import Image
from pypdf import PdfReader

from sidefx import charts, export, reports, settings  # reports imports streamlit, which swaps plotly's default template
from sidefx.charts import ChartText
from sidefx.filters import Filters
from sidefx.panels import PCT_COLUMNS, W_COLUMNS, Panel

VERSION = "test-v1"
LINK = "http://localhost:8501/withdrawal?drug=paroxetine&compare=none"
needs_browser = pytest.mark.skipif(export.find_browser() is None, reason="no Chromium here: static export cannot run")


def withdrawal_panel(title: str = "Withdrawal effects by drug", drugs: tuple[str, ...] = ("paroxetine",)) -> Panel:
    """Three drugs, one of them under the small-sample threshold (hatched)."""
    df = pd.DataFrame({
        "grp": ["paroxetine", "venlafaxine", "sertraline"], "grp_order": [1, 2, 3],
        "had_withdrawal": [30, 12, 6], "tried_to_stop": [50, 20, 12],
        "pct": [60.0, 60.0, 50.0], "ci_low": [46.2, 38.7, 25.4], "ci_high": [72.4, 78.1, 74.6],
    })
    text = ChartText(title, "Paroxetine · n = 82 who tried to stop", reports.SYNTHETIC_SOURCE, charts.CI_NOTE)
    fig = charts.withdrawal_bars(df, text, "Drug")
    return Panel("withdrawal-by-drug", fig, df, text, "Bar chart of withdrawal by drug", "withdrawal_by_group",
                 Filters(drugs=drugs), W_COLUMNS | {"grp": "Drug"})


def prevalence_panel() -> Panel:
    df = pd.DataFrame({
        "effect": ["sexual_dysfunction", "weight_gain"], "label": ["Sexual difficulties", "Weight gain"],
        "domain": ["sexual", "weight/metabolic"], "sort_order": [1, 2], "reported": [60, 12], "respondents": [100, 40],
        "pct": [60.0, 30.0], "ci_low": [50.2, 18.1], "ci_high": [69.1, 45.4],
    })
    text = ChartText("Side effects reported", "All respondents · n = 100 respondents", reports.SYNTHETIC_SOURCE, charts.CI_NOTE)
    return Panel("side-effect-prevalence", charts.prevalence_bars(df, text), df, text, "Bar chart", "prevalence_by_effect",
                 Filters(), {"label": "Side effect", "domain": "Domain"} | PCT_COLUMNS, citations=["Doe J (2020). A study. J Test."])


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
    return {(p, f): export.export_figure(panel, p, f, link=LINK, data_version=VERSION) for p in export.PRESETS for f in export.FORMATS}


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
    assert "synthetic demo survey, not real respondents" in text  # the synthetic label on demo data
    assert f"Data version {VERSION}" in text
    assert "Error bars: 95% Wilson confidence intervals" in text
    assert "drug=paroxetine" in text.replace(" ", "")  # the link, possibly wrapped


@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_pdf_is_one_page_of_the_preset_shape(exports, preset):
    data, p = exports[preset, "pdf"], export.PRESETS[preset]
    assert data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 1
    assert "Withdrawal" in pages[0].extract_text()  # vector text, not a picture of it
    box = pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(p.width / p.height, rel=0.01)


@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_no_text_under_the_floor(exports, preset):
    """At 1920x1080 nothing is under 18 px; other presets scale that floor."""
    sizes = [float(v) for v in re.findall(rb"font-size: ?([\d.]+)px", exports[preset, "svg"])]
    assert sizes and min(sizes) >= export.MIN_PX * export.PRESETS[preset].scale - 0.5
    title = max(sizes)
    assert title >= 40 * export.PRESETS[preset].scale - 0.5


@needs_browser
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_plot_sits_where_planned_and_the_footer_clears_the_axis(panel, exports, preset):
    """plotly pushed nothing (so the footer is where it was put), and the x title ends above the footer."""
    fig = export.build_figure(panel, preset, link=LINK, data_version=VERSION)
    svg = exports[preset, "svg"].decode()
    x, y = map(float, re.search(r'<g class="xy" transform="translate\(([\d.]+),([\d.]+)\)"', svg).groups())
    h = float(re.search(r'<clipPath id="clip[^"]*xyplot"[^>]*><rect[^>]*height="([\d.]+)"', svg).group(1))
    m = fig.layout.margin
    assert (x, y, fig.layout.height - (y + h)) == pytest.approx((m.l, m.t, m.b), abs=1.5)
    xtitle_baseline = float(re.search(r'class="xtitle"[^>]*y="([\d.]+)"', svg).group(1))
    footer_top = float(re.search(r'<g class="cursor-pointer" transform="translate\([\d.]+,([\d.]+)\)">(?:(?!</g>).)*Data version', svg).group(1))
    assert xtitle_baseline + 0.3 * export.BODY_PX * export.PRESETS[preset].scale < footer_top


# ---- colours and the template ---------------------------------------------------------------------
def rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


@needs_browser
def test_bars_keep_the_project_palette_under_streamlits_template():
    import streamlit  # noqa: F401  (what the app does: it swaps plotly's default template)

    raw = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))  # no colours, no template of its own
    assert pio.templates.default != "plotly" and raw.layout.template.layout.colorway[0] != charts.PALETTE[0]
    text = ChartText("Raw bars", "All respondents", reports.SYNTHETIC_SOURCE)
    p = Panel("raw", raw, pd.DataFrame({"x": ["a", "b"], "y": [1, 2]}), text, "", "withdrawal_by_group", Filters())
    svg = export.export_figure(p, "slide-16x9", "svg", data_version=VERSION).decode()
    assert f"fill: {rgb(charts.PALETTE[0])}" in svg
    assert "rgb(0, 0, 1)" not in svg and "#000001" not in svg


@needs_browser
def test_prevalence_bars_are_palette_blue_in_svg_and_png():
    p = prevalence_panel()
    assert f"fill: {rgb(charts.PALETTE[0])}" in export.export_figure(p, "slide-16x9", "svg", data_version=VERSION).decode()
    img = Image.open(io.BytesIO(export.export_figure(p, "slide-16x9", "png", data_version=VERSION))).convert("RGB")
    blue = tuple(int(charts.PALETTE[0][i:i + 2], 16) for i in (1, 3, 5))
    assert blue in {c for _, c in img.getcolors(maxcolors=1 << 20)}


@needs_browser
def test_dark_export_has_dark_background_and_light_text(panel):
    png = export.export_figure(panel, "slide-16x9", "png", dark=True, data_version=VERSION)
    corner = Image.open(io.BytesIO(png)).convert("RGB").getpixel((3, 3))
    assert sum(corner) < 120  # dark
    svg = export.export_figure(panel, "slide-16x9", "svg", dark=True, data_version=VERSION).decode()
    assert f"fill: {rgb(export.DARK_INK)}" in svg  # the title
    assert rgb(charts.INK) not in svg  # no dark ink left on the dark background (error bars included)


# ---- names and the modebar ---------------------------------------------------------------------
@pytest.mark.parametrize("preset,tag", [("slide-16x9", "16x9"), ("slide-4x3", "4x3"), ("square", "square"),
                                        ("journal", "journal"), ("poster", "poster")])
@pytest.mark.parametrize("fmt", export.FORMATS)
def test_file_names_follow_slug_filters_preset(panel, preset, tag, fmt):
    assert export.filename(panel, preset, fmt) == f"withdrawal-by-drug_paroxetine_{tag}.{fmt}"


def test_file_name_without_filters_and_with_several():
    assert export.filename(withdrawal_panel(drugs=()), "poster", "pdf") == "withdrawal-by-drug_all_poster.pdf"
    assert export.filename(withdrawal_panel(drugs=("paroxetine", "sertraline")), "square", "svg") == \
        "withdrawal-by-drug_paroxetine_sertraline_square.svg"


def test_unknown_preset_or_format_is_refused(panel):
    with pytest.raises(ValueError, match="choose one of"):
        export.filename(panel, "a4", "png")
    with pytest.raises(ValueError, match="choose one of"):
        export.export_figure(panel, "slide-16x9", "gif", data_version=VERSION)


def test_modebar_config_saves_a_named_preset_sized_png(panel):
    opts = export.modebar_config(panel, "square")["toImageButtonOptions"]
    assert opts == {"format": "png", "filename": "withdrawal-by-drug_paroxetine_square", "width": 1080, "height": 1080, "scale": 1}
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
            results[i] = export.export_figure(panels[i], "slide-16x9", "svg", data_version=VERSION)
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
    export.export_figure(p, "journal", "png", dark=True, link=LINK, data_version=VERSION)
    export.build_figure(p, "poster", dark=True, link=LINK, data_version=VERSION)
    assert p.figure.to_json() == before


@needs_browser
def test_repeated_export_comes_from_the_cache(panel):
    first = export.export_figure(panel, "square", "png", link=LINK + "&cache", data_version=VERSION)
    assert export.export_figure(panel, "square", "png", link=LINK + "&cache", data_version=VERSION) is first
    other = export.export_figure(panel, "square", "png", link=LINK + "&cache", data_version="another-version")
    assert other != first  # the version is part of the key (and of the image)


def test_missing_chromium_is_a_typed_one_line_refusal(monkeypatch):
    class Stopped:
        def is_running(self):
            return False

    import kaleido

    monkeypatch.setattr(export, "_server", lambda: (kaleido, Stopped()))
    monkeypatch.setattr(export, "find_browser", lambda: None)
    with pytest.raises(export.ExportUnavailable) as err:
        export.export_figure(withdrawal_panel(title="Never rendered"), "slide-16x9", "png", data_version=VERSION)
    assert "Chromium" in str(err.value) and "\n" not in str(err.value)


def test_too_many_rows_for_the_size_is_refused_in_words():
    n = 60
    df = pd.DataFrame({"effect": [f"e{i}" for i in range(n)], "label": [f"Effect number {i}" for i in range(n)],
                       "domain": ["d"] * n, "sort_order": range(n), "reported": [50] * n, "respondents": [100] * n,
                       "pct": [50.0] * n, "ci_low": [40.0] * n, "ci_high": [60.0] * n})
    text = ChartText("Sixty effects", "All respondents", reports.SYNTHETIC_SOURCE)
    p = Panel("many", charts.prevalence_bars(df, text), df, text, "", "prevalence_by_effect", Filters())
    with pytest.raises(export.DoesNotFit, match="choose slide-16x9 or poster"):
        export.build_figure(p, "journal", data_version=VERSION)


# ---- the data behind the figure ------------------------------------------------------------------
def test_csv_is_exactly_the_plotted_columns(panel):
    df = pd.read_csv(io.BytesIO(export.data_csv(panel)))
    assert list(df.columns) == ["grp", "pct", "ci_low", "ci_high", "had_withdrawal", "tried_to_stop"]
    assert df.grp.tolist() == ["paroxetine", "venlafaxine", "sertraline"]
    assert df.ci_high.tolist() == [72.4, 78.1, 74.6] and df.tried_to_stop.tolist() == [50, 20, 12]


def test_data_zip_has_csv_readme_and_the_sql(panel):
    z = zipfile.ZipFile(io.BytesIO(export.data_zip(panel, link=LINK, data_version=VERSION)))
    assert set(z.namelist()) == {"withdrawal-by-drug_paroxetine.csv", "README.txt", "sql/withdrawal_by_group.sql", "sql/_views.sql"}
    readme = z.read("README.txt").decode()
    for words in ("Withdrawal effects by drug", "Filters: paroxetine", "withdrawal_by_group.sql", f"Data version: {VERSION}",
                  LINK, "SYNTHETIC DATA", "grp: Drug"):
        assert words in readme
    assert z.read("sql/withdrawal_by_group.sql").decode() == (settings.queries_dir() / "withdrawal_by_group.sql").read_text()
    assert z.read("withdrawal-by-drug_paroxetine.csv") == export.data_csv(panel)


def test_readme_lists_citations():
    assert "Doe J (2020). A study. J Test." in export.readme(prevalence_panel(), data_version=VERSION)


@needs_browser
def test_page_zip_holds_every_figure_and_csv():
    panels = [withdrawal_panel(), prevalence_panel()]
    z = zipfile.ZipFile(io.BytesIO(export.page_zip(panels, "square", "svg", link=LINK, data_version=VERSION)))
    assert set(z.namelist()) == {
        "withdrawal-by-drug_paroxetine_square.svg", "withdrawal-by-drug_paroxetine_square.csv",
        "side-effect-prevalence_all_square.svg", "side-effect-prevalence_all_square.csv",
        "README.txt", "sql/withdrawal_by_group.sql", "sql/prevalence_by_effect.sql", "sql/_views.sql",
    }
    assert "Side effects reported" in svg_text(z.read("side-effect-prevalence_all_square.svg"))


@pytest.mark.parametrize("text,width", [
    ("Source: synthetic demo survey, not real respondents (generated by this project)", 300),
    ("This view: " + LINK + "&class=all&min_months=0&max_months=480&sex=all&age=all", 250),
    ("% of those who tried to stop", -40),  # a chart with no room left: must still end
])
def test_wrap_keeps_to_the_width_and_ends(text, width):
    lines = export.wrap(text, 20, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(export._text_px(line, 20) <= max(width, 40) for line in lines)


@needs_browser
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # kaleido's thread dies, as meant
def test_a_browser_that_will_not_start_is_an_error_not_a_hang(monkeypatch):
    """kaleido's sync server waits for ever once its thread has died; export notices and says so."""
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)
    monkeypatch.setattr(export, "find_browser", lambda: "/bin/false")
    with pytest.raises(export.ExportUnavailable, match="stopped or would not start"):
        export.export_figure(withdrawal_panel(title="Browser that fails"), "square", "svg", data_version=VERSION)
    monkeypatch.undo()  # the real browser again: the next export starts a fresh server
    svg = export.export_figure(withdrawal_panel(title="Browser is back"), "square", "svg", data_version=VERSION)
    assert "Browser is back" in svg_text(svg)
