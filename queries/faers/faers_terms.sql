-- faers_terms: the preferred terms named in a case with an antidepressant (any role), with the cases naming each (any drug; without the probable duplicates unless $include_duplicates), most reported first, for the side-effect chooser.
-- params:  $include_duplicates BOOLEAN
-- columns: pt VARCHAR, cases BIGINT
-- pt is in lower case, as the cells keep it (terms are matched case-insensitively). Every term is listed whatever the
-- choice (a term named only in flagged cases counts 0 without them), so a link naming it stays valid.
SELECT substr(event, 4) AS pt,
       coalesce(sum(cases) FILTER (WHERE $include_duplicates OR NOT duplicate), 0)::BIGINT AS cases
FROM faers_event_cells
WHERE event LIKE 'pt:%' AND event IN (SELECT DISTINCT event FROM faers_drug_event_cells WHERE roles = 'any')
GROUP BY ALL
ORDER BY cases DESC, pt;
