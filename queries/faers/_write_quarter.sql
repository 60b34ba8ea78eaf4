-- _write_quarter: one raw table's rows of one quarter (the quarters read in this import are in memory) into that quarter's own Parquet file.
-- params:  $table VARCHAR, $quarter VARCHAR, $path VARCHAR
-- columns: none
-- The FAERS folder keeps each quarter's raw rows as raw/<table>/<quarter>.parquet (sidefx/faers/rawfiles.py): an
-- import writes only the quarters it reads, and a quarter with no rows in a table gets an empty file.
COPY (SELECT * FROM query_table($table) WHERE quarter = $quarter) TO $path (FORMAT parquet, COMPRESSION zstd);
