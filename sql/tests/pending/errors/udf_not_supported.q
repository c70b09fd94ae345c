# CREATE FUNCTION and ADD JAR parse, and answer that user-defined Java functions are not supported.

CREATE FUNCTION my_upper AS 'com.example.MyUpper';
[ERROR] Could not execute SQL statement. Reason:
not supported yet: user-defined Java functions (CREATE FUNCTION)
!error

CREATE TEMPORARY SYSTEM FUNCTION my_lower AS 'com.example.MyLower' LANGUAGE JAVA;
[ERROR] Could not execute SQL statement. Reason:
not supported yet: user-defined Java functions
!error

ADD JAR '/tmp/udf.jar';
[ERROR] Could not execute SQL statement. Reason:
not supported yet: user-defined Java functions (ADD JAR)
!error
