import streamlit as st

from sidefx import panels, reports, ui, viewstate

SEED_COLUMNS = {
    "drug": "Arm",
    "outcome": "Outcome",
    "measure": "Measure",
    "value": "Value",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "numerator": "Events",
    "denominator": "Out of",
}

filters = ui.begin_page(
    "Study comparisons",
    "Published estimates side by side, each with its citation. Every figure was read in the "
    "paper's abstract or text, except those marked †, which were read in news coverage of the paper.",
)
topics = reports.topics()
labels = dict(zip(topics.topic, topics.topic_label))
choice, rows_choice = st.columns([2, 1])
with choice:
    topic = ui.page_choice("Outcome", "topic", labels, widget="select")
with rows_choice:
    rows = ui.page_choice("Rows", "rows", viewstate.ROWS, widget="select")
info = reports.topic_info(topic)

panel = panels.forest(topic, filters, with_survey=rows == "all")
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
    pub = reports.published(topic)
    for r in pub.itertuples():
        st.markdown(
            f"- **{r.value:g}{'%' if r.measure == 'percent' else ' (' + r.measure.replace('_', ' ') + ')'}** — {reports.citation(r)}  \n"
            f'  _"{r.source_quote}"_' + (f"  \n  ⚠️ {r.caveat}" if isinstance(r.caveat, str) else "")
        )

st.header("Seed studies in context")
st.subheader("Escitalopram and synaptic density (Johansen et al. 2023)")
j = reports.study("johansen2023")
if len(j):
    r = j.iloc[0]
    d = j[j.measure == "cohens_d"].value
    st.markdown(
        f"A PET imaging trial in **{int(r.n_total)} healthy volunteers**, not patients, randomised to escitalopram or placebo for "
        f"about {int(j[j.outcome == 'intervention_duration_mean'].value.iloc[0])} days. **There was no statistically significant difference "
        f"between the groups** in synaptic density (SV2A binding). The preprint reported group differences of Cohen's d "
        f"{d.min():g}–{d.max():g}, not significant; only secondary analyses suggested an effect that depended on time on the drug. "
        f"News reports that synaptic density 'significantly increased' overstate this.  \n{reports.citation(r)}"
    )
st.subheader("Psilocybin compared with escitalopram and placebo")
for key in ("carhartharris2021", "raison2023"):
    s = reports.study(key)
    if len(s):
        r = s.iloc[0]
        with st.container(border=True):
            st.markdown(
                f"**{r.authors.split(',')[0]} et al. {r.year}** · {r.design.upper()} · n = {int(r.n_total)}  \n{reports.citation(r)}"
            )
            table = s[["drug", "outcome", "measure", "value", "ci_low", "ci_high", "numerator", "denominator"]].assign(
                outcome=s.outcome.str.replace("_", " "), measure=s.measure.str.replace("_", " ")
            )
            st.dataframe(table.rename(columns=SEED_COLUMNS), hide_index=True, width="stretch")
st.caption(
    "Carhart-Harris 2021: the primary outcome (QIDS-SR-16 change) did not differ significantly between psilocybin and escitalopram; "
    "the secondary outcomes were not corrected for multiple comparisons. Raison 2023 used niacin as an active placebo."
)

st.header("Efficacy and acceptability per drug (Cipriani et al. 2018)")
c = reports.study("cipriani2018")
if len(c):
    trials = c[c.outcome == "trials_included"].value
    checked = len(reports.published("acceptability"))
    st.markdown(
        f"The network meta-analysis of {int(trials.iloc[0]):,} trials reports an efficacy and an acceptability odds ratio for "
        f"each drug. Only {checked} acceptability odds ratios could be checked against the source so far, and no efficacy odds "
        "ratio, so the efficacy-versus-acceptability chart is not drawn. The checked values are under the outcome "
        f"**Acceptability (dropout) vs placebo** above.  \n{reports.citation(c.iloc[0])}"
    )
ui.end_page(filters)
