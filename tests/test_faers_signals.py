"""Disproportionality over FAERS cases: 2x2 tables counted by hand, the measures against statsmodels and scipy."""

from __future__ import annotations

import math
import random
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from scipy.special import gammaincinv
from scipy.stats import chi2_contingency
from statsmodels.stats.contingency_tables import Table2x2

from sidefx import build, db, faers, queries
from sidefx.filters import DURATION_STEPS

ROOT = Path(__file__).resolve().parent.parent

ALL_TIMES = {"min_months": 0, "max_months": 480, "include_unknown": True}
SUSPECT = "suspect"


def signals(event="withdrawal_effects", roles=SUSPECT, sexes=(), times=ALL_TIMES) -> pd.DataFrame:
    return queries.run("faers_signals", event=event, roles=roles, sexes=list(sexes), age_bands=[], **times).set_index(
        "inn"
    )


def check_against_references(row, a, b, c, d):
    assert (row.a, row.b, row.c, row.d) == (a, b, c, d)
    table = Table2x2([[a, b], [c, d]])
    low, high = table.oddsratio_confint()
    assert row.ror == pytest.approx(table.oddsratio) and (row.ror_low, row.ror_high) == pytest.approx((low, high))
    prr = (a / (a + b)) / (c / (c + d))
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    assert (row.prr, row.prr_low, row.prr_high) == pytest.approx(
        (prr, prr * math.exp(-1.96 * se), prr * math.exp(1.96 * se)), rel=1e-4
    )
    assert row.chi2_yates == pytest.approx(chi2_contingency([[a, b], [c, d]], correction=True)[0])
    n = a + b + c + d
    e = (a + b) * (a + c) / n
    assert row.ic == pytest.approx(math.log2((a + 0.5) / (e + 0.5)))
    assert row.ic_low == pytest.approx(math.log2(gammaincinv(a + 0.5, 0.025) / (e + 0.5)))
    assert row.ic_high == pytest.approx(math.log2(gammaincinv(a + 0.5, 0.975) / (e + 0.5)))


def test_suspect_sertraline_and_withdrawal_against_statsmodels_and_scipy(tiny_faers):
    rows = signals()
    assert list(rows.index) == ["sertraline", "paroxetine"]
    # a: sertraline and withdrawal, cases 1-6; b: 7-10; c: withdrawal without sertraline, 11-15; d: the other 25.
    check_against_references(rows.loc["sertraline"], 6, 4, 5, 25)
    assert not rows.loc["sertraline"].few
    assert rows.loc["sertraline"].known_time_pct == 10  # case 10 of 1-10
    # PRR (6/10)/(5/30) = 3.6, Yates chi-squared 40(130 - 20)² / (10·30·11·29) = 5.1, a = 6: Evans' criteria met.
    assert rows.loc["sertraline"].evans
    # Suspect paroxetine only in case 14, which reports withdrawal: a = 1, so b = 0 and the ROR is undefined.
    par = rows.loc["paroxetine"]
    assert (par.a, par.b, par.c, par.d) == (1, 0, 10, 29) and pd.isna(par.ror) and par.few and not par.evans


def test_concomitant_use_counts_when_chosen(tiny_faers):
    par = signals(roles="any").loc["paroxetine"]
    assert (par.a, par.b, par.c, par.d) == (4, 0, 7, 29) and pd.isna(par.ror)  # b = 0: no ROR, but a PRR
    assert par.prr == pytest.approx((4 / 4) / (7 / 36))


def test_the_time_on_drug_range_leaves_cases_outside_it_in_neither_group(tiny_faers):
    sert = signals(times={"min_months": 0, "max_months": 6, "include_unknown": False}).loc["sertraline"]
    # Only case 10 (2 months, no withdrawal) is exposed; cases 1-9 (time unknown) are left out of both groups.
    assert (sert.a, sert.b, sert.c, sert.d) == (0, 1, 5, 25)
    assert pd.isna(sert.ror) and sert.few


def test_the_sex_filter_and_a_preferred_term_outside_the_catalogue(tiny_faers):
    women = signals(sexes=["female"]).loc["sertraline"]
    check_against_references(women, 6, 4, 5, 5)  # cases 1-20: withdrawal in 11-15, none in 16-20
    tinnitus = signals(event="tinnitus").loc["sertraline"]
    check_against_references(tinnitus, 2, 8, 1, 29)  # 'Tinnitus' matched whatever its case


def test_no_faers_folder_is_said_in_words(tmp_path, monkeypatch):
    from sidefx import datacheck

    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(tmp_path / "none"))
    db.reset()
    with pytest.raises(datacheck.DataProblem, match="no FAERS reports have been imported.*python -m sidefx.faers"):
        signals()


def test_the_cells_give_exactly_what_counting_cases_gives(tmp_path, monkeypatch):
    """200 random filter states over 600 generated cases: the page's query on the cells against the case-level
    query kept in tests/reference_sql/ (the oracle), with durations on the slider's steps, between them, past the
    top step and unknown, and drugs named twice in a case."""
    rng = random.Random(42)
    effects = ["withdrawal_effects", "suicidality", "weight_gain"]
    inns = ["sertraline", "paroxetine", "bupropion"]
    cases = pd.DataFrame(
        {
            "caseid": range(1, 601),
            "primaryid": range(1001, 1601),
            "quarter": [rng.choice(["2024Q1", "2024Q2"]) for _ in range(600)],
            "sex": [rng.choice(["female", "male", "not given"]) for _ in range(600)],
            "age_years": None,
            "age_band": [rng.choice(["18-24", "45-54", "65+", "not given"]) for _ in range(600)],
            "event_date": pd.NaT,
        }
    )
    months = [None, 0, 1, 2, 5, 6, 12, 30, 480, 500]
    drugs = pd.DataFrame(
        [
            (c, rng.choice(inns), rng.choice(["PS", "SS", "C", "I"]), rng.choice(months))
            for c in range(1, 601)
            for _ in range(rng.choice([0, 0, 1, 1, 2]))
        ],
        columns=["caseid", "inn", "role_cod", "duration_months"],
    ).astype({"duration_months": "Int32"})
    reactions = pd.DataFrame(
        [
            (c, pt, effect)
            for c in range(1, 601)
            for pt, effect in rng.sample(
                [("Drug withdrawal syndrome", "withdrawal_effects"), ("Suicidal ideation", "suicidality"),
                 ("Weight increased", "weight_gain"), ("Nausea", None), ("Tinnitus", None)],
                rng.choice([1, 1, 2, 3]),
            )
        ],
        columns=["caseid", "pt", "effect"],
    )  # fmt: skip
    for name, frame in {"faers_cases": cases, "faers_drugs": drugs, "faers_reactions": reactions}.items():
        frame.to_parquet(tmp_path / f"{name}.parquet", index=False)
    build.write_dataset(tmp_path, "FAERS fixture", False, "fixture")
    faers.build_cells(tmp_path)
    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(tmp_path))
    db.reset()

    oracle = duckdb.connect()
    oracle.create_function(
        "gamma_quantile", db._gamma_quantile, [duckdb.sqltype("DOUBLE")] * 2, duckdb.sqltype("DOUBLE"), type="arrow"
    )
    for name, frame in {"faers_cases": cases, "faers_drugs": drugs, "faers_reactions": reactions}.items():
        oracle.register(name, frame)
    reference = "\n".join((ROOT / "tests" / "reference_sql" / "faers_signals.sql").read_text().splitlines()[3:])
    steps = list(DURATION_STEPS)
    for _ in range(200):
        lo, hi = sorted(rng.sample(steps, 2)) if rng.random() < 0.7 else (0, 480)
        params = {
            "event": rng.choice([*effects, "tinnitus", "Nausea"]),
            "sexes": rng.sample(["female", "male"], rng.choice([0, 1])),
            "age_bands": rng.sample(["18-24", "45-54", "65+"], rng.choice([0, 1, 2])),
            "min_months": lo,
            "max_months": hi,
            "include_unknown": (lo, hi) == (0, 480),
        }
        roles = rng.choice(["suspect", "any"])
        got = queries.run("faers_signals", roles=roles, **params).set_index("inn").sort_index()
        codes = ["PS", "SS"] if roles == "suspect" else ["PS", "SS", "C", "I"]
        want = oracle.execute(reference, params | {"roles": codes}).df().set_index("inn").sort_index()
        pd.testing.assert_frame_equal(got, want, check_dtype=False, obj=f"{roles} {params}")
