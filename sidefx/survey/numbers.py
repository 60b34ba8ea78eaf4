"""The survey's numbers and words around them: what is loaded, whether it is synthetic, who the filters leave, the
prevalence runs, and the published figures the demo was calibrated to."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pandas as pd

from sidefx import record, words
from sidefx.filters import Filters
from sidefx.serve import cache, datacheck, db, queries, sources
from sidefx.serve.queries import QueryRun


@cache.cached
def summary() -> dict:
    return queries.run("dataset_summary").iloc[0].to_dict()


def data_version() -> str:
    """The survey's fingerprint (see ``version``)."""
    return cache.version(sources.SURVEY)


def dataset() -> record.Dataset:
    return cache.dataset(sources.SURVEY)


def is_synthetic() -> bool:
    return dataset().synthetic


@cache.cached
def respondent_count(filters: Filters) -> int:
    return int(queries.run("respondent_count", **filters.to_params()).respondents.iloc[0])


def emptying_filter(filters: Filters) -> str | None:
    """The filter that, added to those before it, leaves no respondents (None if some remain)."""
    if respondent_count(filters) > 0:
        return None
    applied = Filters()
    steps = [
        ("drug", {"drugs": filters.drugs}),
        ("drug class", {"classes": filters.classes}),
        ("duration", {"min_months": filters.min_months, "max_months": filters.max_months}),
        ("sex", {"sexes": filters.sexes}),
        ("age", {"age_bands": filters.age_bands}),
    ]
    for name, change in steps:
        applied = replace(applied, **change)
        if respondent_count(applied) == 0:
            return name
    return "the combination of filters"


def prevalence_run(filters: Filters, effects: tuple[str, ...] = ()) -> QueryRun:
    return cache.filtered_run("prevalence_by_effect", filters, effects=list(effects))


def prevalence_grouped_run(filters: Filters, effects: tuple[str, ...], group_by: str) -> QueryRun:
    return cache.filtered_run("prevalence_by_group", filters, effects=list(effects), group_by=group_by)


def answered(run: QueryRun) -> pd.DataFrame:
    """A prevalence run's rows, leaving out the effects nobody answered."""
    df = cache.fetch(run)
    return df[df.respondents > 0].reset_index(drop=True)


class Prevalence(NamedTuple):
    """A prevalence chart's numbers: its rows (the effects someone answered, in order, each with the figure it was
    checked against), everyone the filters leave (n), and the runs that gave them."""

    table: pd.DataFrame
    n: int
    runs: tuple[QueryRun, ...]


def prevalence(filters: Filters, effects: tuple[str, ...], sort: str, group_by: str | None = None) -> Prevalence:
    """Every number a prevalence chart draws, in one call: by effect, or within each ``group_by`` group (ordered by
    the effects' overall prevalence when ``sort`` is 'prevalence')."""
    if group_by is None:
        run = prevalence_run(filters, effects)
        df = sort_effects(answered(run), sort)
        df = with_checks(df, filters, "prevalence", df.effect)
        return Prevalence(df, respondent_count(filters), (run,))
    run = prevalence_grouped_run(filters, effects, group_by)
    df, runs = answered(run), [run]
    if sort == "prevalence":
        order_run = prevalence_run(filters, effects)
        rank = dict(zip(sort_effects(answered(order_run), "prevalence").label, range(len(df))))
        df = df.assign(sort_order=df.label.map(rank))
        runs.append(order_run)
    df = with_checks(df, filters, "prevalence", df.effect, group_by, df.grp)
    return Prevalence(df, respondent_count(filters), tuple(runs))


def sort_effects(df: pd.DataFrame, by: str) -> pd.DataFrame:
    if by == "prevalence":
        return df.sort_values("pct", ascending=False, kind="stable").reset_index(drop=True)
    return df.sort_values(["sort_order"], kind="stable").reset_index(drop=True)


def with_checks(df: pd.DataFrame, filters: Filters, metric: str, effects, dim=None, values=None) -> pd.DataFrame:
    """A synthetic chart's table gains 'checked_against': the published figure each row was calibrated to,
    or 'assumed'."""
    if not is_synthetic() or df.empty:
        return df
    return df.assign(
        checked_against=checked_against(filters, metric, list(effects), dim, None if values is None else list(values))
    )


@cache.cached
def calibration_sources() -> pd.DataFrame:
    return queries.run("calibration_sources")


def checked_against(filters: Filters, metric: str, effects, dim: str | None = None, values=None) -> list[str]:
    """For each row of a synthetic chart, the published figure its pattern was calibrated to, or 'assumed'.

    A row matches a target for its effect and group (``dim``/``values``), or, ungrouped, the target for
    everyone (no filter) or for the one drug chosen. Any other selection has no target of its own.
    """
    narrowing = [name for name, _ in filters.parts()]
    if dim is None:
        if not narrowing:
            dim, values = "all", [None] * len(effects)
        elif narrowing == ["drug"] and len(filters.drugs) == 1:
            dim, values = "drug", [filters.drugs[0]] * len(effects)
        else:
            return [words.ASSUMED] * len(effects)
    elif set(narrowing) - {"drug"}:
        return [words.ASSUMED] * len(effects)
    cal = calibration_sources()
    # The prevalence of withdrawal effects is asked of those who tried to stop: its target is the incidence's.
    metrics = {metric, "withdrawal_incidence"} if metric == "prevalence" else {metric}
    cal = cal[cal.metric.isin(metrics) & (cal.subgroup == dim) & cal.kind.str.startswith("published")]
    cal = cal[(cal.metric == metric) | (cal.effect == "withdrawal_effects")]
    found = {(e, None if pd.isna(v) else v): src for e, v, src in zip(cal.effect, cal.subgroup_value, cal.source)}
    return [found.get((e, v), words.ASSUMED) for e, v in zip(effects, values)]


@cache.cached
def calibration() -> pd.DataFrame:
    return queries.run("calibration_check")


def survey_problem() -> datacheck.DataProblem | None:
    """Why the chosen survey cannot be read, or None: a page that only may show it (Study comparisons) goes on."""
    try:
        db.connect(sources.SURVEY)  # checked, then its tables loaded (once per state of its files): rows damaged behind
    except datacheck.DataProblem as problem:  # an intact footer are found too
        return problem
    return None
