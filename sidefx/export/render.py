"""Rendering: the only module that knows about Chromium and kaleido.

Rendering uses kaleido's sync server, which drives one headless Chromium (Debian's
``chromium``; nothing is ever downloaded). Known limits, and why the code is as it is:

- The sync server is not thread-safe: two exports at once can return each other's
  images without any error. Every export therefore takes one process-wide lock.
  Streamlit sessions are threads, so exports from different users queue up.
- If the server's thread dies (Chromium failed to start, or crashed) kaleido's
  ``calc_fig_sync`` waits for ever. We watch that thread and give up with ``ExportError``.
- kaleido fetches MathJax from a CDN unless told not to (``mathjax=False``).
- Starting Chromium takes seconds, so ``warm_up`` starts it in the background when a page
  first draws a chart: the first download of a session does not wait for it.
- kaleido's PDF is Chromium's print of the figure on a page of its pixels at 96 px/in with a
  0.1 in margin, the figure shrunk to fit inside it. ``_pdf_page`` crops the page to the figure
  and scales it to the preset's print size (``Preset.pt_per_px``): a journal column's page is
  252 pt (3.5 in) wide, a slide's 1440 pt (1920 px at 96 px/in).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import threading
import time
import zlib
from collections import OrderedDict

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject

from sidefx import settings
from sidefx.export.layout import build_figure
from sidefx.export.presets import ExportError, ExportUnavailable, check_format, get_preset

CACHE_MAX_BYTES = 64 * 2**20  # bound of the in-memory export cache (an LRU), in bytes
CACHE_MAX_ITEMS = 256
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
        raise ExportUnavailable(
            "Image export needs Chromium, which is not installed here "
            "(apt-get install chromium, or set BROWSER_PATH); the data download still works."
        )
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
            raise ExportUnavailable(
                f"Chromium ({find_browser()}) stopped or would not start, so the image could not be made; "
                "the data download still works."
            )
        if time.monotonic() > deadline:
            # kaleido's own timeout did not fire, so the server is stuck mid-task. Its queue would
            # hand this answer to the next caller, so no export may use it again in this process.
            _BROKEN.append(
                "Image export stopped responding; restart the dashboard to export images again "
                "(the data download still works)."
            )
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


def export_figure(panel, preset: str = "slide-16x9", fmt: str = "png", dark: bool = False) -> bytes:
    """The panel as PNG, SVG or PDF bytes at a preset size, its words baked in. Cached (LRU).

    Raises ExportUnavailable when Chromium is missing or will not start, ExportError when a
    render fails; both carry a one-line message fit to show on the page.
    """
    check_format(fmt)
    p = get_preset(preset)
    key = (panel.key, p.name, fmt, dark)
    hit = _cache_get(key)
    if hit is not None:
        return hit
    fig = build_figure(panel, p.name, dark=dark)
    with _EXPORT_LOCK:
        hit = _cache_get(key)  # another thread may have made it while we waited
        if hit is not None:
            return hit
        w, h = fig.layout.width, fig.layout.height  # a long chart may be taller than the preset
        data = _render(fig.to_dict(), w, h, fmt)
    if fmt == "png" and p.dpi:
        data = _png_dpi(data, p.dpi)
    if fmt == "svg" and p.dpi:
        data = _svg_inches(data, w / p.dpi, h / p.dpi)
    if fmt == "pdf":
        data = _pdf_page(data, panel.text.title, (w, h), (w * p.pt_per_px, h * p.pt_per_px))
    _cache_put(key, data)
    return data


def _svg_inches(svg: bytes, width_in: float, height_in: float) -> bytes:
    """A print size's SVG says its size in inches (its viewBox keeps the pixels it is drawn in)."""
    size = f'width="{round(width_in, 4):g}in" height="{round(height_in, 4):g}in"'.encode()
    return re.sub(rb'(<svg\b[^>]*?) width="[\d.]+" height="[\d.]+"', rb"\1 " + size, svg, count=1)


_CM = re.compile(rb"(-?[\d.]+) 0 0 (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) cm")


def _figure_box(content: bytes, px: tuple[int, int]) -> tuple[float, float, float, float] | None:
    """Where Chromium put the figure on its page (x0, y0, x1, y1 in pt): the page's own transform (its
    first operator) times the one the figure's background rectangle, ``0 0 W H re``, is drawn in."""
    outer, marked = _CM.match(content.lstrip()), content.find(b"/Figure")
    at = content.find(b"0 0 %d %d re" % px, marked) if marked >= 0 else -1
    inner = list(_CM.finditer(content, 0, max(at, 0)))
    if outer is None or at < 0 or len(inner) < 2:
        return None  # not the layout this expects: the whole page is taken as the figure
    oa, od, oe, of = map(float, outer.groups())
    ia, id_, ie, if_ = map(float, inner[-1].groups())
    x0, x1 = oe + oa * ie, oe + oa * (ia * px[0] + ie)
    y_top, y_bottom = of + od * if_, of + od * (id_ * px[1] + if_)
    return min(x0, x1), min(y_top, y_bottom), max(x0, x1), max(y_top, y_bottom)


def _pdf_page(pdf: bytes, title: str, px: tuple[int, int], size_pt: tuple[float, float]) -> bytes:
    """The page cropped to the figure and scaled to its print size, titled with the chart's title (Chromium
    writes the web page's own title there)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    page = writer.pages[0]
    box = _figure_box(page.get_contents().get_data(), px)
    x0, y0, x1, y1 = box or (0.0, 0.0, float(page.mediabox.width), float(page.mediabox.height))
    page.add_transformation(Transformation().translate(-x0, -y0).scale(size_pt[0] / (x1 - x0), size_pt[1] / (y1 - y0)))
    page.mediabox = page.cropbox = RectangleObject([0, 0, *size_pt])
    writer.add_metadata({"/Title": title, "/Creator": "Antidepressant side effects: evidence explorer"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def warm_up() -> None:
    """Start Chromium in the background (once per process), so the first export does not wait for it."""
    global _WARMING
    with _WARM_LOCK:
        if _WARMING is not None or find_browser() is None:
            return
        _WARMING = threading.Thread(target=_warm, name="sidefx-export-warm-up", daemon=True)
        _WARMING.start()


def _warm() -> None:
    try:
        with _EXPORT_LOCK:
            _ensure_server()
    except ExportError:
        pass  # the first real export says what is wrong


_WARM_LOCK = threading.Lock()
_WARMING: threading.Thread | None = None
