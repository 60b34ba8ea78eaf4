"""Drug names to INN: one table resolves a name wherever one is typed, linked or imported.

The table is every INN in ``data/sources/drugs.csv``, its brand names (the ``brands`` column:
common US, UK, EU and Australian brands) and ``data/sources/drug_names.csv`` (misspellings,
salts, other languages' spellings). A name is compared after ``normalise``: case, accents,
trade-mark signs, punctuation, spaces, salt words and release forms ("XR") do not matter.
A name with another in parentheses ("Sertraline (Zoloft)", "Effexor XR (venlafaxine)") is the drug
both name, or the one that is known; two different drugs give None. A name that matches nothing
gives None: ``resolve`` never guesses. ``nearest`` is the survey import's one allowance: a name
within a small edit distance of the names of exactly one drug ("Lexipro", "Citalapram"), which the
import lists with its counts so a person sees every such reading.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from sidefx import catalog

# Words that name a salt or a release form, not a different drug ("sertraline hydrochloride", "Effexor XR").
IGNORED_WORDS = frozenset(
    [
        "hydrochloride",
        "hcl",
        "hydrobromide",
        "hbr",
        "oxalate",
        "succinate",
        "mesylate",
        "maleate",
        "besylate",
        "fumarate",
        "tartrate",
        "sodium",
        "sulfate",
        "sulphate",
        "citrate",
        "hemihydrate",
        "monohydrate",
        "dihydrate",
        "xr",
        "xl",
        "sr",
        "er",
        "cr",
        "la",
        "pm",
        "tablets",
        "tablet",
        "capsules",
        "capsule",
    ]
)
_DOSE = re.compile(r"^\d+([.,]\d+)?(mg|mcg|g|ml)?$")


def normalise(name: str) -> str:
    """'  Lustral® ' -> 'lustral'; 'Sertraline Hydrochloride 50 mg' -> 'sertraline'; 'Séroxat' -> 'seroxat'."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[®™©]", "", text)
    words = re.sub(r"[^a-z0-9.,]+", " ", text).split()
    kept = [w for w in words if w not in IGNORED_WORDS and not _DOSE.match(w) and w not in ("mg", "mcg")]
    return " ".join(kept)


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Normalised name -> INN, for every INN, brand and listed synonym. Raises ValueError if a name is ambiguous."""
    drugs = catalog.drugs()
    pairs = [(inn, inn) for inn in drugs.inn]
    for inn, brands in zip(drugs.inn, drugs.brands):
        pairs += [(b, inn) for b in str(brands).split(",") if b.strip() and not pd.isna(brands)]
    extra = pd.read_csv(catalog.sources_dir() / "drug_names.csv")
    pairs += list(zip(extra.name, extra.inn))
    out: dict[str, str] = {}
    for name, inn in pairs:
        key = normalise(name)
        if out.setdefault(key, inn) != inn:
            raise ValueError(f"the drug name {name!r} means both {out[key]} and {inn}")
    return out


_PARENTHESES = re.compile(r"^(.*?)\(([^()]*)\)(.*)$")


def resolve(name: str) -> str | None:
    """The INN a name means, or None when the table does not know it."""
    if not isinstance(name, str):
        return None
    known = table().get(normalise(name))
    m = _PARENTHESES.match(name)
    if known or not m:
        return known
    outside, inside = resolve(m.group(1) + " " + m.group(3)), resolve(m.group(2))
    return outside if inside is None or outside == inside else (inside if outside is None else None)


def _distance(a: str, b: str, most: int) -> int:
    """Levenshtein distance between a and b, or most + 1 once it is known to exceed ``most``."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > most:
            return most + 1
    return row[-1]


def nearest(name: str) -> str | None:
    """The one drug whose names are within 1 edit (names under 7 letters) or 2 edits of ``name``; else None."""
    key = normalise(name) if isinstance(name, str) else ""
    if len(key) < 5 or not key.isalpha():
        return None
    most = 1 if len(key) < 7 else 2
    inns = {inn for known, inn in table().items() if _distance(key, known, most) <= most}
    return inns.pop() if len(inns) == 1 else None
