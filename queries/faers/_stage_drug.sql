-- _stage_drug: a DRUG file's staged rows, under their quarter, to be sifted for antidepressants (_keep_antidepressants.sql).
-- params:  $quarter VARCHAR
-- columns: none
CREATE OR REPLACE TEMP TABLE stage_drug AS SELECT $quarter AS quarter, * FROM stage;
