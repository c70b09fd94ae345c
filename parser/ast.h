#pragma once

// The abstract syntax tree of Flink SQL statements: plain structs built by AstBuilder from the ANTLR
// parse tree. Nothing outside parser/ sees ANTLR types; everything downstream works on these.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/types.h"

namespace sluice::ast {

struct Node {
    SourcePos pos;
};

/// A possibly qualified name: `cat`.`db`.`t` -> {"cat", "db", "t"}; backticks removed, case kept.
struct QualifiedName {
    std::vector<std::string> parts;
    SourcePos pos;
    std::string toString() const;  // parts joined with '.'
};

// ---------------------------------------------------------------------------------------------
// Expressions

enum class ExprKind {
    Literal,
    ColumnRef,
    Star,
    Unary,
    Binary,
    IsNull,        // x IS [NOT] NULL
    IsBool,        // x IS [NOT] TRUE | FALSE | UNKNOWN
    DistinctFrom,  // x IS [NOT] DISTINCT FROM y
    Between,
    In,
    Like,  // also SIMILAR TO
    Case,
    Cast,
    Call,
    Symbol,  // a keyword argument: EXTRACT(YEAR FROM x) -> Call(EXTRACT, [Symbol YEAR, x])
    Subquery,
    Exists,
    Item,        // a[i], m['k']
    Field,       // (expr).field on a ROW
    Descriptor,  // DESCRIPTOR(c1, c2) in a table function call
    TableArg,    // TABLE t in a table function call
};

struct Query;
struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr : Node {
    explicit Expr(ExprKind k) : kind(k) {}
    virtual ~Expr() = default;
    ExprKind kind;
    /// The expression's SQL text as written (used for error messages and column names).
    std::string text;

    template <class T>
    T& as() {
        return static_cast<T&>(*this);
    }
    template <class T>
    const T& as() const {
        return static_cast<const T&>(*this);
    }
};

enum class LiteralKind {
    Null,
    Boolean,       // value "TRUE" / "FALSE"
    Integer,       // digits, no sign (a minus sign is a Unary Neg)
    Decimal,       // digits with a point, e.g. "1.50"
    Double,        // with an exponent, e.g. "1.5E3"
    String,        // quotes removed, '' unescaped
    Binary,        // X'CAFE' -> hex digits "CAFE"
    Date,          // DATE '2024-01-01' -> the string
    Time,          // TIME '10:00:00'
    Timestamp,     // TIMESTAMP '2024-01-01 10:00:00'
    TimestampLtz,  // TIMESTAMP_LTZ '...' (Flink 2.x)
    Interval,      // INTERVAL '5' SECOND, INTERVAL '1-2' YEAR TO MONTH
};

/// Units of INTERVAL literals, EXTRACT, FLOOR/CEIL TO, TIMESTAMPADD/DIFF.
enum class TimeUnit {
    None,
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
    Nanosecond
};

struct Literal : Expr {
    Literal() : Expr(ExprKind::Literal) {}
    LiteralKind literalKind = LiteralKind::Null;
    std::string value;
    // Interval only: INTERVAL [-]'value' from [TO to]; leading precision as written (or 0).
    bool negative = false;
    TimeUnit from = TimeUnit::None;
    TimeUnit to = TimeUnit::None;
    int leadingPrecision = 0;
    int fractionalPrecision = -1;  // SECOND(p); -1 when not written
};

struct ColumnRef : Expr {
    ColumnRef() : Expr(ExprKind::ColumnRef) {}
    std::vector<std::string> names;  // a.b.c
};

struct Star : Expr {
    Star() : Expr(ExprKind::Star) {}
    std::vector<std::string> qualifier;  // t.* -> {"t"}
};

enum class UnaryOp { Neg, Plus, Not };
struct Unary : Expr {
    Unary() : Expr(ExprKind::Unary) {}
    UnaryOp op = UnaryOp::Neg;
    ExprPtr operand;
};

enum class BinaryOp { Add, Sub, Mul, Div, Mod, Concat, Eq, Ne, Lt, Le, Gt, Ge, And, Or };
struct Binary : Expr {
    Binary() : Expr(ExprKind::Binary) {}
    BinaryOp op = BinaryOp::Add;
    ExprPtr left, right;
};

struct IsNull : Expr {
    IsNull() : Expr(ExprKind::IsNull) {}
    bool negated = false;
    ExprPtr operand;
};

enum class BoolTest { True, False, Unknown };
struct IsBool : Expr {
    IsBool() : Expr(ExprKind::IsBool) {}
    bool negated = false;
    BoolTest test = BoolTest::True;
    ExprPtr operand;
};

struct DistinctFrom : Expr {
    DistinctFrom() : Expr(ExprKind::DistinctFrom) {}
    bool negated = false;  // IS NOT DISTINCT FROM
    ExprPtr left, right;
};

struct Between : Expr {
    Between() : Expr(ExprKind::Between) {}
    bool negated = false;
    bool symmetric = false;
    ExprPtr operand, low, high;
};

struct In : Expr {
    In() : Expr(ExprKind::In) {}
    bool negated = false;
    ExprPtr operand;
    std::vector<ExprPtr> list;        // x IN (a, b)
    std::unique_ptr<Query> subquery;  // x IN (SELECT ...)
    ~In() override;
};

struct Like : Expr {
    Like() : Expr(ExprKind::Like) {}
    bool negated = false;
    bool similar = false;  // SIMILAR TO
    ExprPtr operand, pattern, escape;
};

struct WhenClause {
    ExprPtr when, then;
};
struct Case : Expr {
    Case() : Expr(ExprKind::Case) {}
    ExprPtr operand;  // CASE x WHEN ...; null for searched CASE
    std::vector<WhenClause> whens;
    ExprPtr elseExpr;
};

struct Cast : Expr {
    Cast() : Expr(ExprKind::Cast) {}
    bool tryCast = false;
    ExprPtr operand;
    DataType type;
};

struct OrderItem {
    ExprPtr expr;
    bool descending = false;
    std::optional<bool> nullsFirst;
};

/// OVER (PARTITION BY ... ORDER BY ... ROWS|RANGE BETWEEN ...).
struct WindowSpec : Node {
    std::string name;  // OVER w (a named window), else empty
    std::vector<ExprPtr> partitionBy;
    std::vector<OrderItem> orderBy;
    bool hasFrame = false;
    bool rows = false;  // ROWS vs RANGE
    // Bounds: UNBOUNDED PRECEDING -> unbounded=true; CURRENT ROW -> offset null and !unbounded.
    struct Bound {
        bool unbounded = false;
        bool preceding = true;
        ExprPtr offset;
    };
    Bound lower, upper;
};

struct Call : Expr {
    Call() : Expr(ExprKind::Call) {}
    std::string name;  // upper-cased function name, e.g. "TO_TIMESTAMP_LTZ", "EXTRACT"
    std::vector<ExprPtr> args;
    std::vector<std::string> argNames;  // named arguments (DATA => ...); empty or parallel to args
    bool distinct = false;              // COUNT(DISTINCT x)
    bool star = false;                  // COUNT(*)
    ExprPtr filter;                     // agg(x) FILTER (WHERE ...)
    std::unique_ptr<WindowSpec> over;   // OVER (...)
    std::optional<DataType> returning;  // JSON_VALUE / JSON_QUERY ... RETURNING type
};

struct Symbol : Expr {
    Symbol() : Expr(ExprKind::Symbol) {}
    std::string name;  // upper-cased keyword: YEAR, BOTH, LEADING, ...
};

struct Subquery : Expr {
    Subquery() : Expr(ExprKind::Subquery) {}
    std::unique_ptr<Query> query;
    ~Subquery() override;
};

struct Exists : Expr {
    Exists() : Expr(ExprKind::Exists) {}
    std::unique_ptr<Query> query;
    ~Exists() override;
};

struct Item : Expr {
    Item() : Expr(ExprKind::Item) {}
    ExprPtr operand, index;
};

struct Field : Expr {
    Field() : Expr(ExprKind::Field) {}
    ExprPtr operand;
    std::string field;
};

struct Descriptor : Expr {
    Descriptor() : Expr(ExprKind::Descriptor) {}
    std::vector<std::string> columns;
};

struct TableArg : Expr {
    TableArg() : Expr(ExprKind::TableArg) {}
    QualifiedName table;
    std::vector<ExprPtr> partitionBy;  // SESSION(TABLE t PARTITION BY k, ...)
};

// ---------------------------------------------------------------------------------------------
// Queries

enum class TableRefKind { Named, Subquery, Join, TableFunction, Unnest };
struct TableRef : Node {
    explicit TableRef(TableRefKind k) : kind(k) {}
    virtual ~TableRef() = default;
    TableRefKind kind;
    std::string alias;                       // empty when none
    std::vector<std::string> columnAliases;  // AS t(a, b)
    template <class T>
    T& as() {
        return static_cast<T&>(*this);
    }
    template <class T>
    const T& as() const {
        return static_cast<const T&>(*this);
    }
};
using TableRefPtr = std::unique_ptr<TableRef>;

struct NamedTable : TableRef {
    NamedTable() : TableRef(TableRefKind::Named) {}
    QualifiedName name;
    ExprPtr forSystemTimeAsOf;                               // FOR SYSTEM_TIME AS OF expr
    std::vector<std::pair<std::string, std::string>> hints;  // /*+ OPTIONS('k'='v') */
};

struct SubqueryRef : TableRef {
    SubqueryRef() : TableRef(TableRefKind::Subquery) {}
    std::unique_ptr<Query> query;  // also (VALUES ...) in FROM
    bool lateral = false;
    ~SubqueryRef() override;
};

enum class JoinType { Inner, Left, Right, Full, Cross };
struct JoinRef : TableRef {
    JoinRef() : TableRef(TableRefKind::Join) {}
    JoinType joinType = JoinType::Inner;
    bool natural = false;
    TableRefPtr left, right;
    ExprPtr on;
    std::vector<std::string> usingColumns;
};

/// TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)), LATERAL TABLE(f(x)), or 2.x's
/// bare TUMBLE(...) in FROM.
struct TableFunctionRef : TableRef {
    TableFunctionRef() : TableRef(TableRefKind::TableFunction) {}
    std::unique_ptr<Call> call;
    bool lateral = false;
};

struct UnnestRef : TableRef {
    UnnestRef() : TableRef(TableRefKind::Unnest) {}
    std::vector<ExprPtr> args;
    bool withOrdinality = false;
};

struct SelectItem {
    ExprPtr expr;       // a Star for * and t.*
    std::string alias;  // empty when none
};

enum class GroupingKind { Expr, GroupingSets, Rollup, Cube };
struct GroupingElement {
    GroupingKind kind = GroupingKind::Expr;
    ExprPtr expr;  // kind == Expr
    std::vector<std::vector<ExprPtr>>
        sets;  // GROUPING SETS ((a, b), (a), ()); ROLLUP/CUBE (a, b) -> sets of one
};

enum class QueryBodyKind { Select, SetOp, Values, Nested };
struct QueryBody : Node {
    explicit QueryBody(QueryBodyKind k) : kind(k) {}
    virtual ~QueryBody() = default;
    QueryBodyKind kind;
    template <class T>
    T& as() {
        return static_cast<T&>(*this);
    }
    template <class T>
    const T& as() const {
        return static_cast<const T&>(*this);
    }
};
using QueryBodyPtr = std::unique_ptr<QueryBody>;

struct NamedWindow {
    std::string name;
    std::unique_ptr<WindowSpec> spec;
};

struct SelectBody : QueryBody {
    SelectBody() : QueryBody(QueryBodyKind::Select) {}
    bool distinct = false;
    std::vector<SelectItem> items;
    TableRefPtr from;  // null for SELECT without FROM
    ExprPtr where;
    std::vector<GroupingElement> groupBy;
    ExprPtr having;
    std::vector<NamedWindow> windows;  // WINDOW w AS (...)
};

enum class SetOpKind { Union, Intersect, Except };
struct SetOpBody : QueryBody {
    SetOpBody() : QueryBody(QueryBodyKind::SetOp) {}
    SetOpKind op = SetOpKind::Union;
    bool all = false;
    QueryBodyPtr left, right;
};

struct ValuesBody : QueryBody {
    ValuesBody() : QueryBody(QueryBodyKind::Values) {}
    std::vector<std::vector<ExprPtr>> rows;  // VALUES (1, 'a'), (2, 'b'); a bare value is a row of one
};

struct NestedBody : QueryBody {
    NestedBody() : QueryBody(QueryBodyKind::Nested) {}
    std::unique_ptr<Query> query;  // ( query ) with its own ORDER BY / LIMIT
    ~NestedBody() override;
};

struct WithItem {
    std::string name;
    std::vector<std::string> columns;
    std::unique_ptr<Query> query;
    SourcePos pos;
};

struct Query : Node {
    std::vector<WithItem> with;
    QueryBodyPtr body;
    std::vector<OrderItem> orderBy;
    ExprPtr limit;   // LIMIT n / FETCH FIRST n ROWS ONLY
    ExprPtr offset;  // OFFSET n
};

// ---------------------------------------------------------------------------------------------
// Statements

enum class StatementKind {
    CreateTable,
    CreateView,
    CreateCatalog,
    CreateDatabase,
    CreateFunction,
    Drop,
    AlterTable,
    Use,
    Show,
    Describe,
    Explain,
    Set,
    Reset,
    Insert,
    StatementSet,
    Query,
    AddJar,
    RemoveJar,
    StopJob,
    ClientCommand,  // HELP, QUIT, EXIT, CLEAR
};

struct Statement : Node {
    explicit Statement(StatementKind k) : kind(k) {}
    virtual ~Statement() = default;
    StatementKind kind;
    /// The statement's text as written, without the trailing ';'.
    std::string text;
    template <class T>
    T& as() {
        return static_cast<T&>(*this);
    }
    template <class T>
    const T& as() const {
        return static_cast<const T&>(*this);
    }
};
using StatementPtr = std::unique_ptr<Statement>;

/// A WITH ('k' = 'v') entry, keys and values unquoted.
struct TableOption {
    std::string key;
    std::string value;
    SourcePos pos;
};

enum class ColumnKind { Physical, Computed, Metadata };
struct ColumnDef : Node {
    std::string name;
    ColumnKind columnKind = ColumnKind::Physical;
    DataType type;            // physical and metadata columns
    ExprPtr expr;             // computed: c AS expr
    std::string metadataKey;  // METADATA FROM 'key'; empty when FROM is absent
    bool isVirtual = false;
    bool primaryKey = false;          // column-level PRIMARY KEY NOT ENFORCED
    bool primaryKeyEnforced = false;  // column-level PRIMARY KEY without NOT ENFORCED (rejected later)
    std::string comment;
};

struct WatermarkDef : Node {
    std::string column;  // may be nested a.b: joined with '.'
    ExprPtr expr;
};

struct PrimaryKeyDef : Node {
    std::string constraintName;
    std::vector<std::string> columns;
    bool enforced = false;  // ENFORCED is parsed so the binder can reject it with Flink's message
};

enum class LikeMergeStrategy { Including, Excluding, Overwriting };
enum class LikeFeature { All, Constraints, Partitions, Generated, Metadata, Options, Watermarks };
struct LikeOption {
    LikeMergeStrategy strategy = LikeMergeStrategy::Including;
    LikeFeature feature = LikeFeature::All;
};
struct LikeClause : Node {
    QualifiedName source;
    std::vector<LikeOption> options;
};

struct CreateTable : Statement {
    CreateTable() : Statement(StatementKind::CreateTable) {}
    QualifiedName name;
    bool temporary = false;
    bool ifNotExists = false;
    std::vector<ColumnDef> columns;
    std::optional<WatermarkDef> watermark;    // Flink allows one
    std::optional<PrimaryKeyDef> primaryKey;  // table-level
    std::string comment;
    std::vector<std::string> partitionedBy;
    std::vector<std::string> distributedBy;
    std::string distributionKind;  // HASH, RANGE or empty
    int distributedBuckets = 0;
    std::vector<TableOption> options;
    std::optional<LikeClause> like;
    std::unique_ptr<Query> asQuery;  // CREATE TABLE ... AS SELECT
};

struct CreateView : Statement {
    CreateView() : Statement(StatementKind::CreateView) {}
    QualifiedName name;
    bool temporary = false;
    bool ifNotExists = false;
    std::vector<std::string> columnNames;
    std::string comment;
    std::unique_ptr<Query> query;
    std::string queryText;  // the view's query as written
};

struct CreateCatalog : Statement {
    CreateCatalog() : Statement(StatementKind::CreateCatalog) {}
    std::string name;
    bool ifNotExists = false;
    std::vector<TableOption> options;
};

struct CreateDatabase : Statement {
    CreateDatabase() : Statement(StatementKind::CreateDatabase) {}
    QualifiedName name;  // [catalog.]db
    bool ifNotExists = false;
    std::string comment;
    std::vector<TableOption> options;
};

struct CreateFunction : Statement {
    CreateFunction() : Statement(StatementKind::CreateFunction) {}
    QualifiedName name;
    bool temporary = false;
    bool system = false;
    bool ifNotExists = false;
    std::string className;
    std::string language;  // JAVA / SCALA / PYTHON, empty when absent
};

enum class ObjectKind { Table, View, Database, Catalog, Function };
struct Drop : Statement {
    Drop() : Statement(StatementKind::Drop) {}
    ObjectKind object = ObjectKind::Table;
    QualifiedName name;
    bool ifExists = false;
    bool temporary = false;
    bool system = false;  // DROP TEMPORARY SYSTEM FUNCTION
    bool cascade = false;
};

enum class AlterAction { SetOptions, ResetOptions, RenameTo };
struct AlterTable : Statement {
    AlterTable() : Statement(StatementKind::AlterTable) {}
    QualifiedName name;
    bool ifExists = false;
    AlterAction action = AlterAction::SetOptions;
    std::vector<TableOption> options;    // SET ('k' = 'v')
    std::vector<std::string> resetKeys;  // RESET ('k')
    QualifiedName newName;               // RENAME TO
};

struct Use : Statement {
    Use() : Statement(StatementKind::Use) {}
    bool catalog = false;  // USE CATALOG c
    QualifiedName name;    // USE db | USE cat.db | USE CATALOG cat
};

enum class ShowKind {
    Catalogs,
    Databases,
    Tables,
    Views,
    Functions,
    UserFunctions,
    Columns,
    CreateTable,
    CreateView,
    CurrentCatalog,
    CurrentDatabase,
    Jobs,
    Jars,
    Modules,
};
struct Show : Statement {
    Show() : Statement(StatementKind::Show) {}
    ShowKind what = ShowKind::Tables;
    QualifiedName name;       // SHOW CREATE TABLE t, SHOW COLUMNS FROM t, SHOW TABLES FROM db
    std::string likePattern;  // SHOW TABLES LIKE '...'
    bool notLike = false;
    bool full = false;  // SHOW FULL MODULES
};

struct Describe : Statement {
    Describe() : Statement(StatementKind::Describe) {}
    QualifiedName name;
    bool extended = false;
};

struct Explain : Statement {
    Explain() : Statement(StatementKind::Explain) {}
    std::vector<std::string> details;  // ESTIMATED_COST, CHANGELOG_MODE, JSON_EXECUTION_PLAN, PLAN_ADVICE
    StatementPtr statement;            // a Query, Insert or StatementSet
};

struct Set : Statement {
    Set() : Statement(StatementKind::Set) {}
    std::optional<std::string> key;  // bare SET; lists
    std::string value;
};

struct Reset : Statement {
    Reset() : Statement(StatementKind::Reset) {}
    std::optional<std::string> key;  // bare RESET; resets all
};

struct Insert : Statement {
    Insert() : Statement(StatementKind::Insert) {}
    QualifiedName target;
    bool overwrite = false;
    std::vector<std::string> columns;
    std::vector<TableOption> partition;  // PARTITION (k = 'v')
    std::vector<std::pair<std::string, std::string>> hints;
    std::unique_ptr<Query> query;  // SELECT ... or VALUES ...
};

struct StatementSet : Statement {
    StatementSet() : Statement(StatementKind::StatementSet) {}
    std::vector<std::unique_ptr<Insert>> inserts;
};

struct QueryStatement : Statement {
    QueryStatement() : Statement(StatementKind::Query) {}
    std::unique_ptr<Query> query;
};

struct AddJar : Statement {
    AddJar() : Statement(StatementKind::AddJar) {}
    std::string path;
};

struct RemoveJar : Statement {
    RemoveJar() : Statement(StatementKind::RemoveJar) {}
    std::string path;
};

struct StopJob : Statement {
    StopJob() : Statement(StatementKind::StopJob) {}
    std::string jobId;
    bool withSavepoint = false;
    bool withDrain = false;
};

struct ClientCommand : Statement {
    ClientCommand() : Statement(StatementKind::ClientCommand) {}
    std::string command;  // HELP, QUIT, EXIT, CLEAR
};

}  // namespace sluice::ast
