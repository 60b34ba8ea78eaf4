-- _report_counts: what the import did, in numbers: report versions read, cases kept, deleted cases dropped, cases naming an antidepressant.
-- params:  none
-- columns: reports_read BIGINT, cases BIGINT, deleted BIGINT, antidepressant_cases BIGINT
SELECT (SELECT count(*) FROM (SELECT DISTINCT * FROM raw_demo)) AS reports_read,
       (SELECT count(*) FROM faers_cases) AS cases,
       (SELECT count(DISTINCT caseid) FROM raw_demo WHERE caseid IN (SELECT caseid FROM raw_deleted)) AS deleted,
       (SELECT count(DISTINCT caseid) FROM faers_drugs) AS antidepressant_cases;
