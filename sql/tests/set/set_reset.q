# SET / RESET in quoted and bare forms (Flink's set.q); the value takes effect at once.

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SET execution.runtime-mode = streaming;
[INFO] Execute statement succeeded.
!info

SET 'sql-client.display.max-column-width' = '10';
[INFO] Execute statement succeeded.
!info

SELECT * FROM (VALUES (1, 'a rather long string')) AS T(id, str);
+----+-------------+------------+
| op |          id |        str |
+----+-------------+------------+
| +I |           1 | a rathe... |
+----+-------------+------------+
Received a total of 1 row
!ok

RESET 'sql-client.display.max-column-width';
[INFO] Execute statement succeeded.
!info

SELECT * FROM (VALUES (1, 'a rather long string')) AS T(id, str);
+----+-------------+--------------------------------+
| op |          id |                            str |
+----+-------------+--------------------------------+
| +I |           1 |           a rather long string |
+----+-------------+--------------------------------+
Received a total of 1 row
!ok

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

RESET;
[INFO] Execute statement succeeded.
!info

SELECT * FROM (VALUES (1, 'streaming again')) AS T(id, str);
+----+-------------+--------------------------------+
| op |          id |                            str |
+----+-------------+--------------------------------+
| +I |           1 |                streaming again |
+----+-------------+--------------------------------+
Received a total of 1 row
!ok
