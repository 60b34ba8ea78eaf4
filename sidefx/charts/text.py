"""The words around a chart: ``ChartText``, wrapping, and the screen's layout of them (``decorate``: title, badge,
subtitle, legend on top, footer under the x axis), with the badge's annotation an export shares."""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

from sidefx import words
from sidefx.charts.theme import BADGE_BG, BADGE_INK, DATASET_BADGE_BG, FONT, MUTED, TEMPLATE

MIN_PLOT_HEIGHT = 180  # px of plot area, whatever the titles and footer take
LEGEND_WRAP = 34  # characters per line of a legend entry in a narrow figure
LABEL_WRAP = 26  # characters per line of a category label in the left margin (keeps phones usable)
NARROW_LABEL_WRAP = 18  # the same on a phone, where the bars' % labels need the right margin too
BADGE_WRAP = 40  # characters per line of the badge on a phone (bold 14 px in a 358 px figure)


@dataclass(frozen=True)
class ChartText:
    """The words around a chart, baked into the figure so an exported file stands alone."""

    title: str
    subtitle: str  # the active filters in words, and n
    source: str  # a citation, or the dataset's source line
    note: str = words.CI_NOTE  # what the marks mean
    reading: str = ""  # how to read the chart in plain words, with one of its own numbers
    badge: str | None = None  # shown in the title area: words.SYNTHETIC_BADGE, or an imported dataset's name

    def notes(self) -> str:
        """Everything under the chart that qualifies its numbers: the plain reading first, then the marks."""
        note = self.note + ("." if self.note and not self.note.endswith(".") else "")
        reading = self.reading + ("." if self.reading and not self.reading.endswith((".", "?", "!")) else "")
        return " ".join(t for t in (reading, note) if t)


def wrap(text: str, width: int) -> str:
    """Wrap plain text into <br>-separated lines of at most ``width`` characters."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) if text else ""


def plain_lines(label) -> list[str]:
    return re.sub(r"<(?!br)[^>]+>", "", str(label)).split("<br>")


# ---- the screen's words around a chart ----------------------------------------------------
def left_margin(fig: go.Figure) -> int:
    """Pixels for the y tick labels (and axis title), from the longest label.

    A fixed left margin (not automargin) puts the plot area's left edge at a known pixel
    offset, so the footer can start at the figure's left edge whatever the labels are.
    """
    if fig.layout.yaxis.visible is False:
        return 14
    labels = list(fig.layout.yaxis.ticktext or [])
    if not labels:
        for t in fig.data:
            if t.type == "heatmap" or getattr(t, "orientation", None) == "h":
                labels.extend(v for v in (t.y if t.y is not None else []) if isinstance(v, str))
    longest = max((len(line) for lab in labels for line in plain_lines(lab)), default=0)
    px = 30 + 7.0 * longest if longest else 96
    return int(min(400, max(96, px)))


def decorate(fig: go.Figure, text: ChartText, narrow: bool = False) -> go.Figure:
    """The screen's title, badge, subtitle, legend on top, and a footer (reading notes, source) under the x axis.

    Both axes get fixed margins (not automargin) so the footer's place is known in pixels:
    plotly positions annotations relative to the plot area, which automargin would move.
    ``narrow`` wraps the words for a phone.
    """
    width_chars, title_chars = (42, 30) if narrow else (110, 70)
    footer = "<br>".join(t for t in (wrap(text.notes(), width_chars), wrap(text.source, width_chars)) if t)
    lines = footer.count("<br>") + 1 if footer else 0
    axis_space = _axis_space(fig)
    title, subtitle = wrap(text.title, title_chars), wrap(text.subtitle, width_chars)
    legend = fig.layout.showlegend is not False and len(fig.data) > 0
    badge_lines, badge_h = _badge_room(text, title, narrow)
    top = _top_margin(fig, title, subtitle, badge_h, legend, narrow)
    left = left_margin(fig)
    fig.update_layout(
        template=TEMPLATE,
        title=dict(
            text=title,
            subtitle=dict(text=subtitle, font=dict(color=MUTED, size=14)),
            yref="container",
            y=0.98,
            yanchor="top",
            xref="container",
            x=0.01,
            xanchor="left",
            pad=dict(t=badge_h),
        ),
        margin=dict(t=top, b=axis_space + 16 * lines + 12, l=left),
        xaxis=dict(automargin=False),
        yaxis=dict(automargin=False),
    )
    if legend:  # just above the plot, below the subtitle: never over the title area
        fig.update_layout(legend=dict(yref="paper", y=1, yanchor="bottom", x=0, xanchor="left"))
    if footer:
        _add_footer(fig, footer, left, axis_space)
    if text.badge:
        fig.add_annotation(**badge(text.badge, 14, x_shift=-(left - 10), y=1, y_shift=top - 8, lines=badge_lines))
    _leave_room_for_the_plot(fig)
    return fig


def _axis_space(fig: go.Figure) -> int:
    """Pixels under the plot for the x tick labels (as many lines as the longest has) and the axis title."""
    if fig.layout.xaxis.side == "top":  # the heatmap's column labels sit above the plot
        return 24
    x_lines = max(
        (
            str(v).count("<br>") + 1
            for t in fig.data
            if t.type == "bar" and getattr(t, "orientation", None) != "h"
            for v in (t.x if t.x is not None else [])
            if isinstance(v, str)
        ),
        default=1,
    )
    x_lines = max([x_lines, *(str(v).count("<br>") + 1 for v in (fig.layout.xaxis.ticktext or ()))])
    return 78 + 18 * (x_lines - 1)


def _badge_room(text: ChartText, title: str, narrow: bool) -> tuple[list[str] | None, int]:
    """The badge's lines (wrapped on a phone, as the title is) and its room above the title; plotly lifts a title
    of two or more lines by 0.7 em, so it gets more."""
    badge_lines = textwrap.wrap(text.badge, BADGE_WRAP, break_long_words=False) if text.badge and narrow else None
    badge_h = (30 + 19 * (len(badge_lines or [1]) - 1) + (14 if "<br>" in title else 0)) if text.badge else 0
    return badge_lines, badge_h


def _top_margin(fig: go.Figure, title: str, subtitle: str, badge_h: int, legend: bool, narrow: bool) -> int:
    """Pixels above the plot: the badge, the title's and subtitle's lines, the legend, and a heatmap's column labels."""
    top = (
        96
        + badge_h
        + 24 * title.count("<br>")
        + 18 * subtitle.count("<br>")
        + (_legend_height(fig, narrow) if legend else 0)
    )
    if fig.layout.xaxis.side == "top":
        top += (
            14 * max((str(c).count("<br>") + 1 for t in fig.data for c in (t.x if t.x is not None else [])), default=1)
            + 40
        )
    return top


def _add_footer(fig: go.Figure, footer: str, left: int, axis_space: int) -> None:
    """The reading notes and the source under the x axis, from the figure's left edge."""
    fig.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xshift=-(left - 10),
        yshift=-axis_space,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font=dict(size=12, color=MUTED),
        align="left",
        name="footer",
    )


def _leave_room_for_the_plot(fig: go.Figure) -> None:
    """Margins are fixed, so the height must leave the plot area room of its own; a stacked forest plot
    needs a line-height (18 px at the 12 px row font) for each line of its words, a scatter plot's names
    the height they were placed for."""
    margin = fig.layout.margin
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    units, plot_h = meta.get("forest_line_units") or 0, meta.get("plot_height") or 0
    fig.layout.height = max(fig.layout.height or 450, margin.t + margin.b + max(MIN_PLOT_HEIGHT, 18 * units, plot_h))


def _legend_height(fig: go.Figure, narrow: bool) -> int:
    """Room for the legend above the plot: rows of entries across a wide figure; on a phone plotly gives
    each entry a row of its own."""
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    if narrow:
        return 21 * max(1, sum(n.count("<br>") + 1 for n in names)) + 6
    return 34 * max(1, math.ceil(sum(len(n) + 6 for n in names) / 150))


def badge(text: str, size: float, x_shift: float, y: float, y_shift: float = 0.0, lines=None) -> dict:
    """The synthetic-data badge as annotation arguments: bold white on orange, at the top left of the figure;
    ``lines``, when given, are its words wrapped to the figure's width.

    Annotations are placed relative to the plot area (``y`` in its units, 1 = its top edge), so the
    caller, who knows the margins, says where the figure's top edge is.
    """
    return dict(
        text="<br>".join(f"<b>{line}</b>" for line in (lines or [text])),
        name="synthetic-badge",
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        xshift=x_shift,
        xanchor="left",
        yanchor="top",
        align="left",
        bgcolor=BADGE_BG if text == words.SYNTHETIC_BADGE else DATASET_BADGE_BG,
        bordercolor=BADGE_BG if text == words.SYNTHETIC_BADGE else DATASET_BADGE_BG,
        borderpad=round(size * 0.3),
        font=dict(size=size, color=BADGE_INK, family=FONT),
        y=y,
        yshift=y_shift,
    )
