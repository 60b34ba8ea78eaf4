"""The import's SQL: queries/faers/_<name>.sql, run on the import's own connection with every value bound.

Each file starts with the three-line header every query file has (purpose, params, columns), and
``run`` refuses, as the query runner does, when the values given differ from the ``$names`` the file
declares or uses. DuckDB binds values only in a file's last statement, so a file that takes values
holds one statement, and a script of several statements takes none.
"""

from __future__ import annotations

import re
from functools import cache

import duckdb

from sidefx import settings
from sidefx.serve import queries, sources


@cache
def load(name: str) -> queries.Query:
    """Parse ``queries/faers/<name>.sql`` (a name starting with '_'); QueryError if it is missing or malformed."""
    path = settings.queries_dir() / "faers" / f"{name}.sql"
    if not re.fullmatch(r"_[a-z][a-z0-9_]*", name) or not path.is_file():
        raise queries.QueryError(f"there is no import statement named {name!r} in queries/faers/")
    lines = path.read_text().splitlines()
    header = {}
    for line, key in zip(lines[:3], ("purpose", "params", "columns")):
        m = re.match(rf"--\s*(?:{name}:|{key}:)\s*(.*)", line)
        if not m:
            raise queries.QueryError(f"faers/{path.name}: line {len(header) + 1} should start with '-- {key}:'")
        header[key] = m.group(1)
    columns = "" if header["columns"].startswith("none") else header["columns"]
    return queries.Query(
        name,
        header["purpose"],
        queries._parse_decls(header["params"]),
        queries._parse_decls(columns),
        "\n".join(lines),
        sources.FAERS,
        f"faers/{path.name}",
    )


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> duckdb.DuckDBPyConnection:
    """Run one import file on ``con`` with its values bound; returns ``con`` (fetch the last statement's rows)."""
    query = load(name)
    declared, used, given = set(query.params), query.used_params, set(params)
    if declared != used:
        raise queries.QueryError(f"faers/{name}.sql declares {sorted(declared)} but uses {sorted(used)}")
    if given != declared:
        raise queries.QueryError(f"faers/{name}.sql takes {sorted(declared)}; given {sorted(given)}")
    return con.execute(query.sql, params or None)
