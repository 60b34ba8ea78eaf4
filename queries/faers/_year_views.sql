-- _year_views (FAERS): the cells by quarter received that the ROR adjusted for year received needs, loaded after
-- _views.sql when the FAERS folder holds faers_quarter_drug_cells.parquet (sidefx/serve/sources.py, FAERS.optional;
-- else _year_none.sql makes them empty). Written by the import (queries/faers/_cells.sql). A folder imported before
-- they were made has neither file: the page still opens, and says that this adjustment needs the quarters imported
-- again.
CREATE TABLE faers_quarter_event_cells AS SELECT * FROM read_parquet(faers_file('faers_quarter_event_cells.parquet'));
CREATE TABLE faers_quarter_drug_cells AS SELECT * FROM read_parquet(faers_file('faers_quarter_drug_cells.parquet'));
