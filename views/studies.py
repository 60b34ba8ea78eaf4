import streamlit as st

from sidefx import ui
from sidefx.studies import evidence, notes
from sidefx.studies import panels as studies_panels
from sidefx.survey import numbers as survey_numbers

filters = ui.begin_page(
    "Study comparisons",
    "Published estimates side by side, each with its citation. Every figure was read in the "
    "paper's abstract or text, except those marked †, which were read in news coverage of the paper.",
)
topics = evidence.topics()
labels = dict(zip(topics.topic, topics.topic_label))
choice, rows_choice = st.columns([2, 1])
with choice:
    topic = ui.page_choice("Outcome", "topic", labels, widget="select")
with rows_choice:
    rows = ui.page_choice("Rows", "rows", widget="select")
info = evidence.topic_info(topic)

problem = survey_numbers.survey_problem() if rows == "all" else None
if problem is not None:
    st.warning(
        f"The survey's row is left out: the survey cannot be read. {problem}",
        icon=":material/folder_off:",
    )
panel = studies_panels.forest(topic, filters, with_survey=rows == "all" and problem is None)
ui.panel(panel, "forest")
why, pooling = st.columns(2)
with why:
    st.markdown("**Why the estimates differ**")
    if isinstance(info.note, str):
        st.markdown(info.note)
    st.markdown(
        "Self-selected online surveys attract people with strong experiences; trials count symptoms over weeks of short-term use; "
        "definitions of a side effect or of withdrawal differ between studies."
    )
with pooling:
    st.markdown("**Pooling**")
    st.markdown(
        "Diamonds combine only independent primary studies of the same design that report an overall figure with an n "
        "(random effects, DerSimonian-Laird, on the logit scale; I² is the share of variation due to real differences between "
        "studies). Reviews and meta-analyses are never pooled again, and two reports of the same survey count once."
    )
    if info.measure != "percent":
        st.markdown(
            f"These are **{info.measure.replace('_', ' ')}s**, drawn on a log scale with a line at 1 (no difference), never on a percent axis."
        )

with st.expander("Citations and quotes for every estimate on this chart"):
    for item in notes.quoted_estimates(topic):
        st.markdown(item)

st.header("Seed studies in context")
for section in notes.sections():
    (st.header if section.level == "header" else st.subheader)(section.heading)
    for block in section.blocks:
        with st.container(border=block.boxed):
            st.markdown(block.text)
            if block.table is not None:
                st.dataframe(block.table, hide_index=True, width="stretch")
    if section.caption:
        st.caption(section.caption)
ui.end_page(filters)
