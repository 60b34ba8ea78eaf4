"""The demo survey's assumptions: everything in it that is not calibrated to a published figure.

Each is named and explained here and in ``data/README.md``: the mixes respondents are drawn from (drug,
duration, sex, age, country), who tried to stop and how, which drugs borrow another's published target,
the fixed illustrative log-odds terms, and how severity, withdrawal duration and restarting are drawn.
"""

from __future__ import annotations

import math

# ---- Assumed mixes (not calibrated: no published survey gives them in full) -----------
# Drug mix loosely shaped like a New Zealand/UK long-term-user survey: SSRIs dominate.
DRUG_MIX = {
    "citalopram": 0.19,
    "fluoxetine": 0.17,
    "escitalopram": 0.12,
    "venlafaxine": 0.10,
    "sertraline": 0.09,
    "paroxetine": 0.07,
    "mirtazapine": 0.06,
    "amitriptyline": 0.05,
    "duloxetine": 0.04,
    "bupropion": 0.03,
    "fluvoxamine": 0.025,
    "nortriptyline": 0.02,
    "moclobemide": 0.015,
    "vortioxetine": 0.01,
}
# Duration bands in months: [low, high). '3+ years' is long-term use (Cartwright 2016).
DURATION_BANDS = {
    "<3 months": (1, 3),
    "3-6 months": (3, 6),
    "6-12 months": (6, 12),
    "1-3 years": (12, 36),
    "3+ years": (36, 240),
}
DURATION_MIX = {"<3 months": 0.07, "3-6 months": 0.09, "6-12 months": 0.12, "1-3 years": 0.34, "3+ years": 0.38}
UNKNOWN_DURATION_SHARE = 0.02  # respondents who did not say how long they took it
SEX_MIX = {"female": 0.73, "male": 0.25, "other": 0.02}
AGE_MIX = {"18-24": 0.14, "25-34": 0.22, "35-44": 0.22, "45-54": 0.20, "55-64": 0.14, "65+": 0.08}
COUNTRY_MIX = {
    "New Zealand": 0.45,
    "United Kingdom": 0.20,
    "United States": 0.15,
    "Australia": 0.10,
    "Canada": 0.05,
    "Other": 0.05,
}
ITEM_NONRESPONSE = 0.02  # share of respondents who skip any one side-effect question
TRIED_TO_STOP_BY_BAND = {
    "<3 months": 0.40,
    "3-6 months": 0.55,
    "6-12 months": 0.65,
    "1-3 years": 0.75,
    "3+ years": 0.80,
    "unknown": 0.70,
}
TAPERED_SHARE = 0.5

# Drugs outside Montejo 2001 borrow the sexual-dysfunction target of a similar drug (an
# assumption: escitalopram is the S-enantiomer of citalopram; duloxetine is an SNRI like
# venlafaxine; the TCAs take Montejo's all-drug figure; bupropion and vortioxetine are
# assumed low, as Serretti 2009 found bupropion no different from placebo).
SEXUAL_TARGET_BORROWED = {
    "escitalopram": ("citalopram", None),
    "duloxetine": ("venlafaxine", None),
    "amitriptyline": (None, 59.1),
    "nortriptyline": (None, 59.1),
    "bupropion": (None, 10.0),
    "vortioxetine": (None, 30.0),
}

# Fixed, illustrative log-odds terms (assumptions, direction from the literature).
FIXED_LOG_ODDS = {
    # Gafoor 2018 and Bet 2013 report more weight gain with mirtazapine; TCAs likewise.
    "weight_gain": {
        "drug": {"mirtazapine": math.log(2.0), "amitriptyline": math.log(1.8), "nortriptyline": math.log(1.8)}
    },
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
