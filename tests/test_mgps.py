"""The Multi-item Gamma Poisson Shrinker against openEBGM's reference values, and its fit on counts drawn from a
known prior."""

from __future__ import annotations

import numpy as np
import pytest

from sidefx.faers import mgps

# openEBGM's vignette (the R package by FDA staff): its fitted prior and one cell, with the EBGM and quantiles it prints.
THETA = (3.25379064, 0.39988801, 2.02613219, 1.90808279, 0.06534557)


def test_the_posterior_matches_the_openebgm_vignette():
    post = mgps.posterior(np.array([16]), np.array([0.40643623]), THETA)
    assert post.ebgm[0] == pytest.approx(23.26, abs=0.005)
    assert post.eb05[0] == pytest.approx(15.68, abs=0.01)
    assert post.eb95[0] == pytest.approx(33.48, abs=0.005)


def test_the_quantiles_are_the_posterior_mixtures_percentiles():
    """EB05 and EB95 checked by integrating the posterior density numerically (an independent computation)."""
    from scipy import integrate, stats

    n, e = 3, 1.7
    post = mgps.posterior(np.array([n]), np.array([e]), THETA)
    a1, b1, a2, b2, _ = THETA
    q = post.q[0]
    density = lambda x: (
        q * stats.gamma.pdf(x, a1 + n, scale=1 / (b1 + e)) + (1 - q) * stats.gamma.pdf(x, a2 + n, scale=1 / (b2 + e))
    )
    assert integrate.quad(density, 0, post.eb05[0])[0] == pytest.approx(0.05, abs=1e-6)
    assert integrate.quad(density, 0, post.eb95[0])[0] == pytest.approx(0.95, abs=1e-6)
    mean_log = integrate.quad(lambda x: np.log(x) * density(x), 0, np.inf)[0]
    assert post.ebgm[0] == pytest.approx(np.exp(mean_log), rel=1e-6)


def test_a_cell_with_no_report_shrinks_below_one_and_a_big_count_stays_near_its_ratio():
    post = mgps.posterior(np.array([0, 200]), np.array([2.0, 10.0]), THETA)
    assert post.ebgm[0] < 1 and post.eb05[0] < post.ebgm[0] < post.eb95[0]
    assert post.ebgm[1] == pytest.approx(20, rel=0.05)  # 200 reports where 10 were expected


def _drawn(theta, cells: int, seed: int):
    rng = np.random.default_rng(seed)
    e = rng.gamma(0.5, 2.0, size=cells)
    first = rng.random(cells) < theta[4]
    lam = np.where(first, rng.gamma(theta[0], 1 / theta[1], cells), rng.gamma(theta[2], 1 / theta[3], cells))
    return rng.poisson(lam * e), e


def test_the_fit_recovers_a_known_prior_from_counts_drawn_from_it():
    true = (4.0, 0.4, 10.0, 10.0, 0.08)  # a raised component (mean ratio 10) holding 8% of cells; a null one at 1
    n, e = _drawn(true, 30_000, seed=2026)
    fitted = mgps.fit(n, e)
    assert fitted == pytest.approx(true, rel=0.1)
    assert mgps.log_likelihood(fitted, n, e) >= mgps.log_likelihood(true, n, e)
    ebgm_fitted, ebgm_true = mgps.posterior(n, e, fitted).ebgm, mgps.posterior(n, e, true).ebgm
    assert np.max(np.abs(ebgm_fitted / ebgm_true - 1)) < 0.05


def test_the_fit_is_refused_in_words_when_only_one_start_reaches_its_maximum():
    n, e = _drawn((4.0, 0.4, 10.0, 10.0, 0.08), 2_000, seed=1)
    with pytest.raises(mgps.FitFailed, match="starting points"):
        mgps.fit(n, e, starts=mgps.STARTS[:1])
