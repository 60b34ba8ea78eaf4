"""One DuckDB database per process, a fresh cursor per query.

The database is in memory and holds only views over the Parquet files (created from
``queries/_views.sql``) and a few macros, so nothing a query does can change the data.
DuckDB refuses one connection used from two threads at once, and Streamlit runs each
browser session in its own thread: every query therefore takes its own cursor.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb

from sidefx import settings

_lock = threading.Lock()
_databases: dict[tuple[str, str], duckdb.DuckDBPyConnection] = {}


def connect(data_dir: Path | None = None, queries_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The process-wide connection for a data folder, created on first use."""
    data_dir = Path(data_dir or settings.data_dir()).resolve()
    queries_dir = Path(queries_dir or settings.queries_dir()).resolve()
    key = (str(data_dir), str(queries_dir))
    with _lock:
        con = _databases.get(key)
        if con is None:
            # file_search_path lets the views name files relative to the data folder.
            con = duckdb.connect(":memory:", config={"file_search_path": str(data_dir)})
            con.execute((queries_dir / "_views.sql").read_text())
            _databases[key] = con
        return con


def cursor(data_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A new cursor on the process-wide database: safe to use from this thread only."""
    return connect(data_dir).cursor()


def reset() -> None:
    """Forget every open database (tests that rewrite data files call this)."""
    with _lock:
        for con in _databases.values():
            con.close()
        _databases.clear()
