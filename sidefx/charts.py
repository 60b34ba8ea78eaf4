"""Pure builders: a DataFrame (from a report) in, a plotly Figure out. No Streamlit here.

Every figure uses the project's own template (``TEMPLATE``), never plotly's default:
importing streamlit swaps the default for placeholder colours. Percent axes are used
only for percentages; odds and rate ratios get a log axis with a line at 1.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from sidefx import settings

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEVERITY_COLOURS = {"mild": "#F0E442", "moderate": "#E69F00", "severe": "#D55E00"}
INK, MUTED, GRID = "#1f2933", "#52606d", "#e4e7eb"
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"

TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=14, color=INK),
        colorway=PALETTE,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        title=dict(font=dict(size=20)),
        xaxis=dict(gridcolor=GRID, zerolinecolor=GRID, linecolor=MUTED, ticks="outside", tickcolor=MUTED, automargin=True),
        yaxis=dict(gridcolor=GRID, zerolinecolor=GRID, linecolor=MUTED, automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", title=dict(text="")),
        hoverlabel=dict(font=dict(family=FONT)),
        margin=dict(l=20, r=30, t=120, b=110),
        colorscale=dict(sequential=[[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]]),
    ),
    data=dict(bar=[go.Bar(marker=dict(line=dict(width=0)))]),
)

MIN_PLOT_HEIGHT = 180  # px of plot area, whatever the titles and footer take
LABEL_WRAP = 26  # characters per line of a category label in the left margin (keeps phones usable)
SMALL_NOTE = "Hatched: fewer than {n} respondents, so the estimate is unreliable"
CI_NOTE = "Error bars: 95% Wilson confidence intervals"


@dataclass(frozen=True)
class ChartText:
    """The words around a chart, baked into the figure so an exported file stands alone."""

    title: str
    subtitle: str  # the active filters in words, and n
    source: str  # a citation, or the synthetic-data label
    note: str = CI_NOTE  # what the error bars mean, and other reading notes


def wrap(text: str, width: int) -> str:
    """Wrap plain text into <br>-separated lines of at most ``width`` characters."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) if text else ""


def _plain_lines(label) -> list[str]:
    return re.sub(r"<(?!br)[^>]+>", "", str(label)).split("<br>")


def left_margin(fig: go.Figure, scale: float = 1.0) -> int:
    """Pixels for the y tick labels (and axis title), from the longest label.

    A fixed left margin (not automargin) puts the plot area's left edge at a known pixel
    offset, so the footer can start at the figure's left edge whatever the labels are.
    """
    labels = list(fig.layout.yaxis.ticktext or [])
    if not labels:
        for t in fig.data:
            if t.type == "heatmap" or getattr(t, "orientation", None) == "h":
                labels.extend(v for v in (t.y if t.y is not None else []) if isinstance(v, str))
    longest = max((len(line) for lab in labels for line in _plain_lines(lab)), default=0)
    px = 30 + 7.0 * longest if longest else 96
    return int(min(400, max(96, px)) * scale)


def decorate(fig: go.Figure, text: ChartText, width_chars: int = 110, scale: float = 1.0) -> go.Figure:
    """Title, subtitle, legend on top, and a footer (reading notes, source) below the x axis.

    Both axes get fixed margins (not automargin) so the footer's place is known in pixels:
    plotly positions annotations relative to the plot area, which automargin would move.
    """
    footer = wrap(text.note, width_chars) + ("<br>" if text.note and text.source else "") + wrap(text.source, width_chars)
    lines = footer.count("<br>") + 1 if footer else 0
    x_lines = max((str(v).count("<br>") + 1 for t in fig.data if t.type == "bar" and getattr(t, "orientation", None) != "h"
                   for v in (t.x if t.x is not None else []) if isinstance(v, str)), default=1)
    axis_space = int((78 + 18 * (x_lines - 1)) * scale)  # x tick labels + axis title
    subtitle = wrap(text.subtitle, width_chars)
    legend = fig.layout.showlegend is not False and len(fig.data) > 0
    top = int((96 + 18 * subtitle.count("<br>") + (34 if legend else 0)) * scale)
    left = left_margin(fig, scale)
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text=text.title, subtitle=dict(text=subtitle, font=dict(color=MUTED, size=14)), yref="container", y=0.98, yanchor="top",
                   xref="container", x=0.01, xanchor="left"),
        margin=dict(t=top, b=axis_space + int(16 * scale) * lines + 12, l=left),
        xaxis=dict(automargin=False),
        yaxis=dict(automargin=False),
    )
    if footer:
        fig.add_annotation(
            text=footer, xref="paper", yref="paper", x=0, y=0, xshift=-(left - 10), yshift=-axis_space, xanchor="left", yanchor="top",
            showarrow=False, font=dict(size=12, color=MUTED), align="left", name="footer",
        )
    # Margins are fixed, so the height must leave the plot area room of its own.
    margin = fig.layout.margin
    fig.layout.height = max(fig.layout.height or 450, margin.t + margin.b + int(MIN_PLOT_HEIGHT * scale))
    return fig


def _pct(v) -> str:
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.0f}%"


def _small(n) -> bool:
    return n < settings.get("small_sample_n")


def _bar_trace(df: pd.DataFrame, cat: str, name: str, colour, orientation="h", show_legend=True, labels=True) -> list:
    """Bars with CI whiskers, the % written just past the whisker, small samples hatched.

    ``cat`` is the category column (already carrying 'n=' if wanted). Rows under the
    small-sample threshold get their own hatched trace and legend entry.
    """
    traces = []
    small = df.respondents.map(_small)
    for is_small, part in ((False, df[~small]), (True, df[small])):
        if part.empty:
            continue
        err = dict(type="data", symmetric=False, array=part.ci_high - part.pct, arrayminus=part.pct - part.ci_low,
                   color=INK, thickness=1.2, width=4)
        hover = [f"<b>{c}</b><br>{p:.1f}% (95% CI {lo:.1f}–{hi:.1f})<br>{k:,} of {n:,} respondents"
                 + ("<br>fewer than %d respondents: unreliable" % settings.get("small_sample_n") if is_small else "")
                 for c, p, lo, hi, k, n in zip(part[cat], part.pct, part.ci_low, part.ci_high, part[_k_col(part)], part.respondents)]
        pattern = dict(shape="/", fgcolor="#ffffff", fillmode="overlay", solidity=0.5) if is_small else dict(shape="")
        common = dict(name=name + (" (fewer than %d respondents: unreliable)" % settings.get("small_sample_n") if is_small else ""),
                      hovertext=hover, hoverinfo="text", marker=dict(color=colour, pattern=pattern, line=dict(color=colour, width=1)),
                      legendgroup=name, showlegend=show_legend or is_small)
        if orientation == "h":
            traces.append(go.Bar(x=part.pct, y=part[cat], orientation="h", error_x=err, **common))
        else:
            traces.append(go.Bar(x=part[cat], y=part.pct, error_y=err, **common))
    if labels and len(df):
        text = [f" {p:.0f}%" for p in df.pct]  # a space clears the whisker cap
        if orientation == "h":
            traces.append(go.Scatter(x=df.ci_high, y=df[cat], mode="text", text=text, textposition="middle right", showlegend=False,
                                     hoverinfo="skip", textfont=dict(color=INK, size=13)))
        else:
            traces.append(go.Scatter(x=df[cat], y=df.ci_high, mode="text", text=text, textposition="top center", showlegend=False,
                                     hoverinfo="skip", textfont=dict(color=INK, size=13)))
    return traces


def _row_px(labels) -> int:
    """Height of one bar row: enough for its label's lines."""
    lines = max((str(l).count("<br>") + 1 for l in labels), default=1)
    return max(46, 17 * lines + 14)


def _with_n(labels, ns, width: int = LABEL_WRAP) -> list[str]:
    return [f"{wrap(str(l), width)}<br><span style='font-size:0.85em;color:{MUTED}'>n={int(n):,}</span>" for l, n in zip(labels, ns)]


def _k_col(df: pd.DataFrame) -> str:
    return "reported" if "reported" in df else "had_withdrawal"


def _percent_axis(title="% of respondents", upper=100):
    return dict(title=title, range=[0, upper], ticksuffix="%")


def prevalence_bars(df: pd.DataFrame, text: ChartText) -> go.Figure:
    """Share reporting each effect: horizontal bars, one per effect."""
    d = df.assign(cat=_with_n(df.label, df.respondents))
    fig = go.Figure(_bar_trace(d, "cat", "Reported", PALETTE[0], show_legend=False))
    fig.update_layout(xaxis=_percent_axis(upper=105), yaxis=dict(autorange="reversed", title="", categoryorder="array", categoryarray=list(d.cat)),
                      height=260 + _row_px(d.cat) * len(df), showlegend=_has_small(df))
    return decorate(fig, text)


def _has_small(df) -> bool:
    return bool(df.respondents.map(_small).any()) if "respondents" in df and len(df) else False


def prevalence_grouped(df: pd.DataFrame, text: ChartText) -> go.Figure:
    """Share reporting each effect, bars grouped by the compare-by dimension."""
    fig = go.Figure()
    groups = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    for i, g in enumerate(groups):
        part = df[df.grp == g]
        for t in _bar_trace(part, "label", str(g), PALETTE[i % len(PALETTE)], labels=False):  # n is in the hover and the table
            fig.add_trace(t)
    n_effects = df.label.nunique()
    order = list(df.sort_values("sort_order").drop_duplicates("label").label)
    fig.update_layout(barmode="group", xaxis=_percent_axis(upper=100), yaxis=dict(autorange="reversed", title="", categoryorder="array", categoryarray=order),
                      height=260 + n_effects * (20 + 14 * len(groups)))
    return decorate(fig, text)


def prevalence_heatmap(df: pd.DataFrame, text: ChartText) -> go.Figure:
    """Group x effect heatmap (groups as rows) with % and n written in each cell."""
    order = list(df.drop_duplicates("label").sort_values("sort_order").label)
    rows = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    pct = df.pivot_table(index="grp", columns="label", values="pct", sort=False).reindex(index=rows, columns=order)
    ns = df.pivot_table(index="grp", columns="label", values="respondents", sort=False).reindex(index=rows, columns=order)
    small = settings.get("small_sample_n")
    cell = [[("" if pd.isna(p) else f"{p:.0f}%<br>n={int(n):,}" + ("*" if n < small else "")) for p, n in zip(rp, rn)]
            for rp, rn in zip(pct.values, ns.values)]
    hover = [[("no respondents" if pd.isna(p) else f"{g} · {e}: {p:.1f}% of {int(n):,}" + (" (fewer than %d: unreliable)" % small if n < small else ""))
              for e, p, n in zip(order, rp, rn)] for g, rp, rn in zip(rows, pct.values, ns.values)]
    columns = [wrap(label, 11) for label in order]
    fig = go.Figure(go.Heatmap(z=pct.values, x=columns, y=[str(r) for r in rows], text=cell, texttemplate="%{text}", textfont=dict(size=11),
                               hovertext=hover, hoverinfo="text", zmin=0, zmax=100, colorscale=TEMPLATE.layout.colorscale.sequential,
                               colorbar=dict(title=dict(text="%"), ticksuffix="%", thickness=14), xgap=2, ygap=2))
    fig.update_layout(yaxis=dict(autorange="reversed", title="", type="category"), xaxis=dict(title="", side="top", type="category", tickangle=0, tickfont=dict(size=11)),
                      height=300 + 44 * len(rows), showlegend=False)
    fig = decorate(fig, text)
    lines = max(c.count("<br>") + 1 for c in columns) if columns else 1
    fig.update_layout(margin=dict(t=fig.layout.margin.t + 14 * lines + 12))  # room for the wrapped column labels on top
    return fig


def prevalence_by_duration(df: pd.DataFrame, text: ChartText) -> go.Figure:
    """Each effect's prevalence across duration-of-use bands."""
    fig = go.Figure()
    bands = list(dict.fromkeys(df.sort_values("grp_order").grp))
    for i, (label, part) in enumerate(df.sort_values(["sort_order", "grp_order"]).groupby("label", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(go.Scatter(
            x=part.grp, y=part.pct, mode="lines+markers", name=label, line=dict(color=colour, width=2.5),
            marker=dict(size=[7 if _small(n) else 10 for n in part.respondents], symbol=["circle-open" if _small(n) else "circle" for n in part.respondents]),
            error_y=dict(type="data", symmetric=False, array=part.ci_high - part.pct, arrayminus=part.pct - part.ci_low, thickness=1, width=3),
            hovertext=[f"<b>{label}</b>, {b}<br>{p:.1f}% (95% CI {lo:.1f}–{hi:.1f})<br>n={n:,}" for b, p, lo, hi, n in zip(part.grp, part.pct, part.ci_low, part.ci_high, part.respondents)],
            hoverinfo="text"))
    fig.update_layout(xaxis=dict(title="Duration of use", categoryorder="array", categoryarray=bands),
                      yaxis=_percent_axis(), height=600)
    return decorate(fig, text)


def withdrawal_bars(df: pd.DataFrame, text: ChartText, axis_title: str) -> go.Figure:
    """Withdrawal incidence per group with CIs: columns for a few ordered groups, rows for many (drugs)."""
    d = df.rename(columns={"tried_to_stop": "respondents"})
    d = d.assign(cat=_with_n(d.grp, d.respondents))
    horizontal = len(d) > 6
    fig = go.Figure(_bar_trace(d, "cat", "Had withdrawal effects", PALETTE[5], orientation="h" if horizontal else "v", show_legend=False))
    pct_axis = _percent_axis("% of those who tried to stop", upper=105)
    cat_axis = dict(title=axis_title, type="category", categoryorder="array", categoryarray=list(d.cat))
    if horizontal:
        fig.update_layout(xaxis=pct_axis, yaxis=cat_axis | dict(autorange="reversed", title=""), height=260 + _row_px(d.cat) * len(d),
                          showlegend=_has_small(d))
    else:
        fig.update_layout(yaxis=pct_axis, xaxis=cat_axis | dict(title=dict(text=axis_title, standoff=8)), height=540, showlegend=_has_small(d))
    return decorate(fig, text)


def severity_stacked(df: pd.DataFrame, text: ChartText) -> go.Figure:
    """100% stacked bars: how severe withdrawal was, per group."""
    fig = go.Figure()
    groups = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    totals = df.drop_duplicates("grp").set_index("grp").had_withdrawal
    ylabels = [f"{g} (n={totals[g]:,})" for g in groups]
    for sev in ("mild", "moderate", "severe"):
        part = df[df.severity == sev].set_index("grp").reindex(groups)
        fig.add_trace(go.Bar(y=ylabels, x=part.pct.fillna(0), name=sev.capitalize(), orientation="h", marker_color=SEVERITY_COLOURS[sev],
                             text=[_pct(v) if v >= 6 else "" for v in part.pct.fillna(0)], textposition="inside", insidetextanchor="middle",
                             hovertext=[f"{g}: {sev} {v:.1f}% ({int(c) if not pd.isna(c) else 0:,} people)" for g, v, c in zip(groups, part.pct.fillna(0), part.respondents)],
                             hoverinfo="text"))
    fig.update_layout(barmode="stack", xaxis=_percent_axis("% of those who had withdrawal effects"), yaxis=dict(autorange="reversed", title=""),
                      height=300 + 44 * len(groups))
    return decorate(fig, text)


def duration_distribution(df: pd.DataFrame, text: ChartText) -> go.Figure:
    """How long withdrawal lasted: share in each duration bin (grouped when comparing)."""
    fig = go.Figure()
    groups = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    bins = list(dict.fromkeys(df.sort_values("bin_order").bin))
    for i, g in enumerate(groups):
        part = df[df.grp == g].set_index("bin").reindex(bins)
        fig.add_trace(go.Bar(x=bins, y=part.pct.fillna(0), name=f"{g} (n={int(part.had_withdrawal.max()):,})" if len(groups) > 1 else g,
                             marker_color=PALETTE[i % len(PALETTE)], showlegend=len(groups) > 1,
                             text=[_pct(v) for v in part.pct.fillna(0)] if len(groups) == 1 else None, textposition="outside", cliponaxis=False,
                             hovertext=[f"{g}: {b} {v:.1f}%" for b, v in zip(bins, part.pct.fillna(0))], hoverinfo="text"))
    top = float(df.pct.max()) if len(df) else 10
    fig.update_layout(barmode="group", xaxis=dict(title="How long withdrawal effects lasted", type="category"),
                      yaxis=_percent_axis("% of those who had withdrawal effects", upper=min(100, top * 1.25 + 2)), height=480)
    return decorate(fig, text)


def half_life_scatter(df: pd.DataFrame, text: ChartText) -> go.Figure:
    """Withdrawal incidence against elimination half-life, one point per drug, sized by n.

    Labels alternate above and below the points in half-life order, so neighbours in the
    crowded 15-40 h range do not print over each other.
    """
    df = df.sort_values("half_life_h").reset_index(drop=True)
    sizes = (df.tried_to_stop.clip(lower=1) ** 0.5) * 0.8 + 7
    positions = ["top center" if i % 2 == 0 else "bottom center" for i in range(len(df))]
    classes = list(dict.fromkeys(df.drug_class))
    fig = go.Figure()
    for i, cls in enumerate(classes):
        m = df.drug_class == cls
        part = df[m]
        fig.add_trace(go.Scatter(
            x=part.half_life_h, y=part.pct, mode="markers+text", name=cls, text=part.drug,
            textposition=[p for p, keep in zip(positions, m) if keep], textfont=dict(size=12, color=INK),
            marker=dict(size=sizes[m], color=PALETTE[i % len(PALETTE)], opacity=0.75, line=dict(color="#ffffff", width=1)),
            error_y=dict(type="data", symmetric=False, array=part.ci_high - part.pct, arrayminus=part.pct - part.ci_low, thickness=1, width=0, color=MUTED),
            hovertext=[f"<b>{d}</b> ({c})<br>half-life {h:g} h (range {lo:g}–{hi:g} h; {src})<br>withdrawal {p:.1f}% (95% CI {a:.1f}–{b:.1f}), n={n:,}"
                       for d, c, h, lo, hi, src, p, a, b, n in zip(part.drug, part.drug_class, part.half_life_h, part.half_life_h_low, part.half_life_h_high,
                                                                     part.half_life_cite, part.pct, part.ci_low, part.ci_high, part.tried_to_stop)],
            hoverinfo="text"))
    fig.update_layout(xaxis=dict(title="Elimination half-life of the parent drug (hours, log scale)", type="log"),
                      yaxis=_percent_axis("% of those who tried to stop", upper=105), height=620)
    return decorate(fig, text)


def _ratio_axis(measure: str, values: pd.Series) -> dict:
    title = {"odds_ratio": "Odds ratio", "rate_ratio": "Rate ratio"}.get(measure, measure.replace("_", " "))
    lo, hi = float(values.min()), float(values.max())
    return dict(title=f"{title} (log scale; 1 = no difference)", type="log", range=[math.log10(min(lo, 1) * 0.8), math.log10(max(hi, 1) * 1.25)])


FOREST_N_RIGHT = 78  # px from the plot's right edge to the right end of the n column
FOREST_TEXT_WIDTH = 300  # right margin holding the n and estimate columns


def forest(rows: pd.DataFrame, text: ChartText, measure: str) -> go.Figure:
    """Forest plot: one row per estimate, grouped by design, with pooled diamonds.

    ``rows`` (from reports.forest_rows) has: kind ('header', 'estimate', 'pooled', 'survey'),
    label, value, ci_low, ci_high, n, group, estimate_text. Percentages get a 0-100 axis; ratios a
    log axis with a reference line at 1; nothing else is drawn.
    """
    y = list(range(len(rows)))[::-1]
    rows = rows.assign(y=y)
    fig = go.Figure()
    est = rows[rows.kind == "estimate"]
    sizes = est.n.fillna(0).map(lambda n: 7 + min(11, math.log10(n + 1) * 2.5) if n > 0 else 7)
    err = dict(type="data", symmetric=False, array=(est.ci_high - est.value).fillna(0), arrayminus=(est.value - est.ci_low).fillna(0), color=INK, thickness=1.4, width=0)
    fig.add_trace(go.Scatter(x=est.value, y=est.y, mode="markers", name="Published estimate (size: n)", error_x=err,
                             marker=dict(symbol="square", size=sizes, color=PALETTE[0]),
                             hovertext=est.hover, hoverinfo="text"))
    sv = rows[rows.kind == "survey"]
    if len(sv):
        fig.add_trace(go.Scatter(x=sv.value, y=sv.y, mode="markers", name="Demo survey (synthetic, not real respondents)",
                                 error_x=dict(type="data", symmetric=False, array=sv.ci_high - sv.value, arrayminus=sv.value - sv.ci_low, color=PALETTE[3], thickness=1.4, width=0),
                                 marker=dict(symbol="circle-open", size=12, color=PALETTE[3], line=dict(width=2.5)), hovertext=sv.hover, hoverinfo="text"))
    for r in rows[rows.kind == "pooled"].itertuples():
        fig.add_trace(go.Scatter(x=[r.ci_low, r.value, r.ci_high, r.value, r.ci_low], y=[r.y, r.y + 0.3, r.y, r.y - 0.3, r.y], fill="toself", mode="lines",
                                 line=dict(color=PALETTE[5]), fillcolor=PALETTE[5], name="Random-effects pooled estimate", hovertext=r.hover, hoverinfo="text",
                                 showlegend=r.Index == rows[rows.kind == "pooled"].index[0]))
    vals = pd.concat([rows.value, rows.ci_low, rows.ci_high]).dropna()
    if measure == "percent":
        xaxis = dict(title="% (95% CI where reported)", range=[0, 100], ticksuffix="%")
    else:
        xaxis = _ratio_axis(measure, vals)
        fig.add_vline(x=1, line=dict(color=MUTED, dash="dash", width=1))
    ticktext = [f"<b>{l}</b>" if k == "header" else l for l, k in zip(rows.label, rows.kind)]
    fig.update_layout(showlegend=False,  # the note says what squares, circles and diamonds are
                      xaxis=xaxis, yaxis=dict(tickmode="array", tickvals=rows.y, ticktext=ticktext, showgrid=False, range=[-0.8, len(rows) - 0.2]),
                      height=300 + 30 * len(rows), margin=dict(r=FOREST_TEXT_WIDTH))
    # Text columns beside the plot, in pixels from its right edge: n (right-aligned), then the estimate.
    header = dict(xref="paper", yref="y", x=1, y=len(rows) - 0.2, showarrow=False, yanchor="bottom")
    fig.add_annotation(text="<b>n</b>", xshift=FOREST_N_RIGHT, xanchor="right", **header)
    fig.add_annotation(text="<b>Estimate (95% interval)</b>", xshift=FOREST_N_RIGHT + 14, xanchor="left", **header)
    for r in rows[rows.kind != "header"].itertuples():
        cell = dict(xref="paper", yref="y", x=1, y=r.y, showarrow=False, font=dict(size=12))
        fig.add_annotation(text=f"{int(r.n):,}" if pd.notna(r.n) else "–", xshift=FOREST_N_RIGHT, xanchor="right", **cell)
        fig.add_annotation(text=r.estimate_text, xshift=FOREST_N_RIGHT + 14, xanchor="left", **cell)
    return decorate(fig, text)
