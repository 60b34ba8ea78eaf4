"""Import the FDA's adverse-event reports (FAERS quarterly ASCII extract) into a FAERS data folder.

    python -m sidefx.faers FILE_OR_FOLDER [...] [--out DIR]
    python -m sidefx.faers --sample [--if-missing] [--out DIR]   # the two 100-report samples in data/faers-sample/

Each input is a quarterly zip as downloaded from the FDA's "FAERS Quarterly Data Extract Files"
page (the ASCII one), or its extracted folder (``sidefx.faers.quarters`` finds them), in the FAERS
layout (2012Q4 onward) or the legacy AERS one (2004Q1 to 2012Q3), whose columns are read under the
FAERS names (``sidefx.faers.reading``). Adding a later (or earlier) quarter to an existing FAERS
folder appends it: the folder keeps every report version it was given, one Parquet file per raw table
and quarter (``raw/<table>/<quarter>.parquet``, ``sidefx.faers.rawfiles``). Only the quarters given are
read and written; the folder's other quarters' files are linked unchanged, and a quarter given again
replaces its own files. A first import makes the deduplicated tables, cells and EBGM the pages read
from every quarter, read by DuckDB straight from those files (only the columns each step needs). Adding
quarters makes again only the cases they touch (``sidefx.faers.incremental``: new or later versions,
deletions, a quarter given again, and the probable-duplicate groups of those cases), from those cases'
rows alone; the other cases keep their rows, and each cell is updated by what the changed cases added
before and add now, with exactly the tables of one import of every quarter. What still grows with the
history (see bench/RESULTS.md): the case-level tables are written whole, finding the touched cases'
rows scans a column of every quarter's files, and the report's counts read every quarter.

The files are read by DuckDB's CSV reader, streaming (``sidefx.faers.reading``). Deduplication
(``queries/faers/_import.sql``) follows the FDA's advice: the latest ``caseversion`` of each ``caseid``
across every imported quarter (the later FDA date, then the larger ``primaryid``, when versions tie; a
legacy AERS report has no version: the later FDA date, then the larger ISR, and a legacy case carried
into FAERS keeps its number and takes its FAERS version), and no case listed in a quarter's
``deleted/`` files. Probable duplicates across case numbers (``queries/faers/_dupes.sql``, the AEOLUS rule: same
event date, age, sex, reporter country as its ISO code (``sidefx.faers.countries``), set of drugs and set of
reactions, every field given) are flagged on ``faers_cases``, never deleted; the cells keep the flag so the page
counts them or leaves them out. Drug names (``prod_ai``, else ``drugname``) go to INN through the same synonyms
table as the survey import, a combination product's ingredients one by one (a row then names each
antidepressant in it), a drug name as free text (without its form and route words, else part by
part); the names that mention an antidepressant but are not read as one are listed in the report with
their rows. Only antidepressants are kept by name,
but every case counts in the totals the disproportionality measures need. Reactions (MedDRA
preferred terms) are kept in lower case with their spaces made single (pt_key in
``queries/faers/_terms.sql``, the one place a term is normalised), with the dashboard's side
effect where ``data/sources/faers_terms.csv`` maps the term. Time on the drug comes from THER; the event, start
and end dates are kept to the day as well (never a YYYYMM or YYYY date). The cells the page reads are made by
``queries/faers/_cells.sql``, and the days to onset by ``queries/faers/_onset_cells.sql``; then EBGM's prior is
fitted over them and each drug × event's EBGM stored (``sidefx.faers.ebgm``).

Written like any import: into a temporary folder beside the output (the earlier quarters' raw files
hard-linked into it, else copied; the folder being replaced is never written to), renamed into place
only when complete; a refused or failed import changes nothing.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from sidefx import catalog, settings, words
from sidefx.build import folders
from sidefx.faers import casefiles, countries, ebgm, incremental, rawfiles, reading, statements
from sidefx.faers.progress import Progress
from sidefx.faers.quarters import FaersRefused, Quarter, find_quarters, quarter_span
from sidefx.filters import DURATION_STEPS
from sidefx.serve import db, sources

MARKER = sources.FAERS.marker  # marks a folder this importer made
SAMPLE_NOTE = "SAMPLE-README.md"  # the note `make faers-sample` keeps beside an imported sample (origin, licence)
SAMPLE_DIR = settings.ROOT / "data" / "faers-sample"  # the samples shipped, with their note (README.md)
SAMPLE_QUARTERS = ("aers_ascii_2004q1.zip", "faers_ascii_2017q2.zip")  # legacy AERS and FAERS, 100 reports each
DATASET = "FDA adverse event reports (FAERS)"


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
    compared: int = 0  # cases giving every field the probable-duplicate rule compares (queries/faers/_dupes.sql)
    duplicates: int = 0  # of those, the cases flagged as probable duplicates of another case number
    notes: list[str] = field(default_factory=list)
    unresolved: dict[str, int] = field(default_factory=dict)  # drug name mentioning an antidepressant -> rows

    def unresolved_lines(self) -> list[str]:
        """The drug names read in this import that mention an antidepressant but were not read as one."""
        if not self.unresolved:
            return []
        shown = sorted(self.unresolved.items(), key=lambda kv: (-kv[1], kv[0]))
        return [
            f"  drug names that mention an antidepressant but were not read as one, left out "
            f"({words.plural(len(shown), 'name')}; add a name to data/sources/drug_names.csv if it is one):"
        ] + [f"    {name}: {words.plural(n, 'row')}" for name, n in shown]

    def lines(self, out: Path) -> list[str]:
        span = quarter_span(self.quarters)
        out_lines = [
            f"imported into {out}: quarters {span} ({len(self.quarters)})",
            f"  report versions read {self.reports_read:,}; cases after deduplication {self.cases:,} "
            f"(latest version of each case; {self.deleted:,} deleted cases dropped)",
            f"  cases naming an antidepressant: {self.antidepressant_cases:,}",
            f"  probable duplicates flagged (kept, left out of the page's counts unless included): "
            f"{self.duplicates:,} of {words.plural(self.compared, 'case')} giving event date, age, sex, reporter "
            "country, drugs and reactions",
        ]
        out_lines += [f"  {note}" for note in self.notes]
        for name, n in self.rejected.items():
            out_lines.append(
                f"  {name}: {words.plural(n, 'line')} rejected (wrong number of fields, ids that are not numbers, or a "
                "legacy report not in its DEMO file), left out"
            )
        out_lines += self.unresolved_lines()
        if self.unused_terms:
            out_lines.append(
                "  terms in data/sources/faers_terms.csv that occur in no report (a typo?): "
                + ", ".join(self.unused_terms)
            )
        return out_lines


DUPES = (
    "faers_duplicates",
)  # each case flagged as a probable duplicate, with the case kept (queries/faers/_dupes.sql)
OUTPUTS = casefiles.TABLES  # the deduplicated case-level record, a file per range of case numbers
CELLS = (  # what the page reads, made from the outputs by queries/faers/_cells.sql
    "faers_case_cells",
    "faers_event_cells",
    "faers_drug_cells",
    "faers_drug_event_cells",
    "faers_quarter_cells",
    "faers_quarter_drug_event_cells",
    "faers_quarter_event_cells",
    "faers_quarter_drug_cells",
    "faers_totals",
)
ONSET = "faers_onset_cells"  # days from starting or stopping a drug to a side effect (queries/faers/_onset_cells.sql)
DAY_COLUMNS = {"faers_cases": {"event_day"}, "faers_drugs": {"start_day", "end_day"}}  # the dates it needs, to the day
DRUG_COLUMNS = [  # the drug catalogue's columns written beside the cells: the page's drug and class filters and the
    "inn",  # half-life chart
    "drug_class",
    "brands",
    "half_life_h",
    "half_life_h_low",
    "half_life_h_high",
    "half_life_cite",
    "half_life_source",
]
EFFECT_COLUMNS = ["effect", "label", "sort_order"]  # the side-effect catalogue, for the page's side-effect choice


def terms() -> pd.DataFrame:
    """The hand-kept table of MedDRA preferred terms for the dashboard's side effects (matched as the import's
    pt_key makes every term: whatever their case and spaces)."""
    t = pd.read_csv(catalog.sources_dir() / "faers_terms.csv", dtype=str, keep_default_na=False)
    return t[["pt", "effect"]]


OUT_OF_MEMORY = (
    "the import needed more memory than DuckDB may use here ({limit}, the duckdb_memory_limit setting): import "
    "fewer quarters at a time (added quarters need less: each makes again only the cases it touches), or raise "
    "the limit, e.g. SIDEFX_DUCKDB_MEMORY_LIMIT=4GB"
)


def import_quarters(
    inputs: list[Path],
    out: Path,
    today: datetime.date | None = None,
    progress=lambda line: None,
    note: Path | None = None,
) -> Report:
    """Quarterly zips or folders into the FAERS folder ``out`` (appending to one made before); FaersRefused in words.

    ``progress`` is called with a line per table read, per quarter read (with the time left to read) and per step
    after (with the time left, from the folder's last import: ``sidefx.faers.progress``). ``note`` (the sample's
    origin and licence) is written into the folder as SAMPLE_NOTE, which marks it as the sample.
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
        except duckdb.OutOfMemoryException:
            raise FaersRefused([OUT_OF_MEMORY.format(limit=settings.get("duckdb_memory_limit"))]) from None
        except duckdb.Error as exc:
            raise FaersRefused([f"a file could not be read: {str(exc).splitlines()[0][:200]}"]) from None
        finally:
            con.close()


def import_sample(out: Path, today: datetime.date | None = None, progress=lambda line: None) -> Report:
    """The two 100-report samples shipped in data/faers-sample/ (legacy AERS 2004Q1, FAERS 2017Q2) into ``out``, with
    their note (origin, licence) beside them.

    An earlier sample there is replaced; a folder holding imported quarters is refused, never added to."""
    out = Path(out)
    if (out / MARKER).exists() and not (out / SAMPLE_NOTE).exists():
        raise FaersRefused([f"{out} holds imported quarters, not the sample: give another folder with --out"])
    samples = [SAMPLE_DIR / name for name in SAMPLE_QUARTERS]
    return import_quarters(samples, out, today, progress, note=SAMPLE_DIR / "README.md")


def _import(con, quarters: list[Quarter], out: Path, work: Path, today: datetime.date, progress, note) -> Report:
    report = Report([])
    statements.run(con, "_raw")
    statements.run(con, "_terms")  # pt_key: a preferred term's key
    earlier = None
    if (out / SAMPLE_NOTE).exists():  # `make faers-sample`'s sample: replaced, never mixed with real quarters
        report.notes.append("the sample that was in the folder is replaced, not added to")
    elif (out / MARKER).exists():  # an earlier import: keep its quarters, except any given again (replaced)
        earlier = out
    steps = Progress(progress, quarters, earlier / incremental.STATE if earlier else None)
    for q in quarters:
        reading.read_quarter(con, q, report, progress)
        steps.read(q)

    con.register("terms_frame", terms())
    statements.run(con, "_load_terms")
    con.register("country_codes", countries.table())  # reporter countries as ISO codes, for _dupes.sql
    given = sorted({q.label for q in quarters})
    made_with = incremental.inputs(terms(), DURATION_STEPS, countries.table())
    added = incremental.usable(earlier, made_with)  # only the cases the quarters touch made again
    if added:
        incremental.touch(con, earlier, given)
    with folders.replacing(out, ".faers-") as staging:  # renamed into place only when complete
        with steps.step("raw"):
            rawfiles.store(con, earlier, staging, given)  # the raw tables: views over files
        with steps.step("cases"):
            cells = _derive(con, added)
        with steps.step("ebgm"):
            ebgm.make(con)  # EBGM's prior fitted over the cells, and each drug × event's posterior (faers/ebgm.py)
        with steps.step("count"):
            _count(con, report, earlier, given)
        with steps.step("write"):
            _write(con, staging, out, today, report, note, cells, added)
            incremental.write(con, staging, made_with)
        steps.write(staging / incremental.STATE)
    return report


def _derive(con, added: bool) -> tuple[str, ...]:
    """The deduplicated tables, probable duplicates and cells, from every quarter's raw rows, or (``added``) from the
    folder's tables and the touched cases' rows (``sidefx.faers.incremental``): the cell tables made."""
    if not added:
        statements.run(con, "_import")
        statements.run(con, "_dupes")  # probable duplicates across case numbers, flagged on faers_cases
        return _make_cells(con)
    incremental.update(con, _count_cells)
    return (*CELLS, ONSET)


def _count(con, report: Report, earlier: Path | None, given: list[str]) -> None:
    """The report's numbers, from the tables as imported. The report versions of each quarter are counted once, when
    it is given, and kept (``state/quarter_reports.parquet``, the frame quarter_reports on ``con``): a folder that
    kept none has every quarter counted."""
    report.quarters = [r[0] for r in statements.run(con, "_report_quarters").fetchall()]
    kept = incremental.quarter_reports(earlier)
    kept = kept[kept.quarter.isin(report.quarters) & ~kept.quarter.isin(given)]
    counted = statements.run(con, "_quarter_reports", quarters=sorted(set(report.quarters) - set(kept.quarter))).df()
    con.register("quarter_reports", pd.concat([kept, counted], ignore_index=True).sort_values("quarter"))
    report.reports_read = int(kept.reports.sum() + counted.reports.sum())
    report.cases, report.deleted, report.antidepressant_cases = statements.run(con, "_report_counts").fetchone()
    report.compared, report.duplicates = statements.run(con, "_count_dupes").fetchone()
    report.unused_terms = [r[0] for r in statements.run(con, "_unused_terms").fetchall()]


def _write(
    con, staging: Path, out: Path, today: datetime.date, report: Report, note: Path | None, cells, added
) -> None:
    """The deduplicated tables, cells, catalogues and notes into ``staging`` (beside ``out``, renamed into place when
    complete; its raw files are there already); of the case-level tables, only the ranges the quarters changed when
    they were ``added`` (``sidefx.faers.casefiles``)."""
    casefiles.write(con, staging, out if added else None)
    for table in DUPES + cells + ebgm.TABLES:
        con.table(table).write_parquet(str(staging / f"{table}.parquet"), compression="zstd")
    _write_drugs(staging)
    folders.write_dataset(
        staging,
        DATASET,
        False,
        f"FDA Adverse Event Reporting System, quarterly data extract {quarter_span(report.quarters)}, "
        f"deduplicated, imported {today:%Y-%m-%d}",
    )
    (staging / "import-report.txt").write_text("\n".join(report.lines(out)) + "\n")
    (staging / MARKER).write_text("made by python -m sidefx.faers\n")
    if note:
        shutil.copyfile(note, staging / SAMPLE_NOTE)


def _make_cells(con) -> tuple[str, ...]:
    """The counts the page reads (queries/faers/_cells.sql), from faers_cases, faers_drugs and faers_reactions, and
    the days to onset (_onset_cells.sql) unless the case tables were made before dates were kept to the day: the
    cell tables made."""
    statements.run(con, "_set_steps", steps=list(DURATION_STEPS))
    statements.run(con, "_case_rows")
    statements.run(con, "_cells")
    if not all(set(con.table(t).columns) >= needed for t, needed in DAY_COLUMNS.items()):
        return CELLS  # the page says time to onset needs the quarters imported again
    statements.run(con, "_onset_cells")
    return (*CELLS, ONSET)


def _count_cells(con) -> None:
    """_cells.sql and _onset_cells.sql on faers_cases, faers_drugs and faers_reactions (tables that keep dates to
    the day)."""
    _make_cells(con)


def build_cells(folder: Path) -> None:
    """Make (or make again) the cells of a FAERS folder from its case-level tables, in place."""
    folder = Path(folder)
    con = duckdb.connect(config=db.limits())
    try:
        for table in OUTPUTS:
            con.read_parquet(casefiles.location(folder, table)).to_table(table)
        cells = _make_cells(con)
        ebgm.make(con)
        for table in cells + ebgm.TABLES:
            con.table(table).write_parquet(str(folder / f"{table}.parquet"), compression="zstd")
    finally:
        con.close()
    shutil.rmtree(folder / incremental.STATE, ignore_errors=True)  # the next import makes every case again
    _write_drugs(folder)


def _write_drugs(folder: Path) -> None:
    """The catalogues as they were at import, beside the cells: the page's drug and side-effect choices read them."""
    catalog.drugs()[DRUG_COLUMNS].to_parquet(folder / "drugs.parquet", index=False)
    catalog.effects()[EFFECT_COLUMNS].to_parquet(folder / "effects.parquet", index=False)


def _arguments(argv) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m sidefx.faers", description=__doc__.splitlines()[0])
    ap.add_argument("inputs", type=Path, nargs="*", metavar="FILE_OR_FOLDER", help="quarterly zips or their folders")
    ap.add_argument("--out", type=Path, help="the FAERS folder to write or add to (default: the faers_dir setting)")
    ap.add_argument(
        "--sample",
        action="store_true",
        help="import the two 100-report samples of real reports shipped in data/faers-sample/ (legacy AERS 2004Q1 "
        "and FAERS 2017Q2; far too few for any conclusion), replacing an earlier sample; a folder holding imported "
        "quarters is refused",
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
