"""Reports to the FDA (FAERS): each antidepressant's reporting odds ratio for a side effect, with the shared filters."""

import streamlit as st

from sidefx import settings, ui, words
from sidefx.faers import grid as faers_grid
from sidefx.faers import numbers as faers_numbers
from sidefx.faers import onset as faers_onset
from sidefx.faers import panels as faers_panels
from sidefx.faers import trends as faers_trends
from sidefx.faers import words as faers_words
from sidefx.serve import datacheck

filters = ui.begin_page(
    "Reports to the FDA (FAERS)",
    "What people, doctors and companies report to the FDA's Adverse Event Reporting System about each "
    "antidepressant: how much more often a side effect is named in reports about one drug than in reports about "
    "every other drug (the reporting odds ratio); by time on the drug, by quarter received, for every side effect, "
    "and for withdrawal against each drug's half-life; and how many days after starting a drug, or stopping it, "
    "the side effect began.",
)
try:
    summary = faers_numbers.faers_summary()
except datacheck.DataProblem as problem:
    if not problem.absent:  # imported, but a file cannot be read: say which, and what to do
        st.error(str(problem), icon=":material/folder_off:")
        st.stop()
    summary = None

if summary is None:
    st.info(
        "**No FAERS reports have been imported on this server.** The FDA publishes every quarter's reports as a zip "
        "(about 400,000 reports a quarter) on its *FAERS Quarterly Data Extract Files* page: download the **ASCII** "
        "zips of the quarters you want, then import them (a quarter of about 400,000 reports took 7 to 30 seconds "
        "to import on a 2-core machine, also when added to a folder holding every quarter since 2004):\n\n"
        "```\npython -m sidefx.faers faers_ascii_2024Q1.zip faers_ascii_2024Q2.zip\n```\n\n"
        f"They are written to `{settings.get('faers_dir').rsplit('/', 1)[-1]}/` under the datasets folder (the "
        "`faers_dir` setting); a later quarter can be added the same way. To see this page work first, `make "
        "faers-sample` imports two 100-report samples of real reports (2004Q1 and 2017Q2; far too small for any conclusion).",
        icon=":material/cloud_download:",
    )
else:
    span = summary["first_quarter"] + (
        f"–{summary['last_quarter']}" if summary["last_quarter"] != summary["first_quarter"] else ""
    )
    st.info(
        f"**{ui.literal(faers_words.FAERS_BADGE)}: {words.plural(int(summary['cases']), 'case')}, {span}**, deduplicated; "
        f"{int(summary['antidepressant_cases']):,} name an antidepressant. {faers_words.FAERS_CAVEATS}",
        icon=":material/report:",
    )
    if int(summary["cases"]) < settings.get("faers_min_cases"):
        st.warning(
            f"Only {words.plural(int(summary['cases']), 'case')} {'is' if int(summary['cases']) == 1 else 'are'} imported: far too few for any conclusion (a quarter holds "
            "about 400,000). Treat this page as a demonstration.",
            icon=":material/warning:",
        )
    event_col, roles_col = st.columns([2, 3])
    dupes = ui.page_choice(  # drawn below the side effect, asked first: the side effects' counts follow it
        "Probable duplicates",
        "dupes",
        help="Cases with another case number but the same event date, age, sex, reporter country, drugs and "
        "reactions, flagged at import and kept: left out by default (see the method).",
    )
    labels = faers_numbers.faers_event_labels(dupes == "included")
    with event_col:
        event = ui.page_choice(
            "Side effect",
            "event",
            labels,
            widget="select",
            help="The dashboard's side effects first (each a set of MedDRA terms, see the method), then every MedDRA "
            "preferred term named with an antidepressant, most reported first: type to search.",
        )
    with roles_col:
        roles = ui.page_choice("Drugs counted", "roles")
    st.caption(faers_words.dupes_summary(summary.get("duplicates"), dupes == "included"))
    label = faers_numbers.faers_event_label(event)
    if note := faers_words.faers_compare_note(filters.compare_by):
        st.caption(note)
    measure = ui.page_choice(
        "Measure",
        "measure",
        help="The crude ROR compares every report; the adjusted one (Mantel–Haenszel) compares reports of the same sex "
        "and age band, so a drug taken mostly by older women is not credited with what older women report anyway; "
        "adjusted for the year received too, it compares reports received in the same year, so a drug reported mostly "
        "in years when a side effect was reported more is not credited with that. "
        "EBGM (DuMouchel's empirical Bayes score, the FDA's own) shrinks a ratio drawn from few reports towards 1; it "
        "is fitted at import over every case in the folder, so the sex, age and duration filters do not narrow it. "
        "The forest plot and the every-side-effect grid draw the measure chosen; the table under the forest gives "
        "them all, with the Breslow–Day test of whether the strata agree.",
    )
    if measure in ("adjusted", "adjusted_year") and filters.compare_by in faers_panels.FAERS_SPLITS:
        st.caption(
            "Compared by sex or age band, each group has its own crude ratio: there is nothing left to adjust for."
        )
    if measure == "ebgm" and filters.compare_by in faers_panels.FAERS_SPLITS:
        st.caption(
            "Compared by sex or age band, each group has its own crude ratio: EBGM is fitted over the whole folder, "
            "never within a group."
        )
    forest_measure = measure
    if measure == "adjusted_year" and event not in set(faers_numbers.faers_effects().value):
        st.caption(
            "The cells by year received are kept for the dashboard's side effects only: this preferred term's ROR is "
            "adjusted for sex and age band."
        )
        forest_measure = "adjusted"
    ui.panel(faers_panels.faers_ror(event, label, roles, filters, forest_measure, dupes), "ror")

    st.subheader("By time on the drug")
    st.markdown(
        "Does the side effect come early or late? Each band counts the cases whose (longest) time on the drug falls "
        "in it; many reports do not say how long the drug was taken, so read these with the share known. The lines "
        "are the drugs chosen in the sidebar, else the five with the most cases."
    )
    ui.panel(faers_trends.faers_by_time(event, label, roles, filters, dupes), "time")

    st.subheader("Time to onset")
    st.markdown(
        "How long after starting the drug did the side effect begin? Only reports giving both dates to the day count "
        "(most give neither, or only a month or year), and a late onset may not be reported yet: these describe the "
        "reports, not the risk. The Weibull shape says whether onsets cluster early (below 1), spread evenly (about "
        "1) or come later (above 1)."
    )
    if event not in faers_onset.faers_onset_events():
        st.caption("Days to onset are kept for the dashboard's side effects only: choose one of them to see these.")
    ui.panel(faers_onset.faers_onset(event, label, roles, filters, dupes), "onset")
    ui.panel(faers_onset.faers_onset_days(event, label, "start", roles, filters, dupes), "onset-days")

    st.subheader("By quarter received")
    ui.panel(faers_trends.faers_by_quarter(event, label, roles, filters, dupes), "quarters")

    st.subheader("Every side effect, every antidepressant")
    ui.panel(faers_grid.faers_effects(faers_numbers.faers_effects(), roles, filters, measure, dupes), "effects")

    st.subheader("Withdrawal and half-life")
    st.markdown(
        "Drugs that leave the body quickly are thought to cause more withdrawal effects: the reports' counterpart "
        "of the Withdrawal page's half-life chart."
    )
    ui.panel(faers_panels.faers_half_life(roles, filters, dupes), "half-life")

    st.subheader("Withdrawal after stopping")
    st.markdown(
        "How many days after the last dose did withdrawal begin, against how fast each drug leaves the body (the "
        "shorter the half-life, the sooner withdrawal is expected)? The survey cannot say this; only reports giving "
        "the end date and the event date to the day count."
    )
    ui.panel(faers_onset.faers_after_stopping(roles, filters, dupes), "after-stopping")
    ui.panel(
        faers_onset.faers_onset_days(faers_panels.WITHDRAWAL, "withdrawal", "end", roles, filters, dupes), "stop-days"
    )
    with st.expander("Method (data source, deduplication, definitions, measures, limitations)"):
        st.markdown("\n".join(f"- **{name}**: {text}" for name, text in faers_words.FAERS_METHOD))
ui.end_page(filters)
