# table.local-time-zone: printing TIMESTAMP_LTZ, casts between LTZ and TIMESTAMP, DST gaps and overlaps
# (java.time: a gap time moves forward by the gap, an overlap takes the earlier instant), and the
# zone-dependent functions. Expected values: Flink's select.q, sql_functions.yml and timezone.md.

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SET 'table.local-time-zone' = 'Asia/Shanghai';
[INFO] Execute statement succeeded.
!info

# Flink's select.q "TIMESTAMP and TIMESTAMP_LTZ type display" (the TIMESTAMP(9) columns are left out:
# Sluice keeps microseconds).
SELECT TIME '20:12:11' as time0, ts0, ts3, TO_TIMESTAMP_LTZ(1, 0) AS ts_ltz0, TO_TIMESTAMP_LTZ(1, 3) AS ts_ltz3
FROM (VALUES
  (1, TIMESTAMP '2021-04-13 20:12:11', TIMESTAMP '2021-04-13 20:12:11.123'),
  (2, TIMESTAMP '2021-04-13 21:12:11', TIMESTAMP '2021-04-13 21:12:11.001'))
   as T(id, ts0, ts3);
+----------+---------------------+-------------------------+-------------------------+-------------------------+
|    time0 |                 ts0 |                     ts3 |                 ts_ltz0 |                 ts_ltz3 |
+----------+---------------------+-------------------------+-------------------------+-------------------------+
| 20:12:11 | 2021-04-13 20:12:11 | 2021-04-13 20:12:11.123 | 1970-01-01 08:00:01.000 | 1970-01-01 08:00:00.001 |
| 20:12:11 | 2021-04-13 21:12:11 | 2021-04-13 21:12:11.001 | 1970-01-01 08:00:01.000 | 1970-01-01 08:00:00.001 |
+----------+---------------------+-------------------------+-------------------------+-------------------------+
2 rows in set
!ok

# flink-sql.md section 5: TO_TIMESTAMP_LTZ(4001, 3) prints 08:00:04.001 in Asia/Shanghai; the cast to
# TIMESTAMP(3) gives that wall time; sql_functions.yml: FROM_UNIXTIME depends on the zone.
SELECT TO_TIMESTAMP_LTZ(4001, 3) AS ltz, CAST(TO_TIMESTAMP_LTZ(4001, 3) AS TIMESTAMP(3)) AS ts,
  CAST(TO_TIMESTAMP_LTZ(4001, 3) AS STRING) AS s, CAST(TIMESTAMP '1970-01-01 08:00:00' AS TIMESTAMP_LTZ(3)) AS back,
  FROM_UNIXTIME(44) AS fu, HOUR(TO_TIMESTAMP_LTZ(0, 3)) AS h, FLOOR(TO_TIMESTAMP_LTZ(0, 3) TO DAY) AS day_start,
  DATE_FORMAT(TO_TIMESTAMP_LTZ(0, 3), 'yyyy-MM-dd HH:mm') AS df, CAST(TO_TIMESTAMP_LTZ(57600000, 3) AS DATE) AS d;
+-------------------------+-------------------------+-------------------------+-------------------------+---------------------+---+-------------------------+------------------+------------+
|                     ltz |                      ts |                       s |                    back |                  fu | h |               day_start |               df |          d |
+-------------------------+-------------------------+-------------------------+-------------------------+---------------------+---+-------------------------+------------------+------------+
| 1970-01-01 08:00:04.001 | 1970-01-01 08:00:04.001 | 1970-01-01 08:00:04.001 | 1970-01-01 08:00:00.000 | 1970-01-01 08:00:44 | 8 | 1970-01-01 00:00:00.000 | 1970-01-01 08:00 | 1970-01-02 |
+-------------------------+-------------------------+-------------------------+-------------------------+---------------------+---+-------------------------+------------------+------------+
1 row in set
!ok

SET 'table.local-time-zone' = 'UTC';
[INFO] Execute statement succeeded.
!info

SELECT TIME '20:12:11' as time0, ts0, ts3, TO_TIMESTAMP_LTZ(1, 0) AS ts_ltz0, TO_TIMESTAMP_LTZ(1, 3) AS ts_ltz3
FROM (VALUES
  (1, TIMESTAMP '2021-04-13 20:12:11', TIMESTAMP '2021-04-13 20:12:11.123'),
  (2, TIMESTAMP '2021-04-13 21:12:11', TIMESTAMP '2021-04-13 21:12:11.001'))
   as T(id, ts0, ts3);
+----------+---------------------+-------------------------+-------------------------+-------------------------+
|    time0 |                 ts0 |                     ts3 |                 ts_ltz0 |                 ts_ltz3 |
+----------+---------------------+-------------------------+-------------------------+-------------------------+
| 20:12:11 | 2021-04-13 20:12:11 | 2021-04-13 20:12:11.123 | 1970-01-01 00:00:01.000 | 1970-01-01 00:00:00.001 |
| 20:12:11 | 2021-04-13 21:12:11 | 2021-04-13 21:12:11.001 | 1970-01-01 00:00:01.000 | 1970-01-01 00:00:00.001 |
+----------+---------------------+-------------------------+-------------------------+-------------------------+
2 rows in set
!ok

SELECT TO_TIMESTAMP_LTZ(4001, 3) AS ltz, CAST(TO_TIMESTAMP_LTZ(4001, 3) AS TIMESTAMP(3)) AS ts, FROM_UNIXTIME(44) AS fu,
  HOUR(TO_TIMESTAMP_LTZ(0, 3)) AS h;
+-------------------------+-------------------------+---------------------+---+
|                     ltz |                      ts |                  fu | h |
+-------------------------+-------------------------+---------------------+---+
| 1970-01-01 00:00:04.001 | 1970-01-01 00:00:04.001 | 1970-01-01 00:00:44 | 0 |
+-------------------------+-------------------------+---------------------+---+
1 row in set
!ok

SET 'table.local-time-zone' = 'Asia/Tokyo';
[INFO] Execute statement succeeded.
!info

# sql_functions.yml: FROM_UNIXTIME(44) returns '1970-01-01 09:00:44' in 'Asia/Tokyo'.
SELECT FROM_UNIXTIME(44) AS fu;
+---------------------+
|                  fu |
+---------------------+
| 1970-01-01 09:00:44 |
+---------------------+
1 row in set
!ok

SET 'table.local-time-zone' = 'Europe/Berlin';
[INFO] Execute statement succeeded.
!info

# sql_functions.yml (UNIX_TIMESTAMP with 'Europe/Berlin'): 25201, 1, 25201, -9223372036854775808.
SELECT UNIX_TIMESTAMP('1970-01-01 08:00:01.001', 'yyyy-MM-dd HH:mm:ss.SSS') AS a,
  UNIX_TIMESTAMP('1970-01-01 08:00:01.001 +0800', 'yyyy-MM-dd HH:mm:ss.SSS X') AS b,
  UNIX_TIMESTAMP('1970-01-01 08:00:01.001 +0800', 'yyyy-MM-dd HH:mm:ss.SSS') AS c,
  UNIX_TIMESTAMP('1970-01-01 08:00:01.001', 'yyyy-MM-dd HH:mm:ss.SSS X') AS d;
+-------+---+-------+----------------------+
|     a | b |     c |                    d |
+-------+---+-------+----------------------+
| 25201 | 1 | 25201 | -9223372036854775808 |
+-------+---+-------+----------------------+
1 row in set
!ok

SET 'table.local-time-zone' = 'America/Los_Angeles';
[INFO] Execute statement succeeded.
!info

# Across the 2024-03-10 spring-forward (02:00 PST -> 03:00 PDT) and the 2024-11-03 fall-back
# (02:00 PDT -> 01:00 PST): instants print in the offset in force.
SELECT TO_TIMESTAMP_LTZ(ms, 3) AS ltz, CAST(TO_TIMESTAMP_LTZ(ms, 3) AS TIMESTAMP(3)) AS wall,
  FROM_UNIXTIME(ms / 1000, 'yyyy-MM-dd HH:mm:ss z') AS fu, HOUR(TO_TIMESTAMP_LTZ(ms, 3)) AS h
FROM (VALUES (CAST(1710064799000 AS BIGINT)), (1710064800000), (1730622600000), (1730626200000)) AS T(ms);
+-------------------------+-------------------------+-------------------------+---+
|                     ltz |                    wall |                      fu | h |
+-------------------------+-------------------------+-------------------------+---+
| 2024-03-10 01:59:59.000 | 2024-03-10 01:59:59.000 | 2024-03-10 01:59:59 PST | 1 |
| 2024-03-10 03:00:00.000 | 2024-03-10 03:00:00.000 | 2024-03-10 03:00:00 PDT | 3 |
| 2024-11-03 01:30:00.000 | 2024-11-03 01:30:00.000 | 2024-11-03 01:30:00 PDT | 1 |
| 2024-11-03 01:30:00.000 | 2024-11-03 01:30:00.000 | 2024-11-03 01:30:00 PST | 1 |
+-------------------------+-------------------------+-------------------------+---+
4 rows in set
!ok

# TIMESTAMP -> TIMESTAMP_LTZ: 02:30 does not exist on 2024-03-10 (java.time moves it to 03:30 PDT);
# 01:30 on 2024-11-03 exists twice (the earlier, PDT, is taken).
SELECT CAST(TIMESTAMP '2024-03-10 02:30:00' AS TIMESTAMP_LTZ(3)) AS gap,
  UNIX_TIMESTAMP(CAST(CAST(TIMESTAMP '2024-03-10 02:30:00' AS TIMESTAMP_LTZ(3)) AS STRING)) AS gap_secs,
  CAST(TIMESTAMP '2024-11-03 01:30:00' AS TIMESTAMP_LTZ(3)) AS overlap,
  TIMESTAMPDIFF(MINUTE, CAST(TIMESTAMP '2024-11-03 01:30:00' AS TIMESTAMP_LTZ(3)), TO_TIMESTAMP_LTZ(1730626200000, 3)) AS to_pst,
  CONVERT_TZ('2024-03-10 01:59:59', 'America/Los_Angeles', 'UTC') AS before_gap,
  CONVERT_TZ('2024-07-01 12:00:00', 'America/Los_Angeles', 'Asia/Shanghai') AS summer;
+-------------------------+------------+-------------------------+--------+---------------------+---------------------+
|                     gap |   gap_secs |                 overlap | to_pst |          before_gap |              summer |
+-------------------------+------------+-------------------------+--------+---------------------+---------------------+
| 2024-03-10 03:30:00.000 | 1710066600 | 2024-11-03 01:30:00.000 |     60 | 2024-03-10 09:59:59 | 2024-07-02 03:00:00 |
+-------------------------+------------+-------------------------+--------+---------------------+---------------------+
1 row in set
!ok

# FLOOR/CEIL of an LTZ work on the session zone's wall clock with the offset at the value's instant
# (DateTimeUtils.timestampFloor): on the DST day, FLOOR(03:00 PDT TO DAY) is 00:00 at -07:00, i.e. 23:00 PST.
SELECT FLOOR(TO_TIMESTAMP_LTZ(1710064800000, 3) TO DAY) AS fd, CEIL(TO_TIMESTAMP_LTZ(1710064800000, 3) TO HOUR) AS ch,
  EXTRACT(DAY FROM TO_TIMESTAMP_LTZ(1710064800000, 3)) AS d;
+-------------------------+-------------------------+----+
|                      fd |                      ch |  d |
+-------------------------+-------------------------+----+
| 2024-03-09 23:00:00.000 | 2024-03-10 03:00:00.000 | 10 |
+-------------------------+-------------------------+----+
1 row in set
!ok
