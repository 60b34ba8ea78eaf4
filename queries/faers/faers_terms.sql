-- faers_terms: the preferred terms named in a case with an antidepressant (any role), with every case naming each (any drug), most reported first, for the side-effect chooser.
-- params:  none
-- columns: pt VARCHAR, cases BIGINT
-- pt is in lower case, as the cells keep it (terms are matched case-insensitively).
SELECT substr(event, 4) AS pt, sum(cases)::BIGINT AS cases
FROM faers_event_cells
WHERE event LIKE 'pt:%' AND event IN (SELECT DISTINCT event FROM faers_drug_event_cells WHERE roles = 'any')
GROUP BY ALL
ORDER BY cases DESC, pt;
