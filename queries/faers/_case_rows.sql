-- _case_rows: each case's events and each case's drugs in each set of roles, binned by time on the drug (temp tables case_events and case_drugs), which _cells.sql and _onset_cells.sql count.
-- params:  none
-- columns: none
-- Made from faers_reactions and faers_drugs. The event is 'effect:<catalogue key>' or 'pt:<preferred term>'
-- (faers_reactions.pt, made lower case and single-spaced by the import: the key is taken as it is); for a drug, the
-- INN, the roles counted ('suspect': PS, SS; 'any': PS, SS, C, I) and time on the drug as a bin [months_lo,
-- months_hi] cut at the slider's steps (getvariable('steps'), _set_steps.sql). A case naming a drug more than once
-- in the roles counted takes its longest time on it.

CREATE OR REPLACE TEMP TABLE case_events AS
SELECT DISTINCT caseid, 'effect:' || effect AS event FROM faers_reactions WHERE effect IS NOT NULL
UNION
SELECT DISTINCT caseid, 'pt:' || pt FROM faers_reactions;

CREATE OR REPLACE TEMP TABLE case_drugs AS
WITH roles AS (SELECT * FROM (VALUES ('suspect', ['PS', 'SS']), ('any', ['PS', 'SS', 'C', 'I'])) r(roles, codes)),
longest AS (
    SELECT d.caseid, d.inn, r.roles, max(d.duration_months) AS months, bool_or(d.duration_months IS NULL) AS some_unknown
    FROM faers_drugs d JOIN roles r ON list_contains(r.codes, d.role_cod)
    GROUP BY ALL
), steps AS (SELECT unnest(getvariable('steps')) AS step)
SELECT l.caseid, l.inn, l.roles,
       (SELECT CASE WHEN l.months IS NULL THEN NULL WHEN bool_or(step = l.months) THEN l.months
                    ELSE coalesce(max(step) FILTER (WHERE step < l.months) + 1, 0) END FROM steps) AS months_lo,
       (SELECT CASE WHEN l.months IS NULL THEN NULL WHEN bool_or(step = l.months) THEN l.months
                    ELSE coalesce(min(step) FILTER (WHERE step > l.months) - 1, max(step)) END FROM steps) AS months_hi
FROM longest l;
