"""Vocabularies are defined once in Python and the SQL accepts exactly them; no Python builds SQL from strings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from sidefx import catalog, charts, filters, settings, vocab
from sidefx.build import assumptions
from sidefx.importer import schema

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def macros():
    """The macros of _views.sql on an empty database (the views need no files until queried)."""
    con = duckdb.connect(":memory:")
    text = re.sub(r"--[^\n]*", "", (settings.queries_dir() / "_views.sql").read_text())
    statements = text.split(";")
    for statement in statements:
        if "CREATE MACRO" in statement and "AS TABLE" not in statement:  # table macros need the views' files
            con.execute(statement)
    yield con
    con.close()


def test_duration_band_order_accepts_exactly_the_bands_in_order(macros):
    ranks = [macros.execute("SELECT duration_band_order($b)", {"b": b}).fetchone()[0] for b in vocab.DURATION_BANDS]
    assert ranks == list(range(1, len(vocab.DURATION_BANDS) + 1))
    for other in (vocab.UNKNOWN_DURATION, "3+ yrs", "", "1-3 Years"):
        assert macros.execute("SELECT duration_band_order($b)", {"b": other}).fetchone()[0] == 9  # last, not a band


def test_group_value_accepts_exactly_the_grouping_dimensions(macros):
    args = ("d", "c", "b", "s", "a")  # drug, class, duration band, sex, age band
    sql = "SELECT group_value($g, 'd', 'c', 'b', 's', 'a')"
    picked = {g: macros.execute(sql, {"g": g}).fetchone()[0] for g in vocab.GROUP_DIMENSIONS}
    assert sorted(picked.values()) == sorted(args)  # each dimension picks its own column
    for other in ("none", "method", "Drug", "country"):
        assert macros.execute(sql, {"g": other}).fetchone()[0] == "All"
    w = "SELECT withdrawal_group_value($g, 'm', 'd', 'c', 'b', 's', 'a')"
    assert macros.execute(w, {"g": "method"}).fetchone()[0] == "m"
    assert set(vocab.WITHDRAWAL_GROUP_DIMENSIONS) - set(vocab.GROUP_DIMENSIONS) == {"method"}


def test_python_vocabularies_agree_with_each_other_and_the_data():
    assert set(filters.COMPARE_BY) - {"none"} == set(vocab.GROUP_DIMENSIONS)
    assert tuple(assumptions.DURATION_BANDS) == vocab.DURATION_BANDS
    assert [*vocab.DURATION_BANDS, vocab.UNKNOWN_DURATION] == schema.DURATION_BANDS
    assert tuple(charts.SEVERITY_COLOURS) == vocab.WITHDRAWAL_SEVERITIES
    assert set(catalog.effects().domain) == set(vocab.EFFECT_DOMAINS)
    shipped = pd.read_parquet(settings.ROOT / "data" / "withdrawal.parquet", columns=["severity", "method"])
    assert set(shipped.severity) <= set(vocab.SEVERITIES) and set(shipped.method) == set(vocab.STOPPING_METHODS)


# ---- no SQL built from strings in the Python -----------------------------------------------
SQL_WORDS = ("SELECT ", "WHERE ", " FROM ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ")


def _has_sql(node) -> bool:
    return any(
        isinstance(n, ast.Constant) and isinstance(n.value, str) and any(w in n.value for w in SQL_WORDS)
        for n in ast.walk(node)
    )


def formatted_sql(source: str) -> list[int]:
    """Lines where SQL text is built by formatting: an f-string, %, .format() or + around SQL words."""
    hits = []
    for node in ast.walk(ast.parse(source)):
        if (
            (
                isinstance(node, ast.JoinedStr)
                and _has_sql(node)
                and any(isinstance(v, ast.FormattedValue) for v in node.values)
            )
            or (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, (ast.Mod, ast.Add))
                and (_has_sql(node.left) or _has_sql(node.right))
            )
            or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "format"
                and _has_sql(node.func.value)
            )
        ):
            hits.append(node.lineno)
    return hits


@pytest.mark.parametrize(
    "bad",
    [
        "sql = f\"SELECT * FROM respondents WHERE drug = '{drug}'\"",
        "sql = \"SELECT * FROM respondents WHERE drug = '%s'\" % drug",
        'sql = "SELECT * FROM t WHERE x = {}".format(x)',
        'sql = "SELECT * FROM t WHERE x = " + x',
    ],
)
def test_the_scan_catches_each_way_of_formatting_sql(bad):
    assert formatted_sql(bad) == [1]


def test_no_python_file_builds_sql_by_formatting():
    files = [*ROOT.glob("sidefx/**/*.py"), *ROOT.glob("views/*.py"), ROOT / "dashboard.py", *ROOT.glob("bench/*.py")]
    assert len(files) > 20
    found = {str(f.relative_to(ROOT)): lines for f in files if (lines := formatted_sql(f.read_text()))}
    assert found == {}, f"SQL built by string formatting (bind values as $parameters in a queries/*.sql file): {found}"
