# EXECUTE STATEMENT SET runs several INSERTs as one job (Flink's statement_set.q).

SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

CREATE TABLE a (id INT, str STRING) WITH ('connector' = 'filesystem', 'path' = '$VAR_TMP/a', 'format' = 'csv');
[INFO] Execute statement succeeded.
!info

CREATE TABLE b (id INT, str STRING) WITH ('connector' = 'filesystem', 'path' = '$VAR_TMP/b', 'format' = 'json');
[INFO] Execute statement succeeded.
!info

EXECUTE STATEMENT SET
BEGIN
  INSERT INTO a SELECT * FROM (VALUES (1, 'Hello World'), (2, 'Hi'), (2, 'Hi'), (3, 'Hello'), (3, 'World'), (4, 'ADD'), (5, 'LINE')) AS T(id, str) WHERE id <= 2;
  INSERT INTO b SELECT * FROM (VALUES (1, 'Hello World'), (2, 'Hi'), (2, 'Hi'), (3, 'Hello'), (3, 'World'), (4, 'ADD'), (5, 'LINE')) AS T(id, str) WHERE id > 4;
END;
[INFO] Complete execution of the SQL update statement.
!info

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SELECT * FROM a;
+----+-------------+
| id |         str |
+----+-------------+
|  1 | Hello World |
|  2 |          Hi |
|  2 |          Hi |
+----+-------------+
3 rows in set
!ok

SELECT * FROM b;
+----+------+
| id |  str |
+----+------+
|  5 | LINE |
+----+------+
1 row in set
!ok
