# print and blackhole sinks accept rows; print writes "+I[...]" lines to the process's stdout,
# outside the statement output compared here.

SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

CREATE TABLE out_print (id INT, str STRING) WITH ('connector' = 'print', 'print-identifier' = 'fixture');
[INFO] Execute statement succeeded.
!info

CREATE TABLE out_void (id INT, str STRING) WITH ('connector' = 'blackhole');
[INFO] Execute statement succeeded.
!info

INSERT INTO out_print VALUES (1, 'a'), (2, 'b');
[INFO] Complete execution of the SQL update statement.
!info

INSERT INTO out_void SELECT * FROM (VALUES (1, 'Hello World'), (2, 'Hi'), (2, 'Hi'), (3, 'Hello'), (3, 'World'), (4, 'ADD'), (5, 'LINE'));
[INFO] Complete execution of the SQL update statement.
!info
