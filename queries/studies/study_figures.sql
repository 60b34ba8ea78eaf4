-- study_figures: every checked figure one study reports, with the phrase it was read in.
-- params:  $study_key VARCHAR
-- columns: study_key VARCHAR, authors VARCHAR, year BIGINT, title VARCHAR, journal VARCHAR, doi VARCHAR, pmid BIGINT, design VARCHAR, n_total DOUBLE, population VARCHAR, drug VARCHAR, duration_band VARCHAR, outcome VARCHAR, measure VARCHAR, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE, numerator DOUBLE, denominator DOUBLE, source_quote VARCHAR, caveat VARCHAR
SELECT study_key, authors, year, title, journal, doi, pmid, design, n_total, population, drug, duration_band, outcome, measure,
       value, ci_low, ci_high, numerator, denominator, source_quote, caveat
FROM studies
WHERE study_key = $study_key
ORDER BY row_id
