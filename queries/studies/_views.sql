-- _views (studies): the published evidence, loaded from the default data folder when its database is made.
-- File names resolve against the variable data_dir, set by sidefx/db.py to the data_dir setting (a local folder or a
-- remote location), whichever survey dataset a session has chosen: the studies are the same for every survey.
-- python -m sidefx.build writes both files from data/sources/ (evidence.csv, outcome_topics.csv).

CREATE MACRO data_file(name) AS getvariable('data_dir') || '/' || name;

CREATE TABLE studies AS SELECT * FROM read_parquet(data_file('studies.parquet'));
CREATE TABLE outcome_topics AS SELECT * FROM read_parquet(data_file('outcome_topics.parquet'));
