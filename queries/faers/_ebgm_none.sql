-- _ebgm_none (FAERS): EBGM's tables, empty, for a FAERS folder imported before the import fitted EBGM (it holds
-- no faers_ebgm.parquet): run after _views.sql in place of _ebgm_views.sql, with the columns that file's tables have.
CREATE TABLE faers_ebgm (roles VARCHAR, event VARCHAR, inn VARCHAR, n BIGINT, e DOUBLE, ebgm DOUBLE, eb05 DOUBLE,
                         eb95 DOUBLE);
CREATE TABLE faers_ebgm_prior (roles VARCHAR, alpha1 DOUBLE, beta1 DOUBLE, alpha2 DOUBLE, beta2 DOUBLE, p DOUBLE,
                               cells BIGINT, reports BIGINT, problem VARCHAR);
