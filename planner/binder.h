#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "functions/expression.h"
#include "functions/function_registry.h"
#include "parser/ast.h"
#include "planner/catalog.h"
#include "planner/connector_factory.h"
#include "planner/logical_plan.h"

namespace sluice::planner {

/// One column visible to expressions: its table qualifier, name and type; its index in the input
/// batch is its position in Scope::columns.
struct ScopeColumn {
    std::string qualifier;
    std::string name;
    DataType type;
};

struct Scope {
    std::vector<ScopeColumn> columns;
};

/// Resolves names and types of statements against the catalog and builds logical plans, inserting
/// implicit casts by Flink's rules and folding constants. Throws ValidationError (with positions),
/// CatalogError or NotSupportedError.
class Binder {
public:
    Binder(const Catalog& catalog, const ConnectorRegistry& connectors,
           const functions::FunctionRegistry& functions, TimeZone zone);

    /// A query's plan; its schema holds the result column names and types.
    LogicalPtr bindQuery(const ast::Query& query);
    /// INSERT INTO: a SinkNode over the query, columns cast to the sink's types.
    LogicalPtr bindInsert(const ast::Insert& insert);
    /// The same for a target, an optional column list and a query (also CREATE TABLE AS SELECT).
    LogicalPtr bindInsertInto(const ast::QualifiedName& target, const std::vector<std::string>& columns,
                              const ast::Query& query, SourcePos pos);
    /// The query's result schema (names and types) without planning it further.
    Schema querySchema(const ast::Query& query);
    /// 'table.exec.sink.type-length-enforcer' = 'TRIM_PAD': INSERT truncates and pads to CHAR(n),
    /// VARCHAR(n) and BINARY(n) lengths (default IGNORE: values are written as they are).
    void setTrimPadSinkLengths(bool on) { trimPadSinkLengths_ = on; }
    /// A scalar expression over `scope`.
    functions::ExprPtr bindExpr(const ast::Expr& expr, const Scope& scope);

    /// The connector's view of a catalog table.
    ConnectorTable connectorTable(const CatalogTable& table) const;
    /// The columns an INSERT writes, in declaration order: physical and non-virtual metadata columns
    /// (the sink itself receives the physical ones first, then the metadata ones).
    static std::vector<const CatalogColumn*> sinkColumns(const CatalogTable& table);

private:
    struct Bound {
        LogicalPtr node;
        Scope scope;
    };
    Bound bindQueryInternal(const ast::Query& query);
    Bound bindBody(const ast::QueryBody& body);
    Bound bindSelect(const ast::SelectBody& select);
    Bound bindValues(const ast::ValuesBody& values);
    Bound bindSetOp(const ast::SetOpBody& setOp);
    Bound bindTableRef(const ast::TableRef& ref);
    Bound bindNamedTable(const ast::NamedTable& ref);
    Bound scanTable(const CatalogTable& table, const std::string& qualifier, SourcePos pos);
    /// The scan, under a ChangelogNormalize on its upsert key when its connector declares upserts.
    LogicalPtr normalizeChangelog(std::unique_ptr<ScanNode> scan);

    /// `jsonArgs` marks arguments that are JSON_OBJECT / JSON_ARRAY calls (see ArgInfo::json).
    functions::ExprPtr bindCall(const std::string& name, std::vector<functions::ExprPtr> args, SourcePos pos,
                                const std::string& display = "", const std::vector<bool>& jsonArgs = {});
    functions::ExprPtr bindLiteral(const ast::Literal& lit);
    /// IF / COALESCE / IFNULL as a CASE that evaluates each argument only for the rows needing it.
    functions::ExprPtr lazyConditional(const std::string& name, std::vector<functions::ExprPtr>& args,
                                       const DataType& type, SourcePos pos);
    functions::ExprPtr castTo(functions::ExprPtr e, const DataType& type, const std::string& text = "");
    functions::ExprPtr fold(functions::ExprPtr e);
    int resolveColumn(const ast::ColumnRef& ref, const Scope& scope);
    const ConnectorFactory& factoryFor(const CatalogTable& table) const;

    const Catalog& catalog_;
    const ConnectorRegistry& connectors_;
    const functions::FunctionRegistry& functions_;
    TimeZone zone_;
    std::vector<std::map<std::string, const ast::WithItem*>> ctes_;
    int viewDepth_ = 0;
    bool trimPadSinkLengths_ = false;
};

/// "At line L, column C: " or "" when the position is unknown.
std::string positionPrefix(SourcePos pos);

}  // namespace sluice::planner
