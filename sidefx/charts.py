"""Pure builders: a DataFrame (from a report) and a ``Style`` in, a plotly Figure out. No Streamlit here.

A builder draws the marks for one style: text sizes, mark sizes, light or dark, a narrow
layout, one-line labels. The screen draws with ``SCREEN`` and ``decorate`` adds its title,
badge and footer; every export size draws with its own style and ``sidefx.export.layout``
fits the words around it. Nothing takes a finished figure apart to draw it again.

Every figure uses the project's own template, never plotly's default: importing streamlit
swaps the default for placeholder colours. Percent axes are used only for percentages; odds
and rate ratios get a log axis with a line at 1.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from sidefx import repel, settings, vocab, words

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


def _plain_lines(label) -> list[str]:
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
    longest = max((len(line) for lab in labels for line in _plain_lines(lab)), default=0)
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
    axis_space = 78 + 18 * (x_lines - 1)  # x tick labels + axis title
    if fig.layout.xaxis.side == "top":  # the heatmap's column labels sit above the plot
        axis_space = 24
    title, subtitle = wrap(text.title, title_chars), wrap(text.subtitle, width_chars)
    legend = fig.layout.showlegend is not False and len(fig.data) > 0
    # The badge's room above the title (on a phone it wraps as the title does); plotly lifts a title of two or more
    # lines by 0.7 em, so it gets more.
    badge_lines = textwrap.wrap(text.badge, BADGE_WRAP, break_long_words=False) if text.badge and narrow else None
    badge_h = (30 + 19 * (len(badge_lines or [1]) - 1) + (14 if "<br>" in title else 0)) if text.badge else 0
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
    if text.badge:
        fig.add_annotation(**badge(text.badge, 14, x_shift=-(left - 10), y=1, y_shift=top - 8, lines=badge_lines))
    # Margins are fixed, so the height must leave the plot area room of its own; a stacked forest plot
    # needs a line-height (18 px at the 12 px row font) for each line of its words, a scatter plot's names
    # the height they were placed for.
    margin = fig.layout.margin
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    units, plot_h = meta.get("forest_line_units") or 0, meta.get("plot_height") or 0
    fig.layout.height = max(fig.layout.height or 450, margin.t + margin.b + max(MIN_PLOT_HEIGHT, 18 * units, plot_h))
    return fig


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


# ---- bars ------------------------------------------------------------------------------
def _pct(v) -> str:
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.0f}%"


def _small(n) -> bool:
    return n < settings.get("small_sample_n")


def has_small(df) -> bool:
    return bool(df.respondents.map(_small).any()) if "respondents" in df and len(df) else False


def _k_col(df: pd.DataFrame) -> str:
    return "reported" if "reported" in df else "had_withdrawal"


def _hover(part: pd.DataFrame, cat: str) -> list[str]:
    small = " · " + words.small_sample_key().lower()
    return [
        f"<b>{_one_line(c)}</b><br>{p:.1f}% (95% CI {lo:.1f}–{hi:.1f})<br>{k:,} of {n:,} respondents"
        + (small if _small(n) else "")
        for c, p, lo, hi, k, n in zip(
            part[cat], part.pct, part.ci_low, part.ci_high, part[_k_col(part)], part.respondents
        )
    ]


def _one_line(label) -> str:
    return " ".join(line.strip() for line in _plain_lines(label))


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def text_on(fill: str) -> str:
    """White or black, whichever reads better on a bar of this colour (WCAG contrast; 4.5:1 or more on the palette)."""
    on_white = 1.05 / (_luminance(fill) + 0.05)
    on_black = (_luminance(fill) + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#000000"


def _whiskers(value, low, high, missing_as_zero: bool = False, **look) -> dict:
    """Error bars from an estimate and its interval (plotly wants the distances above and below)."""
    above, below = high - value, value - low
    if missing_as_zero:
        above, below = above.fillna(0), below.fillna(0)
    return dict(type="data", symmetric=False, array=above, arrayminus=below, **look)


def _hatch(style: Style) -> dict:
    return dict(shape="/", fgcolor=style.bg, fillmode="overlay", solidity=0.5)


def _bar_trace(
    df: pd.DataFrame,
    cat: str,
    name: str,
    colour,
    style: Style,
    orientation="h",
    show_legend=True,
    labels=True,
    inside_labels=False,
    hover=None,
) -> list:
    """Bars with CI whiskers, the % written past the whisker (or inside the bar's base), small samples hatched.

    ``cat`` is the category column (already carrying the n if wanted). Hatched bars are a trace of
    their own, kept out of the legend (the legend's hatch key, ``hatch_key``, says what they mean)
    unless every bar is hatched: then they carry the legend entry, so a small group is still named.
    ``hover`` makes the hover texts of a part (default: ``_hover``).
    """
    traces = []
    small = df.respondents.map(_small)
    hover = hover or _hover
    for is_small, part in ((False, df[~small]), (True, df[small])):
        if part.empty:
            continue
        err = _whiskers(
            part.pct,
            part.ci_low,
            part.ci_high,
            color=style.ink,
            thickness=1.2 * style.marks,
            width=4 * style.marks,
        )
        text = (
            dict(
                text=[f"{p:.0f}%" for p in part.pct],
                textposition="inside",
                insidetextanchor="start",
                textfont=dict(color=text_on(colour), size=style.px(12)),
            )
            if inside_labels
            else {}
        )
        common = dict(
            name=name,
            hovertext=hover(part, cat),
            hoverinfo="text",
            legendgroup=name,
            marker=dict(
                color=colour, pattern=_hatch(style) if is_small else dict(shape=""), line=dict(color=colour, width=1)
            ),
            showlegend=show_legend and (not is_small or bool(small.all())),
            **text,
        )
        if orientation == "h":
            traces.append(go.Bar(x=part.pct, y=part[cat], orientation="h", error_x=err, **common))
        else:
            traces.append(go.Bar(x=part[cat], y=part.pct, error_y=err, **common))
    if labels and len(df):
        text = [f" {p:.0f}%" for p in df.pct]  # a space clears the whisker cap
        font = dict(color=style.ink, size=style.px(13))
        if orientation == "h":
            traces.append(
                go.Scatter(
                    x=df.ci_high,
                    y=df[cat],
                    mode="text",
                    text=text,
                    textposition="middle right",
                    showlegend=False,
                    hoverinfo="skip",
                    textfont=font,
                    name="value-labels",
                    cliponaxis=False,
                )
            )
        else:
            traces.append(
                go.Scatter(
                    x=df[cat],
                    y=df.ci_high,
                    mode="text",
                    text=text,
                    textposition="top center",
                    showlegend=False,
                    hoverinfo="skip",
                    textfont=font,
                    name="value-labels",
                    cliponaxis=False,
                )
            )
    return traces


def hatch_key(style: Style, orientation: str = "h") -> go.Bar:
    """A legend entry with nothing drawn: what hatched bars mean. Added only where such bars exist."""
    return go.Bar(
        name=words.small_sample_key(),
        orientation=orientation,
        showlegend=True,
        hoverinfo="skip",
        x=[None],
        y=[None],
        marker=dict(color="#9aa5b1", pattern=_hatch(style)),
    )


def _row_px(labels) -> int:
    """Height of one bar row: enough for its label's lines."""
    lines = max((str(label).count("<br>") + 1 for label in labels), default=1)
    return max(46, 17 * lines + 14)


def with_n(labels, ns, style: Style, width: int = LABEL_WRAP) -> list[str]:
    """Category labels carrying their n: under the name, or beside it in a compact style."""
    if style.compact:
        return [f"{label} (n={int(n):,})" for label, n in zip(labels, ns)]
    span = f"<span style='font-size:{style.px(12)}px;color:{style.muted}'>"
    width = min(width, NARROW_LABEL_WRAP) if style.narrow else width
    return [f"{wrap(str(label), width)}<br>{span}n={int(n):,}</span>" for label, n in zip(labels, ns)]


def _percent_axis(title="% of respondents", upper=100):
    return dict(title=title, range=[0, upper], ticksuffix="%")


def _label_margin(style: Style) -> dict:
    """A right margin as wide as ' 100%': a % written past a whisker near the axis's end runs into it, never off
    the figure (the labels are not clipped at the plot's edge)."""
    return dict(margin=dict(r=round(repel.box_size(" 100%", style.px(13))[0] + 8)))


def prevalence_bars(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """Share reporting each effect: horizontal bars, one per effect, each with its n under its name."""
    d = df.assign(cat=with_n(df.label, df.respondents, style))
    fig = go.Figure(
        _bar_trace(d, "cat", "Reported", PALETTE[0], style, show_legend=False)
        + ([hatch_key(style)] if has_small(df) else [])
    )
    fig.update_layout(
        xaxis=_percent_axis(upper=105),
        yaxis=dict(autorange="reversed", title="", categoryorder="array", categoryarray=list(d.cat)),
        height=260 + _row_px(d.cat) * len(df),
        showlegend=has_small(df),
        **_label_margin(style),
    )
    return fig


def _group_hover(part: pd.DataFrame, cat: str) -> list[str]:
    """A grouped bar's hover: its group, and its own n, with the group's where fewer answered its question."""
    small = " · " + words.small_sample_key().lower()
    return [
        f"<b>{_one_line(c)} · {g}</b><br>{p:.1f}% (95% CI {lo:.1f}–{hi:.1f})<br>"
        + words.answered_of_group(k, n, total, g)
        + (small if _small(n) else "")
        for c, g, p, lo, hi, k, n, total in zip(
            part[cat],
            part.grp,
            part.pct,
            part.ci_low,
            part.ci_high,
            part.reported,
            part.respondents,
            part.group_respondents,
        )
    ]


def prevalence_grouped(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """Share reporting each effect, bars grouped by the compare-by dimension; each group's respondents in the legend
    (a bar whose question fewer answered gives its own n in its hover and in the numbers)."""
    fig = go.Figure()
    groups = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    for i, g in enumerate(groups):
        part = df[df.grp == g]
        name = f"{g} (n = {int(part.group_respondents.iloc[0]):,})"
        colour = PALETTE[i % len(PALETTE)]
        for t in _bar_trace(part, "label", name, colour, style, labels=False, inside_labels=True, hover=_group_hover):
            fig.add_trace(t)
    if has_small(df):
        fig.add_trace(hatch_key(style))
    order = list(df.sort_values("sort_order").drop_duplicates("label").label)
    fig.update_layout(
        barmode="group",
        xaxis=_percent_axis(upper=100),
        yaxis=dict(autorange="reversed", title="", categoryorder="array", categoryarray=order),
        height=260 + df.label.nunique() * (20 + 16 * len(groups)),
        uniformtext=dict(minsize=style.px(9), mode="hide"),
    )
    return fig


def prevalence_heatmap(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """Group x effect heatmap (groups as rows) with % and n written in each cell (the % only, compact)."""
    order = list(df.drop_duplicates("label").sort_values("sort_order").label)
    rows = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    pct = df.pivot_table(index="grp", columns="label", values="pct", sort=False).reindex(index=rows, columns=order)
    ns = df.pivot_table(index="grp", columns="label", values="respondents", sort=False).reindex(
        index=rows, columns=order
    )
    small = settings.get("small_sample_n")

    def cell(p, n):
        if pd.isna(p):
            return ""
        return f"{p:.0f}%" + ("" if style.compact else f"<br>n={int(n):,}") + ("*" if n < small else "")

    text = [[cell(p, n) for p, n in zip(rp, rn)] for rp, rn in zip(pct.values, ns.values)]
    hover = [
        [
            (
                "no respondents"
                if pd.isna(p)
                else f"{g} · {e}: {p:.1f}% of {int(n):,}" + (f" ({words.small_sample_words()})" if n < small else "")
            )
            for e, p, n in zip(order, rp, rn)
        ]
        for g, rp, rn in zip(rows, pct.values, ns.values)
    ]
    columns = [wrap(label, 11) for label in order]
    fig = go.Figure(
        go.Heatmap(
            z=pct.values,
            x=columns,
            y=[str(r) for r in rows],
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=style.px(11)),
            hovertext=hover,
            hoverinfo="text",
            zmin=0,
            zmax=100,
            colorscale=TEMPLATE.layout.colorscale.sequential,
            xgap=2,
            ygap=2,
            colorbar=dict(title=dict(text="%"), ticksuffix="%", thickness=14 * style.marks),
        )
    )
    return _heatmap_layout(fig, style, 300 + 44 * len(rows))


def _heatmap_layout(fig: go.Figure, style: Style, height: int) -> go.Figure:
    """Rows down the left in table order, columns named along the top."""
    fig.update_layout(
        yaxis=dict(autorange="reversed", title="", type="category"),
        xaxis=dict(title="", side="top", type="category", tickangle=0, tickfont=dict(size=style.px(11))),
        height=height,
        showlegend=False,
    )
    return fig


def prevalence_by_duration(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """Each effect's prevalence across duration-of-use bands, the effect named at its line's end (no legend box);
    in a narrow figure (a phone, a journal column) the names would take most of the width, so a legend names them."""
    fig = go.Figure()
    bands = list(dict.fromkeys(df.sort_values("grp_order").grp))
    ends = []
    for i, (label, part) in enumerate(df.sort_values(["sort_order", "grp_order"]).groupby("label", sort=False)):
        colour = PALETTE[i % len(PALETTE)] if not (style.dark and PALETTE[i % len(PALETTE)] == "#000000") else DARK_INK
        dash = "solid" if i < len(PALETTE) else "dash"
        fig.add_trace(
            go.Scatter(
                x=part.grp,
                y=part.pct,
                mode="lines+markers",
                name=wrap(label, LEGEND_WRAP) if style.narrow else label,
                line=dict(color=colour, width=2.5 * style.marks, dash=dash),
                marker=dict(
                    size=[(7 if _small(n) else 10) * style.marks for n in part.respondents],
                    symbol=["circle-open" if _small(n) else "circle" for n in part.respondents],
                ),
                error_y=_whiskers(
                    part.pct,
                    part.ci_low,
                    part.ci_high,
                    thickness=style.marks,
                    width=3 * style.marks,
                ),
                hovertext=[
                    f"<b>{label}</b>, {b}<br>{p:.1f}% (95% CI {lo:.1f}–{hi:.1f})<br>n={n:,}"
                    for b, p, lo, hi, n in zip(part.grp, part.pct, part.ci_low, part.ci_high, part.respondents)
                ],
                hoverinfo="text",
            )
        )
        ends.append((float(part.pct.iloc[-1]), label, colour))
    short = [b.replace(" ", "<br>", 1) for b in bands]  # on a phone: '6-12' over 'months', never slanted
    narrow_ticks = dict(tickmode="array", tickvals=bands, ticktext=short, tickangle=0, tickfont=dict(size=style.px(12)))
    fig.update_layout(
        xaxis=dict(
            title="Duration of use",
            categoryorder="array",
            categoryarray=bands,
            **(narrow_ticks if style.narrow else {}),
        ),
        yaxis=_percent_axis(upper=105 if style.narrow else 100),  # the legend sits just above '100%'
        height=620,
        showlegend=style.narrow,
    )
    if style.narrow:
        return fig
    for y, label, colour in _spread(ends, gap=4.2):
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="left",
            xshift=8 * style.marks,
            y=y,
            yref="y",
            text=label,
            showarrow=False,
            font=dict(size=style.px(12), color=colour),
            name="line-label",
        )
    fig.update_layout(margin=dict(r=190))
    return fig


def _spread(ends: list[tuple[float, str, str]], gap: float) -> list[tuple[float, str, str]]:
    """Line-end labels moved apart (in % units) so no two overlap, keeping their order."""
    out, last = [], -1e9
    for y, label, colour in sorted(ends):
        y = max(y, last + gap)
        out.append((y, label, colour))
        last = y
    over = out[-1][0] - 100 if out else 0
    return [(y - max(0, over), label, colour) for y, label, colour in out]


def withdrawal_bars(df: pd.DataFrame, style: Style = SCREEN, axis_title: str = "") -> go.Figure:
    """Withdrawal incidence per group with CIs: columns for a few ordered groups, rows for many (drugs)."""
    d = df.rename(columns={"tried_to_stop": "respondents"})
    d = d.assign(cat=with_n(d.grp, d.respondents, style))
    horizontal = len(d) > 6
    fig = go.Figure(
        _bar_trace(
            d,
            "cat",
            "Had withdrawal effects",
            PALETTE[5],
            style,
            orientation="h" if horizontal else "v",
            show_legend=False,
        )
        + ([hatch_key(style, "h" if horizontal else "v")] if has_small(d) else [])
    )
    pct_axis = _percent_axis("% of those who tried to stop", upper=105)
    cat_axis = dict(title=axis_title, type="category", categoryorder="array", categoryarray=list(d.cat))
    if horizontal:
        fig.update_layout(
            xaxis=pct_axis,
            yaxis=cat_axis | dict(autorange="reversed", title=""),
            height=260 + _row_px(d.cat) * len(d),
            showlegend=has_small(d),
            **_label_margin(style),
        )
    else:
        fig.update_layout(
            yaxis=pct_axis,
            xaxis=cat_axis | dict(title=dict(text=axis_title, standoff=8)),
            height=540,
            showlegend=has_small(d),
        )
    return fig


def severity_stacked(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """100% stacked bars: how severe withdrawal was, per group."""
    fig = go.Figure()
    groups = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    totals = df.drop_duplicates("grp").set_index("grp").had_withdrawal
    ylabels = [f"{g} (n={totals[g]:,})" for g in groups]
    for sev in vocab.WITHDRAWAL_SEVERITIES:
        part = df[df.severity == sev].set_index("grp").reindex(groups)
        fig.add_trace(
            go.Bar(
                y=ylabels,
                x=part.pct.fillna(0),
                name=sev.capitalize(),
                orientation="h",
                marker_color=SEVERITY_COLOURS[sev],
                text=[_pct(v) if v >= 6 else "" for v in part.pct.fillna(0)],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(size=style.px(13), color=INK),
                hovertext=[
                    f"{g}: {sev} {v:.1f}% ({int(c) if not pd.isna(c) else 0:,} people)"
                    for g, v, c in zip(groups, part.pct.fillna(0), part.respondents)
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(
        barmode="stack",
        legend=dict(traceorder="normal"),  # mild, moderate, severe: plotly reverses stacked bars' legend otherwise
        xaxis=_percent_axis("% of those who had withdrawal effects"),
        yaxis=dict(autorange="reversed", title=""),
        height=300 + max(2, len(groups)) * 52,
    )
    return fig


def duration_distribution(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """How long withdrawal lasted: share in each duration bin (grouped when comparing)."""
    fig = go.Figure()
    groups = list(dict.fromkeys(df.sort_values(["grp_order", "grp"]).grp))
    bins = list(dict.fromkeys(df.sort_values("bin_order").bin))
    for i, g in enumerate(groups):
        part = df[df.grp == g].set_index("bin").reindex(bins)
        fig.add_trace(
            go.Bar(
                x=bins,
                y=part.pct.fillna(0),
                name=f"{g} (n={int(part.had_withdrawal.max()):,})" if len(groups) > 1 else g,
                marker_color=PALETTE[i % len(PALETTE)],
                showlegend=len(groups) > 1,
                text=[_pct(v) for v in part.pct.fillna(0)] if len(groups) == 1 else None,
                textposition="outside",
                cliponaxis=False,
                textfont=dict(size=style.px(13)),
                hovertext=[f"{g}: {b} {v:.1f}%" for b, v in zip(bins, part.pct.fillna(0))],
                hoverinfo="text",
            )
        )
    top = float(df.pct.max()) if len(df) else 10
    fig.update_layout(
        barmode="group",
        xaxis=dict(title="How long withdrawal effects lasted", type="category"),
        yaxis=_percent_axis("% of those who had withdrawal effects", upper=min(100, top * 1.25 + 2)),
        height=480,
    )
    return fig


def half_life_scatter(df: pd.DataFrame, style: Style = SCREEN, measure: str = "percent") -> go.Figure:
    """Withdrawal against elimination half-life, one point per drug, sized by n: the survey's incidence
    (``pct``, n ``tried_to_stop``) or, with a ratio ``measure``, the reports' ratio (``value``, n ``n``).

    Each drug is named beside its point where no other name or point is (``sidefx.repel``), with a leader
    line where the 15-40 h range is crowded.
    """
    df = df.sort_values("half_life_h").reset_index(drop=True)
    percent = measure == "percent"
    y, n = (df.pct, df.tried_to_stop) if percent else (df.value, df.n)
    sizes = ((n.clip(lower=1) ** 0.5) * (0.8 if percent else 0.4) + 7) * style.marks
    if percent:
        what = [
            f"withdrawal {p:.1f}% (95% CI {a:.1f}–{b:.1f}), n={k:,}"
            for p, a, b, k in zip(df.pct, df.ci_low, df.ci_high, n)
        ]
    else:
        what = list(df.hover)
    fig = go.Figure()
    for i, cls in enumerate(dict.fromkeys(df.drug_class)):
        m = df.drug_class == cls
        part = df[m]
        fig.add_trace(
            go.Scatter(
                x=part.half_life_h,
                y=y[m],
                mode="markers",
                name=cls,
                marker=dict(
                    size=sizes[m],
                    color=PALETTE[i % len(PALETTE)],
                    opacity=0.75,
                    line=dict(color=style.bg, width=style.marks),
                ),
                error_y=_whiskers(
                    y[m],
                    part.ci_low,
                    part.ci_high,
                    thickness=style.marks,
                    width=0,
                    color=style.muted,
                ),
                hovertext=[
                    f"<b>{d}</b> ({c})<br>half-life {h:g} h (range {lo:g}–{hi:g} h; {src})<br>{w}"
                    for d, c, h, lo, hi, src, w in zip(
                        part.drug,
                        part.drug_class,
                        part.half_life_h,
                        part.half_life_h_low,
                        part.half_life_h_high,
                        part.half_life_cite,
                        [w for w, keep in zip(what, m) if keep],
                    )
                ],
                hoverinfo="text",
            )
        )
    if percent:
        yaxis = _percent_axis("% of those who tried to stop", upper=105)
    else:
        fig.add_hline(y=1, line=dict(color=style.muted, dash="dash", width=style.marks))
        yaxis = _ratio_axis(measure, pd.concat([df.value, df.ci_low, df.ci_high]).dropna(), headroom=1.8)
    hours = df.half_life_h[df.half_life_h > 0]
    x_range = [math.log10(hours.min() / 1.4), math.log10(hours.max() * 1.4)] if len(hours) else [0, 2]
    fig.update_layout(
        xaxis=dict(
            title="Half-life (hours, log scale)"
            if style.narrow
            else "Elimination half-life of the parent drug (hours, log scale)",
            type="log",
            range=x_range,
            **log_ticks(df.half_life_h),
        ),
        yaxis=yaxis,
        height=620,
    )
    _name_points(fig, df.drug, df.half_life_h, y, sizes / 2 + style.marks, style, log_y=not percent)
    return fig


def _name_points(fig: go.Figure, names, xs, ys, radii, style: Style, log_y: bool) -> None:
    """Each point's name as an annotation, placed by ``repel`` for the plot size the style expects."""
    xr, yr = fig.layout.xaxis.range, fig.layout.yaxis.range
    ax = [math.log10(v) for v in xs]
    ay = [math.log10(v) if log_y else v for v in ys]
    frac = lambda v, r: (v - r[0]) / (r[1] - r[0])  # noqa: E731
    for name, x, y in zip(names, ax, ay):
        fig.add_annotation(
            text=str(name),
            x=x,
            y=y,
            xref="x",
            yref="y",
            xanchor="center",
            yanchor="middle",
            showarrow=False,
            font=dict(size=style.px(12), color=style.ink),
            arrowhead=0,
            arrowwidth=style.marks,
            arrowcolor=style.muted,
            name=repel.NAME,
        )
    fig.update_layout(
        meta={
            "point_labels": dict(x=[frac(v, xr) for v in ax], y=[frac(v, yr) for v in ay], r=list(map(float, radii))),
            "plot_height": style.plot_px[1],  # the screen's figure grows to give the names this room
        }
    )
    repel.place(fig, *style.plot_px)


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


# ---- forest plots ------------------------------------------------------------------------
FOREST_N_RIGHT = 78  # px from the plot's right edge to the right end of the n column ('21,002*')
FOREST_TEXT_WIDTH = 280  # right margin holding the n and estimate columns (their bold headings fit)
FOREST_LABEL_WRAP = 34  # characters per line of a study label at the left (one line in the compact style)


def _ratio_axis(measure: str, values: pd.Series, headroom: float = 1.25) -> dict:
    title = {
        "odds_ratio": "Odds ratio",
        "rate_ratio": "Rate ratio",
        "reporting_odds_ratio": "ROR",
    }.get(measure, measure.replace("_", " "))
    if values.empty:  # no ratio to show (every row '–'): an axis around 1, still labelled with its values
        values = pd.Series([0.5, 2.0])
    lo, hi = float(min(values.min(), 1)) * 0.8, float(max(values.max(), 1)) * headroom
    return dict(
        title=f"{title} (log scale; 1 = no difference)",
        type="log",
        range=[math.log10(lo), math.log10(hi)],
        **log_ticks([lo, hi]),
    )


def _forest_x(fig: go.Figure, rows: pd.DataFrame, measure: str, style: Style, spans=None) -> dict:
    """The x axis; on a ratio axis the dashed line at 1, across the plot or only over ``spans`` (y ranges: the
    stacked layout's marker bands, so the line never runs through the words above each line)."""
    if measure == "percent":
        return dict(title="% (95% CI where reported)", range=[0, 100], ticksuffix="%")
    line = dict(color=style.muted, dash="dash", width=style.marks)
    if spans is None:
        fig.add_vline(x=1, line=line)
    for lo, hi in spans or ():
        fig.add_shape(type="line", x0=1, x1=1, xref="x", y0=lo, y1=hi, yref="y", line=line, name="reference-line")
    return _ratio_axis(measure, pd.concat([rows.value, rows.ci_low, rows.ci_high]).dropna())


def _forest_marks(fig: go.Figure, rows: pd.DataFrame, style: Style, diamond_half: float = 0.3) -> None:
    """Squares (sized by the estimate's own n; open and unsized where only the whole study's n is known),
    the survey's open circle and pooled diamonds, at each row's ``y``."""
    g = style.marks
    est = rows[rows.kind == "estimate"]
    own = est.n_own.fillna(False).astype(bool)
    sizes = [(7 + min(11, math.log10(n + 1) * 2.5) if o and n > 0 else 9) * g for n, o in zip(est.n.fillna(0), own)]
    err = _whiskers(
        est.value,
        est.ci_low,
        est.ci_high,
        missing_as_zero=True,
        color=style.ink,
        thickness=1.4 * g,
        width=0,
    )
    fig.add_trace(
        go.Scatter(
            x=est.value,
            y=est.y,
            mode="markers",
            name="Published estimate (size: n)",
            error_x=err,
            marker=dict(
                symbol=["square" if o else "square-open" for o in own],
                size=sizes,
                color=PALETTE[0],
                line=dict(width=2 * g, color=PALETTE[0]),
            ),
            hovertext=est.hover,
            hoverinfo="text",
        )
    )
    sv = rows[rows.kind == "survey"]
    if len(sv):
        fig.add_trace(
            go.Scatter(
                x=sv.value,
                y=sv.y,
                mode="markers",
                name=str(sv.label.iloc[0]),
                error_x=_whiskers(
                    sv.value,
                    sv.ci_low,
                    sv.ci_high,
                    color=PALETTE[3],
                    thickness=1.4 * g,
                    width=0,
                ),
                marker=dict(symbol="circle-open", size=12 * g, color=PALETTE[3], line=dict(width=2.5 * g)),
                hovertext=sv.hover,
                hoverinfo="text",
            )
        )
    for i, r in enumerate(rows[rows.kind == "pooled"].itertuples()):
        fig.add_trace(
            go.Scatter(
                x=[r.ci_low, r.value, r.ci_high, r.value, r.ci_low],
                y=[r.y, r.y + diamond_half, r.y, r.y - diamond_half, r.y],
                fill="toself",
                mode="lines",
                line=dict(color=PALETTE[5], width=g),
                fillcolor=PALETTE[5],
                name="Random-effects pooled estimate",
                hovertext=r.hover,
                hoverinfo="text",
                showlegend=i == 0,
            )
        )


def forest(rows: pd.DataFrame, style: Style = SCREEN, measure: str = "percent") -> go.Figure:
    """Forest plot: one row per estimate, grouped by design, with pooled diamonds.

    ``rows`` (from reports.forest) has: kind ('header', 'estimate', 'pooled', 'survey'), label, value,
    ci_low, ci_high, n, n_own, n_text, estimate_text. Percentages get a 0-100 axis; ratios a log axis
    with a reference line at 1; nothing else is drawn. A narrow style (a phone, a journal column)
    stacks each row's words above its line, so the plot keeps the figure's whole width.
    """
    return (_forest_stacked if style.narrow else _forest_wide)(rows, style, measure)


def _forest_wide(rows: pd.DataFrame, style: Style, measure: str) -> go.Figure:
    """Labels at the left; n and the estimate in columns at the right."""
    rows = rows.assign(y=list(range(len(rows)))[::-1])
    fig = go.Figure()
    _forest_marks(fig, rows, style)
    labels = [str(label) if style.compact else wrap(str(label), FOREST_LABEL_WRAP) for label in rows.label]
    ticktext = [f"<b>{label}</b>" if k == "header" else label for label, k in zip(labels, rows.kind)]
    lines = max(label.count("<br>") + 1 for label in labels)
    fig.update_layout(
        showlegend=False,  # the note says what squares, circles and diamonds are
        xaxis=_forest_x(fig, rows, measure, style),
        yaxis=dict(tickmode="array", tickvals=rows.y, ticktext=ticktext, showgrid=False, range=[-0.8, len(rows) - 0.2]),
        height=300 + (18 + 16 * lines) * len(rows),
        margin=dict(r=FOREST_TEXT_WIDTH * style.body / SCREEN_BODY_PX),
    )
    k = style.body / SCREEN_BODY_PX
    header = dict(
        xref="paper", yref="y", x=1, y=len(rows) - 0.2, showarrow=False, yanchor="bottom", font=dict(size=style.px(12))
    )
    fig.add_annotation(text="<b>n</b>", xshift=FOREST_N_RIGHT * k, xanchor="right", name="forest-column", **header)
    fig.add_annotation(
        text="<b>Estimate (95% interval)</b>",
        xshift=(FOREST_N_RIGHT + 14) * k,
        xanchor="left",
        name="forest-column",
        **header,
    )
    for r in rows[rows.kind != "header"].itertuples():
        cell = dict(
            xref="paper", yref="y", x=1, y=r.y, showarrow=False, font=dict(size=style.px(12)), name="forest-column"
        )
        fig.add_annotation(text=r.n_short, xshift=FOREST_N_RIGHT * k, xanchor="right", **cell)
        fig.add_annotation(text=r.estimate_text, xshift=(FOREST_N_RIGHT + 14) * k, xanchor="left", **cell)
    return fig


def stacked_lines(rows: pd.DataFrame, style: Style) -> list[str]:
    """Each row's words in the stacked layout: the label (wrapped), then 'n · estimate' under it."""
    out = []
    for r in rows.itertuples():
        label = wrap(r.label, style.line_chars)
        n = "n not reported" if r.n_text == "–" else f"n = {r.n_text}"
        out.append(
            f"<b>{label}</b>"
            if r.kind == "header"
            else f"{label}<br><span style='color:{style.muted}'>{n} · {r.estimate_text}</span>"
        )
    return out


def _forest_stacked(rows: pd.DataFrame, style: Style, measure: str) -> go.Figure:
    """Each row's label and 'n · estimate' above its line, across the whole plot: no side columns.

    The y axis counts text lines: a row takes its lines of words plus 1.2 for its marker. The
    layout reads ``meta.forest_line_units`` to check the rows get room for their words.
    """
    lines = stacked_lines(rows, style)
    heights = [t.count("<br>") + 1 + (0.3 if k == "header" else 1.0) for t, k in zip(lines, rows.kind)]
    tops = [sum(heights) - sum(heights[:i]) for i in range(len(heights))]
    rows = rows.assign(y=[t - h + 0.5 for t, h in zip(tops, heights)])
    fig = go.Figure()
    _forest_marks(fig, rows[rows.kind != "header"], style, diamond_half=0.4)
    for text, top in zip(lines, tops):
        fig.add_annotation(
            text=text,
            xref="paper",
            yref="y",
            x=0,
            y=top,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font=dict(size=style.px(12)),
            name="forest-row",
        )
    total = sum(heights)
    fig.update_layout(
        showlegend=False,
        xaxis=_forest_x(fig, rows, measure, style, spans=[(y - 0.5, y + 0.5) for y in rows.y[rows.kind != "header"]]),
        yaxis=dict(visible=False, range=[0, total + 0.1], fixedrange=True),
        height=260 + 17 * total,
        margin=dict(l=14, r=18),
        meta={"forest_line_units": total},
    )
    return fig


# ---- reports to the FDA: every side effect by drug, and lines over time ------------------------
RATIO_COLOURS = [[0, "#2166ac"], [0.5, "#f7f7f7"], [1, "#b2182b"]]  # blue below 1, red above (ColorBrewer RdBu)
RATIO_SPAN = 3.0  # the colour scale's ends, in log2 units: 1/8 and 8 times


def ratio_heatmap(df: pd.DataFrame, style: Style = SCREEN) -> go.Figure:
    """Drug x side effect: each cell's ratio (``value``) as colour on a log scale centred at 1, written with its
    cases (``n``); ✓ meets Evans' criteria, * fewer than 3 cases, – no ratio."""
    order = list(df.drop_duplicates("effect_label").sort_values("sort_order").effect_label)
    rows = list(dict.fromkeys(df.label))
    grid = lambda col: df.pivot_table(  # noqa: E731
        index="label", columns="effect_label", values=col, sort=False, aggfunc="first", dropna=False
    ).reindex(index=rows, columns=order)
    value, n, text, hover = grid("value"), grid("n"), grid("cell_text"), grid("hover")
    z = [[math.log2(v) if pd.notna(v) and v > 0 else None for v in r] for r in value.values]
    cells = [
        [
            ("" if pd.isna(t) else t) + ("" if style.compact or pd.isna(k) else f"<br>n={int(k):,}")
            for t, k in zip(rt, rk)
        ]
        for rt, rk in zip(text.values, n.values)
    ]
    ticks = [v for v in (0.125, 0.25, 0.5, 1, 2, 4, 8)]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[wrap(label, 12) for label in order],
            y=rows,
            text=cells,
            texttemplate="%{text}",
            textfont=dict(size=style.px(11)),
            hovertext=[["" if pd.isna(h) else h for h in r] for r in hover.values],
            hoverinfo="text",
            zmin=-RATIO_SPAN,
            zmax=RATIO_SPAN,
            zmid=0,
            colorscale=RATIO_COLOURS,
            xgap=2,
            ygap=2,
            colorbar=dict(
                title=dict(text="ROR"),
                tickvals=[math.log2(v) for v in ticks],
                ticktext=[f"{v:g}" for v in ticks],
                thickness=14 * style.marks,
            ),
        )
    )
    return _heatmap_layout(fig, style, 320 + 40 * len(rows))


def lines_over(df: pd.DataFrame, style: Style = SCREEN, measure: str = "cases", x_title: str = "") -> go.Figure:
    """One line per series (``series``) over ordered categories (``x``, in table order): a ratio with its 95%
    interval on a log axis, or counts of cases. Small markers are points with fewer than 3 cases (``few``)."""
    fig = go.Figure()
    xs = list(dict.fromkeys(df.x))
    ratio = measure != "cases"
    names = list(dict.fromkeys(df.series))
    step = min(0.08, 0.5 / max(len(names), 1)) if ratio else 0.0  # whiskers side by side, not on top of each other
    for i, (name, part) in enumerate(df.groupby("series", sort=False)):
        where = [xs.index(x) + (i - (len(names) - 1) / 2) * step for x in part.x]
        colour = PALETTE[i % len(PALETTE)]
        colour = DARK_INK if style.dark and colour == "#000000" else colour
        few = part.few.astype(bool) if "few" in part else pd.Series(False, index=part.index)
        fig.add_trace(
            go.Scatter(
                x=where,
                y=part.value,
                mode="lines+markers",
                name=name,
                line=dict(color=colour, width=2.5 * style.marks, dash="solid" if i < len(PALETTE) else "dash"),
                marker=dict(
                    size=[(6 if f else 10) * style.marks for f in few],
                    symbol=["circle-open" if f else "circle" for f in few],
                ),
                error_y=(
                    _whiskers(
                        part.value,
                        part.ci_low,
                        part.ci_high,
                        thickness=style.marks,
                        width=3 * style.marks,
                    )
                    if ratio
                    else None
                ),
                hovertext=part.hover,
                hoverinfo="text",
            )
        )
    if ratio:
        fig.add_hline(y=1, line=dict(color=style.muted, dash="dash", width=style.marks))
        yaxis = _ratio_axis(measure, pd.concat([df.value, df.ci_low, df.ci_high]).dropna())
    else:
        yaxis = dict(title="Cases received", rangemode="tozero", tickformat=",d")
    ticks = list(range(len(xs)))
    if style.narrow:  # a phone or a column: upright two-line labels, every other one when there are many
        step = 2 if len(xs) > 5 else 1
        ticks = ticks[::step]
        xs_shown = [xs[i].replace(" ", "<br>", 1) for i in ticks]
        x_title = x_title.split(" (")[0]
        fonts = dict(tickangle=0, tickfont=dict(size=style.px(12)))
    else:
        xs_shown, fonts = xs, {}
    fig.update_layout(
        xaxis=dict(
            title=x_title,
            tickmode="array",
            tickvals=ticks,
            ticktext=xs_shown,
            range=[-0.4, len(xs) - 0.6],
            showgrid=False,
            zeroline=False,
            **fonts,
        ),
        yaxis=yaxis,
        height=620,
    )
    return fig


BUILDERS = {
    "prevalence_bars": prevalence_bars,
    "prevalence_grouped": prevalence_grouped,
    "prevalence_heatmap": prevalence_heatmap,
    "prevalence_by_duration": prevalence_by_duration,
    "withdrawal_bars": withdrawal_bars,
    "severity_stacked": severity_stacked,
    "duration_distribution": duration_distribution,
    "half_life_scatter": half_life_scatter,
    "forest": forest,
    "ratio_heatmap": ratio_heatmap,
    "lines_over": lines_over,
}
NARROW_KINDS = {
    "forest",
    "prevalence_by_duration",
}  # builders with a layout of their own for narrow figures (phones, a journal column)


def screen_figure(kind: str, table: pd.DataFrame, text: ChartText, options: dict, narrow: bool = False) -> go.Figure:
    """A chart as the dashboard shows it: the builder's marks for the screen, with the screen's words."""
    fig = BUILDERS[kind](table, NARROW_SCREEN if narrow else SCREEN, **options)
    return decorate(fig, text, narrow=narrow)
