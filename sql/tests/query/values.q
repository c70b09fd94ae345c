# VALUES, projection, filter, arithmetic, CAST and UNION ALL, in streaming and batch tableau form
# (layouts: Flink's insert.q and select.q; TableauStyle.java sizes streaming columns by type).

SELECT * FROM (VALUES (1, 'Hello World'), (2, 'Hi'), (2, 'Hi'), (3, 'Hello'), (3, 'World'), (4, 'ADD'), (5, 'LINE')) AS T(id, str);
+----+-------------+--------------------------------+
| op |          id |                            str |
+----+-------------+--------------------------------+
| +I |           1 |                    Hello World |
| +I |           2 |                             Hi |
| +I |           2 |                             Hi |
| +I |           3 |                          Hello |
| +I |           3 |                          World |
| +I |           4 |                            ADD |
| +I |           5 |                           LINE |
+----+-------------+--------------------------------+
Received a total of 7 rows
!ok

SELECT id, id * 10 + 1 AS x, str FROM (VALUES (1, 'Hello World'), (2, 'Hi'), (2, 'Hi'), (3, 'Hello'), (3, 'World'), (4, 'ADD'), (5, 'LINE')) AS T(id, str) WHERE id >= 3 AND str <> 'ADD';
+----+-------------+-------------+--------------------------------+
| op |          id |           x |                            str |
+----+-------------+-------------+--------------------------------+
| +I |           3 |          31 |                          Hello |
| +I |           3 |          31 |                          World |
| +I |           5 |          51 |                           LINE |
+----+-------------+-------------+--------------------------------+
Received a total of 3 rows
!ok

SELECT CAST(id AS STRING) AS s, CAST('42' AS INT) + id AS n, CAST(id AS BIGINT) AS b, id % 2 = 0 AS even
FROM (VALUES (1), (2)) AS T(id);
+----+--------------------------------+-------------+----------------------+--------+
| op |                              s |           n |                    b |   even |
+----+--------------------------------+-------------+----------------------+--------+
| +I |                              1 |          43 |                    1 |  FALSE |
| +I |                              2 |          44 |                    2 |   TRUE |
+----+--------------------------------+-------------+----------------------+--------+
Received a total of 2 rows
!ok

SELECT id, name FROM (VALUES (1, 'a'), (2, CAST(NULL AS STRING))) AS T(id, name) WHERE name IS NULL OR id = 1;
+----+-------------+--------------------------------+
| op |          id |                           name |
+----+-------------+--------------------------------+
| +I |           1 |                              a |
| +I |           2 |                         <NULL> |
+----+-------------+--------------------------------+
Received a total of 2 rows
!ok

# the branches run concurrently, so both give the same row: the order of the output is fixed
SELECT id * 2 AS id FROM (VALUES (7)) AS T(id)
UNION ALL
SELECT id + 7 FROM (VALUES (7)) AS T(id);
+----+-------------+
| op |          id |
+----+-------------+
| +I |          14 |
| +I |          14 |
+----+-------------+
Received a total of 2 rows
!ok

SELECT id FROM (VALUES (1), (2)) AS T(id) WHERE id > 5;
+----+-------------+
| op |          id |
+----+-------------+
Received a total of 0 row
!ok

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SELECT * FROM (VALUES (1, 'Hello World'), (2, 'Hi'), (2, 'Hi'), (3, 'Hello'), (3, 'World'), (4, 'ADD'), (5, 'LINE')) AS T(id, str);
+----+-------------+
| id |         str |
+----+-------------+
|  1 | Hello World |
|  2 |          Hi |
|  2 |          Hi |
|  3 |       Hello |
|  3 |       World |
|  4 |         ADD |
|  5 |        LINE |
+----+-------------+
7 rows in set
!ok

SELECT id, name FROM (VALUES (1, 'a'), (2, CAST(NULL AS STRING))) AS T(id, name);
+----+--------+
| id |   name |
+----+--------+
|  1 |      a |
|  2 | <NULL> |
+----+--------+
2 rows in set
!ok

SELECT id FROM (VALUES (1), (2)) AS T(id) WHERE id > 5;
Empty set
!ok
