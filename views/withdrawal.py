import streamlit as st

from sidefx import ui
from sidefx.survey import numbers as survey_numbers
from sidefx.survey import panels as survey_panels

filters = ui.begin_page(
    "Withdrawal", "Withdrawal effects among respondents who tried to stop or reduce their antidepressant."
)
group = filters.compare_by if filters.compare_by != "none" else "duration_band"

if survey_numbers.respondent_count(filters) == 0:
    ui.empty_state(filters)
else:
    ui.compare_drugs_notice(filters)
    # Only the chosen tab's charts are computed; the others are made only if the page's zip is downloaded.
    by_drug, by_duration, severity, lasting, half_life, tapering = ui.page_tabs()
    ui.tab_panels(by_drug, ("by-drug", lambda: survey_panels.withdrawal_incidence(filters, "drug")))
    ui.tab_panels(by_duration, ("by-duration", lambda: survey_panels.withdrawal_incidence(filters, "duration_band")))
    ui.tab_panels(severity, ("severity", lambda: survey_panels.withdrawal_severity(filters, group)))
    ui.tab_panels(lasting, ("lasted", lambda: survey_panels.withdrawal_duration(filters, filters.compare_by)))
    with half_life:
        if half_life.open is not False:
            st.markdown(
                "Drugs that leave the body quickly are thought to cause more withdrawal effects. Each point is one "
                "drug; the half-life is the midpoint of the range in the cited source (see the numbers table for each "
                "source)."
            )
    ui.tab_panels(half_life, ("half-life", lambda: survey_panels.withdrawal_half_life(filters)))
    ui.tab_panels(
        tapering,
        ("tapering", lambda: survey_panels.withdrawal_incidence(filters, "method")),
        ("tapering-severity", lambda: survey_panels.withdrawal_severity(filters, "method")),
    )
    st.caption(
        ui.small_sample_note() + " The severity and duration charts give each group's n; read small groups with care."
    )
ui.end_page(filters)
