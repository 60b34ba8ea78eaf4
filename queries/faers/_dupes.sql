-- _dupes: probable duplicates across case numbers flagged on faers_cases (column duplicate) and listed in faers_duplicates, never deleted.
-- params:  none
-- columns: none
-- Run by sidefx/faers/importer.py after _import.sql, on its cases (each case's latest version), faers_cases,
-- faers_reactions, raw_country, raw_drugset and country_codes (sidefx/faers/countries.py). The rule is AEOLUS's
-- (Banda et al. 2016): cases with another case number but the same event date, age, sex, reporter country, set of
-- drugs (any role, every drug: raw_drugset) and set of preferred terms (faers_reactions.pt) are one case reported
-- twice. A missing field never matches: a case is compared only when it gives all six, the event date as a whole day
-- (YYYYMMDD; a month or a year alone is too coarse), the age (0 to 120 years, to the hundredth of a year, from age
-- and age_cod), the sex as F or M (so a sex or age clash never matches, nor 'not given' with either), a reporter
-- country ('COUNTRY NOT SPECIFIED' is none), at least one drug and at least one term. Of each group of matching
-- cases the one with the latest FDA date is kept (then the larger case number); the others are flagged, with the
-- case they duplicate.

-- The countries and drug sets of the kept versions only (each row once: a row repeated in a file is one), not of
-- every version of every quarter. A country is compared as its ISO 3166-1 alpha-2 code, as FAERS files give it: a
-- legacy AERS file's name (UNITED STATES, KOREA, REPUBLIC OF) is read through country_codes, keyed without accents
-- (sidefx/faers/countries.py); a text it does not hold stays as it is, upper case with single spaces. Done here, as
-- the raw files are read, not when a quarter is staged: raw_country keeps each file's own text, so a folder imported
-- before is compared by codes once its cases are made again, its quarters never read again.
CREATE OR REPLACE TEMP TABLE kept_country AS
WITH texts AS (
    SELECT DISTINCT k.quarter, k.primaryid, upper(trim(regexp_replace(k.reporter_country, '\s+', ' ', 'g'))) AS text
    FROM raw_country k SEMI JOIN cases c ON k.quarter = c.quarter AND k.primaryid = c.primaryid
)
SELECT DISTINCT t.quarter, t.primaryid, coalesce(n.code, t.text) AS reporter_country
FROM texts t LEFT JOIN country_codes n ON n.name = strip_accents(t.text);
CREATE OR REPLACE TEMP TABLE kept_drugset AS
SELECT DISTINCT s.* FROM raw_drugset s SEMI JOIN cases c ON s.quarter = c.quarter AND s.primaryid = c.primaryid;

CREATE OR REPLACE TEMP TABLE dupe_keys AS
WITH reactions AS (
    SELECT caseid, md5(string_agg(DISTINCT pt, '|' ORDER BY pt)) AS reactions FROM faers_reactions GROUP BY caseid
), keyed AS (
    SELECT c.caseid::BIGINT AS caseid, c.fda_dt, c.event_dt, upper(trim(c.sex)) AS sex,
           round(try_cast(c.age AS DOUBLE) * months_per(c.age_cod) / 12, 2) AS age,
           nullif(k.reporter_country, 'COUNTRY NOT SPECIFIED') AS country,
           s.drugs, r.reactions
    FROM cases c
    LEFT JOIN kept_country k ON k.quarter = c.quarter AND k.primaryid = c.primaryid
    LEFT JOIN kept_drugset s ON s.quarter = c.quarter AND s.primaryid = c.primaryid
    LEFT JOIN reactions r ON r.caseid = c.caseid::BIGINT
)
SELECT * FROM keyed
WHERE regexp_full_match(coalesce(event_dt, ''), '[0-9]{8}') AND faers_date(event_dt) IS NOT NULL
  AND age BETWEEN 0 AND 120 AND sex IN ('F', 'M') AND coalesce(country, '') <> ''
  AND drugs IS NOT NULL AND reactions IS NOT NULL;

CREATE OR REPLACE TABLE faers_duplicates AS
SELECT caseid, kept_caseid FROM (
    SELECT caseid, first_value(caseid) OVER w AS kept_caseid, row_number() OVER w AS rank
    FROM dupe_keys
    WINDOW w AS (PARTITION BY event_dt, age, sex, country, drugs, reactions
                 ORDER BY fda_dt DESC NULLS LAST, caseid DESC)
) WHERE rank > 1
ORDER BY caseid;

ALTER TABLE faers_cases ADD COLUMN duplicate BOOLEAN DEFAULT false;

UPDATE faers_cases SET duplicate = true WHERE caseid IN (SELECT caseid FROM faers_duplicates);
