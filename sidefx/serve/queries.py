"""Run a query from ``queries/`` by name, with every user value bound as a parameter.

Each .sql file starts with a three-line header, which is its contract:

    -- name: purpose
    -- params:  $drugs VARCHAR[], $min_months INTEGER
    -- columns: effect VARCHAR, reported BIGINT

The runner refuses to run when the parameters passed differ from the ``$names`` the
file uses, so a query can never be run with a value silently missing or ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from sidefx import settings
from sidefx.serve import db, sources

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


class QueryError(Exception):
    """A query was asked for in a way the query file does not allow."""


@dataclass(frozen=True)
class Query:
    name: str
    purpose: str
    params: dict[str, str]  # name -> declared SQL type
    columns: dict[str, str]  # name -> declared SQL type
    sql: str
    source: sources.Source  # the data it reads: the source whose folder of queries holds the file
    path: str  # the file under queries/, e.g. "faers/faers_signals.sql"

    @property
    def used_params(self) -> set[str]:
        return set(_PARAM.findall(_COMMENT.sub("", self.sql)))


def _parse_decls(text: str) -> dict[str, str]:
    text = text.strip()
    if text in ("", "none", "(none)"):
        return {}
    out = {}
    for part in re.split(r",\s*(?![^\[]*\])", text):
        name, _, typ = part.strip().partition(" ")
        out[name.lstrip("$")] = typ.strip()
    return out


@cache
def load(name: str, queries_dir: str | None = None) -> Query:
    """Parse the file ``<name>.sql`` in one source's folder of ``queries/``; raise QueryError if there is none or its
    header is malformed."""
    folder = Path(queries_dir or settings.queries_dir())
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise QueryError(f"{name!r} is not a query name")
    source = sources.of_query(name, folder)
    if source is None:
        raise QueryError(f"there is no query named {name!r} in {folder.name}/")
    path = source.queries_dir(folder) / f"{name}.sql"
    lines = path.read_text().splitlines()
    header = {}
    for line, key in zip(lines[:3], ("purpose", "params", "columns")):
        m = re.match(rf"--\s*(?:{name}:|{key}:)\s*(.*)", line)
        if not m:
            raise QueryError(f"{path.name}: line {len(header) + 1} should start with '-- {key}:'")
        header[key] = m.group(1)
    return Query(
        name=name,
        purpose=header["purpose"],
        params=_parse_decls(header["params"]),
        columns=_parse_decls(header["columns"]),
        sql="\n".join(lines[3:]),
        source=source,
        path=path.relative_to(folder).as_posix(),
    )


@dataclass(frozen=True)
class QueryRun:
    """One query as a chart ran it: the file's name and exactly the values bound to it.

    A chart's record keeps these, so its README can name them and anyone can run the file
    again with the same values and get the same numbers.
    """

    name: str
    params: dict  # name -> the value bound (lists for the VARCHAR[] parameters)

    def __hash__(self) -> int:  # dicts are not hashable; the JSON text of the values is
        return hash((self.name, self.params_json()))

    def params_json(self) -> str:
        return json.dumps(self.params, sort_keys=True)

    def frame(self) -> pd.DataFrame:
        return run(self.name, **self.params)


def run(name: str, **params) -> pd.DataFrame:
    """Run a named query with bound parameters and return its rows."""
    query = load(name)
    declared, used, given = set(query.params), query.used_params, set(params)
    if declared != used:
        raise QueryError(f"{name}.sql declares {sorted(declared)} but uses {sorted(used)}")
    if given != declared:
        missing, extra = sorted(declared - given), sorted(given - declared)
        raise QueryError(f"{name}.sql takes {sorted(declared)}; missing {missing}, unexpected {extra}")
    cur = db.cursor(query.source)
    try:
        return cur.execute(query.sql, params).df()
    finally:
        cur.close()


def names() -> list[str]:
    """Every runnable query, of every source."""
    return sorted(p.stem for s in sources.SOURCES for p in s.queries_dir().glob("[a-z]*.sql"))
