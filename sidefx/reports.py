"""One cached function per panel's numbers; the chart, its table and its downloads all read the same frame.

Every number here comes from a query in ``queries/``: each is asked for as a ``QueryRun``
(the file's name and exactly the values bound), which the chart's record keeps, so its
README can name the values and anyone can run the file again. This module only chooses the
query, binds the filters and shapes the words around the numbers.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from sidefx import catalog, datacheck, db, pooling, queries, sources, words
from sidefx.charts import ChartText
from sidefx.filters import Filters, Options
from sidefx.queries import QueryRun

DESIGN_LABELS = {
    "survey": "Surveys",
    "cohort": "Cohort studies",
    "rct": "Randomised trials",
    "pet_rct": "Randomised trials (PET imaging)",
    "meta_analysis": "Meta-analyses",
    "systematic_review": "Systematic reviews",
    "narrative_review": "Narrative reviews",
}


@dataclass(frozen=True)
class Dataset:
    """The survey data loaded: its name, whether it is synthetic (a field of the data, never guessed), its source."""

    name: str
    synthetic: bool
    source: str
    origin: sources.Source = sources.SURVEY  # the data source it is (the FDA's reports are sources.FAERS)


def _state(source: sources.Source) -> str:
    location = source.locate()
    return f"{source.name}|{location}|{datacheck.state(location)}"


def cached(fn=None, *, source: sources.Source = sources.SURVEY):
    """``st.cache_data`` keyed by the folder a source reads (its location and the state of its files) as well as
    the arguments: two datasets, or a folder before and after a rebuild, never share an answer."""
    if fn is None:
        return functools.partial(cached, source=source)

    def on_dataset(dataset: str, *args, **kwargs):
        return fn(*args, **kwargs)

    # Streamlit names a cache by the function's module and qualified name (and source): fn's, so each is its own.
    on_dataset.__module__, on_dataset.__qualname__ = fn.__module__, fn.__qualname__
    inner = st.cache_data(show_spinner=False)(on_dataset)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        return inner(_state(source), *args, **kwargs)

    call.clear = inner.clear
    return call


@st.cache_data(show_spinner=False)
def _fetch(folder_state: str, name: str, params_json: str) -> pd.DataFrame:
    return queries.run(name, **json.loads(params_json))


def fetch(run: QueryRun) -> pd.DataFrame:
    """The rows of one query run (cached per run and per state of the folder its source reads)."""
    return _fetch(_state(queries.load(run.name).source), run.name, run.params_json())


@st.cache_data(show_spinner=False)
def _version(folder_state: str, name: str) -> str:
    source = sources.BY_NAME[name]
    h = hashlib.sha256()
    for file in sorted(source.files()):  # its tables only, not stray files
        h.update(file.encode())
        h.update(repr(datacheck.footer(file, source).to_dict()["row_groups"]).encode())
    return h.hexdigest()[:10]


def version(source: sources.Source = sources.SURVEY) -> str:
    """A short fingerprint of a source's files, printed on its figures and exports so a figure can be traced.

    It hashes each Parquet file's footer (row counts, sizes and column statistics), which changes with the
    content, and costs the same for 5,000 respondents as for 10 million.
    """
    return _version(_state(source), source.name)


def faers_terms() -> pd.DataFrame:
    """The preferred terms named with an antidepressant in the FAERS reports (pt, cases); none when nothing is
    imported."""
    try:
        return fetch(QueryRun("faers_terms", {}))
    except datacheck.DataProblem:
        return pd.DataFrame({"pt": [], "cases": []})


def faers_effects() -> pd.DataFrame:
    """The catalogue's side effects the FAERS reports are mapped to (value, label, sort_order), as at import."""
    return effect_options(sources.FAERS)


def faers_event_labels() -> dict[str, str]:
    """The FAERS page's side effects, key -> label: the catalogue's first, then every preferred term named with an
    antidepressant (lower case), most reported first."""
    labels = dict(zip(faers_effects().value, faers_effects().label))
    terms = faers_terms()
    for pt, cases in zip(terms.pt, terms.cases):
        labels.setdefault(pt, f"{words.sentence_case(pt)} (MedDRA term, {words.plural(int(cases), 'case')})")
    return labels


def faers_event_label(event: str) -> str:
    """A FAERS side effect as a chart names it: the catalogue's label, or the preferred term."""
    effects = faers_effects()
    label = effects.label[effects.value == event]
    return str(label.iloc[0]) if len(label) else words.sentence_case(event)


def faers_summary() -> dict:
    """What the FAERS folder holds (raises datacheck.DataProblem when nothing has been imported)."""
    return fetch(QueryRun("faers_summary", {})).iloc[0].to_dict()


ROLE_WORDS = {"suspect": "drugs as suspects", "any": "drugs as any mention"}


def faers_dataset() -> Dataset:
    s = faers_summary()
    return Dataset(str(s["name"]), False, str(s["source"]), origin=sources.FAERS)


def filtered_run(name: str, filters: Filters, **extra) -> QueryRun:
    """A run of a query over the filtered respondents: the filters' parameters plus the query's own."""
    return QueryRun(name, filters.to_params() | extra)


def drug_table(source: sources.Source = sources.SURVEY) -> pd.DataFrame:
    """The drugs a source's drug filter offers: inn, drug_class, brands, and how many it counts on each (a column named
    as the source counts: respondents, cases)."""
    return fetch(QueryRun(source.drug_options, {}))


def filter_levels(source: sources.Source = sources.SURVEY) -> pd.DataFrame:
    """The values each of a source's other filters can take (dimension, value, label, sort_order)."""
    return fetch(QueryRun(source.filter_levels, {}))


def options(source: sources.Source = sources.SURVEY) -> Options:
    """The values the shared filters may take over a source's data, read from its drug table and filter levels."""
    return _options(_state(source), source.name)


@st.cache_data(show_spinner=False)
def _options(folder_state: str, name: str) -> Options:
    source = sources.BY_NAME[name]
    drugs, levels = drug_table(source), filter_levels(source)
    brands = {}
    for inn, names in zip(drugs.inn, drugs.brands):
        for b in str(names).split(","):
            if b.strip():
                brands[b.strip().lower()] = inn

    def level(dim):
        return tuple(levels[levels.dimension == dim].value)

    counted = drugs[source.counts] > 0
    return Options(
        drugs=tuple(drugs[counted].inn) + tuple(drugs[~counted].inn),
        brands=brands,
        classes=level("class"),
        sexes=level("sex"),
        age_bands=level("age_band"),
    )


def effect_options(source: sources.Source = sources.SURVEY) -> pd.DataFrame:
    levels = filter_levels(source)
    return levels[levels.dimension == "effect"]


@cached
def summary() -> dict:
    return queries.run("dataset_summary").iloc[0].to_dict()


def data_version() -> str:
    """The survey's fingerprint (see ``version``)."""
    return version(sources.SURVEY)


@cached
def dataset() -> Dataset:
    row = queries.run("dataset_info").iloc[0]
    return Dataset(str(row["name"]), bool(row["synthetic"]), str(row["source"]))


def is_synthetic() -> bool:
    return dataset().synthetic


def survey_source() -> str:
    return words.source_line(dataset().source)


@cached
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


# ---- prevalence ---------------------------------------------------------------------
def prevalence_run(filters: Filters, effects: tuple[str, ...] = ()) -> QueryRun:
    return filtered_run("prevalence_by_effect", filters, effects=list(effects))


def prevalence_grouped_run(filters: Filters, effects: tuple[str, ...], group_by: str) -> QueryRun:
    return filtered_run("prevalence_by_group", filters, effects=list(effects), group_by=group_by)


def prevalence(filters: Filters, effects: tuple[str, ...] = ()) -> pd.DataFrame:
    """Share reporting each effect; effects nobody answered are left out."""
    df = fetch(prevalence_run(filters, effects))
    return df[df.respondents > 0].reset_index(drop=True)


# ---- published studies --------------------------------------------------------------
def topics() -> pd.DataFrame:
    return fetch(QueryRun("published_topics", {}))


def published_run(topic: str) -> QueryRun:
    return QueryRun("published_estimates", {"topic": topic})


def published(topic: str) -> pd.DataFrame:
    return fetch(published_run(topic))


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
    pub = fetch(run)
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
        label = "This dashboard's demo survey (synthetic)" if is_synthetic() else f"Survey: {dataset().name}"
        rows += [dict(kind="header", label=label, design="survey_demo"), row]
        runs.append(survey_run)
    return Forest(pd.DataFrame(rows), tuple(pooled), tuple(runs))


# The loaded survey's estimate for a topic's survey_metric: the query run, its n column.
def _survey_run(metric: str, effect: str, filters: Filters) -> tuple[QueryRun, str] | None:
    if metric == "prevalence":
        return prevalence_run(filters, (effect,)), "respondents"
    if metric == "withdrawal_incidence":
        return filtered_run("withdrawal_by_group", filters, group_by="none"), "tried_to_stop"
    if metric == "withdrawal_severe":
        return filtered_run("withdrawal_severe_share", filters), "had_withdrawal"
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
    df = fetch(run)
    df = df[df[n_col] > 0]
    if df.empty:
        return None
    r = df.iloc[0]
    value, lo, hi, n = r.pct, r.ci_low, r.ci_high, r[n_col]
    label = "Demo survey (synthetic)" if is_synthetic() else dataset().name
    caveat = "<br>" + words.SURVEY_ROW_CAVEAT if is_synthetic() else ""
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


@cached
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


# ---- about --------------------------------------------------------------------------
@cached
def calibration() -> pd.DataFrame:
    return queries.run("calibration_check")


def study_sources() -> pd.DataFrame:
    return fetch(QueryRun("study_sources", {}))


def study(study_key: str) -> pd.DataFrame:
    return fetch(QueryRun("study_figures", {"study_key": study_key}))


def studies_summary() -> dict:
    """How many published figures are shown, from how many studies."""
    return fetch(QueryRun("studies_summary", {})).iloc[0].to_dict()


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
    synthetic, source = (is_synthetic(), dataset().source) if survey else (False, "")
    return ChartText(
        *words.forest_words(topic_info(topic), pub, rows, filters.describe(), synthetic, source, identifiers)
    )


def survey_problem() -> datacheck.DataProblem | None:
    """Why the chosen survey cannot be read, or None: a page that only may show it (Study comparisons) goes on."""
    try:
        db.connect(sources.SURVEY)  # checked, then its tables loaded (once per state of its files): rows damaged behind
    except datacheck.DataProblem as problem:  # an intact footer are found too
        return problem
    return None
