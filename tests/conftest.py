"""Shared fixtures. Test data is built in code: tiny, with the awkward cases."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sidefx import cubes
from sidefx.build import folders
from sidefx.faers import importer
from sidefx.serve import db, queries

NONE = dict(drugs=[], classes=[], min_months=0, max_months=480, include_unknown=True, sexes=[], age_bands=[])


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Six respondents with hand-checkable answers.

    Awkward cases: mirtazapine has a single respondent; respondent 5 gave no duration;
    'emotional_numbing' is in the catalogue but nobody answered it; respondent 3 skipped
    the weight question; only those who tried to stop answered about withdrawal.
    """
    respondents = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4, 5, 6],
            "dataset": ["fixture"] * 6,
            "drug": ["paroxetine", "paroxetine", "paroxetine", "fluoxetine", "fluoxetine", "mirtazapine"],
            "drug_class": ["SSRI", "SSRI", "SSRI", "SSRI", "SSRI", "atypical"],
            "duration_months": pd.array([2, 40, 10, 24, None, 5], dtype="Int32"),
            "duration_band": ["<3 months", "3+ years", "6-12 months", "1-3 years", "unknown", "3-6 months"],
            "sex": ["female", "male", "female", "female", "female", "male"],
            "age_band": ["18-24", "25-34", "25-34", "35-44", "35-44", "45-54"],
            "country": ["New Zealand"] * 6,
            "still_taking": [False, True, True, True, False, True],
            "tried_to_stop": [True, True, False, True, True, False],
        }
    )
    R = [
        (1, "sexual_dysfunction", True, "moderate"),
        (2, "sexual_dysfunction", True, "severe"),
        (3, "sexual_dysfunction", False, "none"),
        (4, "sexual_dysfunction", True, "mild"),
        (5, "sexual_dysfunction", False, "none"),
        (6, "sexual_dysfunction", False, "none"),
        (1, "weight_gain", False, "none"),
        (2, "weight_gain", True, "mild"),
        (4, "weight_gain", False, "none"),
        (5, "weight_gain", True, "moderate"),
        (6, "weight_gain", True, "severe"),
        (1, "withdrawal_effects", True, "mild"),
        (2, "withdrawal_effects", True, "severe"),
        (4, "withdrawal_effects", False, "none"),
        (5, "withdrawal_effects", True, "moderate"),
    ]
    responses = pd.DataFrame(R, columns=["respondent_id", "effect", "reported", "severity"])
    withdrawal = pd.DataFrame(
        {
            "respondent_id": [1, 2, 4, 5],
            "had_withdrawal": [True, True, False, True],
            "severity": ["mild", "severe", "none", "moderate"],
            "duration_weeks": [3.0, 60.0, None, 10.0],
            "method": ["tapered", "abrupt", "tapered", "abrupt"],
            "restarted": [False, True, False, False],
        }
    )
    drugs = pd.DataFrame(
        {
            "inn": ["fluoxetine", "mirtazapine", "paroxetine", "sertraline"],
            "drug_class": ["SSRI", "atypical", "SSRI", "SSRI"],
            "brands": ["Prozac", "Remeron", "Paxil, Aropax", "Zoloft"],
            "half_life_h": [84.0, 30.0, 22.5, None],
            "half_life_h_low": [24.0, 20.0, 21.0, None],
            "half_life_h_high": [144.0, 40.0, 24.0, None],
            "half_life_source": ["Table A", "Table B", "Table A", None],
            "half_life_cite": ["A 2018", "B 2020", "A 2018", None],
            "half_life_quality": ["ok", "ok", "ok", "not recorded"],
        }
    )
    effects = pd.DataFrame(
        {
            "effect": ["sexual_dysfunction", "emotional_numbing", "weight_gain", "withdrawal_effects"],
            "label": ["Sexual difficulties", "Feeling emotionally numb", "Weight gain", "Withdrawal effects"],
            "domain": ["sexual", "emotional", "weight/metabolic", "withdrawal"],
            "sort_order": [1, 2, 3, 4],
        }
    )
    base = dict(
        authors="Doe J, Roe R",
        title="A study",
        journal="J Test 1:1-2",
        country="NZ",
        population="adults",
        drug_inn=None,
        duration_band=None,
        outcome_domain="withdrawal",
        ci_low=None,
        ci_high=None,
        numerator=None,
        denominator=None,
        source_quote="q",
        source_where="abstract",
        verified="yes",
        caveat=None,
        pmid=None,
        identifier_note=None,
    )
    studies = pd.DataFrame(
        [
            dict(
                base,
                row_id=1,
                study_key="doe2020",
                year=2020,
                doi="10.1/doe",
                design="survey",
                n_total=100.0,
                drug="any antidepressant",
                outcome="withdrawal_effects",
                measure="percent",
                value=50.0,
            ),
            dict(
                base,
                row_id=2,
                study_key="roe2021",
                year=2021,
                doi="10.1/roe",
                design="survey",
                n_total=400.0,
                drug="any antidepressant",
                outcome="withdrawal_incidence",
                measure="percent",
                value=30.0,
                ci_low=25.0,
                ci_high=35.0,
            ),
            dict(
                base,
                row_id=3,
                study_key="roe2021",
                year=2021,
                doi="10.1/roe",
                design="survey",
                n_total=400.0,
                drug="any antidepressant",
                outcome="dropout_or_vs_placebo",
                measure="odds_ratio",
                value=0.8,
                ci_low=0.7,
                ci_high=0.95,
            ),
        ]
    )
    topics = pd.DataFrame(
        {
            "topic": ["withdrawal_incidence", "withdrawal_incidence", "acceptability"],
            "topic_label": ["Withdrawal", "Withdrawal", "Acceptability"],
            "outcome": ["withdrawal_effects", "withdrawal_incidence", "dropout_or_vs_placebo"],
            "measure": ["percent", "percent", "odds_ratio"],
            "row_label": [None, "all studies", None],
            "survey_effect": ["withdrawal_effects", "withdrawal_effects", None],
            "survey_metric": ["withdrawal_incidence", "withdrawal_incidence", None],
            "note": ["why they differ", None, None],
        }
    )
    calibration = pd.DataFrame(
        {
            "target_id": ["sexual_all", "sexual_parox", "withdrawal_all", "withdrawal_severe", "sexual_modsev"],
            "metric": ["prevalence", "prevalence", "withdrawal_incidence", "withdrawal_severe", "moderate_or_severe"],
            "effect": [
                "sexual_dysfunction",
                "sexual_dysfunction",
                "withdrawal_effects",
                "withdrawal_effects",
                "sexual_dysfunction",
            ],
            "subgroup": ["all", "drug", "all", "all", "all"],
            "subgroup_value": [None, "paroxetine", None, None, None],
            "target_pct": [50.0, 60.0, 80.0, 33.0, 33.0],
            "tolerance_pct": [1.0, 5.0, 1.0, 1.0, 1.0],
            "kind": ["published"] * 5,
            "source": ["x"] * 5,
            "doi": ["10.1/x"] * 5,
            "note": [None] * 5,
        }
    )
    # Ids are text, as survey tools export them: respondent 1 above is P0001.
    for frame in (respondents, responses, withdrawal):
        frame["respondent_id"] = frame.respondent_id.map("P{:04d}".format)
    dataset = pd.DataFrame({"name": ["fixture"], "synthetic": [False], "source": ["fixture survey"]})
    tables = dict(
        dataset=dataset,
        respondents=respondents,
        responses=responses,
        withdrawal=withdrawal,
        drugs=drugs,
        effects=effects,
        studies=studies,
        outcome_topics=topics,
        calibration_targets=calibration,
    )
    # Columns that happen to be all empty here keep the types the real tables have.
    numeric = {"ci_low", "ci_high", "numerator", "denominator", "half_life_h", "half_life_h_low", "half_life_h_high"}
    for frame in tables.values():
        for col in frame.columns:
            if frame[col].isna().all():
                frame[col] = frame[col].astype("Int64" if col == "pmid" else "float64" if col in numeric else "string")
    return tables


@pytest.fixture
def tiny_data(tmp_path, monkeypatch):
    """Point the dashboard at the tiny dataset for one test."""
    yield use_tiny_data(tmp_path, monkeypatch)
    db.reset()


def use_tiny_data(folder: Path, monkeypatch) -> Path:
    """The tiny dataset written to ``folder`` with its cubes, and the dashboard pointed at it."""
    for name, frame in tiny_tables().items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    cubes.build(folder)
    monkeypatch.setenv("SIDEFX_DATA_DIR", str(folder))
    db.reset()
    return folder


def run(name, **params):
    return queries.run(name, **params)


@pytest.fixture
def tiny_faers(tmp_path, monkeypatch):
    """The dashboard pointed at the 40-case FAERS folder (use_tiny_faers) for one test."""
    yield use_tiny_faers(tmp_path, monkeypatch)
    db.reset()


def use_tiny_faers(tmp_path: Path, monkeypatch) -> Path:
    """40 cases. Sertraline (PS) in 1-10, withdrawal reported in 1-6 and 11-15; paroxetine as a concomitant in
    11-13 and secondary suspect in 14 (20 months); sertraline's case 10 has 2 months, the others no time known.
    Dates to the day: withdrawal 0, 3, 10, 20, 45 and 90 days after starting sertraline (1-6), 1, 2, 4 and 3 days
    after stopping paroxetine (11-14).
    Cases 1-20 are women, 21-40 men; a preferred term outside the catalogue ('Tinnitus') in 1, 2 and 30.
    Cases 4-6, 11 and 12 were received in 2024Q2, the others in 2024Q1."""
    folder = tmp_path / "faers"  # beside a survey fixture's files, not over them
    folder.mkdir()
    cases = pd.DataFrame(
        {
            "caseid": range(1, 41),
            "primaryid": [c * 10 + 1 for c in range(1, 41)],
            "quarter": ["2024Q2" if c in (4, 5, 6, 11, 12) else "2024Q1" for c in range(1, 41)],
            "sex": ["female"] * 20 + ["male"] * 20,
            "age_years": 40,
            "age_band": "35-44",
            "event_date": pd.NaT,
            "event_day": [pd.Timestamp("2024-03-01") if c in (*range(1, 7), 11, 12, 13, 14) else pd.NaT
                          for c in range(1, 41)],
        }
    )  # fmt: skip
    start = {c: pd.Timestamp("2024-03-01") - pd.Timedelta(days=d) for c, d in zip(range(1, 7), (0, 3, 10, 20, 45, 90))}
    end = {c: pd.Timestamp("2024-03-01") - pd.Timedelta(days=d) for c, d in zip((11, 12, 13, 14), (1, 2, 4, 3))}
    drugs = pd.DataFrame(
        [(c, "sertraline", "PS", 2 if c == 10 else None, start.get(c), None) for c in range(1, 11)]
        + [(c, "paroxetine", "C", None, None, end[c]) for c in (11, 12, 13)]
        + [(14, "paroxetine", "SS", 20, None, end[14])],
        columns=["caseid", "inn", "role_cod", "duration_months", "start_day", "end_day"],
    ).astype({"duration_months": "Int32", "start_day": "datetime64[us]", "end_day": "datetime64[us]"})
    reactions = pd.DataFrame(  # terms as the import writes them (lower case, single spaces)
        [(c, "drug withdrawal syndrome", "withdrawal_effects") for c in [*range(1, 7), *range(11, 16)]]
        + [(c, "tinnitus", None) for c in (1, 2, 30)]
        + [(c, "nausea", None) for c in range(16, 41)],
        columns=["caseid", "pt", "effect"],
    )
    use_faers_folder(folder, {"faers_cases": cases, "faers_drugs": drugs, "faers_reactions": reactions}, monkeypatch)
    return folder


def use_faers_folder(folder, tables: dict, monkeypatch) -> None:
    """Case-level FAERS tables written as an import writes them (with its cells), and the dashboard pointed at them."""
    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    folders.write_dataset(folder, "FAERS fixture", False, "fixture")
    importer.build_cells(folder)
    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(folder))
    db.reset()
