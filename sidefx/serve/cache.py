"""The cached fetch: a query run's rows, cached per run and per state of the folder its data source reads; each
source's version fingerprint; and the values the shared filters offer over a source.

Every number comes from a query in ``queries/``, asked for as a ``QueryRun`` (the file's name and exactly the
values bound), which a chart's record keeps, so its README can name the values and anyone can run the file again.
"""

from __future__ import annotations

import functools
import hashlib
import json

import pandas as pd
import streamlit as st

from sidefx.filters import Filters, Options
from sidefx.serve import datacheck, queries, sources
from sidefx.serve.queries import QueryRun


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


def dataset(source: sources.Source = sources.SURVEY) -> sources.Dataset:
    """A source's dataset: its name, whether it is synthetic (a field of the data, never guessed), its source."""
    row = fetch(QueryRun(source.dataset_query, {})).iloc[0]
    return sources.Dataset(str(row["name"]), bool(row.get("synthetic", False)), str(row["source"]), origin=source)
