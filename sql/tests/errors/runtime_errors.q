# A value that fails at run time names the value, the expression and where its row came from
# (file:line for files); TRY_CAST gives NULL instead; the job fails and the client reports it.
SET 'sql-client.execution.result-mode' = 'tableau';
[INFO] Execute statement succeeded.
!info

SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

CREATE TABLE raw (id INT, v STRING) WITH ('connector' = 'filesystem', 'path' = '$VAR_TMP/raw', 'format' = 'csv');
[INFO] Execute statement succeeded.
!info

INSERT INTO raw VALUES (1, '10'), (2, 'abc'), (3, '30');
[INFO] Complete execution of the SQL update statement.
!info

SELECT id, TRY_CAST(v AS INT) AS n FROM raw;
+----+-------------+-------------+
| op |          id |           n |
+----+-------------+-------------+
| +I |           1 |          10 |
| +I |           2 |      <NULL> |
| +I |           3 |          30 |
+----+-------------+-------------+
Received a total of 3 rows
!ok

SELECT id, CAST(v AS INT) AS n FROM raw;
[ERROR] Could not execute SQL statement. Reason:
ExecutionException: Cannot cast 'abc' of type STRING to INT in CAST(v AS INT) ($VAR_TMP/raw/part-
!error

# Integer division by zero fails the job (Flink: java.lang.ArithmeticException: / by zero).
SELECT id, 100 / (id - 2) FROM raw;
[ERROR] Could not execute SQL statement. Reason:
ExecutionException: Division by zero: / by zero (rows from $VAR_TMP/raw/part-
!error

# Errors from a job started by INSERT surface the same way with table.dml-sync.
CREATE TABLE out (n INT) WITH ('connector' = 'blackhole');
[INFO] Execute statement succeeded.
!info

INSERT INTO out SELECT CAST(v AS INT) FROM raw;
[ERROR] Could not execute SQL statement. Reason:
ExecutionException: Cannot cast 'abc' of type STRING to INT in CAST(v AS INT)
!error
