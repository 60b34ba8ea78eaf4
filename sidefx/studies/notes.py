"""The evidence for readers: the Study comparisons and About pages' tables and notes.

Each published estimate's quote, the seed studies in context, the table of sources and the
calibration table, with words for the data's keys.

Every number in these notes is read from the evidence table (``study_figures.sql``), never
written here; a study missing from the evidence is left out rather than described from memory.
The page script only draws what ``sections()`` returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sidefx import catalog, record
from sidefx.studies import evidence

ARM_COLUMNS = {
    "drug": "Arm",
    "outcome": "Outcome",
    "measure": "Measure",
    "value": "Value",
    **record.INTERVAL,
    "numerator": "Events",
    "denominator": "Out of",
}


@dataclass(frozen=True)
class Block:
    text: str  # markdown
    table: pd.DataFrame | None = None  # drawn under the text, in a bordered box with it
    boxed: bool = False


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]
    caption: str = ""
    level: str = field(default="subheader")  # "header" for a section of its own


def _preprint_effect_sizes() -> str:
    """The preprint's Cohen's d, cited to the preprint (the published abstract gives none); empty without them."""
    pre = evidence.study("johansen2023_preprint")
    d = pre[pre.measure == "cohens_d"].value
    if d.empty:
        return ""
    return (
        f" The preprint, posted before peer review, reported group differences of Cohen's d {d.min():g}–{d.max():g}, "
        f"not significant ({evidence.citation(pre.iloc[0])}); the published abstract gives no effect size."
    )


def _synaptic_density() -> Section | None:
    j = evidence.study("johansen2023")
    if not len(j):
        return None
    r = j.iloc[0]
    days = int(j[j.outcome == "intervention_duration_mean"].value.iloc[0])
    text = (
        f"A PET imaging trial in **{int(r.n_total)} healthy volunteers**, not patients, randomised to escitalopram or "
        f"placebo for about {days} days. **There was no statistically significant difference between the groups** in "
        f"synaptic density (SV2A binding); only secondary analyses suggested an effect that depended on time on the "
        f"drug.{_preprint_effect_sizes()} News reports that synaptic density 'significantly increased' overstate this."
        f"  \n{evidence.citation(r)}"
    )
    return Section("Escitalopram and synaptic density (Johansen et al. 2023)", (Block(text),))


def arm_table(figures: pd.DataFrame) -> pd.DataFrame:
    """A study's figures as a table for readers: words for the keys, the columns named."""
    table = figures[list(ARM_COLUMNS)].assign(
        outcome=figures.outcome.str.replace("_", " "), measure=figures.measure.str.replace("_", " ")
    )
    return table.rename(columns=ARM_COLUMNS)


def _psilocybin() -> Section | None:
    blocks = []
    for key in ("carhartharris2021", "raison2023"):
        s = evidence.study(key)
        if len(s):
            r = s.iloc[0]
            head = f"**{r.authors.split(',')[0]} et al. {r.year}** · {r.design.upper()} · n = {int(r.n_total)}"
            blocks.append(Block(f"{head}  \n{evidence.citation(r)}", arm_table(s), boxed=True))
    if not blocks:
        return None
    caption = (
        "Carhart-Harris 2021: the primary outcome (QIDS-SR-16 change) did not differ significantly between psilocybin and "
        "escitalopram; the secondary outcomes were not corrected for multiple comparisons. Raison 2023 used niacin as an "
        "active placebo."
    )
    return Section("Psilocybin compared with escitalopram and placebo", tuple(blocks), caption)


def _network_meta_analysis() -> Section | None:
    c = evidence.study("cipriani2018")
    if not len(c):
        return None
    trials = int(c[c.outcome == "trials_included"].value.iloc[0])
    checked = len(evidence.published("acceptability"))
    text = (
        f"The network meta-analysis of {trials:,} trials reports an efficacy and an acceptability odds ratio for each "
        f"drug. Only {checked} acceptability odds ratios could be checked against the source so far, and no efficacy odds "
        "ratio, so the efficacy-versus-acceptability chart is not drawn. The checked values are under the outcome "
        f"**Acceptability (dropout) vs placebo** above.  \n{evidence.citation(c.iloc[0])}"
    )
    return Section("Efficacy and acceptability per drug (Cipriani et al. 2018)", (Block(text),), level="header")


def quoted_estimates(topic: str) -> list[str]:
    """Each published estimate of a topic as a markdown list item: value, citation, the quote it was read in, any caveat."""
    items = []
    for r in evidence.published(topic).itertuples():
        unit = "%" if r.measure == "percent" else f" ({r.measure.replace('_', ' ')})"
        caveat = f"  \n  ⚠️ {r.caveat}" if isinstance(r.caveat, str) else ""
        items.append(f'- **{r.value:g}{unit}** — {evidence.citation(r)}  \n  _"{r.source_quote}"_{caveat}')
    return items


def sections() -> list[Section]:
    """The notes in page order; a study absent from the evidence table has none."""
    made = (_synaptic_density(), _psilocybin(), _network_meta_analysis())
    return [s for s in made if s is not None]


SOURCE_COLUMNS = {
    "authors": "Authors",
    "year": "Year",
    "title": "Title",
    "journal": "Journal",
    "identifier": "DOI / PMID",
    "design": "Design",
    "figures": "Figures",
    "secondary_figures": "† secondary",
}


def sources_table(src: pd.DataFrame) -> pd.DataFrame:
    """One row per study cited, its DOI or PMID as a link, the columns named."""
    shown = src.assign(identifier=[catalog.identifier(d, p) for d, p in zip(src.doi, src.pmid)])
    return shown[list(SOURCE_COLUMNS)].rename(columns=SOURCE_COLUMNS)


CAL_COLUMNS = {
    "effect": "Side effect",
    "metric": "Measure",
    "subgroup": "Subgroup",
    "subgroup_value": "Which",
    "target_pct": "Target %",
    "tolerance_pct": "± tolerance",
    "achieved_pct": "Shipped data %",
    "n": "n",
    "within": "Met",
    "kind": "Kind",
    "source": "Source",
    "doi": "DOI / PMID",
    "note": "Note",
}


def calibration_table(cal: pd.DataFrame) -> pd.DataFrame:
    """The demo survey's calibration targets beside what the loaded data achieves, keys in words."""
    shown = cal.assign(effect=cal.effect.str.replace("_", " "), metric=cal.metric.str.replace("_", " "))
    return shown[list(CAL_COLUMNS)].rename(columns=CAL_COLUMNS)
