# The tutorial's Kafka source (seeds/000) against the real broker: ride events written to a fresh topic
# by a raw-format Kafka sink (so the exact JSON bytes, bad ones included, are ours), then read back
# through the tutorial's DDL (verbatim apart from the bootstrap address, the topic and the startup and
# bounded modes that let the query end) and its TO_TIMESTAMP_LTZ projection.

SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

SET 'table.local-time-zone' = 'UTC';
[INFO] Execute statement succeeded.
!info

CREATE TABLE rides_raw (line STRING) WITH (
  'connector' = 'kafka',
  'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP',
  'topic' = 'rides-$VAR_RUN_ID',
  'format' = 'raw'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO rides_raw VALUES
  ('{"PULocationID": 161, "DOLocationID": 236, "trip_distance": 1.2, "total_amount": 14.3, "tpep_pickup_datetime": 1761442778618}'),
  ('{"PULocationID": 43, "DOLocationID": 238, "trip_distance": 2.5, "total_amount": 21.8, "tpep_pickup_datetime": 1704067200000, "extra": [1, 2]}'),
  ('{"DOLocationID": 1, "trip_distance": 17.3, "total_amount": 70, "tpep_pickup_datetime": null}');
[INFO] Complete execution of the SQL update statement.
!info

CREATE TABLE events (
    PULocationID INTEGER,
    DOLocationID INTEGER,
    trip_distance DOUBLE,
    total_amount DOUBLE,
    tpep_pickup_datetime BIGINT
) WITH (
    'connector' = 'kafka',
    'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP',
    'topic' = 'rides-$VAR_RUN_ID',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json'
);
[INFO] Execute statement succeeded.
!info

# A missing field is NULL (json.fail-on-missing-field defaults to false), an unknown one is ignored.
SELECT PULocationID, DOLocationID, trip_distance, total_amount,
  TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime
FROM events;
+----+--------------+--------------+--------------------------------+--------------------------------+-------------------------+
| op | PULocationID | DOLocationID |                  trip_distance |                   total_amount |         pickup_datetime |
+----+--------------+--------------+--------------------------------+--------------------------------+-------------------------+
| +I |          161 |          236 |                            1.2 |                           14.3 | 2025-10-26 01:39:38.618 |
| +I |           43 |          238 |                            2.5 |                           21.8 | 2024-01-01 00:00:00.000 |
| +I |       <NULL> |            1 |                           17.3 |                           70.0 |                  <NULL> |
+----+--------------+--------------+--------------------------------+--------------------------------+-------------------------+
Received a total of 3 rows
!ok

# The metadata columns of the same records.
CREATE TABLE events_meta (
  PULocationID INTEGER,
  `topic` STRING METADATA VIRTUAL,
  `partition` INT METADATA VIRTUAL,
  `offset` BIGINT METADATA VIRTUAL,
  `timestamp-type` STRING METADATA VIRTUAL
) WITH (
  'connector' = 'kafka',
  'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP',
  'topic' = 'rides-$VAR_RUN_ID',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);
[INFO] Execute statement succeeded.
!info

SELECT PULocationID, `topic` = 'rides-$VAR_RUN_ID' AS same_topic, `partition`, `offset`, `timestamp-type` FROM events_meta;
+----+--------------+------------+-------------+----------------------+--------------------------------+
| op | PULocationID | same_topic |   partition |               offset |                 timestamp-type |
+----+--------------+------------+-------------+----------------------+--------------------------------+
| +I |          161 |       TRUE |           0 |                    0 |                     CreateTime |
| +I |           43 |       TRUE |           0 |                    1 |                     CreateTime |
| +I |       <NULL> |       TRUE |           0 |                    2 |                     CreateTime |
+----+--------------+------------+-------------+----------------------+--------------------------------+
Received a total of 3 rows
!ok

# A record that is not JSON: the query fails naming topic, partition and offset ...
INSERT INTO rides_raw VALUES ('{"PULocationID": 7, "DOLocationID": 8, "trip_distan');
[INFO] Complete execution of the SQL update statement.
!info

SELECT PULocationID FROM events;
[ERROR] Could not execute SQL statement. Reason:
ExecutionException: Failed to deserialize JSON '{"PULocationID": 7, "DOLocationID": 8, "trip_distan' at topic 'rides-$VAR_RUN_ID', partition 0, offset 3: A string is opened, but never closed.
!error

# ... and with 'json.ignore-parse-errors' it is skipped.
ALTER TABLE events SET ('json.ignore-parse-errors' = 'true');
[INFO] Execute statement succeeded.
!info

SELECT PULocationID, DOLocationID FROM events;
+----+--------------+--------------+
| op | PULocationID | DOLocationID |
+----+--------------+--------------+
| +I |          161 |          236 |
| +I |           43 |          238 |
| +I |       <NULL> |            1 |
+----+--------------+--------------+
Received a total of 3 rows
!ok

# 'specific-offsets' from offset 1 up to offset 3 (exclusive): the second and third records.
ALTER TABLE events SET ('scan.startup.mode' = 'specific-offsets', 'scan.startup.specific-offsets' = 'partition:0,offset:1', 'scan.bounded.mode' = 'specific-offsets', 'scan.bounded.specific-offsets' = 'partition:0,offset:3');
[INFO] Execute statement succeeded.
!info

SELECT PULocationID, DOLocationID FROM events;
+----+--------------+--------------+
| op | PULocationID | DOLocationID |
+----+--------------+--------------+
| +I |           43 |          238 |
| +I |       <NULL> |            1 |
+----+--------------+--------------+
Received a total of 2 rows
!ok


# A top-level array is one row per element; an empty array is no row, and not an error.
INSERT INTO rides_raw VALUES ('[{"PULocationID": 10, "DOLocationID": 11}, {"PULocationID": 12}]'), ('[]');
[INFO] Complete execution of the SQL update statement.
!info

ALTER TABLE events SET ('scan.startup.mode' = 'specific-offsets', 'scan.startup.specific-offsets' = 'partition:0,offset:4', 'scan.bounded.mode' = 'latest-offset', 'json.ignore-parse-errors' = 'false');
[INFO] Execute statement succeeded.
!info

SELECT PULocationID, DOLocationID FROM events;
+----+--------------+--------------+
| op | PULocationID | DOLocationID |
+----+--------------+--------------+
| +I |           10 |           11 |
| +I |           12 |       <NULL> |
+----+--------------+--------------+
Received a total of 2 rows
!ok
