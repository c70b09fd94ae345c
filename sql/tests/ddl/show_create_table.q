# SHOW CREATE TABLE / VIEW and SHOW COLUMNS, after Flink's flink-sql-client/src/test/resources/sql/table.q
# (its `ptime AS PROCTIME()` column is left out: PROCTIME() arrives with the function library).
CREATE TABLE IF NOT EXISTS orders (
 `user` BIGINT NOT NULl,
 product VARCHAR(32),
 amount INT,
 ts TIMESTAMP(3),
 total AS amount * 2,
 PRIMARY KEY(`user`) NOT ENFORCED,
 WATERMARK FOR ts AS ts - INTERVAL '1' SECONDS
) with (
 'connector' = 'datagen'
);
[INFO] Execute statement succeeded.
!info

show create table orders;
+------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------+
|                                                                                                                                                                                                                                                                                                                             result |
+------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------+
| CREATE TABLE `default_catalog`.`default_database`.`orders` (
  `user` BIGINT NOT NULL,
  `product` VARCHAR(32),
  `amount` INT,
  `ts` TIMESTAMP(3),
  `total` AS `amount` * 2,
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND,
  CONSTRAINT `PK_user` PRIMARY KEY (`user`) NOT ENFORCED
) WITH (
  'connector' = 'datagen'
)
 |
+------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------+
1 row in set
!ok

show columns from orders;
+---------+------------------------+-------+-----------+-----------------+----------------------------+
|    name |                   type |  null |       key |          extras |                  watermark |
+---------+------------------------+-------+-----------+-----------------+----------------------------+
|    user |                 BIGINT | FALSE | PRI(user) |                 |                            |
| product |            VARCHAR(32) |  TRUE |           |                 |                            |
|  amount |                    INT |  TRUE |           |                 |                            |
|      ts | TIMESTAMP(3) *ROWTIME* |  TRUE |           |                 | `ts` - INTERVAL '1' SECOND |
|   total |                    INT |  TRUE |           | AS `amount` * 2 |                            |
+---------+------------------------+-------+-----------+-----------------+----------------------------+
5 rows in set
!ok

show columns from orders like '%u';
Empty set
!ok

show columns in orders not like '%r';
+---------+------------------------+------+-----+-----------------+----------------------------+
|    name |                   type | null | key |          extras |                  watermark |
+---------+------------------------+------+-----+-----------------+----------------------------+
| product |            VARCHAR(32) | TRUE |     |                 |                            |
|  amount |                    INT | TRUE |     |                 |                            |
|      ts | TIMESTAMP(3) *ROWTIME* | TRUE |     |                 | `ts` - INTERVAL '1' SECOND |
|   total |                    INT | TRUE |     | AS `amount` * 2 |                            |
+---------+------------------------+------+-----+-----------------+----------------------------+
4 rows in set
!ok

CREATE VIEW v AS SELECT `user`, amount FROM orders WHERE amount > 10;
[INFO] Execute statement succeeded.
!info

SHOW CREATE VIEW v;
+--------------------------------------------------------------------------------------------------------------------------------+
|                                                                                                                         result |
+--------------------------------------------------------------------------------------------------------------------------------+
| CREATE VIEW `default_catalog`.`default_database`.`v`(`user`, `amount`) AS
SELECT `user`, amount FROM orders WHERE amount > 10
 |
+--------------------------------------------------------------------------------------------------------------------------------+
1 row in set
!ok

SHOW CREATE TABLE v;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: SHOW CREATE TABLE is only supported for tables, but `default_catalog`.`default_database`.`v` is a view. Please use SHOW CREATE VIEW instead.
!error

# Secrets are masked (Flink's sensitive keys: password, secret, token, jaas.config, ...).
CREATE TABLE secret_t (a INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://db.example:5432/app', 'table-name' = 'x', 'username' = 'app_user', 'password' = 'hunter2', 'properties.sasl.jaas.config' = 'x');
[INFO] Execute statement succeeded.
!info

SHOW CREATE TABLE secret_t;
+--------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------+
|                                                                                                                                                                                                                                                                               result |
+--------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------+
| CREATE TABLE `default_catalog`.`default_database`.`secret_t` (
  `a` INT
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://db.example:5432/app',
  'table-name' = 'x',
  'username' = 'app_user',
  'password' = '******',
  'properties.sasl.jaas.config' = '******'
)
 |
+--------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------+
1 row in set
!ok
