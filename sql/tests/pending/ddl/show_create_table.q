# SHOW CREATE TABLE: Flink's layout (table.q): one "result" cell holding the DDL.

CREATE TABLE orders (
  `user` BIGINT NOT NULL,
  product VARCHAR(32),
  PRIMARY KEY (`user`) NOT ENFORCED
) WITH (
  'connector' = 'datagen'
);
[INFO] Execute statement succeeded.
!info

SHOW CREATE TABLE orders;
+------------------------------------------------------------+
|                                                     result |
+------------------------------------------------------------+
| CREATE TABLE `default_catalog`.`default_database`.`orders` (
  `user` BIGINT NOT NULL,
  `product` VARCHAR(32),
  CONSTRAINT `PK_user` PRIMARY KEY (`user`) NOT ENFORCED
) WITH (
  'connector' = 'datagen'
)
 |
+------------------------------------------------------------+
1 row in set
!ok
