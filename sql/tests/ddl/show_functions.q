# SHOW FUNCTIONS lists the built-in functions ("function name" column); the list grows with the
# function library, so only its start is pinned here.

SHOW USER FUNCTIONS;
Empty set
!ok

SHOW FUNCTIONS;
+---------------+
| function name |
+---------------+
|           MOD |
+---------------+
1 row in set
!ok
