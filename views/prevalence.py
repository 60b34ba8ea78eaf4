import streamlit as st

from sidefx import ui
from sidefx.serve import cache
from sidefx.survey import numbers as survey_numbers
from sidefx.survey import panels as survey_panels

filters = ui.begin_page(
    "Side-effect prevalence",
    "Share of respondents who reported each side effect, with 95% confidence intervals and the number who answered.",
)
effects = cache.effect_options()
c1, c2, c3 = st.columns([2, 1, 3])
with c1:
    view = ui.page_choice("View", "view")
with c2:
    sort = ui.page_choice("Sort", "sort")
with c3:
    chosen = ui.page_multichoice("Side effects", "effects", dict(zip(effects.value, effects.label)), "All side effects")

if survey_numbers.respondent_count(filters) == 0:
    ui.empty_state(filters)
else:
    if view != "heatmap":  # the heatmap draws a row per drug when nothing else is compared
        ui.compare_drugs_notice(filters)
    panel = survey_panels.prevalence(filters, chosen, view, sort)
    if view == "heatmap" and filters.compare_by == "none":
        st.caption("The heatmap compares drugs; choose another dimension under **Compare by** in the sidebar.")
    ui.panel(panel, "chart")
    st.caption(
        ui.small_sample_note()
        + " Each percentage's n is the number who answered that question; withdrawal effects were asked only of those who tried to stop."
    )
ui.end_page(filters)
