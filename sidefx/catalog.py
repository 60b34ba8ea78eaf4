"""The hand-kept reference tables in ``data/sources/`` (CSV, reviewed in diffs).

These are the inputs the Parquet files in ``data/`` are built from: the drug catalogue,
the side-effect catalogue, the published evidence and the demo survey's calibration
targets. Nothing here queries the Parquet files; the dashboard reads those through SQL.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sidefx import settings


def sources_dir() -> Path:
    return settings.ROOT / "data" / "sources"


def drugs() -> pd.DataFrame:
    return pd.read_csv(sources_dir() / "drugs.csv")


def effects() -> pd.DataFrame:
    return pd.read_csv(sources_dir() / "effects.csv")


def calibration_targets() -> pd.DataFrame:
    return pd.read_csv(sources_dir() / "calibration_targets.csv", dtype={"subgroup_value": "string"})


def outcome_topics() -> pd.DataFrame:
    return pd.read_csv(sources_dir() / "outcome_topics.csv")


def evidence() -> pd.DataFrame:
    """Every published figure as kept in the repo, including rows that are not shown."""
    return pd.read_csv(sources_dir() / "evidence.csv")


def studies() -> pd.DataFrame:
    """The published figures the dashboard may show, with a ``caveat`` column.

    Dropped: rows recalled rather than read in the source (``verified=memory``), rows
    with no DOI or PMID (nobody could check them), and rows with no value.
    """
    ev = evidence()
    has_id = ev.doi.notna() | ev.pmid.notna()
    shown = ev[(ev.verified == "yes") & has_id & ev.value.notna() & ev.measure.notna()].copy()
    secondary = shown.source_where.fillna("").str.startswith("SECONDARY")
    shown["caveat"] = None
    shown.loc[secondary, "caveat"] = (
        "Read in news or a summary, not in the paper itself: check the paper before citing."
    )
    shown.insert(0, "row_id", shown.index.astype("int64") + 1)
    known = set(drugs().inn)
    shown["drug_inn"] = shown.drug.map(lambda d: drug_inn(d, known))
    shown["pmid"] = shown.pmid.astype("Int64")
    shown["identifier_note"] = shown.identifier_note.astype("string")
    return shown.reset_index(drop=True)


def identifier(doi, pmid, link: bool = True, note=None) -> str:
    """How a study is cited: a DOI (as a link where it is a single DOI), else its PMID; with a note
    where the identifier has not yet been read on a page about the paper itself."""
    if isinstance(doi, str) and doi:
        text = f"https://doi.org/{doi}" if link and ";" not in doi else f"doi:{doi}"
    else:
        text = f"PMID {int(pmid)}" if pd.notna(pmid) else "no identifier"
    return text + (f" ({note})" if isinstance(note, str) and note else "")


def drug_inn(label, known: set[str] | None = None) -> str | None:
    """The catalogue INN a study's drug label names, if it names exactly one drug.

    'venlafaxine (vs ssri)' -> 'venlafaxine'; 'psilocybin vs escitalopram' -> None.
    """
    if not isinstance(label, str) or " vs " in label:
        return None
    head = label.split(" (")[0].strip().lower()
    return head if head in (known if known is not None else set(drugs().inn)) else None
