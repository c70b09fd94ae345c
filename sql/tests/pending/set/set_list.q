# A bare SET; lists the session's keys as a key/value table (Flink's set.q).

SET 'table.local-time-zone' = 'UTC';
[INFO] Execute statement succeeded.
!info

SET 'pipeline.name' = 'x';
[INFO] Execute statement succeeded.
!info

SET;
+----------------------+-------+
|                  key | value |
+----------------------+-------+
|        pipeline.name |     x |
| table.local-time-zone |   UTC |
+----------------------+-------+
2 rows in set
!ok
