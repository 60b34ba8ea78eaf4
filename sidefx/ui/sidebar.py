"""The shared sidebar under the dataset switch: the Share button, the filters, the figure settings, the link."""

from __future__ import annotations

import streamlit as st

from sidefx import export
from sidefx.filters import COMPARE_BY, DURATION_STEPS, Filters, Options, months_label
from sidefx.serve import cache
from sidefx.serve.sources import Source
from sidefx.ui import keys
from sidefx.ui.share import share_button
from sidefx.ui.text import duration_caption
from sidefx.viewstate import View


def draw(view: View, link: str, opts: Options, source: Source) -> None:
    """The shared widgets, each showing the view's value (a widget with state keeps it: only its key identifies it).

    The filters offer the values of the page's source (``opts``): the survey's, or the FDA's reports' on the FAERS page.
    """
    with st.sidebar:
        share_button(link)
        st.header("Filters")
        _filters(view.filters, opts, source)
        st.divider()
        st.header("Figure downloads")
        _figure_settings(view)
        st.divider()
        st.markdown("**Link to this view**")
        st.code(link, language=None, wrap_lines=True)
        st.caption(
            "The link reproduces these filters, the page's choices, which tables are open and the figure settings."
        )


def _drug_labeller(opts: Options, source: Source):
    """A drug's label in the picker: its brands, and whether the source counts anyone (or any case) on it."""
    drugs = cache.drug_table(source).set_index("inn") if opts.drugs else None

    def drug_label(inn):
        if drugs is None or inn not in drugs.index:  # a name typed in, before it is resolved
            return inn
        brands = drugs.brands.get(inn, "")
        n = int(drugs[source.counts].get(inn, 0))
        label = f"{inn} ({brands})" if brands else inn
        return label if n else f"{label} ({source.not_named})"

    return drug_label


def _resolve_typed_drugs(opts: Options) -> None:
    """A name typed into the drug picker becomes its INN (brands, salts, misspellings); an unknown one is said, not kept."""
    s = st.session_state
    kept, unknown = [], []
    for name in s[keys.FILTERS["drugs"]]:
        inn = name if name in opts.drugs else opts.resolve_drug(name)
        if inn:
            kept.append(inn)
        else:
            unknown.append(name)
    s[keys.FILTERS["drugs"]] = list(dict.fromkeys(kept))
    if unknown:
        names = ", ".join(f"'{n[:40]}'" for n in unknown)
        s[keys.UNKNOWN_DRUGS] = f"No drug known as {names}: check the spelling, or pick from the list."


def _drug_picker(f: Filters, opts: Options, source: Source) -> None:
    # The typed-name callback sets this one's state: then its state alone gives its value.
    typed_default = {} if keys.FILTERS["drugs"] in st.session_state else {"default": list(f.drugs)}
    st.multiselect(
        "Drug",
        opts.drugs,
        **typed_default,
        key=keys.FILTERS["drugs"],
        format_func=_drug_labeller(opts, source),
        placeholder="All drugs (type a name or brand)",
        help="Search by generic name or brand, e.g. Prozac; any brand, salt or common misspelling can be typed "
        "and Enter pressed (Seroxat, sertaline).",
        accept_new_options=True,
        on_change=_resolve_typed_drugs,
        args=(opts,),
    )
    if typed := st.session_state.pop(keys.UNKNOWN_DRUGS, None):
        st.warning(typed, icon=":material/help:")


def _filters(f: Filters, opts: Options, source: Source) -> None:
    _drug_picker(f, opts, source)
    st.multiselect(
        "Drug class", opts.classes, default=list(f.classes), key=keys.FILTERS["classes"], placeholder="All classes"
    )
    # The options are labels because AppTest mis-serialises a formatted numeric range.
    st.select_slider(
        "Duration of use",
        options=[months_label(m) for m in DURATION_STEPS],
        key=keys.FILTERS["duration"],
        value=(months_label(f.min_months), months_label(f.max_months)),
        help="How long respondents had taken the antidepressant. At the full range, respondents who did not say are included too.",
    )
    st.caption(duration_caption(f))
    st.multiselect("Sex", opts.sexes, default=list(f.sexes), key=keys.FILTERS["sexes"], placeholder="All")
    st.multiselect(
        "Age band", opts.age_bands, default=list(f.age_bands), key=keys.FILTERS["ages"], placeholder="All ages"
    )
    # "Compare these drugs" sets this one from a callback: then its state alone gives its value.
    initial = {} if keys.FILTERS["compare"] in st.session_state else {"index": list(COMPARE_BY).index(f.compare_by)}
    st.selectbox("Compare by", list(COMPARE_BY), key=keys.FILTERS["compare"], format_func=COMPARE_BY.get, **initial)


def _figure_settings(view: View) -> None:
    st.selectbox(
        "Size",
        list(export.PRESETS),
        index=list(export.PRESETS).index(view.size),
        key=keys.FIGURE["size"],
        format_func=lambda k: export.PRESETS[k].help or k,
        help="Slide sizes are 1920x1080 (16:9) and 1440x1080 (4:3); journal is 3.5 in wide at 300 dpi. "
        "On a phone, square is chosen until you choose another.",
    )
    st.radio(
        "Format",
        export.FORMATS,
        index=export.FORMATS.index(view.format),
        key=keys.FIGURE["format"],
        horizontal=True,
        format_func=str.upper,
    )
    st.toggle("Dark background", value=view.dark, key=keys.FIGURE["dark"], help="For dark slide decks.")
