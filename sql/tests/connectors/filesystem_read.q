# The filesystem source reads a single file too: sql/data/rides.csv.

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

CREATE TABLE rides (
  ride_id BIGINT,
  PULocationID INT,
  DOLocationID INT,
  trip_distance DOUBLE,
  total_amount DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_SQL_DIR/../../data/rides.csv',
  'format' = 'csv'
);
[INFO] Execute statement succeeded.
!info

SELECT * FROM rides;
+---------+--------------+--------------+---------------+--------------+
| ride_id | PULocationID | DOLocationID | trip_distance | total_amount |
+---------+--------------+--------------+---------------+--------------+
|       1 |          161 |          236 |           1.2 |          9.8 |
|       2 |           43 |          151 |           4.5 |         21.3 |
|       3 |          237 |          237 |           0.8 |          7.0 |
|       4 |          132 |           48 |          17.9 |        70.25 |
+---------+--------------+--------------+---------------+--------------+
4 rows in set
!ok

SELECT ride_id, total_amount / trip_distance > 5 AS pricey FROM rides WHERE trip_distance >= 1;
+---------+--------+
| ride_id | pricey |
+---------+--------+
|       1 |   TRUE |
|       2 |  FALSE |
|       4 |  FALSE |
+---------+--------+
3 rows in set
!ok
