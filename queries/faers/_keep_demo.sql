-- _keep_demo: a DEMO file's staged rows into raw_demo, under their quarter.
-- params:  $quarter VARCHAR
-- columns: none
INSERT INTO raw_demo BY NAME SELECT $quarter AS quarter, * FROM stage;
