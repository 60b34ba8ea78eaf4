"""A panel as files for a talk, a paper or a poster: PNG/SVG/PDF at fixed sizes, and its data.

An exported figure stands on its own: title, subtitle (the filters in words and n), the
reading note, the source line, the data version and a link back to the view are baked
into the image. The export is a *new* figure built from ``panel.figure``; the panel's own
figure is never changed.

Rendering uses kaleido's sync server, which drives one headless Chromium (Debian's
``chromium``; nothing is ever downloaded). Known limits, and why the code is as it is:

- The sync server is not thread-safe: two exports at once can return each other's
  images without any error. Every export therefore takes one process-wide lock.
  Streamlit sessions are threads, so exports from different users queue up.
- If the server's thread dies (Chromium failed to start, or crashed) kaleido's
  ``calc_fig_sync`` waits for ever. We watch that thread and give up with ``ExportError``.
- plotly places annotations in plot-area units, and automargin moves the plot area, so
  the footer's place is computed here: margins are sized from measured text (DejaVu
  Sans, the font the figures ask for, measured with Pillow) so nothing gets pushed.
- Importing streamlit replaces plotly's default template (placeholder colours such as
  #000001), so every export sets ``charts.TEMPLATE`` (or its dark variant) explicitly.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import json
import math
import os
import re
import shutil
import struct
import threading
import time
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable

import plotly.graph_objects as go

from sidefx import charts, settings


class ExportError(RuntimeError):
    """A figure could not be rendered; the message says why in one line."""


class ExportUnavailable(ExportError):
    """Static export cannot run here (no Chromium, or it will not start)."""


class DoesNotFit(ExportError):
    """The chart cannot be drawn legibly at the chosen size (too many rows, labels too long)."""


# ---- presets ---------------------------------------------------------------------------
# Text sizes in px at scale 1, the 1920x1080 slide: no text under MIN_PX there.
TITLE_PX, SUBTITLE_PX, BODY_PX, FOOTER_PX, MIN_PX = 40, 26, 22, 20, 18
SCREEN_BODY_PX = 14  # charts.TEMPLATE's font size: chart-set sizes are scaled by BODY_PX / this


@dataclass(frozen=True)
class Preset:
    name: str
    tag: str  # file-name suffix
    width: int  # px
    height: int  # px
    scale: float  # multiplies every text size (and marker and line sizes)
    dpi: int | None = None  # written into the PNG so documents place it at its print size
    help: str = ""


PRESETS: dict[str, Preset] = {p.name: p for p in [
    Preset("slide-16x9", "16x9", 1920, 1080, 1.0, help="Full-HD widescreen slide"),
    Preset("slide-4x3", "4x3", 1440, 1080, 1.0, help="4:3 slide, same text size as 16:9 (slides are shown at their height)"),
    Preset("square", "square", 1080, 1080, 1.0, help="Square, for social posts and two-up slides"),
    # 3.5 in at 300 dpi. Printed, 1 pt = 300/72 = 4.17 px, so text must be *larger* in px
    # relative to the canvas than on a slide (18 px would print at 4.3 pt): at scale 1.25 body
    # text is 27.5 px = 6.6 pt, the footer 25 px = 6 pt, the smallest text 22.5 px = 5.4 pt
    # (journals ask for 5-8 pt), the title 50 px = 12 pt. Square rather than 4:3 because the
    # baked-in title and footer take room that a journal caption usually would.
    Preset("journal", "journal", 1050, 1050, 1.25, dpi=300, help="Single journal column: 3.5 in wide at 300 dpi"),
    Preset("poster", "poster", 3840, 2160, 2.0, help="4K: posters and large screens"),
]}
FORMATS = ("png", "svg", "pdf")
CACHE_MAX_BYTES = 64 * 2**20  # bound of the in-memory export cache (an LRU), in bytes
CACHE_MAX_ITEMS = 256

# Dark variant: same hues; black (the palette's last colour) becomes light so it still shows.
DARK_BG, DARK_INK, DARK_MUTED, DARK_GRID = "#111827", "#f3f4f6", "#b6bec9", "#374151"
DARK_COLOURS = {charts.INK: DARK_INK, charts.MUTED: DARK_MUTED, charts.GRID: DARK_GRID, "#ffffff": DARK_BG, "#000000": DARK_INK}


def _dark_template() -> go.layout.Template:
    t = charts.TEMPLATE.to_plotly_json()
    lay = t["layout"]
    lay.update(paper_bgcolor=DARK_BG, plot_bgcolor=DARK_BG, colorway=[DARK_COLOURS.get(c.lower(), c) for c in charts.PALETTE])
    lay["font"] = {**lay.get("font", {}), "color": DARK_INK}
    for ax in ("xaxis", "yaxis"):
        lay[ax] = {**lay.get(ax, {}), "gridcolor": DARK_GRID, "zerolinecolor": DARK_GRID, "linecolor": DARK_MUTED, "tickcolor": DARK_MUTED}
    return go.layout.Template(t)


# ---- names ----------------------------------------------------------------------------
def get_preset(name: str) -> Preset:
    if name not in PRESETS:
        raise ValueError(f"Unknown export preset '{name}': choose one of {', '.join(PRESETS)}.")
    return PRESETS[name]


def stem(panel) -> str:
    """'withdrawal-by-duration_paroxetine': the panel's slug and its filters' slug."""
    return f"{panel.slug}_{panel.filters.slug()}"


def filename(panel, preset: str, fmt: str) -> str:
    """E.g. 'withdrawal-by-duration_paroxetine_16x9.png'; never 'newplot.png'."""
    _check_format(fmt)
    return f"{stem(panel)}_{get_preset(preset).tag}.{fmt}"


def modebar_config(panel, preset: str = "slide-16x9") -> dict:
    """``config`` for st.plotly_chart: the camera button saves a preset-sized PNG with a real name.

    That PNG is the on-screen figure resized, without the baked-in footer: the export
    buttons give the full version.
    """
    p = get_preset(preset)
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": filename(panel, preset, "png")[:-4],
                                     "width": p.width, "height": p.height, "scale": 1}}


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format '{fmt}': choose one of {', '.join(FORMATS)}.")


# ---- text measurement -------------------------------------------------------------------
_FONT_FILES = {False: ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
               True: ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")}
_TAG = re.compile(r"<[^>]+>")
_MEASURE_LOCK = threading.Lock()


@functools.lru_cache(maxsize=64)
def _font(size: int, bold: bool):
    try:
        from PIL import ImageFont  # streamlit depends on Pillow
    except ImportError:
        return None
    for candidate in _FONT_FILES[bold]:
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    return None


def _text_px(text: str, size: float, bold: bool = False) -> float:
    """Width in px of one line of plotly text (tags stripped), in DejaVu Sans.

    Falls back to 0.62 em a character (a little wider than DejaVu's average) without the font.
    """
    plain = html.unescape(_TAG.sub("", text))
    bold = bold or "<b>" in text
    f = _font(max(1, round(size)), bold)
    if f is None:
        return len(plain) * size * 0.62
    with _MEASURE_LOCK:  # a FreeType face is not safe to share between threads
        return float(f.getlength(plain)) * size / max(1, round(size))


def _lines(text: str) -> list[str]:
    return re.split(r"<br\s*/?>", text, flags=re.I) if text else []


def _label_px(text: str, size: float) -> tuple[float, int]:
    """Widest line and number of lines of a (possibly multi-line) label."""
    lines = _lines(str(text)) or [""]
    return max(_text_px(line, _inline_size(line, size)) for line in lines), len(lines)


def _inline_size(line: str, size: float) -> float:
    m = re.search(r"font-size:\s*([\d.]+)(px|em)", line)
    if not m:
        return size
    return float(m.group(1)) * (size if m.group(2) == "em" else 1.0)


def wrap(text: str, size: float, width_px: float) -> list[str]:
    """Greedy word wrap of plain text to a pixel width. A word too long for a line (a link) is
    cut where it overflows, after a '&', '?', '/' or '=' if there is one in the second half."""
    width_px = max(width_px, 2 * size)  # a cramped chart can leave no room at all: never loop on that
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if _text_px(trial, size) <= width_px:
                line = trial
                continue
            if _text_px(word, size) <= width_px:
                out.append(line)
                line = word
                continue
            while word and _text_px(f"{line} {word}" if line else word, size) > width_px:  # fill the line, then cut
                head = f"{line} " if line else ""
                n = _fit(head, word, size, width_px)
                if n == 0:
                    out.append(line)
                    line = ""
                    continue
                out.append(head + word[:n])
                line, word = "", word[n:]
            line = f"{line} {word}".strip()
        if line:
            out.append(line)
    return out


def _fit(head: str, word: str, size: float, width_px: float) -> int:
    """How many characters of ``word`` fit after ``head``; prefers to cut after a URL separator."""
    lo, hi = 0, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _text_px(head + word[:mid], size) <= width_px:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0 and not head:
        return 1  # a single glyph wider than the line: never loop for ever
    seps = [i + 1 for i, ch in enumerate(word[:lo]) if ch in "&?/="]
    return seps[-1] if seps and seps[-1] > lo // 2 else lo


# ---- building the export figure -----------------------------------------------------------
def _plain(obj):
    """A deep copy made of dicts, lists, str and numbers (numpy arrays and scalars become lists and floats)."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:  # plotly's typed-array encoding of a numeric array
            import numpy as np

            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if obj.get("shape"):
                arr = arr.reshape([int(n) for n in str(obj["shape"]).split(",")])
            return arr.tolist()
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if hasattr(obj, "tolist"):  # numpy arrays and scalars, pandas index/series
        return _plain(obj.tolist())
    return obj


def _walk_strings(obj, fn):
    if isinstance(obj, dict):
        return {k: _walk_strings(v, fn) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_walk_strings(v, fn) for v in obj]
    if isinstance(obj, str):
        return fn(obj)
    return obj


def _string_fixer(k: float, body: float, min_px: float, dark: bool):
    """Rewrite strings anywhere in the figure: inline font sizes scaled and floored, colours for dark.

    Applied to data and layout alike, so a category label edited here still matches its
    ``categoryarray`` entry.
    """
    colours = re.compile("|".join(map(re.escape, DARK_COLOURS)), re.I)

    def px(m):
        value, unit = float(m.group(1)), m.group(2)
        if unit == "px":
            return f"font-size:{max(min_px, round(value * k))}px"
        return f"font-size:{max(value, round(min_px / body + 0.005, 2))}em"  # em of the (body-sized) parent

    def fix(s: str) -> str:
        if "font-size" in s:
            s = re.sub(r"font-size:\s*([\d.]+)(px|em)", px, s)
        if dark and "#" in s:
            s = colours.sub(lambda m: DARK_COLOURS[m.group(0).lower()], s)
        return s

    return fix


def _scale_sizes(trace: dict, g: float, k: float, min_px: float) -> None:
    """Markers, lines and error bars grow with the canvas; explicit text sizes are scaled and floored."""
    def mul(d, key, factor):
        if isinstance(d, dict) and key in d and d[key] is not None:
            v = d[key]
            d[key] = [x * factor if isinstance(x, (int, float)) else x for x in v] if isinstance(v, list) else v * factor

    marker = trace.get("marker")
    mul(marker, "size", g)
    if isinstance(marker, dict):
        mul(marker.get("line"), "width", g)
    mul(trace.get("line"), "width", g)
    for e in ("error_x", "error_y"):
        mul(trace.get(e), "thickness", g)
        mul(trace.get(e), "width", g)
    tf = trace.get("textfont")
    if isinstance(tf, dict) and isinstance(tf.get("size"), (int, float)):
        tf["size"] = max(min_px, round(tf["size"] * k))


def _axis_info(spec: dict, axis: str) -> tuple[list[str], bool]:
    """(tick labels, discrete?) for an axis, as well as we can tell without rendering.

    Discrete means one label per category (or per explicit tick): their count sets how much room
    each gets. Numeric axes get a stand-in label as wide as their widest likely tick.
    """
    lay = spec["layout"].get(f"{axis}axis") or {}
    if lay.get("visible") is False:
        return [], False
    if lay.get("ticktext") is not None:
        return [str(t) for t in lay["ticktext"]], True
    if lay.get("categoryarray"):
        return [str(c) for c in lay["categoryarray"]], True
    values = [v for t in spec["data"] if t.get(f"{axis}axis", axis) == axis and isinstance(t.get(axis), list)
              for v in t[axis] if isinstance(v, str)]
    if values or lay.get("type") == "category":
        return list(dict.fromkeys(values)), True
    return ["100" + (lay.get("ticksuffix") or "")], False


def _log_ticks(spec: dict, axis: str) -> None:
    """Explicit 1-2-5 ticks on a log axis: plotly's own minor labels are drawn small (under the floor)."""
    lay = spec["layout"].get(f"{axis}axis") or {}
    if lay.get("type") != "log" or lay.get("tickvals") is not None:
        return
    if lay.get("range"):
        lo, hi = (10 ** v for v in lay["range"])
    else:
        vals = [v for t in spec["data"] if isinstance(t.get(axis), list) for v in t[axis] if isinstance(v, (int, float)) and v > 0]
        if not vals:
            return
        lo, hi = min(vals), max(vals)
    ticks = [m * 10 ** e for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1) for m in (1, 2, 5)]
    ticks = [v for v in ticks if lo / 1.3 <= v <= hi * 1.3]
    if len(ticks) > 10:
        ticks = [v for v in ticks if round(v / 10 ** math.floor(math.log10(v))) == 1]
    lay.update(tickmode="array", tickvals=ticks, ticktext=[f"{v:g}" for v in ticks])


def _one_line(label: str) -> str:
    """A wrapped label back on one line, without its styled extra lines (the 'n=' under a name)."""
    lines = [ln for ln in _lines(label) if not ln.lstrip().startswith("<span")] or _lines(label)[:1]
    return " ".join(ln.strip() for ln in lines)


def _shorten(label: str, size: float, max_w: float) -> str:
    """Cut each line of a tick label to a width, with an ellipsis; a <b>...</b> line stays bold."""
    out = []
    for line in _lines(label):
        if _text_px(line, _inline_size(line, size)) <= max_w:
            out.append(line)
            continue
        m = re.fullmatch(r"(<(\w+)[^>]*>)(.*)(</\2>)", line)
        open_, inner, close = (m.group(1), m.group(3), m.group(4)) if m else ("", line, "")
        plain = html.unescape(_TAG.sub("", inner))
        while plain and _text_px(open_ + _esc(plain) + "…" + close, size) > max_w:
            plain = plain[:-1]
        out.append(open_ + _esc(plain.rstrip()) + "…" + close)
    return "<br>".join(out)


def _legend_entries(spec: dict) -> list[str]:
    names = []
    for t in spec["data"]:
        default = t.get("type", "scatter") not in ("heatmap", "histogram2d", "contour", "pie")
        if t.get("showlegend", default) and t.get("name") and t.get("visible", True) is True:
            names.append(str(t["name"]))
    show = spec["layout"].get("showlegend")
    return [] if show is False or (show is None and len(names) < 2) else names


def _footer(panel, version: str, link: str, size: float, width: float, max_lines: int) -> list[str]:
    """Reading note, source, data version and link, wrapped; a source too long for the room is cut,
    pointing to the README (the data download has every citation)."""
    note = wrap(panel.text.note or "", size, width)
    src = wrap(panel.text.source or "", size, width)
    tail = [f"Data version {version}"] if version else []
    tail += [f"This view: {link}"] if link else []
    room = max(1, max_lines - len(note) - len(wrap(" · ".join(tail), size, width)))
    if len(src) > room:
        src, suffix = src[:room], " … (all sources: README.txt in the data download)"
        last = src[-1]
        while last and _text_px(last + suffix, size) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        src[-1] = last.rstrip(" ;,·") + suffix
    if version and "data version" in " ".join(src).lower():  # the survey's source line already says it
        tail = tail[1:]
    return note + src + wrap(" · ".join(tail), size, width)


def build_figure(panel, preset: str = "slide-16x9", dark: bool = False, link: str = "", data_version: str = "") -> go.Figure:
    """The figure that gets exported: a new figure at the preset's size with the words baked in.

    Every size is decided here, from measured text, so that plotly has nothing to push: the
    footer is placed in plot units (the only way plotly places annotations) and would otherwise
    move. Raises DoesNotFit when the chart cannot be drawn legibly at this size.
    """
    p = get_preset(preset)
    s, W, H = p.scale, p.width, p.height
    body, foot, min_px = BODY_PX * s, FOOTER_PX * s, MIN_PX * s
    line = body * 1.3
    k = body / SCREEN_BODY_PX  # sizes the charts set were chosen for a 14 px body
    g = 1.5 * s  # markers and lines: the screen figure is ~1000-1200 px wide, a slide 1920
    edge = round(32 * s)
    text_w = W - 2 * edge
    ink, muted = (DARK_INK, DARK_MUTED) if dark else (charts.INK, charts.MUTED)

    spec = _plain(panel.figure.to_dict())  # new containers throughout: the panel's figure is never touched
    spec["layout"].pop("template", None)
    spec["layout"]["annotations"] = [a for a in spec["layout"].get("annotations", []) if a.get("name") != "footer"]
    spec = _walk_strings(spec, _string_fixer(k, body, min_px, dark))
    for trace in spec["data"]:
        _scale_sizes(trace, g, k, min_px)
    for shape in spec["layout"].get("shapes", []):
        if isinstance(shape.get("line"), dict) and shape["line"].get("width"):
            shape["line"]["width"] *= g
    for a in spec["layout"]["annotations"]:  # text grows by k, so the offsets that space it out do too
        f = a.setdefault("font", {})
        f["size"] = max(min_px, round(f["size"] * k)) if f.get("size") else body
        for key in ("xshift", "yshift"):
            if a.get(key):
                a[key] *= k
    xlay = spec["layout"].setdefault("xaxis", {})
    ylay = spec["layout"].setdefault("yaxis", {})
    for axis in ("x", "y"):
        _log_ticks(spec, axis)

    # Top: title, subtitle (plotly sets it 1.25 subtitle-em below the title's box; a box is
    # ~1.16 em tall plus 1.3 em a line more), then a horizontal legend wrapped into rows.
    title_lines = wrap(panel.text.title, TITLE_PX * s, text_w)
    sub_lines = wrap(panel.text.subtitle, SUBTITLE_PX * s, text_w)
    # A multi-line title or subtitle loses plotly's 0.7 em drop of its first line (its lines carry
    # their own y), so a multi-line title is lowered by that much and a multi-line subtitle rides up.
    title_drop = 0.7 * TITLE_PX * s if len(title_lines) > 1 else 0.0
    legend_top = (edge + _box_h(len(title_lines), TITLE_PX * s) + 1.25 * SUBTITLE_PX * s
                  + _box_h(len(sub_lines), SUBTITLE_PX * s) - (0.7 * SUBTITLE_PX * s if len(sub_lines) > 1 else 0)
                  + 0.7 * body)
    top = legend_top
    legend = _legend_entries(spec)
    if legend:  # one row if every entry fits; else plotly lines entries up in columns of the widest
        widths = [_label_px(name, body)[0] + 44 * s for name in legend]  # symbol, gaps
        per_row = len(legend) if sum(widths) <= text_w else max(1, int(text_w // max(widths)))
        top += math.ceil(len(legend) / per_row) * body * 1.5 + 0.6 * body + 6 * s

    # Bottom: the footer, at most 30% of the height.
    footer = _footer(panel, data_version, link, foot, text_w, max_lines=max(3, int(0.3 * H / (foot * 1.3))))
    footer_h = len(footer) * foot * 1.3

    # Left: y tick labels (at most 40% of the width; longer ones are cut) and the y title.
    x_visible = xlay.get("visible", True) is not False
    y_visible = ylay.get("visible", True) is not False
    x_top = x_visible and xlay.get("side") == "top"
    x_title, y_title = _title_text(xlay), _title_text(ylay)
    y_labels, y_discrete = _axis_info(spec, "y") if y_visible else ([], False)
    y_cats = list(y_labels)  # the category values, for tickvals when the shown text changes

    def show_y(labels):
        if ylay.get("ticktext") is not None:
            ylay["ticktext"] = labels
        elif y_discrete:
            ylay.update(tickmode="array", tickvals=y_cats, ticktext=labels)

    if y_labels and max(_label_px(t, body)[0] for t in y_labels) > 0.4 * W:
        y_labels = [_shorten(t, body, 0.4 * W) for t in y_labels]
        show_y(y_labels)
    # plotly's automargin wants, left of the plot: label + tick (~10 px, drawn or not) + ~12 px.
    def left(labels, y_title_lines=1):
        return (edge + 10 * s + max((_label_px(t, body)[0] for t in labels), default=0)
                + ((y_title_lines * line + 12 * s) if y_title else 0))

    l = left(y_labels)

    # Right: text columns beside the plot (the forest plot's n and estimate, at x > 1 in plot
    # units, so their room grows with the plot), the colour bar, half the last x tick label.
    x_labels, x_discrete = _axis_info(spec, "x") if x_visible else ([], False)
    r = edge + (0 if x_discrete else 0.6 * max((_label_px(t, body)[0] for t in x_labels), default=0))
    for a in spec["layout"]["annotations"]:
        x, shift = a.get("x") or 0, a.get("xshift") or 0
        if a.get("xref") == "paper" and x >= 1:
            w = _label_px(str(a.get("text", "")), a["font"]["size"])[0]
            past = {"left": w, "center": w / 2}.get(a.get("xanchor") or "center", 0.0)
            r = max(r, ((x - 1) * (W - l) + shift + past + edge) / x + 8 * s)
    if any(t.get("type") == "heatmap" and t.get("showscale", True) is not False for t in spec["data"]):
        r = max(r, edge + 3.2 * body + _text_px("100%", body))

    # The x axis: tick labels upright if they fit, else turned; multi-line labels that would
    # collide even turned keep only their first line. Then the x title, wrapped to the plot.
    x_block = 0.0
    if x_visible:
        plot_w = W - l - r
        widths = [_label_px(t, body) for t in x_labels] or [(0.0, 1)]
        max_w, n_lines = max(w for w, _ in widths), max(n for _, n in widths)
        angle = xlay.get("tickangle")
        if x_discrete and x_labels:  # (an angle the chart chose for the screen is chosen again here)
            slot = plot_w / len(x_labels)
            if n_lines > 1 and slot < n_lines * line * 1.05:
                x_shown = [_one_line(t) for t in x_labels]
                if xlay.get("ticktext") is not None:
                    xlay["ticktext"] = x_shown
                else:
                    xlay.update(tickmode="array", tickvals=x_labels, ticktext=x_shown)
                max_w, n_lines = max(_label_px(t, body)[0] for t in x_shown), 1
            if max_w <= slot * 0.92:
                angle = 0
            elif n_lines == 1 and slot >= line * 2.1:  # at 30 degrees a label needs 2 line-heights across
                angle = -30  # (multi-line labels turned 30 degrees read as one run-on line: upright instead)
            else:
                angle = -90
            xlay["tickangle"] = angle
        rad = math.radians(abs(angle or 0))
        x_block = max_w * math.sin(rad) + n_lines * line * math.cos(rad) + 12 * s
        if x_title:
            x_lines = wrap(x_title, body, plot_w)
            xlay["title"] = {**(xlay.get("title") or {}), "text": "<br>".join(x_lines)}
            x_block += len(x_lines) * line + 10 * s

    above = 0.0  # annotations standing on the plot's top edge (the forest plot's column heads)
    y_range = ylay.get("range")
    for a in spec["layout"]["annotations"]:
        on_top = (a.get("yref") == "paper" and (a.get("y") or 0) >= 1) or \
                 (a.get("yref") == "y" and y_range and ylay.get("autorange") is not True and (a.get("y") or 0) >= max(y_range))
        if on_top and a.get("yanchor") == "bottom":
            above = max(above, _label_px(str(a.get("text", "")), a["font"]["size"])[1] * a["font"]["size"] * 1.3 + (a.get("yshift") or 0))
    t = top + (x_block if x_top else 0) + max(0.3 * body, above + 0.2 * body)
    b = edge + footer_h + 0.8 * body + (0 if x_top else x_block)
    if y_title:  # a y title longer than the plot is tall is wrapped; each extra line widens the margin
        y_lines = wrap(y_title, body, 0.95 * (H - t - b))
        ylay["title"] = {**(ylay.get("title") or {}), "text": "<br>".join(y_lines)}
    y_title_lines = len(y_lines) if y_title else 1
    l = left(y_labels, y_title_lines)

    plot_w, plot_h = W - l - r, H - t - b
    where = f"'{panel.text.title}' at the {p.name} size"
    if plot_w < 0.25 * W or plot_h < 0.2 * H:
        raise DoesNotFit(f"{where}: its labels, legend and notes leave too little room for the chart "
                         f"({plot_w:.0f} x {plot_h:.0f} px); choose slide-16x9 or poster.")
    x_font = body
    if x_discrete and x_labels and abs(xlay.get("tickangle") or 0) == 90:
        slot = plot_w / len(x_labels)  # turned labels need 1.4 em each, or plotly starts skipping some
        if slot < body * 1.4:
            x_font = max(min_px, math.floor(slot / 1.4))
            if slot < min_px * 1.4:
                raise DoesNotFit(f"{where}: {len(x_labels)} columns get {slot:.0f} px each, too narrow for labels of the "
                                 f"{min_px:.0f} px smallest legible text; choose slide-16x9 or poster.")
    y_font = body
    if y_discrete and y_labels:
        slot = plot_h / len(y_labels)
        n_lines = max(_label_px(t, body)[1] for t in y_labels)
        if n_lines > 1 and slot < body * 1.3 * n_lines:  # multi-line labels would touch: first line only
            y_labels = [_shorten(_one_line(t), body, 0.4 * W) for t in y_labels]
            show_y(y_labels)
            n_lines = 1
            l = left(y_labels, y_title_lines)  # one line can be wider than the widest of several
            plot_w = W - l - r
        if slot < body * n_lines:  # rows closer than a line: smallest legible size, or refuse
            y_font = max(min_px, math.floor(slot / n_lines))
            if slot < min_px * n_lines:
                raise DoesNotFit(f"{where}: {len(y_labels)} rows get {slot:.0f} px each, under the {min_px:.0f} px "
                                 "smallest legible text; choose slide-16x9 or poster.")

    # Value labels (text-only traces) that would collide: smallest legible size, else left out;
    # the axis, the whiskers and the CSV still give the numbers.
    for tr in spec["data"]:
        if tr.get("type", "scatter") != "scatter" or tr.get("mode") != "text" or not isinstance(tr.get("text"), list):
            continue
        font = tr.setdefault("textfont", {})
        if x_discrete and isinstance(tr.get("x"), list) and x_labels:
            slot = plot_w / len(x_labels)
            need = lambda px: max((_label_px(str(v), px)[0] for v in tr["text"]), default=0) / 0.95  # noqa: E731
        elif y_discrete and isinstance(tr.get("y"), list) and y_labels:
            slot = plot_h / len(y_labels)
            need = lambda px: px * 1.2  # noqa: E731
        else:
            continue
        if need(font.get("size") or body) > slot:
            font["size"] = min_px
            if need(min_px) > slot:
                tr["visible"] = False

    # Heatmap cells: the n line goes first, then the % too, when a cell is shorter than the text.
    for tr in spec["data"]:
        if tr.get("type") == "heatmap" and isinstance(tr.get("text"), list) and tr.get("y") and tr.get("x"):
            cell_h, cell_w = plot_h / len(tr["y"]), plot_w / len(tr["x"])
            cell_font = max(min_px, body * 0.9)
            wide = max((_label_px(c, cell_font)[0] for row in tr["text"] for c in row if c), default=0)
            fits_one = cell_h >= cell_font * 1.25 and cell_w >= wide * 1.1
            if cell_h < cell_font * 1.25 * 2 or not fits_one:
                tr["text"] = [[_lines(c)[0] if fits_one else "" for c in row] for row in tr["text"]]

    for lay, title, standoff in ((xlay, x_title, 10 * s), (ylay, y_title, 12 * s)):
        if title:
            lay["title"] = {**lay["title"], "standoff": standoff, "font": {**(lay["title"].get("font") or {}), "size": body}}
        else:
            lay.pop("title", None)  # an empty title with a font or standoff still takes room
    fig = go.Figure(spec)
    fig.update_layout(
        template=_dark_template() if dark else charts.TEMPLATE,
        width=W, height=H, autosize=False,
        font=dict(family=charts.FONT, size=body, color=ink),
        margin=dict(l=round(l), r=round(r), t=round(t), b=round(b), pad=0, autoexpand=True),
        title=dict(text="<br>".join(map(_esc, title_lines)), x=edge / W, xref="container", xanchor="left",
                   y=1 - (edge + title_drop) / H, yref="container", yanchor="top", pad=dict(t=0, b=0, l=0, r=0), automargin=False,
                   font=dict(size=TITLE_PX * s, color=ink),
                   subtitle=dict(text="<br>".join(map(_esc, sub_lines)), font=dict(size=SUBTITLE_PX * s, color=muted))),
        legend=dict(orientation="h", xref="container", x=edge / W, xanchor="left", yref="container", y=1 - legend_top / H,
                    yanchor="top", font=dict(size=body, color=ink), bgcolor="rgba(0,0,0,0)", title=dict(text="")),
        uniformtext=dict(minsize=min_px, mode="hide"),  # bar text that would shrink under the floor is hidden
    )
    fig.update_xaxes(automargin=True, ticklen=6 * s, tickfont_size=x_font)
    fig.update_yaxes(automargin=True, tickfont_size=y_font)
    if footer:
        fig.add_annotation(
            text="<br>".join(map(_esc, footer)), name="export-footer", showarrow=False, align="left",
            xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
            xshift=-(round(l) - edge), yshift=-(round(b) - edge - footer_h),
            font=dict(size=foot, color=muted, family=charts.FONT),
        )
    for tr in fig.data:
        if tr.type == "heatmap":
            tr.update(colorbar=dict(tickfont=dict(size=body), title=dict(font=dict(size=body)), thickness=round(24 * s)),
                      textfont=dict(size=max(min_px, body * 0.9)))
    return fig


def _title_text(axis: dict) -> str:
    title = axis.get("title")
    return (title.get("text") or "") if isinstance(title, dict) else (title or "")


def _box_h(lines: int, size: float) -> float:
    return size * (1.16 + 1.3 * (lines - 1)) if lines else 0.0


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


# ---- rendering --------------------------------------------------------------------------
_EXPORT_LOCK = threading.Lock()  # one export at a time, process-wide: see the module docstring
_BROKEN: list[str] = []  # set once the server hung: see _render
_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
_CACHE_LOCK = threading.Lock()
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_browser() -> str | None:
    """BROWSER_PATH if set, else a Chromium-family browser on PATH, else Debian's /usr/bin/chromium."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def _server():
    import kaleido  # imported on first export: it registers a plotly encoder and checks versions

    return kaleido, kaleido._global_server  # noqa: SLF001 (kaleido has no public health check)


def _ensure_server() -> None:
    """Start kaleido's sync server on first use (caller holds the export lock)."""
    kaleido, server = _server()
    if _BROKEN:
        raise ExportUnavailable(_BROKEN[0])
    if server.is_running() and _alive(server):
        return
    if server.is_running():  # started earlier but its thread died: reset before restarting
        server.close(silence_warnings=True)
    path = find_browser()
    if path is None:
        raise ExportUnavailable("Image export needs Chromium, which is not installed here "
                                "(apt-get install chromium, or set BROWSER_PATH); the data download still works.")
    # Root in a container: choreographer already passes --no-sandbox unless enable_sandbox=True.
    # mathjax=False: the default would fetch MathJax from a CDN, and there may be no internet.
    kaleido.start_sync_server(path=path, timeout=settings.get("export_timeout_s"), mathjax=False, silence_warnings=True)


def _alive(server) -> bool:
    thread = getattr(server, "_thread", None)  # noqa: SLF001 (gone once the server is closed)
    return thread is not None and thread.is_alive()


def _render(fig_dict: dict, width: int, height: int, fmt: str) -> bytes:
    """Render under the export lock, watching the server so a dead Chromium is an error, not a hang."""
    from choreographer.errors import BrowserClosedError, BrowserFailedError, ChannelClosedError
    from kaleido.errors import KaleidoError

    kaleido, server = _server()
    _ensure_server()
    out: dict = {}

    def work():
        try:
            out["bytes"] = kaleido.calc_fig_sync(fig_dict, opts=dict(format=fmt, width=width, height=height, scale=1))
        except BaseException as e:  # noqa: BLE001 handed to the waiting thread, which sorts it out
            out["error"] = e

    worker = threading.Thread(target=work, name="sidefx-export", daemon=True)
    worker.start()
    deadline = time.monotonic() + settings.get("export_timeout_s") + 30
    while worker.is_alive():
        worker.join(0.05)
        if worker.is_alive() and not _alive(server):
            # The worker is stuck on the dead server's queue for good; it is a daemon and leaks.
            server.close(silence_warnings=True)
            raise ExportUnavailable(f"Chromium ({find_browser()}) stopped or would not start, so the image could not be made; "
                                    "the data download still works.")
        if time.monotonic() > deadline:
            # kaleido's own timeout did not fire, so the server is stuck mid-task. Its queue would
            # hand this answer to the next caller, so no export may use it again in this process.
            _BROKEN.append("Image export stopped responding; restart the dashboard to export images again "
                           "(the data download still works).")
            raise ExportUnavailable(_BROKEN[0])
    err = out.get("error")
    if err is None:
        return out["bytes"]
    if isinstance(err, (BrowserClosedError, BrowserFailedError, ChannelClosedError)):
        server.close(silence_warnings=True)
        raise ExportUnavailable(f"Chromium stopped while rendering ({type(err).__name__}); try again.") from err
    if isinstance(err, (KaleidoError, TimeoutError)):
        raise ExportError(f"The figure could not be rendered ({type(err).__name__}: {str(err)[:200]}).") from err
    raise err


def _png_dpi(png: bytes, dpi: int) -> bytes:
    """Add a pHYs chunk after IHDR so Word, LaTeX and InDesign place the PNG at its print size."""
    ppm = round(dpi / 0.0254)
    data = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + data + struct.pack(">I", zlib.crc32(data) & 0xFFFFFFFF)
    ihdr_end = 8 + 4 + 4 + 13 + 4
    return png[:ihdr_end] + chunk + png[ihdr_end:]


def _cache_get(key):
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    return None


def _cache_put(key, value: bytes) -> None:
    with _CACHE_LOCK:
        _CACHE[key] = value
        _CACHE.move_to_end(key)
        while len(_CACHE) > CACHE_MAX_ITEMS or (sum(map(len, _CACHE.values())) > CACHE_MAX_BYTES and len(_CACHE) > 1):
            _CACHE.popitem(last=False)


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()


def _default_version(data_version: str | None) -> str:
    if data_version is not None:
        return data_version
    from sidefx import reports  # needs the data and Streamlit's cache: only when not given

    return reports.data_version()


def _figure_key(panel) -> str:
    h = hashlib.sha256(panel.figure.to_json().encode())
    h.update(json.dumps([panel.text.title, panel.text.subtitle, panel.text.source, panel.text.note]).encode())
    return h.hexdigest()


def export_figure(panel, preset: str = "slide-16x9", fmt: str = "png", dark: bool = False, link: str = "",
                  data_version: str | None = None) -> bytes:
    """The panel as PNG, SVG or PDF bytes at a preset size, words baked in. Cached (LRU).

    Raises ExportUnavailable when Chromium is missing or will not start, ExportError when a
    render fails; both carry a one-line message fit to show on the page.
    """
    _check_format(fmt)
    p = get_preset(preset)
    version = _default_version(data_version)
    key = (_figure_key(panel), p.name, fmt, dark, link, version)
    hit = _cache_get(key)
    if hit is not None:
        return hit
    fig = build_figure(panel, p.name, dark=dark, link=link, data_version=version)
    with _EXPORT_LOCK:
        hit = _cache_get(key)  # another thread may have made it while we waited
        if hit is not None:
            return hit
        data = _render(fig.to_dict(), p.width, p.height, fmt)
    if fmt == "png" and p.dpi:
        data = _png_dpi(data, p.dpi)
    _cache_put(key, data)
    return data


# ---- data ---------------------------------------------------------------------------------
def _plotted(panel):
    cols = [c for c in panel.columns if c in panel.table.columns] if panel.columns else list(panel.table.columns)
    return panel.table[cols]


def data_csv(panel) -> bytes:
    """Exactly the plotted numbers (the table's own column names, as in the .sql header), UTF-8."""
    return _plotted(panel).to_csv(index=False, lineterminator="\n").encode("utf-8")


def _sql_text(name: str) -> str | None:
    path = settings.queries_dir() / f"{name}.sql"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def readme(panel, link: str = "", data_version: str | None = None) -> str:
    """What the files are, where the numbers come from, and how to get them again."""
    version = _default_version(data_version)
    t = panel.text
    synthetic = "synthetic" in (t.source or "").lower()
    cols = _plotted(panel).columns
    out = [
        t.title, "=" * len(t.title), "",
        t.subtitle, "",
        f"Filters: {panel.filters.describe()}",
        f"Filter parameters: {json.dumps(panel.filters.to_params())}",
        f"Query: {panel.query}.sql (in queries/ of the dashboard; included here under sql/)",
        f"Data version: {version}",
    ]
    if link:
        out.append(f"Reproduce this view: {link}")
    out += ["", "Columns:"] + [f"  {c}: {panel.columns.get(c, c)}" for c in cols]
    out += ["", "Reading notes:", f"  {t.note}" if t.note else "  (none)", "", "Source:", f"  {t.source}"]
    if panel.citations:
        out += ["", "Citations:"] + [f"  - {c}" for c in panel.citations]
    out += ["", "Caveats:"]
    if synthetic:
        out.append("  - SYNTHETIC DATA: these numbers come from a demo survey generated by this project and calibrated to "
                   "published figures. They are not real respondents; do not cite them as findings.")
    if "Wilson" in (t.note or ""):
        out.append("  - Percentages have 95% Wilson confidence intervals (ci_low, ci_high); small groups are unreliable.")
    if panel.query == "published_estimates":
        out.append("  - Published estimates differ in definitions, populations and designs; intervals are those the papers report "
                   "(Cipriani 2018's are credible intervals).")
    else:
        out.append("  - Self-reported survey answers: who answers such surveys is not a random sample of users.")
    return "\n".join(out) + "\n"


def _zip(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip with fixed timestamps, so the same inputs give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def _sql_files(query: str) -> list[tuple[str, bytes]]:
    files = []
    for name in (query, "_views"):
        text = _sql_text(name)
        if text is not None:
            files.append((f"sql/{name}.sql", text.encode("utf-8")))
    return files


def data_zip(panel, link: str = "", data_version: str | None = None) -> bytes:
    """The data behind the figure: CSV, README.txt, and the SQL that produced it."""
    version = _default_version(data_version)
    return _zip([(f"{stem(panel)}.csv", data_csv(panel)), ("README.txt", readme(panel, link, version).encode("utf-8"))]
                + _sql_files(panel.query))


def page_zip(panels, preset: str = "slide-16x9", fmt: str = "png", dark: bool = False, link: str = "",
             data_version: str | None = None) -> bytes:
    """Every panel of a page: its figure in one preset and format, its CSV, a README and the SQL.

    A panel that does not fit the preset legibly is left out of the images (not the data), and
    the README says so.
    """
    version = _default_version(data_version)
    files, seen, notes = [], set(), []
    for panel in panels:
        name, n = filename(panel, preset, fmt), 2
        base = name.rsplit(".", 1)[0]
        while name in seen:  # two panels with the same slug and filters
            name, n = f"{base}-{n}.{fmt}", n + 1
        seen.add(name)
        csv_name = name.rsplit(".", 1)[0] + ".csv"
        try:
            files.append((name, export_figure(panel, preset, fmt, dark, link, version)))
            head = f"{name} and {csv_name}"
        except ExportError as e:  # one chart that cannot be drawn must not cost the others (or its data)
            head = f"{csv_name} (no image: {e})"
        files.append((csv_name, data_csv(panel)))
        notes.append(f"{head}\n\n" + readme(panel, link, version))
    sql = {f for p in panels for f in _sql_files(p.query)}
    return _zip(files + [("README.txt", ("\n\n" + "-" * 72 + "\n\n").join(notes).encode("utf-8"))] + sorted(sql))


_FIT_CACHE: OrderedDict = OrderedDict()
_FIT_CACHE_LOCK = threading.Lock()
FIT_CACHE_ITEMS = 512


def fit_problem(panel, preset: str, dark: bool = False) -> str | None:
    """Why the panel cannot be exported legibly at this preset (one line), or None.

    Builds the export figure without rendering it (about 0.1 s) and remembers the answer per
    figure, so pages can ask on every rerun.
    """
    key = (_figure_key(panel), preset, dark)
    with _FIT_CACHE_LOCK:  # shared by every browser session's thread
        if key in _FIT_CACHE:
            _FIT_CACHE.move_to_end(key)
            return _FIT_CACHE[key]
    try:
        build_figure(panel, preset, dark=dark, data_version="x")
        answer = None
    except DoesNotFit as exc:
        answer = str(exc)
    with _FIT_CACHE_LOCK:
        _FIT_CACHE[key] = answer
        while len(_FIT_CACHE) > FIT_CACHE_ITEMS:
            _FIT_CACHE.popitem(last=False)
    return answer
