-- _ebgm_strata: the counts EBGM's expected counts and prior are made from (sidefx/faers/ebgm.py), by stratum: sex × age band × year received.
-- params:  none
-- columns: none
-- Run after _cells.sql, on its case_events and case_drugs (the deduplicated cases' events, and the drugs each names
-- in each set of roles), so every count is of deduplicated cases, as the cells' are. A stratum is a sex, an age band
-- ('not given' is a sex and a band of its own) and the year received: the year of the quarter whose file held the
-- case's latest version. The events are those the page can ask for: each catalogue side effect and preferred term
-- reported in a case naming an antidepressant in any role (the terms faers_terms.sql lists, the effects among them).
-- Probable duplicates (faers_cases.duplicate) are left out of every count: the fit, E and N are of the other cases.

CREATE OR REPLACE TEMP TABLE ebgm_case_strata AS
SELECT caseid, concat_ws(' · ', sex, age_band, left(quarter, 4)) AS stratum FROM faers_cases WHERE NOT duplicate;

CREATE OR REPLACE TEMP TABLE ebgm_strata AS  -- n_s: every case in the stratum
SELECT stratum, count(*) AS cases FROM ebgm_case_strata GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TEMP TABLE ebgm_events AS
SELECT DISTINCT event FROM case_events
WHERE caseid IN (SELECT caseid FROM case_drugs WHERE roles = 'any') AND caseid IN (SELECT caseid FROM ebgm_case_strata);

CREATE OR REPLACE TEMP TABLE ebgm_event_strata AS  -- n_event,s: the cases reporting the event
SELECT e.event, s.stratum, count(*) AS cases
FROM case_events e JOIN ebgm_case_strata s USING (caseid)
WHERE e.event IN (SELECT event FROM ebgm_events)
GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TEMP TABLE ebgm_drug_strata AS  -- n_drug,s: the cases naming the drug in the roles, at any time on it
SELECT d.roles, d.inn, s.stratum, count(*) AS cases
FROM case_drugs d JOIN ebgm_case_strata s USING (caseid)
GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TEMP TABLE ebgm_observed AS  -- N: the cases naming the drug in the roles and reporting the event
SELECT d.roles, d.inn, e.event, count(*) AS n
FROM case_drugs d JOIN case_events e USING (caseid) SEMI JOIN ebgm_case_strata USING (caseid)
WHERE e.event IN (SELECT event FROM ebgm_events)
GROUP BY ALL ORDER BY ALL;
