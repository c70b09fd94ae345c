# EXPLAIN prints the physical DAG: every operator with its parallelism, sources and sinks with their
# table and connector (issue 2). The exact layout is the planner's.

CREATE TABLE src (id INT, str STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '5');
[INFO] Execute statement succeeded.
!info

CREATE TABLE dst (id INT, str STRING) WITH ('connector' = 'blackhole');
[INFO] Execute statement succeeded.
!info

EXPLAIN INSERT INTO dst SELECT id, str FROM src WHERE id > 0;
== Physical Plan ==
Sink(table=[default_catalog.default_database.dst], connector=[blackhole], parallelism=[1])
+- Calc(select=[id, str], where=[>(id, 0)], parallelism=[1])
   +- Source(table=[default_catalog.default_database.src], connector=[datagen], fields=[id, str], parallelism=[1])
!ok
