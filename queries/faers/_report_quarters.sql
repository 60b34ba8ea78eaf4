-- _report_quarters: every quarter in the FAERS folder after this import, in order.
-- params:  none
-- columns: quarter VARCHAR
SELECT DISTINCT quarter FROM raw_demo ORDER BY 1;
