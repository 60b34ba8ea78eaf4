"""A chart's record as files for a talk, a paper or a poster. A module map:

presets   sizes (slide, square, journal, poster), formats, the style each size draws with, file names
text      measuring and wrapping text in DejaVu Sans, in pixels
layout    the export figure: the builder's marks at the size, the words baked in around them; refusals
fitting   the canvas's numbers, the axes' labels and the room they take, text fitted inside the plot
render    PNG/SVG/PDF through kaleido and Debian's Chromium (the only module that knows either); cache
bundles   the CSV of the plotted numbers, the README (queries, bound values, how to rerun them), the SQL, zips

An exported figure stands on its own: the synthetic-data badge (where the data is synthetic),
title, subtitle (the filters in words and n), the reading notes, the source line, the data
version and a link back to the view are baked into the image.
"""

from sidefx.export.bundles import computation, data_csv, data_zip, page_zip, query_sql, readme
from sidefx.export.layout import build_figure, fit_problem
from sidefx.export.presets import (
    BODY_PX,
    FORMATS,
    MIN_PX,
    PRESETS,
    SUBTITLE_PX,
    TITLE_PX,
    DoesNotFit,
    ExportError,
    ExportUnavailable,
    Preset,
    filename,
    get_preset,
    modebar_config,
    stem,
    what_fits,
)
from sidefx.export.render import clear_cache, export_figure, find_browser, warm_up
from sidefx.export.text import text_px, wrap

__all__ = [
    "BODY_PX",
    "FORMATS",
    "MIN_PX",
    "PRESETS",
    "SUBTITLE_PX",
    "TITLE_PX",
    "DoesNotFit",
    "ExportError",
    "ExportUnavailable",
    "Preset",
    "build_figure",
    "clear_cache",
    "computation",
    "data_csv",
    "data_zip",
    "export_figure",
    "filename",
    "find_browser",
    "fit_problem",
    "get_preset",
    "modebar_config",
    "page_zip",
    "query_sql",
    "readme",
    "stem",
    "text_px",
    "warm_up",
    "what_fits",
    "wrap",
]
