"""Adding quarters to a FAERS folder without making every case again: only the cases the quarters touch.

A case is touched when a quarter read names its case number in any raw table (a new case, a later version, one the
FDA now lists as deleted, a legacy case carried into FAERS), names the report number of its kept version, or when
a quarter given again named it before (``queries/faers/_touched.sql``). Only those cases are made again, by the
same ``_import.sql`` and ``_dupes.sql`` as a first import, over their own rows of every quarter's raw files
(``_touched_views.sql``); every other case keeps its rows of the folder's deduplicated tables. The probable
duplicates are ranked again in each group of matching cases a touched case is or was in, from the fields of every
compared case the folder keeps (``state/dupe_keys.parquet``, ``_update_merge.sql``). The cells are sums over cases,
so each is the folder's cell less what the changed cases (touched, or their duplicate flag changed) added before
plus what they add now, both counted by the same ``_cells.sql`` and ``_onset_cells.sql`` (``_update_cells.sql``).
The tables are exactly those of one import of every quarter (tests/test_faers_incremental.py).

A folder lacking what this needs (made before the fields were kept, in the single-file layout, or with another terms
table or duration steps than now, ``STATE``) is made again from every quarter, as a first import is.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from sidefx.faers import casefiles, rawfiles, statements

STATE = "state"  # the folder's state/: what the next import needs beyond the tables the page reads
KEYS = "dupe_keys"  # state/dupe_keys.parquet: every compared case's fields (queries/faers/_dupes.sql)
REPORTS = "quarter_reports"  # state/quarter_reports.parquet: each quarter's report versions, for the report
INPUTS = "inputs.json"  # state/inputs.json: what the tables were made with (``inputs``)
FORMAT = 1  # raised when a table the incremental path keeps changes meaning
OLD = {  # the folder's tables the incremental path reads, as named on the connection
    "old_cases": "faers_cases",
    "old_drugs": "faers_drugs",
    "old_reactions": "faers_reactions",
    "old_duplicates": "faers_duplicates",
}
CELL_TABLES = (
    "faers_case_cells",
    "faers_event_cells",
    "faers_drug_cells",
    "faers_drug_event_cells",
    "faers_quarter_cells",
    "faers_quarter_drug_event_cells",
    "faers_quarter_event_cells",
    "faers_quarter_drug_cells",
    "faers_onset_cells",
    "faers_totals",
)
YEAR_CELLS = ("faers_event_year_cells", "faers_drug_year_cells")  # EBGM's strata's cells (_cells.sql), in state/


def inputs(terms, steps, countries) -> dict:
    """What the tables are made with, beside the raw rows: a folder made with other ones is made again whole. The
    country table (``sidefx.faers.countries``) is one: the compared cases' kept fields hold each one's country as
    read through it, so a folder made before countries were compared as codes, or with another pycountry, is made
    again whole once, from its raw files."""
    return {"format": FORMAT, "terms": _digest(terms), "steps": list(steps), "countries": _digest(countries)}


def _digest(frame) -> str:
    rows = sorted(map(tuple, frame.astype(str).itertuples(index=False)))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def usable(earlier: Path | None, made_with: dict) -> bool:
    """Whether the quarters can be added to ``earlier`` (None: a first import) by making only the cases touched."""
    if earlier is None or not (earlier / rawfiles.FOLDER).is_dir():
        return False
    state = earlier / STATE / INPUTS
    tables = [t for t in (*OLD.values(), *CELL_TABLES) if t not in casefiles.TABLES]
    if (
        not state.exists()
        or not casefiles.held(earlier)
        or not all((earlier / f"{t}.parquet").exists() for t in tables)
    ):
        return False
    if not all((earlier / STATE / f"{t}.parquet").exists() for t in (KEYS, *YEAR_CELLS)):
        return False
    return json.loads(state.read_text()) == made_with


def touch(con, earlier: Path, given: list[str]) -> None:
    """The folder's tables made views on ``con`` (read from its files as needed), and the cases the quarters read
    (in the raw tables, in memory) touch, with those the earlier files of a quarter given again named (temp table
    touched). Run before their files are written (``rawfiles.store``)."""
    for name, table in {**OLD, **{f"old_{t}": t for t in CELL_TABLES}}.items():  # read where they are, as needed
        where = casefiles.files(earlier, table) if table in casefiles.TABLES else str(earlier / f"{table}.parquet")
        con.read_parquet(where).create_view(name)
    con.read_parquet(str(earlier / STATE / f"{KEYS}.parquet")).create_view("old_keys")
    for table in YEAR_CELLS:
        con.read_parquet(str(earlier / STATE / f"{table}.parquet")).create_view(f"old_{table}")
    statements.run(con, "_touched_rows")
    for table in rawfiles.TABLES:
        statements.run(con, "_touched_table", table=table)
        for quarter in given:
            path = earlier / rawfiles.FOLDER / table / f"{quarter}.parquet"
            if path.exists():
                statements.run(con, "_touched_file", path=str(path))
    statements.run(con, "_touched")


def update(con, count_cells) -> None:
    """The deduplicated tables, probable duplicates and cells on ``con`` made from the folder's (``touch``) and the
    touched cases made again from the raw files (views over every quarter's files: ``rawfiles.store``).
    ``count_cells`` runs _cells.sql and _onset_cells.sql on faers_cases, faers_drugs and faers_reactions."""
    statements.run(con, "_touched_views")
    statements.run(con, "_import")
    statements.run(con, "_dupes")
    statements.run(con, "_update_keep")
    statements.run(con, "_raw_whole")
    statements.run(con, "_update_merge")
    statements.run(con, "_update_before")
    count_cells(con)
    statements.run(con, "_update_minus")
    statements.run(con, "_update_after")
    count_cells(con)
    statements.run(con, "_update_plus")
    statements.run(con, "_update_cells")
    statements.run(con, "_update_final")


def quarter_reports(earlier: Path | None) -> pd.DataFrame:
    """The report versions of each quarter as the folder's last import counted them (none when it kept none)."""
    path = earlier / STATE / f"{REPORTS}.parquet" if earlier is not None else None
    if path is None or not path.exists():
        return pd.DataFrame({"quarter": pd.Series(dtype=str), "reports": pd.Series(dtype="int64")})
    return pd.read_parquet(path)


def write(con, staging: Path, made_with: dict) -> None:
    """What the next import needs into ``staging``'s state/: the compared cases' fields, EBGM's strata's cells, the
    report versions of each quarter, what the tables were made with."""
    (staging / STATE).mkdir()
    for table in (KEYS, *YEAR_CELLS, REPORTS):
        con.table(table).write_parquet(str(staging / STATE / f"{table}.parquet"), compression="zstd")
    (staging / STATE / INPUTS).write_text(json.dumps(made_with) + "\n")
