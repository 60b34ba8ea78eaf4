"""The look every figure shares: the palette, colours, the font, the plotly templates, and ``Style`` (how one figure
is drawn: sizes, light or dark, narrow or compact) with the screen's two styles.

Every figure uses the project's own template, never plotly's default: importing streamlit
swaps the default for placeholder colours.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEVERITY_COLOURS = {"mild": "#F0E442", "moderate": "#E69F00", "severe": "#D55E00"}
INK, MUTED, GRID = "#1f2933", "#52606d", "#e4e7eb"
# Dark variant: same hues; black (the palette's last colour) becomes light so it still shows.
DARK_BG, DARK_INK, DARK_MUTED, DARK_GRID = "#111827", "#f3f4f6", "#b6bec9", "#374151"
BADGE_BG, BADGE_INK = "#9a3412", "#ffffff"  # white on burnt orange (7:1): stands out on white and on dark slides
DATASET_BADGE_BG = "#334155"  # white on slate (10:1): an imported dataset's name, plainly not the synthetic warning
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
SCREEN_BODY_PX = 14


def _template(dark: bool) -> go.layout.Template:
    ink, muted, grid, bg = (DARK_INK, DARK_MUTED, DARK_GRID, DARK_BG) if dark else (INK, MUTED, GRID, "#ffffff")
    palette = [DARK_INK if c == "#000000" and dark else c for c in PALETTE]
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT, size=SCREEN_BODY_PX, color=ink),
            colorway=palette,
            paper_bgcolor=bg,
            plot_bgcolor=bg,
            title=dict(font=dict(size=20)),
            xaxis=dict(
                gridcolor=grid, zerolinecolor=grid, linecolor=muted, ticks="outside", tickcolor=muted, automargin=True
            ),
            yaxis=dict(gridcolor=grid, zerolinecolor=grid, linecolor=muted, automargin=True),
            legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", title=dict(text="")),
            # Tooltips: dark text on white, whatever the trace's colour (WCAG AA contrast).
            hoverlabel=dict(font=dict(family=FONT, color=INK), bgcolor="#ffffff", bordercolor=MUTED),
            margin=dict(l=20, r=30, t=120, b=110),
            colorscale=dict(sequential=[[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]]),
        ),
        data=dict(bar=[go.Bar(marker=dict(line=dict(width=0)))]),
    )


TEMPLATE = _template(False)
DARK_TEMPLATE = _template(True)


@dataclass(frozen=True)
class Style:
    """How a figure is drawn. Sizes a builder chooses are for the 14 px screen body; ``px`` scales them."""

    body: float = SCREEN_BODY_PX  # px of body text (tick labels, legend)
    marks: float = 1.0  # multiplies marker, line and whisker sizes
    dark: bool = False
    min_px: float = 9.0  # no text smaller than this
    narrow: bool = False  # a phone or a journal column: a builder's narrow layout, where it has one
    compact: bool = False  # one-line category labels ('paroxetine (n=50)') and heatmap cells with the % only
    line_chars: int = 46  # characters per line of the words a narrow layout wraps (a stacked forest plot's labels)
    plot_px: tuple[float, float] = (420.0, 300.0)  # the smallest plot area expected, in px (room for point names)

    def px(self, screen_px: float) -> float:
        return max(self.min_px, round(screen_px * self.body / SCREEN_BODY_PX, 1))

    @property
    def ink(self) -> str:
        return DARK_INK if self.dark else INK

    @property
    def muted(self) -> str:
        return DARK_MUTED if self.dark else MUTED

    @property
    def bg(self) -> str:
        return DARK_BG if self.dark else "#ffffff"

    @property
    def template(self) -> go.layout.Template:
        return DARK_TEMPLATE if self.dark else TEMPLATE


SCREEN = Style()
NARROW_SCREEN = Style(narrow=True, plot_px=(220.0, 360.0))  # a 358 px figure on a 390 px phone


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def text_on(fill: str) -> str:
    """White or black, whichever reads better on a bar of this colour (WCAG contrast; 4.5:1 or more on the palette)."""
    on_white = 1.05 / (_luminance(fill) + 0.05)
    on_black = (_luminance(fill) + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#000000"
