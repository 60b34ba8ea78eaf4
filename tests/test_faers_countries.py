"""Reporter countries compared as ISO 3166-1 alpha-2 codes: the lookup table (sidefx.faers.countries), and a legacy AERS
quarter (countries as names) and a FAERS quarter (as codes) whose probable duplicates across them are flagged."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pycountry
import pytest

from sidefx.faers import countries, importer, incremental
from tests.test_faers import line, read, write_quarter
from tests.test_faers_legacy import demo, drugs, legacy_line, write_legacy


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


# ---- a legacy report and a FAERS report of one event ------------------------------------------------------------
# (event date, age, sex, drug, reaction) each pair of cases shares; then the legacy report's country, the FAERS one's.
EVENTS = {
    "named and coded": ("20120801", 52, "F", ("PAROXETINE HCL", "PAXIL", "PAROXETINE HYDROCHLORIDE"),
                        "DRUG WITHDRAWAL SYNDROME", "UNITED STATES", "US"),
    "korea": ("20120802", 40, "M", ("ZOLOFT", "ZOLOFT", "SERTRALINE HYDROCHLORIDE"), "NAUSEA",
              "KOREA, REPUBLIC OF", "KR"),
    "same unknown text": ("20120803", 35, "F", ("PAXIL", "PAXIL", "PAROXETINE HYDROCHLORIDE"), "HEADACHE",
                          "ATLANTIS", "atlantis "),
    "not specified": ("20120804", 60, "M", ("PAXIL", "PAXIL", "PAROXETINE HYDROCHLORIDE"), "INSOMNIA",
                      "COUNTRY NOT SPECIFIED", "COUNTRY NOT SPECIFIED"),
    "two countries": ("20120805", 28, "F", ("PAXIL", "PAXIL", "PAROXETINE HYDROCHLORIDE"), "TREMOR",
                      "CANADA", "US"),
}  # fmt: skip
LEGACY_CASE, FAERS_CASE = 8300001, 9300001  # + the event's index
OTHER_UNKNOWN = 9300010  # FAERS: the "same unknown text" event again, from NEW ATLANTIS


def legacy_2012q3(folder: Path) -> Path:
    """2012Q3 as the FDA wrote it, with REPORTER_COUNTRY as a name: one report per event, sent 15 August 2012."""
    demo_rows, drug_rows, reac_rows = [], [], []
    for i, (event_dt, age, sex, (name, *_), pt, country, _) in enumerate(EVENTS.values()):
        isr = 8400001 + i
        demo_rows.append(demo(isr, LEGACY_CASE + i, "20120815", event_dt=event_dt, age=age, age_cod="YR",
                              gndr_cod=sex, reporter_country=country))  # fmt: skip
        drug_rows += drugs(isr, (1, "PS", name))
        reac_rows.append(legacy_line("REAC", isr=isr, pt=pt))
    return write_legacy(folder, "12Q3", {"DEMO": demo_rows, "DRUG": drug_rows, "REAC": reac_rows, "THER": []})


def faers_2012q4(folder: Path) -> Path:
    """2012Q4 as the FDA writes it, reporter_country as a code: the same events under other case numbers, sent 20
    October 2012 (so the FAERS case is the one kept), and the unknown-text event once more from another text."""
    rows = [(FAERS_CASE + i, *event[:4], event[4].capitalize(), event[6]) for i, event in enumerate(EVENTS.values())]
    event_dt, age, sex, drug, pt, _, _ = EVENTS["same unknown text"]
    rows.append((OTHER_UNKNOWN, event_dt, age, sex, drug, pt.capitalize(), "NEW ATLANTIS"))
    demo_rows, drug_rows, reac_rows = [], [], []
    for caseid, event_dt, age, sex, (_, name, ai), pt, country in rows:
        pid = caseid * 10 + 1
        demo_rows.append(line("DEMO", primaryid=pid, caseid=caseid, caseversion=1, event_dt=event_dt, fda_dt="20121020",
                              age=age, age_cod="YR", sex=sex, reporter_country=country, occr_country=country))  # fmt: skip
        drug_rows.append(
            line("DRUG", primaryid=pid, caseid=caseid, drug_seq=1, role_cod="PS", drugname=name, prod_ai=ai)
        )
        reac_rows.append(line("REAC", primaryid=pid, caseid=caseid, pt=pt))
    tables = {"DEMO": demo_rows, "DRUG": drug_rows, "REAC": reac_rows, "THER": []}
    return write_quarter(folder, "12Q4", tables, newline="\r\n")


# Hand-computed: 11 cases (5 legacy, 6 FAERS); the two COUNTRY NOT SPECIFIED ones give no country, so 9 are compared.
# Three pairs match: UNITED STATES and US, KOREA, REPUBLIC OF and KR, ATLANTIS and 'atlantis ' (the same text once
# upper-cased and trimmed); in each the FAERS case has the later FDA date and is kept, the legacy one flagged. NEW
# ATLANTIS matches neither; CANADA and US clash.
PAIRS = [[LEGACY_CASE + i, FAERS_CASE + i] for i in range(3)]


@pytest.mark.parametrize("order", ["together", "legacy first", "FAERS first"])
def test_a_legacy_report_naming_its_country_and_a_faers_one_coding_it_are_one_probable_duplicate(tmp_path, order):
    legacy, faers = legacy_2012q3(tmp_path / "aers"), faers_2012q4(tmp_path / "faers_in")
    out = tmp_path / "faers"
    steps = {"together": [[legacy, faers]], "legacy first": [[legacy], [faers]], "FAERS first": [[faers], [legacy]]}
    for given in steps[order]:
        assert importer.main([*map(str, given), "--out", str(out)]) == 0
    cases = read(out, "faers_cases").set_index("caseid")
    assert len(cases) == 11  # flagged, never deleted
    assert sorted(cases.index[cases.duplicate]) == [LEGACY_CASE, LEGACY_CASE + 1, LEGACY_CASE + 2]
    assert read(out, "faers_duplicates")[["caseid", "kept_caseid"]].values.tolist() == PAIRS
    assert "3 of 9 cases giving event date" in (out / "import-report.txt").read_text()
    raw = read(out, "raw/raw_country/2012Q3")  # the legacy file's own text is kept as read
    assert "KOREA, REPUBLIC OF" in set(raw.reporter_country)


def test_a_folder_made_before_countries_were_codes_is_compared_by_codes_from_its_raw_files(tmp_path):
    """A folder imported before: its state holds the legacy cases' countries as names and no country table. The
    quarter added makes every case again from the raw files (the legacy quarter is never read again), by codes."""
    out = tmp_path / "faers"
    assert importer.main([str(legacy_2012q3(tmp_path / "aers")), "--out", str(out)]) == 0
    state = out / incremental.STATE
    made_with = json.loads((state / incremental.INPUTS).read_text())
    del made_with["countries"]
    (state / incremental.INPUTS).write_text(json.dumps(made_with) + "\n")
    keys = str(state / f"{incremental.KEYS}.parquet")
    names = {"US": "UNITED STATES", "KR": "KOREA, REPUBLIC OF", "CA": "CANADA"}
    old = duckdb.read_parquet(keys).df()
    old["country"] = old.country.map(lambda c: names.get(c, c))  # as they were kept: the names
    assert "UNITED STATES" in set(old.country)
    old.to_parquet(keys + ".old", index=False)
    Path(keys + ".old").replace(keys)
    assert importer.main([str(faers_2012q4(tmp_path / "faers_in")), "--out", str(out)]) == 0
    assert read(out, "faers_duplicates")[["caseid", "kept_caseid"]].values.tolist() == PAIRS
    assert "countries" in json.loads((state / incremental.INPUTS).read_text())
