# A statement that does not parse fails with SqlParseException; the message's exact wording (line,
# column, caret, expected tokens) is checked in pending/errors/syntax_error_position.q.

SELEC 1;
[ERROR] Could not execute SQL statement. Reason:
SqlParseException
!error

CREATE TABLE t (id INT,, name STRING) WITH ('connector' = 'blackhole');
[ERROR] Could not execute SQL statement. Reason:
SqlParseException
!error

# after an error the session goes on, as the SQL client does
SHOW TABLES;
Empty set
!ok
