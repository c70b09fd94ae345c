# CREATE CATALOG / DATABASE, USE, SHOW CATALOGS / DATABASES / CURRENT (Flink's catalog_database.q).

SHOW CATALOGS;
+-----------------+
|    catalog name |
+-----------------+
| default_catalog |
+-----------------+
1 row in set
!ok

SHOW CURRENT CATALOG;
+----------------------+
| current catalog name |
+----------------------+
|      default_catalog |
+----------------------+
1 row in set
!ok

SHOW DATABASES;
+------------------+
|    database name |
+------------------+
| default_database |
+------------------+
1 row in set
!ok

CREATE DATABASE db1;
[INFO] Execute statement succeeded.
!info

CREATE DATABASE IF NOT EXISTS db1;
[INFO] Execute statement succeeded.
!info

SHOW DATABASES;
+------------------+
|    database name |
+------------------+
|              db1 |
| default_database |
+------------------+
2 rows in set
!ok

USE db1;
[INFO] Execute statement succeeded.
!info

SHOW CURRENT DATABASE;
+-----------------------+
| current database name |
+-----------------------+
|                   db1 |
+-----------------------+
1 row in set
!ok

CREATE TABLE t1 (id INT) WITH ('connector' = 'blackhole');
[INFO] Execute statement succeeded.
!info

SHOW TABLES;
+------------+
| table name |
+------------+
|         t1 |
+------------+
1 row in set
!ok

USE default_database;
[INFO] Execute statement succeeded.
!info

SHOW TABLES;
Empty set
!ok

SHOW TABLES FROM db1;
+------------+
| table name |
+------------+
|         t1 |
+------------+
1 row in set
!ok

CREATE CATALOG c1 WITH ('type' = 'generic_in_memory');
[INFO] Execute statement succeeded.
!info

USE CATALOG c1;
[INFO] Execute statement succeeded.
!info

SHOW CURRENT CATALOG;
+----------------------+
| current catalog name |
+----------------------+
|                   c1 |
+----------------------+
1 row in set
!ok

SHOW CATALOGS;
+-----------------+
|    catalog name |
+-----------------+
|              c1 |
| default_catalog |
+-----------------+
2 rows in set
!ok

USE CATALOG default_catalog;
[INFO] Execute statement succeeded.
!info

DROP TABLE db1.t1;
[INFO] Execute statement succeeded.
!info

