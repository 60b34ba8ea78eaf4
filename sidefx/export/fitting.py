"""Fitting a chart's text to an export size: the canvas's numbers, the axes' labels and the room they take,
and text inside the plot (value labels, heatmap cells, a stacked forest plot's rows).

Everything here reads the figure the builder drew and sets layout properties (tick angles, fonts,
margins); a label that does not fit asks for the compact drawing (``NeedsCompact``) instead of being
rewritten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import plotly.graph_objects as go

from sidefx import charts, words
from sidefx.export.presets import BODY_PX, FOOTER_PX, DoesNotFit, Preset, what_fits
from sidefx.export.text import label_px, lines, shorten, text_px, wrap


class NeedsCompact(Exception):
    """Two-line labels or cells do not fit: draw the chart again in the compact style."""


@dataclass(frozen=True)
class Canvas:
    """An export size with its style: the numbers every step of the layout shares."""

    preset: Preset
    style: charts.Style
    height: int = 0  # when a long chart made the figure taller than the preset (up to its max_height)

    W = property(lambda self: self.preset.width)
    H = property(lambda self: self.height or self.preset.height)
    s = property(lambda self: self.preset.scale)
    body = property(lambda self: BODY_PX * self.preset.scale)
    foot = property(lambda self: max(FOOTER_PX * self.preset.scale, self.preset.min_px))
    min_px = property(lambda self: self.preset.min_px)
    line = property(lambda self: BODY_PX * self.preset.scale * 1.3)
    edge = property(lambda self: round(32 * self.preset.scale))
    text_w = property(lambda self: self.preset.width - 2 * round(32 * self.preset.scale))

    def refuse(self, panel, why: str) -> DoesNotFit:
        return DoesNotFit(f"'{panel.text.title}' {why} for {self.preset.label}: {what_fits(self.preset.name)}.")


ROW_KINDS = {  # a forest plot's rows, in the words its subtitle counts estimates in
    "estimate": "published estimate",
    "pooled": "pooled estimate",
    "header": "heading",
    "survey": "survey row",
}


def too_many_rows(panel, count: int) -> str:
    """'has too many rows (25: 20 published estimates, 4 headings and 1 survey row)': a forest plot's rows are
    not all estimates, so the refusal says what it counted; other charts' rows are their bars."""
    kinds = panel.table.kind.value_counts() if "kind" in panel.table else None
    if kinds is None or kinds.sum() != count or not set(kinds.index) <= set(ROW_KINDS):
        return f"has too many rows ({count})"
    parts = [words.plural(int(kinds[k]), ROW_KINDS[k]) for k in ROW_KINDS if k in kinds]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"has too many rows ({count}: {listed})"


@dataclass
class Top:
    """The title area: badge, title, subtitle, then the legend rows; ``height`` is where the plot may start."""

    badge_h: float
    title: list[str]
    subtitle: list[str]
    legend_y: float  # px from the top where the legend's first row starts
    height: float
    badge: list[str] = field(default_factory=list)  # the badge's lines, wrapped to the figure's width


def height_above(fig: go.Figure) -> float:
    """Height of annotations standing on the plot's top edge (the forest plot's column heads)."""
    out, y_range = 0.0, fig.layout.yaxis.range
    for a in fig.layout.annotations:
        on_top = (a.yref == "paper" and (a.y or 0) >= 1) or (a.yref == "y" and y_range and (a.y or 0) >= max(y_range))
        if on_top and a.yanchor == "bottom" and a.name != "synthetic-badge":
            size = a.font.size or BODY_PX
            out = max(out, label_px(str(a.text or ""), size)[1] * size * 1.3 + (a.yshift or 0))
    return out


def right_margin(fig: go.Figure, c: Canvas, left: float) -> float:
    """Text beside the plot (at x > 1 in plot units: the forest columns, line-end labels), the colour bar."""
    x_labels, x_discrete = axis_labels(fig, "x")
    r = c.edge + (0 if x_discrete else 0.6 * max((label_px(t, c.body)[0] for t in x_labels), default=0))
    for a in fig.layout.annotations:
        x, shift = a.x or 0, a.xshift or 0
        if a.xref == "paper" and x >= 1:
            w = label_px(str(a.text or ""), a.font.size or c.body)[0]
            past = {"left": w, "center": w / 2}.get(a.xanchor or "center", 0.0)
            r = max(r, ((x - 1) * (c.W - left) + shift + past + c.edge) / x + 8 * c.s)
    for t in fig.data:  # a % written past a bar's whisker, not clipped at the plot's edge (charts.marks.bar_trace)
        if t.type == "scatter" and t.mode == "text" and t.cliponaxis is False and "right" in str(t.textposition):
            size = t.textfont.size or c.body
            r = max(r, c.edge + max((text_px(str(v), size) for v in t.text), default=0) + 8 * c.s)
    if any(t.type == "heatmap" and t.showscale is not False for t in fig.data):
        r = max(r, c.edge + 3.2 * c.body + text_px("100%", c.body))
    return r


# ---- axes ----------------------------------------------------------------------------------
def axis_labels(fig: go.Figure, axis: str) -> tuple[list[str], bool]:
    """(tick labels, discrete?) for an axis, as well as we can tell without rendering.

    Discrete means one label per category (or per explicit tick): their count sets how much room
    each gets. Numeric axes get a stand-in label as wide as their widest likely tick.
    """
    lay = fig.layout[f"{axis}axis"]
    if lay.visible is False:
        return [], False
    if lay.ticktext is not None:
        return [str(t) for t in lay.ticktext], lay.type != "log"
    if lay.categoryarray is not None and len(lay.categoryarray):
        return [str(v) for v in lay.categoryarray], True
    values = [
        v
        for t in fig.data
        if (getattr(t, f"{axis}axis", None) or axis) == axis
        for v in (getattr(t, axis, None) if getattr(t, axis, None) is not None else [])
        if isinstance(v, str)
    ]
    if values or lay.type == "category":
        return list(dict.fromkeys(values)), True
    return ["100" + (lay.ticksuffix or "")], False


def _title_text(axis) -> str:
    return (axis.title.text or "") if axis.title is not None else ""


class Axes:
    """The x and y axes of one export: their labels, the room they take, the fonts they get."""

    def __init__(self, fig: go.Figure, c: Canvas):
        self.fig, self.c = fig, c
        self.x, self.y = fig.layout.xaxis, fig.layout.yaxis
        self.x_visible, self.y_visible = self.x.visible is not False, self.y.visible is not False
        self.x_top = self.x_visible and self.x.side == "top"
        self.x_title, self.y_title = _title_text(self.x), _title_text(self.y)
        self.y_labels, self.y_discrete = axis_labels(fig, "y") if self.y_visible else ([], False)
        self.x_labels, self.x_discrete = axis_labels(fig, "x") if self.x_visible else ([], False)
        self.y_title_lines, self.x_font, self.y_font = 1, c.body, c.body
        if self.y_labels and max(label_px(t, c.body)[0] for t in self.y_labels) > 0.4 * c.W:
            self._show_y([shorten(t, c.body, 0.4 * c.W) for t in self.y_labels])

    def _show_y(self, labels: list[str]) -> None:
        """Tick text that differs from the categories (cut to fit): the categories stay the tick values."""
        if self.y.ticktext is None and self.y_discrete:
            self.y.update(tickmode="array", tickvals=list(self.y_labels))
        self.y.ticktext = labels
        self.y_labels = labels

    def left(self) -> float:
        """plotly's automargin wants, left of the plot: label + tick (~10 px, drawn or not) + ~12 px."""
        c = self.c
        return (
            c.edge
            + 10 * c.s
            + max((label_px(t, c.body)[0] for t in self.y_labels), default=0)
            + ((self.y_title_lines * c.line + 12 * c.s) if self.y_title else 0)
        )

    def x_block(self, plot_w: float) -> float:
        """Tick labels upright if they fit, else turned; then the x title, wrapped to the plot."""
        if not self.x_visible:
            return 0.0
        c = self.c
        widths = [label_px(t, c.body) for t in self.x_labels] or [(0.0, 1)]
        max_w, n_lines = max(w for w, _ in widths), max(n for _, n in widths)
        angle = self.x.tickangle
        if self.x_discrete and self.x_labels:
            slot = plot_w / len(self.x_labels)
            if n_lines > 1 and slot < n_lines * c.line * 1.05 and not c.style.compact:
                raise NeedsCompact
            if max_w <= slot * 0.92:
                angle = 0
            elif n_lines == 1 and slot >= c.line * 2.1:  # at 30 degrees a label needs 2 line-heights across
                angle = -30
            else:
                angle = -90
            self.x.tickangle = angle
        rad = math.radians(abs(angle or 0))
        block = max_w * math.sin(rad) + n_lines * c.line * math.cos(rad) + 12 * c.s
        if self.x_title:
            x_lines = wrap(self.x_title, c.body, plot_w)
            self.x.title.text = "<br>".join(x_lines)
            block += len(x_lines) * c.line + 10 * c.s
        return block

    def wrap_y_title(self, plot_h: float) -> None:
        """A y title longer than the plot is tall is wrapped; each extra line widens the margin."""
        if self.y_title:
            y_lines = wrap(self.y_title, self.c.body, 0.95 * plot_h)
            self.y.title.text = "<br>".join(y_lines)
            self.y_title_lines = len(y_lines)

    def rows_room(self, plot_h: float) -> float:
        """Plot height for category rows that would not fit even at the smallest size: a body line each
        (0 when they fit). A size that may grow (a journal column) grows to it rather than refusing. Not for a
        heatmap: a column too narrow for its many rows is too narrow for its column labels too."""
        c = self.c
        if not (self.y_discrete and self.y_labels) or any(t.type == "heatmap" for t in self.fig.data):
            return 0.0
        n_lines = max(label_px(t, c.body)[1] for t in self.y_labels)
        fits = plot_h >= len(self.y_labels) * c.min_px * n_lines
        return 0.0 if fits else len(self.y_labels) * c.body * n_lines

    def fit_rows(self, panel, plot_h: float, left: float) -> float:
        """Rows of category labels: two-line labels that would touch ask for the compact drawing; rows
        closer than a line get the smallest legible size, or the chart is refused."""
        c = self.c
        if not (self.y_discrete and self.y_labels):
            return left
        slot = plot_h / len(self.y_labels)
        n_lines = max(label_px(t, c.body)[1] for t in self.y_labels)
        if n_lines > 1 and slot < c.body * 1.3 * n_lines and not c.style.compact:
            raise NeedsCompact
        if slot < c.body * n_lines:
            self.y_font = max(c.min_px, math.floor(slot / n_lines))
            if slot < c.min_px * n_lines:
                raise c.refuse(panel, too_many_rows(panel, len(self.y_labels)))
        return left

    def fit_x_font(self, panel, plot_w: float) -> None:
        """Turned labels need 1.4 em each, or plotly starts skipping some."""
        c = self.c
        if self.x_discrete and self.x_labels and abs(self.x.tickangle or 0) == 90:
            slot = plot_w / len(self.x_labels)
            if slot < c.body * 1.4:
                self.x_font = max(c.min_px, math.floor(slot / 1.4))
                if slot < c.min_px * 1.4:
                    raise c.refuse(panel, f"has too many columns ({len(self.x_labels)})")

    def finish_titles(self) -> None:
        c = self.c
        for lay, title, standoff in ((self.x, self.x_title, 10 * c.s), (self.y, self.y_title, 12 * c.s)):
            if title:
                lay.title.update(standoff=standoff, font=dict(size=c.body))
            else:
                lay.title = None  # an empty title with a font or standoff still takes room
        self.x.update(automargin=True, ticklen=6 * c.s, tickfont=dict(size=self.x_font))
        self.y.update(automargin=True, tickfont=dict(size=self.y_font))


# ---- fitting text inside the plot ----------------------------------------------------------
def rows_need(fig: go.Figure, c: Canvas) -> float:
    """Plot height a stacked forest plot needs: its y axis counts text lines, each a line-height at the row font."""
    units = fig.layout.meta.get("forest_line_units") if isinstance(fig.layout.meta, dict) else None
    return units * c.style.px(12) * 1.25 if units else 0.0


def fit_stacked_rows(fig: go.Figure, panel, c: Canvas, plot_h: float) -> None:
    if plot_h < rows_need(fig, c) - 1:
        rows = sum(1 for a in fig.layout.annotations if a.name == "forest-row")
        raise c.refuse(panel, too_many_rows(panel, rows))


def fit_value_labels(fig: go.Figure, axes: Axes, plot_w: float, plot_h: float, c: Canvas) -> None:
    """Value labels (text-only traces) that would collide: smallest legible size, else left out;
    the axis, the whiskers and the CSV still give the numbers."""
    for tr in fig.data:
        if tr.type != "scatter" or tr.mode != "text" or tr.text is None:
            continue
        texts = [str(v) for v in tr.text]
        if axes.x_discrete and tr.x is not None and axes.x_labels:  # side by side: each needs its width
            slot = plot_w / len(axes.x_labels)
            widest = max((label_px(v, c.min_px)[0] for v in texts), default=0) / c.min_px

            def need(px, widest=widest):
                return widest * px / 0.95
        elif axes.y_discrete and tr.y is not None and axes.y_labels:  # one above another: each needs a line
            slot = plot_h / len(axes.y_labels)

            def need(px):
                return px * 1.2
        else:
            continue
        if need(tr.textfont.size or c.body) > slot:
            tr.textfont.size = c.min_px
            if need(c.min_px) > slot:
                tr.visible = False


def fit_heatmap_cells(fig: go.Figure, plot_w: float, plot_h: float, c: Canvas) -> None:
    """Heatmap cells: two lines (% and n) need room for both, else the compact drawing (the % only);
    a cell too small for even that is left blank (the colour and the CSV still say it)."""
    for tr in fig.data:
        if tr.type != "heatmap" or tr.text is None or tr.x is None or tr.y is None:
            continue
        cell_h, cell_w = plot_h / len(tr.y), plot_w / len(tr.x)
        font = max(c.min_px, c.body * 0.9)
        wide = max((label_px(str(t), font)[0] for row in tr.text for t in row if t), default=0)
        n_lines = max((len(lines(str(t))) for row in tr.text for t in row if t), default=1)
        if n_lines > 1 and (cell_h < font * 1.25 * n_lines or cell_w < wide * 1.1) and not c.style.compact:
            raise NeedsCompact
        tr.textfont.size = font
        if cell_h < font * 1.25 or cell_w < wide * 1.1:
            tr.texttemplate = ""
        tr.colorbar.update(tickfont=dict(size=c.body), title=dict(font=dict(size=c.body)), thickness=round(24 * c.s))
