-- _read_file: one FAERS or legacy AERS file's rows, the columns the import reads, into the temp table read_rows (all text, as the file holds it).
-- params:  $path VARCHAR, $columns STRUCT, $newline VARCHAR, $wanted VARCHAR[], $last VARCHAR
-- columns: none
-- The column names come from the file's header, a legacy file's under their FAERS names ($columns: every name as
-- VARCHAR, and _trailing for a row's trailing '$'). An empty field is read as NULL; a short line is padded and
-- flagged _short (its last column, $last, is missing, not empty), then dropped and counted by _drop_short.sql;
-- a long one (two reports run together) is rejected by the reader and counted by _count_rejected.sql.
CREATE OR REPLACE TEMP TABLE read_rows AS
SELECT nullif(COLUMNS(lambda c: list_contains($wanted, c)), ''), COLUMNS(lambda c: c = $last) IS NULL AS _short
FROM read_csv($path, delim='$', header=false, skip=1, quote='', escape='', encoding='latin-1', columns=$columns,
              null_padding=true, store_rejects=true, auto_detect=false, new_line=$newline, nullstr=chr(1));
