"""Every run starts here: the view from the link and the widgets, the URL rewritten, the sidebar drawn.

``start`` (called from dashboard.py) parses the link once into a frozen ``View`` (viewstate.parse);
each widget shows the view's value, the URL is rewritten with the whole view, defaults included,
and the link is built once. A widget that already has state in this session keeps it (the view is
read back from the widgets); a widget drawn for the first time takes its value from the link, and
a link value that is not valid is dropped with a notice at the top of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

import streamlit as st

from sidefx import pages, viewstate
from sidefx.faers import numbers as faers_numbers
from sidefx.filters import DURATION_STEPS, Filters, Options, months_label
from sidefx.serve import cache, datacheck
from sidefx.studies import evidence
from sidefx.ui import keys, session, sidebar
from sidefx.viewstate import View, Vocab


@dataclass(frozen=True)
class Run:
    page: str  # the page's name, e.g. 'prevalence'
    view: View
    notices: tuple[str, ...]  # link values dropped on this run
    link: str  # the address of this view


# On a phone the plotly toolbar (drawn over a chart's top right corner) would cover the words at the chart's top (the
# synthetic-data badge, the title); the download buttons under every chart do what its buttons do.
# Phones: the plotly toolbar would cover the chart's badge; each chart is drawn twice and the width picks one.
PHONE_CSS = """<style>
@media (max-width: 640px) { .modebar-container { display: none !important; } [class*="st-key-wide-"] { display: none; } }
@media (min-width: 641px) { [class*="st-key-narrow-"] { display: none; } }
</style>"""


def vocab(page: str) -> Vocab:
    """The values the data gives this page's link, each read from the source that has it, and only where one of the
    page's choices reads it (the FAERS terms are thousands; the studies' topics are not the FAERS page's).

    A source that cannot be read gives no values: a page that needs it has said why already, and one that does not
    (Study comparisons without the survey) goes on without."""
    entry = pages.named(page)
    asks = {c.options for c in entry.choices if isinstance(c.options, str)}
    terms = _or_none(lambda: tuple(faers_numbers.faers_terms().pt)) if "events" in asks else ()
    topics = tuple(evidence.topics().topic) if "topics" in asks else ()
    effects = _or_none(lambda: tuple(cache.effect_options(entry.filters).value)) if asks & {"effects", "events"} else ()
    return Vocab(_or_none(lambda: cache.options(entry.filters), Options(drugs=())), effects, topics, terms)


def _or_none(read, none=()):
    try:
        return read()
    except datacheck.DataProblem:
        return none


def start(page: str) -> None:
    """The top of every run: the view from the widgets and the link, the URL rewritten, the sidebar drawn."""
    vocab_ = vocab(page)
    linked, notices = viewstate.parse(st.query_params.to_dict(), page, vocab_, viewstate.default_size(_user_agent()))
    view, from_link = _current_view(page, linked)
    for choice in pages.named(page).choices:
        if choice.tabs and choice.name in from_link:
            # st.tabs takes its chosen tab from session state (a changing `default` would make it a new widget).
            st.session_state[keys.choice(choice.name)] = choice.options[getattr(view, choice.name)]
    params = {session.LINK_DATASET: session.link_value()} | view.to_query_params(page)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    run = Run(page, view, tuple(n.message for n in notices if n.part in from_link), view_link(params))
    st.session_state[keys.RUN] = run
    st.html(PHONE_CSS)
    sidebar.draw(run.view, run.link, vocab_.filters, pages.named(page).filters)


def current() -> Run:
    """This run's page, view, notices and link."""
    return st.session_state[keys.RUN]


def current_filters() -> Filters:
    return current().view.filters


def view_link(params: dict[str, str]) -> str:
    try:
        base = (st.context.url or "").split("?")[0]
    except (AttributeError, RuntimeError):
        base = ""
    return f"{base}?{urlencode(params)}"


def _user_agent() -> str:
    try:
        return st.context.headers.get("User-Agent", "")
    except (AttributeError, RuntimeError):
        return ""


def _current_view(page: str, linked: View) -> tuple[View, set[str]]:
    """The view as the widgets hold it; parts whose widgets have no state yet come from the link.

    Returns the view and the parts taken from the link (their dropped values are the ones to tell).
    """
    s = st.session_state
    from_link: set[str] = set()
    view = linked
    if all(k in s for k in keys.FILTERS.values()):
        view = replace(view, filters=_filters_from_widgets())
    else:
        from_link.add("filters")
    if all(k in s for k in keys.FIGURE.values()):
        view = replace(
            view, size=s[keys.FIGURE["size"]], format=s[keys.FIGURE["format"]], dark=bool(s[keys.FIGURE["dark"]])
        )
    else:
        from_link.add("figure")
    view = _choices_from_widgets(pages.named(page), view, from_link)
    return _numbers_from_widgets(pages.named(page), view, linked, from_link), from_link


def _filters_from_widgets() -> Filters:
    s, k = st.session_state, keys.FILTERS
    months = {months_label(m): m for m in DURATION_STEPS}
    lo, hi = (months[v] for v in s[k["duration"]])
    return Filters(
        drugs=tuple(s[k["drugs"]]),
        classes=tuple(s[k["classes"]]),
        min_months=lo,
        max_months=hi,
        sexes=tuple(s[k["sexes"]]),
        age_bands=tuple(s[k["ages"]]),
        compare_by=s[k["compare"]],
    )


def _choices_from_widgets(entry: pages.Page, view: View, from_link: set[str]) -> View:
    """The page's own choices as their widgets hold them (a tab's state is its label); the others from the link."""
    s = st.session_state
    for choice in entry.choices:
        key = keys.choice(choice.name)
        if key not in s:
            from_link.add(choice.name)
        elif choice.tabs:
            slugs = {label: slug for slug, label in choice.options.items()}
            view = replace(view, **{choice.name: slugs.get(s[key], getattr(view, choice.name))})
        else:
            view = replace(view, **{choice.name: tuple(s[key]) if choice.many else s[key]})
    return view


def _numbers_from_widgets(entry: pages.Page, view: View, linked: View, from_link: set[str]) -> View:
    """The charts whose numbers are shown: a chart with nothing to show draws no switch, and each switch without
    state keeps the link's value."""
    s = st.session_state
    shown = tuple(c for c in entry.charts if s.get(keys.numbers(entry.url_path, c), c in linked.numbers))
    if entry.charts and not any(keys.numbers(entry.url_path, c) in s for c in entry.charts):
        from_link.add("numbers")
    return replace(view, numbers=shown)
