-- _touched_file: the case and report numbers one raw file of a quarter given again held before (the file it replaces), into touched_rows.
-- params:  $path VARCHAR
-- columns: none
-- A quarter given again replaces its files: the cases its earlier rows named are touched as well (sidefx/faers/incremental.py).
INSERT INTO touched_rows BY NAME
SELECT DISTINCT COLUMNS(lambda c: list_contains(['caseid', 'primaryid'], c)) FROM read_parquet($path);
