-- faers_summary: what the imported FAERS folder holds: its name and source, cases, quarters, cases naming an antidepressant.
-- params:  none
-- columns: name VARCHAR, source VARCHAR, cases BIGINT, first_quarter VARCHAR, last_quarter VARCHAR, quarters BIGINT, antidepressant_cases BIGINT
SELECT d.name, d.source,
       (SELECT count(*) FROM faers_cases) AS cases,
       (SELECT min(quarter) FROM faers_cases) AS first_quarter,
       (SELECT max(quarter) FROM faers_cases) AS last_quarter,
       (SELECT count(DISTINCT quarter) FROM faers_cases) AS quarters,
       (SELECT count(DISTINCT caseid) FROM faers_drugs) AS antidepressant_cases
FROM faers_dataset d;
