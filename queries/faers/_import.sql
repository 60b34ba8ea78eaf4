-- _import: the deduplicated FAERS tables (faers_cases, faers_drugs, faers_reactions), made from every report version imported.
-- params:  none
-- columns: none
-- Run by sidefx/faers/importer.py after it has loaded raw_demo, raw_drug, raw_reac, raw_ther, raw_deleted and terms,
-- and defined pt_key (queries/faers/_terms.sql).
-- Dates: YYYYMMDD is a day; YYYYMM is read as the 15th of that month; YYYY alone is too coarse for a
-- duration and is left unknown. faers_day keeps a date only when it is given to the day (8 digits, a valid date):
-- a YYYYMM or YYYY date is never a day, so time to onset (days) is counted only between two such dates.

CREATE OR REPLACE MACRO faers_date(s) AS CASE
    WHEN regexp_full_match(coalesce(s, ''), '[0-9]{8}') THEN try_strptime(s, '%Y%m%d')::DATE
    WHEN regexp_full_match(coalesce(s, ''), '[0-9]{6}') THEN try_strptime(s || '15', '%Y%m%d')::DATE
END;
CREATE OR REPLACE MACRO faers_day(s) AS CASE
    WHEN regexp_full_match(coalesce(s, ''), '[0-9]{8}') THEN try_strptime(s, '%Y%m%d')::DATE
END;

-- Months per unit of THER's dur_cod and DEMO's age_cod (a year is 12 months; a month 30.4375 days).
CREATE OR REPLACE MACRO months_per(code) AS CASE upper(code)
    WHEN 'DEC' THEN 120.0 WHEN 'YR' THEN 12.0 WHEN 'MON' THEN 1.0 WHEN 'WK' THEN 12.0 / 52
    WHEN 'DAY' THEN 1 / 30.4375 WHEN 'DY' THEN 1 / 30.4375 WHEN 'HR' THEN 1 / 730.5
    WHEN 'MIN' THEN 1 / 43830.0 WHEN 'SEC' THEN 1 / 2629800.0
END;

-- The latest version of each case, unless the FDA lists the case as deleted: the highest caseversion, then the
-- later FDA date, then the larger primaryid (a number). A legacy AERS report (an ISR, read as primaryid) has no
-- caseversion: among a case's AERS versions the later FDA_DT wins, then the larger ISR, and a case carried into
-- FAERS (under the same case number) takes its FAERS version, which came after every AERS one.
CREATE OR REPLACE TABLE cases AS
SELECT * EXCLUDE (rn) FROM (
    SELECT d.*, row_number() OVER (
        PARTITION BY d.caseid
        ORDER BY try_cast(d.caseversion AS INTEGER) DESC NULLS LAST, d.fda_dt DESC NULLS LAST,
                 try_cast(d.primaryid AS BIGINT) DESC
    ) AS rn
    FROM raw_demo d  -- a row repeated in a DEMO file is one version: either copy is the same when it wins
    WHERE d.caseid NOT IN (SELECT caseid FROM raw_deleted)
) WHERE rn = 1;

CREATE OR REPLACE TABLE faers_cases AS
SELECT c.caseid::BIGINT AS caseid, c.primaryid::BIGINT AS primaryid, c.quarter,
       CASE upper(c.sex) WHEN 'F' THEN 'female' WHEN 'M' THEN 'male' ELSE 'not given' END AS sex,
       a.years AS age_years,
       CASE WHEN a.years IS NULL THEN 'not given' WHEN a.years < 18 THEN 'under 18' WHEN a.years < 25 THEN '18-24'
            WHEN a.years < 35 THEN '25-34' WHEN a.years < 45 THEN '35-44' WHEN a.years < 55 THEN '45-54'
            WHEN a.years < 65 THEN '55-64' ELSE '65+' END AS age_band,
       faers_date(c.event_dt) AS event_date,
       faers_day(c.event_dt) AS event_day  -- the event date when given to the day, else NULL
FROM cases c
CROSS JOIN LATERAL (
    SELECT CASE WHEN try_cast(c.age AS DOUBLE) * months_per(c.age_cod) / 12 BETWEEN 0 AND 120
                THEN floor(try_cast(c.age AS DOUBLE) * months_per(c.age_cod) / 12)::INTEGER END AS years
) a
ORDER BY caseid;

-- Each antidepressant a kept case names, with its role and how long it had been taken at the event.
CREATE OR REPLACE TABLE faers_drugs AS
WITH ther AS (
    SELECT primaryid, dsg_drug_seq AS drug_seq, min(faers_date(start_dt)) AS start_date,
           max(faers_date(end_dt)) AS end_date,
           max(try_cast(dur AS DOUBLE) * months_per(dur_cod)) AS dur_months,
           -- to the day: the earliest start (latest end) of the courses, unless a course gives one only to the month
           min(faers_day(start_dt)) AS start_day, bool_or(start_dt IS NOT NULL AND faers_day(start_dt) IS NULL) AS start_coarse,
           max(faers_day(end_dt)) AS end_day, bool_or(end_dt IS NOT NULL AND faers_day(end_dt) IS NULL) AS end_coarse
    FROM (SELECT DISTINCT * FROM raw_ther)
    GROUP BY ALL
), drug AS (
    SELECT DISTINCT d.primaryid, d.drug_seq, d.role_cod, d.inn FROM raw_drug d
    WHERE d.primaryid IN (SELECT primaryid FROM cases)
)
SELECT c.caseid::BIGINT AS caseid, d.inn, upper(d.role_cod) AS role_cod,
       max(floor(CASE
           WHEN t.start_date IS NOT NULL AND coalesce(faers_date(c.event_dt), t.end_date) >= t.start_date
               THEN date_diff('day', t.start_date, coalesce(faers_date(c.event_dt), t.end_date)) / 30.4375
           WHEN t.dur_months >= 0 THEN t.dur_months
       END)::INTEGER) AS duration_months,  -- one row per drug and role: the longest of its courses
       CASE WHEN NOT coalesce(bool_or(t.start_coarse), false) THEN min(t.start_day) END AS start_day,  -- its first
       CASE WHEN NOT coalesce(bool_or(t.end_coarse), false) THEN max(t.end_day) END AS end_day  -- start, last end, to the day
FROM drug d
JOIN cases c USING (primaryid)
LEFT JOIN ther t USING (primaryid, drug_seq)
GROUP BY ALL
ORDER BY caseid, inn, role_cod;

-- Every preferred term of every kept case (keyed by pt_key), with the dashboard's side effect where the
-- terms table maps it. Each term as written is keyed once (a few thousand), not once per row of every quarter.
CREATE OR REPLACE TABLE faers_reactions AS
WITH keys AS (
    SELECT pt, pt_key(pt) AS key FROM (SELECT DISTINCT pt FROM raw_reac)
)
SELECT DISTINCT c.caseid::BIGINT AS caseid, k.key AS pt, t.effect
FROM raw_reac r
JOIN cases c USING (primaryid)
JOIN keys k ON k.pt = r.pt
LEFT JOIN terms t ON k.key = pt_key(t.pt)
WHERE k.key <> ''
ORDER BY ALL;
