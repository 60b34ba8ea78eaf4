"""The data sources the pages read, each declared once.

A ``Source`` says where its queries are, which views file loads its tables into its database, which files that
needs, how it finds its folder, what its charts count and how its figures are labelled:

- ``SURVEY``: the chosen survey dataset (the default folder, one imported on the server, or this session's upload);
  its queries are at the top of ``queries/``.
- ``STUDIES``: the published evidence (studies, outcome topics), always from the default data folder (the data_dir
  setting), whichever survey is chosen; its queries are ``queries/studies/``.
- ``FAERS``: the imported FDA adverse-event reports (the faers_dir setting); its queries are ``queries/faers/``.

A query's source is the folder its file is in (``of_query``): nothing else tells the sources apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sidefx import settings
from sidefx.serve import datasets
from sidefx.serve.tables import NEEDED_COLUMNS


@dataclass(frozen=True, eq=False)
class Source:
    name: str  # "survey", "studies", "faers"
    folder: str  # its queries' folder under queries/ ("" for the survey's, at the top)
    variable: str  # the SQL variable through which its views file finds the folder's files
    locate: Callable[[], str]  # the folder this run reads
    counts: str  # what its charts count: "respondents", "studies", "cases"
    marker: str = ""  # the file its importer writes into every folder it makes ("" for none)
    also_reads: str = ""  # a second .sql file of its folder whose files the check requires (the cubes' inputs)
    prelude: tuple[str, ...] = ()  # .sql files of its folder run before the views file: macros the views use
    functions: tuple[str, ...] = ()  # Python functions registered on its database (see sidefx.serve.db)
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> the columns the check requires
    strays: bool = False  # whether every other .parquet file in its folder is checked too
    follows_choice: bool = False  # whether it reads the survey dataset a session chose (else the default folder)
    own_folder: bool = False  # its folder is not a survey data folder: a message names it ``shown`` and says ``fix``
    badge: str = ""  # its fixed label in a chart's title area ("" when the dataset's name or synthetic-ness gives it)
    real_kind: str = ""  # what its numbers are, in a figure's README: "real survey data"
    shown: str = ""  # its folder in a message (never the path: that goes to the server log); "" for the survey's
    fix: str = ""  # what to do when a file of it cannot be read ("" for the survey's, which depends on the folder)
    absent: str = ""  # what it means when its importer has never made the folder
    absent_fix: str = ""
    dataset_query: str = ""  # the query giving its dataset's name, source (and whether it is synthetic)
    few: tuple[str, str] = ()  # (the setting, the noun): under that many of what it counts, its badge says too few
    drug_options: str = ""  # the query giving the drugs its pages' drug filter offers, with how many it counts on each
    filter_levels: str = ""  # the query giving the other filters' values
    not_named: str = ""  # beside a drug its data never names, in the drug filter
    # Tables a folder made by an earlier import may lack, never required by the check: (the Parquet file, the .sql file
    # of its folder loading it when the folder holds it, the one making its tables empty when not), run after the views
    optional: tuple[tuple[str, str, str], ...] = ()

    def __repr__(self) -> str:  # a record's fingerprint and a README name the source, not its callables
        return f"Source({self.name!r})"

    @property
    def everyone(self) -> str:
        """Who a chart counts when no filter narrows it, in words."""
        return f"all {self.counts}"

    def queries_dir(self, root: str | Path | None = None) -> Path:
        return Path(root or settings.queries_dir()) / self.folder

    def views(self, root: str | Path | None = None) -> Path:
        """The file that loads its tables into its database (``_views.sql`` in its queries folder)."""
        return self.queries_dir(root) / "_views.sql"

    def files(self, root: str | Path | None = None) -> tuple[str, ...]:
        """The Parquet files its views read, then those its second file reads (the cubes' inputs)."""
        return _files(str(self.queries_dir(root)), self.also_reads)

    def optional_views(self, present: set[str] | frozenset[str]) -> tuple[str, ...]:
        """The .sql files of its folder run after its views, for a folder holding the Parquet files ``present``."""
        return tuple(here if name in present else absent for name, here, absent in self.optional)


@cache
def _files(folder: str, also_reads: str) -> tuple[str, ...]:
    sql = [Path(folder) / "_views.sql"] + ([Path(folder) / also_reads] if also_reads else [])
    found = [f for path in sql for f in re.findall(r"read_parquet\((?:\w+\()?'([^'/\\]+\.parquet)'", path.read_text())]
    return tuple(dict.fromkeys(found))


SURVEY = Source(
    "survey",
    "",
    "data_dir",
    datasets.current,
    "respondents",
    marker=datasets.MARKER,
    also_reads="_cubes.sql",
    columns=NEEDED_COLUMNS,
    follows_choice=True,
    strays=True,  # the survey's data version reads the footer of every .parquet file in its folder
    real_kind="real survey data",
    dataset_query="dataset_info",
    drug_options="drug_options",
    filter_levels="filter_levels",
    not_named="not in survey",
)
STUDIES = Source(
    "studies",
    "studies",
    "data_dir",
    settings.data_location,
    "studies",
    columns=NEEDED_COLUMNS,
    real_kind="published figures, each read in its source",
)
FAERS = Source(
    "faers",
    "faers",
    "faers_dir",
    lambda: str(settings.get("faers_dir")),
    "cases",
    marker=".sidefx-faers",
    prelude=("_terms.sql",),  # pt_key: a preferred term as asked for
    functions=("gamma_quantile",),
    own_folder=True,
    badge="Reports to the FDA (FAERS)",
    real_kind="spontaneous reports to the FDA",
    shown="the FAERS folder",
    fix="import its quarters again with `python -m sidefx.faers FILE ...` (see the README).",
    absent="no FAERS reports have been imported",
    absent_fix="import a quarter with `python -m sidefx.faers FILE` (see the README), or try the two 100-report samples "
    "with `make faers-sample`.",
    dataset_query="faers_summary",
    few=("faers_min_cases", "case"),
    drug_options="faers_drug_options",
    filter_levels="faers_filter_levels",
    not_named="in no report",
    optional=(  # tables made by imports since they were added: EBGM, the days to onset, the cells by quarter received
        ("faers_ebgm.parquet", "_ebgm_views.sql", "_ebgm_none.sql"),
        ("faers_onset_cells.parquet", "_onset_views.sql", "_onset_none.sql"),
        ("faers_quarter_drug_cells.parquet", "_year_views.sql", "_year_none.sql"),
    ),
)
SOURCES = (SURVEY, STUDIES, FAERS)
BY_NAME = {s.name: s for s in SOURCES}


def of_query(name: str, root: str | Path | None = None) -> Source | None:
    """The source whose queries folder holds ``<name>.sql`` (None when none does)."""
    return next((s for s in SOURCES if (s.queries_dir(root) / f"{name}.sql").is_file()), None)


@dataclass(frozen=True)
class Dataset:
    """The survey data loaded: its name, whether it is synthetic (a field of the data, never guessed), its source."""

    name: str
    synthetic: bool
    source: str
    origin: Source = SURVEY  # the data source it is (the FDA's reports are sources.FAERS)
