"""Marks several builders draw: bars with CI whiskers and their % labels, small samples hatched (and the legend's key
to the hatching), whiskers, and the hover words of a bar."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sidefx import settings, words
from sidefx.charts.text import plain_lines
from sidefx.charts.theme import Style, text_on


def small_sample(n) -> bool:
    return n < settings.get("small_sample_n")


def has_small(df) -> bool:
    return bool(df.respondents.map(small_sample).any()) if "respondents" in df and len(df) else False


def _k_col(df: pd.DataFrame) -> str:
    return "reported" if "reported" in df else "had_withdrawal"


def _hover(part: pd.DataFrame, cat: str) -> list[str]:
    small = " · " + words.small_sample_key().lower()
    return [
        f"<b>{one_line(c)}</b><br>{p:.1f}% (95% CI {lo:.1f}–{hi:.1f})<br>{k:,} of {n:,} respondents"
        + (small if small_sample(n) else "")
        for c, p, lo, hi, k, n in zip(
            part[cat], part.pct, part.ci_low, part.ci_high, part[_k_col(part)], part.respondents
        )
    ]


def one_line(label) -> str:
    return " ".join(line.strip() for line in plain_lines(label))


def whiskers(value, low, high, missing_as_zero: bool = False, **look) -> dict:
    """Error bars from an estimate and its interval (plotly wants the distances above and below)."""
    above, below = high - value, value - low
    if missing_as_zero:
        above, below = above.fillna(0), below.fillna(0)
    return dict(type="data", symmetric=False, array=above, arrayminus=below, **look)


def _hatch(style: Style) -> dict:
    return dict(shape="/", fgcolor=style.bg, fillmode="overlay", solidity=0.5)


def bar_trace(
    df: pd.DataFrame,
    cat: str,
    name: str,
    colour,
    style: Style,
    orientation="h",
    show_legend=True,
    labels=True,
    inside_labels=False,
    hover=None,
) -> list:
    """Bars with CI whiskers, the % written past the whisker (or inside the bar's base), small samples hatched.

    ``cat`` is the category column (already carrying the n if wanted). Hatched bars are a trace of
    their own, kept out of the legend (the legend's hatch key, ``hatch_key``, says what they mean)
    unless every bar is hatched: then they carry the legend entry, so a small group is still named.
    ``hover`` makes the hover texts of a part (default: ``_hover``).
    """
    traces = []
    small = df.respondents.map(small_sample)
    hover = hover or _hover
    for is_small, part in ((False, df[~small]), (True, df[small])):
        if part.empty:
            continue
        legend = show_legend and (not is_small or bool(small.all()))
        traces.append(_bars(part, cat, name, colour, style, orientation, is_small, legend, hover, inside_labels))
    if labels and len(df):
        traces.append(_value_labels(df, cat, style, orientation))
    return traces


def _bars(part, cat, name, colour, style: Style, orientation, is_small, legend, hover, inside_labels) -> go.Bar:
    """One trace of bars: those of enough respondents, or the small samples' (hatched)."""
    err = whiskers(
        part.pct,
        part.ci_low,
        part.ci_high,
        color=style.ink,
        thickness=1.2 * style.marks,
        width=4 * style.marks,
    )
    text = (
        dict(
            text=[f"{p:.0f}%" for p in part.pct],
            textposition="inside",
            insidetextanchor="start",
            textfont=dict(color=text_on(colour), size=style.px(12)),
        )
        if inside_labels
        else {}
    )
    common = dict(
        name=name,
        hovertext=hover(part, cat),
        hoverinfo="text",
        legendgroup=name,
        marker=dict(
            color=colour, pattern=_hatch(style) if is_small else dict(shape=""), line=dict(color=colour, width=1)
        ),
        showlegend=legend,
        **text,
    )
    if orientation == "h":
        return go.Bar(x=part.pct, y=part[cat], orientation="h", error_x=err, **common)
    return go.Bar(x=part[cat], y=part.pct, error_y=err, **common)


def _value_labels(df: pd.DataFrame, cat: str, style: Style, orientation: str) -> go.Scatter:
    """Each bar's % written past its whisker (a space clears the whisker cap), never clipped at the plot's edge."""
    across = orientation == "h"
    return go.Scatter(
        x=df.ci_high if across else df[cat],
        y=df[cat] if across else df.ci_high,
        mode="text",
        text=[f" {p:.0f}%" for p in df.pct],
        textposition="middle right" if across else "top center",
        showlegend=False,
        hoverinfo="skip",
        textfont=dict(color=style.ink, size=style.px(13)),
        name="value-labels",
        cliponaxis=False,
    )


def hatch_key(style: Style, orientation: str = "h") -> go.Bar:
    """A legend entry with nothing drawn: what hatched bars mean. Added only where such bars exist."""
    return go.Bar(
        name=words.small_sample_key(),
        orientation=orientation,
        showlegend=True,
        hoverinfo="skip",
        x=[None],
        y=[None],
        marker=dict(color="#9aa5b1", pattern=_hatch(style)),
    )
