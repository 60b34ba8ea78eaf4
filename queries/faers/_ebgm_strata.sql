-- _ebgm_strata: the counts EBGM's expected counts and prior are made from (sidefx/faers/ebgm.py), by stratum: sex × age band × year received.
-- params:  none
-- columns: none
-- Run after _cells.sql (or _update_cells.sql), on its cells, so every count is of deduplicated cases, as the cells'
-- are, and costs what the cells do, not what the cases do. A stratum is a sex, an age band ('not given' is a sex and a
-- band of its own) and the year received: the year of the quarter whose file held the case's latest version. The
-- events are those the page can ask for: each catalogue side effect and preferred term reported in a case naming an
-- antidepressant in any role (the terms faers_terms.sql lists, the effects among them). Probable duplicates
-- (faers_cases.duplicate) are left out of every count: the fit, E and N are of the other cases.

CREATE OR REPLACE TEMP TABLE ebgm_strata AS  -- n_s: every case in the stratum
SELECT concat_ws(' · ', sex, age_band, left(quarter, 4)) AS stratum, sum(cases)::BIGINT AS cases
FROM faers_quarter_cells WHERE NOT duplicate
GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TEMP TABLE ebgm_events AS
SELECT DISTINCT event FROM faers_drug_event_cells WHERE roles = 'any' AND NOT duplicate;

CREATE OR REPLACE TEMP TABLE ebgm_event_strata AS  -- n_event,s: the cases reporting the event
SELECT event, concat_ws(' · ', sex, age_band, year) AS stratum, sum(cases)::BIGINT AS cases
FROM faers_event_year_cells
WHERE NOT duplicate AND event IN (SELECT event FROM ebgm_events)
GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TEMP TABLE ebgm_drug_strata AS  -- n_drug,s: the cases naming the drug in the roles, at any time on it
SELECT roles, inn, concat_ws(' · ', sex, age_band, year) AS stratum, sum(cases)::BIGINT AS cases
FROM faers_drug_year_cells WHERE NOT duplicate
GROUP BY ALL ORDER BY ALL;

CREATE OR REPLACE TEMP TABLE ebgm_observed AS  -- N: the cases naming the drug in the roles and reporting the event
SELECT roles, inn, event, sum(cases)::BIGINT AS n
FROM faers_drug_event_cells
WHERE NOT duplicate AND event IN (SELECT event FROM ebgm_events)
GROUP BY ALL ORDER BY ALL;
