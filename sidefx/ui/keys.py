"""The names the interface keeps in a session's state: the widgets' keys and what one run leaves for the next."""

from __future__ import annotations

FILTERS = {
    "drugs": "f_drugs",
    "classes": "f_classes",
    "duration": "f_duration",
    "sexes": "f_sexes",
    "ages": "f_ages",
    "compare": "f_compare",
}
FIGURE = {"size": "dl_preset", "format": "dl_format", "dark": "dl_dark"}
RUN = "run"  # this run's page, view, notices and link: written by start() at the top of every run, read by the page
UNKNOWN_DRUGS = "unknown_typed_drugs"  # the sentence about names typed into the drug picker that are no drug

DATASET = "f_dataset"  # the sidebar's dataset switch
UPLOAD = "upload_choice"  # this session's imported upload (a datasets.Choice), set by the Import page
SWITCH_TO = "dataset_switch_to"  # the dataset the next run switches to (set after the switch was drawn)
DATASET_GONE = "dataset_gone"  # the sentence about a chosen dataset that is no longer on the server
DATASET_SAID = "dataset_said"  # that sentence on this run, for the page's top too (a phone hides the sidebar)

PANELS = "page_panels"  # the panels drawn on this run, for the page's zip
DEFERRED = "page_deferred_panels"  # builders of the panels in closed tabs, for the page's zip
PAGE_SLUG = "page_slug"


def choice(name: str) -> str:
    """A page choice's widget."""
    return f"p_{name}"


def numbers(page: str, chart: str) -> str:
    """A chart's "Show the numbers" switch."""
    return f"numbers_{page}_{chart}"


def is_page_choice(key: str) -> bool:
    """The widgets a new dataset resets: the filters, the page choices and the numbers switches."""
    return key in FILTERS.values() or key.startswith(("p_", "numbers_"))
