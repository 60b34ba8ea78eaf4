-- _update_before: the changed cases as the folder held them (from old_cases, old_drugs, old_reactions) into faers_cases, faers_drugs and faers_reactions, for the cells to count what they added before.
-- params:  none
-- columns: none
CREATE OR REPLACE TABLE faers_cases AS SELECT * FROM old_cases WHERE caseid IN (SELECT caseid FROM changed);
CREATE OR REPLACE TABLE faers_drugs AS SELECT * FROM old_drugs WHERE caseid IN (SELECT caseid FROM changed);
CREATE OR REPLACE TABLE faers_reactions AS SELECT * FROM old_reactions WHERE caseid IN (SELECT caseid FROM changed);
