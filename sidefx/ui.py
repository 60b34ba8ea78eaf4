"""The only library module that draws Streamlit elements.

Every run starts in ``start`` (called from dashboard.py): the link is parsed once into a
frozen ``View`` (viewstate.parse), each widget shows the view's value, the URL is rewritten
with the whole view, defaults included, and the link is built once. A widget that already has
state in this session keeps it (the view is read back from the widgets); a widget drawn for the
first time takes its value from the link, and a link value that is not valid is dropped with a
notice at the top of the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import streamlit as st
import streamlit.components.v2 as components

from sidefx import datasets, export, reports, viewstate, words
from sidefx.filters import COMPARE_BY, DURATION_STEPS, Filters, duration_words, months_label
from sidefx.importer import upload
from sidefx.panels import Panel
from sidefx.viewstate import PAGE_CHARTS, PAGE_CHOICES, TABS, View, Vocab

_KEYS = {
    "drugs": "f_drugs",
    "classes": "f_classes",
    "duration": "f_duration",
    "sexes": "f_sexes",
    "ages": "f_ages",
    "compare": "f_compare",
}
_FIGURE_KEYS = {"size": "dl_preset", "format": "dl_format", "dark": "dl_dark"}
_RUN = "run"  # this run's page, view, notices and link: written by start() at the top of every run, read by the page


@dataclass(frozen=True)
class Run:
    page: str  # the page's name, e.g. 'prevalence'
    view: View
    notices: tuple[str, ...]  # link values dropped on this run
    link: str  # the address of this view


def _choice_key(name: str) -> str:
    return f"p_{name}"


def _numbers_key(page: str, chart: str) -> str:
    return f"numbers_{page}_{chart}"


def vocab(page: str) -> Vocab:
    terms = tuple(reports.faers_terms().pt) if page == "faers" else ()
    return Vocab(reports.options(), tuple(reports.effect_options().value), tuple(reports.topics().topic), terms)


_DATASET = "f_dataset"  # the sidebar's dataset switch
_UPLOAD = "upload_choice"  # this session's imported upload (a datasets.Choice), set by the Import page
_SWITCH_TO = "dataset_switch_to"  # the dataset the next run switches to (set after the switch was drawn)
_DATASET_GONE = "dataset_gone"  # the sentence about a chosen dataset that is no longer on the server
_DATASET_SAID = "dataset_said"  # that sentence on this run, for the page's top too (a phone hides the sidebar)


def dataset_choices() -> dict[str, datasets.Choice]:
    """What this session may read: the default folder, the server's imported datasets, and its own upload."""
    found = [datasets.default_choice(), *datasets.on_server()]
    if upload := st.session_state.get(_UPLOAD):
        found.append(upload)
    return {c.key: c for c in found}


LINK_DATASET = "dataset"  # the link's parameter naming the dataset: 'default', a server folder's name, or 'upload'


def _link_value(key: str) -> str:
    return key.removeprefix(datasets.SERVER_PREFIX)


def _from_link() -> None:
    """A session's first run: the dataset the link names, if this server has it; else a sentence saying why not."""
    value = st.query_params.get(LINK_DATASET)
    if value is None or value == datasets.DEFAULT:
        return
    key = value if value == datasets.UPLOAD else datasets.SERVER_PREFIX + value
    if key in dataset_choices():
        st.session_state[_DATASET] = key
    elif key == datasets.UPLOAD:
        st.session_state[_DATASET_GONE] = (
            "The link was to a survey someone uploaded, which only the browser tab that uploaded it can see: "
            "showing the default data."
        )
    else:
        st.session_state[_DATASET_GONE] = (
            f"The link's dataset '{value[:40]}' is not on this server: showing the default data."
        )


def chosen_dataset() -> datasets.Choice | None:
    """The dataset this session chose in the sidebar, or the link named (None: the default folder). Called before
    anything is read."""
    if switch_to := st.session_state.pop(_SWITCH_TO, None):  # an import just made: before the switch is drawn
        st.session_state[_DATASET] = switch_to
        _forget_choices()
    if _DATASET not in st.session_state:
        _from_link()
    key = st.session_state.get(_DATASET, datasets.DEFAULT)
    if key == datasets.DEFAULT:
        return None
    choice = dataset_choices().get(key)
    if choice is None:  # removed from the server since it was chosen
        st.session_state[_DATASET] = datasets.DEFAULT
        st.session_state[_DATASET_GONE] = "The dataset you chose is no longer on this server: showing the default data."
        return None
    return choice


def use_upload(choice: datasets.Choice) -> None:
    """Offer this session's upload in the sidebar, and switch to it from the next run on (then call st.rerun)."""
    st.session_state[_UPLOAD] = choice
    st.session_state[_SWITCH_TO] = choice.key


def _forget_choices() -> None:
    """A new dataset has other drugs and effects: the filters and page choices start again from the link."""
    for key in list(st.session_state):
        if key in _KEYS.values() or str(key).startswith(("p_", "numbers_")):
            del st.session_state[key]


@st.cache_resource(scope="session", on_release=lambda s: s.close(), show_spinner=False)
def upload_session() -> upload.Session:
    """This browser session's upload folder: made on first use, removed (with its database) when the session ends."""
    return upload.Session.new()


def dataset_switch() -> None:
    """The sidebar's first widget: which dataset every page reads (drawn even when that dataset cannot be read)."""
    choices = dataset_choices()
    if st.session_state.get(_DATASET) not in choices:
        st.session_state[_DATASET] = datasets.DEFAULT
    with st.sidebar:
        st.selectbox(
            "Dataset",
            list(choices),
            key=_DATASET,
            format_func=lambda k: choices[k].label,
            on_change=_forget_choices,
            help="The demo, the surveys imported on this server, and the survey you uploaded on the Import page "
            "(yours is seen by this browser tab only).",
        )
        gone = st.session_state.pop(_DATASET_GONE, None)
        st.session_state[_DATASET_SAID] = gone
        if gone:
            st.warning(_literal(gone), icon=":material/folder_off:")


def _user_agent() -> str:
    try:
        return st.context.headers.get("User-Agent", "")
    except (AttributeError, RuntimeError):
        return ""


def _filters_from_widgets() -> Filters:
    s = st.session_state
    months = {months_label(m): m for m in DURATION_STEPS}
    lo, hi = (months[v] for v in s[_KEYS["duration"]])
    return Filters(
        drugs=tuple(s[_KEYS["drugs"]]),
        classes=tuple(s[_KEYS["classes"]]),
        min_months=lo,
        max_months=hi,
        sexes=tuple(s[_KEYS["sexes"]]),
        age_bands=tuple(s[_KEYS["ages"]]),
        compare_by=s[_KEYS["compare"]],
    )


def _current_view(page: str, linked: View) -> tuple[View, set[str]]:
    """The view as the widgets hold it; parts whose widgets have no state yet come from the link.

    Returns the view and the parts taken from the link (their dropped values are the ones to tell).
    """
    s = st.session_state
    from_link: set[str] = set()
    view = linked
    if all(k in s for k in _KEYS.values()):
        view = replace(view, filters=_filters_from_widgets())
    else:
        from_link.add("filters")
    if all(k in s for k in _FIGURE_KEYS.values()):
        view = replace(
            view, size=s[_FIGURE_KEYS["size"]], format=s[_FIGURE_KEYS["format"]], dark=bool(s[_FIGURE_KEYS["dark"]])
        )
    else:
        from_link.add("figure")
    for name in PAGE_CHOICES.get(page, ()):
        key = _choice_key(name)
        if key not in s:
            from_link.add(name)
        elif name == "tab":
            view = replace(view, tab={label: slug for slug, label in TABS.items()}.get(s[key], view.tab))
        else:
            view = replace(view, **{name: tuple(s[key]) if name == "effects" else s[key]})
    charts = PAGE_CHARTS.get(page, ())
    # A chart with nothing to show draws no toggle: each toggle without state keeps the link's value.
    view = replace(view, numbers=tuple(c for c in charts if s.get(_numbers_key(page, c), c in linked.numbers)))
    if charts and not any(_numbers_key(page, c) in s for c in charts):
        from_link.add("numbers")
    return view, from_link


def start(page: str) -> None:
    """The top of every run: the view from the widgets and the link, the URL rewritten, the sidebar drawn."""
    linked, notices = viewstate.parse(
        st.query_params.to_dict(), page, vocab(page), viewstate.default_size(_user_agent())
    )
    view, from_link = _current_view(page, linked)
    if "tab" in from_link:
        # st.tabs takes its chosen tab from session state (a changing `default` would make it a new widget).
        st.session_state[_choice_key("tab")] = TABS[view.tab]
    params = {LINK_DATASET: _link_value(st.session_state.get(_DATASET, datasets.DEFAULT))} | view.to_query_params(page)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    run = Run(page, view, tuple(n.message for n in notices if n.part in from_link), view_link(params))
    st.session_state[_RUN] = run
    st.html(PHONE_CSS)
    _sidebar(run)


def _run() -> Run:
    return st.session_state[_RUN]


# On a phone the plotly toolbar (drawn over a chart's top right corner) would cover the words at the chart's top (the
# synthetic-data badge, the title); the download buttons under every chart do what its buttons do.
# Phones: the plotly toolbar would cover the chart's badge; each chart is drawn twice and the width picks one.
PHONE_CSS = """<style>
@media (max-width: 640px) { .modebar-container { display: none !important; } [class*="st-key-wide-"] { display: none; } }
@media (min-width: 641px) { [class*="st-key-narrow-"] { display: none; } }
</style>"""


_UNKNOWN_DRUGS = "unknown_typed_drugs"  # the sentence about names typed into the drug picker that are no drug


def _resolve_typed_drugs() -> None:
    """A name typed into the drug picker becomes its INN (brands, salts, misspellings); an unknown one is said, not kept."""
    s, opts = st.session_state, reports.options()
    kept, unknown = [], []
    for name in s[_KEYS["drugs"]]:
        inn = name if name in opts.drugs else opts.resolve_drug(name)
        if inn:
            kept.append(inn)
        else:
            unknown.append(name)
    s[_KEYS["drugs"]] = list(dict.fromkeys(kept))
    if unknown:
        names = ", ".join(f"'{n[:40]}'" for n in unknown)
        s[_UNKNOWN_DRUGS] = f"No drug known as {names}: check the spelling, or pick from the list."


def _sidebar(run: Run) -> None:
    """The shared widgets, each showing the view's value (a widget with state keeps it: only its key identifies it)."""
    view, f = run.view, run.view.filters
    opts = reports.options()
    drugs = reports.drug_table().set_index("inn")

    def drug_label(inn):
        if inn not in drugs.index:  # a name typed in, before it is resolved
            return inn
        brands = drugs.brands.get(inn, "")
        n = int(drugs.respondents.get(inn, 0))
        label = f"{inn} ({brands})" if brands else inn
        return label if n else f"{label} (not in survey)"

    with st.sidebar:
        share_button(run.link)
        st.header("Filters")
        # The typed-name callback sets this one's state: then its state alone gives its value.
        typed_default = {} if _KEYS["drugs"] in st.session_state else {"default": list(f.drugs)}
        st.multiselect(
            "Drug",
            opts.drugs,
            **typed_default,
            key=_KEYS["drugs"],
            format_func=drug_label,
            placeholder="All drugs (type a name or brand)",
            help="Search by generic name or brand, e.g. Prozac; any brand, salt or common misspelling can be typed "
            "and Enter pressed (Seroxat, sertaline).",
            accept_new_options=True,
            on_change=_resolve_typed_drugs,
        )
        if typed := st.session_state.pop(_UNKNOWN_DRUGS, None):
            st.warning(typed, icon=":material/help:")
        st.multiselect(
            "Drug class", opts.classes, default=list(f.classes), key=_KEYS["classes"], placeholder="All classes"
        )
        # The options are labels because AppTest mis-serialises a formatted numeric range.
        st.select_slider(
            "Duration of use",
            options=[months_label(m) for m in DURATION_STEPS],
            key=_KEYS["duration"],
            value=(months_label(f.min_months), months_label(f.max_months)),
            help="How long respondents had taken the antidepressant. At the full range, respondents who did not say are included too.",
        )
        st.caption(duration_caption(f))
        st.multiselect("Sex", opts.sexes, default=list(f.sexes), key=_KEYS["sexes"], placeholder="All")
        st.multiselect("Age band", opts.age_bands, default=list(f.age_bands), key=_KEYS["ages"], placeholder="All ages")
        # "Compare these drugs" sets this one from a callback: then its state alone gives its value.
        initial = {} if _KEYS["compare"] in st.session_state else {"index": list(COMPARE_BY).index(f.compare_by)}
        st.selectbox("Compare by", list(COMPARE_BY), key=_KEYS["compare"], format_func=COMPARE_BY.get, **initial)
        st.divider()
        st.header("Figure downloads")
        st.selectbox(
            "Size",
            list(export.PRESETS),
            index=list(export.PRESETS).index(view.size),
            key=_FIGURE_KEYS["size"],
            format_func=lambda k: export.PRESETS[k].help or k,
            help="Slide sizes are 1920x1080 (16:9) and 1440x1080 (4:3); journal is 3.5 in wide at 300 dpi. "
            "On a phone, square is chosen until you choose another.",
        )
        st.radio(
            "Format",
            export.FORMATS,
            index=export.FORMATS.index(view.format),
            key=_FIGURE_KEYS["format"],
            horizontal=True,
            format_func=str.upper,
        )
        st.toggle("Dark background", value=view.dark, key=_FIGURE_KEYS["dark"], help="For dark slide decks.")
        st.divider()
        st.markdown("**Link to this view**")
        st.code(run.link, language=None, wrap_lines=True)
        st.caption(
            "The link reproduces these filters, the page's choices, which tables are open and the figure settings."
        )


# The Share button runs in the page itself (an st.components.v2 component, not an iframe: a components
# iframe is not allowed the Web Share API). navigator.share opens the phone's share sheet; where there
# is none (most desktop browsers) the link is copied to the clipboard instead, and the button says so.
_SHARE_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  const status = parentElement.querySelector("[data-share-status]");
  button.onclick = async () => {
    const url = new URL(data.link, window.location.href).href;
    if (navigator.share) {
      try { await navigator.share({ title: document.title, url }); status.textContent = ""; return; }
      catch (err) { if (err && err.name === "AbortError") return; }
    }
    try { await navigator.clipboard.writeText(url); status.textContent = "Link copied"; }
    catch (err) { status.textContent = "Copy the link under Link to this view"; }
  };
}
"""
_SHARE_HTML = (
    '<div class="share"><button type="button" data-testid="share-view">Share this view</button>'
    '<span data-share-status role="status" aria-live="polite"></span></div>'
)
_SHARE_CSS = """
.share { display: flex; align-items: center; gap: 0.75rem; font-family: var(--st-font, sans-serif); }
button { font: inherit; font-size: 1rem; min-height: 2.5rem; padding: 0.4rem 1rem; border-radius: 0.5rem; cursor: pointer;
         color: #111418; background: #fff; border: 1px solid rgba(49, 51, 63, 0.35); }
button:hover { border-color: #111418; }
button:focus-visible { outline: 3px solid var(--st-text-color, #111418); outline-offset: 2px; }
[data-share-status] { font-size: 0.9rem; color: var(--st-text-color, #111418); }
"""
_share = components.component("sidefx_share", html=_SHARE_HTML, css=_SHARE_CSS, js=_SHARE_JS)


def share_button(link: str) -> None:
    """A visible Share button: the share sheet where the browser has one, else copy the link."""
    _share(data={"link": link}, key="share")


STEPS = " · ".join(months_label(m) for m in DURATION_STEPS)


def duration_caption(f: Filters) -> str:
    """What the duration range includes, in words, and the slider's steps (visible before dragging)."""
    if f.full_duration:
        scope = "Any duration of use, including people who did not say"
    else:
        scope = duration_words(f.min_months, f.max_months).capitalize()
    return f"{scope}. Steps: {STEPS}."


def current_filters() -> Filters:
    return _run().view.filters


def compare_drugs_notice(filters: Filters) -> None:
    """Two or more drugs with no comparison are pooled into one set of bars: say so, and offer the comparison."""
    if len(filters.drugs) < 2 or filters.compare_by != "none":
        return
    with st.container(border=True, key="pooled-drugs"):
        st.markdown(
            f"**{words.plural(len(filters.drugs), 'drug')} pooled into one group.** With no comparison, charts that are not drawn by drug "
            f"pool {_and(filters.drugs)} together: they do not compare them, and a figure exported now shows one group."
        )
        st.button(
            "Compare these drugs",
            icon=":material/compare_arrows:",
            key="compare_drugs",
            on_click=_compare_by_drug,
            help="Sets Compare by to Drug in the sidebar.",
        )


def _and(items) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _compare_by_drug() -> None:
    st.session_state[_KEYS["compare"]] = "drug"


def page_multichoice(label: str, key: str, options: dict[str, str], placeholder: str) -> tuple[str, ...]:
    """A page's own multi-choice (kept in the link as a comma list, 'all' for none chosen)."""
    value = st.multiselect(
        label,
        list(options),
        default=list(getattr(_run().view, key)),
        key=_choice_key(key),
        format_func=options.get,
        placeholder=placeholder,
    )
    return tuple(value)


def page_choice(label: str, key: str, options: dict[str, str], widget: str = "radio", help: str | None = None):
    """A page's own choice (kept in the link as ``key``)."""
    current = getattr(_run().view, key)
    draw = st.radio if widget == "radio" else st.selectbox
    kwargs = dict(horizontal=True) if widget == "radio" else {}
    if help:
        kwargs["help"] = help
    return draw(
        label,
        list(options),
        index=list(options).index(current),
        key=_choice_key(key),
        format_func=options.get,
        **kwargs,
    )


def page_tabs():
    """The Withdrawal page's tabs; the chosen one is part of the link (choosing one reruns the page)."""
    return st.tabs(list(TABS.values()), key=_choice_key("tab"), on_change="rerun")


def tab_panels(tab, *charts: tuple[str, Callable[[], Panel]]) -> None:
    """Draw a tab's panels if it is the chosen tab; otherwise keep their builders for the page's zip.

    A closed tab costs no query: its panels are built only if someone downloads the whole page.
    """
    if tab.open is False:
        link = _run().link
        for _, build in charts:
            st.session_state.setdefault(_DEFERRED, []).append(lambda build=build: build().with_link(link))
        return
    with tab:
        for chart, build in charts:
            panel(build(), chart)


def begin_page(title: str, intro: str | None = None, survey: bool = True) -> Filters:
    """Every page starts here: title, what its survey numbers are (``survey``: it shows some), the link's dropped values."""
    st.session_state[_PANELS] = []
    st.session_state[_DEFERRED] = []
    st.session_state["page_slug"] = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    st.title(title)
    dataset_notice()
    if survey:
        synthetic_banner()
    for msg in _run().notices:
        st.warning(_literal(msg), icon=":material/warning:")
    if intro:
        st.markdown(intro)
    return current_filters()


def dataset_notice() -> None:
    """The sidebar's sentence about a dataset that could not be opened, at the page's top too (a phone hides the
    sidebar)."""
    if said := st.session_state.pop(_DATASET_SAID, None):
        st.info(_literal(said), icon=":material/folder_off:")


def literal(text: str) -> str:
    """Text shown as it is, never as Markdown (a dataset's name, a link's value: either can hold anything)."""
    return _literal(text)


def _literal(text: str) -> str:
    """Text shown as it is, never as Markdown: a notice quotes what a link held, and a link can hold anything."""
    return re.sub(r"([\\`*_{}\[\]()<>#|~$])", r"\\\1", text)


def end_page(filters: Filters) -> None:
    """Every page ends here: all its figures in one zip."""
    page_downloads(filters, st.session_state.get("page_slug", "page"))


def view_link(params: dict[str, str]) -> str:
    try:
        base = (st.context.url or "").split("?")[0]
    except (AttributeError, RuntimeError):
        base = ""
    return f"{base}?{urlencode(params)}"


def synthetic_banner() -> None:
    """What the page's survey numbers are: the synthetic demo (said first, in a box), or a named survey and its source."""
    if not reports.is_synthetic():
        ds = reports.dataset()
        st.info(
            f"**Survey: {_literal(ds.name)}.** {_literal(words.source_line(ds.source))}. The survey numbers are its "
            "respondents as imported; published study figures are shown with their citations.",
            icon=":material/table_view:",
        )
    else:
        st.info(
            "**Demo data: synthetic.** The survey numbers on this page come from a made-up survey generated by this project and "
            "calibrated to published figures. They are not real respondents. Published study figures are shown with their citations.",
            icon=":material/science:",
        )


def empty_state(filters: Filters) -> None:
    culprit = reports.emptying_filter(filters)
    words = dict(filters.parts())
    detail = f" ({words[culprit]})" if culprit in words else ""
    st.warning(
        f"No respondents match these filters: the **{culprit}** filter{detail} leaves nobody once combined with the filters before it. "
        f"Widen or clear the {culprit} filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )


MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
_PANELS = "page_panels"
_DEFERRED = "page_deferred_panels"  # builders of the panels in closed tabs, for the page's zip


def _download_choice() -> tuple[str, str, bool]:
    view = _run().view
    return view.size, view.format, view.dark


def _chart(p: Panel, preset: str) -> None:
    """The figure, with the project's template and alt text, twice: for wide screens and for phones (words
    wrapped for 390 px, a narrow layout where the kind has one); the screen's width (PHONE_CSS) shows one."""
    config = export.modebar_config(p, preset)
    with st.container(key=f"wide-{p.slug}"):
        st.plotly_chart(p.figure, theme=None, key=f"chart_{p.slug}", alt=p.alt, config=config)
    with st.container(key=f"narrow-{p.slug}"):
        st.plotly_chart(p.narrow_figure, theme=None, key=f"chart_{p.slug}_narrow", alt=p.alt, config=config)


def computed_note(p: Panel) -> None:
    """'How this was computed': the .sql files, their text and the exact values bound, read from the record (as in
    the zip's README)."""
    with st.expander("How this was computed"):
        st.code("\n".join(export.computation(p)), language=None, wrap_lines=True)
        for name, sql in export.query_sql(p):
            st.caption(name)
            st.code(sql, language="sql")
        st.caption(
            f"Data version {p.data_version}. The .sql files are in the dashboard's queries/ folder and in the data zip, "
            "whose README says how to run them again outside the dashboard."
        )


def panel(p: Panel, chart: str) -> None:
    """Draw a panel: the figure, a toggle with the exact numbers, how it was computed, and downloads.

    Downloads are deferred: the bytes are made only when a button is clicked (on_click="ignore"
    keeps the page from rerunning), so page reruns never pay for exports.
    """
    preset, fmt, dark = _download_choice()
    if p.table.empty:
        st.info(
            f"**{p.text.title}**: nothing to show for {p.filters.describe(p.everyone)}. {p.empty_reason}",
            icon=":material/info:",
        )
        return
    run = _run()
    if chart not in PAGE_CHARTS.get(run.page, ()):
        raise ValueError(f"The {run.page} page has no chart named {chart!r}: name it in viewstate.PAGE_CHARTS.")
    p = p.with_link(run.link)
    export.warm_up()
    _chart(p, preset)
    # No help icon: inside a switch's label a tap on it toggles the switch on a phone and never shows the help.
    if st.toggle(
        "Show the numbers behind this chart",
        value=chart in run.view.numbers,
        key=_numbers_key(run.page, chart),
    ):
        shown = p.table[[c for c in p.columns if c in p.table]].rename(columns=p.columns) if p.columns else p.table
        st.dataframe(shown, hide_index=True, width="stretch", column_config=_number_formats(shown))
    computed_note(p)
    st.session_state.setdefault(_PANELS, []).append(p)
    fig_col, csv_col, zip_col = st.columns([2, 1, 1])
    with fig_col:
        problem = (
            None
            if export.find_browser()
            else "Static image downloads need Chromium on the server; the camera icon on the chart still saves a PNG."
        )
        problem = problem or export.fit_problem(p, preset, dark)
        if problem:
            st.caption(problem)
        else:
            st.download_button(
                f"Figure ({fmt.upper()}, {export.PRESETS[preset].tag})",
                key=f"dl_fig_{p.slug}",
                icon=":material/image:",
                data=lambda p=p, preset=preset, fmt=fmt, dark=dark: export.export_figure(p, preset, fmt, dark),
                file_name=export.filename(p, preset, fmt, dark),
                mime=MIME[fmt],
                on_click="ignore",
            )
    with csv_col:
        st.download_button(
            "Data (CSV)",
            key=f"dl_csv_{p.slug}",
            icon=":material/table:",
            data=lambda p=p: export.data_csv(p),
            file_name=f"{export.stem(p)}.csv",
            mime="text/csv",
            on_click="ignore",
        )
    with zip_col:
        st.download_button(
            "Data + README (zip)",
            key=f"dl_zip_{p.slug}",
            icon=":material/folder_zip:",
            data=lambda p=p: export.data_zip(p),
            file_name=f"{export.stem(p)}_data.zip",
            mime="application/zip",
            on_click="ignore",
        )


def _number_formats(shown) -> dict:
    """Percentages and intervals to one decimal in the numbers table (not 79.2453)."""
    return {
        c: st.column_config.NumberColumn(format="%.1f")
        for c in shown.columns
        if shown[c].dtype.kind == "f" and ("%" in c or "CI" in c or c in ("Estimate",))
    }


def page_downloads(filters: Filters, slug: str) -> None:
    """One zip with every figure on this page that fits the chosen size, in the chosen format, plus all their data.

    Figures in closed tabs are built when the zip is asked for; one that cannot be drawn at the size is
    left out of the images and the zip's README says why.
    """
    panels = st.session_state.get(_PANELS, [])
    deferred = list(st.session_state.get(_DEFERRED, []))
    if not panels:
        return
    preset, fmt, dark = _download_choice()
    if not export.find_browser():
        st.caption("Static image downloads need Chromium on the server.")
        return
    fits = [p for p in panels if export.fit_problem(p, preset, dark) is None]
    if not fits:
        st.caption(f"No figure on this page fits {export.PRESETS[preset].label}: choose Slide 16:9 or Poster.")
        return
    chosen = datasets.chosen()  # the zip is built when clicked, outside this run: it takes the dataset with it
    what = (
        "the figure" if len(fits) + len(deferred) == 1 else f"all {words.plural(len(fits) + len(deferred), 'figure')}"
    )
    left_out = len(panels) - len(fits)
    label = f"Download {what} on this page ({fmt.upper()}, {export.PRESETS[preset].tag}, zip)"
    if left_out:
        st.caption(
            f"{left_out} of the page's figures do not fit {export.PRESETS[preset].label} and are left out of the zip's images."
        )
    st.download_button(
        label,
        key=f"dl_page_{slug}",
        icon=":material/download:",
        data=lambda panels=list(panels), preset=preset, fmt=fmt, dark=dark, chosen=chosen: _page_zip(
            panels, deferred, chosen, preset, fmt, dark
        ),
        file_name=f"{slug}_{filters.slug()}_{export.PRESETS[preset].tag}{'-dark' if dark else ''}_{fmt}.zip",
        mime="application/zip",
        on_click="ignore",
    )


def _page_zip(panels, deferred, chosen, preset, fmt, dark) -> bytes:
    """The page's zip, built when clicked (outside the session's run): the closed tabs' figures read its dataset."""
    with datasets.using(chosen):
        built = [p for p in (build() for build in deferred) if not p.table.empty]
    return export.page_zip(panels + built, preset, fmt, dark)


def small_sample_note() -> str:
    """The sentence under charts that hatch small samples (one sentence, in words)."""
    return words.small_sample_sentence()
