"""Cube = raw: every page's numbers from the cubes equal those from the respondent-level tables.

The queries in queries/ read the cubes; tests/reference_sql/ holds the same questions asked of
the respondent-level tables (as the dashboard asked them before it had cubes). On a generated
survey of 20,000 respondents, with durations added beyond the slider's top step and on every
step, 200 seeded random filter states and compare-by choices must give the same rows, count
for count, from both.
"""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sidefx import cubes, vocab
from sidefx.build import folders
from sidefx.filters import COMPARE_BY, DURATION_STEPS, Filters
from sidefx.serve import datacheck, db, queries

REFERENCE = Path(__file__).parent / "reference_sql"
STATES = 100
# The questions the pages ask for one filter state: name -> extra parameters drawn per state.
FILTERED = (
    "respondent_count",
    "stopping_count",
    "prevalence_by_effect",
    "prevalence_by_group",
    "withdrawal_by_group",
    "withdrawal_severity",
    "withdrawal_duration",
    "withdrawal_by_half_life",
    "withdrawal_severe_share",
)
WHOLE = ("calibration_check", "dataset_summary", "filter_levels", "drug_options")


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    """A 20,000-respondent demo survey, with some durations moved onto steps and past the top step."""
    folder = tmp_path_factory.mktemp("survey")
    folders.build_demo(folder, n=20_000, seed=7)
    path = folder / "respondents.parquet"
    frame = pq.read_table(path).to_pandas()
    rng = np.random.default_rng(7)
    known = frame.duration_months.notna().to_numpy()
    on_step = known & (rng.random(len(frame)) < 0.15)
    frame.loc[on_step, "duration_months"] = rng.choice(DURATION_STEPS, on_step.sum())
    beyond = known & ~on_step & (rng.random(len(frame)) < 0.02)
    frame.loc[beyond, "duration_months"] = rng.integers(DURATION_STEPS[-1] + 1, 601, beyond.sum())
    pq.write_table(pa.Table.from_pandas(frame, schema=pq.read_schema(path), preserve_index=False), path)
    cubes.build(folder)
    return folder


@pytest.fixture(scope="module")
def both(survey):
    """Two ways to ask: the dashboard's (cubes) and the reference (respondent-level tables)."""
    saved = db.settings.SETTINGS["data_dir"]
    db.settings.SETTINGS["data_dir"] = db.settings.Setting("data_dir", str(survey), "cube test survey")
    db.reset()
    reference = duckdb.connect(":memory:", config={"file_search_path": str(survey)})
    reference.execute((REFERENCE / "_views.sql").read_text())

    def dashboard(name, params):
        return queries.run(name, **params)

    def raw(name, params):
        return reference.execute((REFERENCE / f"{name}.sql").read_text(), params).df()

    yield dashboard, raw
    reference.close()
    db.settings.SETTINGS["data_dir"] = saved
    db.reset()


def draw(rng: random.Random, levels: dict[str, list[str]]) -> Filters:
    def some(values, most=3):
        return tuple(rng.sample(values, rng.randint(0, min(most, len(values))))) if rng.random() < 0.6 else ()

    lo, hi = sorted(rng.choices(DURATION_STEPS, k=2))
    if rng.random() < 0.3:
        lo, hi = 0, DURATION_STEPS[-1]
    return Filters(
        drugs=some(levels["drug"] + ["agomelatine-not-taken"]),
        classes=some(levels["class"], 2),
        min_months=lo,
        max_months=hi,
        sexes=some(levels["sex"], 2),
        age_bands=some(levels["age_band"]),
        compare_by=rng.choice(list(COMPARE_BY)),
    )


def same(name: str, ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    assert list(ours.columns) == list(theirs.columns), name
    ours, theirs = ours.reset_index(drop=True), theirs.reset_index(drop=True)
    for col in ours.columns:
        if pd.api.types.is_float_dtype(theirs[col]) or pd.api.types.is_float_dtype(ours[col]):
            np.testing.assert_allclose(ours[col].astype(float), theirs[col].astype(float), rtol=1e-12, err_msg=name)
        else:
            assert ours[col].tolist() == theirs[col].tolist(), (name, col)


def test_the_whole_survey_gives_the_same_numbers_from_cubes_as_from_respondents(both):
    dashboard, raw = both
    for name in WHOLE:
        same(name, dashboard(name, {}), raw(name, {}))


CHUNKS = 4  # the states drawn in four tests of STATES / 4 each, so parallel workers share them


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_every_page_question_gives_the_same_numbers_from_cubes_as_from_respondents(both, chunk):
    dashboard, raw = both
    levels = raw("filter_levels", {}).groupby("dimension").value.apply(list).to_dict()
    levels["drug"] = sorted(raw("drug_options", {}).query("respondents > 0").inn)
    effects = levels.pop("effect")
    rng = random.Random(20261123 + chunk)
    nonempty = 0
    for i in range(STATES // CHUNKS):
        filters = draw(rng, levels)
        base = filters.to_params()
        group = filters.compare_by if rng.random() < 0.85 else "method"
        extra = {
            "prevalence_by_effect": {"effects": list(rng.sample(effects, rng.randint(0, 4)))},
            "prevalence_by_group": {"effects": list(rng.sample(effects, rng.randint(0, 4))), "group_by": group},
            "withdrawal_by_group": {"group_by": group},
            "withdrawal_severity": {"group_by": group},
            "withdrawal_duration": {"group_by": group},
        }
        for name in FILTERED:
            params = base | extra.get(name, {})
            ours, theirs = dashboard(name, params), raw(name, params)
            same(f"state {i}: {name} {params}", ours, theirs)
        nonempty += int(dashboard("respondent_count", base).respondents.iloc[0] > 0)
    assert nonempty >= STATES // CHUNKS // 3  # the draws reach real respondents, not only empty selections


def test_the_survey_reaches_every_kind_of_duration_bin(survey):
    """The draws above meet steps, the months between them, beyond the top step and no duration at all."""
    cells = pq.read_table(survey / "respondent_cells.parquet").to_pandas()
    steps = cells[cells.months_lo == cells.months_hi]
    between = cells[cells.months_lo < cells.months_hi]
    beyond = cells[cells.months_lo > cells.months_hi]
    assert set(steps.months_lo) >= set(DURATION_STEPS) - {0}
    assert len(between) and len(beyond) and cells.months_lo.isna().any()
    assert (beyond.months_lo == DURATION_STEPS[-1] + 1).all() and (beyond.months_hi == DURATION_STEPS[-1]).all()


def test_duration_bins_cut_at_each_step(survey):
    con = duckdb.connect(":memory:", config={"file_search_path": str(survey)})
    con.execute((db.settings.queries_dir() / "_cubes.sql").read_text())
    bins = con.execute("SELECT * FROM duration_bins($s) ORDER BY duration_months", {"s": [0, 3, 12]}).df()
    con.close()
    got = {int(m): (int(lo), int(hi)) for m, lo, hi in bins.itertuples(index=False)}
    assert got[1] == (1, 2) and got[2] == (1, 2) and got[3] == (3, 3)  # between 0 and 3; on the step 3
    assert got[4] == (4, 11) and got[11] == (4, 11) and got[12] == (12, 12)
    assert got[13] == (13, 12) and got[max(got)] == (13, 12)  # beyond the top step: counted at the top


def test_cubes_are_sorted_zstd_parquet_and_a_fraction_of_the_survey(survey):
    sizes = {}
    for cube in datacheck.cube_files():
        meta = pq.ParquetFile(survey / cube).metadata
        assert meta.row_group(0).column(0).compression == "ZSTD", cube
        sizes[cube] = meta.num_rows
    responses = pq.ParquetFile(survey / "responses.parquet").metadata.num_rows
    assert sizes["response_cells.parquet"] < responses / 2
    cells = pq.read_table(survey / "response_cells.parquet", columns=["effect", "drug"]).to_pandas()
    assert cells.effect.is_monotonic_increasing  # sorted by the question first
    assert set(vocab.SEVERITIES) >= set(
        pq.read_table(survey / "withdrawal_cells.parquet").column("severity").to_pylist()
    )
