"""Import the FDA's adverse-event reports (FAERS quarterly ASCII extract) into a FAERS data folder.

    python -m sidefx.faers FILE_OR_FOLDER [...] [--out DIR]
    python -m sidefx.faers --sample [--if-missing] [--out DIR]   # the 100-report sample shipped in data/faers-sample/

Each input is a quarterly zip as downloaded from the FDA's "FAERS Quarterly Data Extract Files"
page (the ASCII one), or its extracted folder. Adding a later quarter to an existing FAERS folder
appends it: the folder keeps every report version it was given (``faers_raw_*``), and the
deduplicated tables the pages read are made again from all of them.

The files are read by DuckDB's CSV reader, streaming, never whole tables in pandas: ``$``
delimiter, a header line, no quoting, CRLF or LF, latin-1 bytes. A legacy row's trailing ``$``
(one empty field too many) is accepted; a line with more fields than that (two reports run
together) or fewer is rejected, counted per file and reported, never guessed. The legacy AERS
layout (2004 to 2012Q3, ``isr`` keys) is refused in words.

Deduplication follows the FDA's advice: the latest ``caseversion`` of each ``caseid`` across every
imported quarter (the later FDA date, then the larger ``primaryid``, when versions tie), and no
case listed in a quarter's ``deleted/`` files. Drug names (``prod_ai``, else ``drugname``) go to
INN through the same synonyms table as the survey import, a combination product's ingredients one
by one (a row then names each antidepressant in it); only antidepressants are kept by name,
but every case counts in the totals the disproportionality measures need. Reactions (MedDRA
preferred terms) are kept in lower case with their spaces made single (pt_key in
``queries/_faers_terms.sql``, the one place a term is normalised), with the dashboard's side
effect where ``data/sources/faers_terms.csv`` maps the term. Time on the drug comes from THER.

Written like any import: into a temporary folder beside the output, renamed into place only
when complete; a refused or failed import changes nothing.
"""

from __future__ import annotations

import argparse
import datetime
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from sidefx import catalog, db, drugnames, settings
from sidefx.build import folders
from sidefx.filters import DURATION_STEPS

TABLES = {  # table -> the columns the import reads (FAERS layout, 2012Q4 onward)
    "DEMO": ("primaryid", "caseid", "caseversion", "event_dt", "fda_dt", "age", "age_cod", "sex"),
    "DRUG": ("primaryid", "caseid", "drug_seq", "role_cod", "drugname", "prod_ai"),
    "REAC": ("primaryid", "caseid", "pt"),
    "THER": ("primaryid", "caseid", "dsg_drug_seq", "start_dt", "end_dt", "dur", "dur_cod"),
}
_FILE = re.compile(r"^(DEMO|DRUG|REAC|THER|OUTC|RPSR|INDI)(\d\d)Q([1-4])(?:_new)?\.txt$", re.IGNORECASE)
_DELETED = re.compile(r"^DELE\w*\.txt$", re.IGNORECASE)
MARKER = db.FAERS_MARKER  # marks a folder this importer made
SAMPLE_NOTE = "SAMPLE-README.md"  # the note `make faers-sample` keeps beside an imported sample (origin, licence)
SAMPLE_DIR = settings.ROOT / "data" / "faers-sample"  # the samples shipped, with their note (README.md)
SAMPLE_QUARTER = "faers_ascii_2017q2.zip"  # the legacy AERS sample beside it (2004Q1) is refused by this import
DATASET = "FDA adverse event reports (FAERS)"


class FaersRefused(Exception):
    """The input cannot be imported; ``problems`` says what and what to do. Nothing was written."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Quarter:
    label: str  # e.g. "2017Q2"
    files: dict[str, Path]  # table -> its file
    deleted: list[Path] = field(default_factory=list)
    origin: str = ""  # the zip or folder it came from, as given


@dataclass
class Report:
    """What the import did, in numbers (printed by the command line)."""

    quarters: list[str]
    reports_read: int = 0  # DEMO rows over every quarter in the folder (report versions)
    cases: int = 0  # after deduplication
    deleted: int = 0  # cases dropped because the FDA lists them as deleted
    rejected: dict[str, int] = field(default_factory=dict)  # file -> lines rejected
    unused_terms: list[str] = field(default_factory=list)  # mapped terms that occur in no report
    antidepressant_cases: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self, out: Path) -> list[str]:
        span = quarter_span(self.quarters)
        out_lines = [
            f"imported into {out}: quarters {span} ({len(self.quarters)})",
            f"  report versions read {self.reports_read:,}; cases after deduplication {self.cases:,} "
            f"(latest version of each case; {self.deleted:,} deleted cases dropped)",
            f"  cases naming an antidepressant: {self.antidepressant_cases:,}",
        ]
        out_lines += [f"  {note}" for note in self.notes]
        for name, n in self.rejected.items():
            out_lines.append(
                f"  {name}: {n:,} lines rejected (wrong number of fields, or ids that are not numbers), left out"
            )
        if self.unused_terms:
            out_lines.append(
                "  terms in data/sources/faers_terms.csv that occur in no report (a typo?): "
                + ", ".join(self.unused_terms)
            )
        return out_lines


def quarter_span(quarters: list[str]) -> str:
    """'2023Q1–2024Q4', or the one quarter."""
    if not quarters:
        return "none"
    return quarters[0] if len(quarters) == 1 else f"{quarters[0]}–{quarters[-1]}"


# ---- finding the quarters --------------------------------------------------------------------
def find_quarters(inputs: list[Path], workdir: Path) -> list[Quarter]:
    """Every quarter in the inputs (zips are extracted into ``workdir``), or FaersRefused in words."""
    quarters: list[Quarter] = []
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise FaersRefused([f"{path.name}: no such file or folder"])
        if path.is_dir():
            folder = path
        else:
            folder = _extract(path, workdir / f"in{len(quarters)}-{path.stem}")
        quarters.extend(_quarters_in(folder, path.name))
    labels = [q.label for q in quarters]
    if dupes := sorted({x for x in labels if labels.count(x) > 1}):
        raise FaersRefused([f"quarter {', '.join(dupes)} is given twice: give each quarter once"])
    return sorted(quarters, key=lambda q: q.label)


def _extract(path: Path, target: Path) -> Path:
    if not zipfile.is_zipfile(path):
        raise FaersRefused(
            [f"{path.name} is not a zip file: give the quarterly zip as downloaded from the FDA, or its folder"]
        )
    try:
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.infolist() if not m.is_dir() and m.filename.lower().endswith(".txt")]
            wanted = [m for m in members if _FILE.match(Path(m.filename).name) or _is_deleted(m.filename)]
            if not wanted:
                raise FaersRefused(
                    [
                        f"{path.name} holds no FAERS ASCII tables (DEMOyyQq.txt, DRUGyyQq.txt, ...): is it the "
                        "ASCII extract, not the XML one?"
                    ]
                )
            target.mkdir(parents=True)
            for m in wanted:
                name = Path(m.filename).name
                sub = target / ("deleted" if _is_deleted(m.filename) else "ascii")
                sub.mkdir(exist_ok=True)
                with z.open(m) as src, open(sub / name, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise FaersRefused([f"{path.name} is damaged or truncated ({type(exc).__name__}): download it again"]) from None
    return target


def _is_deleted(member: str) -> bool:
    parts = Path(member).parts
    return _DELETED.match(Path(member).name) is not None or any(p.lower() == "deleted" for p in parts[:-1])


def _quarters_in(folder: Path, origin: str) -> list[Quarter]:
    found: dict[str, Quarter] = {}
    deleted: list[Path] = []
    for f in sorted(folder.rglob("*")):
        if not f.is_file():
            continue
        if _is_deleted(str(f.relative_to(folder))) and f.suffix.lower() == ".txt":
            deleted.append(f)
            continue
        if m := _FILE.match(f.name):
            label = f"20{m.group(2)}Q{m.group(3)}"
            q = found.setdefault(label, Quarter(label, {}, origin=origin))
            if m.group(1).upper() in TABLES:
                q.files[m.group(1).upper()] = f
    if not found:
        raise FaersRefused([f"{origin} holds no FAERS ASCII tables (DEMOyyQq.txt, DRUGyyQq.txt, ...)"])
    for q in found.values():
        if missing := [t for t in TABLES if t not in q.files]:
            raise FaersRefused([f"{origin}, quarter {q.label}: no {', '.join(missing)} file"])
        q.deleted = deleted
    return list(found.values())


# ---- reading one file ------------------------------------------------------------------------
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
FROM_STAGE = {
    "DEMO": "INSERT INTO raw_demo BY NAME SELECT $quarter AS quarter, * FROM stage",
    "REAC": "INSERT INTO raw_reac BY NAME SELECT $quarter AS quarter, primaryid, pt FROM stage",
    "DRUG": "CREATE OR REPLACE TEMP TABLE stage_drug AS SELECT $quarter AS quarter, * FROM stage",
    "THER": "CREATE OR REPLACE TEMP TABLE stage_ther AS SELECT $quarter AS quarter, * FROM stage",
}


def _read(con: duckdb.DuckDBPyConnection, path: Path, table: str, quarter: str, report: Report) -> int:
    """One file's rows, with the columns the import reads, into their raw table; lines that cannot be read are counted.

    Returns the rows kept."""
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
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stage AS SELECT COLUMNS(lambda c: list_contains($wanted, c)) FROM read_csv($path, "
        "delim='$', header=false, skip=1, quote='', escape='', encoding='latin-1', columns=$columns, "
        "null_padding=true, store_rejects=true, auto_detect=false, new_line=$newline)",
        {"path": str(path), "columns": columns, "newline": newline, "wanted": list(TABLES[table])},
    )
    long_lines = con.execute("SELECT count(DISTINCT line) FROM reject_errors").fetchone()[0]
    con.execute("DELETE FROM reject_errors")
    con.execute("DELETE FROM reject_scans")
    short = con.execute(
        "DELETE FROM stage WHERE NOT (regexp_full_match(coalesce(primaryid, ''), '[0-9]+') "
        "AND regexp_full_match(coalesce(caseid, ''), '[0-9]+'))"
    ).fetchone()[0]
    if long_lines + short:
        report.rejected[path.name] = int(long_lines + short)
    con.execute(FROM_STAGE[table], {"quarter": quarter})
    return con.execute("SELECT count(*) FROM stage").fetchone()[0]


# ---- the import --------------------------------------------------------------------------------
RAW = ("raw_demo", "raw_drug", "raw_reac", "raw_ther", "raw_deleted")  # made by queries/_faers_raw.sql; kept in
# the folder (every version of every report, as read), so a later quarter can be added
OUTPUTS = ("faers_cases", "faers_drugs", "faers_reactions")  # the deduplicated case-level record
CELLS = (  # what the page reads, made from the outputs by queries/_faers_cells.sql
    "faers_case_cells",
    "faers_event_cells",
    "faers_drug_cells",
    "faers_drug_event_cells",
    "faers_quarter_cells",
    "faers_quarter_drug_event_cells",
    "faers_totals",
)
DRUG_COLUMNS = [  # the drug catalogue's columns written beside the cells: the page's class filter and half-life chart
    "inn",
    "drug_class",
    "half_life_h",
    "half_life_h_low",
    "half_life_h_high",
    "half_life_cite",
    "half_life_source",
]
DROP_GIVEN = [  # an earlier import's rows of a quarter given again: that quarter is read afresh
    "DELETE FROM raw_demo WHERE quarter IN (SELECT quarter FROM given_quarters)",
    "DELETE FROM raw_drug WHERE quarter IN (SELECT quarter FROM given_quarters)",
    "DELETE FROM raw_reac WHERE quarter IN (SELECT quarter FROM given_quarters)",
    "DELETE FROM raw_ther WHERE quarter IN (SELECT quarter FROM given_quarters)",
    "DELETE FROM raw_deleted WHERE quarter IN (SELECT quarter FROM given_quarters)",
]


def terms() -> pd.DataFrame:
    """The hand-kept table of MedDRA preferred terms for the dashboard's side effects (matched as the import's
    pt_key makes every term: whatever their case and spaces)."""
    t = pd.read_csv(catalog.sources_dir() / "faers_terms.csv", dtype=str, keep_default_na=False)
    return t[["pt", "effect"]]


def import_quarters(
    inputs: list[Path],
    out: Path,
    today: datetime.date | None = None,
    progress=lambda line: None,
    note: Path | None = None,
) -> Report:
    """Quarterly zips or folders into the FAERS folder ``out`` (appending to one made before); FaersRefused in words.

    ``progress`` is called with a line per quarter and table read. ``note`` (the sample's origin and licence) is
    written into the folder as SAMPLE_NOTE, which marks it as the sample.
    """
    out = Path(out).resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise FaersRefused([f"{out} is not empty and was not made by this import: choose a new folder"])
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".faers-work-") as work:
        work = Path(work)
        quarters = find_quarters(inputs, work / "in")
        con = duckdb.connect(config=db.limits())
        try:
            return _import(con, quarters, out, work, today or datetime.date.today(), progress, note)
        except duckdb.Error as exc:
            raise FaersRefused([f"a file could not be read: {str(exc).splitlines()[0][:200]}"]) from None
        finally:
            con.close()


def import_sample(out: Path, today: datetime.date | None = None, progress=lambda line: None) -> Report:
    """The 100-report sample shipped in data/faers-sample/ into ``out``, with its note (origin, licence) beside it.

    An earlier sample there is replaced; a folder holding imported quarters is refused, never added to."""
    out = Path(out)
    if (out / MARKER).exists() and not (out / SAMPLE_NOTE).exists():
        raise FaersRefused([f"{out} holds imported quarters, not the sample: give another folder with --out"])
    return import_quarters([SAMPLE_DIR / SAMPLE_QUARTER], out, today, progress, note=SAMPLE_DIR / "README.md")


def _import(con, quarters: list[Quarter], out: Path, work: Path, today: datetime.date, progress, note) -> Report:
    report = Report([])
    con.execute((settings.queries_dir() / "_faers_raw.sql").read_text())
    con.execute((settings.queries_dir() / "_faers_terms.sql").read_text())  # pt_key: a preferred term's key
    given = sorted({q.label for q in quarters})
    if (out / SAMPLE_NOTE).exists():  # `make faers-sample`'s sample: replaced, never mixed with real quarters
        report.notes.append("the sample that was in the folder is replaced, not added to")
    elif (out / MARKER).exists():  # an earlier import: keep its quarters, except any given again (replaced)
        for table in RAW:
            con.read_parquet(str(out / f"faers_{table}.parquet")).insert_into(table)
        con.execute("CREATE TEMP TABLE given_quarters AS SELECT unnest($given) AS quarter", {"given": given})
        for statement in DROP_GIVEN:
            con.execute(statement)
    for q in quarters:
        for table in TABLES:
            rows = _read(con, q.files[table], table, q.label, report)
            progress(f"{q.label} {table}: {rows:,} rows read from {q.files[table].name}")
        _add_antidepressants(con)
        for f in q.deleted:
            ids = [x.strip() for x in f.read_bytes().decode("latin-1").split() if x.strip().isdigit()]
            con.executemany("INSERT INTO raw_deleted VALUES (?, ?)", [(q.label, i) for i in ids])

    con.register("terms_frame", terms())
    con.execute("CREATE TABLE terms AS SELECT * FROM terms_frame")
    con.execute((settings.queries_dir() / "_faers_import.sql").read_text())
    _make_cells(con)

    all_quarters = [r[0] for r in con.execute("SELECT DISTINCT quarter FROM raw_demo ORDER BY 1").fetchall()]
    report.quarters = all_quarters
    report.reports_read = con.execute("SELECT count(*) FROM (SELECT DISTINCT * FROM raw_demo)").fetchone()[0]
    report.cases = con.execute("SELECT count(*) FROM faers_cases").fetchone()[0]
    report.deleted = con.execute(
        "SELECT count(DISTINCT caseid) FROM raw_demo WHERE caseid IN (SELECT caseid FROM raw_deleted)"
    ).fetchone()[0]
    report.antidepressant_cases = con.execute("SELECT count(DISTINCT caseid) FROM faers_drugs").fetchone()[0]
    report.unused_terms = [
        r[0]
        for r in con.execute(
            "SELECT pt FROM terms WHERE pt_key(pt) NOT IN (SELECT DISTINCT pt_key(pt) FROM raw_reac) ORDER BY pt"
        ).fetchall()
    ]

    with folders.replacing(out, ".faers-") as staging:
        for table in RAW:
            con.table(table).write_parquet(str(staging / f"faers_{table}.parquet"), compression="zstd")
        for table in OUTPUTS + CELLS:
            con.table(table).write_parquet(str(staging / f"{table}.parquet"), compression="zstd")
        _write_drugs(staging)
        folders.write_dataset(
            staging,
            DATASET,
            False,
            f"FDA Adverse Event Reporting System, quarterly data extract {quarter_span(all_quarters)}, deduplicated, "
            f"imported {today:%Y-%m-%d}",
        )
        (staging / "import-report.txt").write_text("\n".join(report.lines(out)) + "\n")
        (staging / MARKER).write_text("made by python -m sidefx.faers\n")
        if note:
            shutil.copyfile(note, staging / SAMPLE_NOTE)
    return report


def _make_cells(con) -> None:
    """The counts the page reads (queries/_faers_cells.sql), from faers_cases, faers_drugs and faers_reactions."""
    con.execute("SET VARIABLE steps = $steps", {"steps": list(DURATION_STEPS)})
    con.execute((settings.queries_dir() / "_faers_cells.sql").read_text())


def build_cells(folder: Path) -> None:
    """Make (or make again) the cells of a FAERS folder from its case-level tables, in place."""
    folder = Path(folder)
    con = duckdb.connect(config=db.limits())
    try:
        for table in OUTPUTS:
            con.read_parquet(str(folder / f"{table}.parquet")).to_table(table)
        _make_cells(con)
        for table in CELLS:
            con.table(table).write_parquet(str(folder / f"{table}.parquet"), compression="zstd")
    finally:
        con.close()
    _write_drugs(folder)


def _write_drugs(folder: Path) -> None:
    catalog.drugs()[DRUG_COLUMNS].to_parquet(folder / "drugs.parquet", index=False)


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


def _add_antidepressants(con) -> None:
    """The staged DRUG rows that name an antidepressant (by active ingredient, else by name), and their THER rows.

    A row naming a combination of antidepressants gives a row for each."""
    names = con.execute("SELECT DISTINCT prod_ai, drugname FROM stage_drug").df()
    names["inn"] = [antidepressants_named(ai, n) for ai, n in zip(names.prod_ai, names.drugname)]
    names = names.explode("inn")
    con.register("drug_names_frame", names[names.inn.notna()])
    con.execute(
        """INSERT INTO raw_drug
        SELECT d.quarter, d.primaryid, d.caseid, d.drug_seq, d.role_cod, n.inn
        FROM stage_drug d JOIN drug_names_frame n
          ON d.prod_ai IS NOT DISTINCT FROM n.prod_ai AND d.drugname IS NOT DISTINCT FROM n.drugname"""
    )
    con.execute(
        """INSERT INTO raw_ther BY NAME SELECT t.* FROM stage_ther t
        SEMI JOIN raw_drug d ON d.quarter = t.quarter AND d.primaryid = t.primaryid AND d.drug_seq = t.dsg_drug_seq"""
    )
    con.unregister("drug_names_frame")


def _arguments(argv) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", type=Path, nargs="*", metavar="FILE_OR_FOLDER", help="quarterly zips or their folders")
    ap.add_argument("--out", type=Path, help="the FAERS folder to write or add to (default: the faers_dir setting)")
    ap.add_argument(
        "--sample",
        action="store_true",
        help="import the 100-report sample of real reports shipped in data/faers-sample/ (2017Q2; far too few for "
        "any conclusion), replacing an earlier sample; a folder holding imported quarters is refused",
    )
    ap.add_argument(
        "--if-missing", action="store_true", help="with --sample: only if the FAERS folder does not exist yet"
    )
    args = ap.parse_args(argv)
    if args.sample == bool(args.inputs):
        ap.error("give quarterly zips or their folders, or --sample")
    if args.if_missing and not args.sample:
        ap.error("--if-missing goes with --sample")
    return args


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv=None) -> int:
    args = _arguments(argv)
    out = args.out or Path(settings.get("faers_dir"))
    if args.if_missing and out.exists():
        print(f"FAERS reports are already in {out}: left as it is")
        return 0
    try:
        if args.sample:
            report = import_sample(out, progress=_progress)
        else:
            report = import_quarters(args.inputs, out, progress=_progress)
    except FaersRefused as exc:
        print("FAERS import refused; nothing was written. Fix these and try again:", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    print("\n".join(report.lines(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
