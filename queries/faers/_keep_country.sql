-- _keep_country: each staged DEMO report's reporter country, where it gives one, into raw_country, under its quarter.
-- params:  $quarter VARCHAR
-- columns: none
-- A DEMO file without a reporter_country column (early legacy AERS quarters) was given an empty one (_no_country.sql).
INSERT INTO raw_country SELECT $quarter, primaryid, reporter_country FROM stage WHERE reporter_country IS NOT NULL;
