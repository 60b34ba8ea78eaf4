"""The FAERS charts of time to onset: days from starting a drug to a side effect (the Weibull shape of each drug's
days, and their distribution), and days from stopping it to withdrawal, against its half-life."""

from __future__ import annotations

import math

import pandas as pd

from sidefx import record, words
from sidefx.charts import ChartText
from sidefx.faers import numbers as faers_numbers
from sidefx.faers import panels as faers_panels
from sidefx.faers import weibull
from sidefx.faers import words as faers_words
from sidefx.filters import Filters
from sidefx.serve import cache, datasets
from sidefx.serve.queries import QueryRun
from sidefx.survey import panels as survey_panels

SINCE_WORDS = {"start": "starting", "end": "stopping"}


def onset_runs(
    event: str, since: str, roles: str, filters: Filters, dupes: str = "excluded"
) -> tuple[QueryRun, QueryRun]:
    """faers_onset.sql (each drug's cases, n, median and quartiles) and faers_onset_days.sql (its days), bound alike."""
    return tuple(
        faers_panels.faers_run(name, roles, filters, dupes, event=event, since=since) for name in ONSET_QUERIES
    )


ONSET_QUERIES = ("faers_onset", "faers_onset_days")


def fitted(stats: pd.DataFrame, days: pd.DataFrame) -> pd.DataFrame:
    """faers_onset.sql's rows with each drug's Weibull fitted to its days (``weibull.fit``): shape, its 95% interval,
    scale and pattern; none where too few cases give their days."""
    fits = {inn: weibull.fit(part.days, part.cases) for inn, part in days.groupby("inn")}
    got = [fits.get(inn) for inn in stats.inn]
    return stats.assign(
        shape=[f.shape if f else math.nan for f in got],
        shape_low=[f.shape_low if f else math.nan for f in got],
        shape_high=[f.shape_high if f else math.nan for f in got],
        scale_days=[f.scale if f else math.nan for f in got],
        pattern=[f.pattern if f else "" for f in got],
    )


def onset_subtitle(filters: Filters, stats: pd.DataFrame, roles: str, dupes: str = "excluded") -> str:
    """Which cases (the filters in words), how many give their days, and that these describe the reports."""
    base = faers_panels.faers_subtitle(filters, 0, roles, dupes).split(" · ", 1)
    narrowed = base[0] if not base[0].startswith("All ") else ""
    given, cases = int(stats.n.sum()), int(stats.cases.sum())
    share = f" ({100 * given / cases:.0f}%)" if cases else ""
    return " · ".join(
        p
        for p in (
            narrowed,
            f"{given:,} of {words.plural(cases, 'drug report')} give both dates to the day{share}",
            base[1] if len(base) > 1 else "",
            faers_words.ONSET_TITLE_CAVEAT,
        )
        if p
    )


ONSET_COLUMNS = {
    "label": "Drug",
    "cases": "Cases with drug and effect",
    "n": "Cases giving both dates to the day (n)",
    "usable_pct": "Cases giving the days (%)",
    "median_days": "Median days to onset",
    "q1_days": "Days, 25th percentile",
    "q3_days": "Days, 75th percentile",
    "value": "Weibull shape β",
    **record.INTERVAL,
    "scale_days": "Weibull scale (days)",
    "pattern": "Pattern (from β's interval)",
}


def _days(v) -> str:
    return "–" if pd.isna(v) else f"{v:,.1f}".removesuffix(".0")


def _shape_rows(df: pd.DataFrame, event_label: str) -> pd.DataFrame:
    """faers_onset's fitted rows as forest rows: β and its interval, the pattern beside them, median (IQR) in the label."""
    return df.assign(
        kind="estimate",
        label=[
            f"{r.inn}: median {_days(r.median_days)} days ({_days(r.q1_days)}–{_days(r.q3_days)})" if r.n else r.inn
            for r in df.itertuples()
        ],
        value=df["shape"],
        ci_low=df.shape_low,
        ci_high=df.shape_high,
        n_own=True,
        n_text=[f"{n:,}" for n in df.n],
        n_short=[f"{n:,}" for n in df.n],
        estimate_text=[
            f"{words.ratio_number(r.shape)} ({words.ratio_number(r.shape_low)}–{words.ratio_number(r.shape_high)}) "
            f"{r.pattern}"
            if r.pattern
            else ("too few to fit" if r.n else "no dates to the day")
            for r in df.itertuples()
        ],
        hover=[faers_words.onset_hover(r, event_label) for r in df.itertuples()],
        few=df.n < weibull.MIN_CASES,
    )


def faers_onset(event: str, event_label: str, roles: str, filters: Filters, dupes: str = "excluded") -> record.Panel:
    """Each antidepressant's days from starting it to one side effect: n, median and quartiles, and the Weibull shape
    β with its 95% interval, as a forest plot on a log axis with a line at 1 (risk constant over time)."""
    stats_run, days_run = onset_runs(event, "start", roles, filters, dupes)
    df = fitted(cache.fetch(stats_run), cache.fetch(days_run))
    rows = _shape_rows(df, event_label)
    text = ChartText(
        title=f"{words.sentence_case(event_label)}: days from starting the drug, in reports to the FDA",
        subtitle=onset_subtitle(filters, df, roles, dupes),
        source="",
        note=faers_words.ONSET_SHAPE_NOTE,
        reading=faers_words.onset_reading(df, event_label),
    )
    alt = f"Forest plot of the Weibull shape of days to {event_label.lower()} for {len(df)} antidepressants in FAERS."
    return faers_panels.faers_panel(
        f"faers-onset-{datasets.slug(event)}{faers_panels.DUPES_SLUG[dupes]}",
        "forest",
        rows[["kind", *ONSET_COLUMNS, "n_own", "n_text", "n_short", "estimate_text", "hover", "few"]],
        text,
        alt,
        [stats_run, days_run],
        filters,
        ONSET_COLUMNS,
        options={"measure": "weibull_shape"},
        empty_reason=faers_words.ONSET_EMPTY,
        computed=faers_words.ONSET_COMPUTED,
    )


DAYS_COLUMNS = {
    "series": "Drug",
    "days": "Days",
    "cases": "Cases on that day",
    "n": "Cases giving the days (n)",
    "value": "Cases by that day (%)",
}


def faers_onset_days(
    event: str, event_label: str, since: str, roles: str, filters: Filters, dupes: str = "excluded"
) -> record.Panel:
    """The distribution of days from starting (``since`` 'start') or stopping ('end') each drug to the side effect: a
    step line per drug (those chosen, else the ones with the most cases giving the days)."""
    stats_run, days_run = onset_runs(event, since, roles, filters, dupes)
    stats, df = cache.fetch(stats_run), cache.fetch(days_run)
    ranked = list(stats[stats.n > 0].inn)
    drugs = [d for d in filters.drugs if d in ranked] if filters.drugs else ranked[: faers_panels.FAERS_SERIES]
    df = df[df.inn.isin(drugs)]
    df = df.assign(
        series=df.inn,
        value=df.cum_pct,
        hover=[
            f"{r.inn}: {r.cum_pct:.0f}% of {r.n:,} by day {r.days:,} ({words.plural(r.cases, 'case')} on it)"
            for r in df.itertuples()
        ],
        rank=df.inn.map({d: i for i, d in enumerate(drugs)}),
    ).sort_values(["rank", "days"], kind="stable")
    stopping = since == "end"
    text = ChartText(
        title=f"{words.sentence_case(event_label)}: days from {SINCE_WORDS[since]} the drug to onset, in reports "
        "to the FDA",
        subtitle=onset_subtitle(filters, stats, roles, dupes),
        source="",
        note=faers_words.ONSET_DAYS_NOTE,
        reading=faers_words.days_reading(stats[stats.inn.isin(drugs)], since, filters, len(ranked)),
    )
    alt = f"Step chart of the share of cases of {event_label.lower()} by days from {SINCE_WORDS[since]} the drug."
    return faers_panels.faers_panel(
        f"faers-{'after-stopping' if stopping else 'onset-days'}-{datasets.slug(event)}{faers_panels.DUPES_SLUG[dupes]}",
        "onset_ecdf",
        df[[*DAYS_COLUMNS, "hover"]].reset_index(drop=True),
        text,
        alt,
        [stats_run, days_run],
        filters,
        DAYS_COLUMNS,
        options={"x_title": f"Days from {SINCE_WORDS[since]} the drug (log scale)"},
        empty_reason=faers_words.ONSET_EMPTY,
        computed="The lines re-label faers_onset_days.sql's columns (value = cum_pct); the drugs drawn are those "
        "chosen, else the ones with the most cases giving the days (faers_onset.sql's n).",
    )


STOP_COLUMNS = {
    **survey_panels.HALF_LIFE_COLUMNS,
    "cases": "Cases with drug and withdrawal",
    "n": "Cases giving the end and event dates to the day (n)",
    "usable_pct": "Cases giving the days (%)",
    "value": "Median days from stopping to onset",
    "ci_low": "Days, 25th percentile",
    "ci_high": "Days, 75th percentile",
}


def faers_after_stopping(roles: str, filters: Filters, dupes: str = "excluded") -> record.Panel:
    """Each antidepressant's median days from stopping it to withdrawal, with its quartiles, against its half-life."""
    stats_run, days_run = onset_runs(faers_panels.WITHDRAWAL, "end", roles, filters, dupes)
    stats = cache.fetch(stats_run)
    df = stats[(stats.n > 0) & stats.half_life_h.notna()]
    df = df.assign(
        drug=df.inn,
        value=df.median_days,
        ci_low=df.q1_days,
        ci_high=df.q3_days,
        hover=[faers_words.stop_hover(r) for r in df.itertuples()],
    ).reset_index(drop=True)
    cites = "; ".join(f"{c} ({', '.join(g.drug)})" for c, g in df.groupby("half_life_cite", sort=True))
    text = ChartText(
        title="Withdrawal in reports to the FDA: days from stopping the drug, and its half-life",
        subtitle=onset_subtitle(filters, stats, roles, dupes),
        source=" · Half-lives: " + cites if cites else "",
        note=faers_words.STOP_NOTE,
        reading=faers_words.stop_reading(df),
    )
    alt = (
        "Scatter plot of the median days from stopping to withdrawal against elimination half-life for "
        f"{words.plural(len(df), 'drug')}."
    )
    return faers_panels.faers_panel(
        "faers-withdrawal-after-stopping" + faers_panels.DUPES_SLUG[dupes],
        "half_life_scatter",
        df[[*STOP_COLUMNS, "hover"]],
        text,
        alt,
        [stats_run],
        filters,
        STOP_COLUMNS,
        citations=tuple(sorted(set(df.half_life_source.dropna()))),
        options={"measure": "days"},
        empty_reason=faers_words.ONSET_EMPTY,
        computed="The points re-label faers_onset.sql's columns (value = median_days, whiskers q1_days and q3_days) "
        "for since = 'end' and the withdrawal terms; drugs without such a case or a half-life are left out.",
    )


def faers_onset_events() -> list[str]:
    """The side effects days to onset are kept for: the catalogue's (preferred terms are not)."""
    return list(faers_numbers.faers_effects().value)
