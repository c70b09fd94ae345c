# String functions in batch tableau form. Expected values are the examples of Flink's
# docs/data/sql_functions.yml (cited per case) or follow from SqlFunctionUtils/BinaryStringDataUtil.

SET 'sql-client.execution.result-mode' = 'tableau';
[INFO] Execute statement succeeded.
!info

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

# Wide enough for the digests below (the default cuts at 30 characters).
SET 'sql-client.display.max-column-width' = '70';
[INFO] Execute statement succeeded.
!info

# sql_functions.yml: CONCAT('AA', 'BB', 'CC') returns "AABBCC"; concat_ws('~', 'AA', Null(STRING), 'BB', '', 'CC')
# returns "AA~BB~~CC"; CONCAT is NULL if any argument is, CONCAT_WS only if the separator is.
SELECT CONCAT('AA', 'BB', 'CC') AS c, CONCAT_WS('~', 'AA', CAST(NULL AS STRING), 'BB', '', 'CC') AS ws,
  CONCAT('AA', CAST(NULL AS STRING)) AS cn, CONCAT_WS(CAST(NULL AS STRING), 'a', 'b') AS wsn, 'ab' || 'cd' AS op;
+--------+-----------+--------+--------+------+
|      c |        ws |     cn |    wsn |   op |
+--------+-----------+--------+--------+------+
| AABBCC | AA~BB~~CC | <NULL> | <NULL> | abcd |
+--------+-----------+--------+--------+------+
1 row in set
!ok

# UPPER/LOWER (Java's toUpperCase: ß becomes SS), INITCAP (words are runs of [A-Za-z0-9]),
# CHAR_LENGTH counts characters.
SELECT UPPER('hello straße') AS u, LOWER('HeLLo ÀÉ') AS l, INITCAP('hello wORLD 9x') AS i,
  CHAR_LENGTH('héllo') AS n, CHARACTER_LENGTH('') AS z;
+---------------+----------+----------------+---+---+
|             u |        l |              i | n | z |
+---------------+----------+----------------+---+---+
| HELLO STRASSE | hello àé | Hello World 9x | 5 | 0 |
+---------------+----------+----------------+---+---+
1 row in set
!ok

# sql_functions.yml: ' This is a test String.'.ltrim() returns "This is a test String."; likewise rtrim;
# TRIM removes characters of string1 from string2 (BinaryStringDataUtil.trim).
SELECT LTRIM(' This is a test String.') AS l, RTRIM('This is a test String. ') AS r, TRIM('  ab  ') AS b,
  TRIM(LEADING 'x' FROM 'xxaxx') AS lead, TRIM(TRAILING 'xy' FROM 'xxayxy') AS trail, TRIM(BOTH 'x' FROM 'xxaxx') AS both_;
+------------------------+------------------------+----+------+-------+-------+
|                      l |                      r |  b | lead | trail | both_ |
+------------------------+------------------------+----+------+-------+-------+
| This is a test String. | This is a test String. | ab |  axx |   xxa |     a |
+------------------------+------------------------+----+------+-------+-------+
1 row in set
!ok

# SUBSTRING is 1-based, a negative start counts from the end, a negative length gives NULL
# (BinaryStringDataUtil.substringSQL); LEFT/RIGHT give '' for a negative length (sql_functions.yml).
SELECT SUBSTRING('Hello World' FROM 7) AS a, SUBSTRING('Hello World', 1, 5) AS b, SUBSTR('Hello World', -5, 3) AS c,
  SUBSTRING('Hello', 10) AS d, SUBSTRING('Hello', 2, -1) AS e, LEFT('Hello', 2) AS f, RIGHT('Hello', 3) AS g,
  LEFT('Hello', -1) AS h, RIGHT('Hello', 10) AS i;
+-------+-------+-----+---+--------+----+-----+---+-------+
|     a |     b |   c | d |      e |  f |   g | h |     i |
+-------+-------+-----+---+--------+----+-----+---+-------+
| World | Hello | Wor |   | <NULL> | He | llo |   | Hello |
+-------+-------+-----+---+--------+----+-----+---+-------+
1 row in set
!ok

# sql_functions.yml: 'hello world'.replace('world', 'flink') returns 'hello flink'; 'ababab'.replace('abab', 'z')
# returns 'zab'; REPEAT('This is a test String.', 2); REVERSE.
SELECT REPLACE('hello world', 'world', 'flink') AS r1, REPLACE('ababab', 'abab', 'z') AS r2,
  REPEAT('This is a test String.', 2) AS rep, REPEAT('x', -1) AS rep0, REVERSE('héllo') AS rev;
+-------------+-----+----------------------------------------------+------+-------+
|          r1 |  r2 |                                          rep | rep0 |   rev |
+-------------+-----+----------------------------------------------+------+-------+
| hello flink | zab | This is a test String.This is a test String. |      | olléh |
+-------------+-----+----------------------------------------------+------+-------+
1 row in set
!ok

# sql_functions.yml: LPAD('hi', 4, '??') returns "??hi"; LPAD('hi', 1, '??') returns "h"; RPAD('hi', 4, '??')
# returns "hi??"; RPAD('hi', 1, '??') returns "h"; a negative length or an empty pad gives NULL (SqlFunctionUtils.lpad).
SELECT LPAD('hi', 4, '??') AS a, LPAD('hi', 1, '??') AS b, RPAD('hi', 4, '??') AS c, RPAD('hi', 1, '??') AS d,
  LPAD('hi', -1, '?') AS e, RPAD('hi', 5, '') AS f;
+------+---+------+---+--------+--------+
|    a | b |    c | d |      e |      f |
+------+---+------+---+--------+--------+
| ??hi | h | hi?? | h | <NULL> | <NULL> |
+------+---+------+---+--------+--------+
1 row in set
!ok

# sql_functions.yml: 'xxxxxtest'.overlay('xxxx', 6) returns "xxxxxxxxx"; 'xxxxxtest'.overlay('xxxx', 6, 2)
# returns "xxxxxxxxxst".
SELECT OVERLAY('xxxxxtest' PLACING 'xxxx' FROM 6) AS a, OVERLAY('xxxxxtest' PLACING 'xxxx' FROM 6 FOR 2) AS b;
+-----------+-------------+
|         a |           b |
+-----------+-------------+
| xxxxxxxxx | xxxxxxxxxst |
+-----------+-------------+
1 row in set
!ok

# POSITION/LOCATE return 1-based positions, 0 when absent; SPLIT_INDEX is 0-based, NULL past the end or
# for a negative index.
SELECT POSITION('b' IN 'abcb') AS p, POSITION('z' IN 'abc') AS p0, LOCATE('b', 'abcb', 3) AS l, INSTR('abcabc', 'bc') AS i,
  SPLIT_INDEX('Jack,John,Mary', ',', 2) AS s2, SPLIT_INDEX('Jack,John,Mary', ',', 3) AS s3, SPLIT_INDEX('a,b', ',', -1) AS sn;
+---+----+---+---+------+--------+--------+
| p | p0 | l | i |   s2 |     s3 |     sn |
+---+----+---+---+------+--------+--------+
| 2 |  0 | 4 | 2 | Mary | <NULL> | <NULL> |
+---+----+---+---+------+--------+--------+
1 row in set
!ok

# sql_functions.yml: 'foobar'.regexpReplace('oo|ar', '') returns "fb"; REGEXP_EXTRACT('foothebar', 'foo(.*?)(bar)', 2)
# returns "bar"; REGEXP is TRUE if any substring matches the Java regular expression.
SELECT REGEXP_REPLACE('foobar', 'oo|ar', '') AS rr, REGEXP_EXTRACT('foothebar', 'foo(.*?)(bar)', 2) AS re,
  REGEXP_EXTRACT('foothebar', 'x(y)', 1) AS nomatch, REGEXP('abc123', '\d+') AS r1, REGEXP('abc', '^b') AS r2;
+----+-----+---------+------+-------+
| rr |  re | nomatch |   r1 |    r2 |
+----+-----+---------+------+-------+
| fb | bar |  <NULL> | TRUE | FALSE |
+----+-----+---------+------+-------+
1 row in set
!ok

# sql_functions.yml: FROM_BASE64('aGVsbG8gd29ybGQ=') returns "hello world"; TO_BASE64('hello world') returns
# "aGVsbG8gd29ybGQ="; ascii('abc') returns 97; chr(97) returns a, chr(353) returns a.
SELECT FROM_BASE64('aGVsbG8gd29ybGQ=') AS f, TO_BASE64('hello world') AS t, ASCII('abc') AS a, ASCII('') AS a0,
  CHR(97) AS c, CHR(353) AS c2;
+-------------+------------------+----+----+---+----+
|           f |                t |  a | a0 | c | c2 |
+-------------+------------------+----+----+---+----+
| hello world | aGVsbG8gd29ybGQ= | 97 |  0 | a |  a |
+-------------+------------------+----+----+---+----+
1 row in set
!ok

# MD5/SHA1/SHA256: hex digests of the UTF-8 bytes (the standard test vectors of "abc").
SELECT MD5('abc') AS md5, SHA1('abc') AS sha1, SHA256('abc') AS sha256;
+----------------------------------+------------------------------------------+------------------------------------------------------------------+
|                              md5 |                                     sha1 |                                                           sha256 |
+----------------------------------+------------------------------------------+------------------------------------------------------------------+
| 900150983cd24fb0d6963f7d28e17f72 | a9993e364706816aba3e25717850c26c9cd0d89d | ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad |
+----------------------------------+------------------------------------------+------------------------------------------------------------------+
1 row in set
!ok

# UUID() is a random version-4 UUID of 36 characters.
SELECT CHAR_LENGTH(UUID()) AS n, SUBSTRING(UUID(), 15, 1) AS version;
+----+---------+
|  n | version |
+----+---------+
| 36 |       4 |
+----+---------+
1 row in set
!ok

# LIKE: % and _ wildcards, case-sensitive, with an ESCAPE character; SIMILAR TO uses SQL regular expressions.
SELECT s, s LIKE 'ab%' AS starts, s LIKE '%c' AS ends, s LIKE '_b_' AS three, s NOT LIKE '%b%' AS nob,
  s LIKE '10!%' ESCAPE '!' AS esc, s SIMILAR TO '(abc|ABC)' AS sim
FROM (VALUES ('abc'), ('ABC'), ('10%'), (CAST(NULL AS STRING))) AS T(s);
+--------+--------+--------+--------+--------+--------+--------+
|      s | starts |   ends |  three |    nob |    esc |    sim |
+--------+--------+--------+--------+--------+--------+--------+
|    abc |   TRUE |   TRUE |   TRUE |  FALSE |  FALSE |   TRUE |
|    ABC |  FALSE |  FALSE |  FALSE |   TRUE |  FALSE |   TRUE |
|    10% |  FALSE |  FALSE |  FALSE |   TRUE |   TRUE |  FALSE |
| <NULL> | <NULL> | <NULL> | <NULL> | <NULL> | <NULL> | <NULL> |
+--------+--------+--------+--------+--------+--------+--------+
4 rows in set
!ok

# NULL in gives NULL out, over a column.
SELECT UPPER(s) AS u, CHAR_LENGTH(s) AS n, SUBSTRING(s, 2) AS sub, REPLACE(s, 'a', 'b') AS r, s || '!' AS c
FROM (VALUES ('abc'), (CAST(NULL AS STRING))) AS T(s);
+--------+--------+--------+--------+--------+
|      u |      n |    sub |      r |      c |
+--------+--------+--------+--------+--------+
|    ABC |      3 |     bc |    bbc |   abc! |
| <NULL> | <NULL> | <NULL> | <NULL> | <NULL> |
+--------+--------+--------+--------+--------+
2 rows in set
!ok

# Wrong argument types list the accepted signatures.
SELECT SUBSTRING(1, 2) AS x;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 8: Cannot apply 'SUBSTRING' to arguments of type 'SUBSTRING(<INT>, <INT>)'. Supported form(s): SUBSTRING(<STRING>, <INTEGER>)
SUBSTRING(<STRING>, <INTEGER>, <INTEGER>)
!error

# An invalid LIKE escape is rejected when the query is planned.
SELECT 'a' LIKE 'a!b' ESCAPE '!' AS x;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 8: Invalid escape sequence 'a!b', 1
!error
