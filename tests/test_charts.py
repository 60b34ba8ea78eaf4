"""Chart builders: what they draw for the screen and for a style, readable colours, keys only where needed."""

from __future__ import annotations

import pandas as pd
import pytest

from sidefx import charts, words
from sidefx.charts import ChartText, Style


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def bars(respondents=(100, 40)) -> pd.DataFrame:
    n = len(respondents)
    return pd.DataFrame(
        {
            "effect": [f"e{i}" for i in range(n)],
            "label": [f"Effect {i}" for i in range(n)],
            "domain": ["d"] * n,
            "sort_order": range(n),
            "reported": [r // 2 for r in respondents],
            "respondents": list(respondents),
            "pct": [50.0] * n,
            "ci_low": [40.0] * n,
            "ci_high": [60.0] * n,
        }
    )


def test_tooltips_and_the_badge_meet_wcag_aa_contrast():
    """Tooltips are dark text on white whatever the trace's colour; the badge is white on orange (4.5:1 at least)."""
    for template in (charts.TEMPLATE, charts.DARK_TEMPLATE):
        hover = template.layout.hoverlabel
        assert contrast(hover.font.color, hover.bgcolor) >= 4.5
    assert contrast(charts.BADGE_INK, charts.BADGE_BG) >= 4.5
    assert (
        contrast(charts.BADGE_BG, "#ffffff") >= 3 and contrast(charts.BADGE_BG, charts.DARK_BG) >= 2
    )  # stands out on both


def test_the_hatch_key_appears_only_when_hatched_bars_exist():
    names = [t.name for t in charts.prevalence_bars(bars((100, 40))).data if t.showlegend]
    assert names == []
    fig = charts.prevalence_bars(bars((100, 12)))
    assert [t.name for t in fig.data if t.showlegend] == [words.small_sample_key()] and fig.layout.showlegend
    assert words.small_sample_key() == "Hatched: fewer than 30 answered, unreliable"


def test_labels_carry_their_n_under_the_name_or_beside_it_in_the_compact_style():
    screen = charts.prevalence_bars(bars()).layout.yaxis.categoryarray
    compact = charts.prevalence_bars(bars(), Style(compact=True)).layout.yaxis.categoryarray
    assert "Effect 0<br>" in screen[0] and "n=100" in screen[0]
    assert compact[0] == "Effect 0 (n=100)"


def test_a_style_scales_text_and_marks_and_never_goes_under_its_floor():
    style = Style(body=22, marks=1.5, min_px=18)
    fig = charts.withdrawal_bars(
        bars()
        .rename(columns={"label": "grp", "respondents": "tried_to_stop", "reported": "had_withdrawal"})
        .assign(grp_order=0),
        style,
        axis_title="Drug",
    )
    labels = [t for t in fig.data if t.type == "scatter" and t.mode == "text"][0]
    assert labels.textfont.size == pytest.approx(13 * 22 / 14, abs=0.1)
    assert fig.data[0].error_y.thickness == pytest.approx(1.2 * 1.5)
    assert style.px(9) == 18  # a small size is floored


def test_the_duration_view_names_each_line_at_its_end_instead_of_a_legend_box():
    df = pd.DataFrame(
        {
            "grp": ["<3 months", "3+ years"] * 2,
            "grp_order": [1, 5] * 2,
            "label": ["A", "A", "B", "B"],
            "sort_order": [1, 1, 2, 2],
            "pct": [10.0, 20.0, 30.0, 31.0],
            "ci_low": [5.0, 15, 25, 26],
            "ci_high": [15.0, 25, 35, 36],
            "respondents": [100] * 4,
            "reported": [10, 20, 30, 31],
        }
    )
    fig = charts.screen_figure("prevalence_by_duration", df, ChartText("T", "S", "src"), {})
    assert fig.layout.showlegend is False
    ends = {a.text: a.y for a in fig.layout.annotations if a.name == "line-label"}
    assert set(ends) == {"A", "B"} and ends["B"] - ends["A"] >= 4  # apart, in the lines' order


def test_on_a_phone_lines_are_named_in_a_legend_with_room_for_every_entry_and_upright_ticks():
    bands = ["<3 months", "3-6 months", "6-12 months", "1-3 years", "3+ years"]
    names = ["Sexual difficulties", "Withdrawal effects when stopping or reducing", "Weight gain"]
    df = pd.DataFrame(
        [
            {"grp": b, "grp_order": i, "label": n, "sort_order": k, "pct": 40.0, "ci_low": 35.0, "ci_high": 45.0,
             "respondents": 100, "reported": 40}
            for k, n in enumerate(names)
            for i, b in enumerate(bands)
        ]
    )  # fmt: skip
    text = ChartText("T", "S", "src")
    phone = charts.screen_figure("prevalence_by_duration", df, text, {}, narrow=True)
    assert phone.layout.showlegend and not [a for a in phone.layout.annotations if a.name == "line-label"]
    legend = [t.name for t in phone.data]
    assert max(len(line) for n in legend for line in n.split("<br>")) <= charts.LEGEND_WRAP  # nothing runs off
    wide = charts.screen_figure("prevalence_by_duration", df, text, {})
    # the legend's four lines (one name wraps) take room above the plot, below the title and subtitle
    assert phone.layout.margin.t - wide.layout.margin.t >= 4 * 21
    assert phone.layout.xaxis.tickangle == 0 and all("<br>" in t for t in phone.layout.xaxis.ticktext)

    lines = pd.DataFrame(
        [{"x": b, "series": f"drug {k}", "value": 2.0, "ci_low": 1.5, "ci_high": 3.0, "few": False, "hover": ""}
         for k in range(5) for b in bands]
    )  # fmt: skip
    phone = charts.screen_figure("lines_over", lines, text, {"measure": "reporting_odds_ratio", "x_title": "Time (x)"},
                                 narrow=True)  # fmt: skip
    assert phone.layout.xaxis.tickangle == 0 and list(phone.layout.xaxis.ticktext)[0] == "<3<br>months"
    assert phone.layout.xaxis.title.text == "Time"


def test_the_screen_badge_sits_above_the_title_only_for_synthetic_data():
    fig = charts.screen_figure("prevalence_bars", bars(), ChartText("T", "S", "src", badge=words.SYNTHETIC_BADGE), {})
    badge = [a for a in fig.layout.annotations if a.name == "synthetic-badge"]
    assert (
        len(badge) == 1 and words.SYNTHETIC_BADGE in badge[0].text and badge[0].font.size >= 14
    )  # the subtitle's size
    assert fig.layout.title.pad.t >= 30  # the title moves down below it
    plain = charts.screen_figure("prevalence_bars", bars(), ChartText("T", "S", "src"), {})
    assert not [a for a in plain.layout.annotations if a.name == "synthetic-badge"]


def test_a_legend_sits_below_the_subtitle_not_over_the_title():
    df = bars().assign(grp="g1", grp_order=0, group_respondents=100)
    df = pd.concat([df, df.assign(grp="g2")])
    fig = charts.screen_figure("prevalence_grouped", df, ChartText("Title", "Subtitle", "src"), {})
    assert fig.layout.legend.yref == "paper" and fig.layout.legend.y == 1 and fig.layout.legend.yanchor == "bottom"
    assert fig.layout.margin.t >= 96 + 34  # room for the title block and the legend row above the plot


def test_labels_inside_bars_are_readable_on_every_palette_colour():
    for fill in charts.PALETTE:
        assert contrast(charts.text_on(fill), fill) >= 4.5, fill
    df = bars().assign(grp="g1", grp_order=0, group_respondents=100)
    fig = charts.prevalence_grouped(pd.concat([df, df.assign(grp="g2")]))
    inside = [t for t in fig.data if t.type == "bar" and t.text is not None]
    assert inside and all(contrast(t.textfont.color, t.marker.color) >= 4.5 for t in inside)


def test_each_builder_registers_itself_and_a_second_of_one_name_is_refused():
    """A builder is one decorated function in its family's module; a record's kind names exactly one."""
    from sidefx.charts import registry

    assert registry.BUILDERS["forest"] is charts.forest and registry.BUILDERS["onset_ecdf"] is charts.onset_ecdf
    assert len(registry.BUILDERS) == 12 and {"forest", "prevalence_by_duration", "lines_over"} == registry.NARROW_KINDS

    def forest(df, style):  # a second builder of the forest's name
        return None

    with pytest.raises(ValueError, match="Two chart builders are named 'forest'"):
        registry.builder(forest)
    assert registry.BUILDERS["forest"] is charts.forest
