"""One quarter's files read into the raw tables (queries/faers/_raw.sql), streaming, never whole tables in pandas.

DuckDB's CSV reader: ``$`` delimiter, a header line, no quoting, CRLF or LF, latin-1 bytes. A row's trailing ``$``
(one empty field too many, as every legacy AERS line has) is accepted, and so is a header's last column named for
it (``v23``, as some tools name it) or left without a name (the FDA's own headers end in ``$``). A line with more
fields than that (two reports run together) or fewer (a report cut short) is rejected, counted per file and
reported, never guessed. The layout is told from the DEMO header: FAERS (2012Q4 onward, ``primaryid``,
``caseid``) or legacy AERS (2004Q1 to 2012Q3, ``ISR``, ``CASE``), whose columns are read under the FAERS names
(``sidefx.faers.quarters.LEGACY``); any other header is refused in words naming the columns expected. Only the DRUG
rows that name an antidepressant (by active ingredient, else by name, through the same synonyms table as the survey
import) are kept, with their THER rows; every case counts in the totals. A drug name is free text in legacy files
(``ZOLOFT 50MG TABLETS``, ``PAROXETINE HCL``): the names that mention an antidepressant but cannot be read as one
are counted for the import's report.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb

from sidefx import drugnames, words
from sidefx.faers import statements
from sidefx.faers.quarters import LAYOUT_SPANS, LAYOUTS, OPTIONAL, TABLES, FaersRefused, Quarter


def _header(path: Path) -> tuple[list[str], str]:
    """The file's column names (lower case; a trailing '$', or the name a tool gave that empty last column such as
    'v23', dropped) and its line ending."""
    with open(path, "rb") as f:
        first = f.readline()
    if not first.strip():
        raise FaersRefused([f"{path.name} is empty"])
    newline = "\\r\\n" if first.endswith(b"\r\n") else "\\n"
    names = first.decode("latin-1").strip().lower().split("$")
    while names and names[-1] == "":
        names.pop()
    if names and names[-1] == f"v{len(names)}":  # the sampling tool's name for the empty column after the last '$'
        names.pop()
    return names, newline


def _expected(layout: str, table: str) -> str:
    columns = LAYOUTS[layout][table]
    shown = [c.upper() for c in columns] if layout == "legacy AERS" else list(columns)
    return f"{', '.join(shown)} ({layout}, {LAYOUT_SPANS[layout]})"


def layout_of(q: Quarter) -> str:
    """'FAERS' or 'legacy AERS', from the quarter's DEMO header; FaersRefused naming the columns expected."""
    path = q.files["DEMO"]
    names, _ = _header(path)
    for layout, tables in LAYOUTS.items():
        if all(c in names for c in tables["DEMO"]):
            return layout
    raise FaersRefused(
        [
            f"{path.name} has neither the FAERS nor the legacy AERS DEMO header: expected the columns "
            f"{_expected('FAERS', 'DEMO')} or {_expected('legacy AERS', 'DEMO')}; its header has "
            f"{', '.join(names[:30]) or 'no names'}"
        ]
    )


# Where each table's rows go once read (the staged DRUG and THER rows are sifted for antidepressants).
FROM_STAGE = {"DEMO": "_keep_demo", "REAC": "_keep_reac", "DRUG": "_stage_drug", "THER": "_stage_ther"}


def read_quarter(con: duckdb.DuckDBPyConnection, q: Quarter, report, progress) -> None:
    """One quarter's DEMO, DRUG, REAC and THER files into the raw tables (antidepressants only, for DRUG and THER),
    and the cases its deleted/ files list into raw_deleted. ``report`` (the import's) gets each file's count of lines
    left out (``rejected``), the drug names mentioning an antidepressant that were not read as one
    (``unresolved``) and a note when the REAC file holds no terms (``notes``)."""
    layout = layout_of(q)
    for table in TABLES:
        rows = read_file(con, q.files[table], table, q.label, report.rejected, layout)
        progress(f"{q.label} {table}: {words.plural(rows, 'row')} read from {q.files[table].name} ({layout})")
        if table == "REAC":
            _check_terms(con, q, report)
    add_antidepressants(con, report.unresolved)
    for f in q.deleted:
        ids = [x.strip() for x in f.read_bytes().decode("latin-1").split() if x.strip().isdigit()]
        statements.run(con, "_keep_deleted", quarter=q.label, caseids=ids)


def _check_terms(con, q: Quarter, report) -> None:
    """A REAC file that gives no preferred term is said in the report, with its counts, never read as no reaction."""
    rows, terms = statements.run(con, "_count_terms").fetchone()
    if not terms:
        left_out = report.rejected.get(q.files["REAC"].name, 0)
        report.notes.append(
            f"{q.label}: {q.files['REAC'].name} gives no preferred term ({words.plural(rows, 'row')} read, "
            f"{words.plural(left_out, 'line')} rejected): its cases count as reporting no reaction; check the file"
        )


def read_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    quarter: str,
    rejected: dict[str, int],
    layout: str = "FAERS",
) -> int:
    """One file's rows, with the columns the import reads (under their FAERS names), into their raw table; lines
    that cannot be read are counted in ``rejected``. Returns the rows kept."""
    names, newline = _header(path)
    read_as = LAYOUTS[layout][table]
    if missing := [c for c in read_as if c not in names]:
        raise FaersRefused(
            [
                f"{path.name} is not a {layout} {table} file, as its quarter's DEMO file is: it has no column "
                f"{', '.join(missing)}; expected the columns {_expected(layout, table)}"
            ]
        )
    named = [read_as.get(n, n) for n in names]
    columns = {n: "VARCHAR" for n in named} | {"_trailing": "VARCHAR"}  # a row's trailing '$'
    # Every value is bound (the column names come from the file). A short line is padded and flagged, then dropped
    # with any line whose keys do not read as numbers; a long one (two reports run together) is rejected by the reader.
    wanted = list(read_as.values()) + [c for c in OPTIONAL.get(table, ()) if c in named]
    statements.run(con, "_read_file", path=str(path), columns=columns, newline=newline, wanted=wanted, last=named[-1])
    long_lines = statements.run(con, "_count_rejected").fetchone()[0]
    if "caseid" not in wanted:  # a legacy DRUG, REAC or THER file: its reports' cases, from the quarter's DEMO file
        statements.run(con, "_legacy_case", quarter=quarter)
    dropped = statements.run(con, "_drop_short").fetchone()[0]
    if table == "DRUG" and "prod_ai" not in wanted:  # a legacy DRUG file: the drug name is all there is
        statements.run(con, "_legacy_drug")
    if long_lines + dropped:
        rejected[path.name] = int(long_lines + dropped)
    if table == "DEMO":  # the reporter country, kept apart (raw_country), for flagging probable duplicates
        if "reporter_country" not in wanted:
            statements.run(con, "_no_country")
        statements.run(con, "_keep_country", quarter=quarter)
    statements.run(con, FROM_STAGE[table], quarter=quarter)
    return statements.run(con, "_stage_rows").fetchone()[0]


def antidepressants_named(prod_ai, drugname) -> list[str]:
    """The antidepressants (INN) a DRUG row names: by its active ingredients, else by its name.

    A combination product lists its ingredients split by a backslash (``OLANZAPINE\\FLUOXETINE HYDROCHLORIDE``):
    each is resolved, so the row names every antidepressant in it. A combination's brand (``SYMBYAX``) resolves
    through the synonyms table to the antidepressant in it. A name is read as free text (``free_text``)."""
    return _resolved_parts(prod_ai) or free_text(drugname)


def _resolved_parts(text) -> list[str]:
    if not isinstance(text, str):
        return []
    return sorted({inn for part in text.split("\\") if (inn := drugnames.resolve(part))})


# Words of a free-text drug name that say its form, route or how it was taken, not which drug it is (the synonyms
# table already drops salts, doses and XR, SR, XL, tablets, capsules).
FORM_WORDS = frozenset(
    [
        "tab",
        "tabs",
        "cap",
        "caps",
        "caplet",
        "oral",
        "po",
        "film",
        "coated",
        "filmcoated",
        "delayed",
        "extended",
        "controlled",
        "modified",
        "sustained",
        "release",
        "released",
        "solution",
        "suspension",
        "susp",
        "liquid",
        "syrup",
        "drops",
        "injection",
        "inj",
        "soltab",
        "odt",
        "orally",
        "disintegrating",
        "generic",
        "formulation",
        "unknown",
        "unk",
        "daily",
        "dose",
        "form",
    ]
)
_SPLIT = re.compile(r"\s*(?:[\\/+&;,()]|\band\b|\bwith\b|\bplus\b)\s*", re.IGNORECASE)  # parts of a name
_GLUED = re.compile(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z]{3,})")  # 'ZOLOFT50MG' -> 'ZOLOFT 50MG'


def _clean(text: str) -> str:
    text = _GLUED.sub(" ", text)
    return " ".join(w for w in text.split() if re.sub(r"[^a-z]", "", w.lower()) not in FORM_WORDS)


def free_text(drugname) -> list[str]:
    """The antidepressants a drug name written as free text names: the name as the synonyms table reads it, else
    without its form and route words ('SERTRALINE HCL TAB', 'ZOLOFT50MG'), else part by part ('ZOLOFT /USA/',
    'OLANZAPINE AND FLUOXETINE'), each part read whole, never guessed. A name mentioning no antidepressant's name
    or brand names none."""
    if not isinstance(drugname, str) or not mentions_antidepressant(drugname):
        return []
    for whole in (drugname, _clean(drugname)):
        if inn := drugnames.resolve(whole):
            return [inn]
    return sorted({inn for part in _SPLIT.split(_clean(drugname)) if (inn := drugnames.resolve(part))})


@lru_cache(maxsize=1)
def _names_pattern() -> re.Pattern:
    keys = sorted(drugnames.table(), key=len, reverse=True)
    return re.compile(r"(?:^| )(?:" + "|".join(re.escape(k) for k in keys) + r")(?: |$)")


def mentions_antidepressant(text) -> bool:
    """Whether a drug name holds, as whole words, an antidepressant's name, brand or listed synonym."""
    if not isinstance(text, str):
        return False
    return _names_pattern().search(drugnames.normalise(_SPLIT.sub(" ", _GLUED.sub(" ", text)))) is not None


def add_antidepressants(con, unresolved: dict[str, int]) -> None:
    """The staged DRUG rows that name an antidepressant (by active ingredient, else by name), and their THER rows.

    A row naming a combination of antidepressants gives a row for each. ``unresolved`` gets the rows of each drug
    name that mentions an antidepressant but was not read as one."""
    names = statements.run(con, "_drug_names").df()
    names["inn"] = [antidepressants_named(ai, n) for ai, n in zip(names.prod_ai, names.drugname)]
    for ai, name, rows, inns in zip(names.prod_ai, names.drugname, names.rows, names.inn):
        shown = name if mentions_antidepressant(name) else ai if mentions_antidepressant(ai) else None
        if shown and not inns:
            unresolved[shown] = unresolved.get(shown, 0) + int(rows)
    names = names.explode("inn")
    con.register("drug_names_frame", names[names.inn.notna()])
    statements.run(con, "_keep_antidepressants")
    statements.run(con, "_keep_drugset")  # every report's set of drugs, for flagging probable duplicates
    con.unregister("drug_names_frame")
