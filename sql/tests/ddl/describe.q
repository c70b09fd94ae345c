# DESCRIBE / DESC: Flink's layout (table.q): NULL cells print empty, booleans TRUE/FALSE.

CREATE TABLE orders (
  `user` BIGINT NOT NULL,
  product VARCHAR(32),
  amount INT,
  ts TIMESTAMP(3),
  PRIMARY KEY (`user`) NOT ENFORCED,
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen'
);
[INFO] Execute statement succeeded.
!info

DESCRIBE orders;
+---------+------------------------+-------+-----------+--------+----------------------------+
|    name |                   type |  null |       key | extras |                  watermark |
+---------+------------------------+-------+-----------+--------+----------------------------+
|    user |                 BIGINT | FALSE | PRI(user) |        |                            |
| product |            VARCHAR(32) |  TRUE |           |        |                            |
|  amount |                    INT |  TRUE |           |        |                            |
|      ts | TIMESTAMP(3) *ROWTIME* |  TRUE |           |        | `ts` - INTERVAL '1' SECOND |
+---------+------------------------+-------+-----------+--------+----------------------------+
4 rows in set
!ok

DESC orders;
+---------+------------------------+-------+-----------+--------+----------------------------+
|    name |                   type |  null |       key | extras |                  watermark |
+---------+------------------------+-------+-----------+--------+----------------------------+
|    user |                 BIGINT | FALSE | PRI(user) |        |                            |
| product |            VARCHAR(32) |  TRUE |           |        |                            |
|  amount |                    INT |  TRUE |           |        |                            |
|      ts | TIMESTAMP(3) *ROWTIME* |  TRUE |           |        | `ts` - INTERVAL '1' SECOND |
+---------+------------------------+-------+-----------+--------+----------------------------+
4 rows in set
!ok
