-- published_estimates: every checked published figure on one topic, with its citation and where it was read.
-- params:  $topic VARCHAR
-- columns: row_id BIGINT, study_key VARCHAR, authors VARCHAR, year BIGINT, title VARCHAR, journal VARCHAR, doi VARCHAR, pmid BIGINT, identifier_note VARCHAR, design VARCHAR, country VARCHAR, n_total DOUBLE, population VARCHAR, drug VARCHAR, drug_inn VARCHAR, duration_band VARCHAR, outcome_domain VARCHAR, outcome VARCHAR, measure VARCHAR, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE, numerator DOUBLE, denominator DOUBLE, n DOUBLE, n_is_whole_study BOOLEAN, row_label VARCHAR, source_quote VARCHAR, source_where VARCHAR, caveat VARCHAR
-- A topic groups outcome keys that measure the same thing on the same scale (data/sources/outcome_topics.csv). n is the estimate's own denominator where recorded, else the whole study's n (n_is_whole_study).
SELECT s.row_id, s.study_key, s.authors, s.year, s.title, s.journal, s.doi, s.pmid, s.identifier_note, s.design, s.country, s.n_total, s.population,
       s.drug, s.drug_inn, s.duration_band, s.outcome_domain, s.outcome, s.measure, s.value, s.ci_low, s.ci_high,
       s.numerator, s.denominator, coalesce(s.denominator, s.n_total) AS n,
       s.denominator IS NULL AND s.n_total IS NOT NULL AS n_is_whole_study, t.row_label, s.source_quote, s.source_where, s.caveat
FROM studies s
JOIN outcome_topics t ON t.outcome = s.outcome AND t.measure = s.measure
WHERE t.topic = $topic
ORDER BY s.design, s.year, s.study_key, s.row_id
