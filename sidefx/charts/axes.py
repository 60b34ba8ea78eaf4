"""Value axes: percentages on 0-100, and ratios on a log axis whose 1-2-5 ticks are labelled with their values."""

from __future__ import annotations

import math

import pandas as pd

from sidefx import words


def percent_axis(title="% of respondents", upper=100):
    return dict(title=title, range=[0, upper], ticksuffix="%")


def ratio_axis(measure: str, values: pd.Series, headroom: float = 1.25) -> dict:
    title = {
        "odds_ratio": "Odds ratio",
        "rate_ratio": "Rate ratio",
        "reporting_odds_ratio": "ROR",
        "adjusted_reporting_odds_ratio": "ROR adjusted for sex and age",
        "adjusted_reporting_odds_ratio_by_year": "ROR adjusted for sex, age and year received",
        "proportional_reporting_ratio": "PRR",
        "ebgm": "EBGM (empirical Bayes geometric mean)",
        "weibull_shape": "Weibull shape β",
    }.get(measure, measure.replace("_", " "))
    one = "1 = risk constant over time" if measure == "weibull_shape" else "1 = no difference"
    if values.empty:  # no ratio to show (every row '–'): an axis around 1, still labelled with its values
        values = pd.Series([0.5, 2.0])
    lo, hi = float(min(values.min(), 1)) * 0.8, float(max(values.max(), 1)) * headroom
    return dict(
        title=f"{title} (log scale; {one})",
        type="log",
        range=[math.log10(lo), math.log10(hi)],
        **log_ticks([lo, hi]),
    )


def log_ticks(values) -> dict:
    """Explicit 1-2-5 ticks for a log axis, each labelled with its value (0.2, 0.5, 1, 2, 5): plotly's own ticks
    label 0.2-0.9 as '2 … 9' beside 1, in small digits."""
    vals = [float(v) for v in values if pd.notna(v) and v > 0]
    if not vals:
        return {}
    lo, hi = min(vals), max(vals)
    ticks = [m * 10**e for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1) for m in (1, 2, 5)]
    ticks = [v for v in ticks if lo / 1.3 <= v <= hi * 1.3]
    if len(ticks) > 10:
        ticks = [v for v in ticks if round(v / 10 ** math.floor(math.log10(v))) == 1]
    return dict(tickmode="array", tickvals=ticks, ticktext=[words.ratio_number(v, 1) for v in ticks])
