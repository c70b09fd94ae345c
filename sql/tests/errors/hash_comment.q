# The tutorial's Python code has a '#' comment inside its SQL string: say that SQL comments start
# with '--' (issue 2).

CREATE TABLE t (
# the id
  id INT
) WITH ('connector' = 'blackhole');
[ERROR] Could not execute SQL statement. Reason:
SqlParseException: SQL comments start with '--', not '#' (line 2, column 1)
# the id
^
!error
