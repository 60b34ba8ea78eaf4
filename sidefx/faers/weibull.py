"""The Weibull shape of the days to onset, with its 95% profile-likelihood interval, and the pattern it is read as.

Days are whole days between two dates (``queries/faers/faers_onset_days.sql``: cases on each day), so each onset is
taken as an interval of a day, [d, d + 1) days after the start (0: the same day), and the Weibull distribution
(scipy.stats.weibull_min, location 0) is fitted to those intervals by maximum likelihood (scipy.optimize), started
from scipy's own fit of the days' midpoints. The 95% interval of the shape β is where the profile log-likelihood
(the scale refitted at each β) is within χ²₁(0.95)/2 of its maximum. As pharmacovigilance papers read it (Cornelius
et al. 2012, Sauzet et al. 2013): an interval above 1 is "wear-out" (the hazard rises with time), one containing 1
"constant", one below 1 "early" (the hazard falls: most onsets soon after the start).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

MIN_CASES = 5  # fewer cases giving their days, or all on one day, leave the shape unfitted
CHI2_95 = float(stats.chi2.ppf(0.95, 1))  # 3.84: twice the profile likelihood's drop at a 95% bound
PATTERNS = {  # the pattern's key -> in words
    "early": "early: risk falling with time",
    "constant": "constant: no clear change with time",
    "wear-out": "wear-out: risk rising with time",
}


@dataclass(frozen=True)
class Fit:
    shape: float  # β
    shape_low: float  # its 95% interval (nan where the profile does not fall far enough: open)
    shape_high: float
    scale: float  # days
    n: int

    @property
    def pattern(self) -> str:
        return pattern(self.shape_low, self.shape_high)


def pattern(low: float, high: float) -> str:
    """The pattern a shape's 95% interval says: 'wear-out' above 1, 'early' below 1, else 'constant'."""
    if not math.isnan(low) and low > 1:
        return "wear-out"
    if not math.isnan(high) and high < 1:
        return "early"
    return "constant"


def _loglik(shape: float, scale: float, days: np.ndarray, counts: np.ndarray) -> float:
    """Each onset in [d, d + 1): log(S(d) - S(d + 1)), weighted by its cases."""
    lo = stats.weibull_min.logsf(days, shape, scale=scale)
    hi = stats.weibull_min.logsf(days + 1.0, shape, scale=scale)
    with np.errstate(divide="ignore"):
        each = lo + np.log(-np.expm1(hi - lo))
    return float(np.sum(counts * each))


def _profile(shape: float, days: np.ndarray, counts: np.ndarray, near: float) -> tuple[float, float]:
    """The log-likelihood at ``shape`` with the scale refitted (searched within a factor 1e3 of ``near``)."""
    found = optimize.minimize_scalar(
        lambda log_scale: -_loglik(shape, math.exp(log_scale), days, counts),
        bounds=(math.log(near) - 7, math.log(near) + 7),
        method="bounded",
    )
    return -float(found.fun), math.exp(found.x)


def fit(days, counts) -> Fit | None:
    """The Weibull fitted to cases on each day (``days`` whole days, ``counts`` cases); None with too few."""
    days, counts = np.asarray(days, dtype=float), np.asarray(counts, dtype=float)
    n = int(counts.sum())
    if n < MIN_CASES or len(np.unique(days[counts > 0])) < 2:
        return None
    c0, _, s0 = stats.weibull_min.fit(np.repeat(days + 0.5, counts.astype(int)), floc=0)
    best = optimize.minimize(
        lambda p: -_loglik(math.exp(p[0]), math.exp(p[1]), days, counts),
        x0=[math.log(c0), math.log(s0)],
        method="Nelder-Mead",
        options={"xatol": 1e-6, "fatol": 1e-8, "maxiter": 2000},
    )
    shape, scale = math.exp(best.x[0]), math.exp(best.x[1])
    top = -float(best.fun)
    low, high = (_bound(shape, scale, top, days, counts, step) for step in (1 / 1.5, 1.5))
    return Fit(shape, low, high, scale, n)


def _bound(shape: float, scale: float, top: float, days, counts, step: float) -> float:
    """Where the profile log-likelihood falls CHI2_95 / 2 below ``top``, on the side of ``shape`` ``step`` leads to."""
    drop = lambda c: top - _profile(c, days, counts, scale)[0] - CHI2_95 / 2  # noqa: E731
    inner, outer = shape, shape * step
    for _ in range(12):  # widen until the profile has fallen far enough (β from 1e-3 to 100 or so)
        if drop(outer) > 0:
            return float(optimize.brentq(drop, min(inner, outer), max(inner, outer), xtol=1e-6))
        inner, outer = outer, outer * step
    return math.nan
