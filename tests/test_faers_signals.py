"""Disproportionality over FAERS cases: 2x2 tables counted by hand, the measures against statsmodels and scipy."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy.special import gammaincinv
from scipy.stats import chi2_contingency
from statsmodels.stats.contingency_tables import Table2x2

from sidefx import db, queries

ALL_TIMES = {"min_months": 0, "max_months": 480, "include_unknown": True}
SUSPECT = ["PS", "SS"]


def signals(event="withdrawal_effects", roles=SUSPECT, sexes=(), times=ALL_TIMES) -> pd.DataFrame:
    return queries.run(
        "faers_signals", event=event, roles=list(roles), sexes=list(sexes), age_bands=[], **times
    ).set_index("inn")


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
    # PRR (6/10)/(5/30) = 3.6, Yates chi-squared 40(130 - 20)² / (10·30·11·29) = 5.1, a = 6: Evans' criteria met.
    assert rows.loc["sertraline"].evans
    # Suspect paroxetine only in case 14, which reports withdrawal: a = 1, so b = 0 and the ROR is undefined.
    par = rows.loc["paroxetine"]
    assert (par.a, par.b, par.c, par.d) == (1, 0, 10, 29) and pd.isna(par.ror) and par.few and not par.evans


def test_concomitant_use_counts_when_chosen(tiny_faers):
    par = signals(roles=["PS", "SS", "C"]).loc["paroxetine"]
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
