# Syntax errors name line and column, show the line with a caret under the offending token, and
# say what was expected (issue 2). Flink's select.q has the same idea for lexical errors.

SELEC 1;
[ERROR] Could not execute SQL statement. Reason:
SqlParseException: line 1, column 1
SELEC 1;
^
!error

SELECT id
FROM t
WHERE id = = 1;
[ERROR] Could not execute SQL statement. Reason:
SqlParseException: line 3, column 12
WHERE id = = 1;
           ^
!error

CREATE TABLE t (id INT) WITH ('connector' 'blackhole');
[ERROR] Could not execute SQL statement. Reason:
SqlParseException: line 1, column 43
expecting '='
!error
