-- _stage_ther: a THER file's staged rows, under their quarter, to be sifted with the drugs (_keep_antidepressants.sql).
-- params:  $quarter VARCHAR
-- columns: none
CREATE OR REPLACE TEMP TABLE stage_ther AS SELECT $quarter AS quarter, * FROM stage;
