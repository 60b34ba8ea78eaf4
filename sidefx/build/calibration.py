"""The demo survey's calibration: a log-odds per cell of the respondent grid, solved to match published figures.

For each outcome the log-odds of a respondent is the sum of a free parameter for every target
(``data/sources/calibration_targets.csv``) whose subgroup the respondent is in, plus the fixed illustrative
terms of ``sidefx.build.assumptions``. The free parameters are solved by iterative proportional fitting on the
expected shares over the mix, so the targets hold in expectation at any size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sidefx import catalog
from sidefx.build.assumptions import (
    AGE_MIX,
    DRUG_MIX,
    DURATION_MIX,
    FIXED_LOG_ODDS,
    HALF_LIFE_EXPONENT,
    SEVERITY_LONG_TERM_OR,
    SEX_MIX,
    SEXUAL_TARGET_BORROWED,
    TAPERED_SHARE,
    TRIED_TO_STOP_BY_BAND,
)


def _logit(p):
    return np.log(p / (1 - p))


def expit(x):
    return 1 / (1 + np.exp(-x))


@dataclass
class Target:
    metric: str
    effect: str
    subgroup: str
    value: str | None
    pct: float


@dataclass
class Model:
    """Everything the sampler needs: the cell grid and a log-odds per cell per outcome."""

    drugs: list[str]
    drug_class: dict[str, str]
    half_life_h: dict[str, float]
    logodds: dict[str, np.ndarray]  # outcome -> array indexed [drug, band, sex, age, method]
    mod_severe_share: dict[str, float]


DIMS = ("drug", "duration_band", "sex", "age_band", "method")


def grid(drugs):
    levels = {
        "drug": drugs,
        "duration_band": list(DURATION_MIX),
        "sex": list(SEX_MIX),
        "age_band": list(AGE_MIX),
        "method": ["tapered", "abrupt"],
    }
    weights = {
        "drug": np.array([DRUG_MIX[d] for d in drugs]),
        "duration_band": np.array(list(DURATION_MIX.values())),
        "sex": np.array(list(SEX_MIX.values())),
        "age_band": np.array(list(AGE_MIX.values())),
        "method": np.array([TAPERED_SHARE, 1 - TAPERED_SHARE]),
    }
    for k in weights:
        weights[k] = weights[k] / weights[k].sum()
    return levels, weights


def mask(levels, dim, value):
    shape = [len(levels[d]) for d in DIMS]
    m = np.zeros(shape, dtype=bool)
    idx = [slice(None)] * len(DIMS)
    if dim != "all":
        idx[DIMS.index(dim)] = levels[dim].index(value)
    m[tuple(idx)] = True
    return m


def _fit(levels, w, fixed, targets, iterations=400):
    """Iterative proportional fitting of one free log-odds term per target."""
    masks = [mask(levels, t.subgroup, t.value) for t in targets]
    params = np.zeros(len(targets))
    for _ in range(iterations):
        for i, (t, m) in enumerate(zip(targets, masks)):
            lo = fixed + sum(p * mk for p, mk in zip(params, masks))
            cur = (w * expit(lo))[m].sum() / w[m].sum()
            params[i] += _logit(t.pct / 100) - _logit(cur)
    return fixed + sum(p * mk for p, mk in zip(params, masks))


def build_model() -> Model:
    """Solve the calibration for the current drug catalogue and targets."""
    drugs_df = catalog.drugs()
    drugs = list(DRUG_MIX)
    missing = set(drugs) - set(drugs_df.inn)
    if missing:
        raise ValueError(f"demo drugs missing from the drug catalogue: {sorted(missing)}")
    drug_class = dict(zip(drugs_df.inn, drugs_df.drug_class))
    half_life = dict(zip(drugs_df.inn, drugs_df.half_life_h))
    levels, wdim = grid(drugs)
    # Joint weights of the independent mixes.
    w = np.einsum("a,b,c,d,e->abcde", *[wdim[d] for d in DIMS])

    targets = catalog.calibration_targets()
    logodds = {
        effect: _fit_effect(effect, levels, w, half_life, _effect_targets(targets, effect))
        for effect in catalog.effects().effect
    }
    logodds["withdrawal_severe"] = _fit_severe(levels, w, targets, logodds["withdrawal_effects"])
    return Model(drugs, drug_class, half_life, logodds, _moderate_or_severe_shares(targets))


def _effect_targets(targets, effect: str) -> list[Target]:
    """The published prevalence (or withdrawal incidence) targets one effect is fitted to, with the borrowed ones."""
    fitted = targets[
        targets.metric.isin(["prevalence", "withdrawal_incidence"])
        & (targets.note.fillna("").str.find("checked not fitted") < 0)
    ]
    ts = [
        Target(r.metric, r.effect, r.subgroup, r.subgroup_value, r.target_pct)
        for r in fitted[fitted.effect == effect].itertuples()
    ]
    if effect == "sexual_dysfunction":
        montejo = (
            targets[(targets.effect == "sexual_dysfunction") & (targets.subgroup == "drug")]
            .set_index("subgroup_value")
            .target_pct
        )
        for drug, (like, pct) in SEXUAL_TARGET_BORROWED.items():
            ts.append(Target("prevalence", effect, "drug", drug, montejo[like] if like else pct))
    return ts


def _fit_effect(effect: str, levels, w, half_life: dict, ts: list[Target]) -> np.ndarray:
    """One effect's log-odds per cell: its fixed terms, then the free terms fitted to its targets."""
    fixed = np.zeros(w.shape)
    for dim, terms in FIXED_LOG_ODDS.get(effect, {}).items():
        for value, lo in terms.items():
            fixed = fixed + lo * mask(levels, dim, value)
    weights = w
    if effect == "withdrawal_effects":
        for i, d in enumerate(levels["drug"]):
            hl = half_life.get(d)
            if hl and not math.isnan(hl):
                fixed[i] += HALF_LIFE_EXPONENT * math.log(hl / 24)
        # Only those who tried to stop are asked; weight bands by that share.
        stop = np.array([TRIED_TO_STOP_BY_BAND[b] for b in levels["duration_band"]])
        weights = w * stop[None, :, None, None, None]
    return _fit(levels, weights, fixed, ts)


def _fit_severe(levels, w, targets, withdrawal_logodds: np.ndarray) -> np.ndarray:
    """Severe withdrawal among those with withdrawal: one overall target plus a fixed long-term term."""
    sev = targets[targets.metric == "withdrawal_severe"].iloc[0]
    fixed = math.log(SEVERITY_LONG_TERM_OR) * mask(levels, "duration_band", "3+ years")
    stop = np.array([TRIED_TO_STOP_BY_BAND[b] for b in levels["duration_band"]])
    had_w = w * stop[None, :, None, None, None] * expit(withdrawal_logodds)
    return _fit(levels, had_w, fixed, [Target("withdrawal_severe", "withdrawal_effects", "all", None, sev.target_pct)])


def _moderate_or_severe_shares(targets) -> dict[str, float]:
    """Per effect with a published figure: the share of those reporting it who rate it moderate or severe."""
    mod_sev = {}
    for r in targets[targets.metric == "moderate_or_severe"].itertuples():
        prev = targets[
            (targets.effect == r.effect) & (targets.metric == "prevalence") & (targets.subgroup == "all")
        ].target_pct.iloc[0]
        mod_sev[r.effect] = r.target_pct / prev
    return mod_sev
