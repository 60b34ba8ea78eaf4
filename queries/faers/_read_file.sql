-- _read_file: one FAERS file's rows, the columns the import reads, into the temp table stage (all text, as the file holds it).
-- params:  $path VARCHAR, $columns STRUCT, $newline VARCHAR, $wanted VARCHAR[]
-- columns: none
-- The column names come from the file's header ($columns: every name as VARCHAR, and _trailing for a legacy
-- row's trailing '$'). A short line is padded (then dropped by _drop_short.sql unless its keys read as numbers);
-- a long one (two reports run together) is rejected by the reader and counted by _count_rejected.sql.
CREATE OR REPLACE TEMP TABLE stage AS
SELECT COLUMNS(lambda c: list_contains($wanted, c))
FROM read_csv($path, delim='$', header=false, skip=1, quote='', escape='', encoding='latin-1', columns=$columns,
              null_padding=true, store_rejects=true, auto_detect=false, new_line=$newline);
