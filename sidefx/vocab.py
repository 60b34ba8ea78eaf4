"""The dashboard's vocabularies, each defined once: duration bands, severities, effect domains, groupings.

The SQL macros in ``queries/_views.sql`` spell the same values (a CASE per value); a test
checks they accept exactly these, so Python and SQL cannot drift apart.
"""

from __future__ import annotations

# Duration-of-use bands, in time order; 'unknown' is the band of respondents who did not say.
DURATION_BANDS = ("<3 months", "3-6 months", "6-12 months", "1-3 years", "3+ years")
DURATION_BAND_BOUNDS = (3, 6, 12, 36)  # months: each band but the last is below its bound
UNKNOWN_DURATION = "unknown"
# How bad a side effect or withdrawal was; 'none' for those who had none.
SEVERITIES = ("none", "mild", "moderate", "severe")
WITHDRAWAL_SEVERITIES = SEVERITIES[1:]
# Side-effect domains of the catalogue (data/sources/effects.csv).
EFFECT_DOMAINS = ("sexual", "emotional", "weight/metabolic", "suicidality", "dependence", "withdrawal")
# The domain of an imported survey's own yes/no questions, kept as side effects under their own wording.
OWN_EFFECT_DOMAIN = "asked in this survey"
# What respondents can be grouped by (the SQL macro group_value); withdrawal adds how they stopped.
GROUP_DIMENSIONS = ("drug", "class", "duration_band", "sex", "age_band")
WITHDRAWAL_GROUP_DIMENSIONS = GROUP_DIMENSIONS + ("method",)
STOPPING_METHODS = ("tapered", "abrupt")
# Who answered: the survey tables' values for sex and age band.
SEXES = ("female", "male", "other")
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
# What an imported survey's respondent did not say (sex, age band, severity, how they stopped).
NOT_GIVEN = "not given"


def band_months(top: int) -> list[tuple[str, int, int]]:
    """Each duration band as whole months (band, first, last), the last band running to ``top``."""
    starts = (0, *DURATION_BAND_BOUNDS)
    ends = (*(b - 1 for b in DURATION_BAND_BOUNDS), top)
    return list(zip(DURATION_BANDS, starts, ends))
