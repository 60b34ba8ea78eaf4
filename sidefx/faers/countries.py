"""The reporter country as an ISO 3166-1 alpha-2 code, for the probable-duplicate rule (queries/faers/_dupes.sql).

FAERS DEMO files (2012Q4 on) give ``reporter_country`` as its alpha-2 code (``US``, ``GB``); the legacy AERS ones
that have the column give the country's name in upper case (``UNITED STATES``, ``KOREA, REPUBLIC OF``). ``table``
is every way of writing a country that pycountry knows (its code, alpha-3 code, name, official and common name), with
the few former ISO names it no longer has, each mapped to the alpha-2 code: the import registers it on its connection
as ``country_codes`` and _dupes.sql joins each report's country text to it, read as ``key`` reads it. A text the
table does not hold (``COUNTRY NOT SPECIFIED``, a misspelling) is left as it is, upper case with single spaces.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pandas as pd
import pycountry

# The names in ISO 3166-1 at the time of the legacy files (2004Q1 to 2012Q3) that pycountry, which has only today's,
# no longer knows. Each is ISO 3166-1's English short name until the year said, the list the legacy files' other names
# (KOREA, REPUBLIC OF; TAIWAN, PROVINCE OF CHINA; VIET NAM) follow.
FORMER_NAMES = {
    "SAINT HELENA": "SH",  # until 2010, now Saint Helena, Ascension and Tristan da Cunha
    "LIBYAN ARAB JAMAHIRIYA": "LY",  # until 2011, now Libya
    "CAPE VERDE": "CV",  # until 2013, now Cabo Verde
    "PALESTINIAN TERRITORY, OCCUPIED": "PS",  # until 2013, now Palestine, State of
    "SWAZILAND": "SZ",  # until 2018, now Eswatini
    "MACEDONIA, THE FORMER YUGOSLAV REPUBLIC OF": "MK",  # until 2019, now North Macedonia
    "TURKEY": "TR",  # until 2022, now Türkiye
}
FIELDS = ("alpha_2", "alpha_3", "name", "official_name", "common_name")  # how pycountry.countries.lookup finds one,
# its numeric code aside (a number is no country's name)


def key(text: str) -> str:
    """A country text as the table is keyed: spaces made single, upper case, accents dropped (``CÔTE D'IVOIRE`` is
    ``COTE D'IVOIRE``), as _dupes.sql reads a report's country with DuckDB's strip_accents."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def codes() -> dict[str, str]:
    """Every country text pycountry knows (as ``key`` reads it) -> its alpha-2 code; then FORMER_NAMES; then the
    names of the countries ISO 3166-3 lists as gone (pycountry.historic_countries, such as NETHERLANDS ANTILLES), to
    their old code, where no country now has that code and no other gone country had it (CS was Czechoslovakia's and
    then Serbia and Montenegro's, AI is now Anguilla's: those are left as text)."""
    found = {key(v): c.alpha_2 for c in pycountry.countries for f in FIELDS if (v := getattr(c, f, None))}
    found.update({key(name): code for name, code in FORMER_NAMES.items() if key(name) not in found})
    current = {c.alpha_2 for c in pycountry.countries}
    old = [c.alpha_2 for c in pycountry.historic_countries]
    for c in pycountry.historic_countries:
        if c.alpha_2 not in current and old.count(c.alpha_2) == 1:
            found.setdefault(key(c.name), c.alpha_2)
    return found


def table() -> pd.DataFrame:
    """``codes`` as the frame the import registers as ``country_codes`` (name, code), in a fixed order."""
    return pd.DataFrame(sorted(codes().items()), columns=["name", "code"])
