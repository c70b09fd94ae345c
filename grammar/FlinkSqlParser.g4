// Flink SQL parser grammar. parser/ast_builder.cpp turns its parse trees into sluice::ast nodes;
// nothing else sees them. Expression precedence, loosest first:
//   OR < AND < NOT < comparison and predicates < || < + - < * / % < unary + - < postfix [i] .f
parser grammar FlinkSqlParser;

options { tokenVocab=FlinkSqlLexer; }

// ---------------------------------------------------------------------------------------------
// Entry points

script: statement? (SEMI statement?)* EOF;
singleStatement: statement SEMI* EOF;
singleExpression: expression EOF;

statement
    : createTable
    | createView
    | createCatalog
    | createDatabase
    | createFunction
    | dropStatement
    | alterTable
    | useStatement
    | showStatement
    | describeStatement
    | explainStatement
    | setStatement
    | resetStatement
    | insertStatement
    | statementSet
    | beginStatementSet
    | endStatement
    | queryStatement
    | addJar
    | removeJar
    | stopJob
    | clientCommand
    ;

// ---------------------------------------------------------------------------------------------
// DDL

createTable
    : CREATE TEMPORARY? TABLE ifNotExists? qualifiedName
      (LPAREN tableElement (COMMA tableElement)* RPAREN)?
      commentSpec? (distribution | partitionedBy)* withOptions? likeClause? (AS query)?
    ;

tableElement
    : WATERMARK FOR columnPath AS expression                                   #watermarkElement
    | (CONSTRAINT identifier)? PRIMARY KEY LPAREN columnList RPAREN (NOT? ENFORCED)?  #primaryKeyElement
    | lenientIdentifier AS expression commentSpec?                              #computedColumn
    | lenientIdentifier dataType (METADATA (FROM STRING_LITERAL)? VIRTUAL?)? columnConstraint? commentSpec?
                                                                                #physicalColumn
    ;

columnConstraint: (CONSTRAINT identifier)? PRIMARY KEY (NOT? ENFORCED)?;

distribution
    : DISTRIBUTED (BY kind=(HASH | RANGE)? LPAREN columnList RPAREN)? (INTO INTEGER_VALUE BUCKETS)?
    ;

partitionedBy: PARTITIONED BY LPAREN columnList RPAREN;

withOptions: WITH LPAREN (tableOption (COMMA tableOption)*)? RPAREN;

tableOption: key=STRING_LITERAL EQ value=STRING_LITERAL;

likeClause: LIKE qualifiedName (LPAREN (likeOption (COMMA? likeOption)*)? RPAREN)?;

likeOption
    : strategy=(INCLUDING | EXCLUDING | OVERWRITING)
      feature=(ALL | CONSTRAINTS | PARTITIONS | GENERATED | METADATA | OPTIONS | WATERMARKS)
    ;

createView
    : CREATE TEMPORARY? VIEW ifNotExists? qualifiedName (LPAREN columnList RPAREN)? commentSpec? AS query
    ;

createCatalog: CREATE CATALOG ifNotExists? identifier commentSpec? withOptions? commentSpec?;

createDatabase: CREATE DATABASE ifNotExists? qualifiedName commentSpec? withOptions?;

createFunction
    : CREATE (TEMPORARY SYSTEM?)? FUNCTION ifNotExists? qualifiedName AS STRING_LITERAL (LANGUAGE identifier)?
    ;

dropStatement
    : DROP TEMPORARY? SYSTEM? object=(TABLE | VIEW | FUNCTION | DATABASE | CATALOG) ifExists? qualifiedName
      (CASCADE | RESTRICT)?
    ;

alterTable: ALTER TABLE ifExists? qualifiedName alterAction;

alterAction
    : SET LPAREN tableOption (COMMA tableOption)* RPAREN                     #alterSetOptions
    | RESET LPAREN STRING_LITERAL (COMMA STRING_LITERAL)* RPAREN             #alterResetOptions
    | RENAME TO qualifiedName                                                #alterRename
    ;

ifNotExists: IF NOT EXISTS;
ifExists: IF EXISTS;
commentSpec: COMMENT STRING_LITERAL;

// ---------------------------------------------------------------------------------------------
// Utility statements

useStatement
    : USE CATALOG identifier        #useCatalog
    | USE qualifiedName             #useDatabase
    ;

showStatement
    : SHOW CATALOGS likePattern?                                            #showCatalogs
    | SHOW CURRENT CATALOG                                                  #showCurrentCatalog
    | SHOW CURRENT DATABASE                                                 #showCurrentDatabase
    | SHOW DATABASES ((FROM | IN) qualifiedName)? likePattern?              #showDatabases
    | SHOW TABLES ((FROM | IN) qualifiedName)? likePattern?                 #showTables
    | SHOW VIEWS ((FROM | IN) qualifiedName)? likePattern?                  #showViews
    | SHOW USER? FUNCTIONS ((FROM | IN) qualifiedName)? likePattern?        #showFunctions
    | SHOW COLUMNS (FROM | IN) qualifiedName likePattern?                   #showColumns
    | SHOW CREATE TABLE qualifiedName                                       #showCreateTable
    | SHOW CREATE VIEW qualifiedName                                        #showCreateView
    | SHOW JOBS                                                             #showJobs
    | SHOW JARS                                                             #showJars
    | SHOW FULL? MODULES                                                    #showModules
    ;

likePattern: NOT? LIKE STRING_LITERAL;

describeStatement: (DESCRIBE | DESC) EXTENDED? qualifiedName;

explainStatement
    : EXPLAIN (PLAN FOR | explainDetail (COMMA explainDetail)*)?
      (insertStatement | statementSet | query)
    ;

explainDetail: identifier;

// SET 'k' = 'v' or the old unquoted SET table.exec.mini-batch.enabled = true: the key and value
// are taken from the source text.
setStatement: SET (setKey EQ setValue?)?;
resetStatement: RESET setKey?;
setKey: setToken+;
setValue: (setToken | EQ)+;
setToken: ~(EQ | SEMI | POUND | UNCLOSED_STRING | UNCLOSED_IDENTIFIER | UNCLOSED_COMMENT | UNRECOGNIZED);

addJar: ADD JAR STRING_LITERAL;
removeJar: REMOVE JAR STRING_LITERAL;
stopJob: STOP JOB STRING_LITERAL (WITH SAVEPOINT)? (WITH DRAIN)?;
clientCommand: HELP | QUIT | EXIT | CLEAR;

// ---------------------------------------------------------------------------------------------
// DML

insertStatement
    : EXECUTE? INSERT (INTO | OVERWRITE) qualifiedName hint? insertPartition?
      (LPAREN columnList RPAREN)? query
    ;

insertPartition: PARTITION LPAREN partitionValue (COMMA partitionValue)* RPAREN;
partitionValue: lenientIdentifier EQ literalValue;
literalValue: STRING_LITERAL | MINUS? (INTEGER_VALUE | DECIMAL_VALUE | DOUBLE_VALUE) | TRUE | FALSE | NULL_;

statementSet: EXECUTE? STATEMENT SET BEGIN (insertStatement SEMI)+ END;
// The deprecated BEGIN STATEMENT SET; INSERT ...; END; form: Parser::parseScript folds it.
beginStatementSet: BEGIN STATEMENT SET;
endStatement: END;

queryStatement: query;

// ---------------------------------------------------------------------------------------------
// Queries

query: withClause? queryNoWith;

withClause: WITH withItem (COMMA withItem)*;
withItem: identifier (LPAREN columnList RPAREN)? AS LPAREN query RPAREN;

queryNoWith
    : queryTerm (ORDER BY sortItem (COMMA sortItem)*)?
      (LIMIT (limit=expression | ALL))?
      (OFFSET offset=expression (ROW | ROWS)?)?
      (FETCH (FIRST | NEXT) fetch=expression? (ROW | ROWS) ONLY)?
    ;

queryTerm
    : queryPrimary                                                                   #queryTermPrimary
    | left=queryTerm op=INTERSECT setQuantifier? right=queryTerm                     #setOperation
    | left=queryTerm op=(UNION | EXCEPT) setQuantifier? right=queryTerm              #setOperation
    ;

queryPrimary
    : querySpecification                                    #selectQuery
    | VALUES valuesRow (COMMA valuesRow)*                   #valuesQuery
    | LPAREN query RPAREN                                   #nestedQuery
    ;

valuesRow
    : LPAREN expression (COMMA expression)* RPAREN
    | expression
    ;

querySpecification
    : SELECT hint? setQuantifier? selectItem (COMMA selectItem)*
      (FROM relation (COMMA relation)*)?
      (WHERE where=expression)?
      (GROUP BY groupingElement (COMMA groupingElement)*)?
      (HAVING having=expression)?
      (WINDOW namedWindow (COMMA namedWindow)*)?
    ;

setQuantifier: DISTINCT | ALL;

selectItem
    : qualifiedName DOT ASTERISK                                 #selectQualifiedStar
    | ASTERISK                                                   #selectStar
    | expression (AS lenientIdentifier | identifier)?            #selectExpression
    ;

relation
    : left=relation CROSS JOIN right=relationPrimary                              #crossJoin
    | left=relation NATURAL joinType JOIN right=relationPrimary                   #naturalJoin
    | left=relation joinType JOIN right=relationPrimary joinCriteria?             #join
    | relationPrimary                                                             #primaryRelation
    ;

joinType
    : INNER?
    | LEFT OUTER?
    | RIGHT OUTER?
    | FULL OUTER?
    ;

joinCriteria
    : ON expression
    | USING LPAREN columnList RPAREN
    ;

relationPrimary
    : LATERAL? TABLE LPAREN functionCall RPAREN tableAlias?                        #tableFunctionRelation
    | UNNEST LPAREN expression (COMMA expression)* RPAREN (WITH ORDINALITY)? tableAlias? #unnestRelation
    | LATERAL? LPAREN query RPAREN tableAlias?                                     #subqueryRelation
    | LPAREN relation RPAREN tableAlias?                                           #parenthesizedRelation
    | functionCall tableAlias?                                                     #bareTableFunctionRelation
    | qualifiedName hint? (FOR SYSTEM_TIME AS OF valueExpression)? tableAlias?     #namedRelation
    ;

tableAlias: (AS lenientIdentifier | identifier) (LPAREN columnList RPAREN)?;

hint: HINT_START hintItem (COMMA? hintItem)* HINT_END;
hintItem: identifier (LPAREN (hintArg (COMMA hintArg)*)? RPAREN)?;
hintArg: key=hintValue (EQ value=hintValue)?;
hintValue: STRING_LITERAL | identifier | INTEGER_VALUE | DECIMAL_VALUE;

groupingElement
    : GROUPING SETS LPAREN groupingSet (COMMA groupingSet)* RPAREN                 #groupingSets
    | kind=(ROLLUP | CUBE) LPAREN groupingSet (COMMA groupingSet)* RPAREN          #rollupCube
    | LPAREN RPAREN                                                                #emptyGroupingSet
    | expression                                                                   #groupingExpression
    ;

groupingSet
    : LPAREN (expression (COMMA expression)*)? RPAREN
    | expression
    ;

namedWindow: identifier AS LPAREN windowSpec RPAREN;

windowSpec
    : existing=identifier?
      (PARTITION BY expression (COMMA expression)*)?
      (ORDER BY sortItem (COMMA sortItem)*)?
      windowFrame?
    ;

windowFrame
    : kind=(ROWS | RANGE) BETWEEN lower=frameBound AND upper=frameBound
    | kind=(ROWS | RANGE) lower=frameBound
    ;

frameBound
    : UNBOUNDED dir=(PRECEDING | FOLLOWING)
    | CURRENT ROW
    | valueExpression dir=(PRECEDING | FOLLOWING)
    ;

sortItem: expression ordering=(ASC | DESC)? (NULLS nulls=(FIRST | LAST))?;

// ---------------------------------------------------------------------------------------------
// Expressions

expression: booleanExpression;

booleanExpression
    : NOT booleanExpression                                          #logicalNot
    | valueExpression predicate?                                     #predicated
    | left=booleanExpression AND right=booleanExpression             #logicalAnd
    | left=booleanExpression OR right=booleanExpression              #logicalOr
    ;

predicate
    : NOT? BETWEEN (ASYMMETRIC | SYMMETRIC)? lower=valueExpression AND upper=valueExpression  #betweenPredicate
    | NOT? IN LPAREN query RPAREN                                                            #inSubqueryPredicate
    | NOT? IN LPAREN expression (COMMA expression)* RPAREN                                   #inListPredicate
    | NOT? (LIKE | SIMILAR TO) pattern=valueExpression (ESCAPE escape=valueExpression)?      #likePredicate
    | IS NOT? NULL_                                                                           #nullPredicate
    | IS NOT? test=(TRUE | FALSE | UNKNOWN)                                                  #boolPredicate
    | IS NOT? DISTINCT FROM valueExpression                                                  #distinctFromPredicate
    | IS NOT? JSON kind=(VALUE | SCALAR | ARRAY | OBJECT)?                                   #isJsonPredicate
    ;

valueExpression
    : primaryExpression                                                                 #valuePrimary
    | op=(MINUS | PLUS) valueExpression                                                 #unaryExpression
    | left=valueExpression op=(ASTERISK | SLASH | PERCENT) right=valueExpression        #arithmetic
    | left=valueExpression op=(PLUS | MINUS) right=valueExpression                      #arithmetic
    | left=valueExpression op=CONCAT right=valueExpression                              #arithmetic
    | left=valueExpression op=(EQ | NEQ | LT | LTE | GT | GTE) right=valueExpression    #comparison
    ;

primaryExpression
    : NULL_                                                                              #nullLiteral
    | (TRUE | FALSE)                                                                    #booleanLiteral
    | INTEGER_VALUE                                                                     #integerLiteral
    | DECIMAL_VALUE                                                                     #decimalLiteral
    | DOUBLE_VALUE                                                                      #doubleLiteral
    | STRING_LITERAL+                                                                   #stringLiteral
    | BINARY_LITERAL                                                                    #binaryLiteral
    | INTERVAL sign=(MINUS | PLUS)? value=(STRING_LITERAL | INTEGER_VALUE) intervalQualifier  #intervalLiteral
    | kind=(DATE | TIME | TIMESTAMP | TIMESTAMP_LTZ) STRING_LITERAL                      #typedLiteral
    | CASE operand=expression caseWhen+ (ELSE elseExpr=expression)? END                  #simpleCase
    | CASE caseWhen+ (ELSE elseExpr=expression)? END                                    #searchedCase
    | kind=(CAST | TRY_CAST) LPAREN expression AS dataType RPAREN                        #cast
    | EXTRACT LPAREN identifier FROM expression RPAREN                                   #extract
    | kind=(FLOOR | CEIL | CEILING) LPAREN expression TO timeUnit RPAREN                 #floorCeil
    | POSITION LPAREN needle=valueExpression IN haystack=valueExpression RPAREN          #position
    | TRIM LPAREN (spec=(BOTH | LEADING | TRAILING)? chars=valueExpression? FROM)? str=valueExpression RPAREN
                                                                                        #trim
    | SUBSTRING LPAREN str=expression FROM start=expression (FOR length=expression)? RPAREN  #substring
    | OVERLAY LPAREN str=expression PLACING repl=expression FROM start=expression (FOR length=expression)? RPAREN
                                                                                        #overlay
    | kind=(TIMESTAMPADD | TIMESTAMPDIFF) LPAREN timeUnit COMMA first=expression COMMA second=expression RPAREN
                                                                                        #timestampArith
    | JSON_VALUE LPAREN json=expression COMMA path=expression (RETURNING dataType)? jsonValueBehavior* RPAREN
                                                                                        #jsonValue
    | JSON_QUERY LPAREN json=expression COMMA path=expression (RETURNING dataType)? jsonQueryWrapper?
      jsonQueryBehavior* RPAREN                                                         #jsonQuery
    | JSON_EXISTS LPAREN json=expression COMMA path=expression jsonExistsBehavior? RPAREN  #jsonExists
    | JSON_OBJECT LPAREN (jsonKeyValue (COMMA jsonKeyValue)*)? jsonNullClause? RPAREN   #jsonObject
    | JSON_ARRAY LPAREN (expression (COMMA expression)*)? jsonNullClause? RPAREN        #jsonArray
    | ARRAY LBRACKET (expression (COMMA expression)*)? RBRACKET                          #arrayConstructor
    | MAP LBRACKET (expression (COMMA expression)*)? RBRACKET                            #mapConstructor
    | ROW LPAREN (expression (COMMA expression)*)? RPAREN                                #rowConstructor
    | LPAREN expression (COMMA expression)+ RPAREN                                      #implicitRowConstructor
    | kind=(CURRENT_TIMESTAMP | CURRENT_DATE | CURRENT_TIME | LOCALTIMESTAMP | LOCALTIME)  #niladicFunction
    | EXISTS LPAREN query RPAREN                                                        #exists
    | DESCRIPTOR LPAREN lenientIdentifier (COMMA lenientIdentifier)* RPAREN              #descriptor
    | functionCall                                                                      #functionCallExpression
    | LPAREN query RPAREN                                                               #subqueryExpression
    | LPAREN expression RPAREN                                                          #parenthesized
    | columnPath                                                                        #columnReference
    | base=primaryExpression LBRACKET index=expression RBRACKET                          #subscript
    | base=primaryExpression DOT fieldName=lenientIdentifier                            #dereference
    ;

caseWhen: WHEN when=expression THEN then=expression;

functionCall
    : functionName LPAREN (ASTERISK | setQuantifier? functionArgument (COMMA functionArgument)*)? RPAREN
      filterClause? overClause?
    ;

functionName
    : qualifiedName
    | LEFT | RIGHT | IF | GROUPING | FLOOR | CEIL | CEILING | SUBSTRING | POSITION | INSERT | CHAR
    ;

functionArgument: (argName=lenientIdentifier ARROW)? (tableArgument | expression);

// SESSION(TABLE t PARTITION BY k, ...) or PARTITION BY (k1, k2): a bare list would swallow the
// following arguments.
tableArgument: TABLE qualifiedName (PARTITION BY (LPAREN expression (COMMA expression)* RPAREN | expression))?;

filterClause: FILTER LPAREN WHERE expression RPAREN;

overClause
    : OVER identifier
    | OVER LPAREN windowSpec RPAREN
    ;

jsonValueBehavior: (NULL_ | ERROR | DEFAULT expression) ON target=(EMPTY | ERROR);
jsonQueryWrapper
    : WITHOUT ARRAY? WRAPPER
    | WITH kind=(CONDITIONAL | UNCONDITIONAL)? ARRAY? WRAPPER
    ;
jsonQueryBehavior: (NULL_ | ERROR | EMPTY ARRAY | EMPTY OBJECT) ON target=(EMPTY | ERROR);
jsonExistsBehavior: (TRUE | FALSE | UNKNOWN | ERROR) ON ERROR;
jsonKeyValue: KEY? key=expression VALUE value=expression;
jsonNullClause: (NULL_ | ABSENT) ON NULL_;

intervalQualifier
    : from=timeUnit (LPAREN p1=INTEGER_VALUE (COMMA p2=INTEGER_VALUE)? RPAREN)?
      (TO to=timeUnit (LPAREN p3=INTEGER_VALUE RPAREN)?)?
    ;

timeUnit
    : YEAR | YEARS | QUARTER | MONTH | MONTHS | WEEK | DAY | DAYS | HOUR | HOURS | MINUTE | MINUTES
    | SECOND | SECONDS | MILLISECOND | MICROSECOND | NANOSECOND
    ;

// ---------------------------------------------------------------------------------------------
// Types

dataType: baseDataType typeSuffix*;

typeSuffix: NOT NULL_ | NULL_ | ARRAY | MULTISET;

baseDataType
    : (CHAR | CHARACTER) typeLength?                                            #charType
    | VARCHAR typeLength?                                                       #varcharType
    | STRING                                                                    #stringType
    | BOOLEAN                                                                   #booleanType
    | TINYINT                                                                   #tinyintType
    | SMALLINT                                                                  #smallintType
    | (INT | INTEGER)                                                           #intType
    | BIGINT                                                                    #bigintType
    | FLOAT                                                                     #floatType
    | REAL                                                                      #realType
    | DOUBLE PRECISION?                                                         #doubleType
    | (DECIMAL | DEC | NUMERIC) (LPAREN p=INTEGER_VALUE (COMMA s=INTEGER_VALUE)? RPAREN)?  #decimalType
    | DATE                                                                      #dateType
    | TIME typeLength? (WITHOUT TIME ZONE)?                                     #timeType
    | TIMESTAMP typeLength? (WITHOUT TIME ZONE)?                                #timestampType
    | TIMESTAMP typeLength? WITH LOCAL TIME ZONE                                #timestampLtzType
    | TIMESTAMP_LTZ typeLength?                                                 #timestampLtzType
    | BINARY typeLength?                                                        #binaryType
    | VARBINARY typeLength?                                                     #varbinaryType
    | BYTES                                                                     #bytesType
    | INTERVAL intervalQualifier                                                #intervalType
    | ARRAY LT dataType GT                                                      #arrayType
    | MULTISET LT dataType GT                                                   #multisetType
    | MAP LT key=dataType COMMA value=dataType GT                               #mapType
    | ROW LT (rowField (COMMA rowField)*)? GT                                   #rowType
    | ROW LPAREN (rowField (COMMA rowField)*)? RPAREN                           #rowType
    | RAW LPAREN STRING_LITERAL (COMMA STRING_LITERAL)? RPAREN                  #rawType
    | NULL_                                                                      #nullType
    ;

typeLength: LPAREN INTEGER_VALUE RPAREN;

rowField: lenientIdentifier dataType (COMMENT? STRING_LITERAL)?;

// ---------------------------------------------------------------------------------------------
// Names

qualifiedName: identifier (DOT identifier)*;

columnPath: lenientIdentifier (DOT lenientIdentifier)*;

columnList: lenientIdentifier (COMMA lenientIdentifier)*;

identifier
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    | nonReserved
    ;

// Reserved words that are still unambiguous as column names (DDL columns, column references,
// AS aliases): Kafka metadata columns are often called `timestamp`, `offset` or `partition`.
lenientIdentifier
    : identifier
    | TIMESTAMP | DATE | TIME | PARTITION | OFFSET | TIMESTAMP_LTZ | USER
    ;

nonReserved
    : ABSENT | ADD | BUCKETS | BYTES | CASCADE | CATALOG | CATALOGS | CLEAR | COLUMNS | COMMENT
    | CONDITIONAL | CONSTRAINTS | DATABASE | DATABASES | DAY | DAYS | DRAIN | EMPTY | ENFORCED | ERROR
    | EXCLUDING | EXIT | EXTENDED | FIRST | FOLLOWING | FUNCTIONS | GENERATED | HASH | HELP | HOUR
    | HOURS | INCLUDING | JAR | JARS | JOB | JOBS | JSON | KEY | LANGUAGE | LAST | LOCAL | METADATA
    | MICROSECOND | MILLISECOND | MINUTE | MINUTES | MODULES | MONTH | MONTHS | NANOSECOND | NEXT
    | NULLS | OBJECT | OPTIONS | ORDINALITY | OVERWRITING | PARTITIONED | PARTITIONS | PLAN
    | PRECEDING | PRECISION | QUARTER | QUIT | RAW | REMOVE | RENAME | RESTRICT | RETURNING
    | SAVEPOINT | SCALAR | SECOND | SECONDS | SETS | STATEMENT | STOP | STRING | SYSTEM | TABLES
    | TEMPORARY | UNCONDITIONAL | VALUE | VIEWS | VIRTUAL | WATERMARK | WATERMARKS | WEEK | WRAPPER
    | YEAR | YEARS | ZONE
    ;
