"""Reporter countries as ISO 3166-1 alpha-2 codes: the lookup table (sidefx.faers.countries)."""

from __future__ import annotations

import pycountry
import pytest

from sidefx.faers import countries


@pytest.mark.parametrize(
    "text, code",
    [
        ("UNITED STATES", "US"),
        ("UNITED KINGDOM", "GB"),
        ("KOREA, REPUBLIC OF", "KR"),
        ("RUSSIAN FEDERATION", "RU"),
        ("IRAN, ISLAMIC REPUBLIC OF", "IR"),
        ("TAIWAN, PROVINCE OF CHINA", "TW"),
        ("VIET NAM", "VN"),
        ("CZECH REPUBLIC", "CZ"),  # pycountry's official name (its name is Czechia)
        ("BOLIVIA", "BO"),  # its common name
        ("COTE D'IVOIRE", "CI"),  # its name without the accent
        ("USA", "US"),  # an alpha-3 code
        ("TURKEY", "TR"),  # a former ISO name pycountry no longer has (FORMER_NAMES)
        ("MACEDONIA, THE FORMER YUGOSLAV REPUBLIC OF", "MK"),
        ("NETHERLANDS ANTILLES", "AN"),  # gone from ISO 3166-1 in 2010 (pycountry.historic_countries)
    ],
)
def test_a_country_name_or_code_is_read_as_its_alpha_2_code(text, code):
    assert countries.codes()[countries.key(text)] == code


def test_what_is_no_country_or_an_ambiguous_one_is_not_in_the_table():
    table = countries.codes()
    assert "COUNTRY NOT SPECIFIED" not in table
    assert "ATLANTIS" not in table
    assert "SERBIA AND MONTENEGRO" not in table  # its old code CS was Czechoslovakia's before


def test_the_key_makes_spaces_single_drops_accents_and_upper_cases():
    assert countries.key("  Côte   d'Ivoire ") == "COTE D'IVOIRE"
    assert countries.key("korea, republic of") == "KOREA, REPUBLIC OF"


def test_the_table_agrees_with_pycountry_and_adds_only_what_it_does_not_know():
    table = countries.codes()
    for country in pycountry.countries:
        for field in countries.FIELDS:
            if value := getattr(country, field, None):
                assert table[countries.key(value)] == pycountry.countries.lookup(value).alpha_2 == country.alpha_2
    for name, code in countries.FORMER_NAMES.items():
        with pytest.raises(LookupError):  # pycountry knows it now: the explicit entry is to go
            pycountry.countries.lookup(name)
        assert table[name] == code
    assert all(k.isascii() and k == countries.key(k) for k in table)  # as _dupes.sql reads a text (strip_accents)
    assert list(countries.table().columns) == ["name", "code"] and len(countries.table()) == len(table)
