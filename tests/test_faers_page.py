"""The FAERS page through AppTest: without imported reports it says how to get them; with them, each antidepressant's
reporting odds ratio for the chosen side effect, from faers_signals.sql, with the FAERS words in the title area."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sidefx import export, words
from sidefx.faers import words as faers_words
from sidefx.serve import db
from tests.test_pages import ROOT, app, decode, figures


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
    took = "a quarter of about 400,000 reports took 7 to 30 seconds to import on a 2-core machine"
    assert took in said and took in " ".join((ROOT / "README.md").read_text().lower().split())  # measured, both


def test_with_reports_each_drug_has_its_reporting_odds_ratio(tiny_faers):
    at = faers_page(event="withdrawal_effects", roles="suspect")
    assert not at.exception, [e.value for e in at.exception]
    fig = figures(at)[0]  # (the phone's narrow figure is drawn beside it)
    spec = json.dumps(fig, ensure_ascii=False)
    assert "Survey:" not in spec and words.SYNTHETIC_BADGE not in spec
    # 40 cases, under the faers_min_cases setting: the title area says they are too few, where an audience reads it.
    assert "Reports to the FDA (FAERS) · only 40 cases: too few to conclude" in spec
    assert "All 40 cases · drugs as suspects" in spec
    # Sertraline: a=6, b=4, c=5, d=25 (see tests/conftest.py), so ROR = (6/4)/(5/25) = 7.5.
    assert "7.5 (" in spec and "✓" in spec  # Evans' criteria met
    # Time on drug: known for 1 of sertraline's 10 cases, and for paroxetine's one suspect case.
    assert "Time on the drug is known for 10–100% of the cases naming each drug." in spec
    assert "Only 40 cases are imported" in " ".join(w.value for w in at.warning)
    at.selectbox(key="p_event").set_value("suicidality")
    at.run()
    assert "Suicidal feelings: reports to the FDA" in json.dumps(figures(at)[0])
    assert at.query_params["event"] == "suicidality"  # the link keeps the choice


def titled(at) -> dict[str, dict]:
    """The page's screen figures by the start of their title (each panel also draws a phone's figure)."""
    out = {}
    for fig in figures(at):
        title = fig["layout"]["title"]["text"].replace("<br>", " ")
        out.setdefault(title, fig)
    return out


def chart(at, words_in_title: str) -> dict:
    found = [fig for title, fig in titled(at).items() if words_in_title in title]
    assert len(found) == 1, list(titled(at))
    return found[0]


def test_every_faers_chart_is_drawn_from_the_reports(tiny_faers):
    at = faers_page(event="withdrawal_effects", roles="suspect")
    assert not at.exception, [e.value for e in at.exception]
    # Every side effect by drug: sertraline's withdrawal cell is the forest's 7.5, Evans' criteria met, n = 6.
    grid = chart(at, "Each side effect in reports to the FDA")
    cells = json.dumps(grid["data"][0]["text"], ensure_ascii=False)
    assert "7.5✓<br>n=6" in cells
    assert "No report in this selection names" in json.dumps(grid, ensure_ascii=False)  # e.g. weight gain
    # Half-life: sertraline has a ratio; suspect paroxetine (a = 1, b = 0) has none, and the chart says so.
    half = json.dumps(chart(at, "Withdrawal in reports to the FDA and drug half-life"), ensure_ascii=False)
    assert "sertraline" in half and "No ratio for paroxetine" in half
    # By quarter: sertraline's withdrawal cases 1-3 came in 2024Q1 and 4-6 in 2024Q2.
    quarters = chart(at, "by quarter received")
    sert = next(t for t in quarters["data"] if t["name"] == "sertraline")
    assert list(decode(sert["y"])) == [3, 3] and "of 5 received" in json.dumps(sert["hovertext"])
    # By time on the drug: only sertraline's case 10 (2 months, no withdrawal) and paroxetine's case 14 (20 months,
    # its only suspect case) have a known time: no band has a ratio, and the page says why instead of an empty chart.
    assert "no case reporting it says how long the drug was taken" in " ".join(i.value for i in at.info)
    # Time to onset: sertraline's cases 1-6 give 0, 3, 10, 20, 45 and 90 days: median 15, quartiles 4.75 and 38.75.
    shape = chart(at, "Withdrawal effects when stopping or reducing: days from starting the drug, in")
    shape = json.dumps(shape, ensure_ascii=False).replace("<br>", " ")
    assert "sertraline: median 15 days (4.8–38.8)" in shape
    assert "6 of 7 drug reports give both dates" in shape  # suspect paroxetine's case 14 gives no start date
    # After stopping: suspect paroxetine's case 14 began 3 days after its end date.
    stop = json.dumps(chart(at, "Withdrawal in reports to the FDA: days from stopping"), ensure_ascii=False)
    assert "median 3 days after stopping" in stop
    assert len(titled(at)) == 8


def test_any_preferred_term_can_be_chosen_and_kept_in_the_link(tiny_faers):
    at = faers_page(event="tinnitus", roles="suspect")
    assert not at.exception and not at.warning[1:]  # only the small-sample warning
    assert at.selectbox(key="p_event").value == "tinnitus"
    forest = json.dumps(chart(at, "Tinnitus: reports to the FDA, by antidepressant"), ensure_ascii=False)
    assert "7.2 (" in forest  # sertraline: (2/8)/(1/29) = 7.25
    # Quarters are kept for the catalogue's side effects only, and the page says so.
    assert "quarters are kept for the dashboard's side effects only" in " ".join(i.value for i in at.info)
    # A term never named with an antidepressant ('Nausea': cases 16-40 only) is not offered, so the link drops it.
    at = faers_page(event="nausea")
    assert "Ignored event" in " ".join(w.value for w in at.warning)


def test_the_drug_class_filter_applies_to_the_reports(tiny_faers):
    at = faers_page(event="withdrawal_effects", **{"class": "SNRI"})
    assert not at.exception, [e.value for e in at.exception]
    assert not figures(at)  # sertraline and paroxetine are SSRIs
    # A drug chosen is shown against every case: the subtitle says which cases, then which drugs are shown.
    at = faers_page(event="withdrawal_effects", drug="sertraline")
    spec = json.dumps(chart(at, "reducing: reports to the FDA, by antidepressant"), ensure_ascii=False)
    assert "All 40 cases · drugs shown: sertraline · drugs as suspects" in spec
    assert "nothing to show" in " ".join(i.value for i in at.info)
    assert not any("Drug class" in c.value for c in at.caption)


def test_compared_by_sex_each_sex_has_its_own_tables(tiny_faers):
    at = faers_page(event="withdrawal_effects", compare="sex")
    assert not at.exception, [e.value for e in at.exception]
    forest = json.dumps(chart(at, "by antidepressant and sex"), ensure_ascii=False)
    # Every case naming an antidepressant is a woman's (cases 1-20): sertraline within women is a=6, b=4, c=5
    # (cases 11-15), d=5 (16-20): ROR (6/4)/(5/5) = 1.5, against 7.5 over every case. No man's case names one.
    assert "<b>Female (20 cases)</b>" in forest and "1.5 (" in forest and "Male" not in forest
    assert "each sex its own comparison" in forest and "sertraline: 6 cases reported it" in forest
    assert "the first chart makes each sex's own 2x2 tables" in " ".join(c.value for c in at.caption)


def test_a_narrowed_duration_says_how_often_the_time_is_known_beside_every_chart(tiny_faers):
    at = faers_page(event="withdrawal_effects", min_months="0", max_months="6")
    assert not at.exception, [e.value for e in at.exception]
    for title, fig in titled(at).items():
        spec = json.dumps(fig, ensure_ascii=False).replace("<br>", " ")
        assert "Time on the drug is known for" in spec or "time on the drug is known" in spec, title


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
    for name, _ in faers_words.FAERS_METHOD:
        assert f"**{name}**" in text


def test_every_faers_chart_fits_every_export_size(tiny_faers):
    """The caveats every FAERS figure carries leave the chart room at every size; a journal column grows taller."""
    from sidefx import export
    from sidefx.faers import grid as faers_grid
    from sidefx.faers import numbers as faers_numbers
    from sidefx.faers import panels as faers_panels
    from sidefx.faers import trends as faers_trends
    from sidefx.filters import Filters

    f = Filters()
    drawn = [
        faers_panels.faers_ror("withdrawal_effects", "Withdrawal", "suspect", f),
        faers_trends.faers_by_quarter("withdrawal_effects", "Withdrawal", "any", f),
        faers_grid.faers_effects(faers_numbers.faers_effects(), "suspect", f),
        faers_panels.faers_ror("withdrawal_effects", "Withdrawal", "suspect", f, "adjusted_year"),  # the longest words
        faers_grid.faers_effects(faers_numbers.faers_effects(), "suspect", f, "adjusted_year"),
    ]
    assert all(not p.table.empty for p in drawn)
    for p in drawn:
        for preset in export.PRESETS:
            assert export.fit_problem(p, preset) is None, (p.slug, preset)
    assert export.build_figure(drawn[2], "journal").layout.height > 1050  # the notes made it taller


def test_the_measure_choice_draws_the_adjusted_ratio_or_the_prr_and_the_table_keeps_all_three(tiny_faers):
    """The fixture's cases are all aged 35-44, women 1-20 and men 21-40: sertraline's cases (1-10) are all women, so
    within men there is no exposed case and the Mantel–Haenszel ROR is the women's own 2x2 table: sertraline a=6
    (withdrawal in 1-6), b=4, c = women with withdrawal not on it (11-15) = 5, d = 20 - 15 = 5: (6*5)/(4*5) = 1.5,
    against the crude 7.5 (men without withdrawal sit in d). The PRR is (6/10)/(5/30) = 3.6."""
    from sidefx.faers import adjusted

    crude = session_panel(faers_page(event="withdrawal_effects"), "faers-ror-")
    row = crude.table.set_index("label").loc["sertraline"]
    assert row.value == pytest.approx(7.5) and row.adj_ror == pytest.approx(1.5) and row.strata == 1
    assert [r.name for r in crude.runs] == ["faers_signals", "faers_signals", "faers_ebgm", "faers_ebgm_prior"]
    assert crude.runs[1].params["split"] == adjusted.SPLIT

    at = faers_page(event="withdrawal_effects", measure="adjusted")
    drawn = session_panel(at, "faers-adjusted-ror-")
    assert drawn.table.set_index("label").loc["sertraline"].value == pytest.approx(1.5)
    assert drawn.table.set_index("label").loc["sertraline"].ror == pytest.approx(7.5)  # the crude one beside it
    assert "adjusted for sex and age band (Mantel–Haenszel)" in drawn.text.subtitle
    assert drawn.text.note.startswith("Squares: ROR against every other drug within each sex and age band, pooled")
    assert drawn.columns["value"] == "Reporting odds ratio adjusted for sex and age"
    spec = json.dumps(figures(at)[0], ensure_ascii=False)
    assert "ROR adjusted for sex and age (log scale; 1 = no difference)" in spec and "1.5 (" in spec
    assert at.query_params["measure"] == "adjusted"

    prr = session_panel(faers_page(event="withdrawal_effects", measure="prr"), "faers-prr-")
    assert prr.table.set_index("label").loc["sertraline"].value == pytest.approx(3.6)


def test_compared_by_sex_the_adjusted_choice_says_each_group_is_its_own_crude_table(tiny_faers):
    at = faers_page(event="withdrawal_effects", measure="adjusted", compare="sex")
    assert "nothing left to adjust for" in " ".join(c.value for c in at.caption)
    panel = session_panel(at, "faers-ror-")  # the crude ratio within each sex
    assert panel.slug.endswith("-by-sex") and "adj_ror" not in panel.table


def test_the_ebgm_choice_draws_the_stored_ebgm_with_its_interval_and_marks_eb05_of_2_as_a_signal(tiny_faers):
    """The import stored each drug's EBGM (sidefx/faers/ebgm.py): the chart draws those numbers, on the log axis named
    EBGM, with EB05–EB95 as its interval; the table keeps the 2x2 counts beside them. The fixture's 40 cases give a prior
    that shrinks every cell far towards 1, so no EB05 reaches 2: no ✓."""
    from sidefx.faers import panels as faers_panels

    stored = pd.read_parquet(tiny_faers / "faers_ebgm.parquet").set_index(["roles", "event", "inn"])
    want = stored.loc[("suspect", "effect:withdrawal_effects", "sertraline")]
    at = faers_page(event="withdrawal_effects", measure="ebgm")
    drawn = session_panel(at, "faers-ebgm-")
    row = drawn.table.set_index("label").loc["sertraline"]
    assert (row.value, row.ci_low, row.ci_high) == pytest.approx((want.ebgm, want.eb05, want.eb95))
    assert row.a == 6 and row.ebgm_n == 6 and row.ebgm_e == pytest.approx(10 * 11 / 20)
    assert not row.ebgm_signal and "✓" not in row.estimate_text
    assert drawn.options["measure"] == "ebgm" and faers_panels.EBGM_COLUMNS.keys() <= drawn.columns.keys()
    assert "faers_ebgm" in export.readme(drawn) and "faers_ebgm_prior" in export.readme(drawn)
    spec = json.dumps(figures(at)[0], ensure_ascii=False)
    assert "EBGM (empirical Bayes geometric mean) (log scale" in spec and "EB05 ≥ 2" in spec
    assert at.query_params["measure"] == "ebgm"


def test_an_eb05_of_2_is_marked_as_a_signal(tiny_faers):
    row = pd.Series({"value": 3.0, "ci_low": 2.1, "ci_high": 4.0, "evans": False})
    assert faers_words.ratio_text(row, True) == "3.0 (2.1–4.0) ✓" and faers_words.ratio_text(row) == "3.0 (2.1–4.0)"


def test_with_the_sex_filter_ebgm_is_the_whole_folders_and_says_so(tiny_faers):
    at = faers_page(event="withdrawal_effects", measure="ebgm", sex="female")
    drawn = session_panel(at, "faers-ebgm-")
    assert "the sex, age and duration filters do not narrow it" in drawn.text.reading
    assert drawn.table.set_index("label").loc["sertraline"].ebgm_n == 6  # the folder's N, not narrowed


def test_a_folder_imported_before_ebgm_opens_and_says_to_import_again(tiny_faers):
    for name in ("faers_ebgm.parquet", "faers_ebgm_prior.parquet"):
        (tiny_faers / name).unlink()
    db.reset()
    at = faers_page(event="withdrawal_effects", measure="ebgm")
    drawn = session_panel(at, "faers-ebgm-")
    assert "EBGM needs the quarters imported again" in drawn.text.reading
    assert drawn.table.value.isna().all() and drawn.table.set_index("label").loc["sertraline"].a == 6
    assert not at.error and figures(at)


def session_panel(at, slug_start: str):
    assert not at.exception, [e.value for e in at.exception]
    return next(p for p in at.session_state["page_panels"] if p.slug.startswith(slug_start))


@pytest.mark.parametrize("measure", ["adjusted", "ebgm"])
def test_the_every_effect_grid_draws_the_measure_chosen_and_keeps_the_crude_ror_beside_it(tiny_faers, measure):
    """The grid follows the forest's measure choice: sertraline's withdrawal cell is the adjusted ROR of 1.5 (the
    women's own table, see the test above) or the stored EBGM, coloured and written so; the crude 7.5 stays in the
    table, and the bar, subtitle, note and file name say which measure is drawn."""
    from sidefx import charts

    stored = pd.read_parquet(tiny_faers / "faers_ebgm.parquet").set_index(["roles", "event", "inn"])
    want = {"adjusted": 1.5, "ebgm": stored.loc[("suspect", "effect:withdrawal_effects", "sertraline")].ebgm}[measure]
    at = faers_page(event="withdrawal_effects", measure=measure)
    grid = session_panel(at, "faers-every-effect")
    assert grid.slug == f"faers-every-effect-{'adjusted-ror' if measure == 'adjusted' else 'ebgm'}"
    cell = grid.table[(grid.table.label == "sertraline") & grid.table.effect_label.str.startswith("Withdrawal")].iloc[0]
    assert cell.value == pytest.approx(want) and cell.ror == pytest.approx(7.5)
    assert cell.cell_text.startswith(words.ratio_number(want)) and "ROR 7.5" in cell.hover
    assert faers_words.FAERS_MEASURE_WORDS[measure] in grid.text.subtitle
    assert grid.text.note.startswith(
        {"adjusted": "Colour: ROR against every other drug within each sex", "ebgm": "Colour: EBGM"}[measure]
    )
    bar = charts.screen_figure(grid.kind, grid.table, grid.text, grid.options).data[0].colorbar.title.text
    assert bar == {"adjusted": "Adj. ROR", "ebgm": "EBGM"}[measure]
    assert "faers_signals" in export.readme(grid)


def test_the_every_effect_grid_draws_the_crude_ror_by_default(tiny_faers):
    grid = session_panel(faers_page(event="withdrawal_effects"), "faers-every-effect")
    cell = grid.table[(grid.table.label == "sertraline") & grid.table.effect_label.str.startswith("Withdrawal")].iloc[0]
    assert grid.slug == "faers-every-effect" and cell.value == pytest.approx(7.5)
    assert [r.name for r in grid.runs] == ["faers_signals"] and "adj_ror" not in grid.table
