"""Time to onset in the FAERS reports: dates kept to the day at import, the days from starting (and stopping) a drug
to a side effect, their median and quartiles, the Weibull shape fitted to them, and the page's charts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from test_faers import line, read, write_quarter

from sidefx.faers import importer, onset, weibull
from sidefx.filters import Filters
from sidefx.serve import db, queries
from tests.test_pages import app, figures

WEIGHT = "Weight increased"  # the dashboard's weight_gain


def case(caseid, sex, event_dt, drugs, pt=WEIGHT, pts=(), country=""):
    """DEMO, DRUG, REAC and THER lines of one case: ``drugs`` is (drug name, role, start_dt, end_dt) per drug_seq."""
    primaryid = caseid * 10 + 1
    demo = [line("DEMO", primaryid=primaryid, caseid=caseid, caseversion=1, event_dt=event_dt, fda_dt="20190110",
                 age=41, age_cod="YR", sex=sex, reporter_country=country)]  # fmt: skip
    drug, ther = [], []
    for seq, (name, role, start, end) in enumerate(drugs, start=1):
        drug.append(line("DRUG", primaryid=primaryid, caseid=caseid, drug_seq=seq, role_cod=role, drugname=name))
        ther.append(line("THER", primaryid=primaryid, caseid=caseid, dsg_drug_seq=seq, start_dt=start, end_dt=end))
    reac = [line("REAC", primaryid=primaryid, caseid=caseid, pt=p) for p in (pt, *pts)]
    return {"DEMO": demo, "DRUG": drug, "REAC": reac, "THER": ther}


ZOLOFT, PAXIL, PROZAC = "ZOLOFT 50MG TABLETS", "PAXIL 20 MG", "PROZAC"
CASES = [
    # Weight gain after starting sertraline (primary suspect): 0, 10, 10, 30, 91 and 365 days.
    case(15000001, "F", "20180111", [(ZOLOFT, "PS", "20180101", "")]),  # 10 days
    case(15000002, "F", "20180131", [(ZOLOFT, "PS", "20180101", "")]),  # 30 days
    case(15000003, "M", "20180301", [(ZOLOFT, "PS", "20180301", "")]),  # 0: the same day
    case(15000004, "M", "20180402", [(ZOLOFT, "PS", "20180101", "")]),  # 91 days
    case(15000012, "F", "20180111", [(ZOLOFT, "PS", "20180101", "")]),  # 10 days
    case(15000013, "M", "20180101", [(ZOLOFT, "PS", "20170101", "")]),  # 365 days (11 months on the drug)
    # Not usable: a start given to the month, an event to the month, a second course started in a month, a start
    # that is no date (31 February), an event before the start.
    case(15000005, "F", "20180301", [(ZOLOFT, "PS", "201801", "")]),
    case(15000006, "M", "201803", [(ZOLOFT, "PS", "20180101", "")]),
    case(15000007, "M", "20180105", [(ZOLOFT, "PS", "20180101", ""), (ZOLOFT, "PS", "201712", "")]),
    case(15000008, "F", "20180110", [(ZOLOFT, "PS", "20180231", "")]),
    case(15000010, "M", "20180110", [(ZOLOFT, "PS", "20180201", "")]),
    # Sertraline as a concomitant (counted with any mention only): 31 days; paroxetine as suspect: 20 days.
    case(15000011, "F", "20180201", [(ZOLOFT, "C", "20180101", "")]),
    case(15000009, "F", "20180121", [(PAXIL, "PS", "20180101", "")]),
    # Withdrawal after stopping paroxetine: 2, 0 and 5 days; an end given to the month; an event before the end.
    case(
        15000020, "F", "20180303", [(PAXIL, "PS", "20170101", "20180301")], pt="Drug withdrawal syndrome", country="US"
    ),
    # ... and the same report again under another case number (event date, age, sex, country, drugs and reactions
    # alike): a probable duplicate, flagged and left out unless the page includes the duplicates. Its end date is a
    # day earlier, so including it moves the numbers: 3 days after stopping.
    case(
        15000019, "F", "20180303", [(PAXIL, "PS", "20170101", "20180228")], pt="Drug withdrawal syndrome", country="US"
    ),
    case(15000021, "F", "20180301", [(PAXIL, "PS", "", "20180301")], pt="Antidepressant discontinuation syndrome"),
    case(15000022, "M", "20180306", [(PAXIL, "PS", "", "20180301")], pt="DRUG WITHDRAWAL SYNDROME"),
    case(15000023, "M", "20180310", [(PAXIL, "PS", "", "201803")], pt="Drug withdrawal syndrome"),
    case(15000024, "M", "20180305", [(PAXIL, "PS", "", "20180310")], pt="Drug withdrawal syndrome"),
    # ... and 14 days after stopping fluoxetine.
    case(15000025, "F", "20180115", [(PROZAC, "PS", "", "20180101")], pt="Withdrawal syndrome", pts=("Nausea",)),
]


@pytest.fixture(scope="module")
def onset_folder(tmp_path_factory):
    """The quarter above imported, and the dashboard's FAERS queries pointed at it."""
    tmp = tmp_path_factory.mktemp("onset")
    tables = {t: [row for c in CASES for row in c[t]] for t in ("DEMO", "DRUG", "REAC", "THER")}
    quarter = write_quarter(tmp / "q", "19Q1", tables)
    out = tmp / "faers"
    assert importer.main([str(quarter), "--out", str(out)]) == 0
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIDEFX_FAERS_DIR", str(out))
        db.reset()
        yield out
    db.reset()


def onset_rows(event="weight_gain", since="start", roles="suspect", duplicates=False, **filters) -> pd.DataFrame:
    params = {"event": event, "since": since, "roles": roles, "include_duplicates": duplicates} | Filters(
        **filters
    ).to_params()
    return queries.run("faers_onset", **params).set_index("inn")


def test_dates_are_kept_to_the_day_only_when_given_to_the_day(onset_folder):
    cases = read(onset_folder, "faers_cases").set_index("caseid")
    assert str(cases.event_day[15000001].date()) == "2018-01-11"
    assert pd.isna(cases.event_day[15000006])  # '201803' is a month, never the 1st or the 15th as a day
    assert str(cases.event_date[15000006].date()) == "2018-03-15"  # time on drug still reads it as the 15th
    drugs = read(onset_folder, "faers_drugs").set_index(["caseid", "role_cod"])
    assert str(drugs.start_day[15000001, "PS"].date()) == "2018-01-01"
    assert pd.isna(drugs.start_day[15000005, "PS"])  # '201801'
    assert pd.isna(drugs.start_day[15000007, "PS"])  # one course given to the day, the other only to the month
    assert pd.isna(drugs.start_day[15000008, "PS"])  # '20180231' has 8 digits but is no date
    assert str(drugs.end_day[15000020, "PS"].date()) == "2018-03-01" and pd.isna(drugs.end_day[15000023, "PS"])


def test_each_drug_has_its_cases_giving_the_days_their_share_median_and_quartiles(onset_folder):
    rows = onset_rows()
    # Sertraline (suspect): 11 cases of weight gain, 6 give the days: 0, 10, 10, 30, 91, 365. Median: between the
    # 3rd and 4th, (10 + 30) / 2 = 20; 25th percentile at rank 1 + 0.25 * 5 = 2.25: 10; 75th at rank 4.75:
    # 30 + 0.75 * (91 - 30) = 75.75.
    s = rows.loc["sertraline"]
    assert (s.cases, s.n) == (11, 6) and s.usable_pct == pytest.approx(600 / 11)
    assert (s.median_days, s.q1_days, s.q3_days) == (20, 10, 75.75)
    p = rows.loc["paroxetine"]  # one case of weight gain, 20 days
    assert (p.cases, p.n, p.median_days) == (1, 1, 20)
    # Any mention adds sertraline's concomitant case (31 days): 0, 10, 10, 30, 31, 91, 365, median 30.
    s = onset_rows(roles="any").loc["sertraline"]
    assert (s.cases, s.n, s.median_days) == (12, 7, 30)


def test_the_sex_age_and_time_on_drug_filters_apply(onset_folder):
    # Women: cases 1, 2, 12 give 10, 30, 10 days; 5 and 8 give none. Median 10, quartiles 10 and 20.
    s = onset_rows(sexes=("female",)).loc["sertraline"]
    assert (s.cases, s.n, s.median_days, s.q1_days, s.q3_days) == (5, 3, 10, 10, 20)
    assert onset_rows(age_bands=("65+",)).empty  # everyone is 41
    # 6 to 12 months on the drug: case 13 alone (365 days = 11 months).
    s = onset_rows(min_months=6, max_months=12).loc["sertraline"]
    assert (s.cases, s.n, s.median_days) == (1, 1, 365)


def test_days_after_stopping_count_withdrawal_on_or_after_the_end_date(onset_folder):
    rows = onset_rows("withdrawal_effects", "end")
    # Paroxetine: 5 cases of withdrawal (its three terms, any case); 0, 2 and 5 days after the end; the end given to
    # the month and the event before the end give none. Median 2; quartiles at ranks 1.5 and 2.5: 1 and 3.5.
    p = rows.loc["paroxetine"]
    assert (p.cases, p.n, p.usable_pct, p.median_days, p.q1_days, p.q3_days) == (5, 3, 60, 2, 1, 3.5)
    assert (rows.loc["fluoxetine"].n, rows.loc["fluoxetine"].median_days) == (1, 14)
    days = queries.run(
        "faers_onset_days",
        event="withdrawal_effects",
        since="end",
        roles="suspect",
        include_duplicates=False,
        **Filters().to_params(),
    )
    par = days[days.inn == "paroxetine"]
    assert list(par.days) == [0, 2, 5] and list(par.cum_pct.round(1)) == [33.3, 66.7, 100.0]


@pytest.mark.parametrize("shape,expected", [(0.6, "early"), (1.0, "constant"), (2.0, "wear-out")])
def test_the_weibull_shape_is_recovered_from_days_drawn_from_a_known_weibull(shape, expected):
    rng = np.random.default_rng(20240519)
    days, counts = np.unique(np.floor(30 * rng.weibull(shape, 400)), return_counts=True)  # whole days, as reported
    fit = weibull.fit(days, counts)
    assert fit.n == 400 and fit.shape_low < shape < fit.shape_high
    assert fit.shape == pytest.approx(shape, rel=0.08) and fit.scale == pytest.approx(30, rel=0.15)
    assert fit.shape_high - fit.shape_low < 0.25 * shape  # 400 cases: a narrow interval
    assert fit.pattern == expected


def test_the_shape_s_interval_is_read_as_pharmacovigilance_papers_do():
    assert weibull.pattern(1.2, 2.5) == "wear-out" and weibull.pattern(0.4, 0.9) == "early"
    assert weibull.pattern(0.8, 1.3) == "constant" and weibull.pattern(1.0, 1.5) == "constant"  # 1 is in it
    assert weibull.pattern(math.nan, 0.9) == "early" and weibull.pattern(0.5, math.nan) == "constant"
    assert weibull.fit([10], [4]) is None  # fewer than 5 cases
    assert weibull.fit([10], [9]) is None  # every onset on one day: no shape


def test_the_onset_panels_give_n_share_median_shape_and_the_after_stopping_chart(onset_folder):
    panel = onset.faers_onset("weight_gain", "Weight gain", "suspect", Filters())
    s = panel.table.set_index("label").filter(like="sertraline", axis=0).iloc[0]
    assert s.name == "sertraline: median 20 days (10–75.8)" and (s.n, s.cases) == (6, 11)
    assert 0 < s.ci_low < s.value < s.ci_high and s.pattern in weibull.PATTERNS
    assert "7 of 12 drug reports give both dates to the day (58%)" in panel.text.subtitle
    assert "right-truncated" in panel.text.note and "not the risk" in panel.text.subtitle
    assert [r.name for r in panel.runs] == ["faers_onset", "faers_onset_days"]
    stop = onset.faers_after_stopping("suspect", Filters())
    got = stop.table.set_index("drug")
    assert got.loc["paroxetine", ["value", "ci_low", "ci_high", "n"]].tolist() == [2, 1, 3.5, 3]
    assert got.loc["fluoxetine", "value"] == 14 and got.half_life_h.notna().all()


def test_the_faers_page_shows_time_to_onset_and_withdrawal_after_stopping(onset_folder):
    at = app(event="weight_gain")
    at.switch_page("views/faers.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    titles = [f["layout"]["title"]["text"].replace("<br>", " ") for f in figures(at)]
    said = " ".join(titles)
    assert "Weight gain: days from starting the drug, in reports to the FDA" in said
    assert "Weight gain: days from starting the drug to onset" in said
    assert "Withdrawal in reports to the FDA: days from stopping the drug, and its half-life" in said
    assert "Withdrawal: days from stopping the drug to onset" in said


def test_including_the_probable_duplicates_changes_the_onset_numbers_and_says_so(onset_folder):
    """15000020 and 15000019 are one report twice; the flagged one is left out by default (the numbers above) and
    counted when the page includes the duplicates, in the query, both charts, their subtitles and file names."""
    flagged = read(onset_folder, "faers_cases").set_index("caseid").duplicate
    assert flagged[15000019] and not flagged[15000020] and flagged.sum() == 1
    kept = onset_rows("withdrawal_effects", "end").loc["paroxetine"]
    both = onset_rows("withdrawal_effects", "end", duplicates=True).loc["paroxetine"]
    # The pair counted once (15000020 kept: the same received date, the larger case number): 0, 2 and 5 days.
    # Both counted: 0, 2, 3, 5 days of 6 cases; median 2.5; quartiles at ranks 1.75 and 3.25: 1.5 and 3.5.
    assert (kept.cases, kept.n, kept.median_days) == (5, 3, 2)
    assert (both.cases, both.n, both.median_days, both.q1_days, both.q3_days) == (6, 4, 2.5, 1.5, 3.5)
    assert both.usable_pct == pytest.approx(400 / 6)
    stop = onset.faers_after_stopping("suspect", Filters(), "included")
    assert stop.table.set_index("drug").loc["paroxetine", ["value", "n"]].tolist() == [2.5, 4]
    days = onset.faers_onset_days("withdrawal_effects", "Withdrawal effects", "end", "suspect", Filters(), "included")
    par = days.table[days.table.series == "paroxetine"]
    assert list(par.days) == [0, 2, 3, 5] and list(par.value) == [25.0, 50.0, 75.0, 100.0]
    default = onset.faers_after_stopping("suspect", Filters())
    assert default.table.set_index("drug").loc["paroxetine", "n"] == 3
    assert stop.slug.endswith("-with-duplicates") and not default.slug.endswith("-with-duplicates")
    assert stop.text.subtitle != default.text.subtitle and "duplicate" in stop.text.subtitle


def test_an_onset_zips_readme_commands_rerun_its_numbers(onset_folder, tmp_path, monkeypatch):
    """The days-after-stopping chart's zip: its README's commands, run outside the dashboard, give the CSV's days and
    shares from the FAERS folder, and its quartiles chart's median and quartiles."""
    from sidefx import export
    from tests.test_record import rerun_zip

    days = onset.faers_onset_days("withdrawal_effects", "Withdrawal effects", "end", "suspect", Filters())
    csv, (stats, rows) = rerun_zip(export.data_zip(days), tmp_path / "days", onset_folder, monkeypatch)
    got = rows.set_index(["inn", "days"]).loc[list(zip(csv.series, csv.days))]
    assert got.cum_pct.tolist() == pytest.approx(csv.value.tolist()) and len(csv) > 0
    assert stats.set_index("inn").loc["paroxetine", "n"] == 3
    stop = onset.faers_after_stopping("suspect", Filters())
    csv, (stats,) = rerun_zip(export.data_zip(stop), tmp_path / "stop", onset_folder, monkeypatch)
    ran = stats.set_index("inn").loc[csv.drug]
    for ours, theirs in {"value": "median_days", "ci_low": "q1_days", "ci_high": "q3_days", "n": "n"}.items():
        assert ran[theirs].tolist() == pytest.approx(csv[ours].tolist()), ours
