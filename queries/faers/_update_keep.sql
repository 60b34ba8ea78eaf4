-- _update_keep: the touched cases as _import.sql and _dupes.sql have just made them, kept as new_cases, new_drugs, new_reactions and new_keys for _update_merge.sql.
-- params:  none
-- columns: none
-- Their duplicate flags and faers_duplicates are not kept: a group of probable duplicates can hold cases not touched.
CREATE OR REPLACE TEMP TABLE new_cases AS SELECT * EXCLUDE (duplicate) FROM faers_cases;
CREATE OR REPLACE TEMP TABLE new_drugs AS SELECT * FROM faers_drugs;
CREATE OR REPLACE TEMP TABLE new_reactions AS SELECT * FROM faers_reactions;
CREATE OR REPLACE TEMP TABLE new_keys AS SELECT * FROM dupe_keys;
