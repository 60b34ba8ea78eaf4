"""Measuring and wrapping text in DejaVu Sans (the font the figures ask for), in pixels.

Plotly lays out text only in the browser, so the export measures it here (Pillow's FreeType)
to size margins before rendering: nothing then gets pushed around by automargin.
"""

from __future__ import annotations

import functools
import html
import re
import threading

_FONT_FILES = {
    False: ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    True: ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
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


def text_px(text: str, size: float, bold: bool = False) -> float:
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


def lines(text: str) -> list[str]:
    return re.split(r"<br\s*/?>", text, flags=re.I) if text else []


def inline_size(line: str, size: float) -> float:
    m = re.search(r"font-size:\s*([\d.]+)(px|em)", line)
    if not m:
        return size
    return float(m.group(1)) * (size if m.group(2) == "em" else 1.0)


def label_px(text: str, size: float) -> tuple[float, int]:
    """Widest line and number of lines of a (possibly multi-line) label."""
    parts = lines(str(text)) or [""]
    return max(text_px(line, inline_size(line, size)) for line in parts), len(parts)


def box_h(n_lines: int, size: float) -> float:
    """Height plotly gives a block of text: ~1.16 em for the first line, 1.3 em for each more."""
    return size * (1.16 + 1.3 * (n_lines - 1)) if n_lines else 0.0


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def wrap(text: str, size: float, width_px: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of plain text to a pixel width (measured in bold if ``bold``). A word too long for a line
    (a link) is cut where it overflows, after a '&', '?', '/' or '=' if there is one in the second half."""
    width_px = max(width_px, 2 * size)  # a cramped chart can leave no room at all: never loop on that
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if text_px(trial, size, bold) <= width_px:
                line = trial
                continue
            if text_px(word, size, bold) <= width_px:
                out.append(line)
                line = word
                continue
            while (
                word and text_px(f"{line} {word}" if line else word, size, bold) > width_px
            ):  # fill the line, then cut
                head = f"{line} " if line else ""
                n = _fit(head, word, size, width_px, bold)
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


def _fit(head: str, word: str, size: float, width_px: float, bold: bool = False) -> int:
    """How many characters of ``word`` fit after ``head``; prefers to cut after a URL separator."""
    lo, hi = 0, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_px(head + word[:mid], size, bold) <= width_px:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0 and not head:
        return 1  # a single glyph wider than the line: never loop for ever
    seps = [i + 1 for i, ch in enumerate(word[:lo]) if ch in "&?/="]
    return seps[-1] if seps and seps[-1] > lo // 2 else lo


def shorten(label: str, size: float, max_w: float) -> str:
    """Cut each line of a tick label to a width, with an ellipsis; a <b>...</b> line stays bold."""
    out = []
    for line in lines(label):
        if text_px(line, inline_size(line, size)) <= max_w:
            out.append(line)
            continue
        m = re.fullmatch(r"(<(\w+)[^>]*>)(.*)(</\2>)", line)
        open_, inner, close = (m.group(1), m.group(3), m.group(4)) if m else ("", line, "")
        plain = html.unescape(_TAG.sub("", inner))
        while plain and text_px(open_ + esc(plain) + "…" + close, size) > max_w:
            plain = plain[:-1]
        out.append(open_ + esc(plain.rstrip()) + "…" + close)
    return "<br>".join(out)
