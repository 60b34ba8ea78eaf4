-- _case_ranges: the ranges of case numbers holding a case an added quarter changed (touched, or its probable-duplicate flag), as named on the folder's case-level files.
-- params:  $width BIGINT
-- columns: name VARCHAR
-- Their files are written again (sidefx/faers/casefiles.py); every other range's files are linked unchanged.
SELECT DISTINCT printf('r%04d', caseid // $width) AS name FROM changed ORDER BY name;
