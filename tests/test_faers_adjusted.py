"""The ROR adjusted for sex and age: faers_signals' tables within each sex × age band, pooled by Mantel–Haenszel
(sidefx/faers/adjusted.py), against statsmodels and against 2x2 tables counted by hand from cases."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2
from statsmodels.stats.contingency_tables import StratifiedTable

from sidefx.faers import adjusted
from sidefx.serve import db, queries
from sidefx.serve.queries import QueryRun
from tests.conftest import use_faers_folder
from tests.test_faers_signals import ORACLE_COLUMNS, random_faers  # noqa: F401 (random_faers is a fixture)

WITHDRAWAL = ("drug withdrawal syndrome", "withdrawal_effects")
NAUSEA = ("nausea", None)
PARAMS = {"events": ["withdrawal_effects"], "roles": "suspect", "drugs": [], "classes": [], "sexes": [],
          "age_bands": [], "min_months": 0, "max_months": 480, "include_unknown": True,
          "include_duplicates": False}  # fmt: skip
AGE_YEARS = {"18-24": 21, "45-54": 50, "65+": 71, "not given": None}


def strata(*rows, event="withdrawal_effects", inn="paroxetine") -> pd.DataFrame:
    """faers_signals' columns as the module reads them: one row per stratum's a, b, c, d."""
    return pd.DataFrame(
        [(event, inn, f"stratum {i}", *cells) for i, cells in enumerate(rows)],
        columns=["event", "inn", "grp", "a", "b", "c", "d"],
    )


def reference(*rows) -> StratifiedTable:
    return StratifiedTable([np.array([[a, b], [c, d]], dtype=float) for a, b, c, d in rows])


def write_faers(folder, cases: list[tuple], monkeypatch, quarters: list[str] | None = None) -> None:
    """Cases as (sex, age band, [(inn, role, months)...], [(pt, effect)...]), written as an import writes a folder,
    each received in 2024Q1 or in its quarter of ``quarters``."""
    folder.mkdir()
    quarters = quarters or ["2024Q1"] * len(cases)
    people = pd.DataFrame(
        [
            (i, i * 10 + 1, quarter, sex, AGE_YEARS[band], band, pd.NaT)
            for i, ((sex, band, _, _), quarter) in enumerate(zip(cases, quarters, strict=True), start=1)
        ],
        columns=["caseid", "primaryid", "quarter", "sex", "age_years", "age_band", "event_date"],
    ).astype({"age_years": "float64"})
    drugs = pd.DataFrame(
        [(i, *drug) for i, (_, _, named, _) in enumerate(cases, start=1) for drug in named],
        columns=["caseid", "inn", "role_cod", "duration_months"],
    ).astype({"duration_months": "Int32"})
    reactions = pd.DataFrame(
        [(i, *term) for i, (_, _, _, terms) in enumerate(cases, start=1) for term in terms],
        columns=["caseid", "pt", "effect"],
    )
    use_faers_folder(folder, {"faers_cases": people, "faers_drugs": drugs, "faers_reactions": reactions}, monkeypatch)


def stratum(sex: str, band: str, a: int, b: int, c: int, d: int) -> list[tuple]:
    """A stratum's cases for paroxetine and withdrawal: the exposed name paroxetine (2 months); of the others, every
    second names sertraline and the rest no antidepressant; a case without withdrawal reports nausea or nothing."""
    par = [("paroxetine", "PS", 2)]
    other = [[("sertraline", "PS", 4)], []]
    return (
        [(sex, band, par, [WITHDRAWAL])] * a
        + [(sex, band, par, [NAUSEA] if i % 2 else []) for i in range(b)]
        + [(sex, band, other[i % 2], [WITHDRAWAL]) for i in range(c)]
        + [(sex, band, other[i % 2], [NAUSEA] if i % 2 else []) for i in range(d)]
    )


def signals(split: str, **params) -> pd.DataFrame:
    return queries.run("faers_signals", **(PARAMS | {"split": split} | params))


# ---- the pooling, against statsmodels on hand-built strata ---------------------------------------------------
def test_against_statsmodels_on_three_strata():
    rows = [(12, 30, 40, 300), (5, 41, 22, 410), (9, 9, 60, 120)]
    got = adjusted.table(strata(*rows)).iloc[0]
    want = reference(*rows)
    assert got.adj_ror == pytest.approx(want.oddsratio_pooled)
    assert (got.adj_ror_low, got.adj_ror_high) == pytest.approx(want.oddsratio_pooled_confint())
    assert got.homogeneity_p == pytest.approx(want.test_equal_odds().pvalue)
    assert got.strata == 3
    # By hand: Σ ad/n over Σ bc/n.
    ad = 12 * 300 / 382 + 5 * 410 / 478 + 9 * 120 / 198
    bc = 30 * 40 / 382 + 41 * 22 / 478 + 9 * 60 / 198
    assert got.adj_ror == pytest.approx(ad / bc)


@pytest.mark.filterwarnings("error")
def test_a_stratum_without_exposed_or_unexposed_cases_or_without_the_event_is_left_out():
    kept = [(3, 7, 10, 80), (6, 14, 30, 50)]
    got = adjusted.table(strata(*kept, (0, 0, 5, 50), (2, 3, 0, 0), (0, 4, 0, 9))).iloc[0]
    want = reference(*kept)
    assert got.strata == 2
    assert (got.adj_ror, got.adj_ror_low, got.adj_ror_high) == pytest.approx(
        (want.oddsratio_pooled, *want.oddsratio_pooled_confint())
    )
    # statsmodels given the stratum with no case of the event divides by zero in Breslow–Day; left out, p is defined.
    assert got.homogeneity_p == pytest.approx(want.test_equal_odds().pvalue)


@pytest.mark.filterwarnings("error")
def test_undefined_when_a_mantel_haenszel_sum_is_zero_never_an_error_nor_a_warning():
    no_ad = adjusted.table(strata((0, 10, 5, 50), (3, 6, 4, 0))).iloc[0]  # every a·d is 0
    assert np.isnan([no_ad.adj_ror, no_ad.adj_ror_low, no_ad.adj_ror_high, no_ad.homogeneity_p]).all()
    assert no_ad.strata == 2
    nothing = adjusted.table(strata((0, 0, 5, 50), (4, 1, 0, 0))).iloc[0]  # no stratum compares anything
    assert np.isnan(nothing.adj_ror) and nothing.strata == 0
    one = adjusted.table(strata((3, 7, 10, 80))).iloc[0]  # one stratum: its own odds ratio, no test of agreement
    assert one.adj_ror == pytest.approx(3 * 80 / (7 * 10)) and np.isnan(one.homogeneity_p)
    empty = adjusted.table(strata().iloc[:0])
    assert list(empty.columns) == ["event", "inn", *adjusted.COLUMNS] and empty.empty


def test_breslow_day_is_small_when_the_strata_disagree_and_large_when_they_agree():
    disagree = [(20, 5, 5, 20), (4, 20, 20, 6)]  # odds ratios 16 and 0.06
    agree = [(12, 20, 30, 100), (8, 10, 40, 110)]  # 2 and 2.2
    p_disagree = adjusted.table(strata(*disagree)).iloc[0].homogeneity_p
    p_agree = adjusted.table(strata(*agree)).iloc[0].homogeneity_p
    assert p_disagree < 1e-6 and p_agree > 0.8
    assert p_disagree == pytest.approx(reference(*disagree).test_equal_odds().pvalue)
    assert p_agree == pytest.approx(reference(*agree).test_equal_odds().pvalue)


def at_one(*rows) -> float:
    """Breslow–Day's statistic by hand where the pooled odds ratio is 1: each first cell's expectation is then
    (a + b)(a + c) / n, its variance 1 / (1/e + 1/(a + c − e) + 1/(a + b − e) + 1/(d − a + e))."""
    total = 0.0
    for a, b, c, d in rows:
        e = (a + b) * (a + c) / (a + b + c + d)
        total += (a - e) ** 2 * (1 / e + 1 / (a + c - e) + 1 / (a + b - e) + 1 / (d - a + e))
    return total


@pytest.mark.filterwarnings("error")
def test_breslow_day_where_the_pooled_odds_ratio_is_one():
    """statsmodels' own test divides by 1 − OR: NaN at exactly 1, p = 0 at 1 but for rounding (its second pair)."""
    for rows in ([(20, 5, 5, 20), (5, 20, 20, 5)], [(1, 1, 2, 1), (3, 3, 4, 5)]):
        got = adjusted.table(strata(*rows)).iloc[0]
        assert got.adj_ror == pytest.approx(1)
        assert got.homogeneity_p == pytest.approx(chi2.sf(at_one(*rows), 1))
    assert at_one((20, 5, 5, 20), (5, 20, 20, 5)) == pytest.approx(36)  # e = 12.5, variance 3.125, 2 · 7.5² / 3.125


def test_one_row_per_event_and_drug_highest_first():
    rows = pd.concat(
        [
            strata((1, 9, 10, 90), (2, 8, 10, 90), inn="sertraline"),
            strata((6, 4, 10, 90), (5, 5, 10, 90), inn="paroxetine"),
            strata((6, 4, 10, 90), inn="paroxetine", event="tinnitus"),
        ]
    )
    got = adjusted.table(rows)
    assert list(zip(got.event, got.inn, got.strata)) == [
        ("tinnitus", "paroxetine", 1),
        ("withdrawal_effects", "paroxetine", 2),
        ("withdrawal_effects", "sertraline", 2),
    ]


def test_the_strata_run_is_the_crude_run_by_sex_and_age_band():
    crude = QueryRun("faers_signals", PARAMS | {"split": "none", "sexes": ["female"]})
    run = adjusted.strata_run(crude)
    assert run.name == "faers_signals" and run.params == crude.params | {"split": "sex_age"}
    by_year = adjusted.strata_run(crude, by_year=True)
    assert by_year.name == "faers_strata_by_year" and by_year.params == PARAMS | {"sexes": ["female"]}
    with pytest.raises(ValueError, match="faers_signals"):
        adjusted.strata_run(QueryRun("faers_by_quarter", {}))


# ---- end to end: cases written as a FAERS folder, the tables counted by faers_signals.sql -----------------------
@pytest.fixture
def counted_faers(tmp_path, monkeypatch):
    """18 cases, paroxetine and withdrawal (suspects counted), each counted by hand:
    female · 18-24: 1 paroxetine PS + withdrawal (a); 2 paroxetine SS named twice (2 and 5 months) + withdrawal (a,
    once); 3 paroxetine PS + nausea (b); 4 paroxetine as a concomitant + withdrawal (c); 5 sertraline + withdrawal (c);
    6 no drug, no reaction (d); 7 sertraline + nausea (d): a, b, c, d = 2, 1, 2, 2.
    female · not given: 8 paroxetine + withdrawal (a); 9, 10 paroxetine + nausea (b); 11 sertraline + withdrawal (c);
    12 no drug + nausea (d); 13 no drug + withdrawal (c): 1, 2, 2, 1.
    not given · 18-24: 14 sertraline + withdrawal, 15 sertraline + nausea, 16 nothing: no paroxetine, no table.
    male · 45-54: 17 paroxetine + nausea, 18 paroxetine + withdrawal: 1, 1, 0, 0 (no unexposed case: left out)."""
    par, ser = ("paroxetine", "PS", None), ("sertraline", "PS", None)
    cases = [
        ("female", "18-24", [par], [WITHDRAWAL]),
        ("female", "18-24", [("paroxetine", "SS", 2), ("paroxetine", "SS", 5)], [WITHDRAWAL]),
        ("female", "18-24", [par], [NAUSEA]),
        ("female", "18-24", [("paroxetine", "C", None)], [WITHDRAWAL]),
        ("female", "18-24", [ser], [WITHDRAWAL]),
        ("female", "18-24", [], []),
        ("female", "18-24", [ser], [NAUSEA]),
        ("female", "not given", [par], [WITHDRAWAL]),
        ("female", "not given", [par], [NAUSEA]),
        ("female", "not given", [par], [NAUSEA]),
        ("female", "not given", [ser], [WITHDRAWAL]),
        ("female", "not given", [], [NAUSEA]),
        ("female", "not given", [], [WITHDRAWAL]),
        ("not given", "18-24", [ser], [WITHDRAWAL]),
        ("not given", "18-24", [ser], [NAUSEA]),
        ("not given", "18-24", [], []),
        ("male", "45-54", [par], [NAUSEA]),
        ("male", "45-54", [par], [WITHDRAWAL]),
    ]
    write_faers(tmp_path / "faers", cases, monkeypatch)
    yield
    db.reset()


def test_each_stratum_table_counted_by_hand(counted_faers):
    got = signals("sex_age").query("inn == 'paroxetine'").set_index("grp")
    assert {g: tuple(int(x) for x in got.loc[g, ["a", "b", "c", "d"]]) for g in got.index} == {
        "female · 18-24": (2, 1, 2, 2),
        "female · not given": (1, 2, 2, 1),
        "male · 45-54": (1, 1, 0, 0),
    }
    assert set(signals("sex_age").query("inn == 'sertraline'").grp) >= {"not given · 18-24"}
    row = adjusted.table(signals("sex_age")).set_index("inn").loc["paroxetine"]
    assert row.strata == 2
    assert row.adj_ror == pytest.approx(31 / 40)  # (2·2/7 + 1·1/6) / (1·2/7 + 2·2/6)
    want = reference((2, 1, 2, 2), (1, 2, 2, 1))
    assert (row.adj_ror_low, row.adj_ror_high, row.homogeneity_p) == pytest.approx(
        (*want.oddsratio_pooled_confint(), want.test_equal_odds().pvalue)
    )
    crude = signals("none").set_index("inn").loc["paroxetine"]
    assert (crude.a, crude.b, crude.c, crude.d) == (4, 4, 5, 5)  # every stratum's cases, the male ones too


@pytest.fixture
def simpson_faers(tmp_path, monkeypatch):
    """Paroxetine mostly in older women, who report withdrawal more whatever they take: within each stratum its
    odds ratio is below 1, over all cases far above. Two cases in the 'not given' stratum took it for 30 months."""
    late = [("not given", "not given", [("paroxetine", "PS", 30)], [WITHDRAWAL]),
            ("not given", "not given", [("paroxetine", "PS", 30)], [])]  # fmt: skip
    cases = (
        stratum("female", "65+", 40, 10, 8, 1)
        + stratum("male", "18-24", 1, 9, 20, 80)
        + stratum("not given", "not given", 0, 0, 3, 12)
        + late
    )
    write_faers(tmp_path / "faers", cases, monkeypatch)
    yield
    db.reset()


def test_simpsons_paradox_crude_above_one_adjusted_below(simpson_faers):
    within_a_year = {"min_months": 0, "max_months": 12, "include_unknown": False}
    crude = signals("none", **within_a_year).set_index("inn").loc["paroxetine"]
    # The 30-month cases are in neither group: a = 40 + 1, b = 10 + 9, c = 8 + 20 + 3, d = 1 + 80 + 12.
    assert (crude.a, crude.b, crude.c, crude.d) == (41, 19, 31, 93)
    assert crude.ror == pytest.approx(41 * 93 / (19 * 31)) and crude.ror_low > 1
    by_stratum = signals("sex_age", **within_a_year).query("inn == 'paroxetine'").set_index("grp")
    assert tuple(by_stratum.loc["not given · not given", ["a", "b", "c", "d"]]) == (0, 0, 3, 12)  # none exposed
    row = adjusted.table(by_stratum.reset_index()).iloc[0]
    assert row.strata == 2  # the stratum with no case exposed adds nothing
    assert row.adj_ror == pytest.approx((40 * 1 / 59 + 1 * 80 / 110) / (10 * 8 / 59 + 9 * 20 / 110))
    assert row.adj_ror < 1 < crude.ror
    want = reference((40, 10, 8, 1), (1, 9, 20, 80))
    assert (row.adj_ror_low, row.adj_ror_high) == pytest.approx(want.oddsratio_pooled_confint())


def test_each_sex_and_age_stratum_is_what_choosing_only_it_gives(random_faers):  # noqa: F811
    """Against the case-level oracle over 600 generated cases, every stratum 'not given' ones included."""
    params = {k: PARAMS[k] for k in ("min_months", "max_months", "include_unknown")}
    got = signals("sex_age", roles="any")
    sexes, bands = ["female", "male", "not given"], ["18-24", "45-54", "65+", "not given"]
    assert sorted(set(got.grp)) == sorted(f"{s} · {b}" for s, b in itertools.product(sexes, bands))
    for sex, band in itertools.product(sexes, bands):
        want = random_faers.run("withdrawal_effects", "any", sexes=[sex], age_bands=[band], **params)
        mine = got[got.grp == f"{sex} · {band}"].set_index("inn").sort_index()[ORACLE_COLUMNS]
        pd.testing.assert_frame_equal(mine, want.set_index("inn").sort_index(), check_dtype=False, obj=sex + band)


# ---- the year received as a stratum too ---------------------------------------------------------------------------
@pytest.fixture
def yearly_faers(tmp_path, monkeypatch):
    """Women aged 45-54 only: paroxetine mostly in reports received in 2004, when withdrawal was reported more whatever
    the drug. Within each year its odds ratio is below 1; over both (and so by sex and age band, one stratum) far
    above. A preferred term outside the catalogue (nausea) is reported too."""
    old, new = stratum("female", "45-54", 40, 10, 8, 1), stratum("female", "45-54", 1, 9, 20, 80)
    quarters = ["2004Q3"] * len(old) + ["2019Q1", "2019Q4"] * (len(new) // 2)
    write_faers(tmp_path / "faers", old + new, monkeypatch, quarters)
    yield
    db.reset()


def by_year(**params) -> pd.DataFrame:
    return queries.run("faers_strata_by_year", **(PARAMS | params))


def test_each_sex_age_and_year_stratum_counted_by_hand_and_pooled(yearly_faers):
    got = by_year().query("inn == 'paroxetine'").set_index("grp")
    assert {g: tuple(int(x) for x in got.loc[g, ["a", "b", "c", "d"]]) for g in got.index} == {
        "female · 45-54 · 2004": (40, 10, 8, 1),
        "female · 45-54 · 2019": (1, 9, 20, 80),  # the two quarters of 2019 are one year
    }
    row = adjusted.table(got.reset_index()).iloc[0]
    assert row.strata == 2
    assert row.adj_ror == pytest.approx((40 * 1 / 59 + 1 * 80 / 110) / (10 * 8 / 59 + 9 * 20 / 110))
    want = reference((40, 10, 8, 1), (1, 9, 20, 80))
    assert (row.adj_ror_low, row.adj_ror_high, row.homogeneity_p) == pytest.approx(
        (*want.oddsratio_pooled_confint(), want.test_equal_odds().pvalue)
    )
    by_sex_age = adjusted.table(signals("sex_age")).set_index("inn").loc["paroxetine"]
    crude = signals("none").set_index("inn").loc["paroxetine"]
    assert (crude.a, crude.b, crude.c, crude.d) == (41, 19, 28, 81)
    assert by_sex_age.adj_ror == pytest.approx(crude.ror) == pytest.approx(41 * 81 / (19 * 28))  # one stratum
    assert row.adj_ror < 1 < crude.ror_low


@pytest.mark.parametrize(
    "params",
    [{}, {"roles": "any"}, {"min_months": 3, "max_months": 6, "include_unknown": False}, {"age_bands": ["45-54"]}],
    ids=["every case", "any mention", "3 to 6 months", "one age band"],
)
def test_the_years_add_up_to_the_sex_and_age_tables(yearly_faers, params):
    years = by_year(**params)
    years = years.assign(grp=years.grp.str.rsplit(" · ", n=1).str[0]).groupby(["event", "grp", "inn"]).sum()
    within = signals("sex_age", **params).set_index(["event", "grp", "inn"])[["a", "b", "c", "d"]]
    pd.testing.assert_frame_equal(years[["a", "b", "c", "d"]].sort_index(), within.sort_index(), check_dtype=False)


def test_a_preferred_term_has_no_strata_by_year(yearly_faers):
    assert by_year(events=["nausea", "Nausea"]).empty
    assert set(by_year(events=["nausea", "withdrawal_effects"]).event) == {"withdrawal_effects"}


def test_the_page_draws_the_ror_adjusted_for_year_received_and_names_it(yearly_faers):
    from tests.test_faers_page import faers_page, figures, session_panel

    at = faers_page(event="withdrawal_effects", measure="adjusted_year")
    assert not at.error, [e.value for e in at.error]  # every chart drawn (the folder has no dates to the day)
    drawn = session_panel(at, "faers-adjusted-ror-by-year-")
    row = drawn.table.set_index("label").loc["paroxetine"]
    assert row.value == pytest.approx((40 * 1 / 59 + 1 * 80 / 110) / (10 * 8 / 59 + 9 * 20 / 110))
    assert row.ror == pytest.approx(41 * 81 / (19 * 28)) and row.strata == 2  # the crude ratio beside it
    assert [r.name for r in drawn.runs[:2]] == ["faers_signals", "faers_strata_by_year"]
    assert "adjusted for sex, age band and year received (Mantel–Haenszel)" in drawn.text.subtitle
    assert drawn.text.note.startswith("Squares: ROR against every other drug within each sex, age band and year")
    assert drawn.columns["adj_ror"] == "ROR adjusted for sex, age and year received (Mantel–Haenszel)"
    assert "faers_strata_by_year.sql" in drawn.computed
    spec = json.dumps(figures(at)[0], ensure_ascii=False)
    assert "ROR adjusted for sex, age and year received (log scale" in spec
    assert at.query_params["measure"] == "adjusted_year"
    grid = session_panel(at, "faers-every-effect")
    assert grid.slug == "faers-every-effect-adjusted-ror-by-year"
    cell = grid.table[(grid.table.label == "paroxetine") & grid.table.effect_label.str.startswith("Withdrawal")]
    assert cell.value.iloc[0] == pytest.approx(row.value)


def test_for_a_preferred_term_the_page_says_year_received_is_kept_for_side_effects_only(yearly_faers):
    from tests.test_faers_page import faers_page, session_panel

    at = faers_page(event="nausea", measure="adjusted_year")
    assert not at.error, [e.value for e in at.error]
    assert "kept for the dashboard's side effects only" in " ".join(c.value for c in at.caption)
    drawn = session_panel(at, "faers-adjusted-ror-nausea")  # adjusted for sex and age band
    assert [r.name for r in drawn.runs[:2]] == ["faers_signals", "faers_signals"]
