-- _count_rejected: the lines of the file just read that the reader rejected (more fields than the header).
-- params:  none
-- columns: long_lines BIGINT
SELECT count(DISTINCT line) AS long_lines FROM reject_errors;
