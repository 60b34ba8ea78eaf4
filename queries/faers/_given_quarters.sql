-- _given_quarters: the quarters this import was given, which replace an earlier import's rows of the same quarters.
-- params:  $given VARCHAR[]
-- columns: none
CREATE TEMP TABLE given_quarters AS SELECT unnest($given) AS quarter;
