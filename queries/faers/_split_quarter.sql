-- _split_quarter: one quarter's rows of a raw table kept as a single file (the FAERS folder's layout before quarters had files of their own) into that quarter's own file.
-- params:  $source VARCHAR, $quarter VARCHAR, $path VARCHAR
-- columns: none
COPY (SELECT * FROM read_parquet($source) WHERE quarter = $quarter) TO $path (FORMAT parquet, COMPRESSION zstd);
