-- faers_drug_options: every drug in the catalogue as it was at import, with its class, brand names and how many deduplicated cases name it (in any role).
-- params:  none
-- columns: inn VARCHAR, drug_class VARCHAR, brands VARCHAR, cases BIGINT
SELECT d.inn, d.drug_class, coalesce(d.brands, '') AS brands, coalesce(sum(c.cases), 0)::BIGINT AS cases
FROM drugs d
LEFT JOIN faers_drug_cells c ON c.inn = d.inn AND c.roles = 'any'
GROUP BY ALL
ORDER BY cases DESC, d.inn
