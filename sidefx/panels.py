"""A panel is one chart with everything that goes with it: the frame it was drawn from,
the words around it, alt text and a file-name slug. Pages draw panels with ``ui.panel``;
exports and the "data behind this figure" downloads read the same object, so the
chart, the table and the files always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from sidefx import charts, reports, settings
from sidefx.charts import ChartText
from sidefx.filters import COMPARE_BY, Filters


@dataclass
class Panel:
    slug: str  # file-name stem, e.g. 'withdrawal-by-duration'
    figure: go.Figure
    table: pd.DataFrame  # exactly the plotted numbers
    text: ChartText
    alt: str
    query: str  # the .sql file the numbers come from
    filters: Filters
    columns: dict[str, str] = field(default_factory=dict)  # table column -> display name
    citations: list[str] = field(default_factory=list)
    empty_reason: str = "Widen the filters in the sidebar."


PCT_COLUMNS = {"pct": "% reporting", "ci_low": "95% CI low", "ci_high": "95% CI high", "reported": "Reported", "respondents": "n answering"}


def _extremes(df: pd.DataFrame, label: str, value: str = "pct") -> str:
    d = df.dropna(subset=[value]).sort_values(value)
    if d.empty:
        return "no data"
    hi, lo = d.iloc[-1], d.iloc[0]
    return f"highest {hi[label]} at {hi[value]:.0f}%, lowest {lo[label]} at {lo[value]:.0f}%"


def sort_effects(df: pd.DataFrame, by: str) -> pd.DataFrame:
    if by == "prevalence":
        return df.sort_values("pct", ascending=False, kind="stable").reset_index(drop=True)
    return df.sort_values(["sort_order"], kind="stable").reset_index(drop=True)


def prevalence(filters: Filters, effects: tuple[str, ...], view: str, sort: str) -> Panel:
    """The prevalence page's main chart in its current mode."""
    group_by = filters.compare_by
    if view == "bars" and group_by == "none":
        df = sort_effects(reports.prevalence(filters, effects), sort)
        text = reports.prevalence_text(filters, "bars")
        fig = charts.prevalence_bars(df, text)
        alt = f"Bar chart of the share of respondents reporting each of {len(df)} side effects: {_extremes(df, 'label')}."
        cols = {"label": "Side effect", "domain": "Domain"} | PCT_COLUMNS
        return Panel("side-effect-prevalence", fig, df, text, alt, "prevalence_by_effect", filters, cols)
    if view == "duration":
        df = reports.prevalence_grouped(filters, effects, "duration_band")
        df = df[df.grp != "unknown"]
        text = reports.prevalence_text(filters, "duration", n=int(df.groupby("grp").respondents.max().sum()) if len(df) else 0)
        fig = charts.prevalence_by_duration(df, text)
        alt = f"Line chart of side-effect prevalence across {df.grp.nunique()} duration-of-use bands for {df.label.nunique()} effects."
        cols = {"grp": "Duration of use", "label": "Side effect"} | PCT_COLUMNS
        return Panel("side-effects-by-duration", fig, df, text, alt, "prevalence_by_group", filters, cols)
    group_by = group_by if group_by != "none" else "drug"
    df = reports.prevalence_grouped(filters, effects, group_by)
    order = reports.prevalence(filters, effects)
    if sort == "prevalence":
        rank = dict(zip(sort_effects(order, "prevalence").label, range(len(order))))
        df = df.assign(sort_order=df.label.map(rank))
    text = reports.prevalence_text(replace(filters, compare_by=group_by), "heatmap" if view == "heatmap" else "grouped")
    dim = COMPARE_BY[group_by].lower()
    cols = {"grp": COMPARE_BY[group_by], "label": "Side effect"} | PCT_COLUMNS
    if view == "heatmap":
        fig = charts.prevalence_heatmap(df, text)
        alt = f"Heatmap of side-effect prevalence by {dim}: {df.grp.nunique()} columns, {df.label.nunique()} effects; {_extremes(df.assign(cell=df.label + ' / ' + df.grp), 'cell')}."
        return Panel(f"side-effects-by-{group_by.replace('_', '-')}-heatmap", fig, df, text, alt, "prevalence_by_group", filters, cols)
    fig = charts.prevalence_grouped(df.sort_values("sort_order"), text)
    alt = f"Grouped bar chart of side-effect prevalence by {dim} ({df.grp.nunique()} groups); {_extremes(df.assign(cell=df.label + ' / ' + df.grp), 'cell')}."
    return Panel(f"side-effects-by-{group_by.replace('_', '-')}", fig, df, text, alt, "prevalence_by_group", filters, cols)


NOBODY_STOPPED = "Nobody in this selection tried to stop or had withdrawal effects; widen the filters in the sidebar."
W_COLUMNS = {"grp": "Group", "pct": "% with withdrawal", "ci_low": "95% CI low", "ci_high": "95% CI high", "had_withdrawal": "Had withdrawal", "tried_to_stop": "n tried to stop"}
AXIS = {"drug": "Drug", "duration_band": "Duration of use", "class": "Drug class", "sex": "Sex", "age_band": "Age band", "method": "How they stopped"}


def withdrawal_incidence(filters: Filters, group_by: str) -> Panel:
    df = reports.withdrawal(filters, group_by)
    if group_by == "drug":
        df = df.sort_values("pct", ascending=False).reset_index(drop=True)
    title = {"drug": "Withdrawal effects by drug", "duration_band": "Withdrawal effects by duration of use",
             "method": "Withdrawal effects: tapered versus abrupt stopping"}.get(group_by, f"Withdrawal effects by {AXIS[group_by].lower()}")
    text = reports.withdrawal_text(filters, title, df, "tried_to_stop", "who tried to stop",
                                   charts.CI_NOTE + ". " + charts.SMALL_NOTE.format(n=settings.get("small_sample_n")))
    fig = charts.withdrawal_bars(df, text, AXIS[group_by])
    alt = f"Bar chart of the share of those who tried to stop who had withdrawal effects, by {AXIS[group_by].lower()}: {_extremes(df, 'grp')}."
    slug = {"duration_band": "withdrawal-by-duration", "method": "withdrawal-tapered-vs-abrupt"}.get(group_by, f"withdrawal-by-{group_by.replace('_', '-')}")
    return Panel(slug, fig, df, text, alt, "withdrawal_by_group", filters, W_COLUMNS | {"grp": AXIS[group_by]}, empty_reason=NOBODY_STOPPED)


def withdrawal_severity(filters: Filters, group_by: str) -> Panel:
    df = reports.withdrawal_severity(filters, group_by)
    label = AXIS.get(group_by, "All")
    text = reports.withdrawal_text(filters, "How severe withdrawal was" + (f", by {label.lower()}" if group_by != "none" else ""),
                                   df.drop_duplicates("grp"), "had_withdrawal", "who had withdrawal effects", "Bars add up to 100% of those with withdrawal effects in each group")
    fig = charts.severity_stacked(df, text)
    severe = df[df.severity == "severe"]
    alt = f"Stacked bar chart of withdrawal severity (mild, moderate, severe) by {label.lower()}; severe share {_extremes(severe, 'grp')}."
    cols = {"grp": label, "severity": "Severity", "pct": "% of those with withdrawal", "respondents": "People", "had_withdrawal": "n with withdrawal"}
    return Panel("withdrawal-severity" + (f"-by-{group_by.replace('_', '-')}" if group_by != "none" else ""), fig, df, text, alt, "withdrawal_severity", filters, cols,
                 empty_reason=NOBODY_STOPPED)


def withdrawal_duration(filters: Filters, group_by: str) -> Panel:
    df = reports.withdrawal_duration(filters, group_by)
    label = AXIS.get(group_by, "All")
    text = reports.withdrawal_text(filters, "How long withdrawal effects lasted" + (f", by {label.lower()}" if group_by != "none" else ""),
                                   df.drop_duplicates("grp"), "had_withdrawal", "who had withdrawal effects", "Bars show the share of those with withdrawal effects in each duration bin")
    fig = charts.duration_distribution(df, text)
    alt = f"Bar chart of how long withdrawal effects lasted, in {df.bin.nunique()} bins from under 2 weeks to 2 years or more; most common: {df.sort_values('pct').bin.iloc[-1] if len(df) else 'none'}."
    cols = {"grp": label, "bin": "Lasted", "pct": "% of those with withdrawal", "respondents": "People", "had_withdrawal": "n with withdrawal"}
    return Panel("withdrawal-duration" + (f"-by-{group_by.replace('_', '-')}" if group_by != "none" else ""), fig, df, text, alt, "withdrawal_duration", filters, cols,
                 empty_reason=NOBODY_STOPPED)


def withdrawal_half_life(filters: Filters) -> Panel:
    df = reports.withdrawal_half_life(filters)
    srcs = sorted(set(df.half_life_source.dropna()))
    cites = "; ".join(f"{c} ({', '.join(g.drug)})" for c, g in df.groupby("half_life_cite", sort=True))
    text = ChartText("Withdrawal effects and drug half-life", reports._subtitle(filters, int(df.tried_to_stop.sum()) if len(df) else 0, "who tried to stop"),
                     reports.survey_source() + " · Half-lives: " + cites,
                     "Point size: respondents who tried to stop; whiskers: 95% Wilson CIs; half-life is the midpoint of the published range")
    fig = charts.half_life_scatter(df, text)
    alt = f"Scatter plot of withdrawal incidence against elimination half-life for {len(df)} drugs; {_extremes(df, 'drug')}."
    cols = {"drug": "Drug", "drug_class": "Class", "half_life_h": "Half-life (h, midpoint)", "half_life_h_low": "low", "half_life_h_high": "high",
            "half_life_cite": "Half-life source", "pct": "% with withdrawal", "ci_low": "95% CI low", "ci_high": "95% CI high", "tried_to_stop": "n tried to stop"}
    return Panel("withdrawal-vs-half-life", fig, df, text, alt, "withdrawal_by_half_life", filters, cols, citations=srcs, empty_reason=NOBODY_STOPPED)


def forest(topic: str, filters: Filters) -> Panel:
    rows, pooled = reports.forest_rows(topic, filters)
    info = reports.topic_info(topic)
    text = reports.forest_text(topic, filters, rows)
    fig = charts.forest(rows, text, info.measure)
    est = rows[rows.kind == "estimate"]
    alt = (f"Forest plot of {len(est)} published estimates of {info.topic_label.lower()}"
           + (f", ranging from {est.value.min():g} to {est.value.max():g}" if len(est) else "")
           + (f"; {len(pooled)} pooled estimate(s)" if pooled else "") + ".")
    pub = reports.published(topic)
    cites = [reports.citation(r) for r in pub.drop_duplicates("study_key").itertuples()]
    table = rows[rows.kind != "header"][["kind", "label", "design", "value", "ci_low", "ci_high", "n", "estimate_text"]]
    cols = {"label": "Study", "design": "Design", "value": "Estimate", "ci_low": "95% CI low", "ci_high": "95% CI high", "n": "n", "kind": "Row"}
    return Panel(f"forest-{topic.replace('_', '-')}", fig, table, text, alt, "published_estimates", filters, cols, citations=cites)
