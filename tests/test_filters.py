"""Filters: from the URL (with notices for bad values), to SQL parameters, to words."""

from __future__ import annotations

import pytest

from sidefx.filters import ALL, DURATION_STEPS, Filters, Options, months_label, snap_months

OPTS = Options(
    drugs=("fluoxetine", "paroxetine", "sertraline"),
    brands={"prozac": "fluoxetine", "paxil": "paroxetine"},
    classes=("SSRI", "SNRI"),
    sexes=("female", "male"),
    age_bands=("18-24", "65+"),
)


def test_defaults_round_trip_with_every_parameter_written():
    f = Filters()
    qp = f.to_query_params()
    assert qp == {
        "drug": ALL,
        "class": ALL,
        "min_months": "0",
        "max_months": "480",
        "sex": ALL,
        "age": ALL,
        "compare": "none",
    }
    assert Filters.from_query_params(qp, OPTS) == (f, [])


def test_a_view_round_trips_through_the_url():
    f = Filters(
        drugs=("paroxetine", "sertraline"),
        classes=("SSRI",),
        min_months=12,
        max_months=60,
        sexes=("female",),
        age_bands=("65+",),
        compare_by="drug",
    )
    assert Filters.from_query_params(f.to_query_params(), OPTS) == (f, [])


def test_brand_names_and_case_resolve_to_the_inn():
    f, notices = Filters.from_query_params({"drug": "Prozac,PAXIL,paroxetine"}, OPTS)
    assert f.drugs == ("fluoxetine", "paroxetine") and notices == []


@pytest.mark.parametrize(
    "params,word",
    [
        ({"drug": "notadrug"}, "drug 'notadrug'"),
        ({"min_months": "-5"}, "min months '-5'"),
        ({"max_months": "abc"}, "max months 'abc'"),
        ({"max_months": "99999"}, "max months"),
        ({"min_months": "60", "max_months": "12"}, "start is after the end"),
        ({"compare": "bogus"}, "compare 'bogus'"),
        ({"sex": "robot"}, "sex 'robot'"),
        ({"class": "SSRI,<script>"}, "drug class '<script>'"),
    ],
)
def test_bad_url_values_are_dropped_with_a_notice(params, word):
    f, notices = Filters.from_query_params(params, OPTS)
    assert len(notices) == 1 and word in notices[0]
    default = Filters()
    assert f.min_months == default.min_months and f.max_months == default.max_months
    assert f.compare_by in ("none",) and "notadrug" not in f.drugs and "robot" not in f.sexes
    if "class" in params:
        assert f.classes == ("SSRI",)  # the good value survives


def test_to_params_includes_unknown_duration_only_at_full_range():
    assert Filters().to_params()["include_unknown"] is True
    p = Filters(min_months=12, max_months=480).to_params()
    assert p["include_unknown"] is False and (p["min_months"], p["max_months"]) == (12, 480)
    assert set(Filters().to_params()) == {
        "drugs",
        "classes",
        "min_months",
        "max_months",
        "include_unknown",
        "sexes",
        "age_bands",
    }


def test_words_and_slug():
    assert Filters().describe() == "all respondents" and Filters().slug() == "all"
    f = Filters(drugs=("paroxetine",), min_months=36, sexes=("female",), compare_by="drug")
    assert f.describe() == "paroxetine; taken for 3 years or more; female; compared by drug"
    assert f.slug() == "paroxetine_female_36-480mo"
    assert Filters(min_months=1, max_months=6).describe() == "taken for 1 month to 6 months"
    assert Filters(max_months=12).describe() == "taken for up to 1 year"
    assert (
        Filters(drugs=("paroxetine", "sertraline"), min_months=12).scope()
        == "paroxetine and sertraline, taken for 1 year or more"
    )
    assert (
        Filters(sexes=("female",)).scope() == ""
    )  # titles name drugs, classes and duration; the subtitle has the rest
    assert Filters(drugs=("a b/../c",)).slug() == "a-b-c"


def test_duration_steps_and_snapping():
    assert [months_label(m) for m in (0, 1, 6, 12, 36, 480)] == ["0", "1 mo", "6 mo", "1 yr", "3 yr", "40 yr"]
    assert snap_months(5, up=False) == 3 and snap_months(5, up=True) == 6 and snap_months(12, up=True) == 12
    assert DURATION_STEPS[0] == 0 and DURATION_STEPS[-1] == 480
