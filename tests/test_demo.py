"""The synthetic demo survey: deterministic, calibrated, labelled, and what is committed is what the code makes."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import spearmanr

from sidefx import settings
from sidefx.build import assumptions, calibration, demo, folders
from sidefx.serve import db, queries

TABLES = ("respondents", "responses", "withdrawal")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A fresh generation with the committed seed and size."""
    out = tmp_path_factory.mktemp("demo")
    counts = folders.build_demo(out)
    return out, counts


def test_committed_files_equal_a_fresh_generation(fresh):
    out, _ = fresh
    for name in TABLES + ("drugs", "effects", "studies", "calibration_targets", "outcome_topics", "dataset"):
        committed = pd.read_parquet(settings.data_dir() / f"{name}.parquet")
        regenerated = pd.read_parquet(out / f"{name}.parquet")
        pd.testing.assert_frame_equal(committed, regenerated, check_dtype=True, obj=name)


def test_generation_is_deterministic_and_seed_sensitive(tmp_path):
    a = demo.generate(tmp_path / "a", n=400, seed=7, chunk_rows=150)
    b = demo.generate(tmp_path / "b", n=400, seed=7, chunk_rows=150)
    demo.generate(tmp_path / "c", n=400, seed=8, chunk_rows=150)
    assert a == b
    ra, rb, rc = (pd.read_parquet(tmp_path / x / "respondents.parquet") for x in "abc")
    pd.testing.assert_frame_equal(ra, rb)
    assert not ra.drug.equals(rc.drug)
    # Chunked output has unique, consecutive ids.
    assert list(ra.respondent_id) == [str(i) for i in range(1, 401)]  # text, as an imported survey's ids


def test_every_row_is_labelled_synthetic(fresh):
    out, counts = fresh
    r = pd.read_parquet(out / "respondents.parquet")
    assert len(r) == counts["respondents"] == settings.get("demo_respondents")
    assert set(r.dataset) == {demo.DATASET} == {"demo (synthetic)"}


def test_demo_data_is_internally_consistent(fresh):
    out, _ = fresh
    r = pd.read_parquet(out / "respondents.parquet")
    s = pd.read_parquet(out / "responses.parquet")
    w = pd.read_parquet(out / "withdrawal.parquet")
    assert set(w.respondent_id) == set(r[r.tried_to_stop].respondent_id)
    assert set(s[s.effect == "withdrawal_effects"].respondent_id) == set(w.respondent_id)
    merged = s[s.effect == "withdrawal_effects"].merge(w, on="respondent_id")
    assert (merged.reported == merged.had_withdrawal).all()
    assert (w.duration_weeks.isna() == ~w.had_withdrawal).all()
    assert ((s.severity == "none") == ~s.reported).all()
    known = r.duration_months.notna()
    for band, (lo, hi) in assumptions.DURATION_BANDS.items():
        months = r[known & (r.duration_band == band)].duration_months
        assert months.between(lo, hi - 1).all(), band
    assert (r[~known].duration_band == "unknown").all() and (~known).sum() > 0


def test_calibration_targets_met_on_committed_data():
    """Each target in data/sources/calibration_targets.csv, within its tolerance, on the shipped data."""
    db.reset()
    cal = queries.run("calibration_check")
    missed = cal[~cal.within][["target_id", "target_pct", "tolerance_pct", "achieved_pct", "n"]]
    assert missed.empty, f"calibration targets missed:\n{missed}"
    assert len(cal) >= 30 and (cal.n > 0).all()


def test_withdrawal_rises_with_duration_and_falls_with_half_life():
    db.reset()
    none = dict(drugs=[], classes=[], min_months=0, max_months=480, include_unknown=True, sexes=[], age_bands=[])
    by_band = queries.run("withdrawal_by_group", **none, group_by="duration_band")
    by_band = by_band[by_band.grp != "unknown"].sort_values("grp_order")
    assert by_band.pct.iloc[-1] > by_band.pct.iloc[0] + 20  # Zhang 2024 bands up to Cartwright's long-term users
    hl = queries.run("withdrawal_by_half_life", **none)
    hl = hl[hl.tried_to_stop >= 100]
    rho, _ = spearmanr(hl.half_life_h, hl.pct)
    assert rho < -0.3, f"withdrawal should be commoner with short half-life drugs (rho={rho:.2f})"
    short = hl[hl.drug.isin(["venlafaxine", "paroxetine"])]
    assert (short.pct > hl.set_index("drug").pct["fluoxetine"] + 8).all()


def test_calibration_solver_hits_targets_in_expectation():
    model = calibration.build_model()
    levels, w = calibration.grid(model.drugs)
    import numpy as np

    joint = np.einsum("a,b,c,d,e->abcde", *[w[d] for d in calibration.DIMS])
    p = calibration.expit(model.logodds["emotional_numbing"])
    assert (joint * p).sum() == pytest.approx(0.60, abs=1e-3)  # Read 2014
    long = calibration.mask(levels, "duration_band", "3+ years")
    assert (joint * p)[long].sum() / joint[long].sum() == pytest.approx(0.645, abs=1e-3)  # Cartwright 2016


def test_demo_tables_pass_the_import_schemas(fresh):
    from sidefx import catalog
    from sidefx.importer import schema

    out, _ = fresh
    frames = {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}
    for name, frame in frames.items():
        assert schema.problems(name, frame) == [], name
    assert schema.cross_table_problems(*frames.values(), set(catalog.drugs().inn), set(catalog.effects().effect)) == []
