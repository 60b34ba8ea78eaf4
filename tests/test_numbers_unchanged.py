"""A restructuring changes no number: every panel's CSV, on every page, at its default view and at 20 seeded random
views, is the same as the CSVs written down in tests/golden/ before the code was moved.

The survey pages read the committed demo data; the FAERS page reads the real 100-report sample of 2017Q2 (one of
the two ``make faers-sample`` imports), imported here as that command imports it. When a change is meant to change numbers (a fix), write the CSVs again
and review the difference like any other:

    SIDEFX_WRITE_GOLDEN=1 .venv/bin/python -m pytest tests/test_numbers_unchanged.py
    git diff --stat tests/golden
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sidefx import export
from sidefx.faers import importer
from sidefx.pages import ROWS, TABS, VIEWS
from sidefx.serve import db

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SAMPLE = ROOT / "data" / "faers-sample" / "faers_ascii_2017q2.zip"
WRITE = os.environ.get("SIDEFX_WRITE_GOLDEN") == "1"

DRUGS = ("sertraline", "paroxetine", "fluoxetine", "escitalopram", "venlafaxine", "mirtazapine", "bupropion")
COMPARE = ("none", "drug", "class", "duration_band", "sex", "age_band")
TOPICS = ("sexual_dysfunction", "withdrawal_incidence", "emotional_blunting", "acceptability")
EVENTS = ("withdrawal_effects", "suicidality", "sexual_dysfunction", "weight_gain")


def _random_view(rng: random.Random, page: str) -> tuple[str, dict[str, str]]:
    query: dict[str, str] = {}
    if rng.random() < 0.6:
        query["drug"] = ",".join(rng.sample(DRUGS, rng.randint(1, 3)))
    if rng.random() < 0.4:
        query["min_months"], query["max_months"] = rng.choice([("0", "6"), ("12", "480"), ("3", "36")])
    if rng.random() < 0.3:
        query["sex"] = rng.choice(("female", "male"))
    if page in ("prevalence", "withdrawal"):
        query["compare"] = rng.choice(COMPARE)
    if page == "prevalence":
        query["view"] = rng.choice(tuple(VIEWS))
    elif page == "withdrawal":
        query["tab"] = rng.choice(tuple(TABS))
    elif page == "studies":
        query["topic"], query["rows"] = rng.choice(TOPICS), rng.choice(tuple(ROWS))
    else:
        query["event"] = rng.choice(EVENTS)
    return page, query


def views() -> list[tuple[str, dict[str, str]]]:
    defaults = [("prevalence", {}), *[("withdrawal", {"tab": tab}) for tab in TABS], ("studies", {}), ("faers", {})]
    rng = random.Random(18)
    pages = ("prevalence", "withdrawal", "studies", "faers")
    return defaults + [_random_view(rng, pages[i % 4]) for i in range(20)]


def _name(page: str, query: dict[str, str]) -> str:
    return page + "".join(f"_{k}-{v}" for k, v in sorted(query.items())).replace(",", "+")


@pytest.fixture(scope="module")
def faers_sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faers") / "faers"
    assert importer.main([str(SAMPLE), "--out", str(folder)]) == 0
    before = os.environ.get("SIDEFX_FAERS_DIR")
    os.environ["SIDEFX_FAERS_DIR"] = str(folder)
    db.reset()
    yield folder
    if before is None:
        os.environ.pop("SIDEFX_FAERS_DIR", None)
    else:
        os.environ["SIDEFX_FAERS_DIR"] = before
    db.reset()


def page_csvs(page: str, query: dict[str, str]) -> dict[str, bytes]:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return {p.slug: export.data_csv(p) for p in at.session_state["page_panels"]}


@pytest.mark.parametrize(("page", "query"), views(), ids=[_name(p, q) for p, q in views()])
def test_every_panel_gives_the_numbers_written_down_before(page, query, faers_sample):
    folder = GOLDEN / _name(page, query)
    got = page_csvs(page, query)
    if WRITE:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.csv"):
            old.unlink()
        for slug, csv in got.items():
            (folder / f"{slug}.csv").write_bytes(csv)
        (folder / "view.json").write_text(json.dumps({"page": page, "query": query}, indent=1) + "\n")
        return
    assert (folder / "view.json").is_file(), (
        "no CSVs written down for this view: run with SIDEFX_WRITE_GOLDEN=1 (see the module's docstring)"
    )
    want = {path.stem: path.read_bytes() for path in folder.glob("*.csv")}
    assert sorted(got) == sorted(want), "the page drew other panels than before"
    for slug in want:
        assert got[slug] == want[slug], f"{slug}: the numbers changed"
