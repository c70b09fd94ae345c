# CREATE [TEMPORARY] VIEW [IF NOT EXISTS], SHOW VIEWS, DROP VIEW [IF EXISTS] (Flink's view.q).

CREATE TABLE src (id INT, str STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '1');
[INFO] Execute statement succeeded.
!info

CREATE VIEW v1 AS SELECT id, str FROM src WHERE id > 0;
[INFO] Execute statement succeeded.
!info

CREATE VIEW IF NOT EXISTS v1 AS SELECT id FROM src;
[INFO] Execute statement succeeded.
!info

CREATE TEMPORARY VIEW v2 (a, b) AS SELECT id, str FROM src;
[INFO] Execute statement succeeded.
!info

SHOW VIEWS;
+-----------+
| view name |
+-----------+
|        v1 |
|        v2 |
+-----------+
2 rows in set
!ok

DROP VIEW v1;
[INFO] Execute statement succeeded.
!info

DROP VIEW IF EXISTS v1;
[INFO] Execute statement succeeded.
!info

DROP TEMPORARY VIEW v2;
[INFO] Execute statement succeeded.
!info

SHOW VIEWS;
Empty set
!ok
