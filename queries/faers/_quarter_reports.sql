-- _quarter_reports: the report versions (distinct DEMO rows) of each quarter named, for the import's report.
-- params:  $quarters VARCHAR[]
-- columns: quarter VARCHAR, reports BIGINT
-- Kept per quarter in the folder's state/ (sidefx/faers/importer.py), so an added quarter counts only its own rows.
SELECT quarter, count(*) AS reports
FROM (SELECT DISTINCT * FROM raw_demo WHERE list_contains($quarters, quarter))
GROUP BY quarter ORDER BY quarter;
