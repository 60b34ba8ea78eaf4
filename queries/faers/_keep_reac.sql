-- _keep_reac: a REAC file's staged rows into raw_reac, under their quarter.
-- params:  $quarter VARCHAR
-- columns: none
INSERT INTO raw_reac BY NAME SELECT $quarter AS quarter, primaryid, pt FROM stage;
