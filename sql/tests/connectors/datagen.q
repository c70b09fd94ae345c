# datagen with sequence fields is bounded and deterministic; number-of-rows caps it.

CREATE TABLE seq (
  id BIGINT,
  code INT
) WITH (
  'connector' = 'datagen',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '4',
  'fields.code.kind' = 'sequence',
  'fields.code.start' = '100',
  'fields.code.end' = '103'
);
[INFO] Execute statement succeeded.
!info

SELECT id, code - 100 AS c FROM seq;
+----+----------------------+-------------+
| op |                   id |           c |
+----+----------------------+-------------+
| +I |                    1 |           0 |
| +I |                    2 |           1 |
| +I |                    3 |           2 |
| +I |                    4 |           3 |
+----+----------------------+-------------+
Received a total of 4 rows
!ok

CREATE TABLE capped (
  id INT,
  rnd INT
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '3',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '10',
  'fields.id.end' = '1000',
  'fields.rnd.min' = '5',
  'fields.rnd.max' = '5'
);
[INFO] Execute statement succeeded.
!info

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SELECT * FROM capped;
+----+-----+
| id | rnd |
+----+-----+
| 10 |   5 |
| 11 |   5 |
| 12 |   5 |
+----+-----+
3 rows in set
!ok
