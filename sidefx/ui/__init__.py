"""The interface: the only library package that draws Streamlit elements. A module map:

keys     the names kept in a session's state: widget keys, what one run leaves for the next
text     words shown as they are: quoted values, the duration caption, the small-sample sentence
session  which dataset the session reads: the choices, the sidebar's switch, the upload session, the link's name
state    every run's start: the view from the link and the widgets, the URL rewritten, the sidebar drawn (Run)
sidebar  the shared filters, the figure settings and the link to this view
share    the Share button (share.js, share.css): the phone's share sheet, else the link copied
page     a page's frame and own widgets: begin/end, choices, tabs, empty state, banners
panel    drawing a panel: chart, numbers switch, how it was computed, downloads; the page's zip

The page scripts (views/) and dashboard.py call the names below: ``from sidefx import ui; ui.panel(...)``.
"""

from sidefx.ui.page import (
    begin_page,
    compare_drugs_notice,
    empty_state,
    end_page,
    page_choice,
    page_multichoice,
    page_tabs,
    synthetic_banner,
    tab_panels,
)
from sidefx.ui.panel import computed_note, page_downloads, panel
from sidefx.ui.session import chosen_dataset, dataset_notice, dataset_switch, upload_session, use_upload
from sidefx.ui.state import current_filters, start
from sidefx.ui.text import duration_caption, literal, small_sample_note

__all__ = [
    "begin_page",
    "chosen_dataset",
    "compare_drugs_notice",
    "computed_note",
    "current_filters",
    "dataset_notice",
    "dataset_switch",
    "duration_caption",
    "empty_state",
    "end_page",
    "literal",
    "page_choice",
    "page_downloads",
    "page_multichoice",
    "page_tabs",
    "panel",
    "small_sample_note",
    "start",
    "synthetic_banner",
    "tab_panels",
    "upload_session",
    "use_upload",
]
