-- _ebgm_store: EBGM's tables from the frames sidefx/faers/ebgm.py made (ebgm_frame, ebgm_prior_frame), typed as the page reads them.
-- params:  none
-- columns: none
CREATE OR REPLACE TABLE faers_ebgm AS
SELECT roles::VARCHAR AS roles, event::VARCHAR AS event, inn::VARCHAR AS inn, n::BIGINT AS n, e::DOUBLE AS e,
       ebgm::DOUBLE AS ebgm, eb05::DOUBLE AS eb05, eb95::DOUBLE AS eb95
FROM ebgm_frame ORDER BY roles, event, inn;

CREATE OR REPLACE TABLE faers_ebgm_prior AS
SELECT roles::VARCHAR AS roles, alpha1::DOUBLE AS alpha1, beta1::DOUBLE AS beta1, alpha2::DOUBLE AS alpha2,
       beta2::DOUBLE AS beta2, p::DOUBLE AS p, cells::BIGINT AS cells, reports::BIGINT AS reports,
       problem::VARCHAR AS problem
FROM ebgm_prior_frame ORDER BY roles;
