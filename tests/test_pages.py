"""Every page through streamlit.testing.v1.AppTest on the shipped demo data.

AppTest cannot render plotly, so figures are read from the element's JSON spec (arrays
may be base64-encoded 'bdata'); it cannot run a download's callable either.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from sidefx.pages import PAGES as TABLE

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60
PAGES = [p.stem for p in TABLE if p.survey]  # the pages that show survey numbers (sidefx/pages.py)
IMPORT_PAGE = "import_survey"  # shows no survey numbers: tested in test_import_page.py
FAERS_PAGE = "faers"  # shows FDA reports, not the survey: tested in test_faers_page.py


def decode(value):
    """Plotly's typed-array JSON ({'dtype', 'bdata'}) back to a list; anything else unchanged."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return value


def figures(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def trace_values(fig: dict, axis: str) -> list:
    out = []
    for t in fig["data"]:
        if t.get("type") == "bar":
            out.extend(
                v for v in decode(t.get(axis, [])) if v is not None
            )  # the hatch key's legend-only bar has no value
    return out


def app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def open_page(page: str, **query) -> AppTest:
    """Open a page directly, as a shared link would."""
    at = app(**query)
    if page != "home":
        at.switch_page(f"views/{page}.py")
    return at.run()


def alerts(at, kind="warning") -> list[str]:
    return [e.value for e in getattr(at, kind)]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception_and_says_synthetic(page):
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert any("synthetic" in i.value.lower() for i in at.info), "every page labels the demo data as synthetic"
    if page in ("prevalence", "withdrawal", "studies"):
        figs = figures(at)
        assert figs and all(f["layout"]["template"]["layout"]["colorway"][0] == "#0072B2" for f in figs)


def test_home_reports_what_is_loaded():
    at = open_page("home")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Survey respondents"] == "5,000" and int(metrics["Published figures"]) > 100


def test_changing_the_drug_filter_changes_the_prevalence_figure():
    at = open_page("prevalence")
    before = figures(at)[0]
    at.sidebar.multiselect(key="f_drugs").set_value(["paroxetine"]).run()
    after = figures(at)[0]
    assert trace_values(before, "x") != trace_values(after, "x")
    assert "paroxetine" in after["layout"]["title"]["subtitle"]["text"].lower()
    assert at.query_params["drug"] == "paroxetine"


def test_compare_by_drug_draws_one_trace_per_drug():
    at = open_page("prevalence", drug="paroxetine,sertraline", compare="drug")
    names = {t["name"] for t in figures(at)[0]["data"] if t.get("type") == "bar"}
    # Each group's n is in its legend entry: its respondents (each drug counted alone), adding up to the subtitle's n.
    from sidefx.filters import Filters
    from sidefx.serve import queries

    def count(*drugs):
        return int(queries.run("respondent_count", **Filters(drugs=drugs).to_params()).respondents.iloc[0])

    assert {f"paroxetine (n = {count('paroxetine'):,})", f"sertraline (n = {count('sertraline'):,})"} <= names
    subtitle = str(figures(at)[0]["layout"]["title"]["subtitle"]["text"])
    assert f"n = {count('paroxetine') + count('sertraline'):,} respondents" in subtitle


def test_heatmap_and_duration_views():
    at = open_page("prevalence", view="heatmap")
    assert figures(at)[0]["data"][0]["type"] == "heatmap"
    at = open_page("prevalence", view="duration")
    xs = figures(at)[0]["data"][0]["x"]
    assert decode(xs)[:2] == ["<3 months", "3-6 months"] and "unknown" not in decode(xs)


def test_duration_filter_changes_the_withdrawal_figures():
    from sidefx.filters import Filters
    from sidefx.serve import queries

    narrowed = figures(open_page("withdrawal", min_months="36"))[0]  # withdrawal by drug, horizontal bars
    expected = queries.run("withdrawal_by_group", **Filters(min_months=36).to_params(), group_by="drug")
    default = queries.run("withdrawal_by_group", **Filters().to_params(), group_by="drug")
    drawn = sorted(round(v, 6) for v in trace_values(narrowed, "x"))
    assert drawn == sorted(round(v, 6) for v in expected.pct)
    assert drawn != sorted(round(v, 6) for v in default.pct)
    assert "taken for 3 years or more" in narrowed["layout"]["title"]["subtitle"]["text"].lower()
    assert (
        "taken for 3 years or more" in narrowed["layout"]["title"]["text"].replace("<br>", " ").lower()
    )  # the title says it too


def test_empty_selection_names_the_filter_that_emptied_it():
    at = open_page("prevalence", drug="moclobemide", sex="other")
    msgs = alerts(at)
    # Moclobemide has respondents and so do women and men, but no moclobemide user is 'other': the sex filter empties it.
    assert any("No respondents match" in m and "the **sex** filter (other)" in m for m in msgs), msgs
    assert not at.get("plotly_chart") and not at.exception


@pytest.mark.parametrize(
    "query,fragment",
    [
        ({"drug": "notadrug"}, "notadrug"),
        ({"min_months": "-5"}, "-5"),
        ({"max_months": "abc"}, "abc"),
        ({"compare": "bogus"}, "bogus"),
        ({"view": "3d"}, "3d"),
    ],
)
def test_tampered_url_parameter_is_dropped_with_a_notice(query, fragment):
    at = open_page("prevalence", **query)
    assert not at.exception
    assert any(fragment in m for m in alerts(at)), alerts(at)
    assert figures(at), "the page still draws with the bad value dropped"


def test_url_values_set_the_filters_and_persist_across_pages():
    at = open_page("home", drug="Paxil", sex="female", min_months="12", max_months="60")
    assert at.session_state["f_drugs"] == ["paroxetine"] and at.session_state["f_sexes"] == ["female"]
    at.switch_page("views/withdrawal.py").run()
    assert at.session_state["f_drugs"] == ["paroxetine"]
    assert at.query_params["drug"] == "paroxetine" and at.query_params["min_months"] == "12"
    assert "paroxetine" in figures(at)[0]["layout"]["title"]["subtitle"]["text"].lower()


def test_studies_page_never_puts_a_ratio_on_a_percent_axis():
    at = open_page("studies", topic="acceptability")
    fig = figures(at)[0]
    assert fig["layout"]["xaxis"]["type"] == "log" and fig["layout"]["xaxis"].get("ticksuffix") != "%"
    at = open_page("studies", topic="withdrawal_incidence")
    fig = figures(at)[0]
    assert fig["layout"]["xaxis"]["ticksuffix"] == "%"
    names = {t.get("name") for t in fig["data"]}
    assert "Demo survey (synthetic)" in names


def test_a_panel_with_nothing_to_show_says_why():
    # Some respondents match, but none of them tried to stop: every withdrawal panel explains, none draws an empty axis.
    at = open_page("withdrawal", drug="mirtazapine", sex="other", age="55-64")
    assert not at.exception
    infos = [i.value for i in at.info if "nothing to show" in i.value]
    assert infos and all("Nobody in this selection tried to stop" in i for i in infos)
    assert not at.get("plotly_chart")


def test_drug_picker_labels_brands_and_drugs_not_in_the_survey():
    at = open_page("home")
    options = at.sidebar.multiselect(key="f_drugs").options
    assert "paroxetine (Paxil, Aropax, Seroxat, Pexeva)" in options  # search finds a UK brand too
    assert "agomelatine (Valdoxan, Thymanax) (not in survey)" in options and "psilocybin (not in survey)" in options


# ---- the view: one parser, one link ----------------------------------------------------------
def drawn(at) -> dict:
    """What a reader sees: the sidebar's widgets, the page's choices, the numbers tables and the figures."""
    keys = [k for k in at.session_state if k.startswith(("f_", "p_", "dl_", "numbers_"))]
    return {
        "state": {k: at.session_state[k] for k in sorted(keys)},
        "figures": figures(at),
        "tables": [df.value.to_dict("list") for df in at.dataframe],
    }


def test_a_link_reproduces_the_view():
    """Change every kind of choice by hand; the link then opens the same view in a new session: same filters,
    same page choices, same tables open, same figure settings, same numbers drawn, and no notice."""
    at = open_page("prevalence")
    at.sidebar.multiselect(key="f_drugs").set_value(["paroxetine", "sertraline"]).run()
    at.sidebar.select_slider(key="f_duration").set_range("1 yr", "40 yr").run()
    at.sidebar.selectbox(key="f_compare").set_value("drug").run()
    at.radio(key="p_sort").set_value("domain").run()
    at.multiselect(key="p_effects").set_value(["sexual_dysfunction", "weight_gain", "emotional_numbing"]).run()
    at.toggle(key="numbers_prevalence_chart").set_value(True).run()
    at.sidebar.selectbox(key="dl_preset").set_value("square").run()
    at.sidebar.radio(key="dl_format").set_value("svg").run()
    at.sidebar.toggle(key="dl_dark").set_value(True).run()
    assert not at.exception
    link = dict(at.query_params)
    assert (
        link
        | {
            "drug": "paroxetine,sertraline",
            "min_months": "12",
            "compare": "drug",
            "sort": "domain",
            "numbers": "chart",
            "size": "square",
            "format": "svg",
            "dark": "on",
        }
        == link
    )
    assert at.sidebar.code[0].value.endswith("?" + urlencode(link)), "the link shown is the URL"

    fresh = open_page("prevalence", **link)
    assert not fresh.exception and alerts(fresh) == []
    assert dict(fresh.query_params) == link
    before, after = drawn(at), drawn(fresh)
    assert after["state"] == before["state"]
    assert after["tables"] == before["tables"] and after["tables"], "the numbers table is open, with the same numbers"
    assert after["figures"] == before["figures"]
    assert sorted(trace_values(after["figures"][0], "y")) == sorted(trace_values(before["figures"][0], "y"))


def test_withdrawal_tab_and_numbers_are_part_of_the_link():
    at = open_page("withdrawal", tab="half-life", numbers="half-life")
    assert not at.exception and alerts(at) == []
    assert at.session_state["p_tab"] == "Half-life" and at.session_state["numbers_withdrawal_half-life"] is True
    assert len(at.dataframe) == 1 and "Half-life (h, midpoint)" in at.dataframe[0].value.columns
    at.session_state["p_tab"] = "Severity"  # what clicking the tab does
    at.run()
    assert at.query_params["tab"] == "severity" and at.query_params["numbers"] == "half-life"
    assert open_page("withdrawal", **dict(at.query_params)).session_state["p_tab"] == "Severity"


@pytest.mark.parametrize("page", ["prevalence", "withdrawal"])
def test_pooled_drugs_offer_a_one_click_comparison(page):
    at = open_page(page, drug="paroxetine,sertraline")
    notes = [m.value for m in at.markdown if "pooled into one group" in m.value]
    assert notes and "paroxetine and sertraline" in notes[0]
    at.button(key="compare_drugs").click().run()
    assert not at.exception
    assert at.session_state["f_compare"] == "drug" and at.query_params["compare"] == "drug"
    assert not [m.value for m in at.markdown if "pooled into one group" in m.value], "no notice once they are compared"
    if page == "prevalence":
        names = {
            t["name"].split(" (n = ")[0] for t in figures(at)[0]["data"] if t.get("type") == "bar" and t.get("name")
        }
        assert {"paroxetine", "sertraline"} <= names


def test_one_drug_or_a_comparison_has_no_pooling_notice():
    for query in (
        {"drug": "paroxetine"},
        {"drug": "paroxetine,sertraline", "compare": "sex"},
        {"drug": "paroxetine,sertraline", "view": "heatmap"},
    ):  # the heatmap draws a row per drug
        at = open_page("prevalence", **query)
        assert not [m.value for m in at.markdown if "pooled into one group" in m.value], query


def test_duration_slider_says_its_range_in_words_and_its_steps():
    at = open_page("home", min_months="12")
    captions = [c.value for c in at.sidebar.caption]
    assert any(c.startswith("Taken for 1 year or more.") for c in captions), captions
    assert any(
        "Steps: 0 · 1 mo · 3 mo · 6 mo · 1 yr · 2 yr · 3 yr · 5 yr · 10 yr · 20 yr · 40 yr" in c for c in captions
    ), captions
    at = open_page("home")
    assert any(c.startswith("Any duration of use, including people who did not say") for c in at.sidebar.caption.values)


def test_no_pages_folder_beside_the_entry_point():
    """A pages/ folder beside dashboard.py would put Streamlit into its legacy multipage mode (see dashboard.py)."""
    assert not (ROOT / "pages").exists(), (
        "page scripts belong in views/: a pages/ folder beside dashboard.py breaks deep links"
    )
    assert all((ROOT / f"views/{page}.py").exists() for page in [*PAGES, IMPORT_PAGE, FAERS_PAGE])


def test_home_links_every_other_page_from_the_one_list():
    at = open_page("home")
    links = [(link.proto.page, link.label) for link in at.get("page_link")]
    assert links == [(p.url_path, p.title) for p in TABLE[1:]]
    assert [p.url_path for p in TABLE] == [*PAGES[:4], "faers", "import", PAGES[4]] and all(p.what for p in TABLE[1:])


def test_a_notice_quotes_a_link_value_as_text_never_as_markdown():
    at = open_page("prevalence", view="[click](https://example.org)", drug="**loud**")
    shown = " ".join(alerts(at))
    assert "\\[click\\]\\(https://example.org\\)" in shown and "\\*\\*loud\\*\\*" in shown, shown


def test_how_this_was_computed_shows_each_querys_sql():
    """The collapsed section under a chart names each .sql file with its values and shows the file's SQL itself."""
    at = open_page("withdrawal")
    assert not at.exception, [e.value for e in at.exception]
    sections = [e for e in at.expander if e.label == "How this was computed"]
    assert sections and not sections[0].proto.expanded  # collapsed until opened
    first = sections[0]
    assert "queries/withdrawal_by_group.sql, run with these parameters (JSON):" in first.code[0].value
    named = [c.value for c in first.caption if c.value.startswith("queries/")]
    assert "queries/withdrawal_by_group.sql" in named
    sql = [c.value.strip() for c in first.code if c.language == "sql"]
    assert sql == [(ROOT / name).read_text().strip() for name in named]  # each file named, its SQL shown whole


@pytest.mark.parametrize("page", ["prevalence", "withdrawal", "studies"])
def test_the_numbers_switch_says_what_it_shows_without_a_help_icon_a_phone_cannot_open(page):
    """On a phone, a tap on the (?) inside a switch's label toggles the switch and never shows the help."""
    at = open_page(page)
    assert not at.exception
    switches = [t for t in at.toggle if t.key and t.key.startswith("numbers_")]
    assert switches, page
    for switch in switches:
        assert not switch.help, (page, switch.key)
        assert switch.label == "Show the numbers behind this chart"
