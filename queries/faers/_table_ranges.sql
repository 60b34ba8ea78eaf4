-- _table_ranges: the ranges of case numbers a case-level table holds rows of, as its files are named.
-- params:  $table VARCHAR, $width BIGINT
-- columns: name VARCHAR
SELECT DISTINCT printf('r%04d', caseid // $width) AS name FROM query_table($table) ORDER BY name;
