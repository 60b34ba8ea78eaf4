"""The synthetic demo survey: seeded, deterministic, calibrated to published figures.

Real respondent-level data from the published surveys is not public, so the dashboard
ships a survey that this module makes up. It is calibrated so that its marginal shares
match published figures (``data/sources/calibration_targets.csv``): each target is a
share of respondents in a subgroup (everyone, a drug, a duration band, an age band).

How: respondents are drawn from independent marginal mixes (drug, duration band, sex,
age band, country). For each outcome the log-odds of a respondent is the sum of a free
parameter for every target whose subgroup the respondent is in, plus fixed illustrative
terms (``FIXED_LOG_ODDS``). The free parameters are solved by iterative proportional
fitting on the expected shares over the mix, so the targets hold in expectation at any
size; sampling noise at 5,000 respondents is well inside the tolerances.

Everything that is not calibrated to a published figure is an assumption and is named
so here and in ``data/README.md``. Every row carries ``DATASET`` so nobody can mistake
it for real respondents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sidefx import catalog, settings

DATASET = "demo (synthetic)"

# ---- Assumed mixes (not calibrated: no published survey gives them in full) -----------
# Drug mix loosely shaped like a New Zealand/UK long-term-user survey: SSRIs dominate.
DRUG_MIX = {
    "citalopram": 0.19, "fluoxetine": 0.17, "escitalopram": 0.12, "venlafaxine": 0.10,
    "sertraline": 0.09, "paroxetine": 0.07, "mirtazapine": 0.06, "amitriptyline": 0.05,
    "duloxetine": 0.04, "bupropion": 0.03, "fluvoxamine": 0.025, "nortriptyline": 0.02,
    "moclobemide": 0.015, "vortioxetine": 0.01,
}
# Duration bands in months: [low, high). '3+ years' is long-term use (Cartwright 2016).
DURATION_BANDS = {
    "<3 months": (1, 3), "3-6 months": (3, 6), "6-12 months": (6, 12),
    "1-3 years": (12, 36), "3+ years": (36, 240),
}
DURATION_MIX = {"<3 months": 0.07, "3-6 months": 0.09, "6-12 months": 0.12, "1-3 years": 0.34, "3+ years": 0.38}
UNKNOWN_DURATION_SHARE = 0.02  # respondents who did not say how long they took it
SEX_MIX = {"female": 0.73, "male": 0.25, "other": 0.02}
AGE_MIX = {"18-24": 0.14, "25-34": 0.22, "35-44": 0.22, "45-54": 0.20, "55-64": 0.14, "65+": 0.08}
COUNTRY_MIX = {"New Zealand": 0.45, "United Kingdom": 0.20, "United States": 0.15, "Australia": 0.10, "Canada": 0.05, "Other": 0.05}
ITEM_NONRESPONSE = 0.02  # share of respondents who skip any one side-effect question
TRIED_TO_STOP_BY_BAND = {"<3 months": 0.40, "3-6 months": 0.55, "6-12 months": 0.65, "1-3 years": 0.75, "3+ years": 0.80, "unknown": 0.70}
TAPERED_SHARE = 0.5

# Drugs outside Montejo 2001 borrow the sexual-dysfunction target of a similar drug (an
# assumption: escitalopram is the S-enantiomer of citalopram; duloxetine is an SNRI like
# venlafaxine; the TCAs take Montejo's all-drug figure; bupropion and vortioxetine are
# assumed low, as Serretti 2009 found bupropion no different from placebo).
SEXUAL_TARGET_BORROWED = {
    "escitalopram": ("citalopram", None), "duloxetine": ("venlafaxine", None),
    "amitriptyline": (None, 59.1), "nortriptyline": (None, 59.1),
    "bupropion": (None, 10.0), "vortioxetine": (None, 30.0),
}

# Fixed, illustrative log-odds terms (assumptions, direction from the literature).
FIXED_LOG_ODDS = {
    # Gafoor 2018 and Bet 2013 report more weight gain with mirtazapine; TCAs likewise.
    "weight_gain": {"drug": {"mirtazapine": math.log(2.0), "amitriptyline": math.log(1.8), "nortriptyline": math.log(1.8)}},
    # Goodwin 2017: emotional blunting appeared less frequent with bupropion.
    "emotional_numbing": {"drug": {"bupropion": math.log(0.6)}},
    # Tapering lowers withdrawal odds in this demo (assumption, for the tapered-vs-abrupt view).
    "withdrawal_effects": {"method": {"tapered": math.log(0.7)}},
}
# Withdrawal odds fall with the drug's half-life: odds ratio (half_life / 24 h) ** -0.35.
HALF_LIFE_EXPONENT = -0.35
SEVERITY_LONG_TERM_OR = 1.6  # severe withdrawal is commoner after long-term use (assumption)
# Share of reporters rating an effect moderate or severe, where no target says (assumption).
DEFAULT_MOD_SEVERE_SHARE = 0.55
SEVERE_WITHIN_MOD_SEVERE = 0.4
# Withdrawal duration in weeks, lognormal median by severity (assumption).
WITHDRAWAL_WEEKS_MEDIAN = {"mild": 3.0, "moderate": 8.0, "severe": 30.0}
WITHDRAWAL_WEEKS_SIGMA = 1.0
RESTART_P = {"none": 0.15, "mild": 0.15, "moderate": 0.30, "severe": 0.50}


def _logit(p):
    return np.log(p / (1 - p))


def _expit(x):
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


def _grid(drugs):
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


def _mask(levels, dim, value):
    shape = [len(levels[d]) for d in DIMS]
    m = np.zeros(shape, dtype=bool)
    idx = [slice(None)] * len(DIMS)
    if dim != "all":
        idx[DIMS.index(dim)] = levels[dim].index(value)
    m[tuple(idx)] = True
    return m


def _fit(levels, w, fixed, targets, iterations=400):
    """Iterative proportional fitting of one free log-odds term per target."""
    masks = [_mask(levels, t.subgroup, t.value) for t in targets]
    params = np.zeros(len(targets))
    for _ in range(iterations):
        for i, (t, m) in enumerate(zip(targets, masks)):
            lo = fixed + sum(p * mk for p, mk in zip(params, masks))
            cur = (w * _expit(lo))[m].sum() / w[m].sum()
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
    levels, wdim = _grid(drugs)
    # Joint weights of the independent mixes.
    w = np.einsum("a,b,c,d,e->abcde", *[wdim[d] for d in DIMS])

    targets = catalog.calibration_targets()
    fitted = targets[targets.metric.isin(["prevalence", "withdrawal_incidence"]) & (targets.note.fillna("").str.find("checked not fitted") < 0)]
    montejo = targets[(targets.effect == "sexual_dysfunction") & (targets.subgroup == "drug")].set_index("subgroup_value").target_pct

    logodds = {}
    for effect in catalog.effects().effect:
        ts = [Target(r.metric, r.effect, r.subgroup, r.subgroup_value, r.target_pct) for r in fitted[fitted.effect == effect].itertuples()]
        if effect == "sexual_dysfunction":
            for drug, (like, pct) in SEXUAL_TARGET_BORROWED.items():
                ts.append(Target("prevalence", effect, "drug", drug, montejo[like] if like else pct))
        fixed = np.zeros(w.shape)
        for dim, terms in FIXED_LOG_ODDS.get(effect, {}).items():
            for value, lo in terms.items():
                fixed = fixed + lo * _mask(levels, dim, value)
        weights = w
        if effect == "withdrawal_effects":
            for i, d in enumerate(drugs):
                hl = half_life.get(d)
                if hl and not math.isnan(hl):
                    fixed[i] += HALF_LIFE_EXPONENT * math.log(hl / 24)
            # Only those who tried to stop are asked; weight bands by that share.
            stop = np.array([TRIED_TO_STOP_BY_BAND[b] for b in levels["duration_band"]])
            weights = w * stop[None, :, None, None, None]
        logodds[effect] = _fit(levels, weights, fixed, ts)

    # Severe withdrawal among those with withdrawal: one overall target plus a fixed long-term term.
    sev = targets[targets.metric == "withdrawal_severe"].iloc[0]
    fixed = math.log(SEVERITY_LONG_TERM_OR) * _mask(levels, "duration_band", "3+ years")
    stop = np.array([TRIED_TO_STOP_BY_BAND[b] for b in levels["duration_band"]])
    had_w = w * stop[None, :, None, None, None] * _expit(logodds["withdrawal_effects"])
    logodds["withdrawal_severe"] = _fit(levels, had_w, fixed, [Target("withdrawal_severe", "withdrawal_effects", "all", None, sev.target_pct)])

    mod_sev = {}
    for r in targets[targets.metric == "moderate_or_severe"].itertuples():
        prev = targets[(targets.effect == r.effect) & (targets.metric == "prevalence") & (targets.subgroup == "all")].target_pct.iloc[0]
        mod_sev[r.effect] = r.target_pct / prev
    return Model(drugs, drug_class, half_life, logodds, mod_sev)


def _draw(rng, mix: dict, n: int) -> np.ndarray:
    keys = list(mix)
    p = np.array([mix[k] for k in keys], dtype=float)
    return rng.choice(len(keys), size=n, p=p / p.sum())


def generate_chunk(model: Model, start_id: int, n: int, seed: int, chunk_index: int):
    """Respondents, responses and withdrawal rows for one chunk, as pandas frames."""
    rng = np.random.default_rng([seed, chunk_index])
    levels, _ = _grid(model.drugs)
    drug_i = _draw(rng, {d: DRUG_MIX[d] for d in model.drugs}, n)
    band_i = _draw(rng, DURATION_MIX, n)
    sex_i = _draw(rng, SEX_MIX, n)
    age_i = _draw(rng, AGE_MIX, n)
    country_i = _draw(rng, COUNTRY_MIX, n)
    lo_hi = np.array([DURATION_BANDS[b] for b in DURATION_MIX], dtype=float)
    # Log-uniform months within the band, rounded down to whole months.
    lo, hi = lo_hi[band_i, 0], lo_hi[band_i, 1]
    months = np.floor(np.exp(rng.uniform(np.log(lo), np.log(hi)))).astype("int64")
    months = np.clip(months, lo.astype("int64"), hi.astype("int64") - 1)
    unknown = rng.random(n) < UNKNOWN_DURATION_SHARE
    band_names = np.array(list(DURATION_MIX), dtype=object)
    duration_band = np.where(unknown, "unknown", band_names[band_i])
    stop_p = np.array([TRIED_TO_STOP_BY_BAND[b] for b in duration_band])
    tried = rng.random(n) < stop_p
    tapered = rng.random(n) < TAPERED_SHARE
    method_i = np.where(tapered, 0, 1)
    # Unknown durations take the '1-3 years' cell for their outcome probabilities.
    cell_band = np.where(unknown, list(DURATION_MIX).index("1-3 years"), band_i)
    cell = (drug_i, cell_band, sex_i, age_i, method_i)
    ids = np.arange(start_id, start_id + n, dtype="int64")

    responses = []
    for effect in model.logodds:
        if effect == "withdrawal_severe":
            continue
        p = _expit(model.logodds[effect][cell])
        reported = rng.random(n) < p
        answered = rng.random(n) >= ITEM_NONRESPONSE
        if effect == "withdrawal_effects":
            answered = tried  # asked only of those who tried to stop
            had_withdrawal, withdrawal_p = reported, p
        share = model.mod_severe_share.get(effect, DEFAULT_MOD_SEVERE_SHARE)
        u = rng.random(n)
        severity = np.where(~reported, "none", np.where(u < share * SEVERE_WITHIN_MOD_SEVERE, "severe", np.where(u < share, "moderate", "mild")))
        keep = answered
        responses.append(pd.DataFrame({"respondent_id": ids[keep], "effect": effect, "reported": reported[keep], "severity": severity[keep]}))

    # Withdrawal detail for those who tried to stop.
    sev_p = _expit(model.logodds["withdrawal_severe"][cell])
    u = rng.random(n)
    wsev = np.where(~had_withdrawal, "none", np.where(u < sev_p, "severe", np.where(u < sev_p + (1 - sev_p) / 2, "moderate", "mild")))
    median = np.array([WITHDRAWAL_WEEKS_MEDIAN.get(s, np.nan) for s in wsev])
    weeks = np.round(np.minimum(median * np.exp(rng.normal(0, WITHDRAWAL_WEEKS_SIGMA, n)), 520.0), 1)
    weeks = np.where(had_withdrawal, np.maximum(weeks, 0.5), np.nan)
    restarted = rng.random(n) < np.array([RESTART_P[s] for s in wsev])
    withdrawal = pd.DataFrame({
        "respondent_id": ids, "had_withdrawal": had_withdrawal, "severity": wsev,
        "duration_weeks": weeks, "method": np.where(tapered, "tapered", "abrupt"), "restarted": restarted,
    })[tried].reset_index(drop=True)

    drugs_arr = np.array(model.drugs, dtype=object)
    respondents = pd.DataFrame({
        "respondent_id": ids,
        "dataset": DATASET,
        "drug": drugs_arr[drug_i],
        "drug_class": [model.drug_class[d] for d in drugs_arr[drug_i]],
        "duration_months": pd.Series(months, dtype="Int64").mask(unknown),
        "duration_band": duration_band,
        "sex": np.array(list(SEX_MIX), dtype=object)[sex_i],
        "age_band": np.array(list(AGE_MIX), dtype=object)[age_i],
        "country": np.array(list(COUNTRY_MIX), dtype=object)[country_i],
        "still_taking": ~tried | restarted,
        "tried_to_stop": tried,
    })
    return respondents, pd.concat(responses, ignore_index=True), withdrawal


SCHEMAS = {
    "respondents": pa.schema([
        ("respondent_id", pa.int64()), ("dataset", pa.string()), ("drug", pa.string()), ("drug_class", pa.string()),
        ("duration_months", pa.int32()), ("duration_band", pa.string()), ("sex", pa.string()), ("age_band", pa.string()),
        ("country", pa.string()), ("still_taking", pa.bool_()), ("tried_to_stop", pa.bool_()),
    ]),
    "responses": pa.schema([("respondent_id", pa.int64()), ("effect", pa.string()), ("reported", pa.bool_()), ("severity", pa.string())]),
    "withdrawal": pa.schema([
        ("respondent_id", pa.int64()), ("had_withdrawal", pa.bool_()), ("severity", pa.string()),
        ("duration_weeks", pa.float64()), ("method", pa.string()), ("restarted", pa.bool_()),
    ]),
}


def generate(out_dir: Path, n: int | None = None, seed: int | None = None, chunk_rows: int | None = None) -> dict[str, int]:
    """Write respondents/responses/withdrawal Parquet files; return row counts.

    Memory stays bounded by ``chunk_rows`` respondents, whatever ``n`` is.
    """
    n = settings.get("demo_respondents") if n is None else n
    seed = settings.get("demo_seed") if seed is None else seed
    chunk_rows = settings.get("demo_chunk_rows") if chunk_rows is None else chunk_rows
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = build_model()
    writers = {name: pq.ParquetWriter(out_dir / f"{name}.parquet.tmp", schema) for name, schema in SCHEMAS.items()}
    counts = dict.fromkeys(SCHEMAS, 0)
    try:
        for chunk_index, start in enumerate(range(0, n, chunk_rows)):
            frames = generate_chunk(model, start + 1, min(chunk_rows, n - start), seed, chunk_index)
            for name, frame in zip(SCHEMAS, frames):
                writers[name].write_table(pa.Table.from_pandas(frame, schema=SCHEMAS[name], preserve_index=False))
                counts[name] += len(frame)
    finally:
        for w in writers.values():
            w.close()
    # Replace the old files only once every chunk is written.
    for name in SCHEMAS:
        (out_dir / f"{name}.parquet.tmp").replace(out_dir / f"{name}.parquet")
    return counts
