# EXPLAIN prints the physical DAG: every operator with its parallelism, sources and sinks with their
# table and connector: the optimized logical plan, then the job graph (vertices with their chained
# operators, the exchanges between them). Flink prints its own plan formats here; ours differ.

CREATE TABLE src (id INT, str STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '5');
[INFO] Execute statement succeeded.
!info

CREATE TABLE dst (id INT, str STRING) WITH ('connector' = 'blackhole');
[INFO] Execute statement succeeded.
!info

EXPLAIN INSERT INTO dst SELECT id, str FROM src WHERE id > 0;
== Optimized Logical Plan ==
Sink(table=[default_catalog.default_database.dst], fields=[id, str])
  Calc(select=[id, str], where=[(id > 0)])
    TableSourceScan(table=[[default_catalog, default_database, src]], fields=[id, str])

== Physical Execution Plan ==
[0] Source: default_catalog.default_database.src -> Sink: default_catalog.default_database.dst  parallelism=1
      source: datagen(rows-per-second=10000, number-of-rows=5, fields=[id, str])
      -> Calc(select=[id, str], where=[(id > 0)])
      sink: blackhole
!ok

SET 'parallelism.default' = '2';
[INFO] Execute statement succeeded.
!info

CREATE TABLE p (id INT) WITH ('connector' = 'print', 'sink.parallelism' = '1');
[INFO] Execute statement succeeded.
!info

EXPLAIN EXECUTE STATEMENT SET BEGIN
INSERT INTO p SELECT id FROM src;
INSERT INTO p SELECT id + 1 FROM src UNION ALL SELECT 7;
END;
== Optimized Logical Plan ==
Sink(table=[default_catalog.default_database.p], fields=[id])
  TableSourceScan(table=[[default_catalog, default_database, src]], fields=[id])
Sink(table=[default_catalog.default_database.p], fields=[EXPR$0])
  Union(all=[true], union=[EXPR$0])
    Calc(select=[(id + 1) AS EXPR$0])
      TableSourceScan(table=[[default_catalog, default_database, src]], fields=[id])
    Calc(select=[7 AS EXPR$0])
      Values(tuples=[[{  }]], values=[])

== Physical Execution Plan ==
[0] Source: default_catalog.default_database.src  parallelism=2
      source: datagen(rows-per-second=10000, number-of-rows=5, fields=[id])
[1] Sink: default_catalog.default_database.p  parallelism=1
      <- [0] REBALANCE
      sink: print(Print to System.out)
[2] Source: default_catalog.default_database.src  parallelism=2
      source: datagen(rows-per-second=10000, number-of-rows=5, fields=[id])
      -> Calc(select=[(id + 1) AS EXPR$0])
[3] Source: Values  parallelism=1
      source: values(rows=1)
      -> Calc(select=[7 AS EXPR$0])
[4] Sink: default_catalog.default_database.p  parallelism=1
      <- [2] REBALANCE
      <- [3] FORWARD
      sink: print(Print to System.out)
!ok

EXPLAIN SELECT id * 2 AS twice FROM src;
== Optimized Logical Plan ==
CollectSink(fields=[twice])
  Calc(select=[(id * 2) AS twice])
    TableSourceScan(table=[[default_catalog, default_database, src]], fields=[id])

== Physical Execution Plan ==
[0] Source: default_catalog.default_database.src  parallelism=2
      source: datagen(rows-per-second=10000, number-of-rows=5, fields=[id])
      -> Calc(select=[(id * 2) AS twice])
[1] Sink: collect  parallelism=1
      <- [0] REBALANCE
      sink: collect
!ok
