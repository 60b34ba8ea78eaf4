-- drug_options: every drug in the catalogue with its class, brand names and how many survey respondents took it.
-- params:  none
-- columns: inn VARCHAR, drug_class VARCHAR, brands VARCHAR, respondents BIGINT
SELECT d.inn, d.drug_class, coalesce(d.brands, '') AS brands, coalesce(sum(r.respondents), 0)::BIGINT AS respondents
FROM drugs d
LEFT JOIN respondent_cells r ON r.drug = d.inn
GROUP BY ALL
ORDER BY respondents DESC, d.inn
