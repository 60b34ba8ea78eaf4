"""The FAERS page through AppTest: without imported reports it says how to get them; with them, each antidepressant's
reporting odds ratio for the chosen side effect, from faers_signals.sql, with the FAERS words in the title area."""

from __future__ import annotations

import json

import pytest

from sidefx import db, words
from tests.test_pages import app, figures


def faers_page(**query):
    at = app(**query)
    at.switch_page("views/faers.py")
    return at.run()


def test_without_imported_reports_the_page_says_what_it_shows_and_how_to_get_them(tmp_path, monkeypatch):
    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(tmp_path / "none"))
    db.reset()
    at = faers_page()
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(i.value for i in at.info)
    assert "No FAERS reports have been imported" in said and "python -m sidefx.faers" in said
    assert "make faers-sample" in said and not figures(at)


def test_with_reports_each_drug_has_its_reporting_odds_ratio(tiny_faers):
    at = faers_page(event="withdrawal_effects", roles="suspect")
    assert not at.exception, [e.value for e in at.exception]
    fig = figures(at)[0]  # (the phone's narrow figure is drawn beside it)
    spec = json.dumps(fig, ensure_ascii=False)
    assert "Reports to the FDA (FAERS)" in spec and "Survey:" not in spec and words.SYNTHETIC_BADGE not in spec
    assert "All 40 cases · drugs as suspects" in spec
    # Sertraline: a=6, b=4, c=5, d=25 (see tests/conftest.py), so ROR = (6/4)/(5/25) = 7.5.
    assert "7.5 (" in spec and "✓" in spec  # Evans' criteria met
    # Time on drug: known for 1 of sertraline's 10 cases, and for paroxetine's one suspect case.
    assert "Time on the drug is known for 10–100% of the cases naming each drug." in spec
    assert "Only 40 cases are imported" in " ".join(w.value for w in at.warning)
    at.selectbox(key="p_event").set_value("suicidality")
    at.run()
    assert "Reports of suicidal feelings to the FDA" in json.dumps(figures(at)[0])
    assert at.query_params["event"] == "suicidality"  # the link keeps the choice


def test_a_tampered_side_effect_in_the_link_is_dropped_with_a_notice(tiny_faers):
    at = faers_page(event="<script>", roles="everything")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "Ignored event" in notices and "Ignored roles" in notices


@pytest.fixture(autouse=True)
def _fresh():
    yield
    db.reset()


def test_about_describes_the_faers_method_item_by_item():
    at = app()
    at.switch_page("views/about.py")
    at.run()
    assert "Reports to the FDA (FAERS): method" in [h.value for h in at.header]
    text = " ".join(m.value for m in at.markdown)
    for name, _ in words.FAERS_METHOD:
        assert f"**{name}**" in text
