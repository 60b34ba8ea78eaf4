"""Report logic on the tiny dataset: forest rows, the survey's own row, the filter that empties a view."""

from __future__ import annotations

import pytest
import streamlit as st

from sidefx import reports
from sidefx.filters import Filters


@pytest.fixture
def fresh_reports(tiny_data):
    st.cache_data.clear()  # report results are cached by their arguments, not by the data folder
    yield
    st.cache_data.clear()


def test_forest_rows_group_pool_and_add_the_survey(fresh_reports):
    rows, pooled = reports.forest_rows("withdrawal_incidence", Filters())
    assert list(rows.kind) == ["header", "estimate", "estimate", "pooled", "header", "survey"]
    est = rows[rows.kind == "estimate"]
    assert list(est.value) == [50.0, 30.0] and list(est.n) == [100.0, 400.0]
    assert est.estimate_text.tolist() == ["50.0% (no CI reported)", "30.0% (25.0%–35.0%)"]
    assert len(pooled) == 1 and pooled[0].k == 2 and 30 < pooled[0].value < 50
    survey = rows[rows.kind == "survey"].iloc[0]
    assert (survey.value, survey.n) == (75.0, 4.0)  # 3 of the 4 who tried to stop
    assert survey.label == "Imported survey"  # the fixture's dataset is not synthetic


def test_forest_text_describes_only_what_is_drawn(fresh_reports):
    rows, _ = reports.forest_rows("acceptability", Filters())
    text = reports.forest_text("acceptability", Filters(), rows)
    assert "credible interval" in text.note and "diamonds" not in text.note and "circle" not in text.note
    assert text.subtitle.startswith("1 published estimate from 1 study")
    assert "10.1/roe" in text.source


def test_the_filter_that_empties_a_view_is_named(fresh_reports):
    assert reports.emptying_filter(Filters(drugs=("mirtazapine",))) is None
    assert reports.emptying_filter(Filters(drugs=("mirtazapine",), sexes=("female",))) == "sex"
    assert reports.emptying_filter(Filters(drugs=("sertraline",))) == "drug"
    assert reports.emptying_filter(Filters(classes=("SSRI",), min_months=3, max_months=6)) == "duration"
