-- _drop_given: an earlier import's rows of a quarter given again (given_quarters): that quarter is read afresh.
-- params:  none
-- columns: none
DELETE FROM raw_demo WHERE quarter IN (SELECT quarter FROM given_quarters);
DELETE FROM raw_drug WHERE quarter IN (SELECT quarter FROM given_quarters);
DELETE FROM raw_reac WHERE quarter IN (SELECT quarter FROM given_quarters);
DELETE FROM raw_ther WHERE quarter IN (SELECT quarter FROM given_quarters);
DELETE FROM raw_deleted WHERE quarter IN (SELECT quarter FROM given_quarters);
DELETE FROM raw_country WHERE quarter IN (SELECT quarter FROM given_quarters);
DELETE FROM raw_drugset WHERE quarter IN (SELECT quarter FROM given_quarters);
