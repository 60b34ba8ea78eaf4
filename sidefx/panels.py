"""A panel is one chart's record: everything the screen, every export and every data bundle are drawn from.

It holds the plotted frame, the query runs (each ``.sql`` file with exactly the values bound
to it), the chart kind and its options, the words, the dataset (its name and whether it is
synthetic, as fields) and the data version, and the link to the view. The screen figure is
drawn from the record by the chart kind's builder; exports, the CSV and the README read the
same record and re-derive nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass, field, replace
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from sidefx import charts, datasets, reports, settings, sources, vocab, words
from sidefx.charts import ChartText
from sidefx.filters import COMPARE_BY, DURATION_STEPS, Filters
from sidefx.queries import QueryRun
from sidefx.reports import Dataset


@dataclass(frozen=True, eq=False)
class Panel:
    slug: str  # file-name stem, e.g. 'withdrawal-by-duration'
    kind: str  # the builder that draws it: a key of charts.BUILDERS
    table: pd.DataFrame  # exactly the plotted numbers
    text: ChartText
    alt: str
    runs: tuple[QueryRun, ...]  # the queries the numbers come from, with exactly the values bound
    filters: Filters
    dataset: Dataset | None  # the survey drawn from; None when the chart shows published figures only
    data_version: str
    columns: dict[str, str] = field(default_factory=dict)  # table column -> display name
    citations: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)  # the builder's own arguments (an axis title, a measure)
    empty_reason: str = "Widen the filters in the sidebar."
    computed: str = ""  # numbers in the table that no query returns as they are, and how they were computed
    link: str = ""  # the view's address; set by the page once per run

    @property
    def everyone(self) -> str:
        """Who the chart counts when no filter narrows it, in words."""
        return (self.dataset.origin if self.dataset is not None else sources.SURVEY).everyone

    @property
    def synthetic(self) -> bool:
        return self.dataset is not None and self.dataset.synthetic

    @cached_property
    def figure(self) -> go.Figure:
        """The screen figure, drawn from the record by its kind's builder."""
        return charts.screen_figure(self.kind, self.table, self.text, self.options)

    @cached_property
    def narrow_figure(self) -> go.Figure:
        """The phone's figure: the words wrapped for 390 px, and the kind's narrow layout where it has one."""
        return charts.screen_figure(self.kind, self.table, self.text, self.options, narrow=True)

    def draw(self, style: charts.Style) -> go.Figure:
        """The chart's marks in a style (an export size, dark or light), without the words around them."""
        narrow = style.narrow and self.kind in charts.NARROW_KINDS
        return charts.BUILDERS[self.kind](self.table, replace(style, narrow=narrow), **self.options)

    @cached_property
    def key(self) -> str:
        """A fingerprint of everything drawn: exports and fit checks are cached by it."""
        h = hashlib.sha256(self.table.to_json(orient="split", default_handler=str).encode())
        h.update(
            json.dumps(
                [
                    self.kind,
                    self.slug,
                    list(astuple(self.text)),
                    repr(sorted(self.options.items())),
                    self.data_version,
                    self.link,
                    repr(self.dataset),
                ],
                default=str,
            ).encode()
        )
        return h.hexdigest()

    def with_link(self, link: str) -> Panel:
        return replace(self, link=link)


PCT_COLUMNS = {
    "pct": "% reporting",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "reported": "Reported",
    "respondents": "n answering",
}
GROUP_N = {"group_respondents": "n in group"}
NOBODY_STOPPED = "Nobody in this selection tried to stop or had withdrawal effects; widen the filters in the sidebar."
W_COLUMNS = {
    "grp": "Group",
    "pct": "% with withdrawal",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
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


def _survey_panel(slug, kind, table, text, alt, runs, filters, columns, **more) -> Panel:
    """A panel drawn from the loaded survey: its dataset, badge and version come from the data."""
    ds = reports.dataset()
    text = replace(text, badge=words.badge_for(ds))
    return Panel(slug, kind, table, text, alt, tuple(runs), filters, ds, reports.data_version(), columns, **more)


CHECKED = {"checked_against": "Checked against"}


def _with_checks(df: pd.DataFrame, filters: Filters, metric: str, effects, dim=None, values=None) -> pd.DataFrame:
    """A synthetic chart's table gains 'checked_against': the published figure each row was calibrated to,
    or 'assumed'."""
    if not reports.is_synthetic() or df.empty:
        return df
    return df.assign(
        checked_against=reports.checked_against(
            filters, metric, list(effects), dim, None if values is None else list(values)
        )
    )


def _extremes(df: pd.DataFrame, label: str, value: str = "pct") -> str:
    d = df.dropna(subset=[value]).sort_values(value)
    if d.empty:
        return "no data"
    hi, lo = d.iloc[-1], d.iloc[0]
    return f"highest {hi[label]} at {hi[value]:.0f}%, lowest {lo[label]} at {lo[value]:.0f}%"


def _titled(title: str, filters: Filters) -> str:
    scope = filters.scope()
    return f"{title}: {scope}" if scope else title


def sort_effects(df: pd.DataFrame, by: str) -> pd.DataFrame:
    if by == "prevalence":
        return df.sort_values("pct", ascending=False, kind="stable").reset_index(drop=True)
    return df.sort_values(["sort_order"], kind="stable").reset_index(drop=True)


def prevalence(filters: Filters, effects: tuple[str, ...], view: str, sort: str) -> Panel:
    """The prevalence page's main chart in its current mode."""
    if view == "bars" and filters.compare_by == "none":
        return _prevalence_bars(filters, effects, sort)
    if view == "duration":
        return _prevalence_by_duration(filters, effects)
    return _prevalence_compared(filters, effects, view, sort)


def _prevalence_bars(filters: Filters, effects: tuple[str, ...], sort: str) -> Panel:
    run = reports.prevalence_run(filters, effects)
    df = sort_effects(reports.prevalence(filters, effects), sort)
    df = _with_checks(df, filters, "prevalence", df.effect) if len(df) else df
    n = reports.respondent_count(filters)
    text = ChartText(
        _titled("Side effects reported", filters),
        words.subtitle(filters.describe(), n),
        reports.survey_source(),
        words.sentences(words.bars_note(charts.has_small(df)), words.assumed_note(df)),
        words.reading_example(df, "reported", "respondents", "said yes"),
    )
    alt = f"Bar chart of the share of respondents reporting each of {words.plural(len(df), 'side effect')}: {_extremes(df, 'label')}."
    cols = {"label": "Side effect", "domain": "Domain"} | PCT_COLUMNS | CHECKED
    return _survey_panel("side-effect-prevalence", "prevalence_bars", df, text, alt, [run], filters, cols)


def _prevalence_by_duration(filters: Filters, effects: tuple[str, ...]) -> Panel:
    run = reports.prevalence_grouped_run(filters, effects, "duration_band")
    df = reports.fetch(run)
    df = df[(df.grp != "unknown") & (df.respondents > 0)].reset_index(drop=True)
    n = int(df.drop_duplicates("grp").group_respondents.sum())  # everyone in the bands drawn, not only who answered
    text = ChartText(
        _titled("Side effects by how long the antidepressant was taken", filters),
        words.subtitle(filters.describe(), n),
        reports.survey_source(),
        words.sentences(words.CI_NOTE, "Open markers: " + words.small_sample_words()),
    )
    alt = (
        f"Line chart of side-effect prevalence across {df.grp.nunique()} duration-of-use bands "
        f"for {words.plural(df.label.nunique(), 'effect')}."
    )
    cols = {"grp": "Duration of use", "label": "Side effect"} | PCT_COLUMNS
    return _survey_panel("side-effects-by-duration", "prevalence_by_duration", df, text, alt, [run], filters, cols)


def _prevalence_compared(filters: Filters, effects: tuple[str, ...], view: str, sort: str) -> Panel:
    group_by = filters.compare_by if filters.compare_by != "none" else "drug"
    run = reports.prevalence_grouped_run(filters, effects, group_by)
    df = reports.fetch(run)
    df = df[df.respondents > 0].reset_index(drop=True)
    runs = [run]
    if sort == "prevalence":
        order_run = reports.prevalence_run(filters, effects)
        rank = dict(zip(sort_effects(reports.prevalence(filters, effects), "prevalence").label, range(len(df))))
        df = df.assign(sort_order=df.label.map(rank))
        runs.append(order_run)
    df = _with_checks(df, filters, "prevalence", df.effect, group_by, df.grp)
    dim = COMPARE_BY[group_by].lower()
    n = reports.respondent_count(filters)
    cols = {"grp": COMPARE_BY[group_by], "label": "Side effect"} | PCT_COLUMNS | GROUP_N | CHECKED
    cell = df.assign(cell=df.label + " / " + df.grp)
    slug = f"side-effects-by-{group_by.replace('_', '-')}"
    if view == "heatmap":
        text = ChartText(
            _titled(f"Side effects by {dim}: % reporting", filters),
            words.subtitle(replace(filters, compare_by=group_by).describe(), n),
            reports.survey_source(),
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
        reports.survey_source(),
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


def withdrawal_incidence(filters: Filters, group_by: str) -> Panel:
    run = reports.filtered_run("withdrawal_by_group", filters, group_by=group_by)
    df = reports.fetch(run)
    df = df[df.tried_to_stop > 0]
    if group_by == "drug":
        df = df.sort_values("pct", ascending=False)
    df = df.reset_index(drop=True)
    df = _with_checks(df, filters, "withdrawal_incidence", ["withdrawal_effects"] * len(df), group_by, df.grp)
    title = INCIDENCE_TITLES.get(group_by, f"Withdrawal effects by {AXIS[group_by].lower()}")
    stopping = reports.filtered_run("stopping_count", filters)
    counts = reports.fetch(stopping).iloc[0]
    note = words.bars_note(charts.has_small(df.rename(columns={"tried_to_stop": "respondents"})))
    if group_by == "drug" and reports.is_synthetic():
        note = words.sentences(note, words.ASSUMED_HALF_LIFE)
    text = ChartText(
        _titled(title, filters),
        words.stopping_subtitle(filters.describe(), int(counts.tried_to_stop), int(counts.answered)),
        reports.survey_source(),
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
    run = reports.filtered_run(query, filters, group_by=group_by)
    df = reports.fetch(run)
    df = df[df.had_withdrawal > 0].reset_index(drop=True)
    n = int(df.drop_duplicates("grp").had_withdrawal.sum()) if len(df) else 0
    return run, df, AXIS.get(group_by, "All"), n


def withdrawal_severity(filters: Filters, group_by: str) -> Panel:
    run, df, label, n = _among_withdrawn("withdrawal_severity", filters, group_by)
    text = ChartText(
        _titled("How severe withdrawal was" + _by(label, group_by), filters),
        words.subtitle(filters.describe(), n, "who had withdrawal effects"),
        reports.survey_source(),
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


def withdrawal_duration(filters: Filters, group_by: str) -> Panel:
    run, df, label, n = _among_withdrawn("withdrawal_duration", filters, group_by)
    text = ChartText(
        _titled("How long withdrawal effects lasted" + _by(label, group_by), filters),
        words.subtitle(filters.describe(), n, "who had withdrawal effects"),
        reports.survey_source(),
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


def withdrawal_half_life(filters: Filters) -> Panel:
    run = reports.filtered_run("withdrawal_by_half_life", filters)
    df = reports.fetch(run)
    df = df[df.tried_to_stop > 0].reset_index(drop=True)
    srcs = tuple(sorted(set(df.half_life_source.dropna())))
    cites = "; ".join(f"{c} ({', '.join(g.drug)})" for c, g in df.groupby("half_life_cite", sort=True))
    n = int(df.tried_to_stop.sum()) if len(df) else 0
    stopping = reports.filtered_run("stopping_count", filters)
    counts = reports.fetch(stopping).iloc[0]
    everyone = counts.answered == counts.tried_to_stop
    note = (
        f"Point size: respondents who {'tried to stop' if everyone else 'answered the withdrawal question'}; "
        "whiskers: 95% Wilson CIs; half-life is the midpoint of the published range"
    )
    if reports.is_synthetic():
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
        reports.survey_source() + " · Half-lives: " + cites,
        note,
    )
    alt = (
        f"Scatter plot of withdrawal incidence against elimination half-life for {words.plural(len(df), 'drug')}; "
        f"{_extremes(df, 'drug')}."
    )
    cols = {
        **HALF_LIFE_COLUMNS,
        "pct": "% with withdrawal",
        "ci_low": "95% CI low",
        "ci_high": "95% CI high",
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


FOREST_COLUMNS = {
    "kind": "Row",
    "label": "Study",
    "design": "Design",
    "value": "Estimate",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "n": "n",
    "n_own": "n is the estimate's own (else the whole study's)",
    "estimate_text": "Estimate (95% interval)",
}


def forest(topic: str, filters: Filters, with_survey: bool = True) -> Panel:
    """Published estimates on one topic; the loaded survey's own row unless left out ('published studies only')."""
    f = reports.forest(topic, filters, with_survey)
    rows = f.rows
    info = reports.topic_info(topic)
    text = reports.forest_text(topic, filters, rows)
    est = rows[rows.kind == "estimate"]
    alt = (
        f"Forest plot of {words.plural(len(est), 'published estimate')} of {info.topic_label.lower()}"
        + (f", ranging from {est.value.min():g} to {est.value.max():g}" if len(est) else "")
        + (f"; {words.plural(len(f.pooled), 'pooled estimate')}" if f.pooled else "")
        + "."
    )
    pub = reports.fetch(f.runs[0])
    cites = tuple(reports.citation(r) for r in pub.drop_duplicates("study_key").itertuples())
    has_survey = "survey" in set(rows.kind)
    ds = reports.dataset() if has_survey else None
    text = replace(text, badge=words.badge_for(ds))
    computed = (
        "Rows of kind 'pooled' are random-effects pooled estimates (DerSimonian-Laird on the logit scale, statsmodels) "
        "of the estimate rows above them, not returned by a query."
        if f.pooled
        else ""
    )
    return Panel(
        f"forest-{topic.replace('_', '-')}" + ("" if with_survey else "-published"),
        "forest",
        rows,
        text,
        alt,
        f.runs,
        filters,
        ds,
        reports.version(sources.SURVEY if has_survey else sources.STUDIES),
        FOREST_COLUMNS,
        cites,
        {"measure": info.measure},
        computed=computed,
    )


FAERS_COLUMNS = {
    "label": "Drug",
    "value": "Reporting odds ratio",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
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


def _faers_run(name: str, roles: str, filters: Filters, **more) -> QueryRun:
    """A FAERS query with the shared filters bound (drug class too: faers_signals lists that class's drugs)."""
    return QueryRun(name, more | {"roles": roles} | filters.to_params())


FAERS_SPLITS = ("sex", "age_band")  # the comparisons a 2x2 table can be made within (cells are kept by both)


def _signals_run(roles: str, filters: Filters, events: list[str], split: str = "none") -> QueryRun:
    return _faers_run("faers_signals", roles, filters, events=events, split=split)


def _faers_panel(slug, kind, table, text, alt, runs, filters, columns, **more) -> Panel:
    """A panel drawn from the imported FAERS reports: their dataset, badge and version come from the folder."""
    ds = reports.faers_dataset()
    badge = words.faers_badge(int(reports.faers_summary()["cases"]), settings.get("faers_min_cases"))
    text = replace(text, badge=badge, source=words.source_line(ds.source) + text.source)
    return Panel(
        slug, kind, table, text, alt, tuple(runs), filters, ds, reports.version(sources.FAERS), columns, **more
    )


def _faers_subtitle(filters: Filters, total: int, roles: str) -> str:
    """Which cases are compared (the sex, age and duration filters narrow them), then which drugs are shown (the drug
    and class filters choose them without changing any comparison)."""
    cases = replace(filters, compare_by="none", drugs=(), classes=())
    shown = ", ".join(filters.drugs + filters.classes)
    return (
        (
            f"{cases.describe()} · {words.plural(total, 'case')}"
            if cases.parts()
            else f"All {words.plural(total, 'case')}"
        )
        + (f" · drugs shown: {shown}" if shown else "")
        + f" · {reports.ROLE_WORDS[roles]}"
    )


def _known_time_words(filters: Filters, df: pd.DataFrame) -> str:
    """Beside a chart the duration filter narrows: how often the time on the drug is known at all."""
    return "" if filters.full_duration else words.known_time(df)


def _total(df: pd.DataFrame) -> int:
    return int(df.a.iloc[0] + df.b.iloc[0] + df.c.iloc[0] + df.d.iloc[0]) if len(df) else 0


FAERS_EMPTY = "No report names an antidepressant in this selection: widen the filters, or count any mention."
FAERS_SERIES = 5  # lines drawn when no drug is chosen: the drugs with the most cases of the side effect


def faers_ror(event: str, event_label: str, roles: str, filters: Filters) -> Panel:
    """Each antidepressant's reporting odds ratio for one side effect in the FAERS reports, as a forest plot; compared
    by sex or age band, a table within each (a header row per group)."""
    split = filters.compare_by if filters.compare_by in FAERS_SPLITS else "none"
    run = _signals_run(roles, filters, [event], split)
    df = reports.fetch(run)
    rows = df.assign(
        kind="estimate",
        label=df.inn,
        value=df.ror,
        ci_low=df.ror_low,
        ci_high=df.ror_high,
        n=df.a,
        n_own=True,
        n_text=[f"{a:,}" for a in df.a],
        n_short=[f"{a:,}" + ("*" if few else "") for a, few in zip(df.a, df.few)],
        estimate_text=[words.ror_text(r) for r in df.itertuples()],
        hover=[(f"{r.grp}: " if split != "none" else "") + words.ror_hover(r, event_label) for r in df.itertuples()],
    )
    if split != "none":
        levels = reports.options(sources.FAERS)
        known = levels.sexes if split == "sex" else levels.age_bands
        order = {g: i for i, g in enumerate(known)}  # in the FAERS filter's order ('not given' last)
        parts = []
        for grp, part in sorted(rows.groupby("grp", sort=False), key=lambda item: (order.get(item[0], 99), item[0])):
            header = (
                f"{words.sentence_case(grp)} ({words.plural(_total(part), 'case')})"
                if split == "sex"
                else f"Aged {grp}"
            )
            if split == "age_band" and grp == vocab.NOT_GIVEN:
                header = "Age not given"
            parts += [pd.DataFrame([{"kind": "header", "label": header, "grp": grp}]), part]
        rows = pd.concat(parts, ignore_index=True)
    estimates = rows[rows.kind == "estimate"]
    by = {"sex": " and sex", "age_band": " and age band"}.get(split, "")
    text = ChartText(
        title=f"{words.sentence_case(event_label)}: reports to the FDA, by antidepressant{by}",
        subtitle=_faers_subtitle(filters, _total(df) if split == "none" else _split_total(df), roles)
        + (f" · each {'sex' if split == 'sex' else 'age band'} its own comparison" if by else ""),
        source="",
        note=words.FAERS_NOTE,
        reading=" ".join(t for t in (words.faers_reading(estimates), words.known_time(estimates)) if t),
    )
    alt = (
        f"Forest plot of the reporting odds ratio of {event_label.lower()} for {estimates.inn.nunique()} "
        f"antidepressants in FAERS{by.replace(' and', ', by')}."
    )
    columns = {"grp": "Compared within", **FAERS_COLUMNS} if by else FAERS_COLUMNS
    return _faers_panel(
        f"faers-ror-{datasets.slug(event)}" + (f"-by-{split.replace('_', '-')}" if by else ""),
        "forest",
        rows[["kind", *columns, "n", "n_own", "n_text", "n_short", "estimate_text", "hover", "few"]],
        text,
        alt,
        [run],
        filters,
        columns,
        options={"measure": "reporting_odds_ratio"},
        empty_reason=FAERS_EMPTY,
        computed="The forest rows re-label faers_signals.sql's columns (value = ror, n = a); nothing is recomputed."
        + (
            " Header rows name each group the 2x2 tables were made within; the subtitle's total adds each group's "
            "a + b + c + d."
            if by
            else ""
        ),
    )


def _split_total(df: pd.DataFrame) -> int:
    """Every case counted when each group has its own table: the groups' totals added (each drug's are the same)."""
    return sum(_total(part) for _, part in df.groupby("grp"))


FAERS_GRID_COLUMNS = {
    "label": "Drug",
    "effect_label": "Side effect",
    "value": "Reporting odds ratio",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "n": "Cases with drug and effect (a)",
    "evans": "Evans' criteria met",
    "ic": "IC",
    "ic_low": "IC025",
    "known_time_pct": "Time on drug known (% of its cases)",
}


def faers_effects(effects: pd.DataFrame, roles: str, filters: Filters) -> Panel:
    """Every catalogue side effect for every antidepressant in the FAERS reports: the ROR as colour, cases written.

    ``effects`` holds the catalogue's effects (``value``, ``label``, ``sort_order``); those no report names are
    left out and said.
    """
    run = _signals_run(roles, filters, list(effects.value))
    df = reports.fetch(run)
    named = df.assign(seen=df.a + df.c).groupby("event").seen.max() > 0  # some case names the effect
    absent = [label for v, label in zip(effects.value, effects.label) if not named.get(v, False)]
    df = df[df.event.map(named).fillna(False).astype(bool)]
    info = effects.set_index("value")
    order = df.assign(exposed=df.a + df.b).groupby("inn").exposed.max().sort_values(ascending=False, kind="stable")
    df = df.assign(
        label=df.inn,
        effect_label=df.event.map(info.label),
        sort_order=df.event.map(info.sort_order),
        value=df.ror,
        ci_low=df.ror_low,
        ci_high=df.ror_high,
        n=df.a,
        cell_text=[
            "–" if pd.isna(r.ror) else words.ratio_number(r.ror) + ("✓" if r.evans else "") + ("*" if r.few else "")
            for r in df.itertuples()
        ],  # fmt: skip
        hover=[words.ror_hover(r, info.label[r.event]) for r in df.itertuples()],
        rank=df.inn.map({inn: i for i, inn in enumerate(order.index)}),
    ).sort_values(["rank", "sort_order"])
    reading = (
        "Red: reported more often with the drug than with other drugs; blue: less often. Each cell is the reporting "
        "odds ratio; n under it is the cases naming both."
    )
    if absent:
        reading += f" No report in this selection names {', '.join(a.lower() for a in absent)}."
    reading = words.sentences(reading, _known_time_words(filters, df))
    text = ChartText(
        title="Each side effect in reports to the FDA, by antidepressant",
        subtitle=_faers_subtitle(filters, _total(df), roles),
        source="",
        note="Colour: ROR against every other drug, log scale. ✓ Evans' criteria met; * fewer than 3 cases; – no "
        "ratio (a cell is 0). " + words.FIGURE_CAVEATS,
        reading=reading,
    )
    alt = (
        f"Heatmap of the reporting odds ratio of {df.event.nunique()} side effects for {df.inn.nunique()} "
        "antidepressants in FAERS."
    )
    return _faers_panel(
        "faers-every-effect",
        "ratio_heatmap",
        df[[*FAERS_GRID_COLUMNS, "sort_order", "cell_text", "hover", "few"]].reset_index(drop=True),
        text,
        alt,
        [run],
        filters,
        FAERS_GRID_COLUMNS,
        empty_reason=FAERS_EMPTY,
        computed="Rows are drugs, most cases first; side effects no report names are left out (a + c = 0).",
    )


FAERS_HALF_LIFE_COLUMNS = {
    **HALF_LIFE_COLUMNS,
    "value": "Reporting odds ratio",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "n": "Cases with drug and withdrawal (a)",
}
WITHDRAWAL = "withdrawal_effects"


def faers_half_life(roles: str, filters: Filters) -> Panel:
    """The withdrawal reporting odds ratio of each antidepressant against its half-life: the reports' counterpart
    of the survey's half-life chart."""
    run = _signals_run(roles, filters, [WITHDRAWAL])
    df = reports.fetch(run)
    total = _total(df)
    no_ratio = sorted(df.inn[df.ror.isna() & df.half_life_h.notna()])
    df = df[df.ror.notna() & df.half_life_h.notna()]
    df = df.assign(
        drug=df.inn, value=df.ror, ci_low=df.ror_low, ci_high=df.ror_high, n=df.a,
        hover=[words.ror_hover(r, "withdrawal") for r in df.itertuples()],
    ).reset_index(drop=True)  # fmt: skip
    cites = "; ".join(f"{c} ({', '.join(g.drug)})" for c, g in df.groupby("half_life_cite", sort=True))
    reading = words.sentences(
        "A short half-life is expected to bring more withdrawal; each point is a drug's reporting odds ratio for "
        "withdrawal against every other drug.",
        f"No ratio for {', '.join(no_ratio)} (a cell of the table is 0)" if no_ratio else "",
        _known_time_words(filters, df),
    )
    text = ChartText(
        title="Withdrawal in reports to the FDA and drug half-life",
        subtitle=_faers_subtitle(filters, total, roles),
        source=" · Half-lives: " + cites if cites else "",
        note="Point size: cases reporting withdrawal; whiskers: 95% interval of the ROR; half-life is the midpoint of "
        "the published range. " + words.FIGURE_CAVEATS,
        reading=reading,
    )
    alt = f"Scatter plot of the withdrawal reporting odds ratio against elimination half-life for {words.plural(len(df), 'drug')}."
    return _faers_panel(
        "faers-withdrawal-vs-half-life",
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


def _series(df: pd.DataFrame, filters: Filters) -> list[str]:
    """The drugs drawn as lines: those chosen, else the ones with the most cases."""
    if filters.drugs:
        return [d for d in filters.drugs if d in set(df.inn)]
    return list(df.groupby("inn").a.sum().sort_values(ascending=False, kind="stable").index[:FAERS_SERIES])


def _lines_words(filters: Filters, drugs: list[str], available: int) -> str:
    if filters.drugs:
        return "the drugs chosen."
    if len(drugs) < available:
        return f"the {words.plural(len(drugs), 'drug')} with the most cases."
    return "every drug with a case."


FAERS_TIME_COLUMNS = {
    "x": "Time on the drug",
    "series": "Drug",
    "value": "Reporting odds ratio",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "n": "Cases with drug and effect (a)",
    "b": "Drug without the effect (b)",
    "known_time_pct": "Time on drug known (% of its cases)",
}


def faers_by_time(event: str, event_label: str, roles: str, filters: Filters) -> Panel:
    """One side effect's reporting odds ratio by time on the drug (the survey's duration bands), a line per drug."""
    whole = replace(filters, min_months=0, max_months=DURATION_STEPS[-1])  # the chart is the split by duration
    overall = _signals_run(roles, whole, [event])
    runs = [overall]
    parts = []
    for band, lo, hi in vocab.band_months(DURATION_STEPS[-1]):
        run = _signals_run(roles, replace(whole, min_months=lo, max_months=hi), [event])
        runs.append(replace(run, params=run.params | {"include_unknown": False}))
        parts.append(reports.fetch(runs[-1]).assign(x=band))
    drugs = _series(reports.fetch(overall), filters)
    df = pd.concat(parts, ignore_index=True)
    df = df[df.inn.isin(drugs)]
    df = df.assign(
        series=df.inn,
        value=df.ror,
        ci_low=df.ror_low,
        ci_high=df.ror_high,
        n=df.a,
        hover=[f"{r.x}: " + words.ror_hover(r, event_label) for r in df.itertuples()],
        rank=df.inn.map({d: i for i, d in enumerate(drugs)}),
    ).sort_values(["rank"], kind="stable")
    known = reports.fetch(overall)
    known = known[known.inn.isin(drugs)]
    if df.value.isna().all():  # no band has a ratio: nothing to draw
        df = df.iloc[0:0]
    chosen = _lines_words(filters, drugs, reports.fetch(overall).inn.nunique())
    text = ChartText(
        title=f"{words.sentence_case(event_label)}: reports to the FDA, by time on the drug",
        subtitle=_faers_subtitle(whole, _total(known), roles),
        source="",
        note="Points: ROR of the cases at that time on the drug against every case not naming it, 95% interval, log "
        "scale; open points: fewer than 3 cases. " + words.FIGURE_CAVEATS,
        reading=words.sentences(
            f"Lines: {chosen} {words.known_time(known)}",
            "Cases with no known time are in no band",
        ),
    )
    alt = (
        f"Line chart of the reporting odds ratio of {event_label.lower()} by time on the drug for "
        f"{', '.join(drugs)} in FAERS."
    )
    return _faers_panel(
        f"faers-by-time-{datasets.slug(event)}",
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


def faers_by_quarter(event: str, event_label: str, roles: str, filters: Filters) -> Panel:
    """Cases reporting one side effect with each antidepressant, by the quarter they were received."""
    run = _faers_run("faers_by_quarter", roles, filters, event=event)
    df = reports.fetch(run)
    totals = df.groupby("inn").cases.sum().sort_values(ascending=False, kind="stable")
    drugs = [d for d in filters.drugs if d in totals.index] if filters.drugs else list(totals.index[:FAERS_SERIES])
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
    text = ChartText(
        title=f"{words.sentence_case(event_label)}: reports to the FDA, by quarter received",
        subtitle=_faers_subtitle(filters, int(df.drop_duplicates("quarter").quarter_cases.sum()), roles),
        source="",
        note="A case counts in the quarter whose file held its latest version. A jump often follows news, a warning "
        "or litigation rather than a change in harm. " + words.FIGURE_CAVEATS,
        reading=words.sentences(
            f"Lines: {chosen} Counts of cases, not rates: the number of reports received changes from quarter to "
            "quarter",
            "" if filters.full_duration else "Only cases whose time on the drug is known, and in the range, count",
        ),
    )
    alt = f"Line chart of cases reporting {event_label.lower()} per quarter for {', '.join(drugs)} in FAERS."
    return _faers_panel(
        f"faers-by-quarter-{datasets.slug(event)}",
        "lines_over",
        df[[*FAERS_QUARTER_COLUMNS, "hover"]].reset_index(drop=True),
        text,
        alt,
        [run],
        filters,
        FAERS_QUARTER_COLUMNS,
        options={"measure": "cases", "x_title": "Quarter received"},
        empty_reason="No case in this selection reports it with an antidepressant, or it is a preferred term (quarters "
        "are kept for the dashboard's side effects only).",
        computed="The drugs drawn are those chosen, else the ones with the most cases over every quarter; the "
        "subtitle's total adds the quarters' quarter_cases.",
    )
