# CREATE FUNCTION and ADD JAR parse, and answer that user-defined Java functions are not supported.

CREATE FUNCTION my_upper AS 'com.example.MyUpper';
[ERROR] Could not execute SQL statement. Reason:
NotSupportedException: not supported yet: user-defined functions (CREATE FUNCTION my_upper AS 'com.example.MyUpper'). Sluice runs without a JVM and cannot load Java or Python classes; only built-in functions are available (SHOW FUNCTIONS).
!error

CREATE TEMPORARY SYSTEM FUNCTION my_lower AS 'com.example.MyLower' LANGUAGE JAVA;
[ERROR] Could not execute SQL statement. Reason:
NotSupportedException: not supported yet: user-defined functions (CREATE FUNCTION my_lower AS 'com.example.MyLower'). Sluice runs without a JVM and cannot load Java or Python classes; only built-in functions are available (SHOW FUNCTIONS).
!error

ADD JAR '/tmp/udf.jar';
[ERROR] Could not execute SQL statement. Reason:
NotSupportedException: not supported yet: JAR files (ADD JAR / REMOVE JAR). Sluice runs without a JVM: connectors and functions are built in, so no JAR is needed for them.
!error
