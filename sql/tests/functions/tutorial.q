# The tutorial's pass-through job (seeds/000): TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime,
# written into a TIMESTAMP(3) column: the implicit LTZ -> TIMESTAMP cast stores the session zone's wall
# time (flink-sql.md section 5). Source rows as VALUES; the sink is a filesystem table read back.

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

CREATE TEMPORARY VIEW events (PULocationID, DOLocationID, trip_distance, total_amount, tpep_pickup_datetime) AS
SELECT * FROM (VALUES
  (161, 236, 1.2E0, 14.3E0, CAST(1761442778618 AS BIGINT)),
  (43, 238, 2.5E0, 21.8E0, CAST(1704067200000 AS BIGINT)),
  (132, 1, 17.3E0, 70.0E0, CAST(NULL AS BIGINT)));
[INFO] Execute statement succeeded.
!info

SET 'table.local-time-zone' = 'UTC';
[INFO] Execute statement succeeded.
!info

SELECT PULocationID, DOLocationID, trip_distance, total_amount,
  TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime
FROM events;
+--------------+--------------+---------------+--------------+-------------------------+
| PULocationID | DOLocationID | trip_distance | total_amount |         pickup_datetime |
+--------------+--------------+---------------+--------------+-------------------------+
|          161 |          236 |           1.2 |         14.3 | 2025-10-26 01:39:38.618 |
|           43 |          238 |           2.5 |         21.8 | 2024-01-01 00:00:00.000 |
|          132 |            1 |          17.3 |         70.0 |                  <NULL> |
+--------------+--------------+---------------+--------------+-------------------------+
3 rows in set
!ok

CREATE TABLE processed_events_utc (
  PULocationID INTEGER,
  DOLocationID INTEGER,
  trip_distance DOUBLE,
  total_amount DOUBLE,
  pickup_datetime TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_STREAMING_PATH',
  'format' = 'json'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO processed_events_utc
SELECT PULocationID, DOLocationID, trip_distance, total_amount,
  TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime
FROM events;
[INFO] Complete execution of the SQL update statement.
!info

SELECT * FROM processed_events_utc;
+--------------+--------------+---------------+--------------+-------------------------+
| PULocationID | DOLocationID | trip_distance | total_amount |         pickup_datetime |
+--------------+--------------+---------------+--------------+-------------------------+
|          161 |          236 |           1.2 |         14.3 | 2025-10-26 01:39:38.618 |
|           43 |          238 |           2.5 |         21.8 | 2024-01-01 00:00:00.000 |
|          132 |            1 |          17.3 |         70.0 |                  <NULL> |
+--------------+--------------+---------------+--------------+-------------------------+
3 rows in set
!ok

# Asia/Shanghai: the same instants print 8 hours later, and that wall time is what the TIMESTAMP(3)
# column stores.
SET 'table.local-time-zone' = 'Asia/Shanghai';
[INFO] Execute statement succeeded.
!info

SELECT PULocationID, DOLocationID, trip_distance, total_amount,
  TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime
FROM events;
+--------------+--------------+---------------+--------------+-------------------------+
| PULocationID | DOLocationID | trip_distance | total_amount |         pickup_datetime |
+--------------+--------------+---------------+--------------+-------------------------+
|          161 |          236 |           1.2 |         14.3 | 2025-10-26 09:39:38.618 |
|           43 |          238 |           2.5 |         21.8 | 2024-01-01 08:00:00.000 |
|          132 |            1 |          17.3 |         70.0 |                  <NULL> |
+--------------+--------------+---------------+--------------+-------------------------+
3 rows in set
!ok

CREATE TABLE processed_events_shanghai (
  PULocationID INTEGER,
  DOLocationID INTEGER,
  trip_distance DOUBLE,
  total_amount DOUBLE,
  pickup_datetime TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_BATCH_PATH',
  'format' = 'json'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO processed_events_shanghai
SELECT PULocationID, DOLocationID, trip_distance, total_amount,
  TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime
FROM events;
[INFO] Complete execution of the SQL update statement.
!info

SELECT * FROM processed_events_shanghai;
+--------------+--------------+---------------+--------------+-------------------------+
| PULocationID | DOLocationID | trip_distance | total_amount |         pickup_datetime |
+--------------+--------------+---------------+--------------+-------------------------+
|          161 |          236 |           1.2 |         14.3 | 2025-10-26 09:39:38.618 |
|           43 |          238 |           2.5 |         21.8 | 2024-01-01 08:00:00.000 |
|          132 |            1 |          17.3 |         70.0 |                  <NULL> |
+--------------+--------------+---------------+--------------+-------------------------+
3 rows in set
!ok

# A TIMESTAMP column holds no zone: reading it back in UTC shows the stored wall time unchanged.
SET 'table.local-time-zone' = 'UTC';
[INFO] Execute statement succeeded.
!info

SELECT pickup_datetime FROM processed_events_shanghai;
+-------------------------+
|         pickup_datetime |
+-------------------------+
| 2025-10-26 09:39:38.618 |
| 2024-01-01 08:00:00.000 |
|                  <NULL> |
+-------------------------+
3 rows in set
!ok
