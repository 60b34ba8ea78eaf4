import streamlit as st

from sidefx import panels, reports, ui

filters = ui.begin_page(
    "Withdrawal", "Withdrawal effects among respondents who tried to stop or reduce their antidepressant."
)
group = filters.compare_by if filters.compare_by != "none" else "duration_band"

if reports.respondent_count(filters) == 0:
    ui.empty_state(filters)
else:
    ui.compare_drugs_notice(filters)
    by_drug, by_duration, severity, lasting, half_life, tapering = ui.page_tabs()
    with by_drug:
        ui.panel(panels.withdrawal_incidence(filters, "drug"), "by-drug")
    with by_duration:
        ui.panel(panels.withdrawal_incidence(filters, "duration_band"), "by-duration")
    with severity:
        ui.panel(panels.withdrawal_severity(filters, group), "severity")
    with lasting:
        ui.panel(panels.withdrawal_duration(filters, filters.compare_by), "lasted")
    with half_life:
        st.markdown(
            "Drugs that leave the body quickly are thought to cause more withdrawal effects. Each point is one drug; "
            "the half-life is the midpoint of the range in the cited source (see the numbers table for each source)."
        )
        ui.panel(panels.withdrawal_half_life(filters), "half-life")
    with tapering:
        ui.panel(panels.withdrawal_incidence(filters, "method"), "tapering")
        ui.panel(panels.withdrawal_severity(filters, "method"), "tapering-severity")
    st.caption(
        ui.small_sample_note() + " The severity and duration charts give each group's n; read small groups with care."
    )
ui.end_page(filters)
