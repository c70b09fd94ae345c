# CREATE / DROP TABLE [IF [NOT] EXISTS] and SHOW TABLES.
# Messages and the "table name" column: Flink's flink-sql-client/src/test/resources/sql/table.q.

SHOW TABLES;
Empty set
!ok

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

CREATE TABLE IF NOT EXISTS orders (
  id INT
) WITH (
  'connector' = 'datagen'
);
[INFO] Execute statement succeeded.
!info

CREATE TEMPORARY TABLE sink_t (
  id INT COMMENT 'the id',
  name STRING
) COMMENT 'a blackhole' WITH (
  'connector' = 'blackhole'
);
[INFO] Execute statement succeeded.
!info

-- a comment in SQL text is fine
create table `Mixed Case` (a int) with ('connector' = 'blackhole');
[INFO] Execute statement succeeded.
!info

SHOW TABLES;
+------------+
| table name |
+------------+
| Mixed Case |
|     orders |
|     sink_t |
+------------+
3 rows in set
!ok

DROP TABLE orders;
[INFO] Execute statement succeeded.
!info

DROP TABLE IF EXISTS orders;
[INFO] Execute statement succeeded.
!info

DROP TEMPORARY TABLE sink_t;
[INFO] Execute statement succeeded.
!info

DROP TABLE `Mixed Case`;
[INFO] Execute statement succeeded.
!info

SHOW TABLES;
Empty set
!ok
