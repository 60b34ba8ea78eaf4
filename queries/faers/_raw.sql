-- _raw: the raw FAERS tables an import fills (every version of every report, as read; all text, as the files hold it).
-- params:  none
-- columns: none
-- Kept in the FAERS folder as faers_raw_*.parquet so a later quarter can be added.
CREATE TABLE raw_demo (quarter VARCHAR, primaryid VARCHAR, caseid VARCHAR, caseversion VARCHAR, event_dt VARCHAR,
                       fda_dt VARCHAR, age VARCHAR, age_cod VARCHAR, sex VARCHAR);
CREATE TABLE raw_drug (quarter VARCHAR, primaryid VARCHAR, caseid VARCHAR, drug_seq VARCHAR, role_cod VARCHAR,
                       inn VARCHAR);  -- antidepressants only, by INN
CREATE TABLE raw_reac (quarter VARCHAR, primaryid VARCHAR, pt VARCHAR);
CREATE TABLE raw_ther (quarter VARCHAR, primaryid VARCHAR, caseid VARCHAR, dsg_drug_seq VARCHAR, start_dt VARCHAR,
                       end_dt VARCHAR, dur VARCHAR, dur_cod VARCHAR);  -- courses of those antidepressants only
CREATE TABLE raw_deleted (quarter VARCHAR, caseid VARCHAR);
