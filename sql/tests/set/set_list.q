# A bare SET; lists the session's keys as a key/value table (Flink's set.q).

SET 'table.local-time-zone' = 'UTC';
[INFO] Execute statement succeeded.
!info

SET 'pipeline.name' = 'x';
[INFO] Execute statement succeeded.
!info

SET;
+-----------------------------------------------------------+-----------------------------+
|                                                       key |                       value |
+-----------------------------------------------------------+-----------------------------+
| execution.checkpointing.externalized-checkpoint-retention | NO_EXTERNALIZED_CHECKPOINTS |
|        execution.checkpointing.max-concurrent-checkpoints |                           1 |
|                         execution.checkpointing.min-pause |                        0 ms |
|                              execution.checkpointing.mode |                EXACTLY_ONCE |
|                           execution.checkpointing.timeout |                      10 min |
|      execution.checkpointing.tolerable-failed-checkpoints |                           0 |
|                                    execution.runtime-mode |                   streaming |
|                                       parallelism.default |                           1 |
|                                             pipeline.name |                           x |
|                       sql-client.display.max-column-width |                          30 |
|                          sql-client.execution.result-mode |                       table |
|                                        sql-client.verbose |                       false |
|                            state.checkpoints.num-retained |                           1 |
|                                            table.dml-sync |                       false |
|                      table.exec.sink.type-length-enforcer |                      IGNORE |
|                                     table.local-time-zone |                         UTC |
+-----------------------------------------------------------+-----------------------------+
16 rows in set
!ok
