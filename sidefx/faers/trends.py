"""The FAERS charts over time: the reporting odds ratio by time on the drug, and reports by quarter received."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from sidefx import record, vocab, words
from sidefx.charts import ChartText
from sidefx.faers import panels as faers_panels
from sidefx.faers import words as faers_words
from sidefx.filters import DURATION_STEPS, Filters
from sidefx.serve import cache, datasets


def _series(df: pd.DataFrame, filters: Filters) -> list[str]:
    """The drugs drawn as lines: those chosen, else the ones with the most cases."""
    if filters.drugs:
        return [d for d in filters.drugs if d in set(df.inn)]
    return list(
        df.groupby("inn").a.sum().sort_values(ascending=False, kind="stable").index[: faers_panels.FAERS_SERIES]
    )


def _lines_words(filters: Filters, drugs: list[str], available: int) -> str:
    if filters.drugs:
        return "the drugs chosen."
    if len(drugs) < available:
        return f"the {words.plural(len(drugs), 'drug')} with the most cases."
    return "every drug with a case."


FAERS_TIME_COLUMNS = {
    "x": "Time on the drug",
    "series": "Drug",
    **faers_panels.ROR_COLUMNS,
    "n": "Cases with drug and effect (a)",
    "b": "Drug without the effect (b)",
    "known_time_pct": "Time on drug known (% of its cases)",
}


def faers_by_time(event: str, event_label: str, roles: str, filters: Filters, dupes: str = "excluded") -> record.Panel:
    """One side effect's reporting odds ratio by time on the drug (the survey's duration bands), a line per drug."""
    whole = replace(filters, min_months=0, max_months=DURATION_STEPS[-1])  # the chart is the split by duration
    overall = faers_panels.signals_run(roles, whole, [event], dupes=dupes)
    runs = [overall]
    parts = []
    for band, lo, hi in vocab.band_months(DURATION_STEPS[-1]):
        run = faers_panels.signals_run(roles, replace(whole, min_months=lo, max_months=hi), [event], dupes=dupes)
        runs.append(replace(run, params=run.params | {"include_unknown": False}))
        parts.append(cache.fetch(runs[-1]).assign(x=band))
    drugs = _series(cache.fetch(overall), filters)
    df = pd.concat(parts, ignore_index=True)
    df = df[df.inn.isin(drugs)]
    df = faers_panels.as_plotted(
        df,
        series=df.inn,
        hover=[f"{r.x}: " + faers_words.ror_hover(r, event_label) for r in df.itertuples()],
        rank=df.inn.map({d: i for i, d in enumerate(drugs)}),
    ).sort_values(["rank"], kind="stable")
    known = cache.fetch(overall)
    known = known[known.inn.isin(drugs)]
    if df.value.isna().all():  # no band has a ratio: nothing to draw
        df = df.iloc[0:0]
    chosen = _lines_words(filters, drugs, cache.fetch(overall).inn.nunique())
    text = ChartText(
        title=f"{words.sentence_case(event_label)}: reports to the FDA, by time on the drug",
        subtitle=faers_panels.faers_subtitle(whole, faers_panels.total_cases(known), roles, dupes),
        source="",
        note="Points: ROR of the cases at that time on the drug against every case not naming it, 95% interval, log "
        "scale; open points: fewer than 3 cases. " + words.FIGURE_CAVEATS,
        reading=words.sentences(
            f"Lines: {chosen} {faers_words.known_time(known)}",
            "Cases with no known time are in no band",
        ),
    )
    alt = (
        f"Line chart of the reporting odds ratio of {event_label.lower()} by time on the drug for "
        f"{', '.join(drugs)} in FAERS."
    )
    return faers_panels.faers_panel(
        f"faers-by-time-{datasets.slug(event)}" + faers_panels.DUPES_SLUG[dupes],
        "lines_over",
        df[[*FAERS_TIME_COLUMNS, "few", "hover"]].reset_index(drop=True),
        text,
        alt,
        runs,
        filters,
        FAERS_TIME_COLUMNS,
        options={
            "measure": "reporting_odds_ratio",
            "x_title": "Time on the drug (the longest, where it is named twice)",
        },
        empty_reason="No band of time on the drug has a ratio: no case reporting it says how long the drug was taken, "
        "or too few do. Widen the filters, or count any mention.",
        computed="Each band is its own run of faers_signals.sql (the band's months, unknown times left out); the "
        "drugs drawn are those chosen, else the ones with the most cases over every time (the first run).",
    )


FAERS_QUARTER_COLUMNS = {
    "x": "Quarter received",
    "series": "Drug",
    "value": "Cases with drug and effect",
    "quarter_cases": "Every case received that quarter",
}


FIRST_FAERS = "2012Q4"  # the first quarter of FAERS; AERS, the legacy system, before it
SYSTEM_CHANGE = (
    f"The dotted line marks {FIRST_FAERS}, when the FDA's legacy AERS became FAERS: the reports on either side were "
    "collected and coded differently. "
)


def faers_by_quarter(
    event: str, event_label: str, roles: str, filters: Filters, dupes: str = "excluded"
) -> record.Panel:
    """Cases reporting one side effect with each antidepressant, by the quarter they were received."""
    run = faers_panels.faers_run("faers_by_quarter", roles, filters, dupes, event=event)
    df = cache.fetch(run)
    totals = df.groupby("inn").cases.sum().sort_values(ascending=False, kind="stable")
    drugs = (
        [d for d in filters.drugs if d in totals.index]
        if filters.drugs
        else list(totals.index[: faers_panels.FAERS_SERIES])
    )
    df = df[df.inn.isin(drugs)]
    df = df.assign(
        x=df.quarter,
        series=df.inn,
        value=df.cases,
        hover=[
            f"{r.quarter}: {words.plural(r.cases, 'case')} of {event_label.lower()} naming {r.inn}, of {r.quarter_cases:,} received"
            for r in df.itertuples()
        ],
        rank=df.inn.map({d: i for i, d in enumerate(drugs)}),
    ).sort_values(["rank", "quarter"], kind="stable")
    chosen = _lines_words(filters, drugs, len(totals))
    quarters = sorted(set(df.quarter))
    text = ChartText(
        title=f"{words.sentence_case(event_label)}: reports to the FDA, by quarter received",
        subtitle=faers_panels.faers_subtitle(
            filters, int(df.drop_duplicates("quarter").quarter_cases.sum()), roles, dupes
        ),
        source="",
        note="A case counts in the quarter whose file held its latest version. A jump often follows news, a warning "
        "or litigation rather than a change in harm. "
        + (SYSTEM_CHANGE if FIRST_FAERS in quarters[1:] else "")
        + words.FIGURE_CAVEATS,
        reading=words.sentences(
            f"Lines: {chosen} Counts of cases, not rates: the number of reports received changes from quarter to "
            "quarter",
            "" if filters.full_duration else "Only cases whose time on the drug is known, and in the range, count",
        ),
    )
    alt = f"Line chart of cases reporting {event_label.lower()} per quarter for {', '.join(drugs)} in FAERS."
    return faers_panels.faers_panel(
        f"faers-by-quarter-{datasets.slug(event)}" + faers_panels.DUPES_SLUG[dupes],
        "lines_over",
        df[[*FAERS_QUARTER_COLUMNS, "hover"]].reset_index(drop=True),
        text,
        alt,
        [run],
        filters,
        FAERS_QUARTER_COLUMNS,
        options={"measure": "cases", "x_title": "Quarter received", "divide": FIRST_FAERS},
        empty_reason="No case in this selection reports it with an antidepressant, or it is a preferred term (quarters "
        "are kept for the dashboard's side effects only).",
        computed="The drugs drawn are those chosen, else the ones with the most cases over every quarter; the "
        "subtitle's total adds the quarters' quarter_cases.",
    )
