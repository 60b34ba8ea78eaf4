-- _keep_demo: a DEMO file's staged rows into raw_demo, under their quarter (the reporter country goes to raw_country: _keep_country.sql).
-- params:  $quarter VARCHAR
-- columns: none
INSERT INTO raw_demo BY NAME SELECT $quarter AS quarter, * EXCLUDE (reporter_country) FROM stage;
