"""One quarter's files read into the raw tables (queries/faers/_raw.sql), streaming, never whole tables in pandas.

DuckDB's CSV reader: ``$`` delimiter, a header line, no quoting, CRLF or LF, latin-1 bytes. A legacy row's trailing
``$`` (one empty field too many) is accepted; a line with more fields than that (two reports run together) or fewer
is rejected, counted per file and reported, never guessed. The legacy AERS layout (2004 to 2012Q3, ``isr`` keys) is
refused in words. Only the DRUG rows that name an antidepressant (by active ingredient, else by name, through the
same synonyms table as the survey import) are kept, with their THER rows; every case counts in the totals.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from sidefx import drugnames, words
from sidefx.faers import statements
from sidefx.faers.quarters import TABLES, FaersRefused, Quarter


def _header(path: Path) -> tuple[list[str], str]:
    """The file's column names (lower case; a legacy trailing '$' dropped) and its line ending."""
    with open(path, "rb") as f:
        first = f.readline()
    if not first.strip():
        raise FaersRefused([f"{path.name} is empty"])
    newline = "\\r\\n" if first.endswith(b"\r\n") else "\\n"
    names = first.decode("latin-1").strip().lower().split("$")
    while names and names[-1] == "":
        names.pop()
    return names, newline


# Where each table's rows go once read (the staged DRUG and THER rows are sifted for antidepressants).
FROM_STAGE = {"DEMO": "_keep_demo", "REAC": "_keep_reac", "DRUG": "_stage_drug", "THER": "_stage_ther"}


def read_quarter(con: duckdb.DuckDBPyConnection, q: Quarter, rejected: dict[str, int], progress) -> None:
    """One quarter's DEMO, DRUG, REAC and THER files into the raw tables (antidepressants only, for DRUG and THER),
    and the cases its deleted/ files list into raw_deleted. ``rejected`` gets each file's count of lines left out."""
    for table in TABLES:
        rows = read_file(con, q.files[table], table, q.label, rejected)
        progress(f"{q.label} {table}: {words.plural(rows, 'row')} read from {q.files[table].name}")
    add_antidepressants(con)
    for f in q.deleted:
        ids = [x.strip() for x in f.read_bytes().decode("latin-1").split() if x.strip().isdigit()]
        statements.run(con, "_keep_deleted", quarter=q.label, caseids=ids)


def read_file(con: duckdb.DuckDBPyConnection, path: Path, table: str, quarter: str, rejected: dict[str, int]) -> int:
    """One file's rows, with the columns the import reads, into their raw table; lines that cannot be read are counted
    in ``rejected``. Returns the rows kept."""
    names, newline = _header(path)
    if table == "DEMO" and "isr" in names and "primaryid" not in names:
        raise FaersRefused(
            [
                f"{path.name} is in the legacy AERS layout (2004 to 2012Q3, 'isr' keys), which this import does not "
                "read: import quarters from 2012Q4 onward"
            ]
        )
    if missing := [c for c in TABLES[table] if c not in names]:
        raise FaersRefused([f"{path.name} is not a FAERS {table} file: it has no column {', '.join(missing)}"])
    columns = {n: "VARCHAR" for n in names} | {"_trailing": "VARCHAR"}  # the legacy trailing '$'
    # Every value is bound (the column names come from the file). A short line is padded, then dropped below
    # unless its keys read as numbers; a long one (two reports run together) is rejected by the reader.
    statements.run(con, "_read_file", path=str(path), columns=columns, newline=newline, wanted=list(TABLES[table]))
    long_lines = statements.run(con, "_count_rejected").fetchone()[0]
    short = statements.run(con, "_drop_short").fetchone()[0]
    if long_lines + short:
        rejected[path.name] = int(long_lines + short)
    statements.run(con, FROM_STAGE[table], quarter=quarter)
    return statements.run(con, "_stage_rows").fetchone()[0]


def antidepressants_named(prod_ai, drugname) -> list[str]:
    """The antidepressants (INN) a DRUG row names: by its active ingredients, else by its name.

    A combination product lists its ingredients split by a backslash (``OLANZAPINE\\FLUOXETINE HYDROCHLORIDE``):
    each is resolved, so the row names every antidepressant in it. A combination's brand (``SYMBYAX``) resolves
    through the synonyms table to the antidepressant in it."""
    return _resolved_parts(prod_ai) or _resolved_parts(drugname)


def _resolved_parts(text) -> list[str]:
    if not isinstance(text, str):
        return []
    return sorted({inn for part in text.split("\\") if (inn := drugnames.resolve(part))})


def add_antidepressants(con) -> None:
    """The staged DRUG rows that name an antidepressant (by active ingredient, else by name), and their THER rows.

    A row naming a combination of antidepressants gives a row for each."""
    names = statements.run(con, "_drug_names").df()
    names["inn"] = [antidepressants_named(ai, n) for ai, n in zip(names.prod_ai, names.drugname)]
    names = names.explode("inn")
    con.register("drug_names_frame", names[names.inn.notna()])
    statements.run(con, "_keep_antidepressants")
    con.unregister("drug_names_frame")
