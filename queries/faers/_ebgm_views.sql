-- _ebgm_views (FAERS): EBGM's tables, loaded after _views.sql when the FAERS folder holds faers_ebgm.parquet
-- (sidefx/sources.py, FAERS.optional; else _ebgm_none.sql makes them empty). Written by the import
-- (sidefx/faers/ebgm.py): the prior fitted for each set of roles over the whole folder, and each antidepressant ×
-- event's N, stratified E, EBGM, EB05 and EB95. A folder imported before EBGM has neither file: the page still
-- opens, and says that EBGM needs the quarters imported again.
CREATE TABLE faers_ebgm AS SELECT * FROM read_parquet(faers_file('faers_ebgm.parquet'));
CREATE TABLE faers_ebgm_prior AS SELECT * FROM read_parquet(faers_file('faers_ebgm_prior.parquet'));
