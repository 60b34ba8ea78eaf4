"""What the FAERS folder holds: its summary, dataset, side effects and preferred terms."""

from __future__ import annotations

import pandas as pd

from sidefx import record, words
from sidefx.serve import cache, datacheck, sources
from sidefx.serve.queries import QueryRun


def faers_terms(include_duplicates: bool = True) -> pd.DataFrame:
    """The preferred terms named with an antidepressant in the FAERS reports (pt, cases: with the probable duplicates
    or without them); none when nothing is imported."""
    try:
        return cache.fetch(QueryRun("faers_terms", {"include_duplicates": include_duplicates}))
    except datacheck.DataProblem:
        return pd.DataFrame({"pt": [], "cases": []})


def faers_effects() -> pd.DataFrame:
    """The catalogue's side effects the FAERS reports are mapped to (value, label, sort_order), as at import."""
    return cache.effect_options(sources.FAERS)


def faers_event_labels(include_duplicates: bool) -> dict[str, str]:
    """The FAERS page's side effects, key -> label: the catalogue's first, then every preferred term named with an
    antidepressant (lower case), most reported first, its cases counted as the page's duplicates choice counts them."""
    labels = dict(zip(faers_effects().value, faers_effects().label))
    terms = faers_terms(include_duplicates)
    for pt, cases in zip(terms.pt, terms.cases):
        labels.setdefault(pt, f"{words.sentence_case(pt)} (MedDRA term, {words.plural(int(cases), 'case')})")
    return labels


def faers_event_label(event: str) -> str:
    """A FAERS side effect as a chart names it: the catalogue's label, or the preferred term."""
    effects = faers_effects()
    label = effects.label[effects.value == event]
    return str(label.iloc[0]) if len(label) else words.sentence_case(event)


def faers_summary() -> dict:
    """What the FAERS folder holds (raises datacheck.DataProblem when nothing has been imported)."""
    return cache.fetch(QueryRun("faers_summary", {})).iloc[0].to_dict()


ROLE_WORDS = {"suspect": "drugs as suspects", "any": "drugs as any mention"}


def faers_dataset() -> record.Dataset:
    return cache.dataset(sources.FAERS)
