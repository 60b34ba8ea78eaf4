"""The half-life scatter: withdrawal against elimination half-life, one point per drug, each named (``repel``)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from sidefx.charts import repel
from sidefx.charts.axes import log_ticks, percent_axis, ratio_axis
from sidefx.charts.marks import whiskers
from sidefx.charts.registry import builder
from sidefx.charts.theme import PALETTE, SCREEN, Style


@builder
def half_life_scatter(df: pd.DataFrame, style: Style = SCREEN, measure: str = "percent") -> go.Figure:
    """Withdrawal against elimination half-life, one point per drug, sized by n: the survey's incidence
    (``pct``, n ``tried_to_stop``), with a ratio ``measure`` the reports' ratio (``value``, n ``n``), or with
    ``measure='days'`` the reports' median days from stopping to onset (``value``, its quartiles as whiskers).

    Each drug is named beside its point where no other name or point is (``repel``), with a leader
    line where the 15-40 h range is crowded.
    """
    df = df.sort_values("half_life_h").reset_index(drop=True)
    percent = measure == "percent"
    y, n = (df.pct, df.tried_to_stop) if percent else (df.value, df.n)
    sizes = ((n.clip(lower=1) ** 0.5) * (0.8 if percent else 0.4) + 7) * style.marks
    if percent:
        what = [
            f"withdrawal {p:.1f}% (95% CI {a:.1f}–{b:.1f}), n={k:,}"
            for p, a, b, k in zip(df.pct, df.ci_low, df.ci_high, n)
        ]
    else:
        what = list(df.hover)
    fig = go.Figure()
    for i, cls in enumerate(dict.fromkeys(df.drug_class)):
        m = df.drug_class == cls
        words = [w for w, keep in zip(what, m) if keep]
        fig.add_trace(_class_points(df[m], cls, y[m], sizes[m], words, PALETTE[i % len(PALETTE)], style))
    if percent:
        yaxis = percent_axis("% of those who tried to stop", upper=105)
    elif measure == "days":  # days from stopping to onset: from 0, not a ratio
        top = float(pd.concat([df.value, df.ci_high]).max()) if len(df) else 1.0
        yaxis = dict(title="Days from stopping to onset (median; whiskers: quartiles)", range=[0, max(top, 1) * 1.15])
    else:
        fig.add_hline(y=1, line=dict(color=style.muted, dash="dash", width=style.marks))
        yaxis = ratio_axis(measure, pd.concat([df.value, df.ci_low, df.ci_high]).dropna(), headroom=1.8)
    fig.update_layout(xaxis=_half_life_axis(df.half_life_h, style), yaxis=yaxis, height=620)
    log_y = measure not in ("percent", "days")
    _name_points(fig, df.drug, df.half_life_h, y, sizes / 2 + style.marks, style, log_y=log_y)
    return fig


def _class_points(part: pd.DataFrame, cls: str, y, sizes, what: list[str], colour: str, style: Style) -> go.Scatter:
    """One drug class's points, with their whiskers; each hover gives the half-life, its source, and ``what``."""
    return go.Scatter(
        x=part.half_life_h,
        y=y,
        mode="markers",
        name=cls,
        marker=dict(
            size=sizes,
            color=colour,
            opacity=0.75,
            line=dict(color=style.bg, width=style.marks),
        ),
        error_y=whiskers(
            y,
            part.ci_low,
            part.ci_high,
            thickness=style.marks,
            width=0,
            color=style.muted,
        ),
        hovertext=[
            f"<b>{d}</b> ({c})<br>half-life {h:g} h (range {lo:g}–{hi:g} h; {src})<br>{w}"
            for d, c, h, lo, hi, src, w in zip(
                part.drug,
                part.drug_class,
                part.half_life_h,
                part.half_life_h_low,
                part.half_life_h_high,
                part.half_life_cite,
                what,
            )
        ],
        hoverinfo="text",
    )


MIN_DECADES = 1.0  # the half-life axis spans at least this many powers of ten


def _half_life_axis(half_lives: pd.Series, style: Style) -> dict:
    """The x axis: half-lives on a log scale, a little wider than the points and at least a factor of ten wide, so
    one drug (or drugs of near half-lives) still gets several labelled ticks."""
    hours = half_lives[half_lives > 0]
    lo, hi = (math.log10(hours.min() / 1.4), math.log10(hours.max() * 1.4)) if len(hours) else (0.0, 2.0)
    pad = max(0.0, (MIN_DECADES - (hi - lo)) / 2)
    x_range = [lo - pad, hi + pad]
    return dict(
        title="Half-life (hours, log scale)"
        if style.narrow
        else "Elimination half-life of the parent drug (hours, log scale)",
        type="log",
        range=x_range,
        **log_ticks([10 ** x_range[0], 10 ** x_range[1]]),
    )


def _name_points(fig: go.Figure, names, xs, ys, radii, style: Style, log_y: bool) -> None:
    """Each point's name as an annotation, placed by ``repel`` for the plot size the style expects."""
    xr, yr = fig.layout.xaxis.range, fig.layout.yaxis.range
    ax = [math.log10(v) for v in xs]
    ay = [math.log10(v) if log_y else v for v in ys]
    frac = lambda v, r: (v - r[0]) / (r[1] - r[0])  # noqa: E731
    for name, x, y in zip(names, ax, ay):
        fig.add_annotation(
            text=str(name),
            x=x,
            y=y,
            xref="x",
            yref="y",
            xanchor="center",
            yanchor="middle",
            showarrow=False,
            font=dict(size=style.px(12), color=style.ink),
            arrowhead=0,
            arrowwidth=style.marks,
            arrowcolor=style.muted,
            name=repel.NAME,
        )
    fig.update_layout(
        meta={
            "point_labels": dict(x=[frac(v, xr) for v in ax], y=[frac(v, yr) for v in ay], r=list(map(float, radii))),
            "plot_height": style.plot_px[1],  # the screen's figure grows to give the names this room
        }
    )
    repel.place(fig, *style.plot_px)
