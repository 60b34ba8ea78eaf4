"""Report logic on the tiny dataset: forest rows, the survey's own row, the filter that empties a view."""

from __future__ import annotations

import pytest
import streamlit as st

from sidefx.filters import Filters
from sidefx.studies import evidence
from sidefx.studies import panels as studies_panels
from sidefx.survey import numbers as survey_numbers
from sidefx.survey import panels as survey_panels
from tests.conftest import tiny_tables


@pytest.fixture
def fresh_reports(tiny_data):
    st.cache_data.clear()  # report results are cached by their arguments, not by the data folder
    yield
    st.cache_data.clear()


def test_forest_rows_group_pool_and_add_the_survey(fresh_reports):
    forest = evidence.forest("withdrawal_incidence", Filters())
    rows = forest.rows
    assert list(rows.kind) == ["header", "estimate", "estimate", "pooled", "header", "survey"]
    est = rows[rows.kind == "estimate"]
    assert list(est.value) == [50.0, 30.0] and list(est.n) == [100.0, 400.0]
    assert est.estimate_text.tolist() == ["50.0% (no CI reported)", "30.0% (25.0%–35.0%)"]
    # Neither fixture row records a denominator: both n are the whole study's, and say so.
    assert est.n_text.tolist() == ["100, whole study", "400, whole study"] and not est.n_own.any()
    assert est.n_short.tolist() == ["100*", "400*"]
    assert len(forest.pooled) == 1 and forest.pooled[0].k == 2 and 30 < forest.pooled[0].value < 50
    survey = rows[rows.kind == "survey"].iloc[0]
    assert (survey.value, survey.n) == (75.0, 4.0)  # 3 of the 4 who tried to stop
    assert survey.label == "fixture"  # the fixture's dataset is not synthetic: it is named, not called a demo
    assert [r.name for r in forest.runs] == ["published_estimates", "withdrawal_by_group"]


def test_published_studies_only_leaves_the_survey_out(fresh_reports):
    forest = evidence.forest("withdrawal_incidence", Filters(), with_survey=False)
    assert "survey" not in set(forest.rows.kind) and [r.name for r in forest.runs] == ["published_estimates"]


def test_row_labels_are_words_from_the_topic_table(fresh_reports):
    rows = evidence.forest("withdrawal_incidence", Filters()).rows
    assert rows[rows.kind == "estimate"].label.tolist() == ["Doe 2020", "Doe 2021 · all studies"]


def test_forest_text_describes_only_what_is_drawn(fresh_reports):
    rows = evidence.forest("acceptability", Filters()).rows
    text = evidence.forest_text("acceptability", Filters(), rows)
    assert "credible interval" in text.note and "diamonds" not in text.note and "circle" not in text.note
    assert text.subtitle.startswith("1 published estimate from 1 study")
    assert "10.1/roe" in text.source


def test_the_filter_that_empties_a_view_is_named(fresh_reports):
    assert survey_numbers.emptying_filter(Filters(drugs=("mirtazapine",))) is None
    assert survey_numbers.emptying_filter(Filters(drugs=("mirtazapine",), sexes=("female",))) == "sex"
    assert survey_numbers.emptying_filter(Filters(drugs=("sertraline",))) == "drug"
    assert survey_numbers.emptying_filter(Filters(classes=("SSRI",), min_months=3, max_months=6)) == "duration"


def test_checked_against_names_the_target_or_says_assumed(fresh_reports):
    from sidefx import words

    effects = ["sexual_dysfunction", "weight_gain"]
    assert survey_numbers.checked_against(Filters(), "prevalence", effects) == [
        "x",
        words.ASSUMED,
    ]  # only sexual has a target for all
    assert survey_numbers.checked_against(Filters(drugs=("paroxetine",)), "prevalence", effects) == ["x", words.ASSUMED]
    assert survey_numbers.checked_against(Filters(drugs=("fluoxetine",)), "prevalence", effects) == [words.ASSUMED] * 2
    by_drug = survey_numbers.checked_against(
        Filters(), "prevalence", ["sexual_dysfunction"] * 2, "drug", ["paroxetine", "fluoxetine"]
    )
    assert by_drug == ["x", words.ASSUMED]
    # A selection no target describes (women only) is never credited to a published figure.
    assert survey_numbers.checked_against(Filters(sexes=("female",)), "prevalence", effects) == [words.ASSUMED] * 2
    assert survey_numbers.checked_against(Filters(), "withdrawal_incidence", ["withdrawal_effects"]) == ["x"]


def test_grouped_bars_give_each_groups_respondents_and_each_bar_its_own_n(fresh_reports):
    """The legend's n is each group's respondents and adds up to the subtitle's; paroxetine's weight bar, answered
    by 2 of its 3 respondents (respondent 3 skipped it), says so in its hover and the numbers table."""
    from sidefx import export

    panel = survey_panels.prevalence(
        Filters(compare_by="drug"), ("sexual_dysfunction", "weight_gain"), "bars", "effects"
    )
    names = {"fluoxetine (n = 2)", "mirtazapine (n = 1)", "paroxetine (n = 3)"}
    assert "n = 6 respondents" in panel.text.subtitle  # 2 + 1 + 3
    for fig in (panel.figure, panel.narrow_figure, export.build_figure(panel, "journal")):
        assert {t.name for t in fig.data if t.type == "bar" and t.showlegend} >= names
    weight = panel.table.set_index(["grp", "label"]).loc[("paroxetine", "Weight gain")]
    assert (weight.respondents, weight.group_respondents) == (2, 3)
    assert panel.columns["group_respondents"] == "n in group"
    bars = [t for t in panel.figure.data if t.type == "bar" and str(t.name).startswith("paroxetine")]
    hover = dict(zip(bars[0].y, bars[0].hovertext)) if bars[0].y is not None else {}
    assert "1 of 2 paroxetine respondents who answered it (3 in the group)" in hover["Weight gain"]
    assert "2 of 3 paroxetine respondents" in hover["Sexual difficulties"]
    assert "(3 in the group)" not in hover["Sexual difficulties"]  # everyone answered: no second n
    assert "1 bar's question was answered by fewer than its group" in panel.text.note


def _served(tables: dict, folder, monkeypatch):
    """An edited tiny survey written as an import writes it (with its cubes), and the dashboard pointed at it."""
    from sidefx import cubes
    from sidefx.serve import db

    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    cubes.build(folder)
    monkeypatch.setenv("SIDEFX_DATA_DIR", str(folder))
    db.reset()
    st.cache_data.clear()
    yield folder
    st.cache_data.clear()
    db.reset()


@pytest.fixture
def stopped_unanswered(tmp_path, monkeypatch):
    """The tiny survey as an import writes it when respondent 4 (fluoxetine) said yes to 'Tried to stop?' and
    left the withdrawal question blank: no withdrawal row, no withdrawal answer."""
    tables = tiny_tables()
    tables["withdrawal"] = tables["withdrawal"][tables["withdrawal"].respondent_id != "P0004"]
    r = tables["responses"]
    tables["responses"] = r[~((r.respondent_id == "P0004") & (r.effect == "withdrawal_effects"))]
    yield from _served(tables, tmp_path, monkeypatch)


def test_withdrawal_counts_who_tried_to_stop_from_the_stopping_question(stopped_unanswered):
    """4 said they tried to stop (respondents 1, 2, 4 and 5); 3 of them answered the withdrawal question."""
    from sidefx.serve import queries

    counts = queries.run("stopping_count", **Filters().to_params()).iloc[0]
    assert (counts.tried_to_stop, counts.answered) == (4, 3)
    fluoxetine = queries.run("stopping_count", **Filters(drugs=("fluoxetine",)).to_params()).iloc[0]
    assert (fluoxetine.tried_to_stop, fluoxetine.answered) == (2, 1)
    for group_by in ("drug", "duration_band", "method"):
        panel = survey_panels.withdrawal_incidence(Filters(), group_by)
        assert panel.text.subtitle.endswith("n = 4 who tried to stop · 3 answered the withdrawal question"), group_by
        assert "stopping_count" in [r.name for r in panel.runs]
        assert panel.table.tried_to_stop.sum() == 3  # each bar's n: those who answered
    assert survey_panels.W_COLUMNS["tried_to_stop"] == "n answered"
    # Against half-life: fluoxetine (1 answered), paroxetine (2); mirtazapine's respondent never tried to stop.
    half_life = survey_panels.withdrawal_half_life(Filters())
    assert half_life.text.subtitle.endswith(
        "n = 3 who answered the withdrawal question (4 in the selection tried to stop)"
    )
    assert "stopping_count" in [r.name for r in half_life.runs]


def test_withdrawal_says_only_who_tried_to_stop_when_all_of_them_answered(fresh_reports):

    assert survey_panels.withdrawal_incidence(Filters(), "drug").text.subtitle.endswith("· n = 4 who tried to stop")


def test_a_forest_titled_published_says_so_only_when_it_shows_published_estimates_alone(fresh_reports):

    both = studies_panels.forest("withdrawal_incidence", Filters())
    assert "survey" in set(both.table.kind)
    assert both.text.title == "Withdrawal: studies and this dashboard's survey"  # as the Rows choice says
    published = studies_panels.forest("withdrawal_incidence", Filters(), with_survey=False)
    assert published.text.title == "Withdrawal: published estimates"
    # A topic the survey has no question for has no survey row, even when asked for one: its title is published-only.
    assert studies_panels.forest("acceptability", Filters()).text.title == "Acceptability: published estimates"


def test_the_forest_note_explains_the_whole_study_n_as_each_layout_writes_it(fresh_reports):
    """The side columns write the whole study's n as '100*'; stacked rows (a journal column, a phone) write
    '100, whole study': the note names both marks."""

    panel = studies_panels.forest("withdrawal_incidence", Filters())
    assert set(panel.table.n_short.dropna()) >= {"100*"} and set(panel.table.n_text.dropna()) >= {"100, whole study"}
    assert "n*" in panel.text.note and "'whole study'" in panel.text.note


@pytest.fixture
def two_in_a_band(tmp_path, monkeypatch):
    """The tiny survey with respondent 3 (who skipped the weight question) taking paroxetine for 2 months, beside
    respondent 1: the band under 3 months has 2 respondents, 1 of whom answered about weight."""
    tables = tiny_tables()
    r = tables["respondents"]
    r.loc[r.respondent_id == "P0003", ["duration_months", "duration_band"]] = [2, "<3 months"]
    yield from _served(tables, tmp_path, monkeypatch)


def test_the_lines_by_duration_count_every_respondent_in_the_bands_drawn(two_in_a_band):
    """Bands drawn for weight: under 3 months (respondents 1 and 3), 3-6 months (6), 1-3 years (4), 3 years or more
    (2): 5 respondents, not the 4 who answered; respondent 5 gave no duration and is in no band."""

    panel = survey_panels.prevalence(Filters(), ("weight_gain",), "duration", "effects")
    assert panel.text.subtitle.endswith("n = 5 respondents")
