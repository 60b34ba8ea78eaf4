"""The FAERS "every side effect" grid as a record: each antidepressant × catalogue side effect, the measure chosen
(crude ROR, adjusted ROR, PRR or EBGM) as colour, the crude ROR kept beside another measure in the table."""

from __future__ import annotations

import pandas as pd

from sidefx import record, words
from sidefx.charts import ChartText
from sidefx.faers import words as faers_words
from sidefx.faers.panels import (
    ADJUSTED_COLUMNS,
    CRUDE_COLUMNS,
    DUPES_SLUG,
    EBGM_COLUMNS,
    FAERS_EMPTY,
    MEASURES,
    ROR_COLUMNS,
    SIGNALS,
    SLUGS,
    YEAR_ADJUSTED_COLUMNS,
    _known_time_words,
    as_plotted,
    faers_panel,
    faers_subtitle,
    signals_run,
    total_cases,
    with_adjusted,
    with_ebgm,
)
from sidefx.filters import Filters
from sidefx.serve import cache
from sidefx.serve.queries import QueryRun

FAERS_GRID_COLUMNS = {
    "label": "Drug",
    "effect_label": "Side effect",
    **ROR_COLUMNS,
    "n": "Cases with drug and effect (a)",
    "evans": "Evans' criteria met",
    "ic": "IC",
    "ic_low": "IC025",
    "known_time_pct": "Time on drug known (% of its cases)",
}


def faers_effects(
    effects: pd.DataFrame, roles: str, filters: Filters, measure: str = "ror", dupes: str = "excluded"
) -> record.Panel:
    """Every catalogue side effect for every antidepressant in the FAERS reports: the measure chosen (the crude ROR
    unless another is) as colour, cases written; the crude ROR stays in the table beside another measure.

    ``effects`` holds the catalogue's effects (``value``, ``label``, ``sort_order``); those no report names are
    left out and said.
    """
    run = signals_run(roles, filters, list(effects.value), dupes=dupes)
    df = cache.fetch(run)
    named = df.assign(seen=df.a + df.c).groupby("event").seen.max() > 0  # some case names the effect
    absent = [label for v, label in zip(effects.value, effects.label) if not named.get(v, False)]
    df = df[df.event.map(named).fillna(False).astype(bool)]
    df, runs, about_ebgm = _measured(run, df, filters, measure)
    info = effects.set_index("value")
    order = df.assign(exposed=df.a + df.b).groupby("inn").exposed.max().sort_values(ascending=False, kind="stable")
    df = as_plotted(
        df,
        measure,
        label=df.inn,
        effect_label=df.event.map(info.label),
        sort_order=df.event.map(info.sort_order),
        rank=df.inn.map({inn: i for i, inn in enumerate(order.index)}),
    ).sort_values(["rank", "sort_order"])
    df = _written(df, info, measure)
    name = faers_words.FAERS_MEASURE_NAMES[measure]
    reading = (
        "Red: reported more often with the drug than with other drugs; blue: less often. Each cell is the "
        f"{name}; n under it is the cases naming both."
    )
    if absent:
        reading += f" No report in this selection names {', '.join(a.lower() for a in absent)}."
    reading = words.sentences(reading, _known_time_words(filters, df), about_ebgm)
    text = ChartText(
        title="Each side effect in reports to the FDA, by antidepressant",
        subtitle=faers_subtitle(filters, total_cases(df), roles, dupes) + faers_words.FAERS_MEASURE_WORDS[measure],
        source="",
        note=faers_words.grid_note(measure) + words.FIGURE_CAVEATS,
        reading=reading,
    )
    alt = f"Heatmap of the {name} of {df.event.nunique()} side effects for {df.inn.nunique()} antidepressants in FAERS."
    columns = _grid_columns(measure)
    return faers_panel(
        f"faers-every-effect{'' if measure == 'ror' else '-' + SLUGS[measure]}{DUPES_SLUG[dupes]}",
        "ratio_heatmap",
        df[[*columns, "sort_order", "cell_text", "hover", "few"]].reset_index(drop=True),
        text,
        alt,
        runs,
        filters,
        columns,
        options={"measure": MEASURES[measure][3]},
        empty_reason=FAERS_EMPTY,
        computed="Rows are drugs, most cases first; side effects no report names are left out (a + c = 0). "
        + _grid_computed(measure),
    )


def _measured(run: QueryRun, df: pd.DataFrame, filters: Filters, measure: str):
    """The grid's rows with the chosen measure's columns beside the crude ones, its runs, and what to say of EBGM."""
    if measure in ("adjusted", "adjusted_year"):
        df, strata = with_adjusted(run, df, by_year=measure == "adjusted_year")
        return df, [run, strata], ""
    if measure == "ebgm":
        df, more, about_ebgm = with_ebgm(run, df, filters)
        return df, [run, *more], about_ebgm
    return df, [run], ""


def _grid_columns(measure: str) -> dict[str, str]:
    """The grid table's columns: the drawn measure as ``value`` (its interval beside it), the crude ROR kept."""
    name = words.sentence_case(faers_words.FAERS_MEASURE_NAMES[measure])
    extra = {"adjusted": ADJUSTED_COLUMNS, "adjusted_year": YEAR_ADJUSTED_COLUMNS, "ebgm": EBGM_COLUMNS}.get(
        measure, {}
    )
    crude = CRUDE_COLUMNS if measure != "ror" else {}
    return {**FAERS_GRID_COLUMNS, "value": name, **crude, **extra}


def _grid_computed(measure: str) -> str:
    if measure == "adjusted":
        return (
            "Colour is adj_ror, from the second run (faers_signals.sql by sex × age band, split 'sex_age'): the "
            "Mantel–Haenszel ROR over the strata (statsmodels' StratifiedTable, sidefx/faers/adjusted.py)."
        )
    if measure == "adjusted_year":
        return (
            "Colour is adj_ror, from the second run (faers_strata_by_year.sql, the tables within each sex × age band "
            "× year received): the Mantel–Haenszel ROR over the strata (statsmodels' StratifiedTable, "
            "sidefx/faers/adjusted.py)."
        )
    if measure == "ebgm":
        return (
            "Colour is ebgm, from faers_ebgm.sql: stored by the import for the whole folder (sidefx/faers/ebgm.py, "
            "DuMouchel's 1999 MGPS); ✓ marks EB05 >= 2."
        )
    return f"Colour is {MEASURES[measure][0]} from faers_signals.sql; ✓ marks Evans' criteria."


def _written(df: pd.DataFrame, info: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Each cell's text (the measure, ✓ its signal, * few cases) and hover (the crude ROR's words, then the measure's)."""
    signal = df[SIGNALS.get(measure, "evans")]
    return df.assign(
        cell_text=[
            "–" if pd.isna(r.value) else words.ratio_number(r.value) + ("✓" if s else "") + ("*" if r.few else "")
            for r, s in zip(df.itertuples(), signal)
        ],  # fmt: skip
        hover=[faers_words.grid_hover(r, info.label[r.event], measure) for r in df.itertuples()],
    )
