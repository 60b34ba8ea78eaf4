"""One DuckDB database per process, a fresh cursor per query.

There is one database per data source (``sidefx.serve.sources``: the survey, the published studies, the FDA's
reports), in memory: the source's views file (``queries/_views.sql`` for the survey) loads its tables into
it when it is made (they are small: a few hundred thousand cells for 10 million respondents),
so a query pays neither a Parquet read nor a remote fetch, and nothing a query does can change
the files. A database belongs to one state of the folder (its files' names, sizes and times):
when the folder is rebuilt, the next query gets a fresh database.
DuckDB refuses one connection used from two threads at once, and Streamlit runs each
browser session in its own thread: every query therefore takes its own cursor.

Before a database is made, the source's folder is checked (``sidefx.serve.datacheck``): a missing,
damaged or incomplete file is a ``DataProblem`` in words, never a DuckDB error naming
server paths.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pyarrow as pa
from scipy.special import gammaincinv

from sidefx import settings
from sidefx.serve import datacheck, sources, storage

_lock = threading.Lock()
_databases: dict[tuple, duckdb.DuckDBPyConnection] = {}


def connect(
    source: sources.Source = sources.SURVEY, location: str | Path | None = None, queries_dir: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """The process-wide database of one source's folder (the folder it locates, unless one is given), made on first
    use and again whenever the folder's files change.

    Raises datacheck.DataProblem, in words, when the folder cannot be read.
    """
    given = location
    location = str(location) if location is not None else source.locate()
    remote = storage.is_remote(location)
    location = location.rstrip("/") if remote else str(Path(location).resolve())
    queries_dir = Path(queries_dir or settings.queries_dir()).resolve()
    key = (location, source.name, str(queries_dir), datacheck.state(location))
    with _lock:
        con = _databases.get(key)
        if con is None:
            for old in [k for k in _databases if k[:3] == key[:3]]:  # the folder changed: forget its old database
                del _databases[old]  # (not closed: a query in another thread may still be using it)
            datacheck.check(given, queries_dir, source)
            # Read through fsspec when remote: DuckDB's httpfs extension cannot be installed offline.
            setup = [lambda c: c.register_filesystem(storage.remote(location).fs)] if remote else []
            setup += [_FUNCTIONS[f] for f in source.functions]
            folder = source.queries_dir(queries_dir)
            setup += [lambda c, f=f: c.execute((folder / f).read_text()) for f in source.prelude]
            con = _new_database(source, queries_dir, location, given, setup)
            _databases[key] = con
        return con


def _new_database(source, queries_dir: Path, location: str, given, setup=()) -> duckdb.DuckDBPyConnection:
    """An in-memory database with a folder's tables loaded by its source's views file."""
    con = duckdb.connect(":memory:", config=limits())
    try:
        for step in setup:
            step(con)
        con.execute(_SET_FOLDER[source.variable], {"location": location})
        con.execute(source.views(queries_dir).read_text())
        present = datacheck.present(location)
        for name in source.optional_views(present):  # tables an earlier import may lack: loaded, else made empty
            con.execute((source.queries_dir(queries_dir) / name).read_text())
    except duckdb.Error as exc:
        con.close()
        raise datacheck.explain(exc, given, source) from exc
    return con


_SET_FOLDER = {  # the variable through which a views file finds its folder's files (Source.variable)
    "data_dir": "SET VARIABLE data_dir = $location",
    "faers_dir": "SET VARIABLE faers_dir = $location",
}


def _gamma_quantile(p, shape):
    """The gamma distribution's quantile at rate 1 (scipy's inverse regularised incomplete gamma), for Arrow arrays."""
    return pa.array(gammaincinv(shape.to_numpy(zero_copy_only=False), p.to_numpy(zero_copy_only=False)))


_FUNCTIONS = {  # the Python functions a source's views and queries may call (Source.functions)
    "gamma_quantile": lambda c: c.create_function(
        "gamma_quantile", _gamma_quantile, [duckdb.sqltype("DOUBLE")] * 2, duckdb.sqltype("DOUBLE"), type="arrow"
    ),
}


def limits() -> dict[str, object]:
    """DuckDB's memory limit, spill folder and threads, from the settings, so one heavy query cannot take the machine."""
    return {
        "memory_limit": settings.get("duckdb_memory_limit"),
        "temp_directory": settings.get("duckdb_temp_dir"),
        "threads": settings.get("duckdb_threads"),
    }


def cursor(source: sources.Source = sources.SURVEY) -> duckdb.DuckDBPyConnection:
    """A new cursor on a source's process-wide database: safe to use from this thread only."""
    return connect(source).cursor()


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
