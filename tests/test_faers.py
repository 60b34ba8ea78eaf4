"""The FAERS import: the real 100-report samples, and quarters built in code with the awkward cases of the FDA's files."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import duckdb
import pytest

from sidefx import faers

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "faers-sample"
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
    return duckdb.sql(f"SELECT * FROM read_parquet('{out / (table + '.parquet')}')").df()


# ---- the real samples --------------------------------------------------------------------------
@pytest.fixture
def samples() -> Path:
    """The real samples, kept beside the project (with their origin and licence); CI always has them."""
    if not SAMPLES.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the FAERS samples are missing from {SAMPLES.parent.name}/{SAMPLES.name}")
        pytest.skip("the FAERS samples are not beside the project")
    return SAMPLES


def test_the_2017q2_sample_imports_with_its_antidepressants_found_by_ingredient_and_brand(samples, tmp_path, capsys):
    out = tmp_path / "faers"
    assert faers.main([str(SAMPLES / "faers_ascii_2017q2.zip"), "--out", str(out)]) == 0
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
    assert set(reactions[reactions.caseid == 13303302].pt) >= {"Suicidal ideation"}
    assert reactions.loc[reactions.pt == "Suicidal ideation", "effect"].iloc[0] == "suicidality"
    assert (out / "dataset.parquet").exists() and "2017Q2, deduplicated" in read(out, "dataset").source.iloc[0]


def test_the_legacy_aers_layout_is_refused_in_words_and_nothing_is_written(samples, tmp_path, capsys):
    out = tmp_path / "faers"
    assert faers.main([str(SAMPLES / "aers_ascii_2004q1.zip"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "legacy AERS layout" in err and "2012Q4 onward" in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".faers*"))


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
    assert faers.main([str(zip1), str(q2(tmp_path / "q2")), "--out", str(out)]) == 0
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
        (1, "Nausea", ""),
        (2, "LOSS OF LIBIDO", "sexual_dysfunction"),  # upper case, as legacy rows write it
        (5, "Weight increased", "weight_gain"),
    }


def test_a_later_quarter_is_appended_and_a_quarter_given_again_is_not_counted_twice(tmp_path, capsys):
    out = tmp_path / "faers"
    assert faers.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    assert "cases after deduplication 3" in capsys.readouterr().out  # 1, 2, 3
    assert faers.main([str(q2(tmp_path / "q2")), "--out", str(out)]) == 0
    assert "quarters 2018Q1–2018Q2 (2)" in capsys.readouterr().out
    assert sorted(read(out, "faers_cases").caseid) == [1, 2, 5]
    assert faers.main([str(q2(tmp_path / "q2-again")), "--out", str(out)]) == 0  # the same quarter again
    printed = capsys.readouterr().out
    assert "report versions read 5" in printed and "cases after deduplication 3" in printed
    assert len(read(out, "faers_reactions")) == 3


def test_a_thing_that_is_no_faers_quarter_is_refused_and_changes_nothing(tmp_path, capsys):
    out = tmp_path / "faers"
    assert faers.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    before = {f.name: f.read_bytes() for f in out.iterdir()}
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
        assert faers.main([str(bad), "--out", str(out)]) == 2, bad
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err, err
        assert {f.name: f.read_bytes() for f in out.iterdir()} == before
    assert not list(tmp_path.glob(".faers*"))


def test_an_empty_ther_file_leaves_every_time_on_drug_unknown(tmp_path):
    folder = q2(tmp_path / "q2")
    (folder / "ascii" / "THER18Q2.txt").write_text(HEADERS["THER"] + "\n")
    out = tmp_path / "faers"
    assert faers.main([str(folder), "--out", str(out)]) == 0
    assert read(out, "faers_drugs").duration_months.isna().all()


def test_a_real_quarter_imported_over_the_sample_replaces_it(tmp_path, capsys):
    out = tmp_path / "faers"
    assert faers.main([str(q1(tmp_path / "q1")), "--out", str(out)]) == 0
    (out / faers.SAMPLE_NOTE).write_text("the sample's origin and licence\n")  # as `make faers-sample` leaves it
    assert faers.main([str(q2(tmp_path / "q2")), "--out", str(out)]) == 0
    assert "the sample that was in the folder is replaced" in capsys.readouterr().out
    assert set(read(out, "faers_cases").quarter) == {"2018Q2"} and not (out / faers.SAMPLE_NOTE).exists()
