"""The published evidence table: every shown figure is traceable and on the right scale."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sidefx import catalog
from sidefx.studies import evidence, pooling

PERCENT_LIKE = {"percent"}
KNOWN_MEASURES = {
    "percent",
    "odds_ratio",
    "rate_ratio",
    "risk_difference_pct",
    "smd",
    "cohens_d",
    "mean_difference",
    "rate_per_100py",
    "mean_score",
    "mean_count",
    "count",
    "days",
    "weeks",
    "months",
}


@pytest.fixture(scope="module")
def studies():
    return catalog.studies()


def test_every_shown_row_has_a_doi_or_pmid(studies):
    assert (studies.doi.notna() | studies.pmid.notna()).all()


def test_memory_rows_are_never_shown(studies):
    ev = catalog.evidence()
    assert (ev.verified == "memory").sum() == 13
    assert set(studies.verified) == {"yes"}


def test_rows_without_an_identifier_are_dropped_not_shown():
    ev = catalog.evidence()
    no_id = ev[ev.doi.isna() & ev.pmid.isna()]
    assert set(no_id.study_key) == {"read2020_addbeh", "readwilliams2018", "moncrieff2025_reanalysis"}
    assert not set(no_id.study_key) & set(catalog.studies().study_key)


def test_percentages_lie_in_0_100(studies):
    pct = studies[studies.measure == "percent"]
    assert pct.value.between(0, 100).all()
    assert pct.ci_low.dropna().between(0, 100).all() and pct.ci_high.dropna().between(0, 100).all()


def test_every_ci_brackets_its_estimate(studies):
    ci = studies.dropna(subset=["ci_low", "ci_high"])
    assert len(ci) > 10
    assert ((ci.ci_low <= ci.value) & (ci.value <= ci.ci_high)).all()


def test_measures_are_named_and_no_other_measure_is_percent(studies):
    assert set(studies.measure) <= KNOWN_MEASURES
    # A ratio, a difference or an effect size is never labelled percent.
    not_pct = studies[studies.outcome.str.contains(r"_or_vs_|odds|ratio|cohens|difference|_vs_placebo")]
    assert (not_pct.measure != "percent").all()


def test_secondary_figures_carry_a_caveat(studies):
    secondary = studies.source_where.str.startswith("SECONDARY")
    assert secondary.any()
    assert studies[secondary].caveat.notna().all() and studies[~secondary].caveat.isna().all()


def test_numerators_match_percentages(studies):
    nd = studies.dropna(subset=["numerator", "denominator"])
    nd = nd[nd.measure == "percent"]
    assert ((100 * nd.numerator / nd.denominator - nd.value).abs() < 0.6).all()


def test_drugs_cover_evidence_and_cipriani():
    drugs = catalog.drugs()
    inns = set(drugs.inn)
    named = {catalog.drug_inn(d) for d in catalog.evidence().drug} - {None}
    assert named <= inns
    assert drugs.in_cipriani_2018.sum() == 21
    with_hl = drugs[drugs.half_life_h.notna()]
    assert with_hl.half_life_source.notna().all() and with_hl.half_life_quote.notna().all()
    assert (with_hl.half_life_h_low <= with_hl.half_life_h).all() and (
        with_hl.half_life_h <= with_hl.half_life_h_high
    ).all()
    assert set(drugs.inn) >= {"citalopram", "fluoxetine", "paroxetine", "venlafaxine", "mirtazapine"}


def test_every_topic_outcome_exists_with_its_measure():
    topics, ev = catalog.outcome_topics(), catalog.studies()
    for r in topics.itertuples():
        assert ((ev.outcome == r.outcome) & (ev.measure == r.measure)).any(), (r.topic, r.outcome)


def test_pooling_matches_statsmodels_and_skips_same_sample():
    rows = pd.DataFrame(
        {
            "study_key": ["read2014", "cartwright2016", "goodwin2017", "x2020"],
            "design": ["survey"] * 4,
            "measure": ["percent"] * 4,
            "drug": ["any antidepressant"] * 4,
            "duration_band": [None] * 4,
            "population": ["adults", "long-term users", "patients", "men"],
            "value": [60.0, 64.5, 46.0, 52.0],
            "n": [1829.0, 180.0, 669.0, 300.0],
        }
    )
    elig = pooling.eligible(rows)
    assert set(elig.study_key) == {
        "read2014",
        "goodwin2017",
    }  # Cartwright is a subset of Read 2014; 'men' is a subgroup
    pooled = pooling.pool_percentages(elig.value, elig.n, elig.study_key)
    # DerSimonian-Laird by hand, on the logit scale: Read 2014 60% of 1829, Goodwin 2017 46% of 669.
    p = np.array([0.60, 0.46])
    n = np.array([1829.0, 669.0])
    y, v = np.log(p / (1 - p)), 1 / (n * p * (1 - p))
    w = 1 / v
    q = float((w * (y - (w * y).sum() / w.sum()) ** 2).sum())
    tau2 = max(0.0, (q - 1) / (w.sum() - (w**2).sum() / w.sum()))
    wr = 1 / (v + tau2)
    mu, se = (wr * y).sum() / wr.sum(), (1 / wr.sum()) ** 0.5
    expit = lambda x: 100 / (1 + np.exp(-x))  # noqa: E731
    assert pooled.value == pytest.approx(expit(mu), rel=1e-9)
    assert (pooled.ci_low, pooled.ci_high) == (
        pytest.approx(expit(mu - 1.959963984540054 * se), rel=1e-6),
        pytest.approx(expit(mu + 1.959963984540054 * se), rel=1e-6),
    )
    assert pooled.i2 == pytest.approx((q - 1) / q) and pooled.k == 2
    assert pooling.pool_percentages([50.0], [100.0]) is None


def _row(frame, **match):
    hit = frame
    for col, val in match.items():
        hit = hit[hit[col] == val]
    assert len(hit) == 1, match
    return hit.iloc[0]


def test_every_shown_denominator_fits_its_study(studies):
    """A denominator is a part of the study: never above n_total (rows with no n_total give no bound)
    and never below its numerator."""
    with_d = studies.dropna(subset=["denominator"])
    assert len(with_d) > 15
    bounded = with_d.dropna(subset=["n_total"])
    assert (bounded.denominator <= bounded.n_total).all(), bounded[bounded.denominator > bounded.n_total][
        ["study_key", "population"]
    ]
    with_nd = with_d.dropna(subset=["numerator"])
    assert (with_nd.numerator <= with_nd.denominator).all()


def test_corrected_denominators_and_sizes_are_pinned():
    """Figures re-read in the abstracts: each pinned value is what the source itself states."""
    ev = catalog.evidence()
    # Montejo 2001 (PMID 11229449): "One thousand twenty-two outpatients (610 women, 412 men ...)";
    # no counts of affected men or women.
    men = _row(ev, study_key="montejo2001", population="men (n=412)")
    women = _row(ev, study_key="montejo2001", population="women (n=610)")
    assert (men.value, men.denominator, women.value, women.denominator) == (62.4, 412, 56.9, 610)
    assert pd.isna(men.numerator) and pd.isna(women.numerator)
    assert men.denominator + women.denominator == men.n_total == 1022
    # Goodwin 2017: 669 treated patients and 150 recovered controls took part (819); every rate is of the 669 treated
    # patients, so the study's n shown beside a rate is 669, never 819. The abstract gives no count of men or women,
    # so those rows have no denominator of their own and show the 669 marked as the whole study's.
    gw = ev[ev.study_key == "goodwin2017"]
    assert set(gw.n_total) == {669}
    overall = _row(
        gw, population="669 depressed patients on treatment (the 150 recovered controls surveyed are in no rate shown)"
    )
    assert (overall.value, overall.denominator) == (46, 669) and pd.isna(overall.numerator)
    for sex, pct in (("men", 52), ("women", 44)):
        r = _row(gw, population=f"{sex} (treated depressed patients)")
        assert r.value == pct and pd.isna(r.denominator) and pd.isna(r.numerator)
    # Carhart-Harris 2021: adverse events are shares of the arms,
    # "30 ... psilocybin group and 29 ... escitalopram group".
    ae = ev[(ev.study_key == "carhartharris2021") & (ev.outcome == "any_adverse_event")].set_index("drug")
    assert ae.loc["psilocybin", ["value", "denominator"]].tolist() == [87, 30]
    assert ae.loc["escitalopram", ["value", "denominator"]].tolist() == [83, 29]


def test_pillinger_per_drug_values_stay_marked_secondary():
    """Pillinger 2025's abstract gives only the spreads (about 4 kg, more than 21 bpm); the per-drug values
    were read only in press coverage, so they keep their caveat until someone reads them in the paper."""
    ev = catalog.evidence()
    p = ev[
        (ev.study_key == "pillinger2025")
        & ev.outcome.isin(["heart_rate_change_bpm_vs_placebo", "weight_change_kg_vs_placebo"])
    ]
    assert dict(zip(p.drug, p.value)) == {
        "agomelatine": -2.44,
        "maprotiline": 1.82,
        "fluvoxamine": -8.0,
        "nortriptyline": 13.8,
    }
    assert p.source_where.str.startswith("SECONDARY").all()


def test_an_identifier_not_yet_read_on_the_papers_own_page_says_so(studies):
    goodwin = studies[studies.study_key == "goodwin2017"]
    assert len(goodwin) == 3 and goodwin.identifier_note.str.contains("not yet on a page about the paper").all()
    assert studies[studies.study_key != "goodwin2017"].identifier_note.isna().all()
    r = goodwin.iloc[0]
    assert (
        catalog.identifier(r.doi, r.pmid, link=False, note=r.identifier_note) == "doi:10.1016/j.jad.2017.05.048 "
        "(DOI and PMID seen only in lists of citations, not yet on a page about the paper)"
    )


def test_a_figure_whose_source_could_not_be_found_is_withheld_with_its_target(studies):
    """Read 2014's 'emotional numbing rated moderate or severe 35%': the news page it was cited to could not be
    found again, and neither the abstract nor the press coverage gives it. It is not shown, and the demo's
    target of 35% is called an assumption, never a published figure."""
    ev = catalog.evidence()
    numb = _row(ev, study_key="read2014", outcome="emotional_numbing_moderate_or_severe")
    assert numb.verified == "not_found" and "could not be found" in numb.source_where
    assert "emotional_numbing_moderate_or_severe" not in set(studies.outcome)
    target = catalog.calibration_targets().set_index("target_id").loc["numb_mod_severe"]
    assert target.kind == "assumption" and target.target_pct == 35
    assert "not found" in target.source and pd.isna(target.doi)


def test_the_young_suicidality_target_says_where_and_for_which_ages_it_was_read():
    """55% was read in news coverage only (one outlet says 56%), for respondents aged 18-25; the demo's band is 18-24."""
    target = catalog.calibration_targets().set_index("target_id").loc["suicidal_young"]
    assert target.kind == "published (secondary)" and target.subgroup_value == "18-24"
    assert "not in the paper" in target.note and "aged 18-25 in the paper" not in target.note
    assert "18-25" in target.source and "news coverage" in target.source
    assert "56%" in target.note and "18-24" in target.note
    row = _row(catalog.evidence(), study_key="read2014", outcome="suicidality", population="subgroup aged 18-25")
    assert row.source_where.startswith("SECONDARY") and "stuff.co.nz" in row.source_where
    assert "pharmacy-network" not in row.source_where  # the page first cited could not be found again
    assert "55 per cent among those aged 18-25" in row.source_quote


def test_the_preprints_effect_sizes_are_filed_under_the_preprint():
    """Johansen 2023's Cohen's d 0.31-0.42 are in the Research Square preprint's abstract, not the published one's."""
    ev = catalog.evidence()
    d = ev[ev.measure == "cohens_d"]
    johansen = d[d.study_key.str.startswith("johansen")]
    assert set(johansen.study_key) == {"johansen2023_preprint"} and sorted(johansen.value) == [0.31, 0.42]
    assert set(johansen.doi) == {"10.21203/rs.3.rs-2989150/v1"} and johansen.journal.str.contains("preprint").all()
    assert johansen.pmid.isna().all()
    published = ev[ev.study_key == "johansen2023"]
    assert len(published) == 2 and set(published.doi) == {"10.1038/s41380-023-02285-8"}


def test_henssler_rows_show_their_own_groups():
    """16,532 patients stopped an antidepressant and 4,470 stopped placebo (21,002 in all)."""
    h = catalog.evidence().query("study_key == 'henssler2024'")
    arms = h[h.outcome.isin(["withdrawal_incidence", "withdrawal_severe"])]
    assert dict(zip(arms.drug + " " + arms.outcome, arms.denominator)) == {
        "any antidepressant withdrawal_incidence": 16532,
        "placebo withdrawal_incidence": 4470,
        "any antidepressant withdrawal_severe": 16532,
        "placebo withdrawal_severe": 4470,
    }
    diff = _row(h, outcome="withdrawal_incidence_difference_vs_placebo")
    assert pd.isna(diff.denominator) and diff.n_total == 21002 and "check paper" not in diff.population
    assert set(h.n_total) == {21002}


def test_horowitz_rows_are_labelled_as_the_paper_prints_them():
    """Table 3's column is 'Average rate of withdrawal (%)'; paroxetine's 58.9 is near the pooled 80/136 (58.8),
    not the mean of the three trials (66.9), so the label never says 'mean'."""
    topics = catalog.outcome_topics().set_index("outcome")
    label = topics.loc["withdrawal_incidence_dbrct_average_3_trials", "row_label"]
    assert "mean" not in label and "average rate of withdrawal" in label


def test_identifiers_read_on_pages_about_the_papers():
    ev = catalog.evidence()
    pmids = ev.dropna(subset=["pmid"]).groupby("study_key").pmid.agg(set)
    read = {
        "henssler2024": 38851198,
        "daviesread2019": 30292574,
        "davis2021": 33146667,
        "zhang2024": 39394455,
        "johansen2023": 37814129,
        "gafoor2018": 29793997,
        "horowitz2022_cnsdrugs": 36513909,
    }
    for key, pmid in read.items():
        assert pmids[key] == {pmid}, key
        assert ev[ev.study_key == key].pmid.notna().all(), key
    journals = ev.groupby("study_key").journal.agg(set)
    assert journals["moncrieff2022"] == {"Molecular Psychiatry 2023;28(8):3243-3256 (online 20 Jul 2022)"}
    assert journals["zhang2024"] == {"Molecular Psychiatry 2025;30(5):1758-1769 (online 11 Oct 2024)"}


def test_forest_rows_show_the_group_each_rate_is_of():
    """On the forest plots: Henssler 2024's arms show their own groups, Goodwin 2017's men and women the 669 treated
    patients (not the 819 surveyed), and Horowitz 2022's paroxetine row the paper's own words."""
    import streamlit as st

    from sidefx.filters import Filters

    st.cache_data.clear()
    shown = {}
    for topic in ("withdrawal_incidence", "severe_withdrawal_all", "emotional_numbing"):
        rows = evidence.forest(topic, Filters(), with_survey=False).rows.query("kind == 'estimate'")
        shown.update({(topic, label): n for label, n in zip(rows.label, rows.n_text)})
    assert shown[("withdrawal_incidence", "Henssler 2024 †")] == "16,532"
    assert shown[("withdrawal_incidence", "Henssler 2024 · placebo †")] == "4,470"
    assert shown[("severe_withdrawal_all", "Henssler 2024 · placebo †")] == "4,470"
    assert shown[("emotional_numbing", "Goodwin 2017 · emotional blunting")] == "669"
    men = ("emotional_numbing", "Goodwin 2017 · emotional blunting · men (treated depressed patients)")
    assert shown[men] == "669, whole study"
    paroxetine = [label for topic, label in shown if "Horowitz" in label and "paroxetine" in label]
    assert paroxetine == ["Horowitz 2022 · double-blind RCTs, average rate of withdrawal in 3 trials · paroxetine"]
