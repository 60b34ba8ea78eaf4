"""Drawing a panel: its chart, the switch that shows its numbers, how it was computed, its downloads; the page's zip.

Downloads are deferred: the bytes are made only when a button is clicked (on_click="ignore" keeps
the page from rerunning), so page reruns never pay for exports.
"""

from __future__ import annotations

import streamlit as st

from sidefx import export, pages, words
from sidefx.filters import Filters
from sidefx.record import Panel
from sidefx.serve import datasets
from sidefx.ui import keys, state

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
# The switch's label says it all, with no (?) help: the help icon sits inside the label, where a tap on a phone
# flips the switch and shows no help (the caption under the sidebar's link says the link keeps which tables are open).
NUMBERS_LABEL = "Show the numbers behind this chart"


def panel(p: Panel, chart: str) -> None:
    """Draw a panel: the figure, a switch with the exact numbers, how it was computed, and downloads."""
    preset, fmt, dark = _download_choice()
    if p.table.empty:
        st.info(
            f"**{p.text.title}**: nothing to show for {p.filters.describe(p.everyone)}. {p.empty_reason}",
            icon=":material/info:",
        )
        return
    run = state.current()
    if chart not in pages.named(run.page).charts:
        raise ValueError(f"The {run.page} page has no chart named {chart!r}: name it in its entry in sidefx/pages.py.")
    p = p.with_link(run.link)
    export.warm_up()
    _chart(p, preset)
    _numbers(p, run, chart)
    computed_note(p)
    st.session_state.setdefault(keys.PANELS, []).append(p)
    fig_col, csv_col, zip_col = st.columns([2, 1, 1])
    with fig_col:
        _figure_download(p, preset, fmt, dark)
    with csv_col:
        _data_downloads(p)
    with zip_col:
        _data_downloads(p, zipped=True)


def _download_choice() -> tuple[str, str, bool]:
    view = state.current().view
    return view.size, view.format, view.dark


def _chart(p: Panel, preset: str) -> None:
    """The figure, with the project's template and alt text, twice: for wide screens and for phones (words
    wrapped for 390 px, a narrow layout where the kind has one); the screen's width (PHONE_CSS) shows one."""
    config = export.modebar_config(p, preset)
    with st.container(key=f"wide-{p.slug}"):
        st.plotly_chart(p.figure, theme=None, key=f"chart_{p.slug}", alt=p.alt, config=config)
    with st.container(key=f"narrow-{p.slug}"):
        st.plotly_chart(p.narrow_figure, theme=None, key=f"chart_{p.slug}_narrow", alt=p.alt, config=config)


def _numbers(p: Panel, run: state.Run, chart: str) -> None:
    """The switch, and under it the exact numbers when it is on (the link keeps whether it is)."""
    if st.toggle(NUMBERS_LABEL, value=chart in run.view.numbers, key=keys.numbers(run.page, chart)):
        shown = p.table[[c for c in p.columns if c in p.table]].rename(columns=p.columns) if p.columns else p.table
        st.dataframe(shown, hide_index=True, width="stretch", column_config=_number_formats(shown))


def _number_formats(shown) -> dict:
    """Percentages and intervals to one decimal in the numbers table (not 79.2453)."""
    return {
        c: st.column_config.NumberColumn(format="%.1f")
        for c in shown.columns
        if shown[c].dtype.kind == "f" and ("%" in c or "CI" in c or c in ("Estimate",))
    }


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


def _figure_download(p: Panel, preset: str, fmt: str, dark: bool) -> None:
    problem = (
        None
        if export.find_browser()
        else "Static image downloads need Chromium on the server; the camera icon on the chart still saves a PNG."
    )
    problem = problem or export.fit_problem(p, preset, dark)
    if problem:
        st.caption(problem)
        return
    st.download_button(
        f"Figure ({fmt.upper()}, {export.PRESETS[preset].tag})",
        key=f"dl_fig_{p.slug}",
        icon=":material/image:",
        data=lambda p=p, preset=preset, fmt=fmt, dark=dark: export.export_figure(p, preset, fmt, dark),
        file_name=export.filename(p, preset, fmt, dark),
        mime=MIME[fmt],
        on_click="ignore",
    )


def _data_downloads(p: Panel, zipped: bool = False) -> None:
    """The panel's numbers as a CSV, or as a zip with the README that says how they were computed."""
    if zipped:
        st.download_button(
            "Data + README (zip)",
            key=f"dl_zip_{p.slug}",
            icon=":material/folder_zip:",
            data=lambda p=p: export.data_zip(p),
            file_name=f"{export.stem(p)}_data.zip",
            mime="application/zip",
            on_click="ignore",
        )
        return
    st.download_button(
        "Data (CSV)",
        key=f"dl_csv_{p.slug}",
        icon=":material/table:",
        data=lambda p=p: export.data_csv(p),
        file_name=f"{export.stem(p)}.csv",
        mime="text/csv",
        on_click="ignore",
    )


def page_downloads(filters: Filters, slug: str) -> None:
    """One zip with every figure on this page that fits the chosen size, in the chosen format, plus all their data.

    Figures in closed tabs are built when the zip is asked for; one that cannot be drawn at the size is
    left out of the images and the zip's README says why.
    """
    panels = st.session_state.get(keys.PANELS, [])
    deferred = list(st.session_state.get(keys.DEFERRED, []))
    if not panels:
        return
    preset, fmt, dark = _download_choice()
    if not export.find_browser():
        st.caption("Static image downloads need Chromium on the server.")
        return
    fits = [p for p in panels if export.fit_problem(p, preset, dark) is None]
    if not fits:
        st.caption(f"No figure on this page fits {export.PRESETS[preset].label}: {export.what_fits(preset)}.")
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
