"""The Multi-item Gamma Poisson Shrinker (DuMouchel 1999), the FDA's own signal score for its adverse-event reports.

A drug-event cell's count N is Poisson with mean λE, where E is the count expected if the drug and the event were
independent (stratified: E = Σ_s n_drug,s · n_event,s / n_s) and λ, the cell's relative reporting ratio, is drawn
from a mixture of two gammas: λ ~ P·Gamma(α1, β1) + (1 − P)·Gamma(α2, β2) (shape α, rate β). The five
hyperparameters θ = (α1, β1, α2, β2, P) are fitted by maximum likelihood over the cells (``fit``); then each cell's
posterior is again a mixture of two gammas, and ``posterior`` gives its EBGM = exp(E[ln λ | N]) and the posterior's
5th and 95th percentiles, EB05 and EB95. A signal is EB05 ≥ 2.

Written with scipy rather than taken from vigipy (whose GPS computes E itself from its own container's margins, so it
cannot take a stratified E, and whose posterior is inline in its analysis function): the reference values of
openEBGM, the R package by FDA staff, are the test (tests/test_mgps.py).
Run by the import (``sidefx.faers.ebgm``), which stores each cell's EBGM for the FAERS page; the functions are also
the interface outside scripts can check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, expit, gammaln, gdtr, logit

# Starting points for the fit: DuMouchel's (1999) published estimates, and others spread around them; the best
# fits from different starts must agree (``AGREE``) or the fit is refused.
STARTS = (
    (0.2041, 0.05816, 1.415, 1.838, 0.0969),
    (0.2, 0.1, 2.0, 4.0, 1 / 3),
    (0.5, 0.5, 2.0, 2.0, 0.2),
    (1.0, 1.0, 3.0, 1.0, 0.1),
    (2.0, 1.0, 0.5, 0.5, 0.5),
)
AGREE = 1e-3  # log-likelihood units within which two starts' optima are the same fit


class FitFailed(Exception):
    """The hyperparameters could not be fitted: the starting points did not reach one maximum."""


@dataclass(frozen=True)
class Posterior:
    ebgm: np.ndarray
    eb05: np.ndarray
    eb95: np.ndarray
    q: np.ndarray  # each cell's posterior weight of the first gamma


def _log_nb(n, e, alpha, beta):
    """log P(N = n) when N | λ ~ Poisson(λe) and λ ~ Gamma(alpha, rate beta): a negative binomial."""
    return (
        gammaln(alpha + n)
        - gammaln(alpha)
        - gammaln(n + 1)
        + alpha * np.log(beta / (beta + e))
        + n * np.log(e / (beta + e))
    )


def _weights(n, e, theta) -> np.ndarray:
    a1, b1, a2, b2, p = theta
    l1 = np.log(p) + _log_nb(n, e, a1, b1)
    l2 = np.log1p(-p) + _log_nb(n, e, a2, b2)
    return expit(l1 - l2)


def _mixture_quantile(prob: float, q, a1, r1, a2, r2) -> np.ndarray:
    """x with q·G(x; a1, r1) + (1 − q)·G(x; a2, r2) = prob (gamma CDFs with rates r), by bisection on log x."""
    lo = np.full(np.shape(q), -30.0)
    hi = np.full(np.shape(q), 30.0)
    for _ in range(100):  # 60 halvings of 60 log units reach 1e-16
        mid = (lo + hi) / 2
        x = np.exp(mid)
        below = q * gdtr(r1, a1, x) + (1 - q) * gdtr(r2, a2, x) < prob
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return np.exp((lo + hi) / 2)


def posterior(n, e, theta) -> Posterior:
    """Each cell's EBGM, EB05 and EB95 for counts ``n`` and expected counts ``e`` under ``theta``."""
    n, e = np.asarray(n, dtype=float), np.asarray(e, dtype=float)
    a1, b1, a2, b2, _ = theta
    q = _weights(n, e, theta)
    shape1, rate1, shape2, rate2 = a1 + n, b1 + e, a2 + n, b2 + e
    mean_log = q * (digamma(shape1) - np.log(rate1)) + (1 - q) * (digamma(shape2) - np.log(rate2))
    return Posterior(
        ebgm=np.exp(mean_log),
        eb05=_mixture_quantile(0.05, q, shape1, rate1, shape2, rate2),
        eb95=_mixture_quantile(0.95, q, shape1, rate1, shape2, rate2),
        q=q,
    )


def log_likelihood(theta, n, e) -> float:
    """The marginal log-likelihood of the cells' counts under ``theta``."""
    a1, b1, a2, b2, p = theta
    l1 = np.log(p) + _log_nb(n, e, a1, b1)
    l2 = np.log1p(-p) + _log_nb(n, e, a2, b2)
    return float(np.logaddexp(l1, l2).sum())


def _to_theta(x) -> tuple[float, ...]:
    return (*np.exp(x[:4]), float(expit(x[4])))


def _from_theta(theta) -> np.ndarray:
    return np.array([*np.log(theta[:4]), logit(theta[4])])


def _objective(x, n, e):
    """The negative log-likelihood and its gradient in x = (ln α1, ln β1, ln α2, ln β2, logit P)."""
    a1, b1, a2, b2, p = _to_theta(x)
    l1 = np.log(p) + _log_nb(n, e, a1, b1)
    l2 = np.log1p(-p) + _log_nb(n, e, a2, b2)
    total = np.logaddexp(l1, l2)
    w1 = np.exp(l1 - total)
    w2 = 1 - w1
    grad = [
        np.sum(w1 * a1 * (digamma(a1 + n) - digamma(a1) + np.log(b1 / (b1 + e)))),
        np.sum(w1 * b1 * (a1 / b1 - (a1 + n) / (b1 + e))),
        np.sum(w2 * a2 * (digamma(a2 + n) - digamma(a2) + np.log(b2 / (b2 + e)))),
        np.sum(w2 * b2 * (a2 / b2 - (a2 + n) / (b2 + e))),
        np.sum(w1 - p),
    ]
    return -float(total.sum()), -np.array(grad)


def _one_fit(start, n, e):
    result = minimize(
        _objective,
        _from_theta(start),
        args=(n, e),
        jac=True,
        method="L-BFGS-B",
        bounds=[(-12.0, 8.0)] * 4 + [(-12.0, 12.0)],
        options={"maxiter": 5_000, "ftol": 1e-14, "gtol": 1e-8},
    )
    return result.fun, _to_theta(result.x)


def fit(n, e, starts=STARTS) -> tuple[float, ...]:
    """θ = (α1, β1, α2, β2, P) maximising the likelihood of the cells' counts, from several starting points.

    Give every cell, those with no report included (N = 0): the fit over observed cells alone is known not to
    converge on FAERS. At least two starting points must reach the best maximum (within ``AGREE``), or FitFailed is
    raised. The components are ordered so that P ≤ 0.5: the first is the smaller one (DuMouchel's convention, in
    which it holds the cells with a raised ratio).
    """
    n, e = np.asarray(n, dtype=float), np.asarray(e, dtype=float)
    keep = e > 0
    fits = sorted((_one_fit(start, n[keep], e[keep]) for start in starts), key=lambda f: f[0])
    reached = [theta for value, theta in fits if value - fits[0][0] <= AGREE]
    if len(reached) < 2:
        runner_up = f"; the next best {-fits[1][0]:.3f}" if len(fits) > 1 else ""
        raise FitFailed(
            "fewer than two of the starting points reached the best fit of the prior "
            f"(log-likelihood {-fits[0][0]:.3f}{runner_up}): the cells do not pin it down"
        )
    a1, b1, a2, b2, p = fits[0][1]
    if p > 0.5:
        a1, b1, a2, b2, p = a2, b2, a1, b1, 1 - p
    return (float(a1), float(b1), float(a2), float(b2), float(p))
