"""Export sizes and formats, the style each size draws with, and file names."""

from __future__ import annotations

from dataclasses import dataclass

from sidefx.charts import SCREEN_BODY_PX, Style


class ExportError(RuntimeError):
    """A figure could not be rendered; the message says why in one line."""


class ExportUnavailable(ExportError):
    """Static export cannot run here (no Chromium, or it will not start)."""


class DoesNotFit(ExportError):
    """The chart cannot be drawn legibly at the chosen size (too many rows, labels too long)."""


# Text sizes in px at scale 1, the 1920x1080 slide: no text under MIN_PX there.
TITLE_PX, SUBTITLE_PX, BODY_PX, FOOTER_PX, MIN_PX = 40, 26, 22, 20, 18
# A screen size's pixels are CSS pixels, 96 to the inch: its PDF page is 1920 px = 20 in = 1440 pt wide,
# and its SVG is sized in pixels. A print size (one with a dpi) is sized in inches: 1050 px at 300 dpi = 3.5 in.
SCREEN_DPI = 96


@dataclass(frozen=True)
class Preset:
    name: str
    tag: str  # file-name suffix
    width: int  # px
    height: int  # px
    scale: float  # multiplies every text size (and marker and line sizes)
    dpi: int | None = None  # written into the PNG so documents place it at its print size
    min_pt: float = 0.0  # the smallest text at the printed size, where the size is printed (a journal's 6 pt)
    help: str = ""
    label: str = ""  # the size's name in a sentence: 'a journal column'
    narrow: bool = False  # narrow enough that charts with a narrow layout use it
    max_height: int = 0  # a figure with many rows may grow to this height (0: the height is fixed)

    @property
    def pt_per_px(self) -> float:
        """Points (1/72 in) per pixel on the PDF page: 0.75 at 96 px/in, 0.24 at 300 dpi."""
        return 72 / (self.dpi or SCREEN_DPI)

    @property
    def min_px(self) -> float:
        """No text under this: MIN_PX scaled, and at a print size no less than its min_pt printed."""
        return max(MIN_PX * self.scale, self.min_pt / self.pt_per_px)

    def style(self, dark: bool = False, compact: bool = False) -> Style:
        """How charts are drawn at this size: text and marks scaled, light or dark."""
        s = self.scale
        body = BODY_PX * s
        row_px = max(self.min_px, body * 12 / SCREEN_BODY_PX)  # the row font is 12/14 of the body
        line_chars = int((self.width - 2 * 32 * s) / (0.6 * row_px))
        return Style(
            body=body,
            marks=1.5 * s,
            dark=dark,
            min_px=self.min_px,
            narrow=self.narrow,
            compact=compact,
            line_chars=line_chars,
            plot_px=(0.5 * self.width, 0.45 * self.height),  # a guess; the layout knows the real size later
        )


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset("slide-16x9", "16x9", 1920, 1080, 1.0, help="Slide 16:9 (1920x1080)", label="a 16:9 slide"),
        Preset("slide-4x3", "4x3", 1440, 1080, 1.0, help="Slide 4:3 (1440x1080)", label="a 4:3 slide"),
        Preset(
            "square",
            "square",
            1080,
            1080,
            1.0,
            help="Square (1080x1080), for social posts and phones",
            label="a square",
            narrow=True,
        ),
        # 3.5 in at 300 dpi. Printed, 1 pt = 300/72 = 4.17 px, so text must be *larger* in px
        # relative to the canvas than on a slide (18 px would print at 4.3 pt): at scale 1.25 body
        # text is 27.5 px = 6.6 pt, the footer 25 px = 6 pt, the title 50 px = 12 pt, and no text is
        # under 6 pt (min_pt: 25 px; journals ask for 6-7 pt at least). Its PDF page is 252 pt wide.
        # A journal column is 3.5 in wide and up to a page tall: a long forest plot grows to 9 in (2700 px).
        Preset(
            "journal",
            "journal",
            1050,
            1050,
            1.25,
            dpi=300,
            min_pt=6.0,
            help="Journal column (3.5 in at 300 dpi)",
            label="a journal column",
            narrow=True,
            max_height=2700,
        ),
        Preset("poster", "poster", 3840, 2160, 2.0, help="Poster / 4K (3840x2160)", label="a poster"),
    ]
}
FORMATS = ("png", "svg", "pdf")
WIDE_CHOICES = "Slide 16:9 or Poster"  # what a refusal suggests instead
WIDEST = ("slide-16x9", "poster")  # the same room in layout pixels: from these, no size gives more


def what_fits(preset: str) -> str:
    """What a figure too big for ``preset`` can do: a wider size, or, at the widest already, fewer things drawn."""
    return "choose fewer in the sidebar, or download the table (CSV)" if preset in WIDEST else f"choose {WIDE_CHOICES}"


def get_preset(name: str) -> Preset:
    if name not in PRESETS:
        raise ValueError(f"Unknown export preset '{name}': choose one of {', '.join(PRESETS)}.")
    return PRESETS[name]


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format '{fmt}': choose one of {', '.join(FORMATS)}.")


def stem(panel) -> str:
    """'withdrawal-by-duration_paroxetine': the panel's slug and its filters' slug."""
    return f"{panel.slug}_{panel.filters.slug()}"


def filename(panel, preset: str, fmt: str, dark: bool = False) -> str:
    """E.g. 'withdrawal-by-duration_paroxetine_16x9.png' ('..._16x9-dark.png' on a dark background).

    Never 'newplot.png'."""
    check_format(fmt)
    return f"{stem(panel)}_{get_preset(preset).tag}{'-dark' if dark else ''}.{fmt}"


def modebar_config(panel, preset: str = "slide-16x9") -> dict:
    """``config`` for st.plotly_chart: the camera button saves a preset-sized PNG with a real name.

    That PNG is the on-screen figure resized: the export buttons give the version laid out for the size.
    """
    p = get_preset(preset)
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename(panel, preset, "png")[:-4],
            "width": p.width,
            "height": p.height,
            "scale": 1,
        },
    }
