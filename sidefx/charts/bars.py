"""Bar charts: prevalence (one bar per effect, or grouped by the compare-by dimension), withdrawal incidence,
withdrawal severity (100% stacked) and how long withdrawal lasted."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from sidefx import vocab, words
from sidefx.charts import repel
from sidefx.charts.axes import percent_axis
from sidefx.charts.marks import bar_trace, has_small, hatch_key, one_line, small_sample
from sidefx.charts.registry import builder
from sidefx.charts.text import LABEL_WRAP, NARROW_LABEL_WRAP, wrap
from sidefx.charts.theme import INK, PALETTE, SCREEN, SEVERITY_COLOURS, Style


def _pct(v) -> str:
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.0f}%"


def _row_px(labels) -> int:
    """Height of one bar row: enough for its label's lines."""
    lines = max((str(label).count("<br>") + 1 for label in labels), default=1)
    return max(46, 17 * lines + 14)


def with_n(labels, ns, style: Style, width: int = LABEL_WRAP) -> list[str]:
    """Category labels carrying their n: under the name, or beside it in a compact style."""
    if style.compact:
        return [f"{label} (n={int(n):,})" for label, n in zip(labels, ns)]
    span = f"<span style='font-size:{style.px(12)}px;color:{style.muted}'>"
    width = min(width, NARROW_LABEL_WRAP) if style.narrow else width
    return [f"{wrap(str(label), width)}<br>{span}n={int(n):,}</span>" for label, n in zip(labels, ns)]


def _label_margin(style: Style) -> dict:
    """A right margin as wide as ' 100%': a % written past a whisker near the axis's end runs into it, never off
    the figure (the labels are not clipped at the plot's edge)."""
    return dict(margin=dict(r=round(repel.box_size(" 100%", style.px(13))[0] + 8)))


@builder
def prevalence_bars(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """Share reporting each effect: horizontal bars, one per effect, each with its n under its name."""
    d = df.assign(cat=with_n(df.label, df.respondents, style))
    fig = go.Figure(
        bar_trace(d, "cat", "Reported", PALETTE[0], style, show_legend=False)
        + ([hatch_key(style)] if has_small(df) else [])
    )
    fig.update_layout(
        xaxis=percent_axis(upper=105),
        yaxis=dict(autorange="reversed", title="", categoryorder="array", categoryarray=list(d.cat)),
        height=260 + _row_px(d.cat) * len(df),
        showlegend=has_small(df),
        **_label_margin(style),
    )
    return fig


def _group_hover(part: pd.DataFrame, cat: str) -> list[str]:
    """A grouped bar's hover: its group, and its own n, with the group's where fewer answered its question."""
    small = " · " + words.small_sample_key().lower()
    return [
        f"<b>{one_line(c)} · {g}</b><br>{p:.1f}% (95% CI {lo:.1f}–{hi:.1f})<br>"
        + words.answered_of_group(k, n, total, g)
        + (small if small_sample(n) else "")
        for c, g, p, lo, hi, k, n, total in zip(
            part[cat],
            part.grp,
            part.pct,
            part.ci_low,
            part.ci_high,
            part.reported,
            part.respondents,
            part.group_respondents,
        )
    ]


@builder
def prevalence_grouped(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """Share reporting each effect, bars grouped by the compare-by dimension; each group's respondents in the legend
    (a bar whose question fewer answered gives its own n in its hover and in the numbers)."""
    fig = go.Figure()
    groups = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    for i, g in enumerate(groups):
        part = df[df.grp == g]
        name = f"{g} (n = {int(part.group_respondents.iloc[0]):,})"
        colour = PALETTE[i % len(PALETTE)]
        for t in bar_trace(part, "label", name, colour, style, labels=False, inside_labels=True, hover=_group_hover):
            fig.add_trace(t)
    if has_small(df):
        fig.add_trace(hatch_key(style))
    order = list(df.sort_values("sort_order").drop_duplicates("label").label)
    fig.update_layout(
        barmode="group",
        xaxis=percent_axis(upper=100),
        yaxis=dict(autorange="reversed", title="", categoryorder="array", categoryarray=order),
        height=260 + df.label.nunique() * (20 + 16 * len(groups)),
        uniformtext=dict(minsize=style.px(9), mode="hide"),
    )
    return fig


@builder
def withdrawal_bars(df: pd.DataFrame, style: Style = SCREEN, axis_title: str = "") -> go.Figure:
    """Withdrawal incidence per group with CIs: columns for a few ordered groups, rows for many (drugs)."""
    d = df.rename(columns={"tried_to_stop": "respondents"})
    d = d.assign(cat=with_n(d.grp, d.respondents, style))
    horizontal = len(d) > 6
    fig = go.Figure(
        bar_trace(
            d,
            "cat",
            "Had withdrawal effects",
            PALETTE[5],
            style,
            orientation="h" if horizontal else "v",
            show_legend=False,
        )
        + ([hatch_key(style, "h" if horizontal else "v")] if has_small(d) else [])
    )
    pct_axis = percent_axis("% of those who tried to stop", upper=105)
    cat_axis = dict(title=axis_title, type="category", categoryorder="array", categoryarray=list(d.cat))
    if horizontal:
        fig.update_layout(
            xaxis=pct_axis,
            yaxis=cat_axis | dict(autorange="reversed", title=""),
            height=260 + _row_px(d.cat) * len(d),
            showlegend=has_small(d),
            **_label_margin(style),
        )
    else:
        fig.update_layout(
            yaxis=pct_axis,
            xaxis=cat_axis | dict(title=dict(text=axis_title, standoff=8)),
            height=540,
            showlegend=has_small(d),
        )
    return fig


@builder
def severity_stacked(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """100% stacked bars: how severe withdrawal was, per group."""
    fig = go.Figure()
    groups = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    totals = df.drop_duplicates("grp").set_index("grp").had_withdrawal
    ylabels = [f"{g} (n={totals[g]:,})" for g in groups]
    for sev in vocab.WITHDRAWAL_SEVERITIES:
        part = df[df.severity == sev].set_index("grp").reindex(groups)
        fig.add_trace(
            go.Bar(
                y=ylabels,
                x=part.pct.fillna(0),
                name=sev.capitalize(),
                orientation="h",
                marker_color=SEVERITY_COLOURS[sev],
                text=[_pct(v) if v >= 6 else "" for v in part.pct.fillna(0)],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(size=style.px(13), color=INK),
                hovertext=[
                    f"{g}: {sev} {v:.1f}% ({int(c) if not pd.isna(c) else 0:,} people)"
                    for g, v, c in zip(groups, part.pct.fillna(0), part.respondents)
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(
        barmode="stack",
        legend=dict(traceorder="normal"),  # mild, moderate, severe: plotly reverses stacked bars' legend otherwise
        xaxis=percent_axis("% of those who had withdrawal effects"),
        yaxis=dict(autorange="reversed", title=""),
        height=300 + max(2, len(groups)) * 52,
    )
    return fig


@builder
def duration_distribution(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """How long withdrawal lasted: share in each duration bin (grouped when comparing)."""
    fig = go.Figure()
    groups = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    bins = list(dict.fromkeys(df.sort_values("bin_order").bin))
    for i, g in enumerate(groups):
        part = df[df.grp == g].set_index("bin").reindex(bins)
        fig.add_trace(
            go.Bar(
                x=bins,
                y=part.pct.fillna(0),
                name=f"{g} (n={int(part.had_withdrawal.max()):,})" if len(groups) > 1 else g,
                marker_color=PALETTE[i % len(PALETTE)],
                showlegend=len(groups) > 1,
                text=[_pct(v) for v in part.pct.fillna(0)] if len(groups) == 1 else None,
                textposition="outside",
                cliponaxis=False,
                textfont=dict(size=style.px(13)),
                hovertext=[f"{g}: {b} {v:.1f}%" for b, v in zip(bins, part.pct.fillna(0))],
                hoverinfo="text",
            )
        )
    top = float(df.pct.max()) if len(df) else 10
    fig.update_layout(
        barmode="group",
        xaxis=dict(title="How long withdrawal effects lasted", type="category"),
        yaxis=percent_axis("% of those who had withdrawal effects", upper=min(100, top * 1.25 + 2)),
        height=480,
    )
    return fig
