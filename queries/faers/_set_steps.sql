-- _set_steps: the duration slider's steps, where _cells.sql cuts time on the drug into bins (getvariable('steps')).
-- params:  $steps INTEGER[]
-- columns: none
SET VARIABLE steps = $steps;
