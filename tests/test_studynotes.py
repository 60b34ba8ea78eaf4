"""The Study comparisons page's notes: numbers from the evidence table, nothing about an absent study, thin views."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sidefx import catalog
from sidefx.serve import queries
from sidefx.studies import evidence, notes

ROOT = Path(__file__).resolve().parent.parent


def test_the_notes_quote_the_evidence_table():
    j = queries.run("study_figures", study_key="johansen2023")
    pre = queries.run("study_figures", study_key="johansen2023_preprint")
    [synaptic, psilocybin, nma] = notes.sections()
    text = synaptic.blocks[0].text
    d = pre[pre.measure == "cohens_d"].value
    assert f"**{int(j.n_total.iloc[0])} healthy volunteers**" in text and f"{d.min():g}–{d.max():g}" in text
    # The effect sizes are the preprint's, cited to the preprint; the published paper is cited for the rest.
    assert j[j.measure == "cohens_d"].empty and len(d) == 2
    assert evidence.citation(pre.iloc[0]) in text and evidence.citation(j.iloc[0]) in text
    assert "published abstract gives no effect size" in text
    for block in psilocybin.blocks:  # each arm table is the study's own figures, keys in words
        key = "carhartharris2021" if "Carhart-Harris" in block.text else "raison2023"
        figures = queries.run("study_figures", study_key=key)
        assert list(block.table["Value"]) == list(figures.value)
        assert not block.table["Outcome"].str.contains("_").any()
    trials = queries.run("study_figures", study_key="cipriani2018").query("outcome == 'trials_included'").value
    assert f"{int(trials.iloc[0]):,} trials" in nma.blocks[0].text and nma.level == "header"


def test_a_study_missing_from_the_evidence_gets_no_note(monkeypatch):
    real = evidence.study
    monkeypatch.setattr(evidence, "study", lambda key: real(key).iloc[0:0] if key == "johansen2023" else real(key))
    headings = [s.heading for s in notes.sections()]
    assert len(headings) == 2 and not any("synaptic" in h for h in headings)


def test_every_estimate_is_listed_with_its_quote():
    items = notes.quoted_estimates("sexual_dysfunction")
    published = evidence.published("sexual_dysfunction")
    assert len(items) == len(published) and all(items)
    for item, row in zip(items, published.itertuples()):
        assert f"**{row.value:g}" in item and row.source_quote in item and evidence.citation(row) in item


def test_page_scripts_name_no_study_and_do_no_table_work():
    keys = set(catalog.evidence().study_key)
    for script in (ROOT / "views").glob("*.py"):
        text = script.read_text()
        assert not [k for k in keys if re.search(rf"\b{re.escape(k)}\b", text)], script.name
        assert not re.search(r"\.(itertuples|iterrows|groupby|assign|merge|query)\(|\[\[", text), script.name
    assert isinstance(notes.arm_table(queries.run("study_figures", study_key="raison2023")), pd.DataFrame)


def test_the_sources_table_lists_a_preprint_apart_from_its_paper():
    """The About page's table counts Johansen 2023's Cohen's d under the preprint, never under the published paper."""
    src = evidence.study_sources().set_index("study_key")
    assert src.loc["johansen2023", "figures"] == 2 and src.loc["johansen2023_preprint", "figures"] == 2
    table = notes.sources_table(src.reset_index())
    pre = table[table["DOI / PMID"].str.contains("10.21203/rs.3.rs-2989150/v1", regex=False)]
    assert len(pre) == 1 and "preprint" in pre["Journal"].iloc[0]
