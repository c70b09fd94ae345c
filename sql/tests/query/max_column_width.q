# sql-client.display.max-column-width cuts variable-width columns with "..." (Flink's select.q).

CREATE TEMPORARY VIEW users (name, happy) AS
VALUES ('30b5c1bb-0ac0-43d3-b812-fcb649fd2b07', TRUE), ('91170c98-2cc5-4935-9ea6-12b72d32fb3c', FALSE);
[INFO] Execute statement succeeded.
!info

SELECT * FROM users;
+----+--------------------------------+--------+
| op |                           name |  happy |
+----+--------------------------------+--------+
| +I | 30b5c1bb-0ac0-43d3-b812-fcb... |   TRUE |
| +I | 91170c98-2cc5-4935-9ea6-12b... |  FALSE |
+----+--------------------------------+--------+
Received a total of 2 rows
!ok

SET 'sql-client.display.max-column-width' = '10';
[INFO] Execute statement succeeded.
!info

SELECT * FROM users;
+----+------------+--------+
| op |       name |  happy |
+----+------------+--------+
| +I | 30b5c1b... |   TRUE |
| +I | 91170c9... |  FALSE |
+----+------------+--------+
Received a total of 2 rows
!ok

SET 'sql-client.display.max-column-width' = '40';
[INFO] Execute statement succeeded.
!info

SELECT * FROM users;
+----+------------------------------------------+--------+
| op |                                     name |  happy |
+----+------------------------------------------+--------+
| +I |     30b5c1bb-0ac0-43d3-b812-fcb649fd2b07 |   TRUE |
| +I |     91170c98-2cc5-4935-9ea6-12b72d32fb3c |  FALSE |
+----+------------------------------------------+--------+
Received a total of 2 rows
!ok

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SET 'sql-client.display.max-column-width' = '10';
[INFO] Execute statement succeeded.
!info

SELECT * FROM users;
+------------+-------+
|       name | happy |
+------------+-------+
| 30b5c1b... |  TRUE |
| 91170c9... | FALSE |
+------------+-------+
2 rows in set
!ok
