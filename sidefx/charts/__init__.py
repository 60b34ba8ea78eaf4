"""Chart builders: a DataFrame (from a report) and a ``Style`` in, a plotly Figure out. No Streamlit here. A module map:

theme       the palette, colours, font, plotly templates; Style and the screen's two styles
text        the words around a chart (ChartText), wrapping, the screen's layout of them (decorate), the badge
marks       bars with whiskers and % labels, small samples hatched and their legend key, whiskers
axes        percent axes; ratio axes on a log scale with 1-2-5 ticks labelled with their values
bars        prevalence bars (one per effect, or grouped), withdrawal bars, severity stacked, how long it lasted
heatmaps    the prevalence heatmap (group x effect) and the reports' ratio heatmap (drug x side effect)
lines       prevalence by duration of use, the reports' lines over time, and their days to onset (step lines)
scatter     the half-life scatter, its points named
repel       placing a scatter's point names so that none overlaps another or covers a point
forestplot  forest plots: wide (labels left, columns right) or stacked (words above each line)
registry    the builders by kind (``BUILDERS``, ``NARROW_KINDS``): each registers itself with ``@builder``

This module holds ``screen_figure`` and the names other modules use.

A builder draws the marks for one style: text sizes, mark sizes, light or dark, a narrow
layout, one-line labels. The screen draws with ``SCREEN`` and ``decorate`` adds its title,
badge and footer; every export size draws with its own style and ``sidefx.export.layout``
fits the words around it. Nothing takes a finished figure apart to draw it again.

Every figure uses the project's own template, never plotly's default: importing streamlit
swaps the default for placeholder colours. Percent axes are used only for percentages; odds
and rate ratios get a log axis with a line at 1.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sidefx.charts.axes import log_ticks
from sidefx.charts.bars import (
    duration_distribution,
    prevalence_bars,
    prevalence_grouped,
    severity_stacked,
    withdrawal_bars,
)
from sidefx.charts.forestplot import forest
from sidefx.charts.heatmaps import prevalence_heatmap, ratio_heatmap
from sidefx.charts.lines import lines_over, onset_ecdf, prevalence_by_duration
from sidefx.charts.marks import has_small
from sidefx.charts.registry import BUILDERS, NARROW_KINDS
from sidefx.charts.scatter import half_life_scatter
from sidefx.charts.text import LEGEND_WRAP, ChartText, badge, decorate
from sidefx.charts.theme import (
    BADGE_BG,
    BADGE_INK,
    DARK_BG,
    DARK_INK,
    DARK_TEMPLATE,
    DATASET_BADGE_BG,
    FONT,
    INK,
    NARROW_SCREEN,
    PALETTE,
    SCREEN,
    SCREEN_BODY_PX,
    SEVERITY_COLOURS,
    TEMPLATE,
    Style,
    text_on,
)

__all__ = [
    "BADGE_BG",
    "BADGE_INK",
    "BUILDERS",
    "DARK_BG",
    "DARK_INK",
    "DARK_TEMPLATE",
    "DATASET_BADGE_BG",
    "FONT",
    "INK",
    "LEGEND_WRAP",
    "NARROW_KINDS",
    "NARROW_SCREEN",
    "PALETTE",
    "SCREEN",
    "SCREEN_BODY_PX",
    "SEVERITY_COLOURS",
    "TEMPLATE",
    "ChartText",
    "Style",
    "badge",
    "decorate",
    "duration_distribution",
    "forest",
    "half_life_scatter",
    "has_small",
    "lines_over",
    "log_ticks",
    "onset_ecdf",
    "prevalence_bars",
    "prevalence_by_duration",
    "prevalence_grouped",
    "prevalence_heatmap",
    "ratio_heatmap",
    "screen_figure",
    "severity_stacked",
    "text_on",
    "withdrawal_bars",
]


def screen_figure(kind: str, table: pd.DataFrame, text: ChartText, options: dict, narrow: bool = False) -> go.Figure:
    """A chart as the dashboard shows it: the builder's marks for the screen, with the screen's words."""
    fig = BUILDERS[kind](table, NARROW_SCREEN if narrow else SCREEN, **options)
    return decorate(fig, text, narrow=narrow)
