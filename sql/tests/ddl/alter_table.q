# ALTER TABLE ... SET (...) and RENAME TO (Flink's table.q).

CREATE TABLE t (id INT) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '1',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '100'
);
[INFO] Execute statement succeeded.
!info

ALTER TABLE t SET ('number-of-rows' = '2');
[INFO] Execute statement succeeded.
!info

ALTER TABLE t RENAME TO t2;
[INFO] Execute statement succeeded.
!info

SHOW TABLES;
+------------+
| table name |
+------------+
|         t2 |
+------------+
1 row in set
!ok

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SELECT id FROM t2;
+----+
| id |
+----+
|  1 |
|  2 |
+----+
2 rows in set
!ok
