# Syntax errors name line and column, show the line with a caret under the offending token, and
# say what was expected (issue 2). Flink's select.q has the same idea for lexical errors.

SELEC 1;
[ERROR] Could not execute SQL statement. Reason:
SqlParseException: Encountered "SELEC" at line 1, column 1.
Was expecting one of: <EOF>, "(", ";", "ADD", "ALTER", "BEGIN", "CLEAR", "CREATE", "DESC", "DESCRIBE", "DROP", "END", "EXECUTE", "EXIT", "EXPLAIN", "HELP", "INSERT", "QUIT", "REMOVE", "RESET", ...
SELEC 1;
^
!error

SELECT id
FROM t
WHERE id = = 1;
[ERROR] Could not execute SQL statement. Reason:
SqlParseException: Encountered "=" at line 3, column 12.
Was expecting one of: "+", "-", "(", <QUOTED_STRING>, <BINARY_STRING_LITERAL>, <UNSIGNED_INTEGER_LITERAL>, <DECIMAL_NUMERIC_LITERAL>, <APPROX_NUMERIC_LITERAL>, <IDENTIFIER>, <QUOTED_IDENTIFIER>, "ARRAY", "CASE", "CAST", "CEIL", "CEILING", "CHAR", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATE", ...
WHERE id = = 1;
           ^
!error

CREATE TABLE t (id INT) WITH ('connector' 'blackhole');
[ERROR] Could not execute SQL statement. Reason:
SqlParseException: Encountered "'blackhole'" at line 1, column 43.
Was expecting one of: "="
CREATE TABLE t (id INT) WITH ('connector' 'blackhole');
                                          ^
!error
