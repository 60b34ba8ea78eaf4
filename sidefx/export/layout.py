"""Lay a chart out at an export size: its builder draws the marks in the size's style, and this
module fits the words around them (badge, title, subtitle, legend, notes, source, data version,
link) with every margin computed from measured text.

plotly places annotations in plot-area units and automargin moves the plot area, so every
margin is decided here and nothing is left for plotly to push. When category labels of two
lines (a drug and its n under it) or heatmap cells of two lines do not fit, the chart is drawn
again by its builder in the compact style (one line each), never rewritten here.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import replace

import plotly.graph_objects as go

from sidefx import charts
from sidefx.charts import repel
from sidefx.export.fitting import (
    Axes,
    Canvas,
    NeedsCompact,
    Top,
    fit_heatmap_cells,
    fit_stacked_rows,
    fit_value_labels,
    height_above,
    right_margin,
    rows_need,
)
from sidefx.export.presets import (
    SUBTITLE_PX,
    TITLE_PX,
    DoesNotFit,
    Preset,
    get_preset,
)
from sidefx.export.text import box_h, esc, label_px, text_px, wrap


def build_figure(panel, preset: str = "slide-16x9", dark: bool = False) -> go.Figure:
    """The figure that gets exported: the panel drawn at the preset's size, with its words baked in.

    Raises DoesNotFit, with a sentence naming larger sizes, when the chart cannot be drawn legibly here.
    """
    p = get_preset(preset)
    try:
        return _fitted(panel, p, p.style(dark))
    except DoesNotFit:
        if not p.narrow:
            raise
        try:  # a narrow size: the chart's own wide layout may still fit where its narrow one does not
            return _fitted(panel, p, replace(p.style(dark), narrow=False))
        except DoesNotFit:
            pass
        raise


def _fitted(panel, p: Preset, style: charts.Style) -> go.Figure:
    """The layout in a style, or in its compact variant when two-line labels do not fit."""
    try:
        return _lay_out(panel, Canvas(p, style))
    except NeedsCompact:
        try:
            return _lay_out(panel, Canvas(p, replace(style, compact=True)))
        except NeedsCompact:
            raise Canvas(p, style).refuse(panel, "has rows too close together") from None


TALLER_PLOT = 0.5  # when notes crowd the chart out of a size that may grow, the plot gets this share of the width


def _lay_out(panel, c: Canvas) -> go.Figure:
    fig = panel.draw(c.style)
    top = _top(fig, panel, c)
    footer = _footer(panel, c, max_lines=max(3, int(0.3 * c.H / (c.foot * 1.3))))
    axes = Axes(fig, c)
    left = axes.left()
    right = right_margin(fig, c, left)
    x_block = axes.x_block(c.W - left - right)
    t = top.height + (x_block if axes.x_top else 0) + max(0.3 * c.body, height_above(fig) + 0.2 * c.body)
    b = c.edge + len(footer) * c.foot * 1.3 + 0.8 * c.body + (0 if axes.x_top else x_block)
    axes.wrap_y_title(c.H - t - b)
    left = axes.left()
    plot_w, plot_h = c.W - left - right, c.H - t - b
    grow = rows_need(fig, c) - plot_h
    if grow > 0 and c.preset.max_height > c.H:  # a long forest plot in a journal column: a taller figure
        return _lay_out(panel, Canvas(c.preset, c.style, min(c.preset.max_height, math.ceil(c.H + grow))))
    short = TALLER_PLOT * c.W - plot_h
    if plot_h < 0.2 * c.H and c.preset.max_height > c.H:  # long notes in a journal column: a taller figure too
        return _lay_out(panel, Canvas(c.preset, c.style, min(c.preset.max_height, math.ceil(c.H + short))))
    rows = axes.rows_room(plot_h) - plot_h
    if rows > 0 and c.preset.max_height > c.H:  # rows too many for the smallest text there: taller still
        return _lay_out(panel, Canvas(c.preset, c.style, min(c.preset.max_height, math.ceil(c.H + rows))))
    if plot_w < 0.25 * c.W or plot_h < 0.2 * c.H:
        raise c.refuse(panel, "has labels, a legend and notes that leave too little room for the chart")
    left = axes.fit_rows(panel, plot_h, left)
    axes.fit_x_font(panel, c.W - left - right)
    fit_stacked_rows(fig, panel, c, plot_h)
    fit_value_labels(fig, axes, c.W - left - right, plot_h, c)
    fit_heatmap_cells(fig, c.W - left - right, plot_h, c)
    repel.place(fig, c.W - left - right, plot_h)  # point names placed again for the real plot area
    axes.finish_titles()
    _finish(fig, panel, c, top, footer, margins=(left, right, t, b))
    return fig


# ---- the title area and the footer ---------------------------------------------------------
def _legend_entries(fig: go.Figure) -> list[str]:
    names = [
        str(t.name)
        for t in fig.data
        if t.name and t.showlegend is not False and t.visible in (None, True) and t.type not in ("heatmap", "pie")
    ]
    show = fig.layout.showlegend
    return [] if show is False or (show is None and len(names) < 2) else names


def _top(fig: go.Figure, panel, c: Canvas) -> Top:
    """Badge (one line at subtitle size), title, subtitle, then a horizontal legend wrapped into rows."""
    s = c.s
    # The badge wraps as the title does (a FAERS sample's label is wider than a journal column).
    pad = 2 * round(SUBTITLE_PX * s * 0.3) + 4 * s
    badge = wrap(panel.text.badge, SUBTITLE_PX * s, c.text_w - pad, bold=True) if panel.text.badge else []
    badge_h = (SUBTITLE_PX * s * (1.7 + 1.3 * (len(badge) - 1)) + 1.0 * c.body) if badge else 0.0
    title = wrap(panel.text.title, TITLE_PX * s, c.text_w)
    subtitle = wrap(panel.text.subtitle, SUBTITLE_PX * s, c.text_w)
    # A multi-line subtitle loses plotly's 0.7 em drop of its first line (its lines carry their own y).
    legend_y = (
        c.edge
        + badge_h
        + box_h(len(title), TITLE_PX * s)
        + 1.25 * SUBTITLE_PX * s
        + box_h(len(subtitle), SUBTITLE_PX * s)
        - (0.7 * SUBTITLE_PX * s if len(subtitle) > 1 else 0)
        + 0.7 * c.body
    )
    height = legend_y
    legend = _legend_entries(fig)
    if legend:  # one row if every entry fits; else plotly lines entries up in columns of the widest
        widths = [label_px(name, c.body)[0] + 44 * s for name in legend]  # symbol, gaps
        per_row = len(legend) if sum(widths) <= c.text_w else max(1, int(c.text_w // max(widths)))
        lines = max(label_px(name, c.body)[1] for name in legend)  # an entry wrapped onto two lines
        row_h = c.body * (1.5 + 1.3 * (lines - 1))
        height += math.ceil(len(legend) / per_row) * row_h + 0.6 * c.body + 6 * s
    return Top(badge_h, title, subtitle, legend_y, height, badge)


def _footer(panel, c: Canvas, max_lines: int) -> list[str]:
    """Reading notes, source, data version and link, wrapped; a source too long for the room is cut,
    pointing to the README (the data download has every citation)."""
    size, width = c.foot, c.text_w
    note = wrap(panel.text.notes(), size, width)
    src = wrap(panel.text.source or "", size, width)
    tail = wrap(
        " · ".join([f"Data version {panel.data_version}"] + ([f"This view: {panel.link}"] if panel.link else [])),
        size,
        width,
    )
    room = max(1, max_lines - len(note) - len(tail))
    if len(src) > room:
        src, suffix = src[:room], " … (all sources: README.txt in the data download)"
        last = src[-1]
        while last and text_px(last + suffix, size) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        src[-1] = last.rstrip(" ;,·") + suffix
    return note + src + tail


# ---- the finished figure ---------------------------------------------------------------------
def _finish(fig: go.Figure, panel, c: Canvas, top: Top, footer: list[str], margins: tuple) -> None:
    left, right, t, b = margins
    s, style = c.s, c.style
    title_drop = 0.7 * TITLE_PX * s if len(top.title) > 1 else 0.0  # multi-line titles lose plotly's first-line drop
    fig.update_layout(
        template=style.template,
        width=c.W,
        height=c.H,
        autosize=False,
        font=dict(family=charts.FONT, size=c.body, color=style.ink),
        margin=dict(l=round(left), r=round(right), t=round(t), b=round(b), pad=0, autoexpand=True),
        title=dict(
            text="<br>".join(map(esc, top.title)),
            x=c.edge / c.W,
            xref="container",
            xanchor="left",
            y=1 - (c.edge + top.badge_h + title_drop) / c.H,
            yref="container",
            yanchor="top",
            pad=dict(t=0, b=0, l=0, r=0),
            automargin=False,
            font=dict(size=TITLE_PX * s, color=style.ink),
            subtitle=dict(text="<br>".join(map(esc, top.subtitle)), font=dict(size=SUBTITLE_PX * s, color=style.muted)),
        ),
        legend=dict(
            orientation="h",
            xref="container",
            x=c.edge / c.W,
            xanchor="left",
            yref="container",
            y=1 - top.legend_y / c.H,
            yanchor="top",
            font=dict(size=c.body, color=style.ink),
            bgcolor="rgba(0,0,0,0)",
            title=dict(text=""),
        ),
        uniformtext=dict(minsize=c.min_px, mode="hide"),  # bar text that would shrink under the floor is hidden
    )
    _bake_words(fig, panel, c, footer, margins, top.badge)


def _bake_words(fig: go.Figure, panel, c: Canvas, footer: list[str], margins: tuple, badge: list[str]) -> None:
    """The footer (notes, source, version, link) under the x axis and the badge above the title, placed in
    plot-area units from the margins (annotations have no other reference)."""
    left, _, t, b = margins
    style, plot_h = c.style, c.H - t - b
    if footer:
        fig.add_annotation(
            text="<br>".join(map(esc, footer)),
            name="export-footer",
            showarrow=False,
            align="left",
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            xshift=-(round(left) - c.edge),
            yshift=-(round(b) - c.edge - len(footer) * c.foot * 1.3),
            font=dict(size=c.foot, color=style.muted, family=charts.FONT),
        )
    if panel.text.badge:
        fig.add_annotation(
            **charts.badge(
                panel.text.badge,
                size=SUBTITLE_PX * c.s,
                x_shift=-(round(left) - c.edge),
                y=1 + (round(t) - c.edge) / plot_h,
                lines=[esc(line) for line in badge],
            )
        )


_FIT_CACHE: OrderedDict = OrderedDict()
_FIT_CACHE_LOCK = threading.Lock()
FIT_CACHE_ITEMS = 512


def fit_problem(panel, preset: str, dark: bool = False) -> str | None:
    """Why the panel cannot be exported legibly at this preset (one sentence), or None.

    Lays the figure out without rendering it and remembers the answer per panel and size, so
    pages can ask on every rerun.
    """
    key = (panel.key, preset, dark)
    with _FIT_CACHE_LOCK:  # shared by every browser session's thread
        if key in _FIT_CACHE:
            _FIT_CACHE.move_to_end(key)
            return _FIT_CACHE[key]
    try:
        build_figure(panel, preset, dark=dark)
        answer = None
    except DoesNotFit as exc:
        answer = str(exc)
    with _FIT_CACHE_LOCK:
        _FIT_CACHE[key] = answer
        while len(_FIT_CACHE) > FIT_CACHE_ITEMS:
            _FIT_CACHE.popitem(last=False)
    return answer
