"""The view: everything a link reproduces, in one frozen object, parsed from the URL by one function.

A view is the shared filters, the page's own choices (the prevalence page's view, sort and
side effects; the Withdrawal page's chart tab; the studies page's outcome and rows), which
charts show their numbers, and the figure-download settings. ``parse`` reads it from URL
parameters, dropping every value that is not valid with a ``Notice`` (never an error);
``View.to_query_params`` writes it back with every parameter spelled out, defaults included,
so a link reproduces the view exactly. Nothing here needs Streamlit: ui.py draws the widgets
from a view and reads the view back from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sidefx.export.presets import FORMATS as EXPORT_FORMATS
from sidefx.export.presets import PRESETS
from sidefx.filters import ALL, Filters, Options, snap_months

VIEWS = {"bars": "Bars", "heatmap": "Heatmap", "duration": "By duration of use"}
SORTS = {"prevalence": "By prevalence", "domain": "By domain"}
ROWS = {"all": "Studies and this dashboard's survey", "published": "Published studies only"}
TABS = {
    "by-drug": "By drug",
    "by-duration": "By duration of use",
    "severity": "Severity",
    "lasted": "How long it lasted",
    "half-life": "Half-life",
    "tapering": "Tapered vs abrupt",
}
FAERS_ROLES = {
    "suspect": "Suspect drugs (primary or secondary)",
    "any": "Any mention (concomitant and interacting too)",
}
SIZES = tuple(PRESETS)  # figure-download sizes and formats, as the export defines them
FORMATS = EXPORT_FORMATS
SWITCH = {"on": True, "off": False}
NONE = "none"

# Each page's own choices, and the charts whose "Show the numbers" toggle the link keeps (by a name
# that stays put when the filters change a chart's title or file name).
PAGE_CHOICES: dict[str, tuple[str, ...]] = {
    "home": (),
    "about": (),
    "prevalence": ("view", "sort", "effects"),
    "withdrawal": ("tab",),
    "studies": ("topic", "rows"),
    "faers": ("event", "roles"),
}
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "prevalence": ("chart",),
    "withdrawal": ("by-drug", "by-duration", "severity", "lasted", "half-life", "tapering", "tapering-severity"),
    "studies": ("forest",),
    "faers": ("ror", "time", "quarters", "effects", "half-life"),
}

# Phones get square figures by default: a 16:9 slide is hard to read on a phone's screen, and a
# square one fits a post. "Mobi" is the token every mainstream phone browser puts in its
# User-Agent (and tablets leave out), so it is the signal a server can read before any page draws.
PHONE_SIZE, DESKTOP_SIZE = "square", "slide-16x9"


def default_size(user_agent: str | None) -> str:
    return PHONE_SIZE if user_agent and "Mobi" in user_agent else DESKTOP_SIZE


@dataclass(frozen=True)
class Vocab:
    """The values a link may hold that come from the data."""

    filters: Options
    effects: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    faers_terms: tuple[str, ...] = ()  # preferred terms (lower case) the FAERS page may show besides the effects


@dataclass(frozen=True)
class Notice:
    """A value dropped from a link: which part of the view it was for, and what to tell the reader."""

    part: str  # 'filters', 'figure', 'numbers' or a page choice's name
    message: str


@dataclass(frozen=True)
class View:
    filters: Filters = field(default_factory=Filters)
    # the page's own choices (each page uses some of them; see PAGE_CHOICES)
    view: str = "bars"
    sort: str = "prevalence"
    effects: tuple[str, ...] = ()  # () is every side effect
    topic: str = "withdrawal_incidence"
    rows: str = "all"
    tab: str = "by-drug"
    event: str = "withdrawal_effects"  # the FAERS page's side effect
    roles: str = "suspect"
    numbers: tuple[str, ...] = ()  # the charts (PAGE_CHARTS names) whose numbers are shown
    # the figure downloads
    size: str = DESKTOP_SIZE
    format: str = "png"
    dark: bool = False

    def to_query_params(self, page: str) -> dict[str, str]:
        """Every parameter of this page's view, defaults included."""
        params = self.filters.to_query_params()
        for name in PAGE_CHOICES.get(page, ()):
            value = getattr(self, name)
            params[name] = (",".join(value) or ALL) if isinstance(value, tuple) else value
        if page in PAGE_CHARTS:
            params["numbers"] = ",".join(self.numbers) or NONE
        params |= {"size": self.size, "format": self.format, "dark": "on" if self.dark else "off"}
        return params


@dataclass(frozen=True)
class _EventChoices:
    """The FAERS page's side effects: the catalogue's, then any preferred term in the reports (thousands:
    a notice names the catalogue's only)."""

    effects: tuple[str, ...]
    terms: frozenset[str]

    def __contains__(self, value: str) -> bool:
        return value in self.effects or value in self.terms

    def __iter__(self):
        return iter(self.effects)


def _short(text: str, n: int = 30) -> str:
    return text.strip()[:n]


def parse(
    params: Mapping[str, str], page: str, vocab: Vocab, default_size: str = DESKTOP_SIZE
) -> tuple[View, tuple[Notice, ...]]:
    """The view a link holds, and a notice for every value that was dropped.

    Only the page's own choices are read; parameters other pages use are ignored.
    """
    notices: list[Notice] = []

    def drop(part: str, message: str) -> None:
        notices.append(Notice(part, message))

    filters, messages = Filters.from_query_params(dict(params), vocab.filters)
    for message in messages:
        drop("filters", message)
    lo, hi = snap_months(filters.min_months, up=False), snap_months(filters.max_months, up=True)
    if (lo, hi) != (filters.min_months, filters.max_months):
        drop(
            "filters",
            f"The link's duration range {filters.min_months}-{filters.max_months} months was widened to the nearest "
            f"slider steps, {lo}-{hi} months.",
        )
        filters = replace(filters, min_months=lo, max_months=hi)

    def one(name: str, allowed, default: str, part: str | None = None) -> str:
        raw = params.get(name)
        if raw is None:
            return default
        if raw not in allowed:
            drop(part or name, f"Ignored {name} '{_short(raw)}' from the link: choose one of {', '.join(allowed)}.")
            return default
        return raw

    def many(name: str, allowed, empty: str, part: str | None = None) -> tuple[str, ...]:
        raw = params.get(name)
        if raw is None or raw.strip() in ("", empty):
            return ()
        kept = []
        for item in raw.split(","):
            item = item.strip()
            if item not in allowed:
                drop(
                    part or name,
                    f"Ignored {name} '{_short(item)}' from the link: "
                    + (f"choose from {', '.join(allowed)}." if len(allowed) <= 8 else "it is not one of the choices."),
                )
            elif item not in kept:
                kept.append(item)
        return tuple(kept)

    view = View(filters=filters, size=default_size)
    choices = PAGE_CHOICES.get(page, ())
    allowed = {
        "view": VIEWS,
        "sort": SORTS,
        "rows": ROWS,
        "tab": TABS,
        "topic": vocab.topics,
        "event": _EventChoices(vocab.effects, frozenset(vocab.faers_terms)),
        "roles": FAERS_ROLES,
    }
    for name in choices:
        if name == "effects":
            view = replace(view, effects=many("effects", vocab.effects, ALL))
            continue
        default = getattr(view, name)
        if name == "topic" and default not in vocab.topics and vocab.topics:
            default = vocab.topics[0]
        view = replace(view, **{name: one(name, allowed[name], default)})
    if page in PAGE_CHARTS:
        view = replace(view, numbers=many("numbers", PAGE_CHARTS[page], NONE))
    # The figure settings are one part: their widgets are drawn together, on every page.
    view = replace(
        view,
        size=one("size", SIZES, default_size, "figure"),
        format=one("format", FORMATS, "png", "figure"),
        dark=SWITCH[one("dark", tuple(SWITCH), "off", "figure")],
    )
    return view, tuple(notices)
