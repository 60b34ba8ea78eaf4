-- _write_range: one case-level table's rows of one range of case numbers into that range's own Parquet file.
-- params:  $table VARCHAR, $lo BIGINT, $hi BIGINT, $path VARCHAR
-- columns: none
-- cases/<table>/<range>.parquet, the cases numbered $lo to $hi - 1 (sidefx/faers/casefiles.py); the filter on caseid
-- reaches the folder's own files, so a range written again reads little more than its own file.
COPY (
    SELECT * FROM query_table($table) WHERE caseid >= $lo AND caseid < $hi ORDER BY caseid
) TO $path (FORMAT parquet, COMPRESSION zstd);
