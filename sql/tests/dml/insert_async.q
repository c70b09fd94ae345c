# Without table.dml-sync an INSERT is submitted and the client goes on (Flink's Printer.java:
# MESSAGE_SUBMITTING_STATEMENT, MESSAGE_STATEMENT_SUBMITTED, "Job ID: <id>"). Job ids differ per
# run, so "Job ID:" lines are compared without the id. The runner waits for the job at the end.

CREATE TABLE t (id INT) WITH ('connector' = 'blackhole');
[INFO] Execute statement succeeded.
!info

INSERT INTO t VALUES (1), (2);
[INFO] Submitting SQL update statement to the cluster...
[INFO] SQL update statement has been successfully submitted to the cluster:
Job ID: 00000000000000000000000000000000
!info
