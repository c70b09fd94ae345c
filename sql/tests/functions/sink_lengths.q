# Flink writes strings of any length into VARCHAR(n)/CHAR(n) sink columns by default
# ('table.exec.sink.type-length-enforcer' = 'IGNORE'); TRIM_PAD truncates and pads them.
SET 'sql-client.execution.result-mode' = 'tableau';
[INFO] Execute statement succeeded.
!info

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

CREATE TABLE t (v VARCHAR(3), c CHAR(4)) WITH ('connector' = 'filesystem', 'path' = '$VAR_TMP/t', 'format' = 'json');
[INFO] Execute statement succeeded.
!info

INSERT INTO t VALUES ('abcdef', 'x');
[INFO] Complete execution of the SQL update statement.
!info

SET 'table.exec.sink.type-length-enforcer' = 'TRIM_PAD';
[INFO] Execute statement succeeded.
!info

INSERT INTO t VALUES ('ghijkl', 'y');
[INFO] Complete execution of the SQL update statement.
!info

# One query per INSERT: the two part files have random names, so their order is not fixed.
SELECT v, c, CHAR_LENGTH(v) AS lv, CHAR_LENGTH(c) AS lc FROM t WHERE v LIKE 'a%';
+--------+---+----+----+
|      v | c | lv | lc |
+--------+---+----+----+
| abcdef | x |  6 |  1 |
+--------+---+----+----+
1 row in set
!ok

SELECT v, c, CHAR_LENGTH(v) AS lv, CHAR_LENGTH(c) AS lc FROM t WHERE v LIKE 'g%';
+-----+------+----+----+
|   v |    c | lv | lc |
+-----+------+----+----+
| ghi | y    |  3 |  4 |
+-----+------+----+----+
1 row in set
!ok

SET 'table.exec.sink.type-length-enforcer' = 'TRUNCATE';
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Invalid value for 'table.exec.sink.type-length-enforcer': 'TRUNCATE'. Possible values are: IGNORE, TRIM_PAD
!error
