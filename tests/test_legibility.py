"""Figures that hold up where people read them: ratios written plainly, log axes labelled with their values, nothing
cut off at a phone's edge, no name over another, and no text under 18 px on a 1920x1080 slide.

Text boxes are measured in the figure's own pixels: data coordinates go through the axis ranges and the margins,
and text widths are measured in DejaVu Sans (the font the figures ask for).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from itertools import combinations

import pandas as pd
import pytest

from sidefx import charts, export, words
from sidefx.charts import ChartText
from sidefx.export.text import lines, text_px
from sidefx.faers import words as faers_words
from sidefx.filters import Filters

PHONE_W = 358  # a 390 px phone less the page's padding
SCREEN_W = 1000  # a laptop's page with the sidebar open


# ---- ratios written plainly ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, text",
    [(24.2, "24"), (1.23, "1.2"), (447.0, "450"), (1071.3, "1,100"), (0.0123, "0.012"), (2.0, "2.0"), (9.96, "10")],
)
def test_a_ratio_has_two_significant_figures_and_never_an_exponent(value, text):
    assert words.ratio_number(value) == text


def test_a_faers_estimate_is_written_without_scientific_notation():
    row = pd.Series(
        dict(ror=24.2, ror_low=1.23, ror_high=447.0, evans=False, inn="sertraline", a=1, ic=1.4, ic_low=-2.4)
    )
    assert faers_words.ror_text(row) == "24 (1.2–450)"
    assert "ROR 24 (1.2–450)" in faers_words.ror_hover(row, "Fatigue")
    top = pd.DataFrame([dict(inn="sertraline", a=1, value=1071.3)])
    assert "mention it 1,100 times as often" in faers_words.faers_reading(top)


# ---- log axes ----------------------------------------------------------------------------------
def ratio_rows(values) -> pd.DataFrame:
    """A FAERS forest's rows: each drug's ROR and interval (None: a cell of its table is 0, written '–')."""
    rows = []
    for i, (drug, v) in enumerate(values):
        lo, hi = (None, None) if v is None else (v / 3, v * 3)
        rows.append(
            dict(kind="estimate", label=drug, value=v, ci_low=lo, ci_high=hi, n=1 + i, n_own=True, n_text=str(1 + i),
                 n_short=f"{1 + i}*", estimate_text="–" if v is None else f"{v:g}", hover="h", few=True)
        )  # fmt: skip
    return pd.DataFrame(rows)


@pytest.mark.parametrize("narrow", [False, True])
def test_a_log_axis_labels_its_ticks_with_their_values_even_with_no_ratio_to_show(narrow):
    """Every drug '–' (the 100-report sample): plotly's own log ticks would read '0.1 2 3 … 9 1 2 3 … 10'."""
    rows = ratio_rows([("bupropion", None), ("sertraline", None)])
    fig = charts.screen_figure("forest", rows, ChartText("T", "S", "src"), {"measure": "reporting_odds_ratio"}, narrow)
    x = fig.layout.xaxis
    assert x.type == "log" and x.tickmode == "array"
    assert list(x.ticktext) == ["0.5", "1", "2"] and list(x.tickvals) == [0.5, 1, 2]


def test_log_ticks_under_1_read_as_values_and_large_ones_have_no_exponent():
    assert charts.log_ticks([0.2, 5])["ticktext"] == ["0.2", "0.5", "1", "2", "5"]
    wide = charts.log_ticks([0.001, 2e6])["ticktext"]
    assert wide[-1] == "1,000,000" and not any("e" in t for t in wide)


# ---- a phone's edge ------------------------------------------------------------------------------
def test_on_a_phone_the_faers_badge_wraps_inside_the_figure_and_the_title_moves_below_it():
    badge = faers_words.faers_badge(100, 1000)  # 'Reports to the FDA (FAERS) · only 100 cases: too few to conclude'
    text = ChartText("Fatigue: reports to the FDA, by antidepressant", "All 100 cases", "src", badge=badge)
    fig = charts.screen_figure("forest", ratio_rows([("sertraline", 24.0)]), text, {"measure": "reporting_odds_ratio"},
                               narrow=True)  # fmt: skip
    (a,) = [a for a in fig.layout.annotations if a.name == "synthetic-badge"]
    shown = [re.sub(r"</?b>", "", line) for line in lines(a.text)]
    assert " ".join(shown) == badge and len(shown) == 2
    left = fig.layout.margin.l + a.xshift  # the badge's left edge, in figure px
    assert all(left + 2 * a.borderpad + text_px(line, a.font.size, bold=True) <= PHONE_W for line in shown)
    assert fig.layout.title.pad.t >= 30 + 1.2 * a.font.size  # the title starts under the badge's second line


def test_the_stacked_forest_keeps_its_line_at_1_clear_of_each_rows_words():
    rows = ratio_rows([("sertraline", 24.0), ("bupropion", 0.9), ("imipramine", None)])
    fig = charts.forest(rows, charts.NARROW_SCREEN, measure="reporting_odds_ratio")
    words_at = [
        (a.y - (a.text.count("<br>") + 1), a.y) for a in fig.layout.annotations if a.name == "forest-row"
    ]  # each row's words run down from its top, a line per y unit
    at_1 = [s for s in fig.layout.shapes if s.x0 == 1 and s.x1 == 1]
    assert at_1 and all(s.yref == "y" for s in at_1)  # not a line across the whole plot (yref 'paper')
    for s in at_1:
        lo, hi = sorted((s.y0, s.y1))
        assert all(hi <= bottom + 1e-9 or lo >= top - 1e-9 for bottom, top in words_at)


def plot_box(fig, width: float) -> tuple[float, float, float, float]:
    """The plot area's left, right, bottom and top edges in figure px (y down from the top)."""
    m, tm = fig.layout.margin, fig.layout.template.layout.margin
    left = m.l if m.l is not None else tm.l
    right = m.r if m.r is not None else tm.r
    return left, width - right, fig.layout.height - (m.b if m.b is not None else tm.b), m.t


def value_labels_past_their_edge(fig, width: float) -> list[str]:
    """The bars' % labels that would be cut: past the plot's right edge where clipped, else past the figure's."""
    left, right, _, _ = plot_box(fig, width)
    lo, hi = fig.layout.xaxis.range
    cut = []
    for t in fig.data:
        if t.type == "scatter" and t.mode == "text" and t.orientation is None and t.x is not None:
            edge = width if t.cliponaxis is False else right
            for x, label in zip(t.x, t.text):
                end = left + (x - lo) / (hi - lo) * (right - left) + text_px(label, t.textfont.size)
                if end > edge:
                    cut.append(label.strip())
    return cut


def withdrawal_rows() -> pd.DataFrame:
    """Moclobemide 83% (44 of 53), its interval's top near the axis's end; two more drugs."""
    return pd.DataFrame(
        {
            "grp": ["moclobemide", "venlafaxine", "sertraline"] * 3,
            "grp_order": range(9),
            "had_withdrawal": [44, 288, 190] * 3,
            "tried_to_stop": [53, 374, 323] * 3,
            "pct": [83.0, 77.0, 58.8] * 3,
            "ci_low": [70.8, 72.5, 53.4] * 3,
            "ci_high": [90.8, 81.0, 64.0] * 3,
        }
    ).assign(grp=lambda d: [f"{g} {i}" for i, g in enumerate(d.grp)])  # nine rows: horizontal bars


def test_a_percent_written_past_its_whisker_is_not_cut_off_on_a_phone_or_in_an_export():
    text = ChartText("Withdrawal effects by drug", "All respondents", "src")
    phone = charts.screen_figure("withdrawal_bars", withdrawal_rows(), text, {"axis_title": "Drug"}, narrow=True)
    assert value_labels_past_their_edge(phone, PHONE_W) == []
    from tests.test_export import make_panel

    panel = make_panel("withdrawal-by-drug", "withdrawal_bars", withdrawal_rows(), text, options={"axis_title": "Drug"})
    for preset in ("slide-16x9", "square", "journal"):
        fig = export.build_figure(panel, preset)
        assert value_labels_past_their_edge(fig, fig.layout.width) == [], preset


# ---- names on a scatter plot ---------------------------------------------------------------------
HALF_LIVES = {  # drug: (class, half-life h, % with withdrawal, n who tried to stop): the demo survey's shape
    "moclobemide": ("MAOI", 1.5, 79, 53), "venlafaxine": ("SNRI", 4.0, 77, 374), "duloxetine": ("SNRI", 12.5, 67, 141),
    "bupropion": ("atypical", 17.0, 56, 103), "fluvoxamine": ("SSRI", 17.5, 62, 80),
    "amitriptyline": ("TCA", 19.0, 62, 163), "paroxetine": ("SSRI", 22.5, 60, 248),
    "sertraline": ("SSRI", 26.0, 59, 323), "escitalopram": ("SSRI", 29.5, 59, 457),
    "mirtazapine": ("atypical", 30.0, 59, 228), "citalopram": ("SSRI", 34.0, 61, 702),
    "nortriptyline": ("TCA", 37.5, 54, 63), "vortioxetine": ("atypical", 66.0, 32, 37),
    "fluoxetine": ("SSRI", 84.0, 47, 614),
}  # fmt: skip


def half_life_rows(measure: str = "percent") -> pd.DataFrame:
    rows = []
    for drug, (cls, h, pct, n) in HALF_LIVES.items():
        half = 196 * math.sqrt(pct * (100 - pct) / n) / 100
        row = dict(drug=drug, drug_class=cls, half_life_h=h, half_life_h_low=h * 0.8, half_life_h_high=h * 1.2,
                   half_life_cite="a cited monograph", half_life_source="doi:10.1/x")  # fmt: skip
        if measure == "percent":
            row |= dict(pct=float(pct), ci_low=pct - half, ci_high=pct + half, tried_to_stop=n, had_withdrawal=0)
        else:  # the reports' withdrawal ROR: higher for short half-lives
            value = 40 / h**0.6
            row |= dict(value=value, ci_low=value / 2, ci_high=value * 2, n=n // 10, hover=f"{drug}: ROR")
        rows.append(row)
    return pd.DataFrame(rows)


def name_boxes(fig, width: float) -> tuple[dict[str, tuple], list[tuple[float, float]]]:
    """Each point name's box (x0, y0, x1, y1 in figure px, y up from the plot's bottom) and every point's centre."""
    left, right, bottom, top = plot_box(fig, width)
    pw, ph = right - left, bottom - top
    xr, yr = fig.layout.xaxis.range, fig.layout.yaxis.range
    log_y = fig.layout.yaxis.type == "log"

    def px(x, y):
        return (x - xr[0]) / (xr[1] - xr[0]) * pw, (y - yr[0]) / (yr[1] - yr[0]) * ph

    boxes = {}
    for a in fig.layout.annotations:
        if a.name != "point-label":
            continue
        hx, hy = px(a.x, a.y)
        if a.showarrow and a.axref == "x":  # the name's centre in the axes' units, a leader line to its point
            cx, cy = px(a.ax, a.ay)
        elif a.showarrow:  # the centre in px from the point
            cx, cy = hx + a.ax, hy - a.ay
        else:
            cx, cy = hx + (a.xshift or 0), hy + (a.yshift or 0)
        w, h = text_px(a.text, a.font.size) + 2, 1.2 * a.font.size + 2
        boxes[a.text] = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    points = [
        px(math.log10(x), math.log10(y) if log_y else y)
        for t in fig.data
        if t.type == "scatter" and t.x is not None
        for x, y in zip(t.x, t.y)
    ]
    return boxes, points


def overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def assert_names_apart(fig, width: float, where: str) -> None:
    boxes, points = name_boxes(fig, width)
    left, right, bottom, top = plot_box(fig, width)
    assert set(boxes) == set(HALF_LIVES), where
    clash = [(p, q) for (p, a), (q, b) in combinations(boxes.items(), 2) if overlaps(a, b)]
    assert clash == [], where
    covering = [n for n, b in boxes.items() if any(b[0] < x < b[2] and b[1] < y < b[3] for x, y in points)]
    assert covering == [], where  # no name over a point (its own or another's)
    assert all(b[0] >= -2 and b[2] <= right - left + 2 and b[1] >= -2 and b[3] <= bottom - top + 2
               for b in boxes.values()), where  # fmt: skip


@pytest.mark.parametrize("measure", ["percent", "reporting_odds_ratio"])
def test_no_drug_name_on_the_half_life_chart_overlaps_another_on_screen_or_on_a_phone(measure):
    text = ChartText("Withdrawal effects and drug half-life", "All respondents", "src")
    options = {} if measure == "percent" else {"measure": measure}
    wide = charts.screen_figure("half_life_scatter", half_life_rows(measure), text, options)
    assert_names_apart(wide, SCREEN_W, "screen")
    phone = charts.screen_figure("half_life_scatter", half_life_rows(measure), text, options, narrow=True)
    assert_names_apart(phone, PHONE_W, "phone")


@pytest.mark.parametrize("measure", ["percent", "reporting_odds_ratio"])
def test_no_drug_name_on_the_half_life_chart_overlaps_another_at_any_export_size(measure):
    from tests.test_export import make_panel

    text = ChartText("Withdrawal effects and drug half-life", "All respondents", "src", words.CI_NOTE)
    options = {} if measure == "percent" else {"measure": measure}
    panel = make_panel("withdrawal-vs-half-life", "half_life_scatter", half_life_rows(measure), text, options=options)
    for preset in export.PRESETS:
        fig = export.build_figure(panel, preset)
        assert_names_apart(fig, fig.layout.width, preset)


# ---- nothing under 18 px on a slide ------------------------------------------------------------------
def _inline_sizes(text) -> list[float]:
    return [float(v) for v in re.findall(r"font-size:\s*([\d.]+)px", str(text or ""))]


def text_sizes(fig) -> list[tuple[str, float]]:
    """Every text element's effective font size in px (a size not set falls back to the layout's font), and what it
    is. A log axis left to plotly's own ticks counts as 0: plotly draws its minor digits smaller than the tick font."""
    lay = fig.layout
    base = lay.font.size
    out = [("title", lay.title.font.size or base), ("subtitle", lay.title.subtitle.font.size or base)]
    out += [("legend", lay.legend.font.size or base)] if any(t.showlegend is not False for t in fig.data) else []
    for name in ("xaxis", "yaxis"):
        ax = lay[name]
        if ax.visible is False:
            continue
        tick = ax.tickfont.size or base
        out.append((f"{name} ticks", tick))
        out += [(f"{name} tick span", s) for t in ax.ticktext or () for s in _inline_sizes(t)]
        if ax.title.text:
            out.append((f"{name} title", ax.title.font.size or base))
        if ax.type == "log" and ax.tickmode != "array":
            out.append((f"{name}: plotly's minor log tick labels", 0.0))
    for a in lay.annotations:
        out.append((f"annotation {a.name}", a.font.size or base))
        out += [(f"annotation {a.name} span", s) for s in _inline_sizes(a.text)]
    for t in fig.data:
        if t.type == "heatmap":
            out.append(("colour bar", t.colorbar.tickfont.size or base))
            if t.texttemplate:
                out.append(("heatmap cells", t.textfont.size or base))
        elif t.text is not None and (t.type == "bar" or "text" in (t.mode or "")) and t.visible is not False:
            size = t.textfont.size or base
            if t.type == "bar" and t.textposition in ("inside", "auto", None):  # plotly shrinks it to fit the bar
                size = min(size, lay.uniformtext.minsize or 0) if lay.uniformtext.mode == "hide" else 0.0
            out.append((f"{t.type} text {t.name}", size))
    return out


def every_panel():
    """Every chart the pages draw, from the survey and the FAERS fixtures (tests/conftest.py)."""
    from sidefx.faers import grid as faers_grid
    from sidefx.faers import numbers as faers_numbers
    from sidefx.faers import onset as faers_onset
    from sidefx.faers import panels as faers_panels
    from sidefx.faers import trends as faers_trends
    from sidefx.studies import panels as studies_panels
    from sidefx.survey import panels as survey_panels

    f, by_sex = Filters(), replace(Filters(), compare_by="sex")
    return [
        survey_panels.prevalence(f, (), "bars", "prevalence"),
        survey_panels.prevalence(by_sex, (), "bars", "prevalence"),
        survey_panels.prevalence(by_sex, (), "heatmap", "prevalence"),
        survey_panels.prevalence(f, (), "duration", "prevalence"),
        survey_panels.withdrawal_incidence(f, "drug"),
        survey_panels.withdrawal_incidence(f, "duration_band"),
        survey_panels.withdrawal_severity(f, "duration_band"),
        survey_panels.withdrawal_duration(f, "none"),
        survey_panels.withdrawal_duration(f, "sex"),
        survey_panels.withdrawal_half_life(f),
        studies_panels.forest("withdrawal_incidence", f),
        faers_panels.faers_ror("withdrawal_effects", "Withdrawal", "suspect", f),
        faers_panels.faers_ror("suicidality", "Suicidal feelings", "suspect", f),  # no report names it: every row '–'
        faers_grid.faers_effects(faers_numbers.faers_effects(), "suspect", f),
        faers_panels.faers_half_life("suspect", f),
        faers_trends.faers_by_quarter("withdrawal_effects", "Withdrawal", "any", f),
        faers_onset.faers_onset("withdrawal_effects", "Withdrawal", "suspect", f),
        faers_onset.faers_onset_days("withdrawal_effects", "Withdrawal", "start", "suspect", f),
        faers_onset.faers_after_stopping("any", f),
        faers_onset.faers_onset_days("withdrawal_effects", "Withdrawal", "end", "any", f),
    ]


def test_every_text_of_every_chart_is_at_least_18px_on_a_1920x1080_slide(tiny_data, tiny_faers):
    """The README's promise: nothing under 18 px on a 1920x1080 slide, for every kind of chart."""
    drawn = [p for p in every_panel() if not p.table.empty]
    assert {p.kind for p in drawn} == set(charts.BUILDERS)  # every builder is measured
    assert any(p.table.value.isna().all() for p in drawn if p.slug.startswith("faers-ror"))  # the '–' forest too
    small = []
    for p in drawn:
        fig = export.build_figure(p, "slide-16x9")
        assert (fig.layout.width, fig.layout.height) == (1920, 1080)
        small += [(p.slug, what, size) for what, size in text_sizes(fig) if size < export.MIN_PX - 0.05]
    assert small == []


# ---- one drug drawn ----------------------------------------------------------------------------------
def visible_ticks(axis) -> list[str]:
    """The labels of a log axis's ticks that fall inside its range."""
    lo, hi = axis.range
    return [t for v, t in zip(axis.tickvals, axis.ticktext) if lo <= math.log10(v) <= hi]


@pytest.mark.parametrize("hours", [[21.0], [24.0, 26.0], [1.4, 96.0]])
def test_the_half_life_axis_has_labelled_ticks_whatever_the_drugs_drawn(hours):
    """One drug (or two of near half-lives) still gets an axis a reader can read the half-life off, on screen and at
    every export size; a wide spread keeps its own range."""
    from tests.test_export import make_panel

    rows = half_life_rows("reporting_odds_ratio").head(len(hours)).assign(half_life_h=hours)
    text = ChartText("Withdrawal in reports to the FDA, and half-life", "FAERS", "src")
    options = {"measure": "reporting_odds_ratio"}
    figures = [charts.screen_figure("half_life_scatter", rows, text, options)]
    panel = make_panel("withdrawal-vs-half-life", "half_life_scatter", rows, text, options=options)
    figures += [export.build_figure(panel, preset) for preset in export.PRESETS]
    for fig in figures:
        lo, hi = fig.layout.xaxis.range
        assert hi - lo >= 1.0 - 1e-9  # at least a factor of ten of half-lives
        assert lo <= math.log10(min(hours)) and math.log10(max(hours)) <= hi
        assert len(visible_ticks(fig.layout.xaxis)) >= 2
    if hours == [21.0]:
        assert visible_ticks(figures[0].layout.xaxis) == ["10", "20", "50"]
    if hours == [1.4, 96.0]:  # already wider than a decade: the points' range, a little wider, as before
        assert figures[0].layout.xaxis.range == pytest.approx([math.log10(1.0), math.log10(96 * 1.4)])


def onset_rows(drugs) -> pd.DataFrame:
    return pd.DataFrame(
        [
            dict(series=d, days=day, value=pct, hover=f"{d}: {pct}% by day {day}")
            for d in drugs
            for day, pct in ((0, 10.0), (4, 55.0), (30, 100.0))
        ]
    )


@pytest.mark.parametrize("drugs", [["sertraline"], ["sertraline", "paroxetine"]])
def test_the_days_to_onset_chart_names_its_drug_even_when_one_is_drawn(drugs):
    """The title names the side effect, not the drug: a legend names each line, one line included, on screen and in
    every exported figure's legend."""
    from sidefx.export.layout import _legend_entries
    from tests.test_export import make_panel

    text = ChartText("Withdrawal: days from stopping the drug to onset", "FAERS", "src")
    options = {"x_title": "Days from stopping the drug (log scale)"}
    screen = charts.screen_figure("onset_ecdf", onset_rows(drugs), text, options)
    assert screen.layout.showlegend is True and [t.name for t in screen.data] == drugs
    panel = make_panel("faers-after-stopping-withdrawal", "onset_ecdf", onset_rows(drugs), text, options=options)
    for preset in export.PRESETS:
        assert _legend_entries(export.build_figure(panel, preset)) == drugs, preset


# ---- the whole FAERS history by quarter ----------------------------------------------------------------
def quarter_rows(first: int = 2004, last: int = 2026) -> pd.DataFrame:
    quarters = [f"{y}Q{q}" for y in range(first, last + 1) for q in range(1, 5)][: (last - first) * 4 + 2]
    return pd.DataFrame(
        [
            dict(x=q, series=d, value=10 * k + i, quarter_cases=1000, hover=f"{q}: {d}")
            for k, d in enumerate(["sertraline", "paroxetine", "venlafaxine"])
            for i, q in enumerate(quarters)
        ]
    )


@pytest.mark.parametrize("first", [2004, 2019])
def test_cases_by_quarter_since_2004_are_labelled_by_year_on_screen_and_at_every_export_size(first):
    """90 quarters (2004Q1-2026Q2) drawn as 90 labels overlapped, and the slide refused them: the axis labels years
    at their first quarter, every year where there is room, and every figure size takes the chart."""
    from tests.test_export import make_panel

    rows = quarter_rows(first)
    quarters = list(dict.fromkeys(rows.x))
    text = ChartText("Withdrawal: reports to the FDA, by quarter received", "FAERS", "src")
    options = {"measure": "cases", "x_title": "Quarter received", "divide": "2012Q4"}
    panel = make_panel("faers-by-quarter-withdrawal", "lines_over", rows, text, options=options)
    figures = {"screen": charts.screen_figure("lines_over", rows, text, options)}
    figures["phone"] = charts.screen_figure("lines_over", rows, text, options, narrow=True)
    figures |= {preset: export.build_figure(panel, preset) for preset in export.PRESETS}
    for where, fig in figures.items():
        axis = fig.layout.xaxis
        years = [int(t) for t in axis.ticktext]  # years, not quarters
        assert all(quarters[v] == f"{y}Q1" for v, y in zip(axis.tickvals, years)), where
        assert 4 <= len(years) <= 16 and years == sorted(years), where
        gaps = {b - a for a, b in zip(years, years[1:])}
        assert len(gaps) == 1, where  # evenly spaced
        if where in ("screen", "slide-16x9") and first == 2004:
            assert gaps == {2}, where  # 23 years: every other one
        if where in ("phone", "journal") and first == 2004:
            assert years == [2005, 2010, 2015, 2020, 2025], where
        if first == 2019:
            assert years == list(range(2019, 2027)), where
        assert (axis.tickangle or 0) == 0, where  # upright: no label over another
        dotted = [sh.x0 for sh in fig.layout.shapes if sh.line.dash == "dot"]
        assert dotted == ([quarters.index("2012Q4") - 0.5] if first == 2004 else []), where  # AERS | FAERS


def test_a_figure_too_big_for_the_widest_size_says_to_draw_fewer_not_to_choose_that_size():
    from tests.test_export import make_panel

    rows = pd.DataFrame([dict(x=f"band {i}", series="sertraline", value=i, hover="h") for i in range(200)])
    text = ChartText("Two hundred bands", "FAERS", "src")
    panel = make_panel("bands", "lines_over", rows, text, options={"measure": "cases", "x_title": "Band"})
    with pytest.raises(
        export.DoesNotFit, match=r"for a 16:9 slide: choose fewer in the sidebar, or download the table"
    ):
        export.build_figure(panel, "slide-16x9")
    with pytest.raises(export.DoesNotFit, match=r"for a journal column: choose Slide 16:9 or Poster\.$"):
        export.build_figure(panel, "journal")
