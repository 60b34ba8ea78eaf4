"""The view: one parser from the URL to one frozen object, and back, on every page."""

from __future__ import annotations

import pytest

from sidefx import export
from sidefx.filters import Filters, Options
from sidefx.pages import PAGES, TABS
from sidefx.viewstate import SIZES, View, Vocab, default_size, parse

VOCAB = Vocab(
    Options(
        drugs=("fluoxetine", "paroxetine", "sertraline"),
        brands={"prozac": "fluoxetine"},
        classes=("SSRI",),
        sexes=("female", "male"),
        age_bands=("18-24", "65+"),
    ),
    effects=("sexual_dysfunction", "weight_gain"),
    topics=("withdrawal_incidence", "acceptability"),
)
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
PIXEL = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
)
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


def test_every_page_writes_its_whole_view_defaults_included():
    assert parse({}, "home", VOCAB) == (View(), ())
    q = View().to_query_params("prevalence")
    assert q == {
        "drug": "all",
        "class": "all",
        "min_months": "0",
        "max_months": "480",
        "sex": "all",
        "age": "all",
        "compare": "none",
        "view": "bars",
        "sort": "prevalence",
        "effects": "all",
        "numbers": "none",
        "size": "slide-16x9",
        "format": "png",
        "dark": "off",
    }
    assert View().to_query_params("withdrawal")["tab"] == "by-drug"
    assert {"topic", "rows", "numbers"} <= set(View().to_query_params("studies"))
    assert "numbers" not in View().to_query_params("home") and "view" not in View().to_query_params("about")


@pytest.mark.parametrize(
    "page,view",
    [
        (
            "prevalence",
            View(
                Filters(drugs=("paroxetine", "sertraline"), min_months=12, sexes=("female",), compare_by="drug"),
                view="heatmap",
                sort="domain",
                effects=("weight_gain",),
                numbers=("chart",),
                size="square",
                format="svg",
                dark=True,
            ),
        ),
        (
            "withdrawal",
            View(Filters(classes=("SSRI",)), tab="half-life", numbers=("by-drug", "tapering-severity"), size="journal"),
        ),
        ("studies", View(topic="acceptability", rows="published", numbers=("forest",), format="pdf")),
        ("about", View(Filters(age_bands=("65+",)), size="poster")),
    ],
)
def test_a_view_round_trips_through_its_link(page, view):
    assert parse(view.to_query_params(page), page, VOCAB) == (view, ())


@pytest.mark.parametrize(
    "page,params,part,fragment",
    [
        ("prevalence", {"view": "pie"}, "view", "view 'pie'"),
        ("prevalence", {"sort": "random"}, "sort", "sort 'random'"),
        ("prevalence", {"effects": "weight_gain,hair_loss"}, "effects", "effects 'hair_loss'"),
        ("studies", {"topic": "astrology"}, "topic", "topic 'astrology'"),
        ("studies", {"rows": "some"}, "rows", "rows 'some'"),
        ("withdrawal", {"tab": "gossip"}, "tab", "tab 'gossip'"),
        ("withdrawal", {"numbers": "by-drug,pie-chart"}, "numbers", "numbers 'pie-chart'"),
        ("home", {"size": "billboard"}, "figure", "size 'billboard'"),
        ("home", {"format": "gif"}, "figure", "format 'gif'"),
        ("home", {"dark": "maybe"}, "figure", "dark 'maybe'"),
        ("home", {"drug": "notadrug"}, "filters", "drug 'notadrug'"),
        ("home", {"min_months": "5"}, "filters", "widened to the nearest slider steps, 3-480 months"),
    ],
)
def test_a_bad_value_is_dropped_with_one_notice_naming_it(page, params, part, fragment):
    view, notices = parse(params, page, VOCAB)
    assert [n.part for n in notices] == [part] and fragment in notices[0].message
    good = (
        View(numbers=("by-drug",))
        if params.get("numbers")
        else View(effects=("weight_gain",))
        if "effects" in params
        else View()
    )
    if "min_months" in params:
        good = View(Filters(min_months=3))
    assert view == good


def test_other_pages_choices_are_ignored_not_noticed():
    assert parse({"view": "pie", "tab": "severity"}, "studies", VOCAB) == (View(), ())


def test_phones_default_to_square_figures_and_a_link_says_otherwise():
    assert default_size(IPHONE) == default_size(PIXEL) == "square"
    assert default_size(DESKTOP) == default_size("") == default_size(None) == "slide-16x9"
    assert parse({}, "home", VOCAB, default_size(IPHONE))[0].size == "square"
    assert parse({"size": "slide-16x9"}, "home", VOCAB, default_size(IPHONE))[0].size == "slide-16x9"


def test_vocabularies_match_what_the_widgets_offer():
    assert tuple(export.PRESETS) == SIZES and View().format in export.FORMATS
    assert len(set(TABS.values())) == len(TABS)


def test_the_view_is_frozen():
    with pytest.raises(AttributeError):
        View().view = "heatmap"


def _other_value(choice, vocab):
    """A value of the choice that is not its default (the last allowed; for a multi-choice, the last two)."""
    allowed = [v for v in vocab.allowed(choice.options) if v != choice.default]
    return tuple(allowed[-2:]) if choice.many else allowed[-1]


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_entrys_choices_and_charts_round_trip_through_a_link(page):
    effects = ("withdrawal_effects", *VOCAB.effects)  # the FAERS page's default side effect among them
    vocab = Vocab(VOCAB.filters, effects, VOCAB.topics, faers_terms=("nausea", "tinnitus"))
    chosen = {c.name: _other_value(c, vocab) for c in page.choices}
    view = View(Filters(drugs=("sertraline",)), numbers=page.charts[-1:], size="square", **chosen)
    params = view.to_query_params(page.url_path)
    assert {c.name for c in page.choices} <= set(params) and ("numbers" in params) == bool(page.charts)
    assert parse(params, page.url_path, vocab) == (view, ())
    # and each choice's default, written out, reads back as the default
    assert parse(View().to_query_params(page.url_path), page.url_path, vocab) == (View(), ())


def test_pages_sharing_a_choice_name_share_its_default():
    for page in PAGES:
        for choice in page.choices:
            assert getattr(View(), choice.name) == choice.default, (page.url_path, choice.name)
