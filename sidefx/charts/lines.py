"""Line charts over ordered categories: prevalence across duration-of-use bands, and the reports' series over time;
and the reports' days to onset as step lines (the empirical distribution function)."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go

from sidefx.charts.axes import percent_axis, ratio_axis
from sidefx.charts.marks import small_sample, whiskers
from sidefx.charts.registry import builder
from sidefx.charts.text import LEGEND_WRAP, wrap
from sidefx.charts.theme import DARK_INK, PALETTE, SCREEN, Style


def _line_colour(i: int, style: Style) -> str:
    """The i-th line's palette colour; black becomes light on a dark background."""
    colour = PALETTE[i % len(PALETTE)]
    return DARK_INK if style.dark and colour == "#000000" else colour


@builder(narrow=True)
def prevalence_by_duration(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """Each effect's prevalence across duration-of-use bands, the effect named at its line's end (no legend box);
    in a narrow figure (a phone, a journal column) the names would take most of the width, so a legend names them."""
    fig = go.Figure()
    bands = list(dict.fromkeys(df.sort_values("grp_order").grp))
    ends = []
    for i, (label, part) in enumerate(df.sort_values(["sort_order", "grp_order"]).groupby("label", sort=False)):
        colour = _line_colour(i, style)
        fig.add_trace(_effect_line(part, label, colour, "solid" if i < len(PALETTE) else "dash", style))
        ends.append((float(part.pct.iloc[-1]), label, colour))
    short = [b.replace(" ", "<br>", 1) for b in bands]  # on a phone: '6-12' over 'months', never slanted
    narrow_ticks = dict(tickmode="array", tickvals=bands, ticktext=short, tickangle=0, tickfont=dict(size=style.px(12)))
    fig.update_layout(
        xaxis=dict(
            title="Duration of use",
            categoryorder="array",
            categoryarray=bands,
            **(narrow_ticks if style.narrow else {}),
        ),
        yaxis=percent_axis(upper=105 if style.narrow else 100),  # the legend sits just above '100%'
        height=620,
        showlegend=style.narrow,
    )
    if not style.narrow:
        _name_line_ends(fig, ends, style)
    return fig


def _effect_line(part: pd.DataFrame, label: str, colour: str, dash: str, style: Style) -> go.Scatter:
    """One effect's line across the bands, with its whiskers; open markers where the band's sample is small."""
    return go.Scatter(
        x=part.grp,
        y=part.pct,
        mode="lines+markers",
        name=wrap(label, LEGEND_WRAP) if style.narrow else label,
        line=dict(color=colour, width=2.5 * style.marks, dash=dash),
        marker=dict(
            size=[(7 if small_sample(n) else 10) * style.marks for n in part.respondents],
            symbol=["circle-open" if small_sample(n) else "circle" for n in part.respondents],
        ),
        error_y=whiskers(
            part.pct,
            part.ci_low,
            part.ci_high,
            thickness=style.marks,
            width=3 * style.marks,
        ),
        hovertext=[
            f"<b>{label}</b>, {b}<br>{p:.1f}% (95% CI {lo:.1f}–{hi:.1f})<br>n={n:,}"
            for b, p, lo, hi, n in zip(part.grp, part.pct, part.ci_low, part.ci_high, part.respondents)
        ],
        hoverinfo="text",
    )


def _name_line_ends(fig: go.Figure, ends: list[tuple[float, str, str]], style: Style) -> None:
    """Each effect's name past its line's end, in its colour, moved apart so that none overlaps another."""
    for y, label, colour in _spread(ends, gap=4.2):
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="left",
            xshift=8 * style.marks,
            y=y,
            yref="y",
            text=label,
            showarrow=False,
            font=dict(size=style.px(12), color=colour),
            name="line-label",
        )
    fig.update_layout(margin=dict(r=190))


def _spread(ends: list[tuple[float, str, str]], gap: float) -> list[tuple[float, str, str]]:
    """Line-end labels moved apart (in % units) so no two overlap, keeping their order."""
    out, last = [], -1e9
    for y, label, colour in sorted(ends):
        y = max(y, last + gap)
        out.append((y, label, colour))
        last = y
    over = out[-1][0] - 100 if out else 0
    return [(y - max(0, over), label, colour) for y, label, colour in out]


@builder(narrow=True)
def lines_over(
    df: pd.DataFrame, style: Style = SCREEN, measure: str = "cases", x_title: str = "", divide: str = ""
) -> go.Figure:
    """One line per series (``series``) over ordered categories (``x``, in table order): a ratio with its 95%
    interval on a log axis, or counts of cases. Small markers are points with fewer than 3 cases (``few``).
    ``divide``: a category before which a dotted line is drawn (where the data were collected differently)."""
    fig = go.Figure()
    xs = list(dict.fromkeys(df.x))
    ratio = measure != "cases"
    names = list(dict.fromkeys(df.series))
    step = min(0.08, 0.5 / max(len(names), 1)) if ratio else 0.0  # whiskers side by side, not on top of each other
    for i, (name, part) in enumerate(df.groupby("series", sort=False)):
        where = [xs.index(x) + (i - (len(names) - 1) / 2) * step for x in part.x]
        dash = "solid" if i < len(PALETTE) else "dash"
        fig.add_trace(
            _series_line(part, name, where, _line_colour(i, style), dash, ratio, style, many=len(xs) > MANY_POINTS)
        )
    if ratio:
        fig.add_hline(y=1, line=dict(color=style.muted, dash="dash", width=style.marks))
        yaxis = ratio_axis(measure, pd.concat([df.value, df.ci_low, df.ci_high]).dropna())
    else:
        yaxis = dict(title="Cases received", rangemode="tozero", tickformat=",d")
    if divide in xs[1:]:
        fig.add_vline(x=xs.index(divide) - 0.5, line=dict(color=style.muted, dash="dot", width=1.5 * style.marks))
    fig.update_layout(xaxis=_ordered_axis(xs, x_title, style), yaxis=yaxis, height=620)
    return fig


def _series_line(
    part: pd.DataFrame, name: str, where: list[float], colour: str, dash: str, ratio: bool, style: Style, many: bool
):
    """One series' line at its places ``where``; a ratio's whiskers; small open markers for few cases; over many
    places (``many``: a quarter each since 2004) markers a third the size, so the line reads as a line."""
    big, small = (4, 3) if many else (10, 6)
    few = part.few.astype(bool) if "few" in part else pd.Series(False, index=part.index)
    return go.Scatter(
        x=where,
        y=part.value,
        mode="lines+markers",
        name=name,
        line=dict(color=colour, width=2.5 * style.marks, dash=dash),
        marker=dict(
            size=[(small if f else big) * style.marks for f in few],
            symbol=["circle-open" if f else "circle" for f in few],
        ),
        error_y=(
            whiskers(
                part.value,
                part.ci_low,
                part.ci_high,
                thickness=style.marks,
                width=3 * style.marks,
            )
            if ratio
            else None
        ),
        hovertext=part.hover,
        hoverinfo="text",
    )


QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
MANY_POINTS = 24  # beyond this a series is drawn as a line with small markers, and its axis labels fewer ticks


def _ordered_axis(xs: list[str], x_title: str, style: Style) -> dict:
    """The x axis of ordered categories; on a phone or in a column upright two-line labels, every other one when
    there are many, and the title without its parenthesis. Quarters ('2019Q3') are labelled by year, at each
    year's first quarter drawn: 90 quarters would be 90 overlapping labels."""
    if len(xs) > MANY_POINTS and all(QUARTER.match(x) for x in xs):
        ticks, xs_shown = _year_ticks(xs, most=8 if style.narrow else 16)
        fonts = dict(tickangle=0, tickfont=dict(size=style.px(12))) if style.narrow else dict(tickangle=0)
        if style.narrow:
            x_title = x_title.split(" (")[0]
    elif style.narrow:
        step = 2 if len(xs) > 5 else 1
        ticks = list(range(len(xs)))[::step]
        xs_shown = [xs[i].replace(" ", "<br>", 1) for i in ticks]
        x_title = x_title.split(" (")[0]
        fonts = dict(tickangle=0, tickfont=dict(size=style.px(12)))
    else:
        ticks, xs_shown, fonts = list(range(len(xs))), xs, {}
    return dict(
        title=x_title,
        tickmode="array",
        tickvals=ticks,
        ticktext=xs_shown,
        range=[-0.4, len(xs) - 0.6],
        showgrid=False,
        zeroline=False,
        **fonts,
    )


def _year_ticks(quarters: list[str], most: int) -> tuple[list[int], list[str]]:
    """Ticks at the first quarter of each year drawn (every 2nd, 5th or 10th year when more than ``most``), labelled
    with the year."""
    firsts = {}
    for i, q in enumerate(quarters):
        firsts.setdefault(int(QUARTER.match(q).group(1)), i)
    years = sorted(firsts)
    step = next(s for s in (1, 2, 5, 10, 20) if math.ceil(len(years) / s) <= most)
    shown = [y for y in years if y % step == 0] if len(years) > step else years
    return [firsts[y] for y in shown], [str(y) for y in shown]


SAME_DAY_AT = 0.5  # where an onset on day 0 (the same day) is drawn on the log axis of days
DAY_TICKS = ((SAME_DAY_AT, "same day"), (1, "1 day"), (7, "1 week"), (30, "1 month"), (91, "3 months"),
             (365, "1 year"), (1096, "3 years"), (3653, "10 years"))  # fmt: skip


@builder
def onset_ecdf(df: pd.DataFrame, style: Style = SCREEN, x_title: str = "Days") -> go.Figure:
    """One step line per series (``series``): the share of its cases (``value``, %) whose onset came by each day
    (``days``; 0 drawn at SAME_DAY_AT), on a log axis of days labelled in words."""
    fig = go.Figure()
    for i, (name, part) in enumerate(df.groupby("series", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=part.days.clip(lower=SAME_DAY_AT),
                y=part.value,
                mode="lines+markers",
                line=dict(shape="hv", color=_line_colour(i, style), width=2.5 * style.marks,
                          dash="solid" if i < len(PALETTE) else "dash"),
                marker=dict(size=5 * style.marks),
                name=name,
                hovertext=part.hover,
                hoverinfo="text",
            )
        )  # fmt: skip
    top = max(float(df.days.max()) if len(df) else 30.0, 30.0) * 1.3
    ticks = [(v, t) for v, t in DAY_TICKS if v <= top]
    fig.update_layout(
        xaxis=dict(
            title=x_title.split(" (")[0] if style.narrow else x_title,
            type="log",
            range=[math.log10(SAME_DAY_AT / 1.3), math.log10(top)],
            tickmode="array",
            tickvals=[v for v, _ in ticks],
            ticktext=[t.replace(" ", "<br>", 1) if style.narrow else t for _, t in ticks],
        ),
        yaxis=percent_axis("% of the cases giving the days", upper=102),
        height=620,
        showlegend=True,  # named even when one drug is drawn: the title names the side effect, not the drug
    )
    return fig
