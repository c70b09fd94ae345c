# Computed, metadata and physical columns; LIKE; what a scan of them returns.
SET 'sql-client.execution.result-mode' = 'tableau';
[INFO] Execute statement succeeded.
!info

SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

CREATE TABLE src (
  id INT,
  price DECIMAL(10, 2),
  qty INT,
  total AS price * qty COMMENT 'computed',
  fname STRING METADATA FROM 'file.name' VIRTUAL,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_TMP/src',
  'format' = 'csv'
);
[INFO] Execute statement succeeded.
!info

CREATE TABLE src_writer WITH ('path' = '$VAR_TMP/src') LIKE src (EXCLUDING GENERATED EXCLUDING METADATA);
[INFO] Execute statement succeeded.
!info

DESCRIBE src_writer;
+-------+----------------+-------+---------+--------+-----------+
|  name |           type |  null |     key | extras | watermark |
+-------+----------------+-------+---------+--------+-----------+
|    id |            INT | FALSE | PRI(id) |        |           |
| price | DECIMAL(10, 2) |  TRUE |         |        |           |
|   qty |            INT |  TRUE |         |        |           |
+-------+----------------+-------+---------+--------+-----------+
3 rows in set
!ok

INSERT INTO src_writer VALUES (1, 2.50, 4), (2, 10.00, 1);
[INFO] Complete execution of the SQL update statement.
!info

DESCRIBE src;
+-------+----------------+-------+---------+-----------------------------------+-----------+
|  name |           type |  null |     key |                            extras | watermark |
+-------+----------------+-------+---------+-----------------------------------+-----------+
|    id |            INT | FALSE | PRI(id) |                                   |           |
| price | DECIMAL(10, 2) |  TRUE |         |                                   |           |
|   qty |            INT |  TRUE |         |                                   |           |
| total | DECIMAL(21, 2) |  TRUE |         |                AS `price` * `qty` |           |
| fname |         STRING |  TRUE |         | METADATA FROM 'file.name' VIRTUAL |           |
+-------+----------------+-------+---------+-----------------------------------+-----------+
5 rows in set
!ok

SELECT id, total, qty * 2 AS double_qty FROM src WHERE total > 5;
+----+-------------+-------------------------+-------------+
| op |          id |                   total |  double_qty |
+----+-------------+-------------------------+-------------+
| +I |           1 |                   10.00 |           8 |
| +I |           2 |                   10.00 |           2 |
+----+-------------+-------------------------+-------------+
Received a total of 2 rows
!ok

# Flink requires NOT ENFORCED and a physical key column.
CREATE TABLE bad (id INT, v AS id + 1, PRIMARY KEY (v) NOT ENFORCED) WITH ('connector' = 'blackhole');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Could not create a PRIMARY KEY with column 'v'. A PRIMARY KEY constraint must be declared on physical columns.
!error

CREATE TABLE bad (ts BIGINT, WATERMARK FOR ts AS ts) WITH ('connector' = 'blackhole');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 30: Invalid data type of time field for watermark definition. The field must be of type TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the time field type is BIGINT
!error

CREATE TABLE bad (ts TIMESTAMP(3), WATERMARK FOR tss AS ts) WITH ('connector' = 'blackhole');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 36: The rowtime attribute field 'tss' is not defined in the table schema. Did you mean 'ts'?
!error

CREATE TABLE bad (a INT, a STRING) WITH ('connector' = 'blackhole');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 26: A column named 'a' already exists in the table.
!error

CREATE TABLE bad (a INT) WITH ('connector' = 'blackhole') LIKE nosuch;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 59: Source table 'nosuch' of the LIKE clause not found
!error
