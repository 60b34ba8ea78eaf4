-- _keep_deleted: the case ids a quarter's deleted/ files list, into raw_deleted, in the order given.
-- params:  $quarter VARCHAR, $caseids VARCHAR[]
-- columns: none
INSERT INTO raw_deleted SELECT $quarter, unnest($caseids);
