"""The published evidence: outcome topics, each topic's estimates as forest rows with pooled diamonds, the survey's
own row beside them, citations, and the words of a forest plot."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sidefx import catalog, words
from sidefx.charts import ChartText
from sidefx.filters import Filters
from sidefx.serve import cache
from sidefx.serve.queries import QueryRun
from sidefx.studies import pooling
from sidefx.survey import numbers as survey_numbers

DESIGN_LABELS = {
    "survey": "Surveys",
    "cohort": "Cohort studies",
    "rct": "Randomised trials",
    "pet_rct": "Randomised trials (PET imaging)",
    "meta_analysis": "Meta-analyses",
    "systematic_review": "Systematic reviews",
    "narrative_review": "Narrative reviews",
}


def topics() -> pd.DataFrame:
    return cache.fetch(QueryRun("published_topics", {}))


def published_run(topic: str) -> QueryRun:
    return QueryRun("published_estimates", {"topic": topic})


def published(topic: str) -> pd.DataFrame:
    return cache.fetch(published_run(topic))


@dataclass(frozen=True)
class Forest:
    """A forest plot's rows, its pooled estimates and the query runs its numbers came from."""

    rows: pd.DataFrame
    pooled: tuple[pooling.Pooled, ...]
    runs: tuple[QueryRun, ...]


def _estimate_row(r, design: str, measure: str) -> dict:
    pop = str(r.population or "")
    own_n = not bool(r.n_is_whole_study)
    n_text = "–" if pd.isna(r.n) else f"{int(r.n):,}" + ("" if own_n else ", whole study")
    hover = (
        f"<b>{r.authors} ({r.year})</b><br>{r.title}<br>{r.journal}"
        f"<br>{catalog.identifier(r.doi, r.pmid, link=False, note=r.identifier_note)}"
        f"<br>Population: {pop}<br>Value: {words.estimate_text(r.value, r.ci_low, r.ci_high, measure)}<br>n: {n_text}"
        + (f"<br>{r.caveat}" if isinstance(r.caveat, str) else "")
    )
    n_short = "–" if pd.isna(r.n) else f"{int(r.n):,}" + ("" if own_n else "*")
    return dict(
        kind="estimate",
        label=words.row_label(r, pooling.SUBGROUP_PREFIXES),
        design=design,
        value=r.value,
        ci_low=r.ci_low,
        ci_high=r.ci_high,
        n=r.n,
        n_own=own_n,
        n_text=n_text,
        n_short=n_short,
        estimate_text=words.estimate_text(r.value, r.ci_low, r.ci_high, measure),
        hover=hover,
        study_key=r.study_key,
        row_id=r.row_id,
    )


def _pooled_row(p: pooling.Pooled, n: float, design: str, measure: str) -> dict:
    return dict(
        kind="pooled",
        label=f"Pooled, {p.k} samples (I² = {p.i2 * 100:.0f}%)",
        design=design,
        value=p.value,
        ci_low=p.ci_low,
        ci_high=p.ci_high,
        n=n,
        n_own=True,
        n_text=f"{int(n):,}",
        n_short=f"{int(n):,}",
        estimate_text=words.estimate_text(p.value, p.ci_low, p.ci_high, measure),
        hover=f"Random-effects pooled estimate of {', '.join(p.study_keys)} (logit scale, DerSimonian-Laird); "
        f"I² = {p.i2 * 100:.0f}%",
    )


def forest(topic: str, filters: Filters, with_survey: bool = True) -> Forest:
    """Rows for the forest plot: design headers, estimates, pooled diamonds and (unless left out) the survey's row."""
    run = published_run(topic)
    pub = cache.fetch(run)
    measure = topic_info(topic).measure
    rows, pooled = [], []
    for design, group in pub.groupby("design", sort=False):
        rows.append(dict(kind="header", label=DESIGN_LABELS.get(design, design), design=design))
        rows += [_estimate_row(r, design, measure) for r in group.itertuples()]
        if measure == "percent":
            elig = pooling.eligible(group)
            p = pooling.pool_percentages(elig.value, elig.n, elig.study_key)
            if p:
                pooled.append(p)
                rows.append(_pooled_row(p, float(elig.n.sum()), design, measure))
    runs = [run]
    survey = survey_estimate(topic, filters) if with_survey else None
    if survey is not None:
        row, survey_run = survey
        label = (
            "This dashboard's demo survey (synthetic)"
            if survey_numbers.is_synthetic()
            else f"Survey: {survey_numbers.dataset().name}"
        )
        rows += [dict(kind="header", label=label, design="survey_demo"), row]
        runs.append(survey_run)
    return Forest(pd.DataFrame(rows), tuple(pooled), tuple(runs))


# The loaded survey's estimate for a topic's survey_metric: the query run, its n column.
def _survey_run(metric: str, effect: str, filters: Filters) -> tuple[QueryRun, str] | None:
    if metric == "prevalence":
        return survey_numbers.prevalence_run(filters, (effect,)), "respondents"
    if metric == "withdrawal_incidence":
        return cache.filtered_run("withdrawal_by_group", filters, group_by="none"), "tried_to_stop"
    if metric == "withdrawal_severe":
        return cache.filtered_run("withdrawal_severe_share", filters), "had_withdrawal"
    return None


def survey_estimate(topic: str, filters: Filters) -> tuple[dict, QueryRun] | None:
    """The loaded survey's own estimate for a topic under the current filters, and the run it came from."""
    info = topic_info(topic)
    found = (
        _survey_run(info.survey_metric, info.survey_effect, filters) if isinstance(info.survey_metric, str) else None
    )
    if found is None:
        return None
    run, n_col = found
    df = cache.fetch(run)
    df = df[df[n_col] > 0]
    if df.empty:
        return None
    r = df.iloc[0]
    value, lo, hi, n = r.pct, r.ci_low, r.ci_high, r[n_col]
    label = "Demo survey (synthetic)" if survey_numbers.is_synthetic() else survey_numbers.dataset().name
    caveat = "<br>" + words.SURVEY_ROW_CAVEAT if survey_numbers.is_synthetic() else ""
    row = dict(
        kind="survey",
        label=label,
        design="survey_demo",
        value=value,
        ci_low=lo,
        ci_high=hi,
        n=float(n),
        n_own=True,
        n_text=f"{int(n):,}",
        n_short=f"{int(n):,}",
        estimate_text=words.estimate_text(value, lo, hi, "percent"),
        hover=f"{label}: {value:.1f}% (95% CI {lo:.1f}–{hi:.1f}), n={int(n):,}; filters: {filters.describe()}{caveat}",
    )
    return row, run


def topic_info(topic: str) -> pd.Series:
    return topics().set_index("topic").loc[topic]


def study_sources() -> pd.DataFrame:
    return cache.fetch(QueryRun("study_sources", {}))


def study(study_key: str) -> pd.DataFrame:
    return cache.fetch(QueryRun("study_figures", {"study_key": study_key}))


def studies_summary() -> dict:
    """How many published figures are shown, from how many studies."""
    return cache.fetch(QueryRun("studies_summary", {})).iloc[0].to_dict()


def citation(row) -> str:
    ident = catalog.identifier(row.doi, row.pmid, note=getattr(row, "identifier_note", None))
    return words.citation(row, ident)


def forest_text(topic: str, filters: Filters, rows: pd.DataFrame) -> ChartText:
    """The forest plot's words, from the topic, its published estimates and the rows drawn."""
    pub = published(topic)
    identifiers = [
        catalog.identifier(d, p, link=False, note=n) for d, p, n in zip(pub.doi, pub.pmid, pub.identifier_note)
    ]
    survey = "survey" in set(rows.kind)  # only a survey's row reads the survey
    synthetic, source = (survey_numbers.is_synthetic(), survey_numbers.dataset().source) if survey else (False, "")
    return ChartText(
        *words.forest_words(topic_info(topic), pub, rows, filters.describe(), synthetic, source, identifiers)
    )
