"""Every query against answers worked out by hand on the tiny dataset (see conftest.tiny_tables)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from sidefx import cubes
from sidefx.serve import db, queries
from tests.conftest import NONE, run, use_tiny_data, use_tiny_faers


def by(df, col):
    return df.set_index(col)


def test_prevalence_by_effect_all(tiny_data):
    df = by(run("prevalence_by_effect", **NONE, effects=[]), "effect")
    assert (df.loc["sexual_dysfunction", "reported"], df.loc["sexual_dysfunction", "respondents"]) == (3, 6)
    assert df.loc["sexual_dysfunction", "pct"] == pytest.approx(50.0)
    # Respondent 3 skipped the weight question: 3 of 5.
    assert (df.loc["weight_gain", "reported"], df.loc["weight_gain", "respondents"]) == (3, 5)
    # Asked only of the 4 who tried to stop.
    assert (df.loc["withdrawal_effects", "reported"], df.loc["withdrawal_effects", "respondents"]) == (3, 4)
    # An effect nobody answered: present with n = 0 and no percentage.
    assert df.loc["emotional_numbing", "respondents"] == 0
    assert pd.isna(df.loc["emotional_numbing", "pct"])


def test_prevalence_filters_by_drug_and_effect_list(tiny_data):
    df = by(
        run(
            "prevalence_by_effect", **(NONE | {"drugs": ["paroxetine"]}), effects=["sexual_dysfunction", "weight_gain"]
        ),
        "effect",
    )
    assert list(df.index) == ["sexual_dysfunction", "weight_gain"]
    assert (df.loc["sexual_dysfunction", "reported"], df.loc["sexual_dysfunction", "respondents"]) == (2, 3)
    assert (df.loc["weight_gain", "reported"], df.loc["weight_gain", "respondents"]) == (1, 2)


def test_duration_range_excludes_unknown_and_out_of_range(tiny_data):
    # 3..36 months keeps respondents 3 (10 mo), 4 (24 mo) and 6 (5 mo); drops 1 (2 mo), 2 (40 mo) and 5 (no duration).
    params = NONE | {"min_months": 3, "max_months": 36, "include_unknown": False}
    assert run("respondent_count", **params).respondents.iloc[0] == 3
    df = by(run("prevalence_by_effect", **params, effects=["sexual_dysfunction"]), "effect")
    assert (df.loc["sexual_dysfunction", "reported"], df.loc["sexual_dysfunction", "respondents"]) == (1, 3)


@pytest.mark.parametrize(
    "change,expected",
    [
        ({}, 6),
        ({"classes": ["atypical"]}, 1),
        ({"sexes": ["male"]}, 2),
        ({"age_bands": ["35-44"]}, 2),
        ({"sexes": ["other"]}, 0),
        ({"include_unknown": False}, 5),
        ({"drugs": ["sertraline"]}, 0),  # in the catalogue, nobody in the survey
        ({"drugs": ["x') OR 1=1; DROP VIEW respondents; --"]}, 0),  # bound as a value, never SQL
    ],
)
def test_respondent_count_filters(tiny_data, change, expected):
    assert run("respondent_count", **(NONE | change)).respondents.iloc[0] == expected
    assert run("respondent_count", **NONE).respondents.iloc[0] == 6  # views intact afterwards


def test_prevalence_by_group_drug_and_duration(tiny_data):
    df = run("prevalence_by_group", **NONE, effects=["sexual_dysfunction"], group_by="drug").set_index("grp")
    assert (df.loc["mirtazapine", "reported"], df.loc["mirtazapine", "respondents"]) == (
        0,
        1,
    )  # a drug with one respondent
    assert (df.loc["paroxetine", "reported"], df.loc["paroxetine", "respondents"]) == (2, 3)
    dur = run("prevalence_by_group", **NONE, effects=["sexual_dysfunction"], group_by="duration_band")
    assert list(dur.grp) == ["<3 months", "3-6 months", "6-12 months", "1-3 years", "3+ years", "unknown"]
    one = run("prevalence_by_group", **NONE, effects=["weight_gain"], group_by="none")
    assert list(one.grp) == ["All"] and (one.reported.iloc[0], one.respondents.iloc[0]) == (3, 5)


def test_prevalence_by_group_counts_each_groups_respondents_beside_those_who_answered(tiny_data):
    """Respondent 3 (paroxetine) skipped the weight question: 2 of paroxetine's 3 respondents answered it."""
    df = run("prevalence_by_group", **NONE, effects=["weight_gain"], group_by="drug").set_index("grp")
    assert df.loc["paroxetine", ["respondents", "group_respondents"]].tolist() == [2, 3]
    assert df.loc["fluoxetine", ["respondents", "group_respondents"]].tolist() == [2, 2]
    women = run("prevalence_by_group", **(NONE | {"sexes": ["female"]}), effects=[], group_by="drug")
    assert women.drop_duplicates("grp").set_index("grp").group_respondents.to_dict() == {
        "fluoxetine": 2,
        "paroxetine": 2,
    }


def test_withdrawal_by_group(tiny_data):
    allw = run("withdrawal_by_group", **NONE, group_by="none").iloc[0]
    assert (allw.had_withdrawal, allw.tried_to_stop) == (3, 4)
    drug = run("withdrawal_by_group", **NONE, group_by="drug").set_index("grp")
    assert (drug.loc["paroxetine", "had_withdrawal"], drug.loc["paroxetine", "tried_to_stop"]) == (2, 2)
    assert (drug.loc["fluoxetine", "had_withdrawal"], drug.loc["fluoxetine", "tried_to_stop"]) == (1, 2)
    assert "mirtazapine" not in drug.index  # never tried to stop
    method = run("withdrawal_by_group", **NONE, group_by="method").set_index("grp")
    assert (method.loc["tapered", "had_withdrawal"], method.loc["tapered", "tried_to_stop"]) == (1, 2)
    assert (method.loc["abrupt", "had_withdrawal"], method.loc["abrupt", "tried_to_stop"]) == (2, 2)


def test_withdrawal_severity_and_duration(tiny_data):
    sev = run("withdrawal_severity", **NONE, group_by="none")
    assert list(sev.severity) == ["mild", "moderate", "severe"]
    assert list(sev.respondents) == [1, 1, 1] and set(sev.had_withdrawal) == {3}
    assert sev.pct.sum() == pytest.approx(100)
    dur = run("withdrawal_duration", **NONE, group_by="none").set_index("bin")
    # 3 weeks, 10 weeks, 60 weeks.
    assert dict(dur.respondents) == {"2-4 weeks": 1, "1-3 months": 1, "1-2 years": 1}
    share = run("withdrawal_severe_share", **NONE).iloc[0]
    assert (share.severe, share.had_withdrawal) == (1, 3)
    assert run("withdrawal_severe_share", **(NONE | {"sexes": ["other"]})).empty


def test_withdrawal_by_half_life(tiny_data):
    df = run("withdrawal_by_half_life", **NONE)
    assert list(df.drug) == ["paroxetine", "fluoxetine"]  # ordered by half-life; mirtazapine never stopped
    assert list(df.half_life_h) == [22.5, 84.0]
    assert list(df.had_withdrawal) == [2, 1] and list(df.tried_to_stop) == [2, 2]


def test_published_estimates_and_topics(tiny_data):
    est = run("published_estimates", topic="withdrawal_incidence")
    assert list(est.study_key) == ["doe2020", "roe2021"]
    assert list(est.n) == [100.0, 400.0]
    assert run("published_estimates", topic="no such topic").empty
    topics = run("published_topics").set_index("topic")
    assert topics.loc["withdrawal_incidence", "estimates"] == 2 and topics.loc["withdrawal_incidence", "studies"] == 2
    assert topics.loc["acceptability", "measure"] == "odds_ratio"
    assert list(run("study_figures", study_key="roe2021").value) == [30.0, 0.8]


def test_reference_queries(tiny_data):
    s = run("dataset_summary").iloc[0]
    assert (s.respondents, s.drugs_in_survey, s.tried_to_stop, s.effects) == (6, 3, 4, 4)
    published = run("studies_summary").iloc[0]
    assert (published.published_figures, published.studies) == (3, 2)
    assert (s.min_months, s.max_months) == (2, 40)
    opts = run("drug_options").set_index("inn")
    assert opts.loc["paroxetine", "respondents"] == 3 and opts.loc["sertraline", "respondents"] == 0
    levels = run("filter_levels")
    assert list(levels[levels.dimension == "sex"].value) == ["female", "male"]
    effects = levels[levels.dimension == "effect"]
    assert list(effects.value) == ["sexual_dysfunction", "emotional_numbing", "weight_gain", "withdrawal_effects"]
    assert effects.label.iloc[0] == "Sexual difficulties"


def test_calibration_check(tiny_data):
    cal = run("calibration_check").set_index("target_id")
    assert cal.loc["sexual_all", "achieved_pct"] == pytest.approx(50) and cal.loc["sexual_all", "within"]
    assert cal.loc["sexual_parox", "achieved_pct"] == pytest.approx(200 / 3) and not cal.loc["sexual_parox", "within"]
    assert cal.loc["withdrawal_all", "achieved_pct"] == pytest.approx(75) and cal.loc["withdrawal_all", "n"] == 4
    assert (
        cal.loc["withdrawal_severe", "achieved_pct"] == pytest.approx(100 / 3)
        and cal.loc["withdrawal_severe", "n"] == 3
    )
    # moderate or severe sexual dysfunction: respondents 1 and 2 of 6.
    assert cal.loc["sexual_modsev", "achieved_pct"] == pytest.approx(100 / 3)


@pytest.mark.parametrize("k,n", [(0, 1), (1, 1), (3, 6), (3, 4), (1, 29), (59, 100), (604, 1022), (9999, 10000)])
def test_wilson_interval_matches_statsmodels(tiny_data, k, n):
    cur = db.cursor()  # the macros live in _views.sql
    lo, hi = cur.execute(
        "SELECT wilson_low($k::DOUBLE, $n::DOUBLE), wilson_high($k::DOUBLE, $n::DOUBLE)", {"k": k, "n": n}
    ).fetchone()
    ref_lo, ref_hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert lo == pytest.approx(ref_lo, abs=1e-12) and hi == pytest.approx(ref_hi, abs=1e-12)


def test_query_results_carry_wilson_intervals(tiny_data):
    df = by(run("prevalence_by_effect", **NONE, effects=["weight_gain"]), "effect").loc["weight_gain"]
    lo, hi = proportion_confint(3, 5, method="wilson")
    assert (df.ci_low, df.ci_high) == (pytest.approx(100 * lo), pytest.approx(100 * hi))


# ---- the runner's contract -------------------------------------------------------------
def test_runner_refuses_missing_and_unexpected_params(tiny_data):
    with pytest.raises(queries.QueryError, match="missing \\['effects'\\]"):
        queries.run("prevalence_by_effect", **NONE)
    with pytest.raises(queries.QueryError, match="unexpected \\['drug'\\]"):
        queries.run("respondent_count", **NONE, drug="x")
    with pytest.raises(queries.QueryError, match="not a query name"):
        queries.run("../etc/passwd")
    with pytest.raises(queries.QueryError, match="no query named"):
        queries.run("nope")


DEFAULTS = {
    "effects": [],
    "group_by": "drug",
    "topic": "withdrawal_incidence",
    "study_key": "roe2021",
    "event": "withdrawal_effects",
    "events": ["withdrawal_effects", "tinnitus"],
    "roles": "suspect",
    "split": "sex",
    "include_duplicates": False,
    "since": "start",
}


@pytest.fixture(scope="module")
def tiny_sources(tmp_path_factory):
    """The tiny survey and the tiny FAERS folder, made once for the header tests, which only read them."""
    with pytest.MonkeyPatch.context() as mp:
        use_tiny_data(tmp_path_factory.mktemp("survey"), mp)
        use_tiny_faers(tmp_path_factory.mktemp("faers"), mp)
        yield
    db.reset()


@pytest.mark.parametrize("name", queries.names())
def test_every_query_honours_its_header(tiny_sources, name):
    q = queries.load(name)
    assert q.purpose and q.columns, f"{name}.sql needs a purpose and its columns in the header"
    assert set(q.params) == q.used_params
    params = {p: NONE[p] if p in NONE else DEFAULTS[p] for p in q.params}
    df = queries.run(name, **params)
    assert list(df.columns) == list(q.columns), f"{name}.sql returns {list(df.columns)}"
    cur = db.cursor(q.source)
    types = {d[0]: str(d[1]) for d in cur.execute(q.sql, params).description}
    assert types == q.columns, f"{name}.sql header types differ from what it returns: {types}"


def test_no_query_formats_values_into_sql():
    for path in (queries.settings.queries_dir()).rglob("*.sql"):
        text = path.read_text()
        assert not re.search(r"\{[a-z_]+\}|%\(|%s", text), f"{path.name} looks like a format string"
        if "read_parquet" in text and path.name not in (
            "_views.sql",
            "_cubes.sql",
            "_ebgm_views.sql",
            "_onset_views.sql",
        ):
            # Besides the views, only the FAERS import's own statements read files, and only at paths bound to them.
            assert path.name.startswith("_") and path.parent.name == "faers", f"{path.name} reads a file"
            assert not re.search(r"read_parquet\(\s*'", text), f"{path.name} names a file in its text"


def test_queries_from_many_threads_at_once(tiny_data):
    """Streamlit runs each browser session in its own thread: each query takes its own cursor."""
    from concurrent.futures import ThreadPoolExecutor

    def one(i):
        drugs = [["paroxetine"], ["fluoxetine"], []][i % 3]
        return int(run("respondent_count", **(NONE | {"drugs": drugs})).respondents.iloc[0])

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(one, range(48)))
    assert counts == [[3, 2, 6][i % 3] for i in range(48)]


def test_a_rebuilt_data_folder_is_read_afresh_without_a_restart(tiny_data):
    # The database holds copies of the cubes, and the pages cache answers: a rebuild must not leave either stale.
    from sidefx.filters import Filters
    from sidefx.survey import numbers as survey_numbers

    assert run("respondent_count", **NONE).respondents.iloc[0] == 6
    assert survey_numbers.respondent_count(Filters()) == 6
    path = tiny_data / "respondents.parquet"
    frame = pd.read_parquet(path)
    frame[frame.respondent_id != "P0006"].to_parquet(path, index=False)
    cubes.build(tiny_data)
    assert run("respondent_count", **NONE).respondents.iloc[0] == 5
    assert survey_numbers.respondent_count(Filters()) == 5
