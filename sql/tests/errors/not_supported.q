# What the planner cannot run yet fails at plan time with "not supported yet: <what>" (issue 2),
# never silently.

CREATE TABLE a (id INT, v INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
[INFO] Execute statement succeeded.
!info

CREATE TABLE b (id INT, w INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
[INFO] Execute statement succeeded.
!info

SELECT id, SUM(v) AS total FROM a GROUP BY id;
[ERROR] Could not execute SQL statement. Reason:
NotSupportedException: At line 1, column 44: not supported yet: GROUP BY aggregation
!error

SELECT a.id, b.w FROM a JOIN b ON a.id = b.id;
[ERROR] Could not execute SQL statement. Reason:
NotSupportedException: At line 1, column 23: not supported yet: JOIN
!error

SELECT id FROM a ORDER BY id;
[ERROR] Could not execute SQL statement. Reason:
not supported yet: ORDER BY
!error
