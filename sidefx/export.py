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

import copy
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
def preset(name: str) -> Preset:
    if name not in PRESETS:
        raise ValueError(f"Unknown export preset '{name}': choose one of {', '.join(PRESETS)}.")
    return PRESETS[name]


def stem(panel) -> str:
    """'withdrawal-by-duration_paroxetine': the panel's slug and its filters' slug."""
    return f"{panel.slug}_{panel.filters.slug()}"


def filename(panel, preset_name: str, fmt: str) -> str:
    """E.g. 'withdrawal-by-duration_paroxetine_16x9.png'; never 'newplot.png'."""
    _check_format(fmt)
    return f"{stem(panel)}_{preset(preset_name).tag}.{fmt}"


def modebar_config(panel, preset_name: str = "slide-16x9") -> dict:
    """``config`` for st.plotly_chart: the camera button saves a preset-sized PNG with a real name.

    That PNG is the on-screen figure resized, without the baked-in footer: the export
    buttons give the full version.
    """
    p = preset(preset_name)
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": filename(panel, preset_name, "png")[:-4],
                                     "width": p.width, "height": p.height, "scale": 1}}


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format '{fmt}': choose one of {', '.join(FORMATS)}.")


# ---- text measurement -------------------------------------------------------------------
_FONT_FILES = {False: ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
               True: ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")}
_TAG = re.compile(r"<[^>]+>")


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
    """Greedy word wrap of plain text to a pixel width; very long words (links) are cut."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if _text_px(trial, size) <= width_px:
                line = trial
                continue
            if line:
                out.append(line)
            while _text_px(word, size) > width_px:  # a URL: break it where it overflows
                cut = max(1, int(len(word) * width_px / _text_px(word, size)) - 1)
                out.append(word[:cut])
                word = word[cut:]
            line = word
        if line:
            out.append(line)
    return out


# ---- building the export figure -----------------------------------------------------------
def _footer_lines(panel, version: str, link: str) -> list[str]:
    source = panel.text.source or ""
    tail = []
    if version and "data version" not in source.lower():
        tail.append(f"Data version {version}")
    if link:
        tail.append(f"View: {link}")
    return [t for t in (panel.text.note, source, " · ".join(tail)) if t]


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


def _axis_labels(spec: dict, axis: str) -> list[str]:
    """The tick labels an axis will show, as well as we can tell without rendering."""
    lay = spec["layout"].get(f"{axis}axis", {}) or {}
    if lay.get("visible") is False:
        return []
    if lay.get("ticktext") is not None:
        return [str(t) for t in lay["ticktext"]]
    cats = lay.get("categoryarray")
    if cats:
        return [str(c) for c in cats]
    values = []
    for t in spec["data"]:
        if t.get(f"{axis}axis", axis) != axis:
            continue
        vals = t.get(axis)
        if isinstance(vals, list):
            values += [v for v in vals if isinstance(v, str)]
        elif isinstance(vals, dict):  # plotly's typed-array encoding: numbers
            pass
    if values:
        return list(dict.fromkeys(values))
    suffix = lay.get("ticksuffix") or ""
    return ["100" + suffix, "0.01"] if lay.get("type") == "log" else ["100" + suffix]


def _legend_entries(spec: dict) -> list[str]:
    names = []
    for t in spec["data"]:
        default = t.get("type", "scatter") not in ("heatmap", "histogram2d", "contour", "pie")
        if t.get("showlegend", default) and t.get("name") and t.get("visible", True) is True:
            names.append(str(t["name"]))
    show = spec["layout"].get("showlegend")
    if show is False or (show is None and len(names) < 2):
        return []
    return names


def _is_category(spec: dict, axis: str) -> bool:
    lay = spec["layout"].get(f"{axis}axis", {}) or {}
    if lay.get("type") == "category" or lay.get("ticktext") is not None:
        return lay.get("type") == "category" or False
    return bool(_axis_labels(spec, axis)) and any(isinstance(v, str) for t in spec["data"] for v in (t.get(axis) or []) if isinstance(t.get(axis), list))


def build_figure(panel, preset_name: str = "slide-16x9", dark: bool = False, link: str = "", data_version: str = "") -> go.Figure:
    """The figure that gets exported: a new figure, sized, with the words baked in."""
    p = preset(preset_name)
    s, W, H = p.scale, p.width, p.height
    body, foot, min_px = BODY_PX * s, FOOTER_PX * s, MIN_PX * s
    k = body / SCREEN_BODY_PX  # chart-set text sizes were chosen for a 14 px body
    g = 1.5 * s  # markers and lines: the screen figure is ~1000-1200 px wide, a slide 1920
    edge = round(32 * s)
    text_w = W - 2 * edge
    ink, muted = (DARK_INK, DARK_MUTED) if dark else (charts.INK, charts.MUTED)

    spec = copy.deepcopy(panel.figure.to_dict())  # the panel's figure is never touched
    spec["layout"].pop("template", None)
    spec["layout"]["annotations"] = [a for a in spec["layout"].get("annotations", []) if a.get("name") != "footer"]
    spec = _walk_strings(spec, _string_fixer(k, body, min_px, dark))
    for trace in spec["data"]:
        _scale_sizes(trace, g, k, min_px)
    for shape in spec["layout"].get("shapes", []):
        if isinstance(shape.get("line"), dict) and shape["line"].get("width"):
            shape["line"]["width"] *= g
    for a in spec["layout"]["annotations"]:
        f = a.setdefault("font", {})
        f["size"] = max(min_px, round(f["size"] * k)) if f.get("size") else body

    # -- top: title, subtitle, legend -------------------------------------------------
    title_lines = wrap(panel.text.title, TITLE_PX * s, text_w)
    sub_lines = wrap(panel.text.subtitle, SUBTITLE_PX * s, text_w)
    # plotly puts the subtitle 1.25 subtitle-em below the title's box; a box is ~1.16 em + 1.3 em a line more.
    y = (edge + _box_h(len(title_lines), TITLE_PX * s) + 1.25 * SUBTITLE_PX * s
         + _box_h(len(sub_lines), SUBTITLE_PX * s) + 0.7 * body)
    legend = _legend_entries(spec)
    legend_top = y
    if legend:  # a horizontal legend under the subtitle, wrapped into rows like plotly does
        rows, row_w = 1, 0.0
        for name in legend:
            w = _label_px(name, body)[0] + 40 + 30 * s  # symbol and gap
            if row_w and row_w + w > text_w:
                rows, row_w = rows + 1, 0.0
            row_w += w
        y += rows * body * 1.45 + 0.6 * body
    xlay = spec["layout"].setdefault("xaxis", {})
    ylay = spec["layout"].setdefault("yaxis", {})
    x_visible = xlay.get("visible", True) is not False
    y_visible = ylay.get("visible", True) is not False
    x_top = x_visible and xlay.get("side") == "top"
    x_title, y_title = _title_text(xlay), _title_text(ylay)
    line = body * 1.3

    # -- left: y tick labels and title; right: text columns beside the plot, colour bar ----
    tick_l = max((_label_px(t, body)[0] for t in _axis_labels(spec, "y")), default=0) + 12 * s if y_visible else 0
    l = edge + tick_l + ((line + 12 * s) if y_title else 0)
    r = edge
    outside = [a for a in spec["layout"]["annotations"] if a.get("xref") == "paper" and (a.get("x") or 0) > 1]
    for a in outside:  # e.g. the forest plot's n and estimate columns, at x > 1 in plot units
        w = _label_px(str(a.get("text", "")), a["font"]["size"])[0]
        r = max(r, ((a["x"] - 1) * (W - l) + w + edge) / a["x"] + 8 * s)
    if any(t.get("type") == "heatmap" and t.get("showscale", True) is not False for t in spec["data"]):
        r = max(r, edge + 3.2 * body + _text_px("100%", body))  # the colour bar
    plot_w = W - l - r

    # -- x axis: tick labels (turned, or cut to their first line, if they would collide) and title
    x_block = 0.0
    if x_visible:
        labels = _axis_labels(spec, "x")
        widths = [_label_px(t, body) for t in labels] or [(0.0, 1)]
        max_w, n_lines = max(w for w, _ in widths), max(n for _, n in widths)
        angle = xlay.get("tickangle")
        if angle is None and _is_category(spec, "x"):
            slot = plot_w / max(1, len(labels))
            if n_lines > 1 and slot < n_lines * line * 1.05:  # even upright they would overlap: first line only
                xlay.update(tickmode="array", tickvals=labels, ticktext=[_lines(t)[0] for t in labels])
                max_w, n_lines = max(_label_px(_lines(t)[0], body)[0] for t in labels), 1
            if max_w <= slot * 0.92:
                angle = 0
            elif slot >= n_lines * line * 2.1:  # at 30 degrees each label needs 2 line-heights across
                angle = -30
            else:
                angle = -90
            xlay["tickangle"] = angle
        rad = math.radians(abs(angle or 0))
        x_block = max_w * math.sin(rad) + n_lines * line * math.cos(rad) + 12 * s
        if x_title:
            x_lines = wrap(x_title, body, plot_w)
            xlay["title"] = {**(xlay.get("title") or {}), "text": "<br>".join(x_lines)}
            x_block += len(x_lines) * line + 10 * s

    footer = [ln for part in _footer_lines(panel, data_version, link) for ln in wrap(part, foot, text_w)]
    footer_h = len(footer) * foot * 1.3
    t = y + (x_block if x_top else 0) + 0.3 * body
    b = edge + footer_h + 0.8 * body + (0 if x_top else x_block)
    if y_title:  # a y title longer than the plot is tall is wrapped; each extra line widens the left margin
        y_lines = wrap(y_title, body, 0.95 * (H - t - b))
        ylay["title"] = {**(ylay.get("title") or {}), "text": "<br>".join(y_lines)}
        l += (len(y_lines) - 1) * line

    # Heatmap cell text that would not fit at a legible size is dropped (the CSV has every number).
    n_rows = max((len(tr.get("y") or []) for tr in spec["data"] if tr.get("type") == "heatmap"), default=0)
    for tr in spec["data"]:
        if tr.get("type") == "heatmap" and tr.get("text") is not None and n_rows:
            cell_h = (H - t - b) / n_rows
            if cell_h < body * 1.25 * 2:
                tr["text"] = [[_lines(c)[0] if cell_h >= body * 1.25 else "" for c in row] for row in tr["text"]]

    fig = go.Figure(spec)
    fig.update_layout(
        template=_dark_template() if dark else charts.TEMPLATE,
        width=W, height=H, autosize=False,
        font=dict(family=charts.FONT, size=body, color=ink),
        margin=dict(l=round(l), r=round(r), t=round(t), b=round(b), pad=0, autoexpand=True),
        title=dict(text="<br>".join(map(_esc, title_lines)), x=edge / W, xref="container", xanchor="left",
                   y=1 - edge / H, yref="container", yanchor="top", pad=dict(t=0, b=0, l=0, r=0), automargin=False,
                   font=dict(size=TITLE_PX * s, color=ink),
                   subtitle=dict(text="<br>".join(map(_esc, sub_lines)), font=dict(size=SUBTITLE_PX * s, color=muted))),
        legend=dict(orientation="h", xref="container", x=edge / W, xanchor="left", yref="container", y=1 - legend_top / H,
                    yanchor="top", font=dict(size=body, color=ink), bgcolor="rgba(0,0,0,0)", title=dict(text="")),
        uniformtext=dict(minsize=min_px, mode="hide"),  # never shrink bar text below the floor: hide it
    )
    fig.update_xaxes(title_standoff=10 * s, automargin=True, ticklen=6 * s, title_font_size=body, tickfont_size=body)
    fig.update_yaxes(title_standoff=12 * s, automargin=True, title_font_size=body, tickfont_size=body)
    if footer:
        fig.add_annotation(
            text="<br>".join(map(_esc, footer)), name="export-footer", showarrow=False, align="left",
            xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
            xshift=-(round(l) - edge), yshift=-(round(b) - edge - footer_h),
            font=dict(size=foot, color=muted, family=charts.FONT),
        )
    for tr in fig.data:  # colour bars, hover boxes etc. follow the body size
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
    if server.is_running() and getattr(server, "_thread", None) is not None and server._thread.is_alive():
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
        if worker.is_alive() and not server._thread.is_alive():  # noqa: SLF001
            # The worker is stuck on the dead server's queue for good; it is a daemon and leaks.
            server.close(silence_warnings=True)
            raise ExportUnavailable(f"Chromium ({find_browser()}) stopped or would not start, so the image could not be made; "
                                    "the data download still works.")
        if time.monotonic() > deadline:
            raise ExportError(f"The image took longer than {settings.get('export_timeout_s')} s to render; try again or use the data download.")
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


def export_figure(panel, preset_name: str = "slide-16x9", fmt: str = "png", dark: bool = False, link: str = "",
                  data_version: str | None = None) -> bytes:
    """The panel as PNG, SVG or PDF bytes at a preset size, words baked in. Cached (LRU).

    Raises ExportUnavailable when Chromium is missing or will not start, ExportError when a
    render fails; both carry a one-line message fit to show on the page.
    """
    _check_format(fmt)
    p = preset(preset_name)
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
    out.append("  - Percentages have 95% Wilson confidence intervals (ci_low, ci_high); small groups are unreliable.")
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


def page_zip(panels, preset_name: str = "slide-16x9", fmt: str = "png", dark: bool = False, link: str = "",
             data_version: str | None = None) -> bytes:
    """Every panel of a page: its figure in one preset and format, its CSV, one README and the SQL."""
    version = _default_version(data_version)
    files, seen, notes = [], set(), []
    for panel in panels:
        name = filename(panel, preset_name, fmt)
        base, n = name.rsplit(".", 1)[0], 2
        while name in seen:  # two panels with the same slug and filters
            name, n = f"{base}-{n}.{fmt}", n + 1
        seen.add(name)
        csv_name = name.rsplit(".", 1)[0] + ".csv"
        files += [(name, export_figure(panel, preset_name, fmt, dark, link, version)), (csv_name, data_csv(panel))]
        notes.append(f"{name} / {csv_name}\n" + readme(panel, link, version))
    sql = {f for p in panels for f in _sql_files(p.query)}
    return _zip(files + [("README.txt", ("\n\n".join(notes)).encode("utf-8"))] + sorted(sql))
