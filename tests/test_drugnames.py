"""Drug names resolve to INN through one table: in links, the sidebar and (later) imports."""

from __future__ import annotations

import pandas as pd
import pytest

from sidefx import catalog, drugnames
from tests.test_pages import alerts, open_page


@pytest.mark.parametrize(
    "name,inn",
    [
        ("Prozac", "fluoxetine"),
        (" zoloft", "sertraline"),
        ("Sertaline", "sertraline"),
        ("Cipramil", "citalopram"),
        ("Efexor", "venlafaxine"),
        ("Lustral®", "sertraline"),
        ("citalopram hydrobromide", "citalopram"),
        ("SERTRALINE HYDROCHLORIDE", "sertraline"),
        ("Seroxat", "paroxetine"),
        ("Séroxat", "paroxetine"),
        ("Effexor XR 75 mg", "venlafaxine"),
        ("Tofranil-PM", "imipramine"),
        ("escitalopram  oxalate", "escitalopram"),
        ("Brintellix", "vortioxetine"),
        ("Cipralex", "escitalopram"),
        ("Zispin", "mirtazapine"),
        ("SYMBYAX", "fluoxetine"),  # a combination's brand: the antidepressant in it (with olanzapine)
    ],
)
def test_names_people_write_resolve_to_the_inn(name, inn):
    assert drugnames.resolve(name) == inn


@pytest.mark.parametrize("name", ["", "vitamin d", "sertraline and paroxetine", "prozak2", "hydrochloride", None])
def test_a_name_the_table_does_not_know_is_not_guessed(name):
    assert drugnames.resolve(name) is None


def test_the_table_is_consistent_with_the_catalogue():
    drugs = catalog.drugs()
    extra = pd.read_csv(catalog.sources_dir() / "drug_names.csv")
    assert set(extra.inn) <= set(drugs.inn)
    assert set(extra.kind) <= {"misspelling", "salt", "other language", "combination"}
    assert not extra.name.duplicated().any()
    table = drugnames.table()  # raises if one name meant two drugs
    for inn, brands in zip(drugs.inn, drugs.brands.fillna("")):
        assert table[inn] == inn
        assert all(table[drugnames.normalise(b)] == inn for b in brands.split(",") if b.strip())
    for name, inn in zip(extra.name, extra.inn):
        assert drugnames.resolve(name) == inn, name


def test_common_uk_us_eu_and_australian_brands_are_listed():
    brands = dict(zip(catalog.drugs().inn, catalog.drugs().brands.fillna("")))
    expected = {
        "paroxetine": ["Paxil", "Seroxat", "Aropax"],
        "sertraline": ["Zoloft", "Lustral"],
        "fluoxetine": ["Prozac", "Lovan"],
        "escitalopram": ["Lexapro", "Cipralex"],
        "venlafaxine": ["Effexor", "Efexor"],
        "vortioxetine": ["Trintellix", "Brintellix"],
        "mirtazapine": ["Remeron", "Zispin", "Avanza"],
    }
    for inn, names in expected.items():
        listed = [b.strip() for b in brands[inn].split(",")]
        assert set(names) <= set(listed), inn


def test_a_link_with_a_uk_brand_and_a_misspelling_opens_on_the_drugs():
    at = open_page("prevalence", drug="Seroxat,Sertaline,notadrug")
    assert at.session_state["f_drugs"] == ["paroxetine", "sertraline"]
    [notice] = [a for a in alerts(at) if "notadrug" in a]
    assert "Seroxat" not in " ".join(alerts(at)) and "Sertaline" not in " ".join(alerts(at))


def test_names_typed_into_the_drug_picker_become_drugs_and_unknown_ones_are_said():
    at = open_page("prevalence")
    at.sidebar.multiselect(key="f_drugs").set_value(["Seroxat", "sertaline", "notadrug"]).run()
    assert at.session_state["f_drugs"] == ["paroxetine", "sertraline"]
    assert at.query_params["drug"] == "paroxetine,sertraline"
    assert [w.value for w in at.sidebar.warning] == [
        "No drug known as 'notadrug': check the spelling, or pick from the list."
    ]
    at.run()  # the sentence is said once, not on every later run
    assert not at.sidebar.warning


@pytest.mark.parametrize(
    "written,inn",
    [
        ("Sertraline (Zoloft)", "sertraline"),
        ("Escitalopram (Lexapro)", "escitalopram"),
        ("Effexor XR (venlafaxine)", "venlafaxine"),
        ("Wellbutrin XL (bupropion)", "bupropion"),
        ("sertraline (my GP's choice)", "sertraline"),  # only one part names a drug
        ("Prozac (sertraline)", None),  # two different drugs: never one of them
    ],
)
def test_a_name_with_another_in_parentheses_is_the_drug_both_name(written, inn):
    assert drugnames.resolve(written) == inn


@pytest.mark.parametrize(
    "written,inn",
    [("Lexipro", "escitalopram"), ("Citalapram", "citalopram"), ("Duloxatine", "duloxetine"), ("Zoloft", "sertraline")],
)
def test_a_misspelling_a_letter_or_two_from_one_drug_is_its_nearest(written, inn):
    assert drugnames.nearest(written) == inn


def test_resolve_itself_never_reads_a_name_as_its_nearest():
    assert [drugnames.resolve(n) for n in ("Lexipro", "Citalapram", "Duloxatine")] == [None, None, None]


@pytest.mark.parametrize("written", ["an SSRI", "can't remember", "Xanax", "Zolo", "12345"])
def test_an_answer_near_no_single_drug_has_no_nearest(written):
    assert drugnames.nearest(written) is None
