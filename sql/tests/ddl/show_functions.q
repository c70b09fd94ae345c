# SHOW FUNCTIONS lists the built-in functions ("function name" column); the list grows with the
# function library, so only its start is pinned here.

SHOW USER FUNCTIONS;
Empty set
!ok

SHOW FUNCTIONS;
+-----------------------+
|         function name |
+-----------------------+
|                   ABS |
|                  ACOS |
|                 ASCII |
|                  ASIN |
|                  ATAN |
|                 ATAN2 |
|                   AVG |
|                   BIN |
|                  CEIL |
|               CEILING |
|      CHARACTER_LENGTH |
|           CHAR_LENGTH |
|                   CHR |
|              COALESCE |
|                CONCAT |
|             CONCAT_WS |
|            CONVERT_TZ |
|                   COS |
|                  COSH |
|                   COT |
|                 COUNT |
|          CURRENT_DATE |
| CURRENT_ROW_TIMESTAMP |
|          CURRENT_TIME |
|     CURRENT_TIMESTAMP |
|           DATE_FORMAT |
|            DAYOFMONTH |
|             DAYOFWEEK |
|             DAYOFYEAR |
|               DEGREES |
|                     E |
|                   EXP |
|               EXTRACT |
|           FIRST_VALUE |
|                 FLOOR |
|           FROM_BASE64 |
|         FROM_UNIXTIME |
|              GREATEST |
|                   HEX |
|                  HOUR |
|                    IF |
|                IFNULL |
|               INITCAP |
|                 INSTR |
|            JSON_ARRAY |
|           JSON_EXISTS |
|           JSON_OBJECT |
|            JSON_QUERY |
|           JSON_STRING |
|            JSON_VALUE |
|            LAST_VALUE |
|                 LEAST |
|                  LEFT |
|               LISTAGG |
|                    LN |
|             LOCALTIME |
|        LOCALTIMESTAMP |
|                LOCATE |
|                   LOG |
|                 LOG10 |
|                  LOG2 |
|                 LOWER |
|                  LPAD |
|                 LTRIM |
|                   MAX |
|                   MD5 |
|                   MIN |
|                MINUTE |
|                   MOD |
|                 MONTH |
|                   NOW |
|                NULLIF |
|               OVERLAY |
|                    PI |
|              POSITION |
|                 POWER |
|               QUARTER |
|               RADIANS |
|                  RAND |
|          RAND_INTEGER |
|                REGEXP |
|        REGEXP_EXTRACT |
|        REGEXP_REPLACE |
|                REPEAT |
|               REPLACE |
|               REVERSE |
|                 RIGHT |
|                 ROUND |
|                  RPAD |
|                 RTRIM |
|                SECOND |
|                  SHA1 |
|                  SHA2 |
|                SHA224 |
|                SHA256 |
|                SHA384 |
|                SHA512 |
|                  SIGN |
|                   SIN |
|                  SINH |
|           SPLIT_INDEX |
|                  SQRT |
|                SUBSTR |
|             SUBSTRING |
|                   SUM |
|                   TAN |
|                  TANH |
|          TIMESTAMPADD |
|         TIMESTAMPDIFF |
|             TO_BASE64 |
|               TO_DATE |
|          TO_TIMESTAMP |
|      TO_TIMESTAMP_LTZ |
|                  TRIM |
|              TRUNCATE |
|        UNIX_TIMESTAMP |
|                 UPPER |
|                  UUID |
|                  WEEK |
|                  YEAR |
+-----------------------+
120 rows in set
!ok
