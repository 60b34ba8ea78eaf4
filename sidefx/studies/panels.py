"""The Study comparisons chart as a record: a topic's forest plot."""

from __future__ import annotations

from dataclasses import replace

from sidefx import record, words
from sidefx.filters import Filters
from sidefx.serve import cache, sources
from sidefx.studies import evidence
from sidefx.survey import numbers as survey_numbers

FOREST_COLUMNS = {
    "kind": "Row",
    "label": "Study",
    "design": "Design",
    "value": "Estimate",
    **record.INTERVAL,
    "n": "n",
    "n_own": "n is the estimate's own (else the whole study's)",
    "estimate_text": "Estimate (95% interval)",
}


def forest(topic: str, filters: Filters, with_survey: bool = True) -> record.Panel:
    """Published estimates on one topic; the loaded survey's own row unless left out ('published studies only')."""
    f = evidence.forest(topic, filters, with_survey)
    rows = f.rows
    info = evidence.topic_info(topic)
    text = evidence.forest_text(topic, filters, rows)
    est = rows[rows.kind == "estimate"]
    alt = (
        f"Forest plot of {words.plural(len(est), 'published estimate')} of {info.topic_label.lower()}"
        + (f", ranging from {est.value.min():g} to {est.value.max():g}" if len(est) else "")
        + (f"; {words.plural(len(f.pooled), 'pooled estimate')}" if f.pooled else "")
        + "."
    )
    pub = cache.fetch(f.runs[0])
    cites = tuple(evidence.citation(r) for r in pub.drop_duplicates("study_key").itertuples())
    has_survey = "survey" in set(rows.kind)
    ds = survey_numbers.dataset() if has_survey else None
    text = replace(text, badge=words.badge_for(ds))
    computed = (
        "Rows of kind 'pooled' are random-effects pooled estimates (DerSimonian-Laird on the logit scale, statsmodels) "
        "of the estimate rows above them, not returned by a query."
        if f.pooled
        else ""
    )
    return record.Panel(
        f"forest-{topic.replace('_', '-')}" + ("" if with_survey else "-published"),
        "forest",
        rows,
        text,
        alt,
        f.runs,
        filters,
        ds,
        cache.version(sources.SURVEY if has_survey else sources.STUDIES),
        FOREST_COLUMNS,
        cites,
        {"measure": info.measure},
        computed=computed,
    )
