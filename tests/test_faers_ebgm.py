"""EBGM at import (sidefx/faers/ebgm.py): the expected counts stratified by sex × age band × year received, the prior
fitted over every drug × preferred-term cell and stored with each cell's posterior, and read back by the page's query."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sidefx.faers import importer, mgps
from tests.conftest import run, use_faers_folder
from tests.test_faers import line, write_quarter


@pytest.fixture
def two_years(tmp_path, monkeypatch):
    """12 cases over two years, all aged 45-54. 2023Q4: women 1-4, men 5-6; 2024Q1: women 7-8, men 9-12.
    Sertraline (PS) in 1, 2, 5, 7, 9, 10; bupropion (C) in 3 and 9. Nausea in 1, 3, 4, 5, 9, 11."""
    folder = tmp_path / "faers"
    folder.mkdir()
    women = (1, 2, 3, 4, 7, 8)
    cases = pd.DataFrame(
        {
            "caseid": range(1, 13),
            "primaryid": [c * 10 + 1 for c in range(1, 13)],
            "quarter": ["2023Q4" if c <= 6 else "2024Q1" for c in range(1, 13)],
            "sex": ["female" if c in women else "male" for c in range(1, 13)],
            "age_years": 50,
            "age_band": "45-54",
            "event_date": pd.NaT,
        }
    )
    drugs = pd.DataFrame(
        [(c, "sertraline", "PS", None) for c in (1, 2, 5, 7, 9, 10)] + [(c, "bupropion", "C", None) for c in (3, 9)],
        columns=["caseid", "inn", "role_cod", "duration_months"],
    ).astype({"duration_months": "Int32"})
    reactions = pd.DataFrame([(c, "nausea", None) for c in (1, 3, 4, 5, 9, 11)], columns=["caseid", "pt", "effect"])
    use_faers_folder(folder, {"faers_cases": cases, "faers_drugs": drugs, "faers_reactions": reactions}, monkeypatch)
    return folder


def test_the_expected_count_is_summed_over_sex_age_band_and_year(two_years):
    """Sertraline × nausea, as suspect. Strata (n_s; sertraline's cases; nausea's cases): women 2023 (4; 1, 2; 1, 3, 4),
    men 2023 (2; 5; 5), women 2024 (2; 7; none), men 2024 (4; 9, 10; 9, 11):
    E = 2·3/4 + 1·1/2 + 1·0/2 + 2·2/4 = 1.5 + 0.5 + 0 + 1 = 3, and N = 3 (cases 1, 5, 9). Bupropion, counted in any
    role only: women 2023 (4; 3; 3 cases) and men 2024 (4; 9; 2 cases): E = 1·3/4 + 1·2/4 = 1.25, where by sex and age
    alone it would be 1·3/6 + 1·3/6 = 1 and unstratified 2·6/12 = 1: the year received is a stratum."""
    stored = pd.read_parquet(two_years / "faers_ebgm.parquet").set_index(["roles", "event", "inn"])
    assert stored.loc[("suspect", "pt:nausea", "sertraline"), "e"] == pytest.approx(3.0)
    assert stored.loc[("suspect", "pt:nausea", "sertraline"), "n"] == 3
    assert stored.loc[("any", "pt:nausea", "bupropion"), "e"] == pytest.approx(1.25)
    assert stored.loc[("any", "pt:nausea", "bupropion"), "n"] == 2
    assert ("suspect", "pt:nausea", "bupropion") not in stored.index  # bupropion is never a suspect here


def quarter(folder, yyqq: str, first: int, cases: int, seed: int):
    """A quarter of ``cases`` reports built in code: 4 antidepressants as suspects, 30 preferred terms, sertraline
    with 'nausea' far more often than the rest."""
    rng = np.random.default_rng(seed)
    demo, drug, reac = [], [], []
    inns = ("sertraline", "paroxetine", "fluoxetine", "citalopram")
    for i, case in enumerate(range(first, first + cases)):
        pid = case * 10 + 1
        demo.append(line("DEMO", primaryid=pid, caseid=case, caseversion=1, fda_dt=f"20{yyqq[:2]}0201", age=int(rng.integers(18, 90)), age_cod="YR", sex="FM"[i % 2]))  # fmt: skip
        taken = (*inns, "aspirin", "ibuprofen")[int(rng.integers(0, 6))]  # an antidepressant in 2 cases of 3
        drug.append(line("DRUG", primaryid=pid, caseid=case, drug_seq=1, role_cod="PS", drugname=taken.upper(), prod_ai=taken.upper()))  # fmt: skip
        terms = {f"term {int(t)}" for t in rng.integers(0, 30, size=2)}
        if taken == "sertraline" and rng.random() < 0.6:
            terms.add("nausea")
        reac += [line("REAC", primaryid=pid, caseid=case, pt=pt) for pt in sorted(terms)]
    return write_quarter(folder, yyqq, {"DEMO": demo, "DRUG": drug, "REAC": reac, "THER": []})


def test_the_prior_fitted_at_import_is_stored_and_reread_by_the_page(tmp_path, monkeypatch):
    """Two quarters of 600 reports imported: the stored prior is the fit over every drug × preferred-term cell, zeros
    included, of the stored N and E (refitted here from the file), each cell's EBGM its posterior, and the page's
    query gives them back; sertraline's nausea, planted, is a signal."""
    out = tmp_path / "faers"
    importer.import_quarters([quarter(tmp_path / "a", "23Q4", 1, 600, 1), quarter(tmp_path / "b", "24Q1", 601, 600, 2)], out)  # fmt: skip
    cells = pd.read_parquet(out / "faers_ebgm.parquet")
    prior = pd.read_parquet(out / "faers_ebgm_prior.parquet").set_index("roles")
    suspect = cells[cells.roles == "suspect"]
    fitted = suspect[suspect.event.str.startswith("pt:")]
    assert len(fitted) == 4 * 31 and (fitted.n == 0).any()  # every drug × term, the pairs no case names included
    theta = tuple(prior.loc["suspect", ["alpha1", "beta1", "alpha2", "beta2", "p"]])
    assert pd.isna(prior.loc["suspect", "problem"]) and prior.loc["suspect", "cells"] == len(fitted)
    assert theta == pytest.approx(mgps.fit(fitted.n, fitted.e), rel=1e-6)
    post = mgps.posterior(suspect.n, suspect.e, theta)
    assert suspect.ebgm.to_numpy() == pytest.approx(post.ebgm) and suspect.eb05.to_numpy() == pytest.approx(post.eb05)

    monkeypatch.setenv("SIDEFX_FAERS_DIR", str(out))
    from sidefx.serve import db

    db.reset()
    page = run("faers_ebgm", events=["nausea"], roles="suspect", drugs=[], classes=[]).set_index("inn")
    want = suspect[suspect.event == "pt:nausea"].set_index("inn")
    assert page.ebgm.to_dict() == pytest.approx(want.ebgm.to_dict())
    assert page.index[0] == "sertraline" and page.ebgm_signal["sertraline"] and not page.ebgm_signal.iloc[1:].any()
