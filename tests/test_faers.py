"""The FAERS import: the real 100-report samples, and quarters built in code with the awkward cases of the FDA's files."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import duckdb
import pytest

from sidefx import settings
from sidefx.faers import casefiles, importer
from sidefx.serve import db, queries

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "faers-sample"  # shipped, with their origin and licence
HEADERS = {
    "DEMO": "primaryid$caseid$caseversion$i_f_code$event_dt$mfr_dt$init_fda_dt$fda_dt$rept_cod$auth_num$mfr_num$mfr_sndr"
    "$lit_ref$age$age_cod$age_grp$sex$e_sub$wt$wt_cod$rept_dt$to_mfr$occp_cod$reporter_country$occr_country",
    "DRUG": "primaryid$caseid$drug_seq$role_cod$drugname$prod_ai$val_vbm$route$dose_vbm$cum_dose_chr$cum_dose_unit"
    "$dechal$rechal$lot_num$exp_dt$nda_num$dose_amt$dose_unit$dose_form$dose_freq",
    "REAC": "primaryid$caseid$pt$drug_rec_act",
    "THER": "primaryid$caseid$dsg_drug_seq$start_dt$end_dt$dur$dur_cod",
}


def line(table: str, **values) -> str:
    return "$".join(str(values.get(c, "")) for c in HEADERS[table].split("$"))


def write_quarter(folder: Path, yyqq: str, tables: dict[str, list[str]], newline="\n", encoding="utf-8", names=None):
    """One quarter's ASCII folder: each table's header and lines; ``names`` overrides a file's name."""
    ascii_dir = folder / "ascii"
    ascii_dir.mkdir(parents=True, exist_ok=True)
    for table, lines in tables.items():
        name = (names or {}).get(table, f"{table}{yyqq}.txt")
        (ascii_dir / name).write_bytes(newline.join([HEADERS[table], *lines, ""]).encode(encoding))
    return folder


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as z:
        for f in folder.rglob("*"):
            if f.is_file():
                z.write(f, f.relative_to(folder))
    return target


def read(out: Path, table: str):
    """A table of the FAERS folder: a case-level one from its files by range of case numbers."""
    where = casefiles.location(out, table) if table in casefiles.TABLES else str(out / f"{table}.parquet")
    return duckdb.read_parquet(where).df()


# ---- the real samples --------------------------------------------------------------------------
@pytest.fixture
def samples() -> Path:
    """The real samples, shipped in data/faers-sample/ with their origin and licence note (README.md)."""
    if not (SAMPLES / "README.md").exists():
        pytest.fail(f"the FAERS samples or their note are missing from data/{SAMPLES.name}")
    return SAMPLES


def test_the_2017q2_sample_imports_with_its_antidepressants_found_by_ingredient_and_brand(samples, tmp_path, capsys):
    out = tmp_path / "faers"
    assert importer.main([str(SAMPLES / "faers_ascii_2017q2.zip"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "quarters 2017Q2 (1)" in printed and "cases after deduplication 100" in printed
    drugs = read(out, "faers_drugs")
    # Read in the sample's DRUG file: BUPROPION HYDROCHLORIDE SR (PS and SS, case 13303302); ZOLOFT /
    # SERTRALINE HYDROCHLORIDE (C in 13395457; SS three times in 13622261, with IMIPRAMINE as C). IBUPROFEN is not one.
    assert sorted(map(tuple, drugs[["caseid", "inn", "role_cod"]].values.tolist())) == [
        (13303302, "bupropion", "PS"),
        (13303302, "bupropion", "SS"),
        (13395457, "sertraline", "C"),
        (13622261, "imipramine", "C"),
        (13622261, "sertraline", "SS"),
    ]
    reactions = read(out, "faers_reactions")
    assert len(read(out, "faers_cases")) == 100
    assert set(reactions[reactions.caseid == 13303302].pt) >= {"suicidal ideation"}  # 'Suicidal ideation' in REAC
    assert reactions.loc[reactions.pt == "suicidal ideation", "effect"].iloc[0] == "suicidality"
    assert (out / "dataset.parquet").exists() and "2017Q2, deduplicated" in read(out, "dataset").source.iloc[0]


# ---- quarters built in code --------------------------------------------------------------------
def q1(folder: Path) -> Path:
    """2018Q1 as the FDA writes it: CRLF, latin-1, a legacy trailing '$' on some lines, DEMO18Q1_new.txt, ASCII/."""
    write_quarter(
        folder,
        "18Q1",
        {
            "DEMO": [
                line(
                    "DEMO",
                    primaryid=1001,
                    caseid=1,
                    caseversion=1,
                    event_dt="20180110",
                    fda_dt="20180115",
                    age=34,
                    age_cod="YR",
                    sex="F",
                ),
                line(
                    "DEMO",
                    primaryid=2001,
                    caseid=2,
                    caseversion=1,
                    event_dt="2014",
                    fda_dt="20180120",
                    age=6,
                    age_cod="DEC",
                    sex="M",
                )
                + "$",  # a legacy row: one empty field too many
                line(
                    "DEMO",
                    primaryid=3001,
                    caseid=3,
                    caseversion=1,
                    event_dt="201412",
                    fda_dt="20180120",
                    age=700,
                    age_cod="MON",
                    sex="UNK",
                ),
                "4001,4,1,I,20180101",  # a row written with the wrong delimiter: rejected
            ],
            "DRUG": [
                line(
                    "DRUG",
                    primaryid=1001,
                    caseid=1,
                    drug_seq=1,
                    role_cod="PS",
                    drugname="ZOLOFT",
                    prod_ai="SERTRALINE HYDROCHLORIDE",
                ),
                line("DRUG", primaryid=1001, caseid=1, drug_seq=2, role_cod="C", drugname="ASPIRIN", prod_ai="ASPIRIN"),
                line("DRUG", primaryid=2001, caseid=2, drug_seq=1, role_cod="SS", drugname="Séroxat", prod_ai=""),
                line(
                    "DRUG",
                    primaryid=3001,
                    caseid=3,
                    drug_seq=1,
                    role_cod="PS",
                    drugname="LIPITOR",
                    prod_ai="ATORVASTATIN",
                )
                + line("DRUG", primaryid=3001, caseid=3, drug_seq=2, role_cod="C", drugname="X"),  # collapsed line
            ],
            "REAC": [
                line("REAC", primaryid=1001, caseid=1, pt="Drug withdrawal syndrome"),
                line("REAC", primaryid=1001, caseid=1, pt="Nausea"),
                line("REAC", primaryid=2001, caseid=2, pt="LOSS OF LIBIDO"),
                line("REAC", primaryid=3001, caseid=3, pt="Myalgia"),
            ],
            "THER": [
                line("THER", primaryid=1001, caseid=1, dsg_drug_seq=1, start_dt="20170110"),  # a year before the event
                line("THER", primaryid=2001, caseid=2, dsg_drug_seq=1, start_dt="201406", end_dt="201412"),
            ],
        },
        newline="\r\n",
        encoding="latin-1",
        names={"DEMO": "DEMO18Q1_new.txt"},
    )
    (folder / "ascii").rename(folder / "ASCII")
    return folder


def q2(folder: Path) -> Path:
    """2018Q2: a follow-up version of case 1 (no antidepressant now), case 3 deleted, a new case 5 with a dur."""
    write_quarter(
        folder,
        "18Q2",
        {
            "DEMO": [
                line(
                    "DEMO",
                    primaryid=1002,
                    caseid=1,
                    caseversion=2,
                    event_dt="20180110",
                    fda_dt="20180410",
                    age=34,
                    age_cod="YR",
                    sex="F",
                ),
                line("DEMO", primaryid=5001, caseid=5, caseversion=1, fda_dt="20180411", age=70, age_cod="YR", sex="M"),
            ],
            "DRUG": [
                line(
                    "DRUG",
                    primaryid=1002,
                    caseid=1,
                    drug_seq=1,
                    role_cod="PS",
                    drugname="ZOLOFT",
                    prod_ai="SERTRALINE HYDROCHLORIDE",
                ),
                line("DRUG", primaryid=5001, caseid=5, drug_seq=1, role_cod="PS", drugname="EFFEXOR XR", prod_ai=""),
            ],
            "REAC": [
                line("REAC", primaryid=1002, caseid=1, pt="Nausea"),
                line("REAC", primaryid=5001, caseid=5, pt="Weight increased"),
            ],
            "THER": [line("THER", primaryid=5001, caseid=5, dsg_drug_seq=1, dur=3, dur_cod="YR")],
        },
    )
    (folder / "deleted").mkdir()
    (folder / "deleted" / "DELE18Q2.txt").write_text("3\n")
    return folder


def test_quarters_from_code_are_read_deduplicated_and_timed(tmp_path, capsys):
    zip1 = zipped(q1(tmp_path / "q1"), tmp_path / "faers_ascii_2018Q1.zip")
    out = tmp_path / "faers"
    assert importer.main([str(zip1), str(q2(tmp_path / "q2")), "--out", str(out)]) == 0
    said = capsys.readouterr()
    printed = said.out
    assert "2018Q1 DEMO: 3 rows read from DEMO18Q1_new.txt" in said.err  # progress, per quarter and table
    assert "quarters 2018Q1–2018Q2 (2)" in printed
    assert "report versions read 5" in printed and "cases after deduplication 3" in printed  # 1 (v2), 2, 5
    assert "1 deleted cases dropped" in printed
    assert "DEMO18Q1_new.txt: 1 line rejected" in printed and "DRUG18Q1.txt: 1 line rejected" in printed

    cases = read(out, "faers_cases").set_index("caseid")
    assert sorted(cases.index) == [1, 2, 5]
    assert cases.primaryid[1] == 1002 and cases.quarter[1] == "2018Q2"  # the latest version
    assert cases.age_band.to_dict() == {1: "25-34", 2: "55-64", 5: "65+"}  # 6 decades = 60 years
    assert cases.sex.to_dict() == {1: "female", 2: "male", 5: "male"}
    drugs = read(out, "faers_drugs").set_index("caseid")
    assert drugs.inn.to_dict() == {1: "sertraline", 2: "paroxetine", 5: "venlafaxine"}
    # Case 1's version 2 has no THER row: time on drug unknown. Case 2: June to December 2014 = 183 days, with
    # YYYYMM read as the 15th, and an event dated only '2014' (too coarse): end_dt is used. Case 5: 3 years.
    assert drugs.duration_months.isna()[1] and drugs.duration_months[2] == 6 and drugs.duration_months[5] == 36
    reactions = read(out, "faers_reactions")
    assert set(zip(reactions.caseid, reactions.pt, reactions.effect.fillna(""))) == {
        (1, "nausea", ""),  # terms in lower case, as the pages count them
        (2, "loss of libido", "sexual_dysfunction"),  # written 'LOSS OF LIBIDO', as legacy rows write it
        (5, "weight increased", "weight_gain"),
    }


def test_a_later_quarter_is_appended_and_a_quarter_given_again_is_not_counted_twice(tmp_path, capsys):
    out = tmp_path / "faers"
    assert importer.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    assert "cases after deduplication 3" in capsys.readouterr().out  # 1, 2, 3
    assert importer.main([str(q2(tmp_path / "q2")), "--out", str(out)]) == 0
    assert "quarters 2018Q1–2018Q2 (2)" in capsys.readouterr().out
    assert sorted(read(out, "faers_cases").caseid) == [1, 2, 5]
    assert importer.main([str(q2(tmp_path / "q2-again")), "--out", str(out)]) == 0  # the same quarter again
    printed = capsys.readouterr().out
    assert "report versions read 5" in printed and "cases after deduplication 3" in printed
    assert len(read(out, "faers_reactions")) == 3


def test_a_thing_that_is_no_faers_quarter_is_refused_and_changes_nothing(tmp_path, capsys):
    out = tmp_path / "faers"
    assert importer.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    before = files(out)
    capsys.readouterr()

    not_zip = tmp_path / "faers_ascii_2018Q3.zip"
    not_zip.write_bytes(b"PK\x03\x04 truncated")
    foreign = tmp_path / "photos.zip"
    with zipfile.ZipFile(foreign, "w") as z:
        z.writestr("holiday.jpg", b"\xff\xd8")
    xml_only = tmp_path / "faers_xml_2018Q3.zip"
    with zipfile.ZipFile(xml_only, "w") as z:
        z.writestr("xml/1_ADR18Q3.xml", "<x/>")
    half = write_quarter(tmp_path / "half", "18Q3", {"DEMO": [], "REAC": []})
    for bad, said in [
        (not_zip, "is not a zip file"),
        (foreign, "holds no FAERS ASCII tables"),
        (xml_only, "not the XML one"),
        (half, "no DRUG, THER file"),
        (tmp_path / "missing.zip", "no such file or folder"),
    ]:
        assert importer.main([str(bad), "--out", str(out)]) == 2, bad
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err, err
        assert files(out) == before
    assert not list(tmp_path.glob(".faers*"))


def test_an_empty_ther_file_leaves_every_time_on_drug_unknown(tmp_path):
    folder = q2(tmp_path / "q2")
    (folder / "ascii" / "THER18Q2.txt").write_text(HEADERS["THER"] + "\n")
    out = tmp_path / "faers"
    assert importer.main([str(folder), "--out", str(out)]) == 0
    assert read(out, "faers_drugs").duration_months.isna().all()


def test_a_real_quarter_imported_over_the_sample_replaces_it(tmp_path, capsys):
    out = tmp_path / "faers"
    assert importer.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    (out / importer.SAMPLE_NOTE).write_text("the sample's origin and licence\n")  # as `make faers-sample` leaves it
    assert importer.main([str(q2(tmp_path / "q2")), "--out", str(out)]) == 0
    assert "the sample that was in the folder is replaced" in capsys.readouterr().out
    assert set(read(out, "faers_cases").quarter) == {"2018Q2"} and not (out / importer.SAMPLE_NOTE).exists()


def q3(folder: Path) -> Path:
    """2019Q3: combination products (by ingredients and by brand), preferred terms written with stray spaces and in
    upper case, a case naming no drug, one naming no suspect drug and one with no reaction. 13 cases, 101-113."""
    demo = [
        line("DEMO", primaryid=c * 10 + 1, caseid=c, caseversion=1, fda_dt="20190801", age=50, age_cod="YR", sex="F")
        for c in range(101, 114)
    ]
    drugs = [  # (case, role, drugname, prod_ai)
        (101, "PS", "SYMBYAX", "OLANZAPINE\\FLUOXETINE HYDROCHLORIDE"),
        (102, "SS", "Symbyax", ""),  # the brand alone: through the synonyms table
        (103, "PS", "PROZAC", "FLUOXETINE HYDROCHLORIDE"),
        (104, "PS", "ZYPREXA", "OLANZAPINE"),  # not an antidepressant
        (105, "PS", "CONTRAVE", "BUPROPION HYDROCHLORIDE\\NALTREXONE HYDROCHLORIDE"),
        (106, "PS", "AUVELITY", "DEXTROMETHORPHAN HYDROBROMIDE\\BUPROPION HYDROCHLORIDE"),
        (107, "PS", "LIPITOR", "ATORVASTATIN CALCIUM"),
        (107, "C", "LIMBITROL", ""),
        (108, "PS", "PERPHENAZINE AND AMITRIPTYLINE", "PERPHENAZINE\\AMITRIPTYLINE HYDROCHLORIDE"),
        (109, "PS", "LIPITOR", "ATORVASTATIN CALCIUM"),
        (110, "PS", "LIPITOR", "ATORVASTATIN CALCIUM"),  # 110 reports no reaction; 111 names no drug
        (112, "C", "ASPIRIN", "ASPIRIN"),  # no suspect drug
        (113, "PS", "WELLBUTRIN XL", "BUPROPION HYDROCHLORIDE"),
    ]
    reactions = [
        (101, "Weight increased"),
        (102, "Weight increased "),
        (103, "Nausea"),
        (104, "Weight increased"),
        (105, "Nausea "),
        (106, " NAUSEA"),
        (107, "Myalgia"),
        (108, "Dry  mouth"),
        (109, "Nausea"),
        (111, "nausea"),
        (112, "Weight increased"),
        (113, "Insomnia"),
    ]
    return write_quarter(
        folder,
        "19Q3",
        {
            "DEMO": demo,
            "DRUG": [
                line("DRUG", primaryid=c * 10 + 1, caseid=c, drug_seq=seq, role_cod=role, drugname=name, prod_ai=ai)
                for seq, (c, role, name, ai) in enumerate(drugs, start=1)
            ],
            "REAC": [line("REAC", primaryid=c * 10 + 1, caseid=c, pt=pt) for c, pt in reactions],
            "THER": [],
        },
    )


@pytest.fixture
def combinations(tmp_path, monkeypatch):
    """q3 imported, and the dashboard's FAERS queries pointed at it."""
    out = tmp_path / "faers"
    assert importer.main([str(q3(tmp_path / "q3")), "--out", str(out)]) == 0
    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(out))
    db.reset()
    yield out
    db.reset()


def table2x2(event: str, roles: str = "suspect", events=None) -> dict:
    """Each drug's (a, b, c, d) for ``event`` over every case, every time on the drug."""
    rows = queries.run(
        "faers_signals", events=events or [event], roles=roles, split="none", drugs=[], classes=[], sexes=[],
        age_bands=[], min_months=0, max_months=480, include_unknown=True, include_duplicates=False,
    )  # fmt: skip
    rows = rows[rows.event == event]
    return {r.inn: (r.a, r.b, r.c, r.d) for r in rows.itertuples()}


def test_a_combination_counts_for_each_antidepressant_in_it(combinations):
    drugs = read(combinations, "faers_drugs")
    assert set(zip(drugs.caseid, drugs.inn, drugs.role_cod)) == {
        (101, "fluoxetine", "PS"), (102, "fluoxetine", "SS"), (103, "fluoxetine", "PS"),
        (105, "bupropion", "PS"), (106, "bupropion", "PS"), (113, "bupropion", "PS"),
        (107, "amitriptyline", "C"), (108, "amitriptyline", "PS"),
    }  # fmt: skip
    # Weight increased: 101, 102 (fluoxetine in Symbyax), 104 (olanzapine alone) and 112. Suspect fluoxetine: 101-103.
    # a = 101, 102; b = 103; c = 104, 112; d = the other 8 of the 13 cases.
    assert table2x2("weight_gain")["fluoxetine"] == (2, 1, 2, 8)
    # Any role: amitriptyline in 107 (Limbitrol, concomitant) and 108 (perphenazine with amitriptyline).
    assert table2x2("Myalgia", roles="any")["amitriptyline"] == (1, 1, 0, 11)


def test_preferred_terms_are_one_event_whatever_their_case_and_spaces(combinations):
    reactions = read(combinations, "faers_reactions")
    assert set(reactions.pt) == {"weight increased", "nausea", "myalgia", "dry mouth", "insomnia"}
    # Nausea in 103, 105 ('Nausea '), 106 (' NAUSEA'), 109 and 111. Suspect bupropion: 105, 106 (Contrave, Auvelity)
    # and 113: a = 105, 106; b = 113; c = 103, 109, 111; d = 13 - 3 - 3 = 7. Fluoxetine: a = 103, b = 101, 102.
    nausea = table2x2("Nausea")
    assert nausea["bupropion"] == (2, 1, 3, 7) and nausea["fluoxetine"] == (1, 2, 4, 6)
    assert table2x2("dry mouth", roles="any")["amitriptyline"] == (1, 1, 0, 11)  # written 'Dry  mouth'


def test_every_case_is_in_n_even_one_naming_no_drug_or_no_reaction(combinations):
    """N is every deduplicated case (with the sex and age filters): 110 reports no reaction, 111 names no drug and
    112 no suspect drug, and each is counted (in d here)."""
    for event in ("weight_gain", "Nausea", "Insomnia"):
        assert {sum(t) for t in table2x2(event).values()} == {13}, event
    assert queries.run("faers_summary").cases.iloc[0] == 13


def files(folder: Path) -> dict[str, bytes]:
    """Every file of the folder, its raw/<table>/<quarter>.parquet files too, by path, with its bytes."""
    return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def test_the_shipped_sample_is_imported_where_no_faers_folder_is_and_never_over_a_real_import(tmp_path, capsys):
    """What `make run` does first (`--sample --if-missing`), and what `make faers-sample` does (`--sample`)."""
    out = tmp_path / "datasets" / "faers"
    assert importer.main(["--sample", "--if-missing", "--out", str(out)]) == 0
    assert "quarters 2004Q1–2017Q2 (2)" in capsys.readouterr().out and len(read(out, "faers_cases")) == 200
    assert (out / importer.SAMPLE_NOTE).read_bytes() == (SAMPLES / "README.md").read_bytes()  # origin and licence
    sample = files(out)
    assert importer.main(["--sample", "--if-missing", "--out", str(out)]) == 0  # imported already: left as it is
    assert "left as it is" in capsys.readouterr().out and files(out) == sample

    real = tmp_path / "real"
    assert importer.main([str(q1(tmp_path / "q1")), "--out", str(real)]) == 0
    before = files(real)
    assert importer.main(["--sample", "--if-missing", "--out", str(real)]) == 0
    assert importer.main(["--sample", "--out", str(real)]) == 2  # asked outright: refused, in words
    err = capsys.readouterr().err
    assert "holds imported quarters, not the sample" in err and "Traceback" not in err
    assert files(real) == before


def test_make_run_imports_the_sample_into_the_folder_the_page_reads_then_starts_the_dashboard(monkeypatch):
    monkeypatch.delenv("SIDEFX_FAERS_DIR", raising=False)
    root = Path(__file__).resolve().parents[1]
    assert Path(settings.get("faers_dir")) == root / "datasets" / "faers"  # what the FAERS page reads by default
    planned = subprocess.run(["make", "-n", "run"], cwd=root, capture_output=True, text=True, check=True).stdout
    commands = planned.splitlines()
    sample = next(i for i, c in enumerate(commands) if "-m sidefx.faers --sample --if-missing" in c)
    assert "--out" not in commands[sample]  # the faers_dir setting: the folder the page reads
    assert sample < next(i for i, c in enumerate(commands) if "streamlit run dashboard.py" in c)


# ---- the import's SQL: in queries/faers/, each file true to its header ----------------------
IMPORT_SQL = Path(__file__).resolve().parents[1] / "queries" / "faers"


def _statements(sql: str) -> int:
    return sum(1 for s in re.sub(r"--[^\n]*", "", sql).split(";") if s.strip())


def test_every_import_statement_is_a_file_true_to_its_header(tmp_path, monkeypatch):
    """A quarter appended to a folder of the single-file layout (every case made again), then given again and a legacy
    AERS quarter (only the cases each touches made again): the imports run every one of queries/faers/_*.sql."""
    from sidefx.faers import statements
    from tests.test_faers_incremental import to_single_files

    out = tmp_path / "faers"
    assert importer.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    to_single_files(out)
    seen = set()
    load = statements.load
    monkeypatch.setattr(statements, "load", lambda name: seen.add(name) or load(name))
    for quarter in (
        q2(tmp_path / "q2"),
        q2(tmp_path / "q2-again"),
        SAMPLES / "aers_ascii_2004q1.zip",
    ):
        assert importer.main([str(quarter), "--out", str(out)]) == 0
    headed = {p.stem for p in IMPORT_SQL.glob("_*.sql") if p.read_text().splitlines()[1].startswith("-- params:")}
    assert seen == headed and len(seen) == 55, sorted(headed ^ seen)
    for name in seen:
        q = load(name)
        assert q.purpose and set(q.params) == q.used_params, name
        assert not q.params or _statements(q.sql) == 1, f"{name}.sql binds values, so it holds one statement"


def test_an_import_statement_refuses_values_missing_or_unexpected():
    from sidefx.faers import statements

    con = duckdb.connect()
    with pytest.raises(queries.QueryError, match=r"_keep_demo.sql takes \['quarter'\]; given \[\]"):
        statements.run(con, "_keep_demo")
    with pytest.raises(queries.QueryError, match=r"_stage_rows.sql takes \[\]; given \['quarter'\]"):
        statements.run(con, "_stage_rows", quarter="2018Q1")
    with pytest.raises(queries.QueryError, match="no import statement named '_nope'"):
        statements.run(con, "_nope")


def test_no_sql_is_written_in_the_import_s_python():
    import ast

    words = ("SELECT ", "WHERE ", " FROM ", "INSERT ", "DELETE ", "CREATE ", "SET VARIABLE")
    folder = Path(importer.__file__).parent
    for module in ("importer", "quarters", "reading", "statements", "ebgm"):
        tree = ast.parse((folder / f"{module}.py").read_text())
        texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert not [t for t in texts if any(w in t for w in words)], f"{module}.py: move the SQL to queries/faers/"


def test_a_drug_repeated_over_several_rows_of_one_drug_seq_counts_once(tmp_path, monkeypatch):
    """From 2024Q4 one drug may take a row per dose regimen under one drug_seq: case 201's sertraline (two rows, 50
    and 100 mg) is one exposed case. Nausea: a = 201; b = 202; c = 203; d = 204."""
    demo = [
        line("DEMO", primaryid=c * 10 + 1, caseid=c, caseversion=1, fda_dt="20241101", age=40, age_cod="YR", sex="M")
        for c in (201, 202, 203, 204)
    ]
    drugs = [
        line("DRUG", primaryid=2011, caseid=201, drug_seq=1, role_cod="PS", drugname="ZOLOFT", prod_ai="SERTRALINE", dose_vbm="50 MG"),
        line("DRUG", primaryid=2011, caseid=201, drug_seq=1, role_cod="PS", drugname="ZOLOFT", prod_ai="SERTRALINE", dose_vbm="100 MG"),
        line("DRUG", primaryid=2021, caseid=202, drug_seq=1, role_cod="PS", drugname="ZOLOFT", prod_ai="SERTRALINE"),
        line("DRUG", primaryid=2031, caseid=203, drug_seq=1, role_cod="PS", drugname="LIPITOR", prod_ai="ATORVASTATIN"),
        line("DRUG", primaryid=2041, caseid=204, drug_seq=1, role_cod="PS", drugname="LIPITOR", prod_ai="ATORVASTATIN"),
    ]  # fmt: skip
    reactions = [
        line("REAC", primaryid=c * 10 + 1, caseid=c, pt=pt)
        for c, pt in [(201, "Nausea"), (202, "Insomnia"), (203, "Nausea"), (204, "Insomnia")]
    ]
    folder = write_quarter(tmp_path / "q4", "24Q4", {"DEMO": demo, "DRUG": drugs, "REAC": reactions, "THER": []})
    out = tmp_path / "faers"
    assert importer.main([str(folder), "--out", str(out)]) == 0
    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(out))
    db.reset()
    try:
        assert table2x2("Nausea")["sertraline"] == (1, 1, 1, 1)
    finally:
        db.reset()
