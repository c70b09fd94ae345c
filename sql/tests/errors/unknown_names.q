# Unknown table, column and function, with "did you mean" when a close name exists.
# Flink's wording for a missing table (table.q): "Table with identifier '...' does not exist."

CREATE TABLE orders (id INT, amount INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1');
[INFO] Execute statement succeeded.
!info

SELECT id FROM order;
[ERROR] Could not execute SQL statement. Reason:
SqlParseException
!error

SELECT id FROM ordrs;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 16: Object 'ordrs' not found within 'default_catalog.default_database'. Did you mean 'orders'?
!error

SELECT amout FROM orders;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 8: Column 'amout' not found in any table. Did you mean 'amount'?
!error

SELECT UPPPER(CAST(id AS STRING)) FROM orders;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 8: No match found for function signature UPPPER(<STRING>). Did you mean 'UPPER'?
!error

SELECT nosuchfunction(id) FROM orders;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 8: No match found for function signature NOSUCHFUNCTION(<INT>).
!error

drop table non_exist;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Table with identifier 'default_catalog.default_database.non_exist' does not exist.
!error

describe non_exist;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Tables or views with the identifier 'default_catalog.default_database.non_exist' doesn't exist.
!error

CREATE TABLE orders (id INT) WITH ('connector' = 'blackhole');
[ERROR] Could not execute SQL statement. Reason:
CatalogException: Table (or view) default_database.orders already exists in Catalog default_catalog.
!error

USE CATALOG non_existing_catalog;
[ERROR] Could not execute SQL statement. Reason:
CatalogException: A catalog with name [non_existing_catalog] does not exist.
!error
