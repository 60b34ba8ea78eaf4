-- _no_country: a staged DEMO file that has no reporter_country column (legacy AERS before the FDA added it) is given an empty one.
-- params:  none
-- columns: none
CREATE OR REPLACE TEMP TABLE stage AS SELECT *, CAST(NULL AS VARCHAR) AS reporter_country FROM stage;
