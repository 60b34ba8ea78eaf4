"""The only library module that draws Streamlit elements.

The shared filters are declared once (``filter_sidebar``, called from dashboard.py on
every run, so their keyed state persists across pages). The URL is rewritten on every
run with every parameter spelled out; on a session's first run the widgets are set from
the URL, and any value that is not valid is dropped with a notice.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import streamlit as st

from sidefx import export, reports, words
from sidefx.panels import Panel
from sidefx.filters import COMPARE_BY, DURATION_STEPS, Filters, months_label, snap_months

_KEYS = {"drugs": "f_drugs", "classes": "f_classes", "duration": "f_duration", "sexes": "f_sexes", "ages": "f_ages", "compare": "f_compare"}
_NOTICES = "url_notices"
_PAGE_PARAMS = "page_params"


def _init_from_url() -> None:
    """On a session's first run, set the filter widgets from the URL (dropping bad values)."""
    if "filters_initialised" in st.session_state:
        return
    st.session_state.filters_initialised = True
    raw = {k: st.query_params.get(k) for k in st.query_params}
    f, notices = Filters.from_query_params(raw, reports.options())
    lo, hi = snap_months(f.min_months, up=False), snap_months(f.max_months, up=True)
    if (lo, hi) != (f.min_months, f.max_months):
        notices.append(f"The link's duration range {f.min_months}-{f.max_months} months was widened to the nearest slider steps, {lo}-{hi} months.")
    st.session_state[_KEYS["drugs"]] = list(f.drugs)
    st.session_state[_KEYS["classes"]] = list(f.classes)
    # The slider's range is passed as its value (see filter_sidebar), not through session state.
    st.session_state["duration_initial"] = (months_label(lo), months_label(hi))
    st.session_state[_KEYS["sexes"]] = list(f.sexes)
    st.session_state[_KEYS["ages"]] = list(f.age_bands)
    st.session_state[_KEYS["compare"]] = f.compare_by
    st.session_state[_NOTICES] = notices


def filter_sidebar() -> None:
    """Declare the shared filter widgets (call once per run, from the entry point)."""
    _init_from_url()
    opts = reports.options()
    drugs = reports.drug_table().set_index("inn")

    def drug_label(inn):
        brands = drugs.brands.get(inn, "")
        n = int(drugs.respondents.get(inn, 0))
        label = f"{inn} ({brands})" if brands else inn
        return label if n else f"{label} (not in survey)"

    with st.sidebar:
        st.header("Filters")
        st.multiselect("Drug", opts.drugs, key=_KEYS["drugs"], format_func=drug_label, placeholder="All drugs (type a name or brand)",
                       help="Search by generic name or brand, e.g. Prozac.")
        st.multiselect("Drug class", opts.classes, key=_KEYS["classes"], placeholder="All classes")
        # A range select_slider must get its range as `value` (preset session state alone makes it a single
        # slider on the next run); the options are labels because AppTest mis-serialises a formatted numeric range.
        st.select_slider("Duration of use", options=[months_label(m) for m in DURATION_STEPS], key=_KEYS["duration"],
                         value=st.session_state["duration_initial"],
                         help="How long respondents had taken the antidepressant. At the full range, respondents who did not say are included too.")
        st.multiselect("Sex", opts.sexes, key=_KEYS["sexes"], placeholder="All")
        st.multiselect("Age band", opts.age_bands, key=_KEYS["ages"], placeholder="All ages")
        st.selectbox("Compare by", list(COMPARE_BY), key=_KEYS["compare"], format_func=COMPARE_BY.get)
        st.divider()
        st.header("Figure downloads")
        st.selectbox("Size", list(export.PRESETS), key="dl_preset", format_func=lambda k: export.PRESETS[k].help or k,
                     help="Slide sizes are 1920x1080 (16:9) and 1440x1080 (4:3); journal is 3.5 in wide at 300 dpi.")
        st.radio("Format", export.FORMATS, key="dl_format", horizontal=True, format_func=str.upper)
        st.toggle("Dark background", key="dl_dark", help="For dark slide decks.")


def current_filters() -> Filters:
    s = st.session_state
    months = {months_label(m): m for m in DURATION_STEPS}
    lo, hi = (months[v] for v in s.get(_KEYS["duration"], ("0", months_label(DURATION_STEPS[-1]))))
    return Filters(
        drugs=tuple(s.get(_KEYS["drugs"], ())), classes=tuple(s.get(_KEYS["classes"], ())),
        min_months=int(lo), max_months=int(hi), sexes=tuple(s.get(_KEYS["sexes"], ())), age_bands=tuple(s.get(_KEYS["ages"], ())),
        compare_by=s.get(_KEYS["compare"], "none"),
    )


def _notice(message: str) -> None:
    """A dropped page-level URL value: said where the choice is drawn (the page's notices are already shown)."""
    st.warning(message, icon=":material/warning:")


def page_multichoice(label: str, key: str, options: dict[str, str], placeholder: str) -> tuple[str, ...]:
    """A page-level multi-choice kept in the URL as a comma list ('all' for none chosen)."""
    skey = f"p_{key}"
    if skey not in st.session_state:
        raw = st.query_params.get(key, "all")
        chosen = []
        if raw != "all":
            for item in raw.split(","):
                if item in options:
                    chosen.append(item)
                else:
                    _notice(f"Ignored {key} '{item[:30]}' from the link: it is not one of the choices.")
        st.session_state[skey] = chosen
    value = st.multiselect(label, list(options), key=skey, format_func=options.get, placeholder=placeholder)
    st.session_state.setdefault(_PAGE_PARAMS, {})[key] = ",".join(value) if value else "all"
    return tuple(value)


def page_choice(label: str, key: str, options: dict[str, str], default: str, widget: str = "radio"):
    """A page-level choice kept in the URL (as ``key``) beside the shared filters."""
    skey = f"p_{key}"
    if skey not in st.session_state:
        raw = st.query_params.get(key)
        if raw is not None and raw not in options:
            _notice(f"Ignored {key} '{raw[:30]}' from the link: choose one of {', '.join(options)}.")
            raw = None
        st.session_state[skey] = raw or default
    draw = st.radio if widget == "radio" else st.selectbox
    kwargs = dict(horizontal=True) if widget == "radio" else {}
    value = draw(label, list(options), key=skey, format_func=options.get, **kwargs)
    st.session_state.setdefault(_PAGE_PARAMS, {})[key] = value
    return value


def sync_url(filters: Filters) -> dict[str, str]:
    """Write the whole view into the URL: every filter, defaults included, plus the page's choices."""
    params = filters.to_query_params() | st.session_state.get(_PAGE_PARAMS, {})
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
    return params


def begin_page(title: str, intro: str | None = None) -> Filters:
    """Every page starts here: title, synthetic-data label, URL notices."""
    st.session_state[_PAGE_PARAMS] = {}
    st.session_state[_PANELS] = []
    st.session_state["page_slug"] = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    st.title(title)
    synthetic_banner()
    for msg in st.session_state.get(_NOTICES, []):
        st.warning(msg, icon=":material/warning:")
    if intro:
        st.markdown(intro)
    return current_filters()


def end_page(filters: Filters) -> None:
    """Every page ends here: the URL is rewritten and a link to this view is offered."""
    params = sync_url(filters)
    link = view_link(params)
    page_downloads(filters, st.session_state.get("page_slug", "page"))
    with st.sidebar:
        st.divider()
        st.markdown("**Link to this view**")
        st.code(link, language=None, wrap_lines=True)
        st.caption("Use the copy icon on the box above; the link reproduces these filters and choices.")
    st.session_state[_NOTICES] = []


def view_link(params: dict[str, str]) -> str:
    try:
        base = (st.context.url or "").split("?")[0]
    except (AttributeError, RuntimeError):
        base = ""
    return f"{base}?{urlencode(params)}"


def synthetic_banner() -> None:
    if reports.is_synthetic():
        st.info("**Demo data: synthetic.** The survey numbers on this page come from a made-up survey generated by this project and "
                "calibrated to published figures. They are not real respondents. Published study figures are shown with their citations.",
                icon=":material/science:")


def empty_state(filters: Filters) -> None:
    culprit = reports.emptying_filter(filters)
    words = dict(filters.parts())
    detail = f" ({words[culprit]})" if culprit in words else ""
    st.warning(f"No respondents match these filters: the **{culprit}** filter{detail} leaves nobody once combined with the filters before it. "
               f"Widen or clear the {culprit} filter in the sidebar.", icon=":material/filter_alt_off:")


MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
_PANELS = "page_panels"


def _download_choice() -> tuple[str, str, bool]:
    s = st.session_state
    return s.get("dl_preset", "slide-16x9"), s.get("dl_format", "png"), bool(s.get("dl_dark", False))


def _current_link(filters: Filters) -> str:
    return view_link(filters.to_query_params() | st.session_state.get(_PAGE_PARAMS, {}))


NARROW_CSS = """<style>
@media (max-width: 640px) { .st-key-wide-{slug} { display: none; } }
@media (min-width: 641px) { .st-key-narrow-{slug} { display: none; } }
</style>"""


def _chart(p: Panel, preset: str) -> None:
    """The figure, with the project's template and alt text; a kind with a narrow layout of its own gets both
    figures, and the screen's width (CSS) shows one: a phone gets the narrow one."""
    config = export.modebar_config(p, preset)
    narrow = p.narrow_figure
    if narrow is None:
        st.plotly_chart(p.figure, theme=None, key=f"chart_{p.slug}", alt=p.alt, config=config)
        return
    st.html(NARROW_CSS.replace("{slug}", p.slug))
    with st.container(key=f"wide-{p.slug}"):
        st.plotly_chart(p.figure, theme=None, key=f"chart_{p.slug}", alt=p.alt, config=config)
    with st.container(key=f"narrow-{p.slug}"):
        st.plotly_chart(narrow, theme=None, key=f"chart_{p.slug}_narrow", alt=p.alt, config=config)


def computed_note(p: Panel) -> None:
    """'How this was computed': the .sql files and the exact values bound, read from the record (as in the zip's README)."""
    with st.expander("How this was computed"):
        st.code("\n".join(export.computation(p)), language=None, wrap_lines=True)
        st.caption(f"Data version {p.data_version}. The .sql files are in the dashboard's queries/ folder and in the data zip.")


def panel(p: Panel) -> None:
    """Draw a panel: the figure, a toggle with the exact numbers, how it was computed, and downloads.

    Downloads are deferred: the bytes are made only when a button is clicked (on_click="ignore"
    keeps the page from rerunning), so page reruns never pay for exports.
    """
    preset, fmt, dark = _download_choice()
    if p.table.empty:
        st.info(f"**{p.text.title}**: nothing to show for {p.filters.describe()}. {p.empty_reason}", icon=":material/info:")
        return
    p = p.with_link(_current_link(p.filters))
    export.warm_up()
    _chart(p, preset)
    if st.toggle("Show the numbers", key=f"table_{p.slug}", help="The exact numbers behind this chart"):
        shown = p.table[[c for c in p.columns if c in p.table]].rename(columns=p.columns) if p.columns else p.table
        st.dataframe(shown, hide_index=True, width="stretch", column_config=_number_formats(shown))
    computed_note(p)
    st.session_state.setdefault(_PANELS, []).append(p)
    fig_col, csv_col, zip_col = st.columns([2, 1, 1])
    with fig_col:
        problem = None if export.find_browser() else "Static image downloads need Chromium on the server; the camera icon on the chart still saves a PNG."
        problem = problem or export.fit_problem(p, preset, dark)
        if problem:
            st.caption(problem)
        else:
            st.download_button(f"Figure ({fmt.upper()}, {export.PRESETS[preset].tag})", key=f"dl_fig_{p.slug}", icon=":material/image:",
                               data=lambda p=p, preset=preset, fmt=fmt, dark=dark: export.export_figure(p, preset, fmt, dark),
                               file_name=export.filename(p, preset, fmt, dark), mime=MIME[fmt], on_click="ignore")
    with csv_col:
        st.download_button("Data (CSV)", key=f"dl_csv_{p.slug}", icon=":material/table:", data=lambda p=p: export.data_csv(p),
                           file_name=f"{export.stem(p)}.csv", mime="text/csv", on_click="ignore")
    with zip_col:
        st.download_button("Data + README (zip)", key=f"dl_zip_{p.slug}", icon=":material/folder_zip:",
                           data=lambda p=p: export.data_zip(p), file_name=f"{export.stem(p)}_data.zip",
                           mime="application/zip", on_click="ignore")


def _number_formats(shown) -> dict:
    """Percentages and intervals to one decimal in the numbers table (not 79.2453)."""
    return {c: st.column_config.NumberColumn(format="%.1f") for c in shown.columns
            if shown[c].dtype.kind == "f" and ("%" in c or "CI" in c or c in ("Estimate",))}


def page_downloads(filters: Filters, slug: str) -> None:
    """One zip with every figure drawn on this page that fits the chosen size, in the chosen format, plus all their data."""
    panels = st.session_state.get(_PANELS, [])
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
    what = "the figure" if len(fits) == 1 else f"all {len(fits)} figures"
    left_out = len(panels) - len(fits)
    label = f"Download {what} on this page ({fmt.upper()}, {export.PRESETS[preset].tag}, zip)"
    if left_out:
        st.caption(f"{left_out} of the page's figures do not fit {export.PRESETS[preset].label} and are left out of the zip's images.")
    st.download_button(label, key=f"dl_page_{slug}", icon=":material/download:",
                       data=lambda panels=list(panels), preset=preset, fmt=fmt, dark=dark: export.page_zip(panels, preset, fmt, dark),
                       file_name=f"{slug}_{filters.slug()}_{export.PRESETS[preset].tag}{'-dark' if dark else ''}_{fmt}.zip",
                       mime="application/zip", on_click="ignore")


def small_sample_note() -> str:
    """The sentence under charts that hatch small samples (one sentence, in words)."""
    return words.small_sample_sentence()
