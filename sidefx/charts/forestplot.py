"""Forest plots: one row per published estimate (and the survey's own), pooled diamonds; labels at the left and
columns at the right, or, in a narrow style, each row's words stacked above its line.

Percentages get a 0-100 axis; odds and rate ratios a log axis with a line at 1.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from sidefx.charts.axes import ratio_axis
from sidefx.charts.marks import whiskers
from sidefx.charts.registry import builder
from sidefx.charts.text import wrap
from sidefx.charts.theme import PALETTE, SCREEN, SCREEN_BODY_PX, Style

FOREST_N_RIGHT = 78  # px from the plot's right edge to the right end of the n column ('21,002*')
FOREST_TEXT_WIDTH = 280  # right margin holding the n and estimate columns (their bold headings fit)
FOREST_LABEL_WRAP = 34  # characters per line of a study label at the left (one line in the compact style)


def _forest_x(fig: go.Figure, rows: pd.DataFrame, measure: str, style: Style, spans=None) -> dict:
    """The x axis; on a ratio axis the dashed line at 1, across the plot or only over ``spans`` (y ranges: the
    stacked layout's marker bands, so the line never runs through the words above each line)."""
    if measure == "percent":
        return dict(title="% (95% CI where reported)", range=[0, 100], ticksuffix="%")
    line = dict(color=style.muted, dash="dash", width=style.marks)
    if spans is None:
        fig.add_vline(x=1, line=line)
    for lo, hi in spans or ():
        fig.add_shape(type="line", x0=1, x1=1, xref="x", y0=lo, y1=hi, yref="y", line=line, name="reference-line")
    return ratio_axis(measure, pd.concat([rows.value, rows.ci_low, rows.ci_high]).dropna())


def _forest_marks(fig: go.Figure, rows: pd.DataFrame, style: Style, diamond_half: float = 0.3) -> None:
    """Squares (sized by the estimate's own n; open and unsized where only the whole study's n is known),
    the survey's open circle and pooled diamonds, at each row's ``y``."""
    fig.add_trace(_estimates(rows[rows.kind == "estimate"], style))
    sv = rows[rows.kind == "survey"]
    if len(sv):
        fig.add_trace(_survey(sv, style))
    for i, r in enumerate(rows[rows.kind == "pooled"].itertuples()):
        fig.add_trace(_diamond(r, style, diamond_half, first=i == 0))


def _estimates(est: pd.DataFrame, style: Style) -> go.Scatter:
    """The published estimates: a square each, sized by its own n, or open and unsized (only the study's n known)."""
    g = style.marks
    own = est.n_own.fillna(False).astype(bool)
    sizes = [(7 + min(11, math.log10(n + 1) * 2.5) if o and n > 0 else 9) * g for n, o in zip(est.n.fillna(0), own)]
    err = whiskers(
        est.value,
        est.ci_low,
        est.ci_high,
        missing_as_zero=True,
        color=style.ink,
        thickness=1.4 * g,
        width=0,
    )
    return go.Scatter(
        x=est.value,
        y=est.y,
        mode="markers",
        name="Published estimate (size: n)",
        error_x=err,
        marker=dict(
            symbol=["square" if o else "square-open" for o in own],
            size=sizes,
            color=PALETTE[0],
            line=dict(width=2 * g, color=PALETTE[0]),
        ),
        hovertext=est.hover,
        hoverinfo="text",
    )


def _survey(sv: pd.DataFrame, style: Style) -> go.Scatter:
    """This dashboard's survey: an open circle with its interval."""
    g = style.marks
    return go.Scatter(
        x=sv.value,
        y=sv.y,
        mode="markers",
        name=str(sv.label.iloc[0]),
        error_x=whiskers(
            sv.value,
            sv.ci_low,
            sv.ci_high,
            color=PALETTE[3],
            thickness=1.4 * g,
            width=0,
        ),
        marker=dict(symbol="circle-open", size=12 * g, color=PALETTE[3], line=dict(width=2.5 * g)),
        hovertext=sv.hover,
        hoverinfo="text",
    )


def _diamond(r, style: Style, half: float, first: bool) -> go.Scatter:
    """A pooled estimate: a diamond from its interval's low end to its high end; the first one named in the legend."""
    return go.Scatter(
        x=[r.ci_low, r.value, r.ci_high, r.value, r.ci_low],
        y=[r.y, r.y + half, r.y, r.y - half, r.y],
        fill="toself",
        mode="lines",
        line=dict(color=PALETTE[5], width=style.marks),
        fillcolor=PALETTE[5],
        name="Random-effects pooled estimate",
        hovertext=r.hover,
        hoverinfo="text",
        showlegend=first,
    )


@builder(narrow=True)
def forest(rows: pd.DataFrame, style: Style = SCREEN, measure: str = "percent") -> go.Figure:
    """Forest plot: one row per estimate, grouped by design, with pooled diamonds.

    ``rows`` (from evidence.forest) has: kind ('header', 'estimate', 'pooled', 'survey'), label, value,
    ci_low, ci_high, n, n_own, n_text, estimate_text. Percentages get a 0-100 axis; ratios a log axis
    with a reference line at 1; nothing else is drawn. A narrow style (a phone, a journal column)
    stacks each row's words above its line, so the plot keeps the figure's whole width.
    """
    return (_forest_stacked if style.narrow else _forest_wide)(rows, style, measure)


def _forest_wide(rows: pd.DataFrame, style: Style, measure: str) -> go.Figure:
    """Labels at the left; n and the estimate in columns at the right."""
    rows = rows.assign(y=list(range(len(rows)))[::-1])
    fig = go.Figure()
    _forest_marks(fig, rows, style)
    labels = [str(label) if style.compact else wrap(str(label), FOREST_LABEL_WRAP) for label in rows.label]
    ticktext = [f"<b>{label}</b>" if k == "header" else label for label, k in zip(labels, rows.kind)]
    lines = max(label.count("<br>") + 1 for label in labels)
    fig.update_layout(
        showlegend=False,  # the note says what squares, circles and diamonds are
        xaxis=_forest_x(fig, rows, measure, style),
        yaxis=dict(tickmode="array", tickvals=rows.y, ticktext=ticktext, showgrid=False, range=[-0.8, len(rows) - 0.2]),
        height=300 + (18 + 16 * lines) * len(rows),
        margin=dict(r=FOREST_TEXT_WIDTH * style.body / SCREEN_BODY_PX),
    )
    k = style.body / SCREEN_BODY_PX
    header = dict(
        xref="paper", yref="y", x=1, y=len(rows) - 0.2, showarrow=False, yanchor="bottom", font=dict(size=style.px(12))
    )
    fig.add_annotation(text="<b>n</b>", xshift=FOREST_N_RIGHT * k, xanchor="right", name="forest-column", **header)
    fig.add_annotation(
        text="<b>Estimate (95% interval)</b>",
        xshift=(FOREST_N_RIGHT + 14) * k,
        xanchor="left",
        name="forest-column",
        **header,
    )
    for r in rows[rows.kind != "header"].itertuples():
        cell = dict(
            xref="paper", yref="y", x=1, y=r.y, showarrow=False, font=dict(size=style.px(12)), name="forest-column"
        )
        fig.add_annotation(text=r.n_short, xshift=FOREST_N_RIGHT * k, xanchor="right", **cell)
        fig.add_annotation(text=r.estimate_text, xshift=(FOREST_N_RIGHT + 14) * k, xanchor="left", **cell)
    return fig


def stacked_lines(rows: pd.DataFrame, style: Style) -> list[str]:
    """Each row's words in the stacked layout: the label (wrapped), then 'n · estimate' under it."""
    out = []
    for r in rows.itertuples():
        label = wrap(r.label, style.line_chars)
        n = "n not reported" if r.n_text == "–" else f"n = {r.n_text}"
        out.append(
            f"<b>{label}</b>"
            if r.kind == "header"
            else f"{label}<br><span style='color:{style.muted}'>{n} · {r.estimate_text}</span>"
        )
    return out


def _forest_stacked(rows: pd.DataFrame, style: Style, measure: str) -> go.Figure:
    """Each row's label and 'n · estimate' above its line, across the whole plot: no side columns.

    The y axis counts text lines: a row takes its lines of words plus 1.2 for its marker. The
    layout reads ``meta.forest_line_units`` to check the rows get room for their words.
    """
    lines = stacked_lines(rows, style)
    heights = [t.count("<br>") + 1 + (0.3 if k == "header" else 1.0) for t, k in zip(lines, rows.kind)]
    tops = [sum(heights) - sum(heights[:i]) for i in range(len(heights))]
    rows = rows.assign(y=[t - h + 0.5 for t, h in zip(tops, heights)])
    fig = go.Figure()
    _forest_marks(fig, rows[rows.kind != "header"], style, diamond_half=0.4)
    for text, top in zip(lines, tops):
        fig.add_annotation(
            text=text,
            xref="paper",
            yref="y",
            x=0,
            y=top,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font=dict(size=style.px(12)),
            name="forest-row",
        )
    total = sum(heights)
    fig.update_layout(
        showlegend=False,
        xaxis=_forest_x(fig, rows, measure, style, spans=[(y - 0.5, y + 0.5) for y in rows.y[rows.kind != "header"]]),
        yaxis=dict(visible=False, range=[0, total + 0.1], fixedrange=True),
        height=260 + 17 * total,
        margin=dict(l=14, r=18),
        meta={"forest_line_units": total},
    )
    return fig
