# An upsert-kafka scan is an upsert changelog (Flink's ChangelogMode.upsert()): the planner puts a
# ChangelogNormalize on the PRIMARY KEY after it, hash-partitioned by the key at parallelism > 1,
# which turns it into +I/-U/+U/-D. Sinks that cannot consume updates refuse it at plan time with
# Flink's messages. No broker is contacted: nothing here runs a job.

CREATE TABLE src (id INT, name STRING, v INT, `offset` BIGINT METADATA VIRTUAL, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'topic' = 'upsert_plan', 'key.format' = 'csv', 'value.format' = 'json');
[INFO] Execute statement succeeded.
!info

CREATE TABLE p (v INT, name STRING) WITH ('connector' = 'print');
[INFO] Execute statement succeeded.
!info

# parallelism 1: the normalize is chained into the source; the projection keeps the key
EXPLAIN INSERT INTO p SELECT v, name FROM src WHERE v > 1;
== Optimized Logical Plan ==
Sink(table=[default_catalog.default_database.p], fields=[v, name])
  Calc(select=[v, name], where=[(v > 1)])
    ChangelogNormalize(key=[id])
      TableSourceScan(table=[[default_catalog, default_database, src]], fields=[id, name, v])

== Physical Execution Plan ==
[0] Source: default_catalog.default_database.src -> Sink: default_catalog.default_database.p  parallelism=1
      source: upsert-kafka(topic=upsert_plan, format=json, fields=[id, name, v])
      -> ChangelogNormalize(key=[id])
      -> Calc(select=[v, name], where=[(v > 1)])
      sink: print(Print to System.out)
!ok

SET 'parallelism.default' = '2';
[INFO] Execute statement succeeded.
!info

# parallelism 2: a hash exchange on the key in front of the normalize
EXPLAIN SELECT * FROM src;
== Optimized Logical Plan ==
CollectSink(fields=[id, name, v, offset])
  ChangelogNormalize(key=[id])
    TableSourceScan(table=[[default_catalog, default_database, src]], fields=[id, name, v, offset])

== Physical Execution Plan ==
[0] Source: default_catalog.default_database.src  parallelism=2
      source: upsert-kafka(topic=upsert_plan, format=json, fields=[id, name, v, offset])
[1] ChangelogNormalize  parallelism=2
      <- [0] HASH[id]
      -> ChangelogNormalize(key=[id])
[2] Sink: collect  parallelism=1
      <- [1] REBALANCE
      sink: collect
!ok

CREATE TABLE u (name STRING, id INT, PRIMARY KEY (name) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'topic' = 'upsert_plan_out', 'key.format' = 'csv', 'value.format' = 'json', 'sink.parallelism' = '3');
[INFO] Execute statement succeeded.
!info

# an upsert sink at another parallelism: the changelog is keyed by the sink's primary key
EXPLAIN INSERT INTO u SELECT name, id FROM src;
== Optimized Logical Plan ==
Sink(table=[default_catalog.default_database.u], fields=[name, id])
  Calc(select=[name, id])
    ChangelogNormalize(key=[id])
      TableSourceScan(table=[[default_catalog, default_database, src]], fields=[id, name])

== Physical Execution Plan ==
[0] Source: default_catalog.default_database.src  parallelism=2
      source: upsert-kafka(topic=upsert_plan, format=json, fields=[id, name])
[1] ChangelogNormalize  parallelism=2
      <- [0] HASH[id]
      -> ChangelogNormalize(key=[id])
      -> Calc(select=[name, id])
[2] Sink: default_catalog.default_database.u  parallelism=3
      <- [1] HASH[name]
      sink: upsert-kafka(topic=upsert_plan_out, delivery-guarantee=at-least-once, partitioner=default)
!ok

CREATE TABLE k (id INT, name STRING) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'topic' = 'upsert_plan_append', 'format' = 'json');
[INFO] Execute statement succeeded.
!info

INSERT INTO k SELECT id, name FROM src;
[ERROR] Could not execute SQL statement. Reason:
TableException: Table sink 'default_catalog.default_database.k' doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])
!error

CREATE TABLE f (id INT, name STRING) WITH ('connector' = 'filesystem', 'path' = '$VAR_TMP/f', 'format' = 'csv');
[INFO] Execute statement succeeded.
!info

INSERT INTO f SELECT id, name FROM src WHERE v > 0;
[ERROR] Could not execute SQL statement. Reason:
TableException: Table sink 'default_catalog.default_database.f' doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])
!error

CREATE TABLE p1 (id INT, name STRING) WITH ('connector' = 'print', 'sink.parallelism' = '1');
[INFO] Execute statement succeeded.
!info

INSERT INTO p1 SELECT id, name FROM src;
[ERROR] Could not execute SQL statement. Reason:
TableException: The sink for table 'default_catalog.default_database.p1' has a configured parallelism of 1, while the input parallelism is 2. Since the configured parallelism is different from the input's parallelism and the changelog mode is not insert-only, a primary key is required but could not be found.
!error

# a plain kafka source stays insert-only: no normalize, and an append-only sink takes it
CREATE TABLE plain (id INT, name STRING) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'topic' = 'upsert_plan_plain', 'format' = 'json');
[INFO] Execute statement succeeded.
!info

EXPLAIN INSERT INTO k SELECT id, name FROM plain;
== Optimized Logical Plan ==
Sink(table=[default_catalog.default_database.k], fields=[id, name])
  TableSourceScan(table=[[default_catalog, default_database, plain]], fields=[id, name])

== Physical Execution Plan ==
[0] Source: default_catalog.default_database.plain -> Sink: default_catalog.default_database.k  parallelism=2
      source: kafka(topic=upsert_plan_plain, format=json, fields=[id, name])
      sink: kafka(topic=upsert_plan_append, delivery-guarantee=at-least-once, partitioner=default)
!ok
