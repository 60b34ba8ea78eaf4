"""The FAERS charts as records: each antidepressant's reporting odds ratio for a side effect, every side effect at
once, and withdrawal against half-life; with the runs, subtitles and columns they share."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from sidefx import record, vocab, words
from sidefx.charts import ChartText
from sidefx.faers import adjusted
from sidefx.faers import numbers as faers_numbers
from sidefx.faers import words as faers_words
from sidefx.filters import Filters
from sidefx.serve import cache, datasets, sources
from sidefx.serve.queries import QueryRun
from sidefx.survey import panels as survey_panels

ROR_COLUMNS = {"value": "Reporting odds ratio", **record.INTERVAL}  # as_plotted's columns, labelled once
FAERS_COLUMNS = {
    "label": "Drug",
    **ROR_COLUMNS,
    "a": "Cases with drug and effect (a)",
    "b": "Drug without the effect (b)",
    "c": "Effect with other drugs (c)",
    "d": "Neither (d)",
    "prr": "PRR",
    "prr_low": "PRR 95% CI low",
    "prr_high": "PRR 95% CI high",
    "chi2_yates": "Yates chi-squared",
    "evans": "Evans' criteria met",
    "ic": "IC",
    "ic_low": "IC025",
    "ic_high": "IC975",
    "known_time_pct": "Time on drug known (% of its cases)",
}
ADJUSTED_COLUMNS = {  # the Mantel–Haenszel ROR over sex × age band strata (sidefx.faers.adjusted), beside the crude
    "adj_ror": "ROR adjusted for sex and age (Mantel–Haenszel)",
    "adj_ror_low": "Adjusted ROR 95% CI low",
    "adj_ror_high": "Adjusted ROR 95% CI high",
    "homogeneity_p": "Breslow–Day p (strata share one ratio)",
    "strata": "Sex × age strata used",
}
YEAR_ADJUSTED_COLUMNS = ADJUSTED_COLUMNS | {  # the same, over sex × age band × year received strata
    "adj_ror": "ROR adjusted for sex, age and year received (Mantel–Haenszel)",
    "strata": "Sex × age × year strata used",
}
EBGM_COLUMNS = {  # DuMouchel's EBGM, fitted at import over the whole folder (sidefx.faers.ebgm), beside the crude
    "ebgm": "EBGM",
    "eb05": "EB05",
    "eb95": "EB95",
    "ebgm_signal": "EBGM signal (EB05 ≥ 2)",
    "ebgm_n": "Cases with drug and effect, whole folder (EBGM's N)",
    "ebgm_e": "Cases expected (EBGM's E, by sex × age band × year)",
}
MEASURES = {  # the forest plot's measure choice (pages.FAERS_MEASURES): its columns, and its axis's name
    "ror": ("ror", "ror_low", "ror_high", "reporting_odds_ratio"),
    "adjusted": ("adj_ror", "adj_ror_low", "adj_ror_high", "adjusted_reporting_odds_ratio"),
    "adjusted_year": ("adj_ror", "adj_ror_low", "adj_ror_high", "adjusted_reporting_odds_ratio_by_year"),
    "prr": ("prr", "prr_low", "prr_high", "proportional_reporting_ratio"),
    "ebgm": ("ebgm", "eb05", "eb95", "ebgm"),
}
CRUDE_COLUMNS = {"ror": "Reporting odds ratio (crude)", "ror_low": "ROR 95% CI low", "ror_high": "ROR 95% CI high"}
SLUGS = {  # in the forest's download names
    "ror": "ror",
    "adjusted": "adjusted-ror",
    "adjusted_year": "adjusted-ror-by-year",
    "prr": "prr",
    "ebgm": "ebgm",
}
WHOLE_FOLDER = ("adjusted", "adjusted_year", "ebgm")  # measures with no meaning within one sex or age band
SIGNALS = {"ebgm": "ebgm_signal"}  # the column of a measure's own signal (✓ in the chart); Evans' criteria otherwise


def faers_run(name: str, roles: str, filters: Filters, dupes: str = "excluded", **more) -> QueryRun:
    """A FAERS query with the shared filters bound (drug class too: faers_signals lists that class's drugs), and the
    page's choice of probable duplicates (pages.FAERS_DUPES: 'excluded' leaves out the cases flagged at import)."""
    return QueryRun(name, more | {"roles": roles, "include_duplicates": dupes == "included"} | filters.to_params())


DUPES_SLUG = {"excluded": "", "included": "-with-duplicates"}  # in the download names: which cases were counted


FAERS_SPLITS = ("sex", "age_band")  # the comparisons a 2x2 table can be made within (cells are kept by both)


def as_plotted(df: pd.DataFrame, measure: str = "ror", **more) -> pd.DataFrame:
    """faers_signals.sql's rows as every FAERS chart plots them, with ``more`` columns: value = the measure (the
    crude ROR unless another is chosen), ci_low and ci_high = its interval, n = a (the cases naming the drug and the
    side effect). Nothing is recomputed."""
    value, low, high, _ = MEASURES[measure]
    return df.assign(value=df[value], ci_low=df[low], ci_high=df[high], n=df.a, **more)


def adjusted_columns(measure: str) -> dict[str, str]:
    """The adjusted ROR's columns in words: over sex × age band strata, or by year received too when that is drawn."""
    return YEAR_ADJUSTED_COLUMNS if measure == "adjusted_year" else ADJUSTED_COLUMNS


def with_adjusted(run: QueryRun, df: pd.DataFrame, by_year: bool = False) -> tuple[pd.DataFrame, QueryRun]:
    """The crude rows with each drug's ROR adjusted for sex and age (``by_year``: and year received) beside them, and
    the run of the strata."""
    strata = adjusted.strata_run(run, by_year)
    table = adjusted.table(cache.fetch(strata))
    return df.merge(table, on=["event", "inn"], how="left"), strata


def ebgm_runs(run: QueryRun) -> tuple[QueryRun, QueryRun]:
    """The stored EBGM of the forest's drugs and events, and the prior it comes from, for ``faers_signals`` ``run``."""
    params = {k: run.params[k] for k in ("events", "roles", "drugs", "classes")}
    return QueryRun("faers_ebgm", params), QueryRun("faers_ebgm_prior", {"roles": run.params["roles"]})


def with_ebgm(run: QueryRun, df: pd.DataFrame, filters: Filters) -> tuple[pd.DataFrame, list[QueryRun], str]:
    """The rows with each drug's EBGM beside them, the two runs it is read by, and what to say about it: why there is
    none, or that the filters do not narrow it."""
    values, prior = ebgm_runs(run)
    found = cache.fetch(values).rename(columns={"n": "ebgm_n", "e": "ebgm_e"})
    df = df.merge(found, on=["event", "inn"], how="left")
    df["ebgm_signal"] = df.ebgm_signal.fillna(False).astype(bool)
    fitted = cache.fetch(prior)
    narrowed = bool(replace(filters, compare_by="none", drugs=(), classes=()).parts())
    return df, [values, prior], faers_words.ebgm_words(fitted, narrowed, run.params["include_duplicates"])


def signals_run(
    roles: str, filters: Filters, events: list[str], split: str = "none", dupes: str = "excluded"
) -> QueryRun:
    return faers_run("faers_signals", roles, filters, dupes, events=events, split=split)


def faers_panel(slug, kind, table, text, alt, runs, filters, columns, **more) -> record.Panel:
    return record.panel(sources.FAERS, slug, kind, table, text, alt, runs, filters, columns, **more)


def faers_subtitle(filters: Filters, total: int, roles: str, dupes: str = "excluded") -> str:
    """Which cases are compared (the sex, age and duration filters narrow them), then which drugs are shown (the drug
    and class filters choose them without changing any comparison), the roles counted and whether probable duplicates
    are."""
    cases = replace(filters, compare_by="none", drugs=(), classes=())
    shown = ", ".join(filters.drugs + filters.classes)
    return (
        (
            f"{cases.describe()} · {words.plural(total, 'case')}"
            if cases.parts()
            else f"All {words.plural(total, 'case')}"
        )
        + (f" · drugs shown: {shown}" if shown else "")
        + f" · {faers_numbers.ROLE_WORDS[roles]}"
        + f" · {faers_words.DUPES_WORDS[dupes]}"
    )


def _known_time_words(filters: Filters, df: pd.DataFrame) -> str:
    """Beside a chart the duration filter narrows: how often the time on the drug is known at all."""
    return "" if filters.full_duration else faers_words.known_time(df)


def total_cases(df: pd.DataFrame) -> int:
    return int(df.a.iloc[0] + df.b.iloc[0] + df.c.iloc[0] + df.d.iloc[0]) if len(df) else 0


FAERS_EMPTY = "No report names an antidepressant in this selection: widen the filters, or count any mention."


FAERS_SERIES = 5  # lines drawn when no drug is chosen: the drugs with the most cases of the side effect


def _within_groups(rows: pd.DataFrame, split: str) -> pd.DataFrame:
    """The forest rows compared by sex or age band: each group's drugs under a header row naming it, in the FAERS
    filter's order ('not given' last)."""
    levels = cache.options(sources.FAERS)
    order = {g: i for i, g in enumerate(levels.sexes if split == "sex" else levels.age_bands)}
    parts = []
    for grp, part in sorted(rows.groupby("grp", sort=False), key=lambda item: (order.get(item[0], 99), item[0])):
        header = (
            f"{words.sentence_case(grp)} ({words.plural(total_cases(part), 'case')})"
            if split == "sex"
            else f"Aged {grp}"
        )
        if split == "age_band" and grp == vocab.NOT_GIVEN:
            header = "Age not given"
        parts += [pd.DataFrame([{"kind": "header", "label": header, "grp": grp}]), part]
    return pd.concat(parts, ignore_index=True)


def faers_ror(
    event: str, event_label: str, roles: str, filters: Filters, measure: str = "ror", dupes: str = "excluded"
) -> record.Panel:
    """Each antidepressant's ROR for one side effect in the FAERS reports, as a forest plot, the ratio adjusted for sex and
    age beside it (drawn, or the PRR or EBGM, when chosen); compared by sex or age band, a crude table within each."""
    split = filters.compare_by if filters.compare_by in FAERS_SPLITS else "none"
    run = signals_run(roles, filters, [event], split, dupes)
    df, runs, about_ebgm = cache.fetch(run), [run], ""
    if split == "none":  # the adjusted ROR and EBGM beside the crude ratio
        df, more, about_ebgm = _beside_crude(run, df, filters, measure == "adjusted_year")
        runs += more
    elif measure in WHOLE_FOLDER:  # within one sex or age band nothing is left to adjust for; EBGM is fitted over
        measure = "ror"  # the whole folder, never within a group
    rows = as_plotted(
        df,
        measure,
        kind="estimate",
        label=df.inn,
        n_own=True,
        n_text=[f"{a:,}" for a in df.a],
        n_short=[f"{a:,}" + ("*" if few else "") for a, few in zip(df.a, df.few)],
        hover=[
            (f"{r.grp}: " if split != "none" else "") + faers_words.ror_hover(r, event_label) for r in df.itertuples()
        ],
    )
    rows = rows.assign(estimate_text=_estimate_texts(rows, measure))
    if split != "none":
        rows = _within_groups(rows, split)
    estimates = rows[rows.kind == "estimate"]
    by = {"sex": " and sex", "age_band": " and age band"}.get(split, "")
    said = (faers_words.faers_reading(estimates, measure), faers_words.known_time(estimates), about_ebgm)
    text = ChartText(
        title=f"{words.sentence_case(event_label)}: reports to the FDA, by antidepressant{by}",
        subtitle=faers_subtitle(filters, total_cases(df) if split == "none" else _split_total(df), roles, dupes)
        + (f" · each {'sex' if split == 'sex' else 'age band'} its own comparison" if by else "")
        + faers_words.FAERS_MEASURE_WORDS[measure],
        source="",
        note=faers_words.faers_note(measure),
        reading=" ".join(t for t in said if t),
    )
    alt = (
        f"Forest plot of the {faers_words.FAERS_MEASURE_NAMES[measure]} of {event_label.lower()} for "
        f"{estimates.inn.nunique()} antidepressants in FAERS{by.replace(' and', ', by')}."
    )
    columns = _forest_columns(measure, by)
    return faers_panel(
        _ror_slug(event, measure, split, dupes),
        "forest",
        rows[["kind", *columns, "n", "n_own", "n_text", "n_short", "estimate_text", "hover", "few"]],
        text,
        alt,
        runs,
        filters,
        columns,
        options={"measure": MEASURES[measure][3]},
        empty_reason=FAERS_EMPTY,
        computed=_ror_computed(measure, by),
    )


def _ror_slug(event: str, measure: str, split: str, dupes: str) -> str:
    """The forest's name in its downloads: the measure, the side effect, the groups and whether duplicates count."""
    by = f"-by-{split.replace('_', '-')}" if split != "none" else ""
    return f"faers-{SLUGS[measure]}-{datasets.slug(event)}{by}{DUPES_SLUG[dupes]}"


def _forest_columns(measure: str, by: str) -> dict[str, str]:
    """The forest's table: the drawn measure as ``value``, the crude ratio kept beside it, and (compared within no
    group) the adjusted ROR and EBGM whatever is drawn."""
    columns = (
        {"grp": "Compared within", **FAERS_COLUMNS} if by else FAERS_COLUMNS | adjusted_columns(measure) | EBGM_COLUMNS
    )
    columns = {**columns, "value": words.sentence_case(faers_words.FAERS_MEASURE_NAMES[measure])}
    return columns | (CRUDE_COLUMNS if measure != "ror" else {})  # the crude ratio stays beside the measure drawn


def _beside_crude(
    run: QueryRun, df: pd.DataFrame, filters: Filters, by_year: bool
) -> tuple[pd.DataFrame, list[QueryRun], str]:
    """The crude rows with the adjusted ROR (``by_year``: by year received too) and EBGM beside them, their runs, and
    what to say about EBGM."""
    df, strata = with_adjusted(run, df, by_year)
    df, more, about_ebgm = with_ebgm(run, df, filters)
    return df, [strata, *more], about_ebgm


def _estimate_texts(rows: pd.DataFrame, measure: str) -> list[str]:
    """Each row's estimate as the forest's column writes it, ✓ by the measure's own signal (else Evans' criteria)."""
    signal = rows[SIGNALS.get(measure, "evans")]
    return [faers_words.ratio_text(r, bool(s)) for r, s in zip(rows.itertuples(), signal)]


def _ror_computed(measure: str, by: str) -> str:
    value = MEASURES[measure][0]
    if by:
        return (
            f"The forest rows re-label faers_signals.sql's columns (value = {value}, n = a); nothing is recomputed. Header "
            "rows name each group the 2x2 tables were made within; the subtitle's total adds each group's a + b + c + d."
        )
    second = (
        "faers_strata_by_year.sql (sex × age band × year received)"
        if measure == "adjusted_year"
        else "faers_signals.sql by sex × age band (split 'sex_age')"
    )
    return (
        f"The forest rows re-label the columns (value = {value}, n = a). The adjusted columns (adj_ror, its interval, "
        f"homogeneity_p, strata) are computed from the second run, {second}: the Mantel–Haenszel ROR over the strata with the Robins–Breslow–Greenland interval and the "
        "Breslow–Day test (statsmodels' StratifiedTable, sidefx/faers/adjusted.py); a stratum without cases on both "
        "sides is left out. The EBGM columns (ebgm, eb05, eb95, ebgm_signal = eb05 >= 2, ebgm_n, ebgm_e) are the third "
        "run's, faers_ebgm.sql, stored by the import for the whole folder (sidefx/faers/ebgm.py: the prior, the fourth "
        "run, fitted over every drug × preferred-term cell; each cell's posterior by DuMouchel's 1999 MGPS)."
    )


def _split_total(df: pd.DataFrame) -> int:
    """Every case counted when each group has its own table: the groups' totals added (each drug's are the same)."""
    return sum(total_cases(part) for _, part in df.groupby("grp"))


FAERS_HALF_LIFE_COLUMNS = {
    **survey_panels.HALF_LIFE_COLUMNS,
    **ROR_COLUMNS,
    "n": "Cases with drug and withdrawal (a)",
}


WITHDRAWAL = "withdrawal_effects"


def faers_half_life(roles: str, filters: Filters, dupes: str = "excluded") -> record.Panel:
    """The withdrawal reporting odds ratio of each antidepressant against its half-life: the reports' counterpart
    of the survey's half-life chart."""
    run = signals_run(roles, filters, [WITHDRAWAL], dupes=dupes)
    df = cache.fetch(run)
    total = total_cases(df)
    no_ratio = sorted(df.inn[df.ror.isna() & df.half_life_h.notna()])
    df = df[df.ror.notna() & df.half_life_h.notna()]
    df = as_plotted(
        df, drug=df.inn, hover=[faers_words.ror_hover(r, "withdrawal") for r in df.itertuples()]
    ).reset_index(drop=True)
    cites = "; ".join(f"{c} ({', '.join(g.drug)})" for c, g in df.groupby("half_life_cite", sort=True))
    reading = words.sentences(
        "A short half-life is expected to bring more withdrawal; each point is a drug's reporting odds ratio for "
        "withdrawal against every other drug.",
        f"No ratio for {', '.join(no_ratio)} (a cell of the table is 0)" if no_ratio else "",
        _known_time_words(filters, df),
    )
    text = ChartText(
        title="Withdrawal in reports to the FDA and drug half-life",
        subtitle=faers_subtitle(filters, total, roles, dupes),
        source=" · Half-lives: " + cites if cites else "",
        note="Point size: cases reporting withdrawal; whiskers: 95% interval of the ROR; half-life is the midpoint of "
        "the published range. " + words.FIGURE_CAVEATS,
        reading=reading,
    )
    alt = f"Scatter plot of the withdrawal reporting odds ratio against elimination half-life for {words.plural(len(df), 'drug')}."
    return faers_panel(
        "faers-withdrawal-vs-half-life" + DUPES_SLUG[dupes],
        "half_life_scatter",
        df[[*FAERS_HALF_LIFE_COLUMNS, "hover"]],
        text,
        alt,
        [run],
        filters,
        FAERS_HALF_LIFE_COLUMNS,
        citations=tuple(sorted(set(df.half_life_source.dropna()))),
        options={"measure": "reporting_odds_ratio"},
        empty_reason="No antidepressant here has a withdrawal ratio (too few cases on one side of its table): widen "
        "the filters, or count any mention.",
        computed="The points re-label faers_signals.sql's columns (value = ror, n = a); drugs without a ratio or a "
        "half-life are left out.",
    )
