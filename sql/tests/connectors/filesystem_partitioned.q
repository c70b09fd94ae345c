# PARTITIONED BY filesystem tables (Flink's filesystem.md, "Partition Files"): rows go to Hive-style
# col=value directories (values escaped as Flink's PartitionPathUtils, NULL and '' to
# 'partition.default-name'), the files hold the other columns only, and a scan fills the partition
# columns from the directories. The directories are listed through a second, unpartitioned table over
# the same path ('raw' format, 'file.path' metadata).

SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

CREATE TABLE orders (
  id INT,
  item STRING,
  dt STRING,
  hr INT
) PARTITIONED BY (dt, hr) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_STREAMING_PATH',
  'format' = 'csv',
  'sink.partition-commit.policy.kind' = 'success-file'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO orders VALUES
  (1, 'apple', '2024-01-31', 10),
  (2, 'pear', '2024-01-31', 10),
  (3, 'plum', '2024-01-31', 11),
  (4, 'fig', '2024-02-01', CAST(NULL AS INT)),
  (5, 'kiwi', CAST(NULL AS STRING), 1),
  (6, 'lime', '', 2),
  (7, 'date', 'a/b=c:d%e#f', 3);
[INFO] Complete execution of the SQL update statement.
!info

# What the files hold: the non-partition columns only; where they are: the escaped directories.
CREATE TABLE orders_files (
  line STRING,
  fp STRING METADATA FROM 'file.path' VIRTUAL
) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_STREAMING_PATH',
  'format' = 'raw'
);
[INFO] Execute statement succeeded.
!info

SELECT REGEXP_EXTRACT(fp, '/(dt=[^/]*)/', 1) AS dt_dir, REGEXP_EXTRACT(fp, '/(hr=[^/]*)/', 1) AS hr_dir, line
FROM orders_files;
+----+--------------------------------+--------------------------------+--------------------------------+
| op |                         dt_dir |                         hr_dir |                           line |
+----+--------------------------------+--------------------------------+--------------------------------+
| +I |                  dt=2024-01-31 |                          hr=10 |                        1,apple |
| +I |                  dt=2024-01-31 |                          hr=10 |                         2,pear |
| +I |                  dt=2024-01-31 |                          hr=11 |                         3,plum |
| +I |                  dt=2024-02-01 |       hr=__DEFAULT_PARTITION__ |                          4,fig |
| +I |       dt=__DEFAULT_PARTITION__ |                           hr=1 |                         5,kiwi |
| +I |       dt=__DEFAULT_PARTITION__ |                           hr=2 |                         6,lime |
| +I |       dt=a%2Fb%3Dc%3Ad%25e%23f |                           hr=3 |                         7,date |
+----+--------------------------------+--------------------------------+--------------------------------+
Received a total of 7 rows
!ok

SELECT * FROM orders;
+----+-------------+--------------------------------+--------------------------------+-------------+
| op |          id |                           item |                             dt |          hr |
+----+-------------+--------------------------------+--------------------------------+-------------+
| +I |           1 |                          apple |                     2024-01-31 |          10 |
| +I |           2 |                           pear |                     2024-01-31 |          10 |
| +I |           3 |                           plum |                     2024-01-31 |          11 |
| +I |           4 |                            fig |                     2024-02-01 |      <NULL> |
| +I |           5 |                           kiwi |                         <NULL> |           1 |
| +I |           6 |                           lime |                         <NULL> |           2 |
| +I |           7 |                           date |                    a/b=c:d%e#f |           3 |
+----+-------------+--------------------------------+--------------------------------+-------------+
Received a total of 7 rows
!ok

SELECT hr, id FROM orders WHERE dt IS NULL;
+----+-------------+-------------+
| op |          hr |          id |
+----+-------------+-------------+
| +I |           1 |           5 |
| +I |           2 |           6 |
+----+-------------+-------------+
Received a total of 2 rows
!ok

# A partitioned table read by a job (in `sluice test --resume` the job stops after its first row
# and resumes from the savepoint: the source goes on from its checkpointed position).
CREATE TABLE orders_by_hour (
  id INT,
  item STRING,
  dt STRING,
  hr INT
) PARTITIONED BY (hr) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_TMP/by_hour',
  'format' = 'json'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO orders_by_hour SELECT * FROM orders;
[INFO] Complete execution of the SQL update statement.
!info

SELECT * FROM orders_by_hour;
+----+-------------+--------------------------------+--------------------------------+-------------+
| op |          id |                           item |                             dt |          hr |
+----+-------------+--------------------------------+--------------------------------+-------------+
| +I |           5 |                           kiwi |                         <NULL> |           1 |
| +I |           1 |                          apple |                     2024-01-31 |          10 |
| +I |           2 |                           pear |                     2024-01-31 |          10 |
| +I |           3 |                           plum |                     2024-01-31 |          11 |
| +I |           6 |                           lime |                         <NULL> |           2 |
| +I |           7 |                           date |                    a/b=c:d%e#f |           3 |
| +I |           4 |                            fig |                     2024-02-01 |      <NULL> |
+----+-------------+--------------------------------+--------------------------------+-------------+
Received a total of 7 rows
!ok

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

# Typed partition columns read back from the path; another default partition name.
CREATE TABLE typed (
  v STRING,
  d DATE,
  ts TIMESTAMP(3),
  flag BOOLEAN,
  amount DECIMAL(10, 2)
) PARTITIONED BY (d, ts, flag, amount) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_BATCH_PATH',
  'format' = 'json',
  'partition.default-name' = 'none'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO typed VALUES
  ('x', DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00', TRUE, 1.50),
  ('y', DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:05.120', FALSE, CAST(NULL AS DECIMAL(10, 2)));
[INFO] Complete execution of the SQL update statement.
!info

CREATE TABLE typed_files (
  line STRING,
  fp STRING METADATA FROM 'file.path' VIRTUAL
) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_BATCH_PATH',
  'format' = 'raw'
);
[INFO] Execute statement succeeded.
!info

SELECT REGEXP_EXTRACT(fp, '/(d=[^/]*)/', 1) AS d_dir, REGEXP_EXTRACT(fp, '/(ts=[^/]*)/', 1) AS ts_dir,
  REGEXP_EXTRACT(fp, '/(flag=[^/]*)/', 1) AS flag_dir, REGEXP_EXTRACT(fp, '/(amount=[^/]*)/', 1) AS amount_dir, line
FROM typed_files;
+--------------+--------------------------------+------------+-------------+-----------+
|        d_dir |                         ts_dir |   flag_dir |  amount_dir |      line |
+--------------+--------------------------------+------------+-------------+-----------+
| d=2024-01-31 | ts=2024-01-31T10%3A00%3A05.120 | flag=false | amount=none | {"v":"y"} |
| d=2024-01-31 |          ts=2024-01-31T10%3A00 |  flag=true | amount=1.50 | {"v":"x"} |
+--------------+--------------------------------+------------+-------------+-----------+
2 rows in set
!ok

SELECT * FROM typed;
+---+------------+-------------------------+-------+--------+
| v |          d |                      ts |  flag | amount |
+---+------------+-------------------------+-------+--------+
| y | 2024-01-31 | 2024-01-31 10:00:05.120 | FALSE | <NULL> |
| x | 2024-01-31 | 2024-01-31 10:00:00.000 |  TRUE |   1.50 |
+---+------------+-------------------------+-------+--------+
2 rows in set
!ok

# Option errors, with Flink's messages (an !error block matches when its lines occur in order).
CREATE TABLE bad_policy (id INT, dt STRING) PARTITIONED BY (dt) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_TMP/bad',
  'format' = 'csv',
  'sink.partition-commit.policy.kind' = 'metastore'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO bad_policy VALUES (1, 'a');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Can not configure a 'metastore' partition commit policy for a file system table. You can only configure 'metastore' partition commit policy for a hive table. (Sluice has no Hive metastore: use 'success-file'.)
!error

CREATE TABLE custom_policy (id INT, dt STRING) PARTITIONED BY (dt) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_TMP/bad',
  'format' = 'csv',
  'sink.partition-commit.policy.kind' = 'custom',
  'sink.partition-commit.policy.class' = 'com.example.MyPolicy'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO custom_policy VALUES (1, 'a');
[ERROR] Could not execute SQL statement. Reason:
NotSupportedException: 'sink.partition-commit.policy.kind' = 'custom' (a Java PartitionCommitPolicy class) is not supported yet by the filesystem connector.
!error

CREATE TABLE bad_trigger (id INT, dt STRING) PARTITIONED BY (dt) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_TMP/bad',
  'format' = 'csv',
  'sink.partition-commit.trigger' = 'event-time'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO bad_trigger VALUES (1, 'a');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Invalid value for option 'sink.partition-commit.trigger': 'event-time'. Possible values are: process-time, partition-time
!error

CREATE TABLE bad_zone (id INT, dt STRING) PARTITIONED BY (dt) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_TMP/bad',
  'format' = 'csv',
  'sink.partition-commit.watermark-time-zone' = 'Moon/Base'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO bad_zone VALUES (1, 'a');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Invalid time zone for 'sink.partition-commit.watermark-time-zone'. The value should be a Time Zone Database (TZDB) ID such as 'America/Los_Angeles' to include daylight saving time. Fixed offsets are supported using 'GMT-03:00' or 'GMT+03:00'. Or use 'UTC' without time zone and daylight saving time.
!error

CREATE TABLE bad_delay (id INT, dt STRING) PARTITIONED BY (dt) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_TMP/bad',
  'format' = 'csv',
  'sink.partition-commit.delay' = 'soon'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO bad_delay VALUES (1, 'a');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Invalid value for option 'sink.partition-commit.delay': 'soon' is not a duration (examples: '500ms', '10 s', '1 min', '2 h')
!error

CREATE TABLE bad_key (id INT, dt STRING) PARTITIONED BY (dt) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_TMP/bad',
  'format' = 'csv',
  'sink.partition-commit.success-file-name' = '_DONE'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO bad_key VALUES (1, 'a');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Unsupported options found for 'filesystem'.

Unsupported options:

sink.partition-commit.success-file-name

Supported options:

sink.partition-commit.success-file.name
!error

CREATE TABLE only_keys (dt STRING) PARTITIONED BY (dt) WITH (
  'connector' = 'filesystem',
  'path' = '$VAR_TMP/bad',
  'format' = 'csv'
);
[INFO] Execute statement succeeded.
!info

INSERT INTO only_keys VALUES ('a');
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Table 'default_catalog.default_database.only_keys' has only partition columns: the filesystem connector needs at least one column that is not a partition column to write into its files.
!error
