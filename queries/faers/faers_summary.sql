-- faers_summary: what the imported FAERS folder holds: its name and source, cases, quarters, cases naming an antidepressant, cases flagged as probable duplicates.
-- params:  none
-- columns: name VARCHAR, source VARCHAR, cases BIGINT, first_quarter VARCHAR, last_quarter VARCHAR, quarters BIGINT, antidepressant_cases BIGINT, duplicates BIGINT
-- cases counts every case, flagged or not; duplicates is NULL for a folder imported before they were flagged.
SELECT d.name, d.source, t.cases,
       (SELECT min(quarter) FROM faers_quarter_cells) AS first_quarter,
       (SELECT max(quarter) FROM faers_quarter_cells) AS last_quarter,
       (SELECT count(DISTINCT quarter) FROM faers_quarter_cells) AS quarters,
       t.antidepressant_cases, t.duplicates
FROM faers_dataset d CROSS JOIN faers_totals t;
