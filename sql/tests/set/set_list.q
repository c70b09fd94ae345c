# A bare SET; lists the session's keys as a key/value table (Flink's set.q).

SET 'table.local-time-zone' = 'UTC';
[INFO] Execute statement succeeded.
!info

SET 'pipeline.name' = 'x';
[INFO] Execute statement succeeded.
!info

SET;
+--------------------------------------+-----------+
|                                  key |     value |
+--------------------------------------+-----------+
|               execution.runtime-mode | streaming |
|                  parallelism.default |         1 |
|                        pipeline.name |         x |
|  sql-client.display.max-column-width |        30 |
|     sql-client.execution.result-mode |     table |
|                   sql-client.verbose |     false |
|                       table.dml-sync |     false |
| table.exec.sink.type-length-enforcer |    IGNORE |
|                table.local-time-zone |       UTC |
+--------------------------------------+-----------+
9 rows in set
!ok
