#pragma once

// Builds sluice::ast nodes from the ANTLR parse tree. The only code that touches *Context types.
// Typed methods instead of a visitor: antlrcpp::Any in ANTLR 4.9 silently drops values whose copy
// constructor is not noexcept (strings, vectors, unique_ptr).
//
// Encodings of constructs without an AST node of their own (all are Calls with upper-case names):
//   EXTRACT(u FROM x)            -> EXTRACT [Symbol u, x]
//   FLOOR/CEIL(x TO u)           -> FLOOR|CEIL [x, Symbol u]   (CEILING is CEIL; FLOOR(x) has one arg)
//   POSITION(a IN b)             -> POSITION [a, b]
//   TRIM([spec] [chars] FROM s)  -> TRIM [Symbol BOTH|LEADING|TRAILING, chars (default ' '), s];
//                                   TRIM(s) is TRIM [Symbol BOTH, ' ', s]
//   SUBSTRING(s FROM a [FOR b])  -> SUBSTRING [s, a(, b)]     (same as SUBSTRING(s, a, b))
//   OVERLAY(s PLACING t FROM a [FOR b]) -> OVERLAY [s, t, a(, b)]
//   TIMESTAMPADD(u, n, ts)       -> TIMESTAMPADD [Symbol u, n, ts]; TIMESTAMPDIFF likewise
//   JSON_VALUE(j, p [RETURNING t] [b ON EMPTY] [b ON ERROR])
//                                -> JSON_VALUE [j, p, Symbol NULL|ERROR|DEFAULT, emptyDefault,
//                                               Symbol NULL|ERROR|DEFAULT, errorDefault];
//                                   defaults are NULL literals; Call::returning holds t
//   JSON_QUERY(j, p [RETURNING t] [wrapper] [b ON EMPTY] [b ON ERROR])
//                                -> JSON_QUERY [j, p, Symbol WITHOUT_ARRAY|CONDITIONAL_ARRAY|
//                                   UNCONDITIONAL_ARRAY, Symbol NULL|ERROR|EMPTY_ARRAY|EMPTY_OBJECT (empty),
//                                   Symbol ... (error)]; Call::returning holds t
//   JSON_EXISTS(j, p [b ON ERROR]) -> JSON_EXISTS [j, p, Symbol FALSE|TRUE|UNKNOWN|ERROR]
//   JSON_OBJECT(KEY k VALUE v, ... [n ON NULL]) -> JSON_OBJECT [Symbol NULL_ON_NULL|ABSENT_ON_NULL, k1, v1,
//   ...] JSON_ARRAY(v, ... [n ON NULL]) -> JSON_ARRAY [Symbol ABSENT_ON_NULL|NULL_ON_NULL, v...] x IS [NOT]
//   JSON [kind]       -> IS_JSON [x, Symbol VALUE|SCALAR|ARRAY|OBJECT], NOT as Unary Not ARRAY[...], MAP[k,
//   v, ...]   -> ARRAY [...], MAP [k, v, ...] ROW(a, b), (a, b)            -> ROW [a, b] CURRENT_TIMESTAMP
//   etc.       -> a Call without arguments
// FROM a, b is a JoinRef of type Cross. Only the OPTIONS hint is kept. RAW types carry no class.

#include <antlr4-runtime.h>

#include <memory>
#include <string>
#include <vector>

#include "FlinkSqlParser.h"
#include "parser/ast.h"

namespace sluice::parser {

class AstBuilder {
public:
    using P = grammar::FlinkSqlParser;

    explicit AstBuilder(antlr4::CharStream* input) : input_(input) {}

    std::vector<ast::StatementPtr> buildScript(P::ScriptContext* ctx);
    ast::StatementPtr buildStatement(P::StatementContext* ctx);
    ast::ExprPtr buildExpr(P::ExpressionContext* ctx);
    DataType buildDataType(P::DataTypeContext* ctx);

private:
    // Statements
    ast::StatementPtr buildCreateTable(P::CreateTableContext* ctx);
    void addTableElement(ast::CreateTable& table, P::TableElementContext* ctx);
    ast::StatementPtr buildCreateView(P::CreateViewContext* ctx);
    ast::StatementPtr buildCreateCatalog(P::CreateCatalogContext* ctx);
    ast::StatementPtr buildCreateDatabase(P::CreateDatabaseContext* ctx);
    ast::StatementPtr buildCreateFunction(P::CreateFunctionContext* ctx);
    ast::StatementPtr buildDrop(P::DropStatementContext* ctx);
    ast::StatementPtr buildAlterTable(P::AlterTableContext* ctx);
    ast::StatementPtr buildUse(P::UseStatementContext* ctx);
    ast::StatementPtr buildShow(P::ShowStatementContext* ctx);
    ast::StatementPtr buildDescribe(P::DescribeStatementContext* ctx);
    ast::StatementPtr buildExplain(P::ExplainStatementContext* ctx);
    ast::StatementPtr buildSet(P::SetStatementContext* ctx);
    ast::StatementPtr buildReset(P::ResetStatementContext* ctx);
    std::unique_ptr<ast::Insert> buildInsert(P::InsertStatementContext* ctx);
    std::unique_ptr<ast::StatementSet> buildStatementSet(P::StatementSetContext* ctx);
    ast::StatementPtr buildQueryStatement(P::QueryContext* ctx, antlr4::ParserRuleContext* whole);

    // Queries
    std::unique_ptr<ast::Query> buildQuery(P::QueryContext* ctx);
    ast::QueryBodyPtr buildQueryTerm(P::QueryTermContext* ctx);
    ast::QueryBodyPtr buildQueryPrimary(P::QueryPrimaryContext* ctx);
    ast::QueryBodyPtr buildSelect(P::QuerySpecificationContext* ctx);
    ast::TableRefPtr buildRelation(P::RelationContext* ctx);
    ast::TableRefPtr buildRelationPrimary(P::RelationPrimaryContext* ctx);
    void applyAlias(ast::TableRef& ref, P::TableAliasContext* ctx);
    std::vector<std::pair<std::string, std::string>> buildHints(P::HintContext* ctx);
    ast::GroupingElement buildGroupingElement(P::GroupingElementContext* ctx);
    std::vector<ast::ExprPtr> buildGroupingSet(P::GroupingSetContext* ctx);
    std::unique_ptr<ast::WindowSpec> buildWindowSpec(P::WindowSpecContext* ctx);
    ast::WindowSpec::Bound buildFrameBound(P::FrameBoundContext* ctx);
    ast::OrderItem buildSortItem(P::SortItemContext* ctx);

    // Expressions
    ast::ExprPtr buildBoolean(P::BooleanExpressionContext* ctx);
    ast::ExprPtr buildPredicate(ast::ExprPtr operand, P::PredicateContext* ctx,
                                antlr4::ParserRuleContext* whole);
    ast::ExprPtr buildValue(P::ValueExpressionContext* ctx);
    ast::ExprPtr buildPrimary(P::PrimaryExpressionContext* ctx);
    ast::ExprPtr buildJson(P::PrimaryExpressionContext* ctx);
    std::unique_ptr<ast::Call> buildFunctionCall(P::FunctionCallContext* ctx);
    ast::ExprPtr buildIntervalLiteral(P::IntervalLiteralContext* ctx);
    ast::ExprPtr symbol(const std::string& name, antlr4::ParserRuleContext* ctx);
    ast::ExprPtr symbol(const std::string& name, antlr4::tree::TerminalNode* node);
    ast::ExprPtr nullLiteral(antlr4::ParserRuleContext* at);
    std::unique_ptr<ast::Call> call(const std::string& name, antlr4::ParserRuleContext* ctx);
    DataType buildBaseType(P::BaseDataTypeContext* ctx);
    ast::TimeUnit timeUnit(P::TimeUnitContext* ctx);

    // Names and text
    std::string textOf(antlr4::ParserRuleContext* ctx) const;
    static SourcePos posOf(antlr4::Token* token);
    static SourcePos posOf(antlr4::ParserRuleContext* ctx) { return posOf(ctx->getStart()); }
    static std::string identifier(P::IdentifierContext* ctx);
    static std::string lenientName(P::LenientIdentifierContext* ctx);
    static ast::QualifiedName qualifiedName(P::QualifiedNameContext* ctx);
    static std::vector<std::string> columnList(P::ColumnListContext* ctx);
    static std::string unquote(antlr4::tree::TerminalNode* stringLiteral);
    static std::string unquoteText(const std::string& text);
    std::string setText(antlr4::ParserRuleContext* ctx) const;
    static std::vector<ast::TableOption> tableOptions(const std::vector<P::TableOptionContext*>& options);
    static int intValue(antlr4::Token* token, const char* what);

    antlr4::CharStream* input_;
};

}  // namespace sluice::parser
