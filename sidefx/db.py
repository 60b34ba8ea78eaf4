"""One DuckDB database per process, a fresh cursor per query.

The database is in memory. ``queries/_views.sql`` loads the cubes and reference tables into
it when it is made (they are small: a few hundred thousand cells for 10 million respondents),
so a query pays neither a Parquet read nor a remote fetch, and nothing a query does can change
the files. A database belongs to one state of the folder (its files' names, sizes and times):
when the folder is rebuilt, the next query gets a fresh database.
DuckDB refuses one connection used from two threads at once, and Streamlit runs each
browser session in its own thread: every query therefore takes its own cursor.

Before a database is made, the data folder is checked (``sidefx.datacheck``): a missing,
damaged or incomplete file is a ``DataProblem`` in words, never a DuckDB error naming
server paths.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pyarrow as pa
from scipy.special import gammaincinv

from sidefx import datacheck, datasets, settings, storage

_lock = threading.Lock()
_databases: dict[tuple, duckdb.DuckDBPyConnection] = {}


def connect(data_dir: Path | None = None, queries_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The process-wide connection for a data folder, created on first use.

    Raises datacheck.DataProblem when the folder cannot be read.
    """
    given = data_dir
    location = str(data_dir) if data_dir is not None else datasets.current()
    remote = storage.is_remote(location)
    location = location.rstrip("/") if remote else str(Path(location).resolve())
    queries_dir = Path(queries_dir or settings.queries_dir()).resolve()
    key = (location, str(queries_dir), datacheck.state(location))
    with _lock:
        con = _databases.get(key)
        if con is None:
            for old in [k for k in _databases if k[:2] == key[:2]]:  # the folder changed: forget its old database
                del _databases[old]  # (not closed: a query in another thread may still be using it)
            datacheck.check(given, queries_dir)
            # Read through fsspec when remote: DuckDB's httpfs extension cannot be installed offline.
            setup = (lambda c: c.register_filesystem(storage.remote(location).fs),) if remote else ()
            con = _new_database(queries_dir / "_views.sql", "data_dir", location, given, setup)
            _databases[key] = con
        return con


_SET_FOLDER = {  # the variable through which a views file finds its folder's files
    "data_dir": "SET VARIABLE data_dir = $location",
    "faers_dir": "SET VARIABLE faers_dir = $location",
}


def _new_database(views: Path, variable: str, location: str, given, setup=()) -> duckdb.DuckDBPyConnection:
    """An in-memory database with a folder's tables loaded by ``views`` (which finds them through ``variable``)."""
    con = duckdb.connect(":memory:", config=limits())
    try:
        for step in setup:
            step(con)
        con.execute(_SET_FOLDER[variable], {"location": location})
        con.execute(views.read_text())
    except duckdb.Error as exc:
        con.close()
        raise datacheck.explain(exc, given) from exc
    return con


FAERS_MARKER = ".sidefx-faers"  # written by sidefx.faers into the folders it makes
FAERS_PREFIX = "faers_"  # queries named so read the FAERS folder (sidefx.faers), not the survey's


def faers(folder: str | Path | None = None, queries_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The FAERS folder's database (the faers_dir setting), made like the survey's: per state of its files.

    Raises datacheck.DataProblem, in words, when there is no imported FAERS folder there.
    """
    location = str(Path(folder or settings.get("faers_dir")).resolve())
    queries_dir = Path(queries_dir or settings.queries_dir()).resolve()
    key = ("faers", location, str(queries_dir), datacheck.state(location))
    with _lock:
        con = _databases.get(key)
        if con is None:
            for old in [k for k in _databases if k[:3] == key[:3]]:
                del _databases[old]
            missing = [f for f in FAERS_FILES if not (Path(location) / f).is_file()]
            if missing and (Path(location) / FAERS_MARKER).is_file():
                raise datacheck.DataProblem(
                    [f"the FAERS folder was made by an earlier version of the import (it lacks {', '.join(missing)})"],
                    "import its quarters again with `python -m sidefx.faers FILE ...` (see the README).",
                )
            if missing:
                raise datacheck.DataProblem(
                    [f"no FAERS reports have been imported (the FAERS folder lacks {', '.join(missing)})"],
                    "import a quarter with `python -m sidefx.faers FILE` (see the README), or try the 100-report sample "
                    "with `make faers-sample`.",
                )
            register = (
                lambda c: c.create_function(
                    "gamma_quantile",
                    _gamma_quantile,
                    [duckdb.sqltype("DOUBLE")] * 2,
                    duckdb.sqltype("DOUBLE"),
                    type="arrow",
                ),
                lambda c: c.execute((queries_dir / "faers" / "_terms.sql").read_text()),  # pt_key: a term asked for
            )
            con = _new_database(queries_dir / "_faers_views.sql", "faers_dir", location, location, register)
            _databases[key] = con
        return con


FAERS_FILES = (  # what the FAERS page reads (queries/_faers_views.sql)
    "faers_case_cells.parquet",
    "faers_event_cells.parquet",
    "faers_drug_cells.parquet",
    "faers_drug_event_cells.parquet",
    "faers_quarter_cells.parquet",
    "faers_quarter_drug_event_cells.parquet",
    "faers_totals.parquet",
    "dataset.parquet",
    "drugs.parquet",
)


def _gamma_quantile(p, shape):
    """The gamma distribution's quantile at rate 1 (scipy's inverse regularised incomplete gamma), for Arrow arrays."""
    return pa.array(gammaincinv(shape.to_numpy(zero_copy_only=False), p.to_numpy(zero_copy_only=False)))


def limits() -> dict[str, object]:
    """DuckDB's memory limit, spill folder and threads, from the settings, so one heavy query cannot take the machine."""
    return {
        "memory_limit": settings.get("duckdb_memory_limit"),
        "temp_directory": settings.get("duckdb_temp_dir"),
        "threads": settings.get("duckdb_threads"),
    }


def cursor(data_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A new cursor on the process-wide database: safe to use from this thread only."""
    return connect(data_dir).cursor()


def cursor_for(query_name: str) -> duckdb.DuckDBPyConnection:
    """A new cursor on the database a query reads: the FAERS folder's for ``faers_*`` queries, else the survey's."""
    return faers().cursor() if query_name.startswith(FAERS_PREFIX) else cursor()


def forget(location: str | Path) -> None:
    """Drop the databases of one folder (an upload whose session has ended)."""
    location = str(Path(location).resolve())
    with _lock:
        for key in [k for k in _databases if k[0] == location]:
            del _databases[key]  # not closed: a query in another thread may still be using it


def reset() -> None:
    """Forget every open database and data check (tests that rewrite data files call this)."""
    datacheck.forget()
    with _lock:
        for con in _databases.values():
            con.close()
        _databases.clear()
