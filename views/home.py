import streamlit as st

from sidefx import ui, words
from sidefx.pages import PAGES
from sidefx.studies import evidence
from sidefx.survey import numbers as survey_numbers

filters = ui.begin_page(
    "Antidepressant side effects: evidence explorer",
    "Explore how often people report side effects and withdrawal effects from antidepressants, filter by drug or by how long "
    "it was taken, and compare published studies side by side. Built for clinicians, researchers, science communicators and "
    "patient advocates; every chart can be downloaded for a talk.",
)
s, published = survey_numbers.summary(), evidence.studies_summary()
st.header("What is loaded")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Survey respondents", f"{int(s['respondents']):,}", help=f"Dataset: {s['datasets']}")
c2.metric("Drugs in the survey", int(s["drugs_in_survey"]))
c3.metric(
    "Published figures",
    int(published["published_figures"]),
    help="Read in the papers (those marked † in news coverage of them); each is shown with its citation and DOI or PMID.",
)
c4.metric("Studies", int(published["studies"]))
st.caption(
    f"Survey dataset: **{s['datasets']}** · {words.plural(int(s['tried_to_stop']), 'respondent')} tried to stop · "
    f"durations of use from {int(s['min_months'])} to {int(s['max_months'])} months · "
    f"{words.plural(int(s['effects']), 'side effect')} asked about · data version {survey_numbers.data_version()}"
)

st.header("Pages")
for page in PAGES[1:]:  # the one list of pages, home first
    st.page_link(page.script, label=page.title, icon=page.icon)
    st.caption(page.what)
ui.end_page(filters)
