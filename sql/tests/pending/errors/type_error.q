# Type errors name the position of the offending expression.

SELECT 'a' + 1 AS x;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: line 1, column 8: Cannot apply '+' to arguments of type '<CHAR(1)> + <INTEGER>'
!error

SELECT id FROM (VALUES (1)) AS T(id) WHERE id;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: line 1, column 44
BOOLEAN
!error

CREATE TABLE t (id INT) WITH ('connector' = 'blackhole');
[INFO] Execute statement succeeded.
!info

INSERT INTO t SELECT 'x', 1;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Column types of query result and sink for 'default_catalog.default_database.t' do not match.
!error
