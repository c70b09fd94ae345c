# WITH options: unknown connector (lists the available ones), unknown key (names it and lists the
# accepted keys, as Flink's FactoryUtil does), missing required key.

CREATE TABLE t1 (id INT) WITH ('connector' = 'kafak');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t1;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Could not find any factory for identifier 'kafak'
Available factory identifiers are:
blackhole
datagen
filesystem
print
!error

CREATE TABLE t2 (id INT) WITH ('connector' = 'datagen', 'rows-per-secnd' = '5');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t2;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Unsupported options found for 'datagen'.
Unsupported options:
rows-per-secnd
Supported options:
connector
number-of-rows
rows-per-second
!error

CREATE TABLE t3 (id INT) WITH ('connector' = 'filesystem', 'format' = 'csv');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t3;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: One or more required options are missing for 'filesystem'.

Missing required options are:

path
!error

CREATE TABLE t4 (id INT) WITH ('connector' = 'filesystem', 'path' = '/tmp', 'format' = 'xml');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t4;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Could not find any format factory for identifier 'xml'
!error
