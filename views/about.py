import streamlit as st

from sidefx import ui, words
from sidefx.faers import words as faers_words
from sidefx.studies import evidence, notes
from sidefx.survey import numbers as survey_numbers

filters = ui.begin_page("About & methods")
st.header("Data sources")
src = evidence.study_sources()
st.markdown(
    f"The evidence table holds **{words.plural(int(src.figures.sum()), 'published figure')} from "
    f"{words.plural(len(src), 'study', 'studies')}**. Each was read in the paper's "
    "abstract or text; figures only remembered, whose cited page could not be found again, or read only where no DOI or PMID "
    "could be found, are left out. Figures read in news coverage rather than the paper are marked †. A preprint's figures are "
    "listed under the preprint, not under the paper published from it."
)
st.dataframe(
    notes.sources_table(src),
    hide_index=True,
    width="stretch",
    column_config={
        "Title": st.column_config.TextColumn(width="large"),
        "Authors": st.column_config.TextColumn(width="medium"),
    },
)

if survey_numbers.is_synthetic():
    st.header("The demo survey is synthetic")
    st.markdown(
        "Respondent-level data from the published surveys is not public. The survey in this dashboard is **made up** by the project's own "
        "seeded generator (`python -m sidefx.build`), which draws respondents from assumed mixes of drugs, durations, sexes and ages, then "
        "assigns side effects with probabilities fitted so that the survey's shares match published figures. It shows what the published "
        "marginals imply, not what real people reported: patterns between variables that no published figure pins down (for example how "
        "side effects vary by age) are assumptions. Every survey chart says so in the image itself."
    )
    st.subheader("Calibration targets and what the shipped data achieves")
    cal = survey_numbers.calibration()
    shown = notes.calibration_table(cal)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={"Shipped data %": st.column_config.NumberColumn(format="%.1f")},
    )
    st.caption(
        f"{int(cal.within.sum())} of {len(cal)} targets are met within their tolerance. 'published (secondary)' targets were read in news coverage of the paper."
    )
else:
    ds, summary = survey_numbers.dataset(), survey_numbers.summary()
    st.header(f"The survey in use: {ui.literal(ds.name)}")
    st.markdown(
        f"{ui.literal(words.source_line(ds.source))}. It holds **{words.plural(int(summary['respondents']), 'respondent')}**. It was imported by a user "
        "of this dashboard: this project has not checked how it was collected or who answered. The demo's calibration "
        "to published figures does not apply to it; to set its numbers beside published ones, use the Study comparisons page."
    )

st.header("Reports to the FDA (FAERS): method")
st.markdown(
    "The FAERS page reads the FDA's public adverse-event reports once they are imported (see the README). "
    "Its method, item by item as the READUS-PV guidance for disproportionality analyses asks:"
)
st.markdown("\n".join(f"- **{name}**: {text}" for name, text in faers_words.FAERS_METHOD))

st.header("Caveats")
st.markdown(
    "- **Self-selected online surveys** (Read 2014, Cartwright 2016) recruit people with something to say; their rates are not population incidence.\n"
    "- **Recall**: surveys ask about experiences over years; trials record symptoms as they happen.\n"
    "- **Survey prevalence is not trial incidence**: a trial's withdrawal rate counts new symptoms after stopping short-term use, often against placebo; "
    "a survey counts anyone who felt withdrawal effects, often after years of use.\n"
    "- **Reports of the same sample are not replications**: Cartwright 2016 is a subset of the Read 2014 survey, and is never pooled with it.\n"
    "- **Half-lives** are midpoints of published ranges for the parent drug; active metabolites (e.g. norfluoxetine) last longer."
)

st.header("How to cite")
st.markdown(
    "Cite the original studies for any published figure (their citations are on the Study comparisons page and in every exported "
    "figure). For the dashboard: *Antidepressant side effects: evidence explorer*, data version "
    f"`{survey_numbers.data_version()}`. "
    + (
        "Do not cite the demo survey's numbers as findings: they are synthetic."
        if survey_numbers.is_synthetic()
        else "For the survey's numbers, cite the survey itself (its owners say how)."
    )
)
ui.end_page(filters)
