import streamlit as st

from sidefx import panels, reports, ui

filters = ui.begin_page("Withdrawal", "Withdrawal effects among respondents who tried to stop or reduce their antidepressant.")
group = filters.compare_by if filters.compare_by != "none" else "duration_band"

if reports.respondent_count(filters) == 0:
    ui.empty_state(filters)
else:
    left, right = st.columns(2)
    with left:
        ui.panel(panels.withdrawal_incidence(filters, "drug"))
    with right:
        ui.panel(panels.withdrawal_incidence(filters, "duration_band"))
    left, right = st.columns(2)
    with left:
        ui.panel(panels.withdrawal_severity(filters, group))
    with right:
        ui.panel(panels.withdrawal_duration(filters, filters.compare_by))
    st.subheader("Half-life")
    st.markdown("Drugs that leave the body quickly are thought to cause more withdrawal effects. Each point is one drug; the half-life "
                "is the midpoint of the range in the cited source (see the numbers table for the source of each).")
    ui.panel(panels.withdrawal_half_life(filters))
    st.subheader("Tapered versus abrupt stopping")
    left, right = st.columns(2)
    with left:
        ui.panel(panels.withdrawal_incidence(filters, "method"))
    with right:
        ui.panel(panels.withdrawal_severity(filters, "method"))
ui.end_page(filters)
