# Type errors name the position of the offending expression.

SELECT 'a' + 1 AS x;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 8: Cannot apply '+' to arguments of type '<CHAR(1)> + <INT>'. Supported form(s): <NUMERIC> + <NUMERIC>
<DATETIME> + <DATETIME_INTERVAL>
!error

SELECT id FROM (VALUES (1)) AS T(id) WHERE id;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 44: WHERE clause must be a condition, got type INT NOT NULL
!error

CREATE TABLE t (id INT) WITH ('connector' = 'blackhole');
[INFO] Execute statement succeeded.
!info

INSERT INTO t SELECT 'x', 1;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 1: Column types of query result and sink for 'default_catalog.default_database.t' do not match.
Cause: Different number of columns.

Query schema: [EXPR$0: CHAR(1) NOT NULL, EXPR$1: INT NOT NULL]
Sink schema:  [id: INT]
!error
