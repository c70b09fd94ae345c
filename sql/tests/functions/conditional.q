# Conditional functions in batch tableau form. Expected values are the examples of Flink's
# docs/data/sql_functions.yml (cited per case).

SET 'sql-client.execution.result-mode' = 'tableau';
[INFO] Execute statement succeeded.
!info

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

# sql_functions.yml: NULLIF(5, 5) returns NULL; NULLIF(5, 0) returns 5; IF(5 > 3, 5, 3) returns 5;
# COALESCE(NULL, 'default') returns 'default'.
SELECT NULLIF(5, 5) AS n1, NULLIF(5, 0) AS n2, IF(5 > 3, 5, 3) AS i, COALESCE(NULL, 'default') AS c;
+--------+----+---+---------+
|     n1 | n2 | i |       c |
+--------+----+---+---------+
| <NULL> |  5 | 5 | default |
+--------+----+---+---------+
1 row in set
!ok

# sql_functions.yml: COALESCE(f0, f1, 'default') returns the first non-null value among f0 and f1, or 'default';
# IFNULL(nullable_column, 5) never returns NULL.
SELECT f0, f1, COALESCE(f0, f1, 'default') AS c, IFNULL(n, 5) AS i
FROM (VALUES ('a', 'b', 1), (CAST(NULL AS STRING), 'b', CAST(NULL AS INT)), (CAST(NULL AS STRING), CAST(NULL AS STRING), 3))
  AS T(f0, f1, n);
+--------+--------+---------+---+
|     f0 |     f1 |       c | i |
+--------+--------+---------+---+
|      a |      b |       a | 1 |
| <NULL> |      b |       b | 5 |
| <NULL> | <NULL> | default | 3 |
+--------+--------+---------+---+
3 rows in set
!ok

# sql_functions.yml: GREATEST/LEAST return NULL if any argument is NULL; arguments meet in their common type.
SELECT GREATEST(1, 5, 3) AS g, LEAST(1, 5, 3) AS l, GREATEST(1, CAST(NULL AS INT)) AS gn, LEAST('b', 'a', 'c') AS ls,
  GREATEST(1, 2.5) AS gd;
+---+---+--------+----+-----+
| g | l |     gn | ls |  gd |
+---+---+--------+----+-----+
| 5 | 1 | <NULL> |  a | 2.5 |
+---+---+--------+----+-----+
1 row in set
!ok

# sql_functions.yml: 1 IS DISTINCT FROM NULL returns TRUE; NULL IS DISTINCT FROM NULL returns FALSE;
# 1 IS NOT DISTINCT FROM NULL returns FALSE; NULL IS NOT DISTINCT FROM NULL returns TRUE.
SELECT 1 IS DISTINCT FROM CAST(NULL AS INT) AS d1, CAST(NULL AS INT) IS DISTINCT FROM CAST(NULL AS INT) AS d2,
  1 IS NOT DISTINCT FROM CAST(NULL AS INT) AS n1, CAST(NULL AS INT) IS NOT DISTINCT FROM CAST(NULL AS INT) AS n2,
  'a' IS DISTINCT FROM 'a' AS d3;
+------+-------+-------+------+-------+
|   d1 |    d2 |    n1 |   n2 |    d3 |
+------+-------+-------+------+-------+
| TRUE | FALSE | FALSE | TRUE | FALSE |
+------+-------+-------+------+-------+
1 row in set
!ok

# Over columns: IF with a NULL condition takes the false branch; NULLIF compares in the common type.
SELECT a, b, IF(a > b, 'a', 'b') AS bigger, NULLIF(a, b) AS nul, a IS DISTINCT FROM b AS dist
FROM (VALUES (1, 1), (2, 1), (CAST(NULL AS INT), 1), (CAST(NULL AS INT), CAST(NULL AS INT))) AS T(a, b);
+--------+--------+--------+--------+-------+
|      a |      b | bigger |    nul |  dist |
+--------+--------+--------+--------+-------+
|      1 |      1 |      b | <NULL> | FALSE |
|      2 |      1 |      a |      2 |  TRUE |
| <NULL> |      1 |      b | <NULL> |  TRUE |
| <NULL> | <NULL> |      b | <NULL> | FALSE |
+--------+--------+--------+--------+-------+
4 rows in set
!ok
