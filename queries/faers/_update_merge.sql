-- _update_merge: the probable duplicates made again where a touched case is or was (dupe_keys, faers_duplicates), and the cases whose cells change (temp table changed).
-- params:  none
-- columns: none
-- From the folder's old_keys (every compared case's fields, queries/faers/_dupes.sql) and old_duplicates, and the
-- touched cases' new_keys. A group of matching cases is ranked again, whole, when a touched case's old or new fields
-- are its fields; every other group's flags are kept as they were. A case's cells change when it is touched or its
-- flag does.
CREATE OR REPLACE TEMP TABLE dupe_keys AS
SELECT * FROM old_keys WHERE caseid NOT IN (SELECT caseid FROM touched)
UNION ALL
SELECT * FROM new_keys;

CREATE OR REPLACE TEMP TABLE dupe_groups AS
SELECT DISTINCT event_dt, age, sex, country, drugs, reactions FROM (
    SELECT * FROM old_keys WHERE caseid IN (SELECT caseid FROM touched) UNION ALL SELECT * FROM new_keys
);

CREATE OR REPLACE TEMP TABLE regrouped AS
SELECT caseid FROM dupe_keys SEMI JOIN dupe_groups USING (event_dt, age, sex, country, drugs, reactions)
UNION
SELECT caseid FROM touched;

CREATE OR REPLACE TABLE faers_duplicates AS
SELECT * FROM (
    SELECT caseid, kept_caseid FROM old_duplicates WHERE caseid NOT IN (SELECT caseid FROM regrouped)
    UNION ALL
    SELECT caseid, kept_caseid FROM (
        SELECT caseid, first_value(caseid) OVER w AS kept_caseid, row_number() OVER w AS rank
        FROM dupe_keys SEMI JOIN dupe_groups USING (event_dt, age, sex, country, drugs, reactions)
        WINDOW w AS (PARTITION BY event_dt, age, sex, country, drugs, reactions
                     ORDER BY fda_dt DESC NULLS LAST, caseid DESC)
    ) WHERE rank > 1
)
ORDER BY caseid;

CREATE OR REPLACE TEMP TABLE changed AS
SELECT caseid FROM touched
UNION
(SELECT caseid FROM old_duplicates EXCEPT SELECT caseid FROM faers_duplicates)
UNION
(SELECT caseid FROM faers_duplicates EXCEPT SELECT caseid FROM old_duplicates);
