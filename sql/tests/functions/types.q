# Types and evaluation with Flink's semantics (flink-sql.md §1, §7): three-valued logic, NULL
# propagation, Java integer overflow, exact DECIMAL arithmetic with LogicalTypeMerging's result
# types (NULL on overflow), Double.toString printing, CAST between the pairs LogicalTypeCasts
# allows, run-time CAST errors naming the value and expression, TRY_CAST giving NULL.

SET 'sql-client.execution.result-mode' = 'tableau';
[INFO] Execute statement succeeded.
!info

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

# Three-valued logic: TRUE AND NULL is NULL, FALSE AND NULL is FALSE, TRUE OR NULL is TRUE.
SELECT TRUE AND CAST(NULL AS BOOLEAN) AS a, FALSE AND CAST(NULL AS BOOLEAN) AS b, TRUE OR CAST(NULL AS BOOLEAN) AS c, FALSE OR CAST(NULL AS BOOLEAN) AS d, NOT CAST(NULL AS BOOLEAN) AS e, CAST(NULL AS INT) = 1 AS f, CAST(NULL AS INT) IS NULL AS g;
+--------+-------+------+--------+--------+--------+------+
|      a |     b |    c |      d |      e |      f |    g |
+--------+-------+------+--------+--------+--------+------+
| <NULL> | FALSE | TRUE | <NULL> | <NULL> | <NULL> | TRUE |
+--------+-------+------+--------+--------+--------+------+
1 row in set
!ok

# Integers wrap as Java's int/long/byte do: MAX + 1 is MIN, -MIN and MIN / -1 are MIN.
SELECT CAST(2147483647 AS INT) + 1 AS a, CAST(-9223372036854775808 AS BIGINT) - 1 AS b, CAST(127 AS TINYINT) + CAST(1 AS TINYINT) AS c, -CAST(-2147483648 AS INT) AS d, CAST(-2147483648 AS INT) / -1 AS e, 7 / 2 AS f, -7 / 2 AS g;
+-------------+---------------------+------+-------------+-------------+---+----+
|           a |                   b |    c |           d |           e | f |  g |
+-------------+---------------------+------+-------------+-------------+---+----+
| -2147483648 | 9223372036854775807 | -128 | -2147483648 | -2147483648 | 3 | -3 |
+-------------+---------------------+------+-------------+-------------+---+----+
1 row in set
!ok

# DECIMAL result types: + gives DECIMAL(5, 3), * gives DECIMAL(6, 3) (p1 + p2 + 1), / of two
# DECIMAL(10, 0) gives DECIMAL(21, 11), INT + DECIMAL(5, 2) gives DECIMAL(13, 2).
SELECT CAST(1.10 AS DECIMAL(3, 2)) + CAST(2.205 AS DECIMAL(4, 3)) AS a, CAST(1.5 AS DECIMAL(2, 1)) * CAST(2.25 AS DECIMAL(3, 2)) AS b, CAST(1 AS DECIMAL(10, 0)) / CAST(3 AS DECIMAL(10, 0)) AS c, 1 + CAST(1.50 AS DECIMAL(5, 2)) AS d, CAST(10 AS DECIMAL(4, 0)) % CAST(3 AS DECIMAL(2, 0)) AS e, CAST(2 AS DECIMAL(2, 0)) / 3 AS f;
+-------+-------+---------------+------+---+---------------+
|     a |     b |             c |    d | e |             f |
+-------+-------+---------------+------+---+---------------+
| 3.305 | 3.375 | 0.33333333333 | 2.50 | 1 | 0.66666666667 |
+-------+-------+---------------+------+---+---------------+
1 row in set
!ok

# Exact beyond 128-bit intermediates (BigDecimal in Flink): 0.1 * 0.1 at DECIMAL(38, 35) and a
# 38-digit square rounded HALF_UP to DECIMAL(38, 6); a result past 38 digits is NULL.
SELECT CAST(0.1 AS DECIMAL(38, 37)) * CAST(0.1 AS DECIMAL(38, 37)) AS small, CAST(12.3456789012345678901 AS DECIMAL(38, 19)) * CAST(12.3456789012345678901 AS DECIMAL(38, 19)) AS sq, CAST(99999999999999999999999999999999999999 AS DECIMAL(38, 0)) + 1 AS overflow;
+--------------------------------+------------+----------+
|                          small |         sq | overflow |
+--------------------------------+------------+----------+
| 0.0100000000000000000000000... | 152.415788 |   <NULL> |
+--------------------------------+------------+----------+
1 row in set
!ok

# DOUBLE and FLOAT print as Java's Double.toString / Float.toString: plain from 10^-3 up to 10^7,
# scientific outside; a FLOAT widened to DOUBLE shows its binary value.
SELECT CAST(1.0E-5 AS DOUBLE) AS a, CAST(100 AS DOUBLE) AS b, CAST(1.0E7 AS DOUBLE) AS c, CAST(9999999 AS DOUBLE) AS d, CAST(0.001 AS DOUBLE) AS e, 0.1e0 + 0.2e0 AS f, CAST(0.1 AS FLOAT) AS g, CAST(CAST(0.1 AS FLOAT) AS DOUBLE) AS h, 1.0e0 / 0 AS i, CAST(123456789 AS DOUBLE) AS j;
+--------+-------+-------+-----------+-------+---------------------+-----+---------------------+----------+--------------+
|      a |     b |     c |         d |     e |                   f |   g |                   h |        i |            j |
+--------+-------+-------+-----------+-------+---------------------+-----+---------------------+----------+--------------+
| 1.0E-5 | 100.0 | 1.0E7 | 9999999.0 | 0.001 | 0.30000000000000004 | 0.1 | 0.10000000149011612 | Infinity | 1.23456789E8 |
+--------+-------+-------+-----------+-------+---------------------+-----+---------------------+----------+--------------+
1 row in set
!ok

# Numeric and string casts: strings are trimmed, fractions truncate toward zero into integers,
# narrowing wraps like Java's (byte) 300 = 44, DOUBLE -> DECIMAL rounds the decimal text HALF_UP.
SELECT CAST('42' AS INT) AS a, CAST(' 42 ' AS BIGINT) AS b, CAST('1.5' AS DECIMAL(3, 1)) AS c, CAST('true' AS BOOLEAN) AS d, CAST(1 AS BOOLEAN) AS e, CAST(TRUE AS INT) AS f, CAST(3.99 AS INT) AS g, CAST(-3.99e0 AS INT) AS h, CAST(300 AS TINYINT) AS i, CAST(2.675e0 AS DECIMAL(3, 2)) AS j, CAST(12.345 AS DECIMAL(3, 1)) AS k, CAST(123.4 AS DECIMAL(2, 0)) AS l;
+----+----+-----+------+------+---+---+----+----+------+------+--------+
|  a |  b |   c |    d |    e | f | g |  h |  i |    j |    k |      l |
+----+----+-----+------+------+---+---+----+----+------+------+--------+
| 42 | 42 | 1.5 | TRUE | TRUE | 1 | 3 | -3 | 44 | 2.68 | 12.3 | <NULL> |
+----+----+-----+------+------+---+---+----+----+------+------+--------+
1 row in set
!ok

# Temporal casts and text.
SELECT CAST(DATE '2024-03-10' AS TIMESTAMP(3)) AS a, CAST(TIMESTAMP '2024-03-10 12:34:56.789' AS DATE) AS b, CAST(TIMESTAMP '2024-03-10 12:34:56.789' AS TIME) AS c, CAST('2024-03-10 01:02:03' AS TIMESTAMP(3)) AS d, CAST(TIMESTAMP '2024-03-10 12:34:56.789' AS STRING) AS e, CAST(1.5 AS STRING) AS f, CAST(1.5e0 AS STRING) AS g;
+-------------------------+------------+----------+-------------------------+-------------------------+-----+-----+
|                       a |          b |        c |                       d |                       e |   f |   g |
+-------------------------+------------+----------+-------------------------+-------------------------+-----+-----+
| 2024-03-10 00:00:00.000 | 2024-03-10 | 12:34:56 | 2024-03-10 01:02:03.000 | 2024-03-10 12:34:56.789 | 1.5 | 1.5 |
+-------------------------+------------+----------+-------------------------+-------------------------+-----+-----+
1 row in set
!ok

# TRY_CAST gives NULL where CAST fails.
SELECT TRY_CAST('abc' AS INT) AS a, TRY_CAST('2024-13-45' AS DATE) AS b, TRY_CAST('12' AS INT) AS c, CAST(CAST(NULL AS STRING) AS INT) AS d;
+--------+--------+----+--------+
|      a |      b |  c |      d |
+--------+--------+----+--------+
| <NULL> | <NULL> | 12 | <NULL> |
+--------+--------+----+--------+
1 row in set
!ok

# A failing CAST names the value, its type and the expression.
SELECT CAST('abc' AS INT);
[ERROR] Could not execute SQL statement. Reason:
Cannot cast 'abc' of type CHAR(3) NOT NULL to INT in CAST('abc' AS INT)
!error

# Pairs LogicalTypeCasts does not allow fail at plan time (Flink names NUMERIC -> TIMESTAMP with
# its own message; see the report of issue 3).
SELECT CAST(1.5 AS BOOLEAN);
[ERROR] Could not execute SQL statement. Reason:
Cast function cannot convert value of type DECIMAL(2, 1) to type BOOLEAN
!error

SELECT CAST(DATE '2024-01-01' AS INT);
[ERROR] Could not execute SQL statement. Reason:
Cast function cannot convert value of type DATE to type INT
!error
