"""Write the pre-aggregated tables (cubes) the pages read, from a folder's respondent-level tables.

    python -m sidefx.cubes DATA_FOLDER     # (re)build the cubes of a data folder

``sidefx.build`` and ``sidefx.importer`` call this after writing the survey tables, so a
folder they make is always complete. What the cubes hold and why they are exact is
explained at the top of ``queries/_cubes.sql``.

DuckDB does the work out of core: it streams the Parquet files, spills to the temporary
folder named by the ``duckdb_temp_dir`` setting when a grouping outgrows the
``duckdb_memory_limit`` setting, and writes each cube straight to Parquet (sorted, ZSTD),
so building from 10 million respondents needs far less memory than the tables' size.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from sidefx import settings, words
from sidefx.filters import DURATION_STEPS
from sidefx.serve import db

CUBES = ("respondent_cells", "response_cells", "withdrawal_cells", "withdrawal_course_cells")
ROW_GROUP_ROWS = 122_880  # DuckDB's own row-group size: a cube of a few hundred thousand cells is a handful


def build(folder: Path, steps: tuple[int, ...] = DURATION_STEPS) -> dict[str, int]:
    """Write every cube into ``folder`` from its respondent-level tables; return the cells written per cube.

    Each file is written beside its final name and renamed into place, so a reader never sees half a cube.
    """
    folder = Path(folder)
    con = duckdb.connect(":memory:", config={"file_search_path": str(folder.resolve()), **db.limits()})
    try:
        con.execute("SET enable_progress_bar = false")  # the bar would go to stdout
        con.execute((settings.queries_dir() / "_cubes.sql").read_text())
        cells = {}
        for name in CUBES:
            part = folder / f".{name}.parquet.part"
            con.table_function(name, [list(steps)]).write_parquet(
                str(part), compression="zstd", row_group_size=ROW_GROUP_ROWS
            )
            os.replace(part, folder / f"{name}.parquet")
            cells[name] = pq.ParquetFile(folder / f"{name}.parquet").metadata.num_rows
        return cells
    finally:
        con.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    for table in ("respondents", "responses", "withdrawal"):
        if not (args.folder / f"{table}.parquet").is_file():
            print(f"{args.folder} has no {table}.parquet: build or import a survey there first.", file=sys.stderr)
            return 2
    started = time.perf_counter()
    try:
        cells = build(args.folder)
    except duckdb.Error as exc:
        print(f"Could not build the cubes of {args.folder}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    took = time.perf_counter() - started
    print(
        f"wrote cubes in {args.folder} in {took:.1f} s: "
        + ", ".join(f"{k} {words.plural(v, 'cell')}" for k, v in cells.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
