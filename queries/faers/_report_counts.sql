-- _report_counts: what the import did, in numbers: cases kept, deleted cases dropped, cases naming an antidepressant.
-- params:  none
-- columns: cases BIGINT, deleted BIGINT, antidepressant_cases BIGINT
-- The report versions read are counted per quarter (_quarter_reports.sql), only for the quarters given.
SELECT (SELECT count(*) FROM faers_cases) AS cases,
       (SELECT count(DISTINCT caseid) FROM raw_demo WHERE caseid IN (SELECT caseid FROM raw_deleted)) AS deleted,
       (SELECT count(DISTINCT caseid) FROM faers_drugs) AS antidepressant_cases;
