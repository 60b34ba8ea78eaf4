"""The reporting odds ratio adjusted for sex and age (and year received): the Mantel–Haenszel ROR over strata, through
statsmodels.

Each drug's 2x2 table is made within every sex × age band stratum by ``faers_signals`` with ``$split = 'sex_age'``
(the same filters, roles and N as the crude table; a sex or an age band that is 'not given' is a stratum of its own).
statsmodels' ``StratifiedTable`` pools them: the Mantel–Haenszel odds ratio Σ(ad/n) / Σ(bc/n) and its 95% interval
from the Robins–Breslow–Greenland variance; the Breslow–Day test that the strata share one odds ratio is statsmodels'
``test_equal_odds`` with one root written stably (``breslow_day``). A small p says the ratio differs between sexes
or ages, and one pooled ratio hides that.

A stratum adds to the sums only when it has cases naming the drug and cases not naming it, cases with the event and
cases without: any other stratum adds 0 to every Mantel–Haenszel sum (and has no Breslow–Day term), so it is left
out, and ``strata`` counts those that are not. The ratio is undefined (NaN) when either sum is 0, as the crude ROR is
when a cell is 0; the Breslow–Day p needs two strata.

The year received can be a stratum too (``by_year``): ``faers_strata_by_year`` makes the same tables within each
sex × age band × year received, from the cells by year (summed from those by quarter when the folder is opened),
which are kept for the catalogue's side effects only (a preferred term asked for gives no strata, so no adjusted
ratio: the page says so).

The page's call, for the forest plot's crude run ``run`` (``faers_signals``)::

    strata = adjusted.strata_run(run)  # the same run by sex × age band: record it beside the crude one
    table = adjusted.table(strata.frame())  # event, inn, adj_ror, adj_ror_low, adj_ror_high, homogeneity_p, strata
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy.stats import chi2
from statsmodels.stats.contingency_tables import StratifiedTable

from sidefx.serve.queries import QueryRun

BY = ["event", "inn"]
COLUMNS = ["adj_ror", "adj_ror_low", "adj_ror_high", "homogeneity_p", "strata"]
SPLIT = "sex_age"


BY_YEAR = "faers_strata_by_year"  # the tables within each sex × age band × year received


def strata_run(run: QueryRun, by_year: bool = False) -> QueryRun:
    """A ``faers_signals`` run made within each sex × age band stratum (``by_year``: × year received), every other value
    bound as in ``run``."""
    if run.name != "faers_signals":
        raise ValueError(f"the adjusted ROR is made from faers_signals' tables, not {run.name}'s")
    if by_year:
        return replace(run, name=BY_YEAR, params={k: v for k, v in run.params.items() if k != "split"})
    return replace(run, params=run.params | {"split": SPLIT})


def table(strata: pd.DataFrame) -> pd.DataFrame:
    """One row per event and drug: the Mantel–Haenszel ROR over its strata, its interval and the Breslow–Day p.

    ``strata`` has one row per event, drug and stratum with the columns event, inn, a, b, c, d (other columns, such
    as faers_signals' grp, are not read). Returns event, inn, adj_ror, adj_ror_low, adj_ror_high, homogeneity_p
    (DOUBLE, NaN where undefined) and strata (the count of strata used), ordered by event, then adj_ror, highest first.
    """
    rows = [(*key, *pooled(group)) for key, group in strata.groupby(BY, sort=False)]
    out = pd.DataFrame(rows, columns=[*BY, *COLUMNS]).astype({c: float for c in COLUMNS[:4]} | {"strata": "int64"})
    return out.sort_values(["event", "adj_ror", "inn"], ascending=[True, False, True], na_position="last").reset_index(
        drop=True
    )


def pooled(strata: pd.DataFrame) -> tuple[float, float, float, float, int]:
    """(adj_ror, adj_ror_low, adj_ror_high, homogeneity_p, strata used) for one drug and event's strata rows."""
    cells = strata[["a", "b", "c", "d"]].to_numpy(dtype=float)
    a, b, c, d = cells.T
    used = cells[(a + b > 0) & (c + d > 0) & (a + c > 0) & (b + d > 0)]
    n = used.sum(axis=1)
    if not len(used) or not (used[:, 0] * used[:, 3] / n).sum() or not (used[:, 1] * used[:, 2] / n).sum():
        return (np.nan, np.nan, np.nan, np.nan, len(used))
    with warnings.catch_warnings(), np.errstate(all="ignore"):  # nothing of statsmodels' reaches a page
        warnings.simplefilter("ignore")
        mh = StratifiedTable([row.reshape(2, 2) for row in used])
        low, high = mh.oddsratio_pooled_confint()
        p = breslow_day(used, mh.oddsratio_pooled) if len(used) > 1 else np.nan
    return (float(mh.oddsratio_pooled), float(low), float(high), p, len(used))


def breslow_day(cells: np.ndarray, ratio: float) -> float:
    """Breslow–Day's p that the strata (rows a, b, c, d; every margin above 0) share the odds ratio ``ratio``.

    statsmodels' ``test_equal_odds`` with its expected first cell written as 2C / (−B − √(B² − 4AC)), the same root of
    A·e² + B·e + C = 0 (A = 1 − ratio) as its (−B + √(B² − 4AC)) / 2A: that one is 0/0 at a pooled ratio of 1 and loses
    every digit next to it (statsmodels gives p = 0 for the strata (1, 1, 2, 1) and (3, 3, 4, 5), whose ratio is 1
    but for rounding, where the test's p is 0.668). Equal to statsmodels' everywhere else (tested)."""
    a, b, c, d = cells.T
    rows, cols, dma = a + b, a + c, d - a
    big_b = ratio * (rows + cols) + dma
    big_c = -ratio * rows * cols
    e = 2 * big_c / (-big_b - np.sqrt(big_b**2 - 4 * (1 - ratio) * big_c))
    var = 1 / (1 / e + 1 / (cols - e) + 1 / (rows - e) + 1 / (dma + e))
    p = float(chi2.sf(np.sum((a - e) ** 2 / var), len(cells) - 1))
    return p if np.isfinite(p) else np.nan
