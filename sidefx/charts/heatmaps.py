"""Heatmaps: survey prevalence (group x effect) and the reports' ratios (drug x side effect), each cell written."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from sidefx import settings, words
from sidefx.charts.registry import builder
from sidefx.charts.text import wrap
from sidefx.charts.theme import SCREEN, TEMPLATE, Style


@builder
def prevalence_heatmap(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """Group x effect heatmap (groups as rows) with % and n written in each cell (the % only, compact)."""
    order = list(df.drop_duplicates("label").sort_values("sort_order").label)
    rows = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    pct = df.pivot_table(index="grp", columns="label", values="pct", sort=False).reindex(index=rows, columns=order)
    ns = df.pivot_table(index="grp", columns="label", values="respondents", sort=False).reindex(
        index=rows, columns=order
    )
    small = settings.get("small_sample_n")

    def cell(p, n):
        if pd.isna(p):
            return ""
        return f"{p:.0f}%" + ("" if style.compact else f"<br>n={int(n):,}") + ("*" if n < small else "")

    text = [[cell(p, n) for p, n in zip(rp, rn)] for rp, rn in zip(pct.values, ns.values)]
    hover = [
        [
            (
                "no respondents"
                if pd.isna(p)
                else f"{g} · {e}: {p:.1f}% of {int(n):,}" + (f" ({words.small_sample_words()})" if n < small else "")
            )
            for e, p, n in zip(order, rp, rn)
        ]
        for g, rp, rn in zip(rows, pct.values, ns.values)
    ]
    columns = [wrap(label, 11) for label in order]
    fig = go.Figure(
        go.Heatmap(
            z=pct.values,
            x=columns,
            y=[str(r) for r in rows],
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=style.px(11)),
            hovertext=hover,
            hoverinfo="text",
            zmin=0,
            zmax=100,
            colorscale=TEMPLATE.layout.colorscale.sequential,
            xgap=2,
            ygap=2,
            colorbar=dict(title=dict(text="%"), ticksuffix="%", thickness=14 * style.marks),
        )
    )
    return _heatmap_layout(fig, style, 300 + 44 * len(rows))


def _heatmap_layout(fig: go.Figure, style: Style, height: int) -> go.Figure:
    """Rows down the left in table order, columns named along the top."""
    fig.update_layout(
        yaxis=dict(autorange="reversed", title="", type="category"),
        xaxis=dict(title="", side="top", type="category", tickangle=0, tickfont=dict(size=style.px(11))),
        height=height,
        showlegend=False,
    )
    return fig


RATIO_COLOURS = [[0, "#2166ac"], [0.5, "#f7f7f7"], [1, "#b2182b"]]  # blue below 1, red above (ColorBrewer RdBu)
RATIO_SPAN = 3.0  # the colour scale's ends, in log2 units: 1/8 and 8 times


RATIO_BAR_TITLES = {  # the colour bar's title, by the measure drawn (sidefx.faers.panels.MEASURES)
    "reporting_odds_ratio": "ROR",
    "adjusted_reporting_odds_ratio": "Adj. ROR",
    "adjusted_reporting_odds_ratio_by_year": "Adj. ROR",
    "proportional_reporting_ratio": "PRR",
    "ebgm": "EBGM",
}


@builder
def ratio_heatmap(df: pd.DataFrame, style: Style = SCREEN, measure: str = "reporting_odds_ratio") -> go.Figure:
    """Drug x side effect: each cell's ratio (``value``, the ``measure``) as colour on a log scale centred at 1,
    written with its cases (``n``); ✓ its signal, * fewer than 3 cases, – no ratio."""
    order = list(df.drop_duplicates("effect_label").sort_values("sort_order").effect_label)
    rows = list(dict.fromkeys(df.label))
    grid = lambda col: df.pivot_table(  # noqa: E731
        index="label", columns="effect_label", values=col, sort=False, aggfunc="first", dropna=False
    ).reindex(index=rows, columns=order)
    value, n, text, hover = grid("value"), grid("n"), grid("cell_text"), grid("hover")
    z = [[math.log2(v) if pd.notna(v) and v > 0 else None for v in r] for r in value.values]
    cells = [
        [
            ("" if pd.isna(t) else t) + ("" if style.compact or pd.isna(k) else f"<br>n={int(k):,}")
            for t, k in zip(rt, rk)
        ]
        for rt, rk in zip(text.values, n.values)
    ]
    ticks = [v for v in (0.125, 0.25, 0.5, 1, 2, 4, 8)]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[wrap(label, 12) for label in order],
            y=rows,
            text=cells,
            texttemplate="%{text}",
            textfont=dict(size=style.px(11)),
            hovertext=[["" if pd.isna(h) else h for h in r] for r in hover.values],
            hoverinfo="text",
            zmin=-RATIO_SPAN,
            zmax=RATIO_SPAN,
            zmid=0,
            colorscale=RATIO_COLOURS,
            xgap=2,
            ygap=2,
            colorbar=dict(
                title=dict(text=RATIO_BAR_TITLES.get(measure, measure.replace("_", " "))),
                tickvals=[math.log2(v) for v in ticks],
                ticktext=[f"{v:g}" for v in ticks],
                thickness=14 * style.marks,
            ),
        )
    )
    return _heatmap_layout(fig, style, 320 + 40 * len(rows))
