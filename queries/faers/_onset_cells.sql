-- _onset_cells: days from starting (and from stopping) each antidepressant to each side effect, counted in cells the FAERS page reads (faers_onset_cells).
-- params:  none
-- columns: none
-- Run by sidefx/faers/importer.py after _cells.sql, on its temp tables case_drugs and case_events, when faers_cases
-- has event_day and faers_drugs has start_day and end_day (dates given to the day, else NULL: _import.sql).
-- since 'start': days = event_day - the drug's first start to the day, when both are known and the event is not
-- before the start (0 = the same day); since 'end': days = event_day - its last end to the day, when the event is on
-- or after it (an event while still taking it is not counted). A case naming the drug in several rows of the roles
-- counted takes its earliest start and latest end. Only the dashboard's side effects are kept (as by quarter: a
-- preferred term's days would make a cell of nearly every case). Keys as in faers_drug_event_cells (duplicate too), with days.
CREATE OR REPLACE TABLE faers_onset_cells AS
WITH roles AS (SELECT * FROM (VALUES ('suspect', ['PS', 'SS']), ('any', ['PS', 'SS', 'C', 'I'])) r(roles, codes)),
dates AS (
    SELECT d.caseid, d.inn, r.roles, min(d.start_day) AS start_day, max(d.end_day) AS end_day
    FROM faers_drugs d JOIN roles r ON list_contains(r.codes, d.role_cod)
    GROUP BY ALL
), onsets AS (
    SELECT e.event, d.caseid, d.inn, d.roles, d.months_lo, d.months_hi, c.sex, c.age_band, c.duplicate,
           date_diff('day', t.start_day, c.event_day) AS from_start,
           date_diff('day', t.end_day, c.event_day) AS from_end
    FROM case_drugs d
    JOIN dates t USING (caseid, inn, roles)
    JOIN case_events e USING (caseid)
    JOIN faers_cases c USING (caseid)
    WHERE e.event LIKE 'effect:%' AND c.event_day IS NOT NULL
)
SELECT event, since, inn, roles, months_lo, months_hi, sex, age_band, duplicate, days::INTEGER AS days, count(*) AS cases
FROM (
    SELECT *, 'start' AS since, from_start AS days FROM onsets WHERE from_start >= 0
    UNION ALL
    SELECT *, 'end' AS since, from_end AS days FROM onsets WHERE from_end >= 0
)
GROUP BY ALL ORDER BY ALL;
