-- study_sources: one row per study in the evidence table: citation, DOI or PMID, design and how many figures it gives.
-- params:  none
-- columns: study_key VARCHAR, authors VARCHAR, year BIGINT, title VARCHAR, journal VARCHAR, doi VARCHAR, pmid BIGINT, identifier_note VARCHAR, design VARCHAR, figures BIGINT, secondary_figures BIGINT
SELECT study_key, any_value(authors) AS authors, any_value(year) AS year, any_value(title) AS title, any_value(journal) AS journal,
       any_value(doi) AS doi, any_value(pmid) AS pmid, max(identifier_note) AS identifier_note, any_value(design) AS design, count(*) AS figures,
       count(caveat) AS secondary_figures
FROM studies
GROUP BY study_key
ORDER BY year, study_key
