"""Disproportionality over FAERS cases: 2x2 tables counted by hand, the measures against statsmodels and scipy."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from scipy.special import gammaincinv
from scipy.stats import chi2_contingency
from statsmodels.stats.contingency_tables import Table2x2

from sidefx.filters import DURATION_STEPS
from sidefx.serve import db, queries
from tests.conftest import use_faers_folder

ROOT = Path(__file__).resolve().parent.parent

ALL_TIMES = {"min_months": 0, "max_months": 480, "include_unknown": True}
SUSPECT = "suspect"


NO_CHOICE = {"drugs": [], "classes": [], "age_bands": [], "include_duplicates": False}
ORACLE_COLUMNS = ["a", "b", "c", "d", "ror", "ror_low", "ror_high", "prr", "prr_low", "prr_high", "chi2_yates", "ic",
                  "ic_low", "ic_high", "evans", "few", "known_time_pct"]  # fmt: skip


def signals(event="withdrawal_effects", roles=SUSPECT, sexes=(), times=ALL_TIMES, **chosen) -> pd.DataFrame:
    params = NO_CHOICE | {"events": [event], "roles": roles, "sexes": list(sexes), "split": "none"} | times | chosen
    return queries.run("faers_signals", **params).set_index("inn")


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
    check_against_references(tinnitus, 2, 8, 1, 29)


def test_no_faers_folder_is_said_in_words(tmp_path, monkeypatch):
    from sidefx.serve import datacheck

    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(tmp_path / "none"))
    db.reset()
    with pytest.raises(datacheck.DataProblem, match="no FAERS reports have been imported.*python -m sidefx.faers"):
        signals()


@dataclass
class Oracle:
    con: duckdb.DuckDBPyConnection  # the case-level tables
    reference: str  # the case-level query
    rng: random.Random

    def run(self, event: str, roles: str, **params) -> pd.DataFrame:
        codes = ["PS", "SS"] if roles == "suspect" else ["PS", "SS", "C", "I"]
        return self.con.execute(self.reference, params | {"event": event, "roles": codes}).df()


@pytest.fixture
def random_faers(tmp_path, monkeypatch):
    """600 generated cases written as a FAERS folder (the cells made as an import makes them), and the case-level
    query kept in tests/reference_sql/ (the oracle) over the same cases; durations on the slider's steps, on the
    duration bands' edges, between them, past the top step and unknown, and drugs named twice in a case."""
    rng = random.Random(42)
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
    months = [None, 0, 1, 2, 3, 5, 6, 11, 12, 30, 35, 36, 480, 500]  # the steps, the bands' edges, past the top
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
                [("drug withdrawal syndrome", "withdrawal_effects"), ("suicidal ideation", "suicidality"),
                 ("weight increased", "weight_gain"), ("nausea", None), ("tinnitus", None)],
                rng.choice([1, 1, 2, 3]),
            )
        ],
        columns=["caseid", "pt", "effect"],
    )  # fmt: skip
    use_faers_folder(tmp_path, {"faers_cases": cases, "faers_drugs": drugs, "faers_reactions": reactions}, monkeypatch)
    oracle = duckdb.connect()
    oracle.create_function(
        "gamma_quantile", db._gamma_quantile, [duckdb.sqltype("DOUBLE")] * 2, duckdb.sqltype("DOUBLE"), type="arrow"
    )
    for name, frame in {"faers_cases": cases, "faers_drugs": drugs, "faers_reactions": reactions}.items():
        oracle.from_df(frame).create(name)  # tables, not views of the frames: each run reads them as they are
    reference = "\n".join((ROOT / "tests" / "reference_sql" / "faers_signals.sql").read_text().splitlines()[3:])
    yield Oracle(oracle, reference, rng)
    db.reset()


def test_the_cells_give_exactly_what_counting_cases_gives(random_faers):
    """100 random filter states: the page's query on the cells against the oracle."""
    rng = random_faers.rng
    effects = ["withdrawal_effects", "suicidality", "weight_gain"]
    steps = list(DURATION_STEPS)
    for _ in range(100):
        lo, hi = sorted(rng.sample(steps, 2)) if rng.random() < 0.7 else (0, 480)
        params = {
            "sexes": rng.sample(["female", "male"], rng.choice([0, 1])),
            "age_bands": rng.sample(["18-24", "45-54", "65+"], rng.choice([0, 1, 2])),
            "min_months": lo,
            "max_months": hi,
            "include_unknown": (lo, hi) == (0, 480),
        }
        roles = rng.choice(["suspect", "any"])
        # Spellings of one term asked together (or with its key) each give that term's table, counted once.
        events = rng.sample([*effects, "tinnitus", "Nausea", "NAUSEA ", "Tinnitus"], rng.choice([1, 2, 3, 4]))
        got = queries.run("faers_signals", roles=roles, events=events, drugs=[], classes=[], split="none",
                          include_duplicates=False, **params)  # fmt: skip
        for event in events:  # several events in one run give what each gives alone
            mine = got[got.event == event].set_index("inn").sort_index()[ORACLE_COLUMNS]
            want = random_faers.run(event, roles, **params).set_index("inn").sort_index()
            pd.testing.assert_frame_equal(mine, want, check_dtype=False, obj=f"{roles} {event} {params}")


def test_a_term_asked_in_several_spellings_is_counted_once_in_each(tiny_faers):
    """'Tinnitus' (cases 1, 2 and 30) asked as three spellings at once: each gives the table it gives alone, c and d
    are not added up once per spelling (sertraline: a = 1, 2; b = 3-10; c = 30; d = the other 29 of 40)."""
    asked = ["Tinnitus", "TINNITUS", " tinnitus  "]
    rows = queries.run(
        "faers_signals", events=asked, roles=SUSPECT, sexes=[], split="none", **NO_CHOICE, **ALL_TIMES
    ).set_index(["event", "inn"])
    for event in asked:
        check_against_references(rows.loc[(event, "sertraline")], 2, 8, 1, 29)
        assert tuple(rows.loc[(event, "paroxetine"), ["a", "b", "c", "d"]]) == (0, 1, 3, 36)


def test_several_events_in_one_run_and_the_drugs_listed(tiny_faers):
    both = queries.run(
        "faers_signals",
        events=["withdrawal_effects", "Tinnitus"],
        roles=SUSPECT,
        sexes=[],
        split="none",
        **NO_CHOICE,
        **ALL_TIMES,
    )
    assert set(zip(both.event, both.inn)) == {
        ("withdrawal_effects", "sertraline"), ("withdrawal_effects", "paroxetine"),
        ("Tinnitus", "sertraline"), ("Tinnitus", "paroxetine"),
    }  # fmt: skip
    sert = both.set_index(["event", "inn"])
    assert tuple(sert.loc[("Tinnitus", "sertraline"), ["a", "b", "c", "d"]]) == (2, 8, 1, 29)
    assert tuple(sert.loc[("withdrawal_effects", "sertraline"), ["a", "b", "c", "d"]]) == (6, 4, 5, 25)
    # Choosing drugs or a class lists fewer drugs; each is still compared with every case not naming it.
    only = signals(drugs=["sertraline"])
    assert list(only.index) == ["sertraline"] and tuple(only.loc["sertraline", ["a", "b", "c", "d"]]) == (6, 4, 5, 25)
    assert set(signals(classes=["SSRI"]).index) == {"sertraline", "paroxetine"}
    assert signals(classes=["SNRI"]).empty
    # Each drug's class and half-life come from the catalogue written beside the cells.
    assert only.loc["sertraline", "drug_class"] == "SSRI" and only.loc["sertraline", "half_life_h"] > 0


def by_quarter(roles=SUSPECT, sexes=(), times=ALL_TIMES, **chosen) -> dict:
    params = NO_CHOICE | {"event": "withdrawal_effects", "roles": roles, "sexes": list(sexes)} | times | chosen
    df = queries.run("faers_by_quarter", **params)
    return {(r.quarter, r.inn): (r.cases, r.quarter_cases) for r in df.itertuples()}


def test_reports_by_quarter_received_counted_by_hand(tiny_faers):
    # Sertraline's withdrawal cases 1-6: 1-3 came in 2024Q1, 4-6 in 2024Q2 (with 11 and 12: 5 cases that quarter).
    # Suspect paroxetine: case 14 (2024Q1) only; a quarter without a case has its row, at 0.
    assert by_quarter() == {
        ("2024Q1", "paroxetine"): (1, 35), ("2024Q1", "sertraline"): (3, 35),
        ("2024Q2", "paroxetine"): (0, 5), ("2024Q2", "sertraline"): (3, 5),
    }  # fmt: skip
    # Any mention: paroxetine's concomitant cases 11 and 12 (2024Q2) and 13 (2024Q1) join case 14.
    assert by_quarter(roles="any")[("2024Q2", "paroxetine")] == (2, 5)
    assert by_quarter(roles="any")[("2024Q1", "paroxetine")] == (2, 35)
    # Women are cases 1-20: 15 of them came in 2024Q1.
    assert by_quarter(sexes=["female"])[("2024Q1", "sertraline")] == (3, 15)
    assert set(by_quarter(drugs=["paroxetine"])) == {("2024Q1", "paroxetine"), ("2024Q2", "paroxetine")}
    # 0-6 months: only sertraline's case 10 (2 months), which reports no withdrawal: no drug has a case to show.
    assert by_quarter(times={"min_months": 0, "max_months": 6, "include_unknown": False}) == {}


def test_the_terms_offered_are_those_named_with_an_antidepressant(tiny_faers):
    terms = queries.run("faers_terms", include_duplicates=False)
    # 'Tinnitus' is named with sertraline (cases 1, 2) and counted in every case naming it (1, 2 and 30);
    # 'Nausea' (cases 16-40) is never named with an antidepressant.
    assert list(zip(terms.pt, terms.cases)) == [("drug withdrawal syndrome", 11), ("tinnitus", 3)]


def test_the_time_chart_is_one_oracle_run_per_duration_band(random_faers):
    """Each band of the chart by time on the drug counts exactly the cases whose longest time falls in it (months
    0-2, 3-5, 6-11, 12-35, 36 and over, as the survey's bands), with unknown times in none."""
    from sidefx.faers import trends as faers_trends
    from sidefx.filters import Filters

    panel = faers_trends.faers_by_time(
        "withdrawal_effects", "Withdrawal", "any", Filters(drugs=("sertraline", "paroxetine"))
    )
    table = panel.table.set_index(["x", "series"])
    bands = [("<3 months", 0, 2), ("3-6 months", 3, 5), ("6-12 months", 6, 11), ("1-3 years", 12, 35),
             ("3+ years", 36, 480)]  # fmt: skip
    assert list(dict.fromkeys(table.index.get_level_values("x"))) == [b for b, _, _ in bands]
    for band, lo, hi in bands:
        want = random_faers.run(
            "withdrawal_effects", "any", sexes=[], age_bands=[], min_months=lo, max_months=hi, include_unknown=False
        ).set_index("inn")
        for inn in ("sertraline", "paroxetine"):
            row = table.loc[(band, inn)]
            assert (row.n, row.b) == (want.a[inn], want.b[inn]), (band, inn)
            assert row.value == pytest.approx(want.ror[inn], nan_ok=True)


@pytest.mark.parametrize("split", ["sex", "age_band"])
def test_compared_by_sex_or_age_each_group_is_its_own_table(random_faers, split):
    """Within each group, exactly what choosing only that group gives (the oracle, filtered to it)."""
    params = {"sexes": [], "age_bands": [], "min_months": 0, "max_months": 480, "include_unknown": True}
    got = queries.run("faers_signals", events=["withdrawal_effects"], roles="any", split=split, drugs=[], classes=[],
                      include_duplicates=False, **params)  # fmt: skip
    groups = {"sex": ["female", "male", "not given"], "age_band": ["18-24", "45-54", "65+", "not given"]}[split]
    assert sorted(set(got.grp)) == sorted(groups)
    for grp in groups:
        alone = params | {"sexes" if split == "sex" else "age_bands": [grp]}
        want = random_faers.run("withdrawal_effects", "any", **alone).set_index("inn").sort_index()
        mine = got[got.grp == grp].set_index("inn").sort_index()[ORACLE_COLUMNS]
        pd.testing.assert_frame_equal(mine, want, check_dtype=False, obj=f"{split} {grp}")
