# CREATE TABLE ... AS SELECT: the query's columns become the table's, then an INSERT job fills it.
SET 'sql-client.execution.result-mode' = 'tableau';
[INFO] Execute statement succeeded.
!info

SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

CREATE TABLE t WITH ('connector' = 'filesystem', 'path' = '$VAR_TMP/t', 'format' = 'json')
AS SELECT id, s, id * 10 AS tenfold FROM (VALUES (1, 'a'), (2, 'bb')) AS v(id, s);
[INFO] Complete execution of the SQL update statement.
!info

DESCRIBE t;
+---------+------------+-------+-----+--------+-----------+
|    name |       type |  null | key | extras | watermark |
+---------+------------+-------+-----+--------+-----------+
|      id |        INT | FALSE |     |        |           |
|       s | VARCHAR(2) | FALSE |     |        |           |
| tenfold |        INT | FALSE |     |        |           |
+---------+------------+-------+-----+--------+-----------+
3 rows in set
!ok

SELECT * FROM t;
+----+-------------+--------------------------------+-------------+
| op |          id |                              s |     tenfold |
+----+-------------+--------------------------------+-------------+
| +I |           1 |                              a |          10 |
| +I |           2 |                             bb |          20 |
+----+-------------+--------------------------------+-------------+
Received a total of 2 rows
!ok

CREATE TABLE u (x INT) WITH ('connector' = 'blackhole') AS SELECT 1;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 1: CREATE TABLE AS SELECT syntax does not support to specify explicit columns, watermark, primary key or LIKE clause yet.
!error
