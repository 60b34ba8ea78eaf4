"""Random-effects pooling of published proportions (statsmodels), and when pooling is defensible.

Pooling happens on the logit scale with DerSimonian-Laird between-study variance
(``statsmodels.stats.meta_analysis.combine_effects``), within one design group only, and
only for primary studies (surveys, cohorts, trials) that report an overall figure for
any antidepressant with an n. Reviews and meta-analyses are never pooled again: their
underlying studies overlap. Two reports of the same sample are counted once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.meta_analysis import combine_effects

POOLABLE_DESIGNS = ("survey", "cohort", "rct")
# Papers that report on the same respondents as another paper: sample key -> the sample it belongs to.
SAME_SAMPLE = {"cartwright2016": "read2014", "read2018_ijmhn": "read2014"}
SUBGROUP_PREFIXES = ("men", "women", "subgroup", "respondents reporting", "same ")


@dataclass(frozen=True)
class Pooled:
    value: float  # percent
    ci_low: float
    ci_high: float
    i2: float  # 0..1
    k: int
    study_keys: tuple[str, ...]


def eligible(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of one design group that may be pooled, one per independent sample."""
    ok = (
        rows.design.isin(POOLABLE_DESIGNS)
        & (rows.measure == "percent")
        & (rows.drug == "any antidepressant")
        & rows.duration_band.isna()
        & rows.n.notna()
        & (rows.value > 0)
        & (rows.value < 100)
        & ~rows.population.fillna("").str.lower().str.startswith(SUBGROUP_PREFIXES)
    )
    cand = rows[ok].assign(sample=lambda d: d.study_key.map(lambda k: SAME_SAMPLE.get(k, k)))
    # One row per sample: the largest n.
    return cand.sort_values("n", ascending=False).drop_duplicates("sample")


def pool_percentages(pct, n, keys=()) -> Pooled | None:
    """Random-effects pooled percentage with a 95% CI and I^2; None for fewer than two studies."""
    p = np.asarray(pct, dtype=float) / 100
    n = np.asarray(n, dtype=float)
    if len(p) < 2:
        return None
    effect = np.log(p / (1 - p))
    variance = 1 / (n * p * (1 - p))
    res = combine_effects(effect, variance, method_re="chi2")
    frame = res.summary_frame()
    re = frame.loc["random effect"]

    def back(x):
        return 100 / (1 + math.exp(-x))

    return Pooled(back(re.eff), back(re.ci_low), back(re.ci_upp), float(res.i2), len(p), tuple(keys))
