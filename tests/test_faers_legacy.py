"""The FAERS import on the legacy AERS layout (2004Q1 to 2012Q3): quarters built in code as the FDA wrote them, a
legacy case carried into FAERS (imported in every order), free-text drug names, and the real 2004Q1 sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_faers import SAMPLES, line, read, table2x2, write_quarter, zipped

from sidefx.faers import importer, reading
from sidefx.serve import db

LEGACY_HEADERS = {  # as the FDA wrote them: upper case, each ending in '$' (REPORTER_COUNTRY from 2011 or so)
    "DEMO": "ISR$CASE$I_F_COD$FOLL_SEQ$IMAGE$EVENT_DT$MFR_DT$FDA_DT$REPT_COD$MFR_NUM$MFR_SNDR$AGE$AGE_COD$GNDR_COD"
    "$E_SUB$WT$WT_COD$REPT_DT$OCCP_COD$DEATH_DT$TO_MFR$CONFID$REPORTER_COUNTRY",
    "DRUG": "ISR$DRUG_SEQ$ROLE_COD$DRUGNAME$VAL_VBM$ROUTE$DOSE_VBM$DECHAL$RECHAL$LOT_NUM$EXP_DT$NDA_NUM",
    "REAC": "ISR$PT",
    "THER": "ISR$DRUG_SEQ$START_DT$END_DT$DUR$DUR_COD",
}


def legacy_line(table: str, **values) -> str:
    """A data line as the FDA wrote legacy files: every field, then a trailing '$'."""
    return "$".join(str(values.get(c.lower(), "")) for c in LEGACY_HEADERS[table].split("$")) + "$"


def write_legacy(folder: Path, yyqq: str, tables: dict[str, list[str]], tool_header: bool = False) -> Path:
    """One legacy quarter's folder (ascii/DEMO12Q2.TXT, ...). The FDA's own files: upper-case headers ending in
    '$', CRLF. ``tool_header``: as the sample's tool rewrote them, lower case with the empty last column named
    ('isr$pt$v3'), LF."""
    (folder / "ascii").mkdir(parents=True, exist_ok=True)
    for table, lines in tables.items():
        header = LEGACY_HEADERS[table]
        if tool_header:
            header = f"{header.lower()}$v{header.count('$') + 2}"
        newline = "\n" if tool_header else "\r\n"
        text = newline.join([header + ("" if tool_header else "$"), *lines, ""])
        (folder / "ascii" / f"{table}{yyqq}.TXT").write_bytes(text.encode("latin-1"))
    return folder


def demo(isr, case, fda_dt, **more) -> str:
    return legacy_line("DEMO", isr=isr, case=case, fda_dt=fda_dt, i_f_cod="I", rept_cod="EXP", **more)


def drugs(isr, *rows) -> list[str]:
    """DRUG lines of one report: (drug_seq, role_cod, drugname) each."""
    return [legacy_line("DRUG", isr=isr, drug_seq=seq, role_cod=role, drugname=name) for seq, role, name in rows]


# ---- a legacy quarter -------------------------------------------------------------------------------------------
def q2010(folder: Path, tool_header: bool = False) -> Path:
    """2010Q3 as the FDA wrote it. Case 6000001 in two versions (the later FDA_DT wins), case 6000002 in two sent the
    same day (the larger ISR wins); free-text drug names; an ISR in REAC that DEMO does not have; a DRUG line cut
    short (a report's last fields missing)."""
    return write_legacy(
        folder,
        "10Q3",
        {
            "DEMO": [
                demo(7000001, 6000001, "20100705", event_dt="20100701", age=34, age_cod="YR", gndr_cod="F"),
                demo(7000002, 6000001, "20100820", event_dt="20100701", age=34, age_cod="YR", gndr_cod="F"),
                demo(7000010, 6000002, "20100901", age=41, age_cod="YR", gndr_cod="F"),
                demo(7000011, 6000002, "20100901", age=41, age_cod="YR", gndr_cod="F"),
                demo(7000020, 6000003, "20100910", event_dt="20100701", age=6, age_cod="DEC", gndr_cod="M"),
                demo(7000030, 6000004, "20100915", age=29, age_cod="YR", gndr_cod="UNK"),
            ],
            "DRUG": [
                *drugs(7000001, (1010000001, "PS", "PAXIL")),
                *drugs(7000002, (1010000002, "PS", "PAROXETINE HCL"), (1010000003, "SS", "WELLBUTRIN XL")),
                *drugs(7000010, (1010000010, "PS", "LEXAPRO")),
                *drugs(7000011, (1010000011, "PS", "CELEXA")),
                *drugs(7000020, (1010000020, "PS", "ZOLOFT 50MG TABLETS")),
                *drugs(
                    7000030,
                    (1010000030, "C", "SERTRALINE HCL TAB"),
                    (1010000031, "PS", "OLANZAPINE AND FLUOXETINE"),
                    (1010000032, "SS", "PAROXETINE APOTEX"),  # a maker's name after it: not read, but listed
                    (1010000033, "C", "ZOLOFT /USA/"),
                    (1010000034, "C", "LIPITOR"),
                ),
                "7000030$1010000035$C$CELEXA$1",  # cut short: rejected, never read with its fields missing
            ],
            "REAC": [
                legacy_line("REAC", isr=isr, pt=pt)
                for isr, pt in [
                    (7000001, "NAUSEA"),
                    (7000002, "DRUG WITHDRAWAL SYNDROME"),
                    (7000010, "INSOMNIA"),
                    (7000011, "WEIGHT INCREASED"),
                    (7000020, "LOSS OF LIBIDO"),
                    (7000030, "DRY MOUTH"),
                    (7999999, "NAUSEA"),  # no such report in DEMO
                ]
            ],
            "THER": [legacy_line("THER", isr=7000020, drug_seq=1010000020, start_dt="20090615")],
        },
        tool_header=tool_header,
    )


def test_a_legacy_quarter_is_read_deduplicated_by_case_with_its_free_text_drug_names(tmp_path, capsys):
    out = tmp_path / "faers"
    assert (
        importer.main([str(zipped(q2010(tmp_path / "q"), tmp_path / "aers_ascii_2010q3.zip")), "--out", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    assert "quarters 2010Q3 (1)" in printed
    assert "report versions read 6; cases after deduplication 4" in printed
    assert "DRUG10Q3.TXT: 1 line rejected" in printed and "REAC10Q3.TXT: 1 line rejected" in printed
    assert "mention an antidepressant but were not read as one" in printed and "PAROXETINE APOTEX: 1 row" in printed

    cases = read(out, "faers_cases").set_index("caseid")
    assert cases.primaryid.to_dict() == {6000001: 7000002, 6000002: 7000011, 6000003: 7000020, 6000004: 7000030}
    assert cases.sex.to_dict() == {6000001: "female", 6000002: "female", 6000003: "male", 6000004: "not given"}
    assert cases.age_band[6000003] == "55-64" and set(cases.quarter) == {"2010Q3"}
    got = read(out, "faers_drugs")
    assert sorted(map(tuple, got[["caseid", "inn", "role_cod"]].values.tolist())) == [
        (6000001, "bupropion", "SS"),  # WELLBUTRIN XL, in the later version
        (6000001, "paroxetine", "PS"),  # PAROXETINE HCL
        (6000002, "citalopram", "PS"),  # CELEXA, the larger ISR of two sent the same day
        (6000003, "sertraline", "PS"),  # ZOLOFT 50MG TABLETS
        (6000004, "fluoxetine", "PS"),  # OLANZAPINE AND FLUOXETINE
        (6000004, "sertraline", "C"),  # SERTRALINE HCL TAB and ZOLOFT /USA/: one row
    ]
    # 2009-06-15 to the event on 2010-07-01: 381 days, 12.5 months.
    assert got.set_index(["caseid", "inn"]).duration_months[(6000003, "sertraline")] == 12
    reactions = read(out, "faers_reactions")
    assert set(zip(reactions.caseid, reactions.pt)) == {
        (6000001, "drug withdrawal syndrome"),
        (6000002, "weight increased"),
        (6000003, "loss of libido"),
        (6000004, "dry mouth"),
    }
    raw = read(out, "raw/raw_drug/2010Q3")  # a legacy report's rows carry its case, as FAERS rows do
    assert set(zip(raw.primaryid, raw.caseid)) >= {("7000001", "6000001"), ("7000030", "6000004")}


def test_the_sampling_tool_s_headers_read_as_the_fda_s_own(tmp_path):
    """Lower case, LF, the empty last column named ('isr$pt$v3'), as in the shipped sample; the same rows."""
    fda, tool = tmp_path / "fda", tmp_path / "tool"
    assert importer.main([str(q2010(tmp_path / "a")), "--out", str(fda)]) == 0
    assert importer.main([str(q2010(tmp_path / "b", tool_header=True)), "--out", str(tool)]) == 0
    for table in ("faers_cases", "faers_drugs", "faers_reactions"):
        assert read(fda, table).equals(read(tool, table)), table


@pytest.mark.parametrize(
    ("name", "inns"),
    [
        ("PAROXETINE HCL", ["paroxetine"]),
        ("ZOLOFT 50MG TABLETS", ["sertraline"]),
        ("WELLBUTRIN XL", ["bupropion"]),
        ("PAXIL CR", ["paroxetine"]),
        ("ZOLOFT50MG", ["sertraline"]),
        ("SERTRALINE HCL TAB", ["sertraline"]),
        ("EFFEXOR XR CAPSULES", ["venlafaxine"]),
        ("CYMBALTA (DULOXETINE HYDROCHLORIDE) CAPSULE, DELAYED RELEASE", ["duloxetine"]),
        ("ZOLOFT /USA/", ["sertraline"]),
        ("OLANZAPINE AND FLUOXETINE", ["fluoxetine"]),
        ("REMERON SOLTAB", ["mirtazapine"]),
        ("PAROXETINE APOTEX", []),  # a maker's name: not guessed (and listed in the report)
        ("IBUPROFEN", []),  # 'bupro' in it is no antidepressant's name
        ("ESCITALOPRAM OXALATE", ["escitalopram"]),  # not citalopram
        ("LIPITOR", []),
    ],
)
def test_free_text_drug_names_are_read_through_the_synonyms_table(name, inns):
    assert reading.antidepressants_named(None, name) == inns
    assert reading.mentions_antidepressant(name) == (name not in ("IBUPROFEN", "LIPITOR"))


# ---- a legacy case carried into FAERS ---------------------------------------------------------------------------
def legacy_2012q2(folder: Path) -> Path:
    """Case 8100001 in two versions (the later has the withdrawal); 8100002, later carried into FAERS; 8100003 on
    sertraline; 8100004 on neither."""
    return write_legacy(
        folder,
        "12Q2",
        {
            "DEMO": [
                demo(8200001, 8100001, "20120410", age=52, age_cod="YR", gndr_cod="F"),
                demo(8200002, 8100001, "20120601", age=52, age_cod="YR", gndr_cod="F"),
                demo(8200003, 8100002, "20120505", age=47, age_cod="YR", gndr_cod="M"),
                demo(8200004, 8100003, "20120507", age=33, age_cod="YR", gndr_cod="F"),
                demo(8200005, 8100004, "20120509", age=61, age_cod="YR", gndr_cod="M"),
            ],
            "DRUG": [
                *drugs(8200001, (1, "PS", "PAXIL")),
                *drugs(8200002, (1, "PS", "PAXIL")),
                *drugs(8200003, (1, "PS", "PAROXETINE HCL")),
                *drugs(8200004, (1, "PS", "ZOLOFT 50MG TABLETS")),
                *drugs(8200005, (1, "PS", "LIPITOR")),
            ],
            "REAC": [
                legacy_line("REAC", isr=isr, pt=pt)
                for isr, pt in [
                    (8200001, "NAUSEA"),
                    (8200002, "DRUG WITHDRAWAL SYNDROME"),
                    (8200003, "DRUG WITHDRAWAL SYNDROME"),
                    (8200004, "DRUG WITHDRAWAL SYNDROME"),
                    (8200005, "MYALGIA"),
                ]
            ],
            "THER": [],
        },
    )


def faers_2012q4(folder: Path) -> Path:
    """The first FAERS quarter: case 8100002 again under its AERS number (version 2: no paroxetine now, myalgia), and
    two new cases."""
    rows = [  # (primaryid, caseid, version, drugname, prod_ai, pt)
        (81000022, 8100002, 2, "LIPITOR", "ATORVASTATIN", "Myalgia"),
        (90000011, 9000001, 1, "PAXIL", "PAROXETINE HYDROCHLORIDE", "Nausea"),
        (90000021, 9000002, 1, "ASPIRIN", "ASPIRIN", "Drug withdrawal syndrome"),
    ]
    return write_quarter(
        folder,
        "12Q4",
        {
            "DEMO": [
                line("DEMO", primaryid=p, caseid=c, caseversion=v, fda_dt="20121020", age=47, age_cod="YR", sex="M")
                for p, c, v, *_ in rows
            ],
            "DRUG": [
                line("DRUG", primaryid=p, caseid=c, drug_seq=1, role_cod="PS", drugname=name, prod_ai=ai)
                for p, c, _, name, ai, _ in rows
            ],
            "REAC": [line("REAC", primaryid=p, caseid=c, pt=pt) for p, c, *_, pt in rows],
            "THER": [],
        },
        newline="\r\n",
    )


@pytest.mark.parametrize("order", ["together", "legacy first", "FAERS first"])
def test_a_legacy_case_carried_into_faers_counts_once_with_its_faers_version(tmp_path, monkeypatch, order):
    legacy, faers = legacy_2012q2(tmp_path / "aers"), faers_2012q4(tmp_path / "faers_in")
    out = tmp_path / "faers"
    steps = {"together": [[legacy, faers]], "legacy first": [[legacy], [faers]], "FAERS first": [[faers], [legacy]]}
    for given in steps[order]:
        assert importer.main([*map(str, given), "--out", str(out)]) == 0
    cases = read(out, "faers_cases").set_index("caseid")
    assert cases.primaryid.to_dict() == {
        8100001: 8200002,  # the later of its two AERS versions
        8100002: 81000022,  # its FAERS version, not its AERS one
        8100003: 8200004,
        8100004: 8200005,
        9000001: 90000011,
        9000002: 90000021,
    }
    assert cases.quarter[8100002] == "2012Q4" and cases.quarter[8100001] == "2012Q2"
    reactions = read(out, "faers_reactions")
    assert set(reactions[reactions.caseid == 8100002].pt) == {"myalgia"}

    # Hand-counted over the 6 cases, suspect paroxetine and the withdrawal terms: a = 8100001 (PAXIL, then drug
    # withdrawal syndrome); b = 9000001; c = 8100003, 9000002; d = 8100002 (its FAERS version names no paroxetine
    # and no withdrawal), 8100004. Sertraline (ZOLOFT 50MG TABLETS): a = 8100003; b none; c = 8100001, 9000002.
    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(out))
    db.reset()
    try:
        counts = table2x2("withdrawal_effects")
        assert counts["paroxetine"] == (1, 1, 2, 2)
        assert counts["sertraline"] == (1, 0, 2, 3)
    finally:
        db.reset()


# ---- what cannot be read is said, with counts -------------------------------------------------------------------
def test_a_reac_file_with_no_terms_is_reported_with_its_counts(tmp_path, capsys):
    folder = q2010(tmp_path / "q")
    (folder / "ascii" / "REAC10Q3.TXT").write_bytes(b"ISR$PT$\r\n7000001$$\r\n7000002$$\r\n7000010$NAUSEA$EXTRA$\r\n")
    assert importer.main([str(folder), "--out", str(tmp_path / "faers")]) == 0
    printed = capsys.readouterr().out
    assert "2010Q3: REAC10Q3.TXT gives no preferred term (2 rows read, 1 line rejected)" in printed
    assert "its cases count as reporting no reaction; check the file" in printed

    faers = faers_2012q4(tmp_path / "f")  # a FAERS quarter whose REAC file is its header alone
    (faers / "ascii" / "REAC12Q4.txt").write_text("primaryid$caseid$pt$drug_rec_act\n")
    assert importer.main([str(faers), "--out", str(tmp_path / "faers2")]) == 0
    assert "2012Q4: REAC12Q4.txt gives no preferred term (0 rows read, 0 lines rejected)" in capsys.readouterr().out


def test_lines_with_too_few_fields_are_rejected_and_counted_not_read_with_fields_missing(tmp_path, capsys):
    """As in 2012Q4's DRUG file: lines with fewer fields than the header (a report cut short)."""
    folder = faers_2012q4(tmp_path / "q")
    drug = folder / "ascii" / "DRUG12Q4.txt"
    cut = [line("DRUG", primaryid=90000011, caseid=9000001, drug_seq=2, role_cod="C", drugname="ZOLOFT")[:40]] * 2
    drug.write_bytes(drug.read_bytes() + "\r\n".join(cut).encode() + b"\r\n")
    out = tmp_path / "faers"
    assert importer.main([str(folder), "--out", str(out)]) == 0
    assert "DRUG12Q4.txt: 2 lines rejected" in capsys.readouterr().out
    assert "sertraline" not in set(read(out, "faers_drugs").inn)


def test_an_unknown_header_is_refused_naming_the_columns_expected(tmp_path, capsys):
    odd = q2010(tmp_path / "odd")
    (odd / "ascii" / "DEMO10Q3.TXT").write_text("REPORT_ID$CASE_NUMBER$SEX\n1$2$F\n")
    mixed = q2010(tmp_path / "mixed")  # a FAERS DRUG file in a legacy quarter
    (mixed / "ascii" / "DRUG10Q3.TXT").write_text(
        "primaryid$caseid$drug_seq$role_cod$drugname$prod_ai\n70000011$7000001$1$PS$PAXIL$PAROXETINE\n"
    )
    for folder, said in [
        (odd, "DEMO10Q3.TXT has neither the FAERS nor the legacy AERS DEMO header: expected the columns primaryid, "
         "caseid, caseversion"),
        (odd, "or ISR, CASE, EVENT_DT, FDA_DT, AGE, AGE_COD, GNDR_COD (legacy AERS, 2004Q1 to 2012Q3); its header "
         "has report_id, case_number, sex"),
        (mixed, "DRUG10Q3.TXT is not a legacy AERS DRUG file, as its quarter's DEMO file is: it has no column isr; "
         "expected the columns ISR, DRUG_SEQ, ROLE_COD, DRUGNAME"),
    ]:  # fmt: skip
        out = tmp_path / "faers"
        assert importer.main([str(folder), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err, err
        assert not out.exists()


# ---- the real samples -------------------------------------------------------------------------------------------
def test_the_real_2004q1_sample_shows_paxil_as_primary_suspect_with_drug_withdrawal_syndrome(tmp_path, capsys):
    out = tmp_path / "faers"
    assert importer.main([str(SAMPLES / "aers_ascii_2004q1.zip"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "quarters 2004Q1 (1)" in printed and "cases after deduplication 100" in printed
    assert "rejected" not in printed and "not read as one" not in printed  # every antidepressant named is read
    drugs_ = read(out, "faers_drugs")
    reactions = read(out, "faers_reactions")
    paxil_ps = set(drugs_[(drugs_.inn == "paroxetine") & (drugs_.role_cod == "PS")].caseid)
    withdrawal = set(reactions[reactions.pt == "drug withdrawal syndrome"].caseid)
    # Read in the sample: PAXIL is the primary suspect of 7 ISRs; 4288288, 4306866 and 4322725 (cases 4083460,
    # 4097656, 4011742) report DRUG WITHDRAWAL SYNDROME; so does ISR 4313691 (case 3967410), whose REMERON is
    # concomitant. 19 cases name an antidepressant, ZYBAN, SERZONE and LUVOX among them.
    assert paxil_ps & withdrawal == {4011742, 4083460, 4097656}
    assert len(paxil_ps) == 7 and len(set(drugs_.caseid)) == 19
    assert set(drugs_[drugs_.caseid == 3967410].inn) == {"mirtazapine"} and 3967410 in withdrawal
    assert reactions.loc[reactions.pt == "drug withdrawal syndrome", "effect"].iloc[0] == "withdrawal_effects"


def test_make_faers_sample_imports_both_samples_from_the_repository(tmp_path, capsys):
    out = tmp_path / "faers"
    assert importer.main(["--sample", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "quarters 2004Q1–2017Q2 (2)" in printed and "cases after deduplication 200" in printed
    assert "not read as one" not in printed
    assert (out / importer.SAMPLE_NOTE).read_bytes() == (SAMPLES / "README.md").read_bytes()
    assert all((SAMPLES / name).is_file() for name in importer.SAMPLE_QUARTERS)
