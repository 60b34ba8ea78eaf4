"""The survey's charts as records (``sidefx.record.Panel``): side-effect prevalence and withdrawal."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from sidefx import charts, record, words
from sidefx.charts import ChartText
from sidefx.filters import COMPARE_BY, Filters
from sidefx.serve import cache, sources
from sidefx.serve.queries import QueryRun
from sidefx.survey import numbers as survey_numbers

PCT_COLUMNS = {
    "pct": "% reporting",
    **record.INTERVAL,
    "reported": "Reported",
    "respondents": "n answering",
}


GROUP_N = {"group_respondents": "n in group"}


NOBODY_STOPPED = "Nobody in this selection tried to stop or had withdrawal effects; widen the filters in the sidebar."


W_COLUMNS = {
    "grp": "Group",
    "pct": "% with withdrawal",
    **record.INTERVAL,
    "had_withdrawal": "Had withdrawal",
    "tried_to_stop": "n answered",  # those who tried to stop and answered the withdrawal question
}


AXIS = {
    "drug": "Drug",
    "duration_band": "Duration of use",
    "class": "Drug class",
    "sex": "Sex",
    "age_band": "Age band",
    "method": "How they stopped",
}


def _survey_panel(slug, kind, table, text, alt, runs, filters, columns, **more) -> record.Panel:
    return record.panel(sources.SURVEY, slug, kind, table, text, alt, runs, filters, columns, **more)


CHECKED = {"checked_against": "Checked against"}


def _extremes(df: pd.DataFrame, label: str, value: str = "pct") -> str:
    d = df.dropna(subset=[value]).sort_values(value)
    if d.empty:
        return "no data"
    hi, lo = d.iloc[-1], d.iloc[0]
    return f"highest {hi[label]} at {hi[value]:.0f}%, lowest {lo[label]} at {lo[value]:.0f}%"


def _titled(title: str, filters: Filters) -> str:
    scope = filters.scope()
    return f"{title}: {scope}" if scope else title


def prevalence(filters: Filters, effects: tuple[str, ...], view: str, sort: str) -> record.Panel:
    """The prevalence page's main chart in its current mode."""
    if view == "bars" and filters.compare_by == "none":
        return _prevalence_bars(filters, effects, sort)
    if view == "duration":
        return _prevalence_by_duration(filters, effects)
    return _prevalence_compared(filters, effects, view, sort)


def _prevalence_bars(filters: Filters, effects: tuple[str, ...], sort: str) -> record.Panel:
    df, n, runs = survey_numbers.prevalence(filters, effects, sort)
    text = ChartText(
        _titled("Side effects reported", filters),
        words.subtitle(filters.describe(), n),
        "",
        words.sentences(words.bars_note(charts.has_small(df)), words.assumed_note(df)),
        words.reading_example(df, "reported", "respondents", "said yes"),
    )
    alt = f"Bar chart of the share of respondents reporting each of {words.plural(len(df), 'side effect')}: {_extremes(df, 'label')}."
    cols = {"label": "Side effect", "domain": "Domain"} | PCT_COLUMNS | CHECKED
    return _survey_panel("side-effect-prevalence", "prevalence_bars", df, text, alt, runs, filters, cols)


def _prevalence_by_duration(filters: Filters, effects: tuple[str, ...]) -> record.Panel:
    run = survey_numbers.prevalence_grouped_run(filters, effects, "duration_band")
    df = cache.fetch(run)
    df = df[(df.grp != "unknown") & (df.respondents > 0)].reset_index(drop=True)
    n = int(df.drop_duplicates("grp").group_respondents.sum())  # everyone in the bands drawn, not only who answered
    text = ChartText(
        _titled("Side effects by how long the antidepressant was taken", filters),
        words.subtitle(filters.describe(), n),
        "",
        words.sentences(words.CI_NOTE, "Open markers: " + words.small_sample_words()),
    )
    alt = (
        f"Line chart of side-effect prevalence across {df.grp.nunique()} duration-of-use bands "
        f"for {words.plural(df.label.nunique(), 'effect')}."
    )
    cols = {"grp": "Duration of use", "label": "Side effect"} | PCT_COLUMNS
    return _survey_panel("side-effects-by-duration", "prevalence_by_duration", df, text, alt, [run], filters, cols)


def _prevalence_compared(filters: Filters, effects: tuple[str, ...], view: str, sort: str) -> record.Panel:
    group_by = filters.compare_by if filters.compare_by != "none" else "drug"
    df, n, runs = survey_numbers.prevalence(filters, effects, sort, group_by)
    dim = COMPARE_BY[group_by].lower()
    cols = {"grp": COMPARE_BY[group_by], "label": "Side effect"} | PCT_COLUMNS | GROUP_N | CHECKED
    cell = df.assign(cell=df.label + " / " + df.grp)
    slug = f"side-effects-by-{group_by.replace('_', '-')}"
    if view == "heatmap":
        text = ChartText(
            _titled(f"Side effects by {dim}: % reporting", filters),
            words.subtitle(replace(filters, compare_by=group_by).describe(), n),
            "",
            words.sentences(words.heatmap_note(), words.assumed_note(df)),
        )
        alt = (
            f"Heatmap of side-effect prevalence by {dim}: {words.plural(df.grp.nunique(), 'row')}, "
            f"{words.plural(df.label.nunique(), 'effect')}; "
            f"{_extremes(cell, 'cell')}."
        )
        return _survey_panel(slug + "-heatmap", "prevalence_heatmap", df, text, alt, runs, filters, cols)
    text = ChartText(
        _titled(f"Side effects by {dim}", filters),
        words.subtitle(replace(filters, compare_by=group_by).describe(), n),
        "",
        words.sentences(
            words.bars_note(charts.has_small(df)),
            words.grouped_note(int((df.respondents < df.group_respondents).sum())),
            words.assumed_note(df),
        ),
    )
    alt = f"Grouped bar chart of side-effect prevalence by {dim} ({words.plural(df.grp.nunique(), 'group')}); {_extremes(cell, 'cell')}."
    return _survey_panel(
        slug, "prevalence_grouped", df.sort_values("sort_order").reset_index(drop=True), text, alt, runs, filters, cols
    )


INCIDENCE_TITLES = {
    "drug": "Withdrawal effects by drug",
    "duration_band": "Withdrawal effects by duration of use",
    "method": "Withdrawal effects: tapered versus abrupt stopping",
}


INCIDENCE_SLUGS = {"duration_band": "withdrawal-by-duration", "method": "withdrawal-tapered-vs-abrupt"}


def withdrawal_incidence(filters: Filters, group_by: str) -> record.Panel:
    run = cache.filtered_run("withdrawal_by_group", filters, group_by=group_by)
    df = cache.fetch(run)
    df = df[df.tried_to_stop > 0]
    if group_by == "drug":
        df = df.sort_values("pct", ascending=False)
    df = df.reset_index(drop=True)
    df = survey_numbers.with_checks(
        df, filters, "withdrawal_incidence", ["withdrawal_effects"] * len(df), group_by, df.grp
    )
    title = INCIDENCE_TITLES.get(group_by, f"Withdrawal effects by {AXIS[group_by].lower()}")
    stopping = cache.filtered_run("stopping_count", filters)
    counts = cache.fetch(stopping).iloc[0]
    note = words.bars_note(charts.has_small(df.rename(columns={"tried_to_stop": "respondents"})))
    if group_by == "drug" and survey_numbers.is_synthetic():
        note = words.sentences(note, words.ASSUMED_HALF_LIFE)
    text = ChartText(
        _titled(title, filters),
        words.stopping_subtitle(filters.describe(), int(counts.tried_to_stop), int(counts.answered)),
        "",
        note,
        words.reading_example(df, "had_withdrawal", "tried_to_stop", "had withdrawal effects"),
    )
    alt = (
        f"Bar chart of the share of those who tried to stop who had withdrawal effects, by {AXIS[group_by].lower()}: "
        f"{_extremes(df, 'grp')}."
    )
    slug = INCIDENCE_SLUGS.get(group_by, f"withdrawal-by-{group_by.replace('_', '-')}")
    return _survey_panel(
        slug,
        "withdrawal_bars",
        df,
        text,
        alt,
        [run, stopping],
        filters,
        W_COLUMNS | {"grp": AXIS[group_by]} | CHECKED,
        options={"axis_title": AXIS[group_by]},
        empty_reason=NOBODY_STOPPED,
    )


def _by(label: str, group_by: str) -> str:
    return f", by {label.lower()}" if group_by != "none" else ""


def _slug_by(group_by: str) -> str:
    return f"-by-{group_by.replace('_', '-')}" if group_by != "none" else ""


def _among_withdrawn(query: str, filters: Filters, group_by: str) -> tuple[QueryRun, pd.DataFrame, str, int]:
    """A question asked of those who had withdrawal effects: its run, its groups that have any, the axis label, n."""
    run = cache.filtered_run(query, filters, group_by=group_by)
    df = cache.fetch(run)
    df = df[df.had_withdrawal > 0].reset_index(drop=True)
    n = int(df.drop_duplicates("grp").had_withdrawal.sum()) if len(df) else 0
    return run, df, AXIS.get(group_by, "All"), n


def withdrawal_severity(filters: Filters, group_by: str) -> record.Panel:
    run, df, label, n = _among_withdrawn("withdrawal_severity", filters, group_by)
    text = ChartText(
        _titled("How severe withdrawal was" + _by(label, group_by), filters),
        words.subtitle(filters.describe(), n, "who had withdrawal effects"),
        "",
        "Bars add up to 100% of those with withdrawal effects in each group",
    )
    severe = df[df.severity == "severe"]
    alt = (
        f"Stacked bar chart of withdrawal severity (mild, moderate, severe) by {label.lower()}; "
        f"severe share {_extremes(severe, 'grp')}."
    )
    cols = {
        "grp": label,
        "severity": "Severity",
        "pct": "% of those with withdrawal",
        "respondents": "People",
        "had_withdrawal": "n with withdrawal",
    }
    return _survey_panel(
        "withdrawal-severity" + _slug_by(group_by),
        "severity_stacked",
        df,
        text,
        alt,
        [run],
        filters,
        cols,
        empty_reason=NOBODY_STOPPED,
    )


def withdrawal_duration(filters: Filters, group_by: str) -> record.Panel:
    run, df, label, n = _among_withdrawn("withdrawal_duration", filters, group_by)
    text = ChartText(
        _titled("How long withdrawal effects lasted" + _by(label, group_by), filters),
        words.subtitle(filters.describe(), n, "who had withdrawal effects"),
        "",
        "Bars show the share of those with withdrawal effects in each duration bin",
    )
    top = df.sort_values("pct").bin.iloc[-1] if len(df) else "none"
    alt = (
        f"Bar chart of how long withdrawal effects lasted, in {df.bin.nunique()} bins from under 2 weeks "
        f"to 2 years or more; most common: {top}."
    )
    cols = {
        "grp": label,
        "bin": "Lasted",
        "pct": "% of those with withdrawal",
        "respondents": "People",
        "had_withdrawal": "n with withdrawal",
    }
    return _survey_panel(
        "withdrawal-duration" + _slug_by(group_by),
        "duration_distribution",
        df,
        text,
        alt,
        [run],
        filters,
        cols,
        empty_reason=NOBODY_STOPPED,
    )


HALF_LIFE_COLUMNS = {  # a drug and its half-life, beside what either half-life chart plots
    "drug": "Drug",
    "drug_class": "Class",
    "half_life_h": "Half-life (h, midpoint)",
    "half_life_h_low": "low",
    "half_life_h_high": "high",
    "half_life_cite": "Half-life source",
}


def withdrawal_half_life(filters: Filters) -> record.Panel:
    run = cache.filtered_run("withdrawal_by_half_life", filters)
    df = cache.fetch(run)
    df = df[df.tried_to_stop > 0].reset_index(drop=True)
    srcs = tuple(sorted(set(df.half_life_source.dropna())))
    cites = "; ".join(f"{c} ({', '.join(g.drug)})" for c, g in df.groupby("half_life_cite", sort=True))
    n = int(df.tried_to_stop.sum()) if len(df) else 0
    stopping = cache.filtered_run("stopping_count", filters)
    counts = cache.fetch(stopping).iloc[0]
    everyone = counts.answered == counts.tried_to_stop
    note = (
        f"Point size: respondents who {'tried to stop' if everyone else 'answered the withdrawal question'}; "
        "whiskers: 95% Wilson CIs; half-life is the midpoint of the published range"
    )
    if survey_numbers.is_synthetic():
        note = words.sentences(note, words.ASSUMED_HALF_LIFE)
    text = ChartText(
        _titled("Withdrawal effects and drug half-life", filters),
        words.subtitle(
            filters.describe(),
            n,
            "who tried to stop"
            if everyone
            else f"who answered the withdrawal question ({int(counts.tried_to_stop):,} in the selection tried to stop)",
        ),
        " · Half-lives: " + cites,
        note,
    )
    alt = (
        f"Scatter plot of withdrawal incidence against elimination half-life for {words.plural(len(df), 'drug')}; "
        f"{_extremes(df, 'drug')}."
    )
    cols = {
        **HALF_LIFE_COLUMNS,
        "pct": "% with withdrawal",
        **record.INTERVAL,
        "tried_to_stop": "n answered",
    }
    return _survey_panel(
        "withdrawal-vs-half-life",
        "half_life_scatter",
        df,
        text,
        alt,
        [run, stopping],
        filters,
        cols,
        citations=srcs,
        empty_reason=NOBODY_STOPPED,
    )
