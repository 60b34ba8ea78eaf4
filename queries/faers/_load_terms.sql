-- _load_terms: the hand-kept MedDRA terms of the dashboard's side effects (terms_frame, data/sources/faers_terms.csv).
-- params:  none
-- columns: none
CREATE TABLE terms AS SELECT * FROM terms_frame;
