"""Every page through streamlit.testing.v1.AppTest on the shipped demo data.

AppTest cannot render plotly, so figures are read from the element's JSON spec (arrays
may be base64-encoded 'bdata'); it cannot run a download's callable either.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60
PAGES = ["home", "prevalence", "withdrawal", "studies", "about"]


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
            out.extend(v for v in decode(t.get(axis, [])) if v is not None)  # the hatch key's legend-only bar has no value
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
    # Each group's n is in its legend entry: the most respondents who answered any one of its questions.
    from sidefx import queries
    from sidefx.filters import Filters

    rows = queries.run("prevalence_by_group", **Filters(drugs=("paroxetine", "sertraline")).to_params(), effects=[], group_by="drug")
    expected = {f"{g} (n = {int(n):,})" for g, n in rows.groupby("grp").respondents.max().items()}
    assert expected <= names


def test_heatmap_and_duration_views():
    at = open_page("prevalence", view="heatmap")
    assert figures(at)[0]["data"][0]["type"] == "heatmap"
    at = open_page("prevalence", view="duration")
    xs = figures(at)[0]["data"][0]["x"]
    assert decode(xs)[:2] == ["<3 months", "3-6 months"] and "unknown" not in decode(xs)


def test_duration_filter_changes_the_withdrawal_figures():
    from sidefx import queries
    from sidefx.filters import Filters

    narrowed = figures(open_page("withdrawal", min_months="36"))[0]  # withdrawal by drug, horizontal bars
    expected = queries.run("withdrawal_by_group", **Filters(min_months=36).to_params(), group_by="drug")
    default = queries.run("withdrawal_by_group", **Filters().to_params(), group_by="drug")
    drawn = sorted(round(v, 6) for v in trace_values(narrowed, "x"))
    assert drawn == sorted(round(v, 6) for v in expected.pct)
    assert drawn != sorted(round(v, 6) for v in default.pct)
    assert "taken for 3 years or more" in narrowed["layout"]["title"]["subtitle"]["text"].lower()
    assert "taken for 3 years or more" in narrowed["layout"]["title"]["text"].replace("<br>", " ").lower()  # the title says it too


def test_empty_selection_names_the_filter_that_emptied_it():
    at = open_page("prevalence", drug="moclobemide", sex="other")
    msgs = alerts(at)
    # Moclobemide has respondents and so do women and men, but no moclobemide user is 'other': the sex filter empties it.
    assert any("No respondents match" in m and "the **sex** filter (other)" in m for m in msgs), msgs
    assert not at.get("plotly_chart") and not at.exception


@pytest.mark.parametrize("query,fragment", [
    ({"drug": "notadrug"}, "notadrug"),
    ({"min_months": "-5"}, "-5"),
    ({"max_months": "abc"}, "abc"),
    ({"compare": "bogus"}, "bogus"),
    ({"view": "3d"}, "3d"),
])
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
    assert "paroxetine (Paxil, Aropax)" in options
    assert "agomelatine (Valdoxan) (not in survey)" in options and "psilocybin (not in survey)" in options
