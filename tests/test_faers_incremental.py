"""Adding quarters to a FAERS folder: each quarter's raw tables are files of their own, an added quarter writes only
its own, and quarters added one by one (in any order, one given again) give exactly the tables of one import of all."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from sidefx.faers import casefiles, importer, rawfiles
from tests.test_faers import files, line, q1, q2, read, write_quarter
from tests.test_faers_dupes import CASES, quarter_with_a_duplicate
from tests.test_faers_legacy import faers_2012q4, legacy_2012q2, q2010

QUARTERS = {  # label -> how it is built: legacy AERS, the AERS -> FAERS boundary, FAERS, a probable duplicate
    "2010Q3": q2010,
    "2012Q2": legacy_2012q2,
    "2012Q4": faers_2012q4,
    "2018Q1": q1,  # a follow-up version of its case 1 and a deleted case come in 2018Q2
    "2018Q2": q2,
    "2019Q1": quarter_with_a_duplicate,
}


def built(tmp_path: Path, labels) -> list[Path]:
    return [QUARTERS[label](tmp_path / "in" / f"{label}-{i}") for i, label in enumerate(labels)]


def tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every table the page and the next import read (the dataset's import date aside), rows in a fixed order."""
    got = {}
    paths = {p.stem: str(p) for p in out.glob("*.parquet") if p.name != "dataset.parquet"}
    for name, where in sorted({**paths, **{t: casefiles.location(out, t) for t in casefiles.TABLES}}.items()):
        frame = duckdb.read_parquet(where).df()
        got[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return got


def raw(out: Path) -> dict[str, pd.DataFrame]:
    """Each raw table over every quarter's file, rows in a fixed order."""
    got = {}
    for table in rawfiles.TABLES:
        frame = duckdb.read_parquet(str(out / "raw" / table / "*.parquet")).df()
        got[table] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return got


def imported(out: Path, steps) -> Path:
    for quarters in steps:
        assert importer.main([*map(str, quarters), "--out", str(out)]) == 0
    return out


def assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert sorted(a) == sorted(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True, obj=name)


@pytest.mark.parametrize("order", ["in order", "newest first", "one given again"])
def test_quarters_added_one_by_one_give_the_tables_of_one_import_of_all(tmp_path, order):
    labels = list(QUARTERS)
    together = imported(tmp_path / "together", [built(tmp_path / "a", labels)])
    steps = {
        "in order": labels,
        "newest first": labels[::-1],
        "one given again": ["2018Q2", "2010Q3", "2018Q1", "2012Q4", "2018Q2", "2019Q1", "2012Q2"],
    }[order]
    one_by_one = imported(tmp_path / "one-by-one", [[q] for q in built(tmp_path / "b", steps)])
    assert len(tables(together)) == 18  # 3 case-level tables, the duplicates, 10 of cells, 2 of EBGM, 2 catalogues
    assert_same(tables(together), tables(one_by_one))
    assert_same(raw(together), raw(one_by_one))
    assert sorted(p.name for p in (one_by_one / "raw" / "raw_demo").iterdir()) == [f"{q}.parquet" for q in labels]


def raw_files(out: Path) -> dict[str, tuple[int, bytes]]:
    """Each raw file of the folder: its inode (the same file, not a copy written again) and bytes."""
    return {
        str(p.relative_to(out)): (p.stat().st_ino, p.read_bytes()) for p in sorted((out / "raw").rglob("*.parquet"))
    }


def test_an_added_quarter_writes_only_its_own_raw_files_and_one_given_again_replaces_only_its_own(tmp_path):
    out = imported(tmp_path / "faers", [built(tmp_path, ["2018Q1", "2010Q3"])])
    before = raw_files(out)
    assert sorted(before) == sorted(f"raw/{t}/{q}.parquet" for t in rawfiles.TABLES for q in ("2010Q3", "2018Q1"))
    assert not list(out.glob("faers_raw_*"))  # no file holding every quarter

    imported(out, [built(tmp_path / "next", ["2018Q2"])])
    after = raw_files(out)
    assert {k: v for k, v in after.items() if "2018Q2" not in k} == before  # the same files, never rewritten
    assert len(after) == len(before) + len(rawfiles.TABLES)

    imported(out, [built(tmp_path / "again", ["2018Q1"])])  # given again: its files replaced, the others kept
    again = raw_files(out)
    assert sorted(again) == sorted(after)
    assert all(again[k] == after[k] for k in after if "2018Q1" not in k)
    assert all(again[k][0] != after[k][0] for k in after if "2018Q1" in k)


def test_an_import_that_fails_after_the_raw_files_are_staged_changes_nothing(tmp_path, monkeypatch, capsys):
    out = imported(tmp_path / "faers", [built(tmp_path, ["2018Q1"])])
    before = files(out)
    inodes = {p: p.stat().st_ino for p in out.rglob("*.parquet")}

    def disk_full(con):
        raise duckdb.IOException("could not write: no space left on device")

    monkeypatch.setattr(importer.ebgm, "make", disk_full)
    assert importer.main([str(built(tmp_path / "next", ["2018Q2"])[0]), "--out", str(out)]) == 2
    assert "no space left on device" in capsys.readouterr().err
    assert files(out) == before and {p: p.stat().st_ino for p in out.rglob("*.parquet")} == inodes
    assert not list(tmp_path.glob(".faers*"))


def to_single_files(out: Path, dupes: bool = True) -> None:
    """The folder as the import wrote it before quarters had files of their own: one faers_raw_<table>.parquet per
    raw table, every quarter in it (without the probable-duplicate tables, as before they were kept, unless
    ``dupes``)."""
    for table in rawfiles.TABLES:
        if dupes or table not in ("raw_country", "raw_drugset"):
            rows = duckdb.read_parquet(str(out / "raw" / table / "*.parquet"))
            rows.write_parquet(str(out / f"faers_{table}.parquet"), compression="zstd")
    shutil.rmtree(out / "raw")


def test_a_folder_in_the_single_file_layout_takes_an_added_quarter_and_is_split_by_quarter(tmp_path):
    labels = ["2012Q2", "2018Q1", "2019Q1"]
    earlier = imported(tmp_path / "faers", [built(tmp_path / "a", labels)])
    to_single_files(earlier)
    assert not (earlier / "raw").exists() and (earlier / "faers_raw_demo.parquet").exists()

    imported(earlier, [built(tmp_path / "b", ["2012Q4", "2018Q1"])])  # one added, one given again
    fresh = imported(tmp_path / "fresh", [built(tmp_path / "c", [*labels, "2012Q4"])])
    assert_same(tables(fresh), tables(earlier))
    assert_same(raw(fresh), raw(earlier))
    assert not list(earlier.glob("faers_raw_*"))
    assert sorted(p.stem for p in (earlier / "raw" / "raw_reac").iterdir()) == ["2012Q2", "2012Q4", "2018Q1", "2019Q1"]


def test_a_single_file_folder_without_the_duplicate_tables_gets_empty_ones(tmp_path):
    """A folder imported before probable duplicates were flagged: its quarters' cases are not compared until they are
    imported again."""
    earlier = imported(tmp_path / "faers", [built(tmp_path / "a", ["2019Q1"])])
    assert len(pd.read_parquet(earlier / "faers_duplicates.parquet")) == 1
    to_single_files(earlier, dupes=False)
    imported(earlier, [built(tmp_path / "b", ["2018Q1"])])
    assert (earlier / "raw" / "raw_country" / "2019Q1.parquet").exists()
    assert len(pd.read_parquet(earlier / "raw" / "raw_country" / "2019Q1.parquet")) == 0
    assert len(pd.read_parquet(earlier / "faers_duplicates.parquet")) == 0
    imported(earlier, [built(tmp_path / "c", ["2019Q1"])])  # read again: its countries and drugs kept, compared
    assert (
        len(pd.read_parquet(earlier / "raw" / "raw_country" / "2019Q1.parquet")) == 8
    )  # the 10 cases, 2 giving no country
    assert len(pd.read_parquet(earlier / "faers_duplicates.parquet")) == 1


def touched_when_added(monkeypatch, out: Path, quarter: Path) -> list[int] | None:
    """The cases made again when ``quarter`` is added to ``out`` (None: every case made again, from every quarter)."""
    seen = []
    update = importer.incremental.update

    def spying(con, count_cells):
        seen.append(sorted(r[0] for r in con.table("touched").fetchall()))
        return update(con, count_cells)

    monkeypatch.setattr(importer.incremental, "update", spying)
    imported(out, [[quarter]])
    monkeypatch.setattr(importer.incremental, "update", update)
    return seen[0] if seen else None


def test_an_added_quarter_makes_again_only_the_cases_it_touches(tmp_path, monkeypatch):
    """2018Q2 brings a later version of case 1, a new case 5 and deletes case 3: case 2 is kept as it was, the cells
    updated, and the tables are those of one import of both."""
    out = imported(tmp_path / "faers", [built(tmp_path / "a", ["2018Q1"])])
    assert touched_when_added(monkeypatch, out, built(tmp_path / "b", ["2018Q2"])[0]) == [1, 3, 5]
    assert_same(tables(imported(tmp_path / "both", [built(tmp_path / "c", ["2018Q1", "2018Q2"])])), tables(out))
    # given again, 2018Q1 touches the cases its earlier files named (1, 2, 3) as well as its new ones (the same)
    assert touched_when_added(monkeypatch, out, built(tmp_path / "d", ["2018Q1"])[0]) == [1, 2, 3]


def test_a_folder_made_with_another_terms_table_is_made_again_from_every_quarter(tmp_path, monkeypatch):
    """A side effect's terms changed since the folder was made: the cases not touched would keep the old mapping, so
    the quarter is added by making every case again, and the tables are those of one import with the new terms."""
    out = imported(tmp_path / "faers", [built(tmp_path / "a", ["2018Q1"])])
    terms = importer.terms()
    changed = pd.concat([terms, pd.DataFrame({"pt": ["Myalgia"], "effect": [terms.effect.iloc[0]]})])
    monkeypatch.setattr(importer, "terms", lambda: changed.reset_index(drop=True))
    assert touched_when_added(monkeypatch, out, built(tmp_path / "b", ["2018Q2"])[0]) is None
    assert_same(tables(imported(tmp_path / "both", [built(tmp_path / "c", ["2018Q1", "2018Q2"])])), tables(out))
    assert touched_when_added(monkeypatch, out, built(tmp_path / "d", ["2019Q1"])[0]) is not None  # made with them now


def test_a_folder_without_the_kept_fields_is_made_again_from_every_quarter(tmp_path, monkeypatch):
    """A folder imported before the compared cases' fields were kept (no state/): the quarter added makes every case
    again, and the next one only the cases it touches."""
    out = imported(tmp_path / "faers", [built(tmp_path / "a", ["2018Q1", "2019Q1"])])
    shutil.rmtree(out / importer.incremental.STATE)
    assert touched_when_added(monkeypatch, out, built(tmp_path / "b", ["2018Q2"])[0]) is None
    assert touched_when_added(monkeypatch, out, built(tmp_path / "c", ["2012Q4"])[0]) is not None
    fresh = imported(tmp_path / "fresh", [built(tmp_path / "d", ["2018Q1", "2019Q1", "2018Q2", "2012Q4"])])
    assert_same(tables(fresh), tables(out))


def b_a_year_older(folder: Path) -> Path:
    """2019Q2: a later version of case B (15000002, whose duplicate A is flagged in 2019Q1) giving age 53: A and B no
    longer match."""
    fda_dt, age, age_cod, sex, country, drugs, terms = CASES[15000002]
    pid = 150000022
    demo = line("DEMO", primaryid=pid, caseid=15000002, caseversion=2, event_dt="20181203", fda_dt="20190410",
                age=53, age_cod="YR", sex=sex, reporter_country=country, occr_country=country)  # fmt: skip
    drug = [line("DRUG", primaryid=pid, caseid=15000002, drug_seq=i, role_cod=r, drugname=n, prod_ai=a)
            for i, (r, n, a) in enumerate(drugs, start=1)]  # fmt: skip
    reac = [line("REAC", primaryid=pid, caseid=15000002, pt=pt) for pt in terms]
    return write_quarter(folder, "19Q2", {"DEMO": [demo], "DRUG": drug, "REAC": reac, "THER": []})


def test_a_case_not_touched_loses_its_flag_when_its_duplicate_changes_and_its_cells_move(tmp_path, monkeypatch):
    """Only B is touched, yet A (not in the quarter) is no longer a probable duplicate: its cells move from the
    flagged ones to the others, as one import of both quarters counts them."""
    out = imported(tmp_path / "faers", [[quarter_with_a_duplicate(tmp_path / "a")]])
    assert list(read(out, "faers_cases").query("duplicate").caseid) == [15000001]
    assert touched_when_added(monkeypatch, out, b_a_year_older(tmp_path / "b")) == [15000002]
    assert not read(out, "faers_cases").duplicate.any() and len(read(out, "faers_duplicates")) == 0
    assert read(out, "faers_totals").duplicates[0] == 0
    both = imported(tmp_path / "both", [[quarter_with_a_duplicate(tmp_path / "c"), b_a_year_older(tmp_path / "d")]])
    assert_same(tables(both), tables(out))


def report_line(capsys) -> str:
    return next(line for line in capsys.readouterr().out.splitlines() if "report versions read" in line)


def test_an_added_quarter_counts_only_its_own_report_versions_and_the_report_says_the_folders(
    tmp_path, monkeypatch, capsys
):
    """Each quarter's report versions are counted when it is given and kept in state/: the report of quarters added
    one by one (one given again) says what one import of all says, and an added quarter counts only its own rows. A
    folder that kept no counts has every quarter counted once."""
    from sidefx.faers import statements

    labels = list(QUARTERS)
    imported(tmp_path / "together", [built(tmp_path / "a", labels)])
    together = report_line(capsys)
    counted, run = [], statements.run

    def spying(con, name, **params):
        if name == "_quarter_reports":
            counted.append(params["quarters"])
        return run(con, name, **params)

    monkeypatch.setattr(statements, "run", spying)
    out = tmp_path / "one-by-one"
    for q in built(tmp_path / "b", ["2018Q1", "2010Q3", "2018Q1", "2019Q1", "2012Q2", "2012Q4", "2018Q2"]):
        imported(out, [[q]])
        capsys.readouterr()
    assert counted == [["2018Q1"], ["2010Q3"], ["2018Q1"], ["2019Q1"], ["2012Q2"], ["2012Q4"], ["2018Q2"]]
    imported(out, [built(tmp_path / "c", ["2018Q2"])])  # given again: replaced, counted once
    assert report_line(capsys) == together
    (out / "state" / "quarter_reports.parquet").unlink()  # as a folder made before the counts were kept
    imported(out, [built(tmp_path / "d", ["2019Q1"])])
    assert counted[-1] == labels and report_line(capsys) == together


def range_files(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_ino for p in sorted((out / casefiles.FOLDER).rglob("*.parquet"))}


def test_an_added_quarter_writes_again_only_the_case_ranges_it_changes_and_links_the_others(tmp_path, monkeypatch):
    """The case-level tables are kept by range of case numbers (ten to a file here, so the fixtures' cases fall in
    several): 2018Q2 changes cases 1, 3 and 5 only, so only range r0000's files are written again; every other
    range's file is the folder's own, linked; and the tables are those of one import of every quarter."""
    monkeypatch.setattr(casefiles, "WIDTH", 10)
    first = ["2010Q3", "2012Q2", "2012Q4", "2018Q1", "2019Q1"]
    out = imported(tmp_path / "faers", [built(tmp_path / "a", first)])
    before = range_files(out)
    ranges = {Path(p).stem for p in before if "faers_cases" in p}
    assert "r0000" in ranges and len(ranges) >= 3, ranges
    assert touched_when_added(monkeypatch, out, built(tmp_path / "b", ["2018Q2"])[0]) == [1, 3, 5]
    after = range_files(out)
    assert sorted(after) == sorted(before)
    assert {p for p in after if after[p] != before[p]} == {p for p in after if Path(p).stem == "r0000"}
    together = imported(tmp_path / "together", [built(tmp_path / "c", [*first, "2018Q2"])])
    assert_same(tables(together), tables(out))


def test_a_folder_with_single_case_level_files_is_split_into_ranges_without_being_made_again(tmp_path, monkeypatch):
    """A folder written before the case-level tables were kept by range (one faers_cases.parquet, ...): the quarter
    added makes again only the cases it touches (making the whole history again would need more memory than
    DuckDB's default limit), the folder then keeps every case by range, and the tables are those of one import."""
    monkeypatch.setattr(casefiles, "WIDTH", 10)
    first = ["2010Q3", "2018Q1"]
    out = imported(tmp_path / "faers", [built(tmp_path / "a", first)])
    for table in casefiles.TABLES:
        duckdb.read_parquet(casefiles.location(out, table)).write_parquet(str(out / f"{table}.parquet"))
    shutil.rmtree(out / casefiles.FOLDER)
    assert casefiles.location(out, "faers_cases") == str(out / "faers_cases.parquet") and casefiles.held(out)
    assert touched_when_added(monkeypatch, out, built(tmp_path / "b", ["2018Q2"])[0]) == [1, 3, 5]
    assert casefiles.present(out) and not list(out.glob("faers_cases*.parquet"))
    assert len(list((out / casefiles.FOLDER / "faers_cases").glob("*.parquet"))) >= 2  # every range, split
    together = imported(tmp_path / "together", [built(tmp_path / "c", [*first, "2018Q2"])])
    assert_same(tables(together), tables(out))


def test_the_folders_case_files_are_read_largest_first(tmp_path, monkeypatch):
    """DuckDB estimates a scan of several files from the first: a small first range would have it hash a whole table
    to join a few touched cases (seconds instead of milliseconds on the whole history)."""
    monkeypatch.setattr(casefiles, "WIDTH", 10)
    out = imported(tmp_path / "faers", [built(tmp_path / "a", list(QUARTERS))])
    for table in casefiles.TABLES:
        sizes = [Path(f).stat().st_size for f in casefiles.files(out, table)]
        assert len(sizes) >= 3 and sizes == sorted(sizes, reverse=True), table
