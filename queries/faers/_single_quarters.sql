-- _single_quarters: the quarters the raw tables kept as single files hold (the FAERS folder's layout before quarters had files of their own).
-- params:  $sources VARCHAR[]
-- columns: quarter VARCHAR
SELECT DISTINCT quarter FROM read_parquet($sources, union_by_name = true) ORDER BY quarter;
