"""The view: everything a link reproduces, in one frozen object, parsed from the URL by one function.

A view is the shared filters, the page's own choices (the prevalence page's view, sort and
side effects; the Withdrawal page's chart tab; the studies page's outcome and rows), which
charts show their numbers, and the figure-download settings. ``parse`` reads it from URL
parameters, dropping every value that is not valid with a ``Notice`` (never an error);
``View.to_query_params`` writes it back with every parameter spelled out, defaults included,
so a link reproduces the view exactly. Which choices and charts a page has is declared once, in
pages.py. Nothing here needs Streamlit: sidefx/ui/ draws the widgets from a view and reads the
view back from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, make_dataclass, replace

from sidefx import pages
from sidefx.export.presets import FORMATS as EXPORT_FORMATS
from sidefx.export.presets import PRESETS
from sidefx.filters import ALL, Filters, Options, snap_months

SIZES = tuple(PRESETS)  # figure-download sizes and formats, as the export defines them
FORMATS = EXPORT_FORMATS
SWITCH = {"on": True, "off": False}
NONE = "none"

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

    @property
    def events(self) -> _EventChoices:
        return _EventChoices(self.effects, frozenset(self.faers_terms))

    def allowed(self, options):
        """A choice's allowed values: its own options, or the data's (``options`` names a field, as pages.py does)."""
        return options if isinstance(options, Mapping) else getattr(self, options)


@dataclass(frozen=True)
class Notice:
    """A value dropped from a link: which part of the view it was for, and what to tell the reader."""

    part: str  # 'filters', 'figure', 'numbers' or a page choice's name
    message: str


def _to_query_params(self, page: str) -> dict[str, str]:
    """Every parameter of this page's view, defaults included."""
    entry = pages.named(page)
    params = self.filters.to_query_params()
    for choice in entry.choices:
        value = getattr(self, choice.name)
        params[choice.name] = (",".join(value) or ALL) if choice.many else value
    if entry.charts:
        params["numbers"] = ",".join(self.numbers) or NONE
    params |= {"size": self.size, "format": self.format, "dark": "on" if self.dark else "off"}
    return params


def _choice_fields() -> list[tuple[str, type, object]]:
    """One field per choice name the pages declare, with its default (pages sharing a name share its default)."""
    defaults: dict[str, str | tuple[str, ...]] = {}
    for page in pages.PAGES:
        for choice in page.choices:
            defaults.setdefault(choice.name, choice.default)
    return [(name, type(default), field(default=default)) for name, default in defaults.items()]


# The view's fields: the filters, each page's own choices (one field per choice declared in pages.py: a
# new page's choices need nothing here), the charts (Page.charts names) whose numbers are shown, and the
# figure downloads' settings. Frozen: a changed view is a new one (dataclasses.replace).
View = make_dataclass(
    "View",
    [
        ("filters", Filters, field(default_factory=Filters)),
        *_choice_fields(),
        ("numbers", tuple, field(default=())),
        ("size", str, field(default=DESKTOP_SIZE)),
        ("format", str, field(default="png")),
        ("dark", bool, field(default=False)),
    ],
    frozen=True,
    namespace={"to_query_params": _to_query_params, "__module__": __name__},
)


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


class _Link:
    """A link's parameters, read value by value; each value dropped leaves a notice."""

    def __init__(self, params: Mapping[str, str]):
        self.params, self.notices = params, []

    def drop(self, part: str, message: str) -> None:
        self.notices.append(Notice(part, message))

    def one(self, name: str, allowed, default: str, part: str | None = None) -> str:
        raw = self.params.get(name)
        if raw is None:
            return default
        if raw not in allowed:
            self.drop(
                part or name, f"Ignored {name} '{_short(raw)}' from the link: choose one of {', '.join(allowed)}."
            )
            return default
        return raw

    def many(self, name: str, allowed, empty: str, part: str | None = None) -> tuple[str, ...]:
        raw = self.params.get(name)
        if raw is None or raw.strip() in ("", empty):
            return ()
        kept = []
        for item in raw.split(","):
            item = item.strip()
            if item not in allowed:
                self.drop(
                    part or name,
                    f"Ignored {name} '{_short(item)}' from the link: "
                    + (f"choose from {', '.join(allowed)}." if len(allowed) <= 8 else "it is not one of the choices."),
                )
            elif item not in kept:
                kept.append(item)
        return tuple(kept)

    def filters(self, vocab: Vocab) -> Filters:
        filters, messages = Filters.from_query_params(dict(self.params), vocab.filters)
        for message in messages:
            self.drop("filters", message)
        lo, hi = snap_months(filters.min_months, up=False), snap_months(filters.max_months, up=True)
        if (lo, hi) != (filters.min_months, filters.max_months):
            self.drop(
                "filters",
                f"The link's duration range {filters.min_months}-{filters.max_months} months was widened to the "
                f"nearest slider steps, {lo}-{hi} months.",
            )
            filters = replace(filters, min_months=lo, max_months=hi)
        return filters

    def choice(self, choice: pages.Choice, vocab: Vocab) -> str | tuple[str, ...]:
        allowed = vocab.allowed(choice.options)
        if choice.many:
            return self.many(choice.name, allowed, ALL)
        default = choice.default
        if isinstance(allowed, tuple) and allowed and default not in allowed:
            default = allowed[0]  # a dataset's topics that lack the default: its first topic stands in
        return self.one(choice.name, allowed, default)


def parse(
    params: Mapping[str, str], page: str, vocab: Vocab, default_size: str = DESKTOP_SIZE
) -> tuple[View, tuple[Notice, ...]]:
    """The view a link holds, and a notice for every value that was dropped.

    Only the page's own choices (its entry in pages.py) are read; parameters other pages use are ignored.
    """
    link, entry = _Link(params), pages.named(page)
    view = View(
        filters=link.filters(vocab),
        size=default_size,
        **{choice.name: link.choice(choice, vocab) for choice in entry.choices},
    )
    if entry.charts:
        view = replace(view, numbers=link.many("numbers", entry.charts, NONE))
    # The figure settings are one part: their widgets are drawn together, on every page.
    view = replace(
        view,
        size=link.one("size", SIZES, default_size, "figure"),
        format=link.one("format", FORMATS, "png", "figure"),
        dark=SWITCH[link.one("dark", tuple(SWITCH), "off", "figure")],
    )
    return view, tuple(link.notices)
