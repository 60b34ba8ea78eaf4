"""Probable duplicates across case numbers (the AEOLUS rule): flagged at import, never deleted, left out of every FAERS
figure unless the page's choice counts them, and the subtitle says which."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sidefx.faers import importer
from sidefx.serve import db, queries
from tests.test_faers import line, read, write_quarter
from tests.test_faers_page import faers_page, figures, session_panel

WITHDRAWAL = "Drug withdrawal syndrome"
PAXIL = ("PAXIL", "PAROXETINE HYDROCHLORIDE")
# caseid: (fda_dt, age, age_cod, sex, reporter country, [(role, drugname, prod_ai)], [preferred terms])
CASES = {
    # A and B: one case reported twice under two case numbers. B gives the age in months (624 = 52 years), the
    # paroxetine as a legacy-style name and the terms in other cases and order; B has the later FDA date: A is flagged.
    15000001: ("20190110", "52", "YR", "F", "US", [("PS", *PAXIL), ("C", "LISINOPRIL", "LISINOPRIL")],
               [WITHDRAWAL, "Dizziness"]),
    15000002: ("20190220", "624", "MON", "F", "US", [("C", "Lisinopril  ", ""), ("PS", "PAROXETINE HCL", "")],
               ["DIZZINESS", "drug withdrawal syndrome"]),
    # C: the same but a man (a sex clash): not a duplicate.
    15000003: ("20190115", "52", "YR", "M", "US", [("PS", *PAXIL), ("C", "LISINOPRIL", "LISINOPRIL")],
               [WITHDRAWAL, "Dizziness"]),
    # D: the same but one reaction more: not a duplicate.
    15000004: ("20190116", "52", "YR", "F", "US", [("PS", *PAXIL), ("C", "LISINOPRIL", "LISINOPRIL")],
               [WITHDRAWAL, "Dizziness", "Nausea"]),
    # F and G: alike in every field but neither gives a reporter country: a missing field never matches.
    15000005: ("20190117", "52", "YR", "F", "", [("PS", *PAXIL), ("C", "LISINOPRIL", "LISINOPRIL")],
               [WITHDRAWAL, "Dizziness"]),
    15000006: ("20190118", "52", "YR", "F", "", [("PS", *PAXIL), ("C", "LISINOPRIL", "LISINOPRIL")],
               [WITHDRAWAL, "Dizziness"]),
    15000007: ("20190119", "30", "YR", "M", "US", [("PS", "ZOLOFT", "SERTRALINE HYDROCHLORIDE")], ["Nausea"]),
    15000008: ("20190120", "45", "YR", "F", "GB", [("PS", "IBUPROFEN", "IBUPROFEN")], [WITHDRAWAL]),
    15000009: ("20190121", "60", "YR", "M", "US", [("PS", "IBUPROFEN", "IBUPROFEN")], ["Headache"]),
    15000010: ("20190122", "41", "YR", "F", "CA", [("PS", *PAXIL)], ["Nausea"]),
}  # fmt: skip


def quarter_with_a_duplicate(folder: Path) -> Path:
    """2019Q1 as the FDA writes it, every event on 3 December 2018."""
    demo, drug, reac = [], [], []
    for caseid, (fda_dt, age, age_cod, sex, country, drugs, terms) in CASES.items():
        pid = caseid * 10 + 1
        demo.append(
            line("DEMO", primaryid=pid, caseid=caseid, caseversion=1, event_dt="20181203", fda_dt=fda_dt, age=age,
                 age_cod=age_cod, sex=sex, reporter_country=country, occr_country=country)
        )  # fmt: skip
        for seq, (role, name, ai) in enumerate(drugs, start=1):
            drug.append(
                line("DRUG", primaryid=pid, caseid=caseid, drug_seq=seq, role_cod=role, drugname=name, prod_ai=ai)
            )
        reac += [line("REAC", primaryid=pid, caseid=caseid, pt=pt) for pt in terms]
    return write_quarter(folder, "19Q1", {"DEMO": demo, "DRUG": drug, "REAC": reac, "THER": []})


@pytest.fixture
def duplicated(tmp_path, monkeypatch):
    out = tmp_path / "faers"
    assert importer.main([str(quarter_with_a_duplicate(tmp_path / "q")), "--out", str(out)]) == 0
    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(out))
    db.reset()
    yield out
    db.reset()


def test_only_the_true_pair_is_flagged_and_nothing_is_deleted(duplicated, capsys):
    cases = read(duplicated, "faers_cases").set_index("caseid")
    assert len(cases) == 10  # flagged, never deleted
    assert list(cases.index[cases.duplicate]) == [15000001]
    pairs = read(duplicated, "faers_duplicates")
    assert pairs[["caseid", "kept_caseid"]].values.tolist() == [[15000001, 15000002]]
    # Eight cases give every field (F and G give no country); one of them is flagged.
    assert "probable duplicates flagged" in (duplicated / "import-report.txt").read_text()
    assert "1 of 8 cases giving event date" in (duplicated / "import-report.txt").read_text()
    summary = queries.run("faers_summary")
    assert (summary.cases[0], summary.duplicates[0]) == (10, 1)


def paroxetine(include: bool):
    rows = queries.run(
        "faers_signals", events=["withdrawal_effects"], roles="suspect", split="none", drugs=[], classes=[], sexes=[],
        age_bands=[], min_months=0, max_months=480, include_unknown=True, include_duplicates=include,
    )  # fmt: skip
    return rows.set_index("inn").loc["paroxetine"]


def test_the_2x2_table_leaves_the_flagged_case_out_unless_counted(duplicated):
    # Left out (A): paroxetine as suspect in B, C, D, F, G (withdrawal) and the 41-year-old (none): a = 5, b = 1;
    # the other drugs' cases: ibuprofen's withdrawal c = 1; sertraline's nausea and ibuprofen's headache d = 2.
    out = paroxetine(False)
    assert (out.a, out.b, out.c, out.d) == (5, 1, 1, 2)
    assert out.ror == pytest.approx((5 / 1) / (1 / 2))
    counted = paroxetine(True)  # A counts too: a = 6
    assert (counted.a, counted.b, counted.c, counted.d) == (6, 1, 1, 2)
    assert counted.ror == pytest.approx((6 / 1) / (1 / 2))
    by_quarter = queries.run(
        "faers_by_quarter", event="withdrawal_effects", roles="suspect", drugs=[], classes=[], sexes=[], age_bands=[],
        min_months=0, max_months=480, include_unknown=True, include_duplicates=False,
    ).set_index("inn")  # fmt: skip
    assert (by_quarter.cases["paroxetine"], by_quarter.quarter_cases["paroxetine"]) == (5, 9)


def test_ebgm_is_fitted_without_the_flagged_case(duplicated):
    ebgm = read(duplicated, "faers_ebgm")
    n = ebgm[(ebgm.roles == "suspect") & (ebgm.inn == "paroxetine") & (ebgm.event == "effect:withdrawal_effects")]
    assert n.n.tolist() == [5]


def test_the_page_choice_changes_the_numbers_and_every_subtitle_says_which(duplicated):
    at = faers_page(event="withdrawal_effects", roles="suspect")
    forest = session_panel(at, "faers-ror-")
    assert forest.table.set_index("label").loc["paroxetine"].a == 5
    assert "1 case is flagged as probable duplicates" in " ".join(c.value for c in at.caption)
    subtitles = [p.text.subtitle for p in at.session_state["page_panels"]]
    assert len(subtitles) >= 4 and all("probable duplicates left out" in s for s in subtitles), subtitles
    assert any("probable duplicates left out" in json.dumps(fig) for fig in figures(at))  # drawn on the figure
    at.radio(key="p_dupes").set_value("included")
    at.run()
    assert at.query_params["dupes"] == "included"  # kept in the link
    forest = session_panel(at, "faers-ror-")
    assert forest.slug.endswith("-with-duplicates")
    assert forest.table.set_index("label").loc["paroxetine"].a == 6
    assert forest.table.set_index("label").loc["paroxetine"].value == pytest.approx(12)
    subtitles = [p.text.subtitle for p in at.session_state["page_panels"]]
    assert all("probable duplicates counted" in s for s in subtitles), subtitles
    assert "EBGM is fitted at import without the probable duplicates" in forest.text.reading
    assert all(r.params["include_duplicates"] for p in at.session_state["page_panels"] for r in p.runs
               if "include_duplicates" in r.params)  # fmt: skip


def test_the_side_effect_chooser_counts_cases_as_the_duplicates_choice_does(duplicated):
    """Dizziness is named in cases A, B, C, D, F and G (A the flagged one); nausea in D, 15000007 and 15000010, none
    flagged: the chooser says 5 and 3 cases without the duplicates, 6 and 3 with them, and lists the same terms."""
    at = faers_page(event="withdrawal_effects")
    options = at.selectbox(key="p_event").options
    assert "Dizziness (MedDRA term, 5 cases)" in options and "Nausea (MedDRA term, 3 cases)" in options
    at.radio(key="p_dupes").set_value("included")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    counted = at.selectbox(key="p_event").options
    assert "Dizziness (MedDRA term, 6 cases)" in counted and "Nausea (MedDRA term, 3 cases)" in counted
    assert len(counted) == len(options)


def test_a_tampered_duplicates_choice_in_the_link_is_refused_politely(duplicated):
    at = faers_page(event="withdrawal_effects", dupes="yes please")
    assert not at.exception, [e.value for e in at.exception]
    notices = " ".join(w.value for w in at.warning)
    assert "Ignored dupes 'yes please' from the link: choose one of excluded, included." in notices
    assert session_panel(at, "faers-ror-").table.set_index("label").loc["paroxetine"].a == 5  # the default
    assert json.dumps(figures(at)).count("probable duplicates left out")


def test_a_folder_imported_before_duplicates_were_flagged_opens_and_says_so(duplicated):
    import duckdb

    for name in importer.CELLS:  # the cells and totals as an earlier import wrote them: no duplicate key, no count
        path = str(duplicated / f"{name}.parquet")
        if name == "faers_totals":
            old = duckdb.sql(f"SELECT * EXCLUDE (duplicates) FROM read_parquet('{path}')")
        else:  # the flagged case's cells dropped: this folder's counts are those of the default view
            old = duckdb.sql(f"SELECT * EXCLUDE (duplicate) FROM read_parquet('{path}') WHERE NOT duplicate")
        old.write_parquet(path + ".old")
        Path(path + ".old").replace(path)
    db.reset()
    at = faers_page(event="withdrawal_effects")
    assert not at.exception, [e.value for e in at.exception]
    assert "Probable duplicates were not looked for" in " ".join(c.value for c in at.caption)
    assert session_panel(at, "faers-ror-").table.set_index("label").loc["paroxetine"].a == 5
