# Math functions (Flink docs/data/sql_functions.yml, "arithmetic" section) in batch tableau form.
# Java semantics throughout: DOUBLE results print as Double.toString, ROUND is HALF_UP on the
# decimal text (BigDecimal.valueOf), DECIMAL result types follow LogicalTypeMerging.

SET 'sql-client.execution.result-mode' = 'tableau';
[INFO] Execute statement succeeded.
!info

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

# ABS keeps the argument type; Math.abs(Integer.MIN_VALUE) wraps to itself; NULL in, NULL out.
SELECT ABS(-5) AS a, ABS(CAST(-2.5 AS DECIMAL(3, 1))) AS b, ABS(CAST(-2147483648 AS INT)) AS c, ABS(CAST(NULL AS DOUBLE)) AS d;
+---+-----+-------------+--------+
| a |   b |           c |      d |
+---+-----+-------------+--------+
| 5 | 2.5 | -2147483648 | <NULL> |
+---+-----+-------------+--------+
1 row in set
!ok

# DOUBLE functions: SQRT(-1) is NaN and LN(0) is -Infinity as java.lang.Math gives them.
SELECT POWER(2, 10) AS p, SQRT(16) AS s, SQRT(-1) AS nan, EXP(0) AS e0, LN(1) AS ln1, LN(0) AS ln0, LOG10(1000) AS l10, LOG2(8) AS l2, LOG(100) AS l, LOG(2, 1024) AS lb;
+--------+-----+-----+-----+-----+-----------+-----+-----+-------------------+------+
|      p |   s | nan |  e0 | ln1 |       ln0 | l10 |  l2 |                 l |   lb |
+--------+-----+-----+-----+-----+-----------+-----+-----+-------------------+------+
| 1024.0 | 4.0 | NaN | 1.0 | 0.0 | -Infinity | 3.0 | 3.0 | 4.605170185988092 | 10.0 |
+--------+-----+-----+-----+-----+-----------+-----+-----+-------------------+------+
1 row in set
!ok

# ROUND(NUMERIC, INT): DECIMAL(4, 3) 2.675 rounds HALF_UP to DECIMAL(4, 2) 2.68 (findRoundDecimalType);
# ROUND(125.315, -1) is DECIMAL(4, 0) 130; a DOUBLE rounds its decimal text, so 2.675 gives 2.68 too.
SELECT ROUND(2.675, 2) AS r1, ROUND(125.315, -1) AS r2, ROUND(-2.5) AS r3, ROUND(CAST(2.675 AS DOUBLE), 2) AS r4, ROUND(CAST(-0.5 AS DOUBLE)) AS r5, ROUND(1255, -1) AS r6, ROUND(CAST(NULL AS INT), 1) AS r7;
+------+-----+----+------+------+------+--------+
|   r1 |  r2 | r3 |   r4 |   r5 |   r6 |     r7 |
+------+-----+----+------+------+------+--------+
| 2.68 | 130 | -3 | 2.68 | -1.0 | 1260 | <NULL> |
+------+-----+----+------+------+------+--------+
1 row in set
!ok

# TRUNCATE: "42.324.truncate(2) to 42.32" and "42.324.truncate() to 42.0" (the DOUBLE overload).
SELECT TRUNCATE(42.324, 2) AS t1, TRUNCATE(CAST(42.324 AS DOUBLE)) AS t2, TRUNCATE(-42.324, 1) AS t3, TRUNCATE(1259, -2) AS t4;
+-------+------+-------+------+
|    t1 |   t2 |    t3 |   t4 |
+-------+------+-------+------+
| 42.32 | 42.0 | -42.3 | 1200 |
+-------+------+-------+------+
1 row in set
!ok

# FLOOR and CEIL: DECIMAL(p, s) gives DECIMAL(p, 0); integers are unchanged.
SELECT FLOOR(-1.5) AS f1, CEIL(-1.5) AS c1, CEILING(1.2) AS c2, FLOOR(CAST(2.7 AS DOUBLE)) AS f2, CEIL(7) AS c3, FLOOR(CAST(NULL AS DECIMAL(5, 2))) AS f3;
+----+----+----+-----+----+--------+
| f1 | c1 | c2 |  f2 | c3 |     f3 |
+----+----+----+-----+----+--------+
| -2 | -1 |  2 | 2.0 |  7 | <NULL> |
+----+----+----+-----+----+--------+
1 row in set
!ok

SELECT SIGN(-3) AS s1, SIGN(CAST(2.50 AS DECIMAL(3, 2))) AS s2, SIGN(CAST(0 AS DOUBLE)) AS s3, SIGN(CAST(-0.1 AS DOUBLE)) AS s4;
+----+------+-----+------+
| s1 |   s2 |  s3 |   s4 |
+----+------+-----+------+
| -1 | 1.00 | 0.0 | -1.0 |
+----+------+-----+------+
1 row in set
!ok

# BIN: "4.bin() returns 100 and 12.bin() returns 1100"; HEX: "20 leads to 14, 100 leads to 64,
# hello,world leads to 68656C6C6F2C776F726C64" (sql_functions.yml). BIN(-1) is Long.toBinaryString.
SELECT BIN(4) AS b1, BIN(12) AS b2, HEX(20) AS h1, HEX(100) AS h2, HEX('hello,world') AS h3, HEX(CAST(NULL AS INT)) AS h4, CHAR_LENGTH(BIN(-1)) AS len;
+-----+------+----+----+------------------------+--------+-----+
|  b1 |   b2 | h1 | h2 |                     h3 |     h4 | len |
+-----+------+----+----+------------------------+--------+-----+
| 100 | 1100 | 14 | 64 | 68656C6C6F2C776F726C64 | <NULL> |  64 |
+-----+------+----+----+------------------------+--------+-----+
1 row in set
!ok

SELECT PI() AS pi, E() AS e, DEGREES(PI()) AS deg, RADIANS(180) AS rad, SIN(0) AS s, COS(0) AS c, TAN(0) AS t, ATAN2(1, 1) AS a2, COT(1) AS cot;
+-------------------+-------------------+-------+-------------------+-----+-----+-----+--------------------+--------------------+
|                pi |                 e |   deg |               rad |   s |   c |   t |                 a2 |                cot |
+-------------------+-------------------+-------+-------------------+-----+-----+-----+--------------------+--------------------+
| 3.141592653589793 | 2.718281828459045 | 180.0 | 3.141592653589793 | 0.0 | 1.0 | 0.0 | 0.7853981633974483 | 0.6420926159343306 |
+-------------------+-------------------+-------+-------------------+-----+-----+-----+--------------------+--------------------+
1 row in set
!ok

# A seeded RAND is java.util.Random: new Random(42).nextDouble() and new Random(42).nextInt(100).
SELECT RAND(42) AS r, RAND_INTEGER(42, 100) AS ri;
+--------------------+----+
|                  r | ri |
+--------------------+----+
| 0.7275636800328681 | 30 |
+--------------------+----+
1 row in set
!ok

SELECT MOD(7, 3) AS m1, MOD(-7, 3) AS m2, 7 % -3 AS m3;
+----+----+----+
| m1 | m2 | m3 |
+----+----+----+
|  1 | -1 |  1 |
+----+----+----+
1 row in set
!ok

# Wrong argument types list the accepted signatures.
SELECT SQRT('x');
[ERROR] Could not execute SQL statement. Reason:
Cannot apply 'SQRT' to arguments of type 'SQRT(<CHAR(1)>)'. Supported form(s): SQRT(<NUMERIC>)
!error

# RAND_INTEGER's bound must be positive (java.util.Random.nextInt); the job fails at run time.
SELECT RAND_INTEGER(42, 0) AS bad;
[ERROR] Could not execute SQL statement. Reason:
bound must be positive
!error
