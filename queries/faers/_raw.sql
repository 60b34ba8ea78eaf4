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
-- For flagging probable duplicates (queries/faers/_dupes.sql): each report version's reporter country (DEMO's
-- reporter_country, when the file has that column) and a fingerprint of the set of drugs its DRUG rows name, in any
-- role (every drug, not only antidepressants: an md5 of the sorted names).
CREATE TABLE raw_country (quarter VARCHAR, primaryid VARCHAR, reporter_country VARCHAR);
CREATE TABLE raw_drugset (quarter VARCHAR, primaryid VARCHAR, drugs VARCHAR);
