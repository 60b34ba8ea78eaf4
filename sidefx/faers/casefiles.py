"""The deduplicated case-level tables kept as a Parquet file per table and range of case numbers.

``cases/<table>/<range>.parquet`` holds the rows of the cases numbered ``range * WIDTH`` to ``(range + 1) * WIDTH
- 1`` (``r0015`` for 15,000,000 to 15,999,999). A first import writes every range; an added quarter writes again
only the ranges holding a case it changed (touched, or whose probable-duplicate flag changed) and links the
folder's other files unchanged, so the cost of the write follows the cases changed, not the history held. A folder
made before (a single ``<table>.parquet`` each) is read as it is and split into ranges as its next import writes it:
never made again whole, which on the whole history would need more memory than DuckDB's default limit.
"""

from __future__ import annotations

from pathlib import Path

from sidefx.faers import rawfiles, statements

FOLDER = "cases"
TABLES = ("faers_cases", "faers_drugs", "faers_reactions")
WIDTH = 1_000_000  # case numbers per file: FAERS numbers run to about 25 million, so some 25 files per table


def location(folder: Path, table: str) -> str:
    """What read_parquet reads for a table: its files by range, or the single file of a folder made before."""
    ranges = Path(folder) / FOLDER / table
    return str(ranges / "*.parquet") if ranges.is_dir() else str(Path(folder) / f"{table}.parquet")


def files(folder: Path, table: str) -> list[str]:
    """A table's files by range (or the single file of a folder made before), largest first: DuckDB estimates a scan
    of several files from the first one's rows, and a small first file (a range with few cases) makes it hash the
    whole table to join a few touched cases."""
    if not (Path(folder) / FOLDER / table).is_dir():
        return [str(Path(folder) / f"{table}.parquet")]  # a folder made before: its single file
    ranges = sorted((Path(folder) / FOLDER / table).glob("*.parquet"), key=lambda p: (-p.stat().st_size, p.name))
    return [str(p) for p in ranges]


def held(folder: Path) -> bool:
    """Whether the folder holds every case-level table, by range or (made before) as a single file."""
    return all(files(folder, t) and all(Path(f).exists() for f in files(folder, t)) for t in TABLES)


def present(folder: Path) -> bool:
    """Whether the folder keeps its case-level tables by range (else it has a single file each, made before)."""
    return all((Path(folder) / FOLDER / t).is_dir() for t in TABLES)


def write(con, staging: Path, earlier: Path | None) -> None:
    """The case-level tables on ``con`` into ``staging``'s files by range: every range a table holds (``earlier``
    None, or a folder of single files, split as it is written), or only the ranges holding a case in the temp table
    ``changed`` (the quarter's new and later cases are among them), the folder's other files linked. A range left
    with no row gets an empty file."""
    keeps = earlier is not None and present(earlier)  # else every range is written (a folder of single files is split)
    changed = [r[0] for r in statements.run(con, "_case_ranges", width=WIDTH).fetchall()] if keeps else []
    for table in TABLES:
        (staging / FOLDER / table).mkdir(parents=True)
        if not keeps:
            ranges = [r[0] for r in statements.run(con, "_table_ranges", table=table, width=WIDTH).fetchall()]
        else:
            ranges = changed
            for path in (earlier / FOLDER / table).glob("*.parquet"):
                if path.stem not in changed:
                    rawfiles.link(path, staging / FOLDER / table / path.name)
        for name in ranges:
            lo = int(name[1:]) * WIDTH
            path = str(staging / FOLDER / table / f"{name}.parquet")
            statements.run(con, "_write_range", table=table, lo=lo, hi=lo + WIDTH, path=path)
