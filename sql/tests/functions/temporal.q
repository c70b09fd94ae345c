# Temporal functions (expected values: Flink's sql_functions.yml examples, cited per case, and
# Flink's DateTimeUtils semantics). Batch mode prints compact tables.

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SET 'table.local-time-zone' = 'UTC';
[INFO] Execute statement succeeded.
!info

# sql_functions.yml: TO_TIMESTAMP_LTZ(1000, 0) is 1970-01-01 00:16:40.000, TO_TIMESTAMP_LTZ(1000, 3) is
# 1970-01-01 00:00:01.000; the one-argument form reads milliseconds (Flink 2.0).
SELECT TO_TIMESTAMP_LTZ(1000, 0) AS s, TO_TIMESTAMP_LTZ(1000, 3) AS ms, TO_TIMESTAMP_LTZ(1000) AS dflt,
  TO_TIMESTAMP_LTZ(CAST(1000 AS INT), 0) AS i, TO_TIMESTAMP_LTZ(CAST(100 AS TINYINT), 0) AS ti,
  TO_TIMESTAMP_LTZ(CAST(100 AS SMALLINT), 3) AS si;
+-------------------------+-------------------------+-------------------------+-------------------------+-------------------------+-------------------------+
|                       s |                      ms |                    dflt |                       i |                      ti |                      si |
+-------------------------+-------------------------+-------------------------+-------------------------+-------------------------+-------------------------+
| 1970-01-01 00:16:40.000 | 1970-01-01 00:00:01.000 | 1970-01-01 00:00:01.000 | 1970-01-01 00:16:40.000 | 1970-01-01 00:01:40.000 | 1970-01-01 00:00:00.100 |
+-------------------------+-------------------------+-------------------------+-------------------------+-------------------------+-------------------------+
1 row in set
!ok

# DOUBLE/FLOAT/DECIMAL: seconds keep the fraction for DOUBLE; DECIMAL and FLOAT drop it (DateTimeUtils,
# ToTimestampLtzFunction.eval(Float) uses longValue()).
SELECT TO_TIMESTAMP_LTZ(1.5E0, 0) AS d0, TO_TIMESTAMP_LTZ(1500.9E0, 3) AS d3, TO_TIMESTAMP_LTZ(1.5, 0) AS dec0,
  TO_TIMESTAMP_LTZ(1500.9, 3) AS dec3, TO_TIMESTAMP_LTZ(CAST(1.5 AS FLOAT), 0) AS f0;
+-------------------------+-------------------------+-------------------------+-------------------------+-------------------------+
|                      d0 |                      d3 |                    dec0 |                    dec3 |                      f0 |
+-------------------------+-------------------------+-------------------------+-------------------------+-------------------------+
| 1970-01-01 00:00:01.500 | 1970-01-01 00:00:01.500 | 1970-01-01 00:00:01.000 | 1970-01-01 00:00:01.500 | 1970-01-01 00:00:01.000 |
+-------------------------+-------------------------+-------------------------+-------------------------+-------------------------+
1 row in set
!ok

# NULL in, NULL out; outside 0000-01-01 .. 9999-12-31 23:59:59.999 UTC is NULL (DateTimeUtils).
SELECT TO_TIMESTAMP_LTZ(CAST(NULL AS BIGINT), 3) AS n, TO_TIMESTAMP_LTZ(253402300799999, 3) AS max_ms,
  TO_TIMESTAMP_LTZ(253402300800000, 3) AS over_ms, TO_TIMESTAMP_LTZ(-62167219200, 0) AS min_s,
  TO_TIMESTAMP_LTZ(-62167219201, 0) AS under_s, TO_TIMESTAMP_LTZ(x, 3) AS col
FROM (VALUES (CAST(NULL AS BIGINT)), (4001)) AS T(x);
+--------+-------------------------+---------+-------------------------+---------+-------------------------+
|      n |                  max_ms | over_ms |                   min_s | under_s |                     col |
+--------+-------------------------+---------+-------------------------+---------+-------------------------+
| <NULL> | 9999-12-31 23:59:59.999 |  <NULL> | 0000-01-01 00:00:00.000 |  <NULL> |                  <NULL> |
| <NULL> | 9999-12-31 23:59:59.999 |  <NULL> | 0000-01-01 00:00:00.000 |  <NULL> | 1970-01-01 00:00:04.001 |
+--------+-------------------------+---------+-------------------------+---------+-------------------------+
2 rows in set
!ok

# Other precisions: Flink's error text.
SELECT TO_TIMESTAMP_LTZ(1000, 6);
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 8: The precision value '6' for function TO_TIMESTAMP_LTZ(numeric, precision) is unsupported, the supported value is '0' for second or '3' for millisecond.
!error

# The string overloads (Flink 2.0): default format, a pattern, a zone (UTC when not given).
SELECT TO_TIMESTAMP_LTZ('2023-05-04 23:42:55.123') AS a, TO_TIMESTAMP_LTZ('04/05/2023 10:00', 'dd/MM/yyyy HH:mm') AS b,
  TO_TIMESTAMP_LTZ('2023-05-04 10:00:00', 'yyyy-MM-dd HH:mm:ss', 'Asia/Shanghai') AS c,
  TO_TIMESTAMP_LTZ(CAST(NULL AS STRING)) AS n;
+-------------------------+-------------------------+-------------------------+--------+
|                       a |                       b |                       c |      n |
+-------------------------+-------------------------+-------------------------+--------+
| 2023-05-04 23:42:55.123 | 2023-05-04 10:00:00.000 | 2023-05-04 02:00:00.000 | <NULL> |
+-------------------------+-------------------------+-------------------------+--------+
1 row in set
!ok

# sql_functions.yml: EXTRACT(DAY FROM DATE '2006-06-05') returns 5; YEAR(DATE '1994-09-27') 1994,
# QUARTER 3, MONTH 9, WEEK 39, DAYOFYEAR 270, DAYOFMONTH 27, DAYOFWEEK 3.
SELECT EXTRACT(DAY FROM DATE '2006-06-05') AS e, YEAR(DATE '1994-09-27') AS y, QUARTER(DATE '1994-09-27') AS q,
  MONTH(DATE '1994-09-27') AS m, WEEK(DATE '1994-09-27') AS w, DAYOFYEAR(DATE '1994-09-27') AS doy,
  DAYOFMONTH(DATE '1994-09-27') AS dom, DAYOFWEEK(DATE '1994-09-27') AS dow;
+---+------+---+---+----+-----+-----+-----+
| e |    y | q | m |  w | doy | dom | dow |
+---+------+---+---+----+-----+-----+-----+
| 5 | 1994 | 3 | 9 | 39 | 270 |  27 |   3 |
+---+------+---+---+----+-----+-----+-----+
1 row in set
!ok

# sql_functions.yml: HOUR/MINUTE/SECOND(TIMESTAMP '1994-09-27 13:14:15') are 13, 14, 15.
SELECT HOUR(TIMESTAMP '1994-09-27 13:14:15') AS h, MINUTE(TIMESTAMP '1994-09-27 13:14:15') AS mi,
  SECOND(TIMESTAMP '1994-09-27 13:14:15') AS s, EXTRACT(MILLISECOND FROM TIMESTAMP '1994-09-27 13:14:15.123') AS ms,
  EXTRACT(HOUR FROM TIME '20:12:11') AS th, EXTRACT(YEAR FROM TIMESTAMP '2021-04-13 20:12:11') AS ty,
  EXTRACT(DOW FROM DATE '2021-04-11') AS sun, EXTRACT(EPOCH FROM TIMESTAMP '1970-01-02 00:00:01') AS ep;
+----+----+----+-----+----+------+-----+-------+
|  h | mi |  s |  ms | th |   ty | sun |    ep |
+----+----+----+-----+----+------+-----+-------+
| 13 | 14 | 15 | 123 | 20 | 2021 |   1 | 86401 |
+----+----+----+-----+----+------+-----+-------+
1 row in set
!ok

# EXTRACT from intervals (Java's / and %), ISO weeks at a year's edge, NULL.
SELECT EXTRACT(DAY FROM INTERVAL '2 03:04:05' DAY TO SECOND) AS d, EXTRACT(HOUR FROM INTERVAL '2 03:04:05' DAY TO SECOND) AS h,
  EXTRACT(YEAR FROM INTERVAL '2-10' YEAR TO MONTH) AS y, EXTRACT(MONTH FROM INTERVAL '2-10' YEAR TO MONTH) AS m,
  WEEK(DATE '2021-01-01') AS w1, WEEK(DATE '2020-12-31') AS w2, YEAR(CAST(NULL AS DATE)) AS n;
+---+---+---+----+----+----+--------+
| d | h | y |  m | w1 | w2 |      n |
+---+---+---+----+----+----+--------+
| 2 | 3 | 2 | 10 | 53 | 53 | <NULL> |
+---+---+---+----+----+----+--------+
1 row in set
!ok

# sql_functions.yml: FLOOR(TIME '12:44:31' TO MINUTE) is 12:44:00, CEIL(... TO MINUTE) 12:45:00.
SELECT FLOOR(TIME '12:44:31' TO MINUTE) AS f, CEIL(TIME '12:44:31' TO MINUTE) AS c,
  FLOOR(TIMESTAMP '2021-04-13 20:12:11.123' TO HOUR) AS fh, CEIL(TIMESTAMP '2021-04-13 20:12:11' TO DAY) AS cd,
  FLOOR(TIMESTAMP '2021-04-13 20:12:11' TO WEEK) AS fw, FLOOR(TIMESTAMP '2021-05-13 20:12:11' TO QUARTER) AS fq,
  CEIL(TIMESTAMP '2021-04-13 20:12:11' TO YEAR) AS cy, FLOOR(DATE '2021-04-13' TO MONTH) AS fm;
+----------+----------+-------------------------+---------------------+---------------------+---------------------+---------------------+------------+
|        f |        c |                      fh |                  cd |                  fw |                  fq |                  cy |         fm |
+----------+----------+-------------------------+---------------------+---------------------+---------------------+---------------------+------------+
| 12:44:00 | 12:45:00 | 2021-04-13 20:00:00.000 | 2021-04-14 00:00:00 | 2021-04-11 00:00:00 | 2021-04-01 00:00:00 | 2022-01-01 00:00:00 | 2021-04-01 |
+----------+----------+-------------------------+---------------------+---------------------+---------------------+---------------------+------------+
1 row in set
!ok

# TIMESTAMPADD / TIMESTAMPDIFF: sql_functions.yml, TIMESTAMPDIFF(DAY, TIMESTAMP '2003-01-02 10:00:00',
# TIMESTAMP '2003-01-03 10:00:00') is 1; months clamp to the month's end (DateTimeUtils.addMonths).
SELECT TIMESTAMPADD(WEEK, 1, DATE '2003-01-02') AS w, TIMESTAMPADD(HOUR, 2, TIMESTAMP '2003-01-02 10:00:00') AS h,
  TIMESTAMPADD(MONTH, 1, TIMESTAMP '2020-01-31 10:00:00') AS m, TIMESTAMPADD(YEAR, -1, DATE '2020-02-29') AS y,
  TIMESTAMPDIFF(DAY, TIMESTAMP '2003-01-02 10:00:00', TIMESTAMP '2003-01-03 10:00:00') AS dd,
  TIMESTAMPDIFF(MONTH, DATE '2003-01-31', DATE '2003-02-28') AS mm, TIMESTAMPDIFF(HOUR, TIMESTAMP '2003-01-03 10:00:00', TIMESTAMP '2003-01-02 09:00:00') AS neg,
  TIMESTAMPDIFF(YEAR, DATE '2000-02-29', DATE '2001-02-28') AS yy;
+------------+---------------------+---------------------+------------+----+----+-----+----+
|          w |                   h |                   m |          y | dd | mm | neg | yy |
+------------+---------------------+---------------------+------------+----+----+-----+----+
| 2003-01-09 | 2003-01-02 12:00:00 | 2020-02-29 10:00:00 | 2019-02-28 |  1 |  1 | -25 |  1 |
+------------+---------------------+---------------------+------------+----+----+-----+----+
1 row in set
!ok

# Interval arithmetic (Flink's generateTemporalPlusMinus): DATE moves by whole days or months.
SELECT DATE '2020-01-31' + INTERVAL '1' MONTH AS a, TIMESTAMP '2020-01-01 00:00:00' - INTERVAL '5' SECOND AS b,
  DATE '2020-01-01' + INTERVAL '1' DAY AS c, INTERVAL '10' MINUTE + TIMESTAMP '2020-01-01 00:00:00' AS d,
  TIME '23:30:00' + INTERVAL '1' HOUR AS e, TIMESTAMP '2020-03-31 10:00:00' - INTERVAL '1' MONTH AS f,
  DATE '2020-01-01' - INTERVAL '2-1' YEAR TO MONTH AS g, INTERVAL '1' DAY + INTERVAL '1' HOUR AS h;
+------------+---------------------+------------+---------------------+----------+---------------------+------------+-----------------+
|          a |                   b |          c |                   d |        e |                   f |          g |               h |
+------------+---------------------+------------+---------------------+----------+---------------------+------------+-----------------+
| 2020-02-29 | 2019-12-31 23:59:55 | 2020-01-02 | 2020-01-01 00:10:00 | 00:30:00 | 2020-02-29 10:00:00 | 2017-12-01 | +1 01:00:00.000 |
+------------+---------------------+------------+---------------------+----------+---------------------+------------+-----------------+
1 row in set
!ok

# sql_functions.yml: TO_TIMESTAMP parses in UTC ('yyyy-MM-dd HH:mm:ss' by default), TO_DATE 'yyyy-MM-dd';
# a string that does not parse is NULL.
SELECT TO_TIMESTAMP('2023-05-04 23:42:55') AS a, TO_TIMESTAMP('2025-10-26') AS b, TO_TIMESTAMP('20251026') AS c,
  TO_TIMESTAMP('20251026', 'yyyyMMdd') AS d, TO_TIMESTAMP('1999-9-10 05:20:10', 'yyyy-MM-dd HH:mm:ss') AS e,
  TO_DATE('2023-05-04') AS f, TO_DATE('05/04/2023', 'MM/dd/yyyy') AS g, TO_DATE('x') AS h;
+-------------------------+-------------------------+--------+-------------------------+-------------------------+------------+------------+--------+
|                       a |                       b |      c |                       d |                       e |          f |          g |      h |
+-------------------------+-------------------------+--------+-------------------------+-------------------------+------------+------------+--------+
| 2023-05-04 23:42:55.000 | 2025-10-26 00:00:00.000 | <NULL> | 2025-10-26 00:00:00.000 | 1999-09-10 05:20:10.000 | 2023-05-04 | 2023-05-04 | <NULL> |
+-------------------------+-------------------------+--------+-------------------------+-------------------------+------------+------------+--------+
1 row in set
!ok

# DATE_FORMAT: SimpleDateFormat/DateTimeFormatter patterns.
SELECT DATE_FORMAT(TIMESTAMP '2021-04-13 20:12:11.123', 'yyyy/MM/dd HH:mm:ss.SSS') AS a,
  DATE_FORMAT(TIMESTAMP '2021-04-13 08:02:01', 'EEE, d MMM yy hh:mm a') AS b,
  DATE_FORMAT(TIMESTAMP '2021-04-13 08:02:01', 'EEEE MMMM ''week'' w D') AS c,
  DATE_FORMAT('2021-04-13 20:12:11', 'yyyyMMdd') AS d, DATE_FORMAT(DATE '2021-04-13', 'dd.MM.yyyy') AS e,
  DATE_FORMAT(CAST(NULL AS TIMESTAMP(3)), 'yyyy') AS f;
+-------------------------+-------------------------+---------------------------+----------+------------+--------+
|                       a |                       b |                         c |        d |          e |      f |
+-------------------------+-------------------------+---------------------------+----------+------------+--------+
| 2021/04/13 20:12:11.123 | Tue, 13 Apr 21 08:02 AM | Tuesday April week 16 103 | 20210413 | 13.04.2021 | <NULL> |
+-------------------------+-------------------------+---------------------------+----------+------------+--------+
1 row in set
!ok

# sql_functions.yml: FROM_UNIXTIME(44) is '1970-01-01 00:00:44' in UTC; UNIX_TIMESTAMP returns
# Long.MIN_VALUE when the string does not parse.
SELECT FROM_UNIXTIME(44) AS a, FROM_UNIXTIME(1500000000, 'yyyy-MM-dd') AS b, UNIX_TIMESTAMP('1970-01-01 00:00:44') AS c,
  UNIX_TIMESTAMP('2021-04-13', 'yyyy-MM-dd') AS d, UNIX_TIMESTAMP('not a date') AS e,
  UNIX_TIMESTAMP(CAST(NULL AS STRING)) AS f;
+---------------------+------------+----+------------+----------------------+--------+
|                   a |          b |  c |          d |                    e |      f |
+---------------------+------------+----+------------+----------------------+--------+
| 1970-01-01 00:00:44 | 2017-07-14 | 44 | 1618272000 | -9223372036854775808 | <NULL> |
+---------------------+------------+----+------------+----------------------+--------+
1 row in set
!ok

# sql_functions.yml: CONVERT_TZ('1970-01-01 00:00:00', 'UTC', 'America/Los_Angeles') is '1969-12-31 16:00:00'.
SELECT CONVERT_TZ('1970-01-01 00:00:00', 'UTC', 'America/Los_Angeles') AS a,
  CONVERT_TZ('2021-04-13 12:00:00', 'Asia/Shanghai', 'GMT-08:00') AS b, CONVERT_TZ('2021-07-01 12:00:00', 'UTC', 'PST') AS c;
+---------------------+---------------------+---------------------+
|                   a |                   b |                   c |
+---------------------+---------------------+---------------------+
| 1969-12-31 16:00:00 | 2021-04-12 20:00:00 | 2021-07-01 05:00:00 |
+---------------------+---------------------+---------------------+
1 row in set
!ok

# CURRENT_TIMESTAMP and friends are not constant; in batch mode they agree within a query.
SELECT CURRENT_TIMESTAMP IS NOT NULL AS a, YEAR(CURRENT_DATE) >= 2024 AS b, LOCALTIME IS NOT NULL AS c,
  NOW() IS NOT NULL AS d, CURRENT_ROW_TIMESTAMP() IS NOT NULL AS e, UNIX_TIMESTAMP() > 1700000000 AS f,
  TIMESTAMPDIFF(SECOND, LOCALTIMESTAMP, CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3))) = 0 AS g;
+------+------+------+------+------+------+------+
|    a |    b |    c |    d |    e |    f |    g |
+------+------+------+------+------+------+------+
| TRUE | TRUE | TRUE | TRUE | TRUE | TRUE | TRUE |
+------+------+------+------+------+------+------+
1 row in set
!ok
