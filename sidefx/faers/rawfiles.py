"""Every report version a FAERS folder was given, kept as one Parquet file per raw table and quarter.

    raw/<table>/<quarter>.parquet      e.g. raw/raw_demo/2018Q1.parquet (tables: queries/faers/_raw.sql)

An import reads only the quarters it is given into memory (``sidefx.faers.reading``) and writes each to files of its
own in the staging folder (``queries/faers/_write_quarter.sql``; a table with no rows in a quarter gets an empty
file). The folder's other quarters are hard-linked into the staging folder unchanged (copied where the file system
cannot link): never read into memory, never rewritten, and the folder being replaced is never written to, so a
refused or failed import still changes nothing. A quarter given again replaces its own files only. The raw tables
then become views over every quarter's files (``_raw_files.sql``, ``_raw_views.sql``): each step reads from Parquet
only the columns it needs.

A folder written before quarters had files of their own keeps each raw table as a single ``faers_raw_<table>.parquet``
file: its quarters are split into files of their own on the way (``_split_quarter.sql``), the first time a quarter
is added to it. A table it lacks (the probable-duplicate tables, before they were kept) gets empty files.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sidefx.faers import statements

TABLES = ("raw_demo", "raw_drug", "raw_reac", "raw_ther", "raw_deleted", "raw_country", "raw_drugset")
FOLDER = "raw"  # raw/<table>/<quarter>.parquet in the FAERS folder


def single_file(folder: Path, table: str) -> Path:
    """Where the earlier layout kept a raw table: one file for every quarter."""
    return folder / f"faers_{table}.parquet"


def store(con, earlier: Path | None, staging: Path, given: list[str]) -> None:
    """The quarters read (``given``, in the raw tables on ``con``) written to ``staging``'s raw files, the other
    quarters of the folder ``earlier`` (None: none kept) linked beside them, and the raw tables made views over them."""
    for table in TABLES:
        (staging / FOLDER / table).mkdir(parents=True)
    if earlier is not None and (earlier / FOLDER).is_dir():
        _link_earlier(earlier / FOLDER, staging / FOLDER, set(given))
    elif earlier is not None:
        _split_single(con, earlier, staging / FOLDER, set(given))
    for quarter in given:
        for table in TABLES:
            path = str(staging / FOLDER / table / f"{quarter}.parquet")
            statements.run(con, "_write_quarter", table=table, quarter=quarter, path=path)
    files = {table: sorted(str(p) for p in (staging / FOLDER / table).glob("*.parquet")) for table in TABLES}
    statements.run(con, "_raw_files", files=files)
    statements.run(con, "_raw_views")


def _link_earlier(source: Path, target: Path, given: set[str]) -> None:
    """Each earlier quarter's files, except those given again, linked (else copied) into the staging folder."""
    for table in TABLES:
        for path in (source / table).glob("*.parquet"):
            if path.stem not in given:
                link(path, target / table / path.name)


def link(path: Path, to: Path) -> None:
    try:
        os.link(path, to)
    except OSError:  # a file system without hard links, or another one: a copy
        shutil.copyfile(path, to)


def _split_single(con, earlier: Path, target: Path, given: set[str]) -> None:
    """An earlier layout's single file per raw table split into a file per quarter, except the quarters given again;
    a table the folder lacks gets an empty file per quarter (from the raw table on ``con``, which holds none of them)."""
    sources = [str(single_file(earlier, t)) for t in TABLES if single_file(earlier, t).exists()]
    kept = [r[0] for r in statements.run(con, "_single_quarters", sources=sources).fetchall() if r[0] not in given]
    for table in TABLES:
        source = single_file(earlier, table)
        for quarter in kept:
            path = str(target / table / f"{quarter}.parquet")
            if source.exists():
                statements.run(con, "_split_quarter", source=str(source), quarter=quarter, path=path)
            else:
                statements.run(con, "_write_quarter", table=table, quarter=quarter, path=path)
