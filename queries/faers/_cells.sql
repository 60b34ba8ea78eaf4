-- _cells: the pre-aggregated counts the FAERS page reads, made from faers_cases, faers_drugs and faers_reactions.
-- params:  none
-- columns: none
-- Made when reports are imported (sidefx/faers/importer.py writes each to Parquet). A cell counts
-- cases sharing every key, so every 2x2 table is a sum of whole cells and exactly equals counting cases
-- (tested against the case-level query kept in tests/reference_sql/faers_signals.sql).
--
-- Keys: sex and age band; the event as 'effect:<catalogue key>' or 'pt:<preferred term>' (faers_reactions.pt,
-- made lower case and single-spaced by the import: the key is taken as it is);
-- for drug cells, the INN, the roles counted ('suspect': PS, SS; 'any': PS, SS, C, I) and time on the
-- drug as a bin [months_lo, months_hi] cut at the slider's steps (getvariable('steps'), as the survey's
-- cubes are). A case naming a drug more than once in the roles counted takes its longest time on it.
-- Every cell is also keyed by duplicate (faers_cases.duplicate, flagged by _dupes.sql): whether its cases are probable
-- duplicates of another case number, so the page counts them or leaves them out (a case table made before they were
-- flagged has no such column: none of its cases is flagged).
-- Run after _case_rows.sql, on its temp tables case_events (each case's events) and case_drugs (each case's drugs in
-- each set of roles, binned by time on the drug).

ALTER TABLE faers_cases ADD COLUMN IF NOT EXISTS duplicate BOOLEAN DEFAULT false;

CREATE OR REPLACE TABLE faers_case_cells AS
SELECT sex, age_band, duplicate, count(*) AS cases FROM faers_cases GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TABLE faers_event_cells AS
SELECT e.event, c.sex, c.age_band, c.duplicate, count(*) AS cases
FROM case_events e JOIN faers_cases c USING (caseid)
GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TABLE faers_drug_cells AS
SELECT d.inn, d.roles, d.months_lo, d.months_hi, c.sex, c.age_band, c.duplicate, count(*) AS cases
FROM case_drugs d JOIN faers_cases c USING (caseid)
GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TABLE faers_drug_event_cells AS
SELECT e.event, d.inn, d.roles, d.months_lo, d.months_hi, c.sex, c.age_band, c.duplicate, count(*) AS cases
FROM case_drugs d JOIN case_events e USING (caseid) JOIN faers_cases c USING (caseid)
GROUP BY ALL ORDER BY ALL;

-- By quarter received (the quarter whose file held the case's latest version): every case, and cases naming
-- each drug with each catalogue side effect, with the same keys as above, for the chart of reports over time
-- (only catalogue effects: a preferred term's cells by quarter would multiply the largest table by the quarters).
CREATE OR REPLACE TABLE faers_quarter_cells AS
SELECT quarter, sex, age_band, duplicate, count(*) AS cases FROM faers_cases GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TABLE faers_quarter_drug_event_cells AS
SELECT c.quarter, e.event, d.inn, d.roles, d.months_lo, d.months_hi, c.sex, c.age_band, c.duplicate, count(*) AS cases
FROM case_drugs d JOIN case_events e USING (caseid) JOIN faers_cases c USING (caseid)
WHERE e.event LIKE 'effect:%'
GROUP BY ALL ORDER BY ALL;

-- By quarter received too, for the ROR adjusted for sex, age band and year received (faers_strata_by_year.sql): the
-- cases reporting each catalogue side effect, and the cases naming each drug in each set of roles with its time on it.
CREATE OR REPLACE TABLE faers_quarter_event_cells AS
SELECT c.quarter, e.event, c.sex, c.age_band, c.duplicate, count(*) AS cases
FROM case_events e JOIN faers_cases c USING (caseid)
WHERE e.event LIKE 'effect:%'
GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TABLE faers_quarter_drug_cells AS
SELECT c.quarter, d.inn, d.roles, d.months_lo, d.months_hi, c.sex, c.age_band, c.duplicate, count(*) AS cases
FROM case_drugs d JOIN faers_cases c USING (caseid)
GROUP BY ALL ORDER BY ALL;

-- By year received (of the quarter whose file held the case's latest version), for EBGM's strata (_ebgm_strata.sql):
-- every event, and every drug in each set of roles, with sex, age band and duplicate. Kept in the folder's state/
-- (sidefx/faers/incremental.py), not read by the page.
CREATE OR REPLACE TABLE faers_event_year_cells AS
SELECT e.event, c.sex, c.age_band, left(c.quarter, 4) AS year, c.duplicate, count(*) AS cases
FROM case_events e JOIN faers_cases c USING (caseid)
GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TABLE faers_drug_year_cells AS
SELECT d.roles, d.inn, c.sex, c.age_band, left(c.quarter, 4) AS year, c.duplicate, count(*) AS cases
FROM case_drugs d JOIN faers_cases c USING (caseid)
GROUP BY ALL ORDER BY ALL;

-- What the folder holds, for the page's summary: cases naming an antidepressant, and the probable duplicates flagged
-- (every count here includes them).

CREATE OR REPLACE TABLE faers_totals AS
SELECT (SELECT count(*) FROM faers_cases) AS cases,
       (SELECT count(DISTINCT caseid) FROM case_drugs WHERE roles = 'any') AS antidepressant_cases,
       (SELECT count(*) FROM faers_cases WHERE duplicate) AS duplicates;
