# JSON functions: JSON_VALUE, JSON_QUERY, JSON_EXISTS, IS JSON, JSON_STRING, JSON_OBJECT, JSON_ARRAY.
# Expected values: Flink's sql_functions.yml examples and JsonFunctionsITCase, cited per case.
# Cases that need the binder to pass RETURNING and nested JSON constructors are in pending/json_binder.q.

SET 'sql-client.execution.result-mode' = 'tableau';
[INFO] Execute statement succeeded.
!info

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

# sql_functions.yml, JSON_VALUE: '$.a' gives "true"; 'lax $.b' DEFAULT FALSE ON EMPTY and 'strict $.b' DEFAULT FALSE ON ERROR give "false"; '$.["a.b"][0]' gives 0.998; the blank-key example gives "right".
SELECT JSON_VALUE('{"a": true}', '$.a') AS v1, JSON_VALUE('{"a": true}', 'lax $.b' DEFAULT FALSE ON EMPTY) AS v2, JSON_VALUE('{"a": true}', 'strict $.b' DEFAULT FALSE ON ERROR) AS v3, JSON_VALUE('{"a.b": [0.998,0.996]}', '$.["a.b"][0]') AS v4, JSON_VALUE('{"contains blank": "right"}', 'strict $.[''contains blank'']' NULL ON EMPTY DEFAULT 'wrong' ON ERROR) AS v5;
+------+-------+-------+-------+-------+
|   v1 |    v2 |    v3 |    v4 |    v5 |
+------+-------+-------+-------+-------+
| true | false | false | 0.998 | right |
+------+-------+-------+-------+-------+
1 row in set
!ok

# JsonFunctionsITCase (jsonValueSpec): numbers keep their literal digits (BigDecimal); NULL input gives NULL; a path without lax/strict is strict, so a missing key is an error and NULL ON ERROR applies; lax + malformed JSON is an empty result (ON EMPTY), strict + malformed JSON an error (ON ERROR).
SELECT JSON_VALUE('{"longBalance": 123456789.987654321}', '$.longBalance') AS big, JSON_VALUE('{"balance": 13.37}', '$.balance') AS bal, JSON_VALUE(CAST(NULL AS STRING), 'lax $') AS nul, JSON_VALUE('{"a": 1}', '$.b') AS missing, JSON_VALUE('{"a": ', 'lax $.a' DEFAULT 'empty' ON EMPTY DEFAULT 'error' ON ERROR) AS lax_bad, JSON_VALUE('{"a": ', 'strict $.a' DEFAULT 'empty' ON EMPTY DEFAULT 'error' ON ERROR) AS strict_bad;
+---------------------+-------+--------+---------+---------+------------+
|                 big |   bal |    nul | missing | lax_bad | strict_bad |
+---------------------+-------+--------+---------+---------+------------+
| 123456789.987654321 | 13.37 | <NULL> |  <NULL> |   empty |      error |
+---------------------+-------+--------+---------+---------+------------+
1 row in set
!ok

# SqlJsonUtils.jsonValue: a JSON null is empty; a non-scalar is empty in lax mode and an error in strict mode.
SELECT JSON_VALUE('{"a": null}', '$.a' DEFAULT 'e' ON EMPTY DEFAULT 'r' ON ERROR) AS jnull, JSON_VALUE('{"a": [1]}', 'lax $.a' DEFAULT 'e' ON EMPTY DEFAULT 'r' ON ERROR) AS lax_arr, JSON_VALUE('{"a": [1]}', 'strict $.a' DEFAULT 'e' ON EMPTY DEFAULT 'r' ON ERROR) AS strict_arr, JSON_VALUE('[10, 20, 30]', '$[-1]') AS last;
+-------+---------+------------+------+
| jnull | lax_arr | strict_arr | last |
+-------+---------+------------+------+
|     e |       e |          r |   30 |
+-------+---------+------------+------+
1 row in set
!ok

# ERROR ON EMPTY / ERROR ON ERROR (JsonFunctionsITCase: "No results for path: $['invalid']", "Empty result of JSON_VALUE function is not allowed").
SELECT JSON_VALUE('{"a": 1}', 'strict $.invalid' ERROR ON ERROR) AS v;
[ERROR] Could not execute SQL statement. Reason:
ExecutionException: No results for path: $['invalid']
(in task 'Source: Values -> Sink: collect (1/1)')
!error

SELECT JSON_VALUE('{"a": 1}', 'lax $.invalid' ERROR ON EMPTY) AS v;
[ERROR] Could not execute SQL statement. Reason:
ExecutionException: Empty result of JSON_VALUE function is not allowed
(in task 'Source: Values -> Sink: collect (1/1)')
!error

# sql_functions.yml, JSON_QUERY examples; Flink prints compact JSON ('{ "b": 1 }' in the docs is {"b":1}).
SELECT JSON_QUERY('{ "a": { "b": 1 } }', '$.a') AS q1, JSON_QUERY('[1, 2]', '$') AS q2, JSON_QUERY(CAST(NULL AS STRING), '$') AS q3, JSON_QUERY('{"a":[{"c":"c1"},{"c":"c2"}]}', 'lax $.a[*].c') AS q4;
+---------+-------+--------+-------------+
|      q1 |    q2 |     q3 |          q4 |
+---------+-------+--------+-------------+
| {"b":1} | [1,2] | <NULL> | ["c1","c2"] |
+---------+-------+--------+-------------+
1 row in set
!ok

# sql_functions.yml, JSON_QUERY wrappers, scalars and ON EMPTY / ON ERROR.
SELECT JSON_QUERY('{}', '$' WITH CONDITIONAL ARRAY WRAPPER) AS w1, JSON_QUERY('[1, 2]', '$' WITH CONDITIONAL ARRAY WRAPPER) AS w2, JSON_QUERY('[1, 2]', '$' WITH UNCONDITIONAL ARRAY WRAPPER) AS w3, JSON_QUERY(1, '$') AS w4, JSON_QUERY(1, '$' WITH CONDITIONAL ARRAY WRAPPER) AS w5, JSON_QUERY('{}', 'lax $.invalid' EMPTY OBJECT ON EMPTY) AS e1, JSON_QUERY('{}', 'strict $.invalid' EMPTY ARRAY ON ERROR) AS e2;
+------+-------+---------+--------+-----+----+----+
|   w1 |    w2 |      w3 |     w4 |  w5 | e1 | e2 |
+------+-------+---------+--------+-----+----+----+
| [{}] | [1,2] | [[1,2]] | <NULL> | [1] | {} | [] |
+------+-------+---------+--------+-----+----+----+
1 row in set
!ok

# JsonFunctionsITCase (jsonQuerySpec): a string value is a scalar (NULL, an error in strict mode), wrapped it is ["[1,2]"]; keys come out sorted, as Jackson writes them.
SELECT JSON_QUERY('{ "a": "[1,2]", "b": [1,2]}', '$.a') AS a, JSON_QUERY('{ "a": "[1,2]", "b": [1,2]}', '$.a' WITH CONDITIONAL WRAPPER) AS a_wrapped, JSON_QUERY('{"a":[{"c":null},{"c":"c2"}]}', 'lax $.a[*].c') AS cs, JSON_QUERY('{"z":1,"a":{"y":0,"b":"\t"}}', '$') AS sorted;
+--------+-----------+-------------+------------------------------+
|      a | a_wrapped |          cs |                       sorted |
+--------+-----------+-------------+------------------------------+
| <NULL> | ["[1,2]"] | [null,"c2"] | {"a":{"b":"\t","y":0},"z":1} |
+--------+-----------+-------------+------------------------------+
1 row in set
!ok

SELECT JSON_QUERY('{}', 'lax $.err4' ERROR ON EMPTY) AS q;
[ERROR] Could not execute SQL statement. Reason:
ExecutionException: Empty result of JSON_QUERY function is not allowed
(in task 'Source: Values -> Sink: collect (1/1)')
!error

SELECT JSON_QUERY('{ "a": "[1,2]"}', '$.a' ERROR ON ERROR) AS q;
[ERROR] Could not execute SQL statement. Reason:
ExecutionException: Strict jsonpath mode requires array or object value, and the actual value is: ''[1,2]''
(in task 'Source: Values -> Sink: collect (1/1)')
!error

# sql_functions.yml, JSON_EXISTS examples; UNKNOWN ON ERROR gives NULL (JsonFunctionsITCase).
SELECT JSON_EXISTS('{"a": true}', '$.a') AS x1, JSON_EXISTS('{"a": true}', '$.b') AS x2, JSON_EXISTS('{"a": [{ "b": 1 }]}', '$.a[0].b') AS x3, JSON_EXISTS('{"a": true}', 'strict $.b' TRUE ON ERROR) AS x4, JSON_EXISTS('{"a": true}', 'strict $.b' FALSE ON ERROR) AS x5, JSON_EXISTS('{"a": true}', 'strict $.b' UNKNOWN ON ERROR) AS x6, JSON_EXISTS(CAST(NULL AS STRING), 'lax $') AS x7;
+------+-------+------+------+-------+--------+--------+
|   x1 |    x2 |   x3 |   x4 |    x5 |     x6 |     x7 |
+------+-------+------+------+-------+--------+--------+
| TRUE | FALSE | TRUE | TRUE | FALSE | <NULL> | <NULL> |
+------+-------+------+------+-------+--------+--------+
1 row in set
!ok

SELECT JSON_EXISTS('{"a": true}', 'strict $.b' ERROR ON ERROR) AS x;
[ERROR] Could not execute SQL statement. Reason:
ExecutionException: No results for path: $['b']
(in task 'Source: Values -> Sink: collect (1/1)')
!error

# sql_functions.yml, IS JSON examples; NULL IS JSON is NULL (JsonFunctionsITCase, FLINK-39943; older docs say FALSE).
SELECT '1' IS JSON AS j1, '[]' IS JSON AS j2, '{}' IS JSON AS j3, '"abc"' IS JSON AS j4, 'abc' IS JSON AS j5, '1' IS JSON SCALAR AS j6, '1' IS JSON ARRAY AS j7, '1' IS JSON OBJECT AS j8, '{}' IS JSON SCALAR AS j9, '{}' IS JSON ARRAY AS j10, '{}' IS JSON OBJECT AS j11, 'abc' IS NOT JSON AS j12, CAST(NULL AS STRING) IS JSON AS j13;
+------+------+------+------+-------+------+-------+-------+-------+-------+------+------+--------+
|   j1 |   j2 |   j3 |   j4 |    j5 |   j6 |    j7 |    j8 |    j9 |   j10 |  j11 |  j12 |    j13 |
+------+------+------+------+-------+------+-------+-------+-------+-------+------+------+--------+
| TRUE | TRUE | TRUE | TRUE | FALSE | TRUE | FALSE | FALSE | FALSE | FALSE | TRUE | TRUE | <NULL> |
+------+------+------+------+-------+------+-------+-------+-------+-------+------+------+--------+
1 row in set
!ok

# sql_functions.yml, JSON_STRING examples (ARRAY[1, 2] waits for the ARRAY constructor); DOUBLE as Flink's BigDecimal text.
SELECT JSON_STRING(CAST(NULL AS INT)) AS s1, JSON_STRING(1) AS s2, JSON_STRING(TRUE) AS s3, JSON_STRING('Hello, World!') AS s4, JSON_STRING(1.5E0) AS s5, JSON_STRING(CAST(1.23 AS DECIMAL(3, 2))) AS s6, JSON_STRING('a"b\') AS s7;
+--------+----+------+-----------------+-----+------+----------+
|     s1 | s2 |   s3 |              s4 |  s5 |   s6 |       s7 |
+--------+----+------+-----------------+-----+------+----------+
| <NULL> |  1 | true | "Hello, World!" | 1.5 | 1.23 | "a\"b\\" |
+--------+----+------+-----------------+-----+------+----------+
1 row in set
!ok

# sql_functions.yml, JSON_OBJECT examples (nested constructors: see pending/json_binder.q).
SELECT JSON_OBJECT() AS o1, JSON_OBJECT('K1' VALUE 'V1', 'K2' VALUE 'V2') AS o2, JSON_OBJECT(KEY 'K1' VALUE CAST(NULL AS STRING) NULL ON NULL) AS o3, JSON_OBJECT(KEY 'K1' VALUE CAST(NULL AS STRING) ABSENT ON NULL) AS o4, JSON_OBJECT('b' VALUE 1, 'a' VALUE TRUE, 'c' VALUE 2.50) AS o5;
+----+-----------------------+-------------+----+---------------------------+
| o1 |                    o2 |          o3 | o4 |                        o5 |
+----+-----------------------+-------------+----+---------------------------+
| {} | {"K1":"V1","K2":"V2"} | {"K1":null} | {} | {"a":true,"b":1,"c":2.50} |
+----+-----------------------+-------------+----+---------------------------+
1 row in set
!ok

# sql_functions.yml, JSON_ARRAY examples (nested constructors: see pending/json_binder.q).
SELECT JSON_ARRAY() AS a1, JSON_ARRAY(1, '2') AS a2, JSON_ARRAY(CAST(NULL AS STRING) NULL ON NULL) AS a3, JSON_ARRAY(CAST(NULL AS STRING) ABSENT ON NULL) AS a4, JSON_ARRAY(CAST(NULL AS STRING), 1) AS a5;
+----+---------+--------+----+-----+
| a1 |      a2 |     a3 | a4 |  a5 |
+----+---------+--------+----+-----+
| [] | [1,"2"] | [null] | [] | [1] |
+----+---------+--------+----+-----+
1 row in set
!ok

# Per row over a column: NULL input, malformed JSON, an array document.
SELECT j, JSON_VALUE(j, '$.a') AS a, JSON_VALUE(j, 'lax $.a' DEFAULT 'none' ON EMPTY) AS a_lax, JSON_QUERY(j, 'lax $.b') AS b, JSON_EXISTS(j, 'lax $.a') AS has_a, j IS JSON AS ok, JSON_OBJECT('j' VALUE j) AS wrapped
FROM (VALUES ('{"a": 1, "b": [1, {"y": 2, "x": 1}]}'), ('{"a": "text"}'), ('{"a": '), (CAST(NULL AS STRING)), ('[]')) AS T(j);
+--------------------------------+--------+--------+-------------------+--------+--------+--------------------------------+
|                              j |      a |  a_lax |                 b |  has_a |     ok |                        wrapped |
+--------------------------------+--------+--------+-------------------+--------+--------+--------------------------------+
| {"a": 1, "b": [1, {"y": 2, ... |      1 |      1 | [1,{"x":1,"y":2}] |   TRUE |   TRUE | {"j":"{\"a\": 1, \"b\": [1,... |
|                  {"a": "text"} |   text |   text |            <NULL> |   TRUE |   TRUE |      {"j":"{\"a\": \"text\"}"} |
|                         {"a":  | <NULL> |   none |            <NULL> |  FALSE |  FALSE |               {"j":"{\"a\": "} |
|                         <NULL> | <NULL> | <NULL> |            <NULL> | <NULL> | <NULL> |                     {"j":null} |
|                             [] | <NULL> |   none |            <NULL> |  FALSE |   TRUE |                     {"j":"[]"} |
+--------------------------------+--------+--------+-------------------+--------+--------+--------------------------------+
5 rows in set
!ok
