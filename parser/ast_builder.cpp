#include "parser/ast_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>

#include "FlinkSqlLexer.h"
#include "parser/error_listener.h"

namespace sluice::parser {

using P = grammar::FlinkSqlParser;
using L = grammar::FlinkSqlLexer;

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

template <class T>
T* as(antlr4::ParserRuleContext* ctx) {
    return dynamic_cast<T*>(ctx);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Names and text

std::string AstBuilder::textOf(antlr4::ParserRuleContext* ctx) const {
    antlr4::Token* start = ctx->getStart();
    antlr4::Token* stop = ctx->getStop();
    if (start == nullptr || stop == nullptr || stop->getTokenIndex() < start->getTokenIndex() ||
        start->getType() == antlr4::Token::EOF)
        return "";
    size_t end = stop->getType() == antlr4::Token::EOF ? stop->getStartIndex() - 1 : stop->getStopIndex();
    if (end < start->getStartIndex() || end == static_cast<size_t>(-1)) return "";
    return input_->getText(antlr4::misc::Interval(start->getStartIndex(), end));
}

SourcePos AstBuilder::posOf(antlr4::Token* token) {
    return {static_cast<int>(token->getLine()), static_cast<int>(token->getCharPositionInLine()) + 1};
}

std::string AstBuilder::identifier(P::IdentifierContext* ctx) {
    std::string text = ctx->getText();
    if (ctx->QUOTED_IDENTIFIER() == nullptr) return text;
    std::string out;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '`') ++i;  // `` is an escaped backtick
    }
    return out;
}

std::string AstBuilder::lenientName(P::LenientIdentifierContext* ctx) {
    if (ctx->identifier() != nullptr) return identifier(ctx->identifier());
    return ctx->getText();
}

ast::QualifiedName AstBuilder::qualifiedName(P::QualifiedNameContext* ctx) {
    ast::QualifiedName name;
    name.pos = posOf(ctx);
    for (auto* part : ctx->identifier()) name.parts.push_back(identifier(part));
    return name;
}

std::vector<std::string> AstBuilder::columnList(P::ColumnListContext* ctx) {
    std::vector<std::string> out;
    if (ctx == nullptr) return out;
    for (auto* c : ctx->lenientIdentifier()) out.push_back(lenientName(c));
    return out;
}

std::string AstBuilder::unquote(antlr4::tree::TerminalNode* stringLiteral) {
    return unquoteText(stringLiteral->getText());
}

std::string AstBuilder::unquoteText(const std::string& text) {
    std::string out;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\'') ++i;  // '' is an escaped quote
    }
    return out;
}

std::vector<ast::TableOption> AstBuilder::tableOptions(const std::vector<P::TableOptionContext*>& options) {
    std::vector<ast::TableOption> out;
    for (auto* o : options) {
        ast::TableOption option;
        option.key = unquote(o->STRING_LITERAL(0));
        option.value = unquote(o->STRING_LITERAL(1));
        option.pos = posOf(o);
        out.push_back(std::move(option));
    }
    return out;
}

int AstBuilder::intValue(antlr4::Token* token, const char* what) {
    const std::string& text = token->getText();
    if (text.size() > 10 || std::stoll(text) > std::numeric_limits<int32_t>::max()) {
        SourcePos pos = posOf(token);
        throw ParseError(
            fmt::format("{} {} is out of range at line {}, column {}", what, text, pos.line, pos.column),
            pos);
    }
    return static_cast<int>(std::stoll(text));
}

// ---------------------------------------------------------------------------------------------
// Statements

std::vector<ast::StatementPtr> AstBuilder::buildScript(P::ScriptContext* ctx) {
    std::vector<ast::StatementPtr> out;
    // The deprecated BEGIN STATEMENT SET; INSERT ...; END; spans several ';'-separated statements.
    std::unique_ptr<ast::StatementSet> open;
    antlr4::Token* openStart = nullptr;
    for (auto* s : ctx->statement()) {
        if (s->beginStatementSet() != nullptr) {
            if (open) throw ParseError("BEGIN STATEMENT SET inside a statement set", posOf(s));
            open = std::make_unique<ast::StatementSet>();
            open->pos = posOf(s);
            openStart = s->getStart();
            continue;
        }
        if (s->endStatement() != nullptr) {
            if (!open)
                throw ParseError(fmt::format("END without BEGIN STATEMENT SET at line {}, column {}",
                                             posOf(s).line, posOf(s).column),
                                 posOf(s));
            open->text = input_->getText(
                antlr4::misc::Interval(openStart->getStartIndex(), s->getStop()->getStopIndex()));
            out.push_back(std::move(open));
            open.reset();
            continue;
        }
        ast::StatementPtr statement = buildStatement(s);
        if (open) {
            if (statement->kind != ast::StatementKind::Insert)
                throw ParseError(fmt::format("Only INSERT statements are allowed in a statement set "
                                             "(line {}, column {})",
                                             statement->pos.line, statement->pos.column),
                                 statement->pos);
            open->inserts.emplace_back(static_cast<ast::Insert*>(statement.release()));
            continue;
        }
        out.push_back(std::move(statement));
    }
    if (open) throw ParseError("BEGIN STATEMENT SET without END", open->pos);
    return out;
}

ast::StatementPtr AstBuilder::buildStatement(P::StatementContext* ctx) {
    ast::StatementPtr out;
    if (auto* c = ctx->createTable())
        out = buildCreateTable(c);
    else if (auto* c = ctx->createView())
        out = buildCreateView(c);
    else if (auto* c = ctx->createCatalog())
        out = buildCreateCatalog(c);
    else if (auto* c = ctx->createDatabase())
        out = buildCreateDatabase(c);
    else if (auto* c = ctx->createFunction())
        out = buildCreateFunction(c);
    else if (auto* c = ctx->dropStatement())
        out = buildDrop(c);
    else if (auto* c = ctx->alterTable())
        out = buildAlterTable(c);
    else if (auto* c = ctx->useStatement())
        out = buildUse(c);
    else if (auto* c = ctx->showStatement())
        out = buildShow(c);
    else if (auto* c = ctx->describeStatement())
        out = buildDescribe(c);
    else if (auto* c = ctx->explainStatement())
        out = buildExplain(c);
    else if (auto* c = ctx->setStatement())
        out = buildSet(c);
    else if (auto* c = ctx->resetStatement())
        out = buildReset(c);
    else if (auto* c = ctx->insertStatement())
        out = buildInsert(c);
    else if (auto* c = ctx->statementSet())
        out = buildStatementSet(c);
    else if (auto* c = ctx->queryStatement())
        out = buildQueryStatement(c->query(), c);
    else if (auto* c = ctx->addJar()) {
        auto s = std::make_unique<ast::AddJar>();
        s->path = unquote(c->STRING_LITERAL());
        out = std::move(s);
    } else if (auto* c = ctx->removeJar()) {
        auto s = std::make_unique<ast::RemoveJar>();
        s->path = unquote(c->STRING_LITERAL());
        out = std::move(s);
    } else if (auto* c = ctx->stopJob()) {
        auto s = std::make_unique<ast::StopJob>();
        s->jobId = unquote(c->STRING_LITERAL());
        s->withSavepoint = c->SAVEPOINT() != nullptr;
        s->withDrain = c->DRAIN() != nullptr;
        out = std::move(s);
    } else if (auto* c = ctx->clientCommand()) {
        auto s = std::make_unique<ast::ClientCommand>();
        s->command = upper(c->getText());
        out = std::move(s);
    } else if (ctx->beginStatementSet() != nullptr || ctx->endStatement() != nullptr) {
        throw ParseError("BEGIN STATEMENT SET ... END must be parsed as a script", posOf(ctx));
    } else {
        throw ParseError("Unsupported statement", posOf(ctx));
    }
    out->pos = posOf(ctx);
    out->text = textOf(ctx);
    return out;
}

ast::StatementPtr AstBuilder::buildCreateTable(P::CreateTableContext* ctx) {
    auto s = std::make_unique<ast::CreateTable>();
    s->name = qualifiedName(ctx->qualifiedName());
    s->temporary = ctx->TEMPORARY() != nullptr;
    s->ifNotExists = ctx->ifNotExists() != nullptr;
    for (auto* e : ctx->tableElement()) addTableElement(*s, e);
    if (auto* c = ctx->commentSpec()) s->comment = unquote(c->STRING_LITERAL());
    for (auto* d : ctx->distribution()) {
        s->distributedBy = columnList(d->columnList());
        if (d->kind != nullptr) s->distributionKind = upper(d->kind->getText());
        if (d->INTEGER_VALUE() != nullptr)
            s->distributedBuckets = intValue(d->INTEGER_VALUE()->getSymbol(), "Bucket count");
    }
    for (auto* p : ctx->partitionedBy()) s->partitionedBy = columnList(p->columnList());
    if (auto* w = ctx->withOptions()) s->options = tableOptions(w->tableOption());
    if (auto* l = ctx->likeClause()) {
        ast::LikeClause like;
        like.pos = posOf(l);
        like.source = qualifiedName(l->qualifiedName());
        for (auto* o : l->likeOption()) {
            ast::LikeOption option;
            switch (o->strategy->getType()) {
                case L::INCLUDING:
                    option.strategy = ast::LikeMergeStrategy::Including;
                    break;
                case L::EXCLUDING:
                    option.strategy = ast::LikeMergeStrategy::Excluding;
                    break;
                default:
                    option.strategy = ast::LikeMergeStrategy::Overwriting;
                    break;
            }
            switch (o->feature->getType()) {
                case L::ALL:
                    option.feature = ast::LikeFeature::All;
                    break;
                case L::CONSTRAINTS:
                    option.feature = ast::LikeFeature::Constraints;
                    break;
                case L::PARTITIONS:
                    option.feature = ast::LikeFeature::Partitions;
                    break;
                case L::GENERATED:
                    option.feature = ast::LikeFeature::Generated;
                    break;
                case L::METADATA:
                    option.feature = ast::LikeFeature::Metadata;
                    break;
                case L::OPTIONS:
                    option.feature = ast::LikeFeature::Options;
                    break;
                default:
                    option.feature = ast::LikeFeature::Watermarks;
                    break;
            }
            like.options.push_back(option);
        }
        s->like = std::move(like);
    }
    if (auto* q = ctx->query()) s->asQuery = buildQuery(q);
    return s;
}

void AstBuilder::addTableElement(ast::CreateTable& table, P::TableElementContext* ctx) {
    if (auto* c = as<P::WatermarkElementContext>(ctx)) {
        if (table.watermark)
            throw ParseError("Multiple WATERMARK statements is not supported yet.", posOf(ctx));
        ast::WatermarkDef w;
        w.pos = posOf(ctx);
        for (auto* part : c->columnPath()->lenientIdentifier()) {
            if (!w.column.empty()) w.column += '.';
            w.column += lenientName(part);
        }
        w.expr = buildExpr(c->expression());
        table.watermark = std::move(w);
        return;
    }
    if (auto* c = as<P::PrimaryKeyElementContext>(ctx)) {
        if (table.primaryKey) throw ParseError("Duplicate primary key definition", posOf(ctx));
        ast::PrimaryKeyDef pk;
        pk.pos = posOf(ctx);
        if (c->identifier() != nullptr) pk.constraintName = identifier(c->identifier());
        pk.columns = columnList(c->columnList());
        pk.enforced = !(c->ENFORCED() != nullptr && c->NOT() != nullptr);
        table.primaryKey = std::move(pk);
        return;
    }
    ast::ColumnDef column;
    column.pos = posOf(ctx);
    if (auto* c = as<P::ComputedColumnContext>(ctx)) {
        column.name = lenientName(c->lenientIdentifier());
        column.columnKind = ast::ColumnKind::Computed;
        column.expr = buildExpr(c->expression());
        if (auto* comment = c->commentSpec()) column.comment = unquote(comment->STRING_LITERAL());
    } else if (auto* c = as<P::PhysicalColumnContext>(ctx)) {
        column.name = lenientName(c->lenientIdentifier());
        column.type = buildDataType(c->dataType());
        if (c->METADATA() != nullptr) {
            column.columnKind = ast::ColumnKind::Metadata;
            if (c->STRING_LITERAL() != nullptr) column.metadataKey = unquote(c->STRING_LITERAL());
            column.isVirtual = c->VIRTUAL() != nullptr;
        }
        if (auto* pk = c->columnConstraint()) {
            column.primaryKey = true;
            column.primaryKeyEnforced = !(pk->ENFORCED() != nullptr && pk->NOT() != nullptr);
        }
        if (auto* comment = c->commentSpec()) column.comment = unquote(comment->STRING_LITERAL());
    }
    table.columns.push_back(std::move(column));
}

ast::StatementPtr AstBuilder::buildCreateView(P::CreateViewContext* ctx) {
    auto s = std::make_unique<ast::CreateView>();
    s->name = qualifiedName(ctx->qualifiedName());
    s->temporary = ctx->TEMPORARY() != nullptr;
    s->ifNotExists = ctx->ifNotExists() != nullptr;
    s->columnNames = columnList(ctx->columnList());
    if (auto* c = ctx->commentSpec()) s->comment = unquote(c->STRING_LITERAL());
    s->query = buildQuery(ctx->query());
    s->queryText = textOf(ctx->query());
    return s;
}

ast::StatementPtr AstBuilder::buildCreateCatalog(P::CreateCatalogContext* ctx) {
    auto s = std::make_unique<ast::CreateCatalog>();
    s->name = identifier(ctx->identifier());
    s->ifNotExists = ctx->ifNotExists() != nullptr;
    if (auto* w = ctx->withOptions()) s->options = tableOptions(w->tableOption());
    return s;
}

ast::StatementPtr AstBuilder::buildCreateDatabase(P::CreateDatabaseContext* ctx) {
    auto s = std::make_unique<ast::CreateDatabase>();
    s->name = qualifiedName(ctx->qualifiedName());
    s->ifNotExists = ctx->ifNotExists() != nullptr;
    if (auto* c = ctx->commentSpec()) s->comment = unquote(c->STRING_LITERAL());
    if (auto* w = ctx->withOptions()) s->options = tableOptions(w->tableOption());
    return s;
}

ast::StatementPtr AstBuilder::buildCreateFunction(P::CreateFunctionContext* ctx) {
    auto s = std::make_unique<ast::CreateFunction>();
    s->name = qualifiedName(ctx->qualifiedName());
    s->temporary = ctx->TEMPORARY() != nullptr;
    s->system = ctx->SYSTEM() != nullptr;
    s->ifNotExists = ctx->ifNotExists() != nullptr;
    s->className = unquote(ctx->STRING_LITERAL());
    if (ctx->identifier() != nullptr) s->language = upper(identifier(ctx->identifier()));
    return s;
}

ast::StatementPtr AstBuilder::buildDrop(P::DropStatementContext* ctx) {
    auto s = std::make_unique<ast::Drop>();
    switch (ctx->object->getType()) {
        case L::TABLE:
            s->object = ast::ObjectKind::Table;
            break;
        case L::VIEW:
            s->object = ast::ObjectKind::View;
            break;
        case L::FUNCTION:
            s->object = ast::ObjectKind::Function;
            break;
        case L::DATABASE:
            s->object = ast::ObjectKind::Database;
            break;
        default:
            s->object = ast::ObjectKind::Catalog;
            break;
    }
    s->name = qualifiedName(ctx->qualifiedName());
    s->ifExists = ctx->ifExists() != nullptr;
    s->temporary = ctx->TEMPORARY() != nullptr;
    s->system = ctx->SYSTEM() != nullptr;
    s->cascade = ctx->CASCADE() != nullptr;
    return s;
}

ast::StatementPtr AstBuilder::buildAlterTable(P::AlterTableContext* ctx) {
    auto s = std::make_unique<ast::AlterTable>();
    s->name = qualifiedName(ctx->qualifiedName());
    s->ifExists = ctx->ifExists() != nullptr;
    auto* action = ctx->alterAction();
    if (auto* c = as<P::AlterSetOptionsContext>(action)) {
        s->action = ast::AlterAction::SetOptions;
        s->options = tableOptions(c->tableOption());
    } else if (auto* c = as<P::AlterResetOptionsContext>(action)) {
        s->action = ast::AlterAction::ResetOptions;
        for (auto* key : c->STRING_LITERAL()) s->resetKeys.push_back(unquote(key));
    } else if (auto* c = as<P::AlterRenameContext>(action)) {
        s->action = ast::AlterAction::RenameTo;
        s->newName = qualifiedName(c->qualifiedName());
    }
    return s;
}

ast::StatementPtr AstBuilder::buildUse(P::UseStatementContext* ctx) {
    auto s = std::make_unique<ast::Use>();
    if (auto* c = as<P::UseCatalogContext>(ctx)) {
        s->catalog = true;
        s->name.pos = posOf(c->identifier());
        s->name.parts.push_back(identifier(c->identifier()));
    } else if (auto* c = as<P::UseDatabaseContext>(ctx)) {
        s->name = qualifiedName(c->qualifiedName());
    }
    return s;
}

ast::StatementPtr AstBuilder::buildShow(P::ShowStatementContext* ctx) {
    auto s = std::make_unique<ast::Show>();
    auto like = [&](P::LikePatternContext* l) {
        if (l == nullptr) return;
        s->likePattern = unquote(l->STRING_LITERAL());
        s->notLike = l->NOT() != nullptr;
    };
    auto name = [&](P::QualifiedNameContext* q) {
        if (q != nullptr) s->name = qualifiedName(q);
    };
    if (auto* c = as<P::ShowCatalogsContext>(ctx)) {
        s->what = ast::ShowKind::Catalogs;
        like(c->likePattern());
    } else if (as<P::ShowCurrentCatalogContext>(ctx)) {
        s->what = ast::ShowKind::CurrentCatalog;
    } else if (as<P::ShowCurrentDatabaseContext>(ctx)) {
        s->what = ast::ShowKind::CurrentDatabase;
    } else if (auto* c = as<P::ShowDatabasesContext>(ctx)) {
        s->what = ast::ShowKind::Databases;
        name(c->qualifiedName());
        like(c->likePattern());
    } else if (auto* c = as<P::ShowTablesContext>(ctx)) {
        s->what = ast::ShowKind::Tables;
        name(c->qualifiedName());
        like(c->likePattern());
    } else if (auto* c = as<P::ShowViewsContext>(ctx)) {
        s->what = ast::ShowKind::Views;
        name(c->qualifiedName());
        like(c->likePattern());
    } else if (auto* c = as<P::ShowFunctionsContext>(ctx)) {
        s->what = c->USER() != nullptr ? ast::ShowKind::UserFunctions : ast::ShowKind::Functions;
        name(c->qualifiedName());
        like(c->likePattern());
    } else if (auto* c = as<P::ShowColumnsContext>(ctx)) {
        s->what = ast::ShowKind::Columns;
        name(c->qualifiedName());
        like(c->likePattern());
    } else if (auto* c = as<P::ShowCreateTableContext>(ctx)) {
        s->what = ast::ShowKind::CreateTable;
        name(c->qualifiedName());
    } else if (auto* c = as<P::ShowCreateViewContext>(ctx)) {
        s->what = ast::ShowKind::CreateView;
        name(c->qualifiedName());
    } else if (as<P::ShowJobsContext>(ctx)) {
        s->what = ast::ShowKind::Jobs;
    } else if (as<P::ShowJarsContext>(ctx)) {
        s->what = ast::ShowKind::Jars;
    } else if (auto* c = as<P::ShowModulesContext>(ctx)) {
        s->what = ast::ShowKind::Modules;
        s->full = c->FULL() != nullptr;
    }
    return s;
}

ast::StatementPtr AstBuilder::buildDescribe(P::DescribeStatementContext* ctx) {
    auto s = std::make_unique<ast::Describe>();
    s->name = qualifiedName(ctx->qualifiedName());
    s->extended = ctx->EXTENDED() != nullptr;
    return s;
}

ast::StatementPtr AstBuilder::buildExplain(P::ExplainStatementContext* ctx) {
    static const std::vector<std::string> kDetails = {"ESTIMATED_COST", "CHANGELOG_MODE", "PLAN_ADVICE",
                                                      "JSON_EXECUTION_PLAN"};
    auto s = std::make_unique<ast::Explain>();
    for (auto* d : ctx->explainDetail()) {
        std::string detail = upper(identifier(d->identifier()));
        if (std::find(kDetails.begin(), kDetails.end(), detail) == kDetails.end()) {
            SourcePos pos = posOf(d);
            throw ParseError(fmt::format("Unknown EXPLAIN detail {} at line {}, column {}; expected one of "
                                         "ESTIMATED_COST, CHANGELOG_MODE, PLAN_ADVICE, JSON_EXECUTION_PLAN",
                                         d->getText(), pos.line, pos.column),
                             pos);
        }
        if (std::find(s->details.begin(), s->details.end(), detail) == s->details.end())
            s->details.push_back(detail);
    }
    antlr4::ParserRuleContext* inner = nullptr;
    if (auto* c = ctx->insertStatement()) {
        s->statement = buildInsert(c);
        inner = c;
    } else if (auto* c = ctx->statementSet()) {
        s->statement = buildStatementSet(c);
        inner = c;
    } else {
        s->statement = buildQueryStatement(ctx->query(), ctx->query());
        inner = ctx->query();
    }
    s->statement->pos = posOf(inner);
    s->statement->text = textOf(inner);
    return s;
}

// SET/RESET keys and values come from the source text, so `table.exec.mini-batch.enabled` keeps its
// dashes; a single quoted string is unquoted.
std::string AstBuilder::setText(antlr4::ParserRuleContext* ctx) const {
    if (ctx->getStart() == ctx->getStop() && ctx->getStart()->getType() == L::STRING_LITERAL)
        return unquoteText(ctx->getStart()->getText());
    return textOf(ctx);
}

ast::StatementPtr AstBuilder::buildSet(P::SetStatementContext* ctx) {
    auto s = std::make_unique<ast::Set>();
    if (auto* key = ctx->setKey()) {
        s->key = setText(key);
        if (auto* value = ctx->setValue()) s->value = setText(value);
    }
    return s;
}

ast::StatementPtr AstBuilder::buildReset(P::ResetStatementContext* ctx) {
    auto s = std::make_unique<ast::Reset>();
    if (auto* key = ctx->setKey()) {
        s->key = setText(key);
    }
    return s;
}

std::unique_ptr<ast::Insert> AstBuilder::buildInsert(P::InsertStatementContext* ctx) {
    auto s = std::make_unique<ast::Insert>();
    s->pos = posOf(ctx);
    s->text = textOf(ctx);
    s->target = qualifiedName(ctx->qualifiedName());
    s->overwrite = ctx->OVERWRITE() != nullptr;
    if (auto* h = ctx->hint()) s->hints = buildHints(h);
    if (auto* p = ctx->insertPartition()) {
        for (auto* v : p->partitionValue()) {
            ast::TableOption option;
            option.pos = posOf(v);
            option.key = lenientName(v->lenientIdentifier());
            auto* literal = v->literalValue();
            option.value = literal->STRING_LITERAL() != nullptr ? unquote(literal->STRING_LITERAL())
                                                                : literal->getText();
            s->partition.push_back(std::move(option));
        }
    }
    s->columns = columnList(ctx->columnList());
    s->query = buildQuery(ctx->query());
    return s;
}

std::unique_ptr<ast::StatementSet> AstBuilder::buildStatementSet(P::StatementSetContext* ctx) {
    auto s = std::make_unique<ast::StatementSet>();
    for (auto* i : ctx->insertStatement()) s->inserts.push_back(buildInsert(i));
    return s;
}

ast::StatementPtr AstBuilder::buildQueryStatement(P::QueryContext* ctx, antlr4::ParserRuleContext* whole) {
    auto s = std::make_unique<ast::QueryStatement>();
    s->pos = posOf(whole);
    s->text = textOf(whole);
    s->query = buildQuery(ctx);
    return s;
}

// ---------------------------------------------------------------------------------------------
// Queries

std::unique_ptr<ast::Query> AstBuilder::buildQuery(P::QueryContext* ctx) {
    auto q = std::make_unique<ast::Query>();
    q->pos = posOf(ctx);
    if (auto* w = ctx->withClause()) {
        for (auto* item : w->withItem()) {
            ast::WithItem with;
            with.pos = posOf(item);
            with.name = identifier(item->identifier());
            with.columns = columnList(item->columnList());
            with.query = buildQuery(item->query());
            q->with.push_back(std::move(with));
        }
    }
    auto* body = ctx->queryNoWith();
    q->body = buildQueryTerm(body->queryTerm());
    for (auto* item : body->sortItem()) q->orderBy.push_back(buildSortItem(item));
    if (body->limit != nullptr) q->limit = buildExpr(body->limit);
    if (body->offset != nullptr) q->offset = buildExpr(body->offset);
    if (body->FETCH() != nullptr) {
        if (body->fetch != nullptr) {
            q->limit = buildExpr(body->fetch);
        } else {
            auto one = std::make_unique<ast::Literal>();
            one->literalKind = ast::LiteralKind::Integer;
            one->value = "1";
            one->text = "1";
            one->pos = posOf(body->FETCH()->getSymbol());
            q->limit = std::move(one);
        }
    }
    return q;
}

ast::QueryBodyPtr AstBuilder::buildQueryTerm(P::QueryTermContext* ctx) {
    if (auto* c = as<P::QueryTermPrimaryContext>(ctx)) return buildQueryPrimary(c->queryPrimary());
    auto* c = as<P::SetOperationContext>(ctx);
    auto body = std::make_unique<ast::SetOpBody>();
    body->pos = posOf(ctx);
    switch (c->op->getType()) {
        case L::UNION:
            body->op = ast::SetOpKind::Union;
            break;
        case L::INTERSECT:
            body->op = ast::SetOpKind::Intersect;
            break;
        default:
            body->op = ast::SetOpKind::Except;
            break;
    }
    body->all = c->setQuantifier() != nullptr && c->setQuantifier()->ALL() != nullptr;
    body->left = buildQueryTerm(c->left);
    body->right = buildQueryTerm(c->right);
    return body;
}

ast::QueryBodyPtr AstBuilder::buildQueryPrimary(P::QueryPrimaryContext* ctx) {
    if (auto* c = as<P::SelectQueryContext>(ctx)) return buildSelect(c->querySpecification());
    if (auto* c = as<P::ValuesQueryContext>(ctx)) {
        auto body = std::make_unique<ast::ValuesBody>();
        body->pos = posOf(ctx);
        for (auto* row : c->valuesRow()) {
            std::vector<ast::ExprPtr> values;
            for (auto* e : row->expression()) values.push_back(buildExpr(e));
            body->rows.push_back(std::move(values));
        }
        return body;
    }
    auto* c = as<P::NestedQueryContext>(ctx);
    auto body = std::make_unique<ast::NestedBody>();
    body->pos = posOf(ctx);
    body->query = buildQuery(c->query());
    return body;
}

ast::QueryBodyPtr AstBuilder::buildSelect(P::QuerySpecificationContext* ctx) {
    auto body = std::make_unique<ast::SelectBody>();
    body->pos = posOf(ctx);
    body->distinct = ctx->setQuantifier() != nullptr && ctx->setQuantifier()->DISTINCT() != nullptr;
    for (auto* item : ctx->selectItem()) {
        ast::SelectItem out;
        if (auto* c = as<P::SelectQualifiedStarContext>(item)) {
            auto star = std::make_unique<ast::Star>();
            star->qualifier = qualifiedName(c->qualifiedName()).parts;
            star->pos = posOf(item);
            star->text = textOf(item);
            out.expr = std::move(star);
        } else if (as<P::SelectStarContext>(item)) {
            auto star = std::make_unique<ast::Star>();
            star->pos = posOf(item);
            star->text = "*";
            out.expr = std::move(star);
        } else if (auto* c = as<P::SelectExpressionContext>(item)) {
            out.expr = buildExpr(c->expression());
            if (c->lenientIdentifier() != nullptr) out.alias = lenientName(c->lenientIdentifier());
            if (c->identifier() != nullptr) out.alias = identifier(c->identifier());
        }
        body->items.push_back(std::move(out));
    }
    for (auto* r : ctx->relation()) {
        ast::TableRefPtr ref = buildRelation(r);
        if (!body->from) {
            body->from = std::move(ref);
            continue;
        }
        auto join = std::make_unique<ast::JoinRef>();
        join->pos = body->from->pos;
        join->joinType = ast::JoinType::Cross;
        join->left = std::move(body->from);
        join->right = std::move(ref);
        body->from = std::move(join);
    }
    if (ctx->where != nullptr) body->where = buildExpr(ctx->where);
    for (auto* g : ctx->groupingElement()) {
        // GROUP BY (a, b) groups by a and b, not by a row.
        if (auto* e = as<P::GroupingExpressionContext>(g)) {
            auto* predicated = as<P::PredicatedContext>(e->expression()->booleanExpression());
            auto* value = predicated != nullptr && predicated->predicate() == nullptr
                              ? as<P::ValuePrimaryContext>(predicated->valueExpression())
                              : nullptr;
            auto* row =
                value != nullptr ? as<P::ImplicitRowConstructorContext>(value->primaryExpression()) : nullptr;
            if (row != nullptr) {
                for (auto* x : row->expression()) {
                    ast::GroupingElement element;
                    element.expr = buildExpr(x);
                    body->groupBy.push_back(std::move(element));
                }
                continue;
            }
        }
        body->groupBy.push_back(buildGroupingElement(g));
    }
    if (ctx->having != nullptr) body->having = buildExpr(ctx->having);
    for (auto* w : ctx->namedWindow()) {
        ast::NamedWindow window;
        window.name = identifier(w->identifier());
        window.spec = buildWindowSpec(w->windowSpec());
        body->windows.push_back(std::move(window));
    }
    return body;
}

ast::TableRefPtr AstBuilder::buildRelation(P::RelationContext* ctx) {
    if (auto* c = as<P::PrimaryRelationContext>(ctx)) return buildRelationPrimary(c->relationPrimary());
    auto join = std::make_unique<ast::JoinRef>();
    join->pos = posOf(ctx);
    P::JoinTypeContext* type = nullptr;
    if (auto* c = as<P::CrossJoinContext>(ctx)) {
        join->joinType = ast::JoinType::Cross;
        join->left = buildRelation(c->left);
        join->right = buildRelationPrimary(c->right);
    } else if (auto* c = as<P::NaturalJoinContext>(ctx)) {
        join->natural = true;
        type = c->joinType();
        join->left = buildRelation(c->left);
        join->right = buildRelationPrimary(c->right);
    } else if (auto* c = as<P::JoinContext>(ctx)) {
        type = c->joinType();
        join->left = buildRelation(c->left);
        join->right = buildRelationPrimary(c->right);
        if (auto* criteria = c->joinCriteria()) {
            if (criteria->expression() != nullptr)
                join->on = buildExpr(criteria->expression());
            else
                join->usingColumns = columnList(criteria->columnList());
        }
    }
    if (type != nullptr) {
        if (type->LEFT() != nullptr)
            join->joinType = ast::JoinType::Left;
        else if (type->RIGHT() != nullptr)
            join->joinType = ast::JoinType::Right;
        else if (type->FULL() != nullptr)
            join->joinType = ast::JoinType::Full;
        else
            join->joinType = ast::JoinType::Inner;
    }
    return join;
}

ast::TableRefPtr AstBuilder::buildRelationPrimary(P::RelationPrimaryContext* ctx) {
    ast::TableRefPtr out;
    P::TableAliasContext* alias = nullptr;
    if (auto* c = as<P::TableFunctionRelationContext>(ctx)) {
        auto ref = std::make_unique<ast::TableFunctionRef>();
        ref->call = buildFunctionCall(c->functionCall());
        ref->lateral = c->LATERAL() != nullptr;
        alias = c->tableAlias();
        out = std::move(ref);
    } else if (auto* c = as<P::BareTableFunctionRelationContext>(ctx)) {
        auto ref = std::make_unique<ast::TableFunctionRef>();
        ref->call = buildFunctionCall(c->functionCall());
        alias = c->tableAlias();
        out = std::move(ref);
    } else if (auto* c = as<P::UnnestRelationContext>(ctx)) {
        auto ref = std::make_unique<ast::UnnestRef>();
        for (auto* e : c->expression()) ref->args.push_back(buildExpr(e));
        ref->withOrdinality = c->ORDINALITY() != nullptr;
        alias = c->tableAlias();
        out = std::move(ref);
    } else if (auto* c = as<P::SubqueryRelationContext>(ctx)) {
        auto ref = std::make_unique<ast::SubqueryRef>();
        ref->query = buildQuery(c->query());
        ref->lateral = c->LATERAL() != nullptr;
        alias = c->tableAlias();
        out = std::move(ref);
    } else if (auto* c = as<P::ParenthesizedRelationContext>(ctx)) {
        out = buildRelation(c->relation());
        alias = c->tableAlias();
    } else if (auto* c = as<P::NamedRelationContext>(ctx)) {
        auto ref = std::make_unique<ast::NamedTable>();
        ref->name = qualifiedName(c->qualifiedName());
        if (auto* h = c->hint()) ref->hints = buildHints(h);
        if (auto* v = c->valueExpression()) ref->forSystemTimeAsOf = buildValue(v);
        alias = c->tableAlias();
        out = std::move(ref);
    }
    out->pos = posOf(ctx);
    if (alias != nullptr) applyAlias(*out, alias);
    return out;
}

void AstBuilder::applyAlias(ast::TableRef& ref, P::TableAliasContext* ctx) {
    ref.alias = ctx->lenientIdentifier() != nullptr ? lenientName(ctx->lenientIdentifier())
                                                    : identifier(ctx->identifier());
    ref.columnAliases = columnList(ctx->columnList());
}

std::vector<std::pair<std::string, std::string>> AstBuilder::buildHints(P::HintContext* ctx) {
    std::vector<std::pair<std::string, std::string>> out;
    auto value = [](P::HintValueContext* v) {
        if (v->STRING_LITERAL() != nullptr) return unquote(v->STRING_LITERAL());
        if (v->identifier() != nullptr) return identifier(v->identifier());
        return v->getText();
    };
    for (auto* item : ctx->hintItem()) {
        if (upper(identifier(item->identifier())) != "OPTIONS") continue;
        for (auto* arg : item->hintArg())
            out.emplace_back(value(arg->key), arg->value ? value(arg->value) : "");
    }
    return out;
}

std::vector<ast::ExprPtr> AstBuilder::buildGroupingSet(P::GroupingSetContext* ctx) {
    std::vector<ast::ExprPtr> out;
    for (auto* e : ctx->expression()) out.push_back(buildExpr(e));
    return out;
}

ast::GroupingElement AstBuilder::buildGroupingElement(P::GroupingElementContext* ctx) {
    ast::GroupingElement out;
    if (auto* c = as<P::GroupingSetsContext>(ctx)) {
        out.kind = ast::GroupingKind::GroupingSets;
        for (auto* s : c->groupingSet()) out.sets.push_back(buildGroupingSet(s));
    } else if (auto* c = as<P::RollupCubeContext>(ctx)) {
        out.kind = c->kind->getType() == L::ROLLUP ? ast::GroupingKind::Rollup : ast::GroupingKind::Cube;
        for (auto* s : c->groupingSet()) out.sets.push_back(buildGroupingSet(s));
    } else if (as<P::EmptyGroupingSetContext>(ctx)) {
        out.kind = ast::GroupingKind::GroupingSets;
        out.sets.emplace_back();
    } else if (auto* c = as<P::GroupingExpressionContext>(ctx)) {
        out.expr = buildExpr(c->expression());
    }
    return out;
}

std::unique_ptr<ast::WindowSpec> AstBuilder::buildWindowSpec(P::WindowSpecContext* ctx) {
    auto spec = std::make_unique<ast::WindowSpec>();
    spec->pos = posOf(ctx);
    if (ctx->existing != nullptr) spec->name = identifier(ctx->existing);
    for (auto* e : ctx->expression()) spec->partitionBy.push_back(buildExpr(e));
    for (auto* s : ctx->sortItem()) spec->orderBy.push_back(buildSortItem(s));
    if (auto* f = ctx->windowFrame()) {
        spec->hasFrame = true;
        spec->rows = f->kind->getType() == L::ROWS;
        spec->lower = buildFrameBound(f->lower);
        if (f->upper != nullptr) {
            spec->upper = buildFrameBound(f->upper);
        } else {
            spec->upper = ast::WindowSpec::Bound{};  // a single bound means "AND CURRENT ROW"
        }
    }
    return spec;
}

ast::WindowSpec::Bound AstBuilder::buildFrameBound(P::FrameBoundContext* ctx) {
    ast::WindowSpec::Bound bound;
    if (ctx->CURRENT() != nullptr) return bound;
    bound.preceding = ctx->dir->getType() == L::PRECEDING;
    if (ctx->UNBOUNDED() != nullptr)
        bound.unbounded = true;
    else
        bound.offset = buildValue(ctx->valueExpression());
    return bound;
}

ast::OrderItem AstBuilder::buildSortItem(P::SortItemContext* ctx) {
    ast::OrderItem item;
    item.expr = buildExpr(ctx->expression());
    item.descending = ctx->ordering != nullptr && ctx->ordering->getType() == L::DESC;
    if (ctx->nulls != nullptr) item.nullsFirst = ctx->nulls->getType() == L::FIRST;
    return item;
}

// ---------------------------------------------------------------------------------------------
// Expressions

namespace {

template <class T>
std::unique_ptr<T> makeExpr(antlr4::ParserRuleContext* ctx, std::string text) {
    auto e = std::make_unique<T>();
    e->pos = {static_cast<int>(ctx->getStart()->getLine()),
              static_cast<int>(ctx->getStart()->getCharPositionInLine()) + 1};
    e->text = std::move(text);
    return e;
}

}  // namespace

ast::ExprPtr AstBuilder::buildExpr(P::ExpressionContext* ctx) {
    return buildBoolean(ctx->booleanExpression());
}

ast::ExprPtr AstBuilder::symbol(const std::string& name, antlr4::ParserRuleContext* ctx) {
    auto s = makeExpr<ast::Symbol>(ctx, textOf(ctx));
    s->name = name;
    return s;
}

ast::ExprPtr AstBuilder::symbol(const std::string& name, antlr4::tree::TerminalNode* node) {
    auto s = std::make_unique<ast::Symbol>();
    s->pos = posOf(node->getSymbol());
    s->text = node->getText();
    s->name = name;
    return s;
}

ast::ExprPtr AstBuilder::nullLiteral(antlr4::ParserRuleContext* at) {
    auto l = makeExpr<ast::Literal>(at, "NULL");
    l->literalKind = ast::LiteralKind::Null;
    return l;
}

std::unique_ptr<ast::Call> AstBuilder::call(const std::string& name, antlr4::ParserRuleContext* ctx) {
    auto c = makeExpr<ast::Call>(ctx, textOf(ctx));
    c->name = name;
    return c;
}

ast::ExprPtr AstBuilder::buildBoolean(P::BooleanExpressionContext* ctx) {
    if (auto* c = as<P::LogicalNotContext>(ctx)) {
        auto e = makeExpr<ast::Unary>(ctx, textOf(ctx));
        e->op = ast::UnaryOp::Not;
        e->operand = buildBoolean(c->booleanExpression());
        return e;
    }
    if (auto* c = as<P::LogicalAndContext>(ctx)) {
        auto e = makeExpr<ast::Binary>(ctx, textOf(ctx));
        e->op = ast::BinaryOp::And;
        e->left = buildBoolean(c->left);
        e->right = buildBoolean(c->right);
        return e;
    }
    if (auto* c = as<P::LogicalOrContext>(ctx)) {
        auto e = makeExpr<ast::Binary>(ctx, textOf(ctx));
        e->op = ast::BinaryOp::Or;
        e->left = buildBoolean(c->left);
        e->right = buildBoolean(c->right);
        return e;
    }
    auto* c = as<P::PredicatedContext>(ctx);
    ast::ExprPtr value = buildValue(c->valueExpression());
    if (c->predicate() == nullptr) return value;
    return buildPredicate(std::move(value), c->predicate(), ctx);
}

ast::ExprPtr AstBuilder::buildPredicate(ast::ExprPtr operand, P::PredicateContext* ctx,
                                        antlr4::ParserRuleContext* whole) {
    std::string text = textOf(whole);
    if (auto* c = as<P::BetweenPredicateContext>(ctx)) {
        auto e = makeExpr<ast::Between>(whole, text);
        e->negated = c->NOT() != nullptr;
        e->symmetric = c->SYMMETRIC() != nullptr;
        e->operand = std::move(operand);
        e->low = buildValue(c->lower);
        e->high = buildValue(c->upper);
        return e;
    }
    if (auto* c = as<P::InSubqueryPredicateContext>(ctx)) {
        auto e = makeExpr<ast::In>(whole, text);
        e->negated = c->NOT() != nullptr;
        e->operand = std::move(operand);
        e->subquery = buildQuery(c->query());
        return e;
    }
    if (auto* c = as<P::InListPredicateContext>(ctx)) {
        auto e = makeExpr<ast::In>(whole, text);
        e->negated = c->NOT() != nullptr;
        e->operand = std::move(operand);
        for (auto* x : c->expression()) e->list.push_back(buildExpr(x));
        return e;
    }
    if (auto* c = as<P::LikePredicateContext>(ctx)) {
        auto e = makeExpr<ast::Like>(whole, text);
        e->negated = c->NOT() != nullptr;
        e->similar = c->SIMILAR() != nullptr;
        e->operand = std::move(operand);
        e->pattern = buildValue(c->pattern);
        if (c->escape != nullptr) e->escape = buildValue(c->escape);
        return e;
    }
    if (auto* c = as<P::NullPredicateContext>(ctx)) {
        auto e = makeExpr<ast::IsNull>(whole, text);
        e->negated = c->NOT() != nullptr;
        e->operand = std::move(operand);
        return e;
    }
    if (auto* c = as<P::BoolPredicateContext>(ctx)) {
        auto e = makeExpr<ast::IsBool>(whole, text);
        e->negated = c->NOT() != nullptr;
        switch (c->test->getType()) {
            case L::TRUE:
                e->test = ast::BoolTest::True;
                break;
            case L::FALSE:
                e->test = ast::BoolTest::False;
                break;
            default:
                e->test = ast::BoolTest::Unknown;
                break;
        }
        e->operand = std::move(operand);
        return e;
    }
    if (auto* c = as<P::DistinctFromPredicateContext>(ctx)) {
        auto e = makeExpr<ast::DistinctFrom>(whole, text);
        e->negated = c->NOT() != nullptr;
        e->left = std::move(operand);
        e->right = buildValue(c->valueExpression());
        return e;
    }
    auto* c = as<P::IsJsonPredicateContext>(ctx);
    auto e = call("IS_JSON", whole);
    e->args.push_back(std::move(operand));
    if (c->kind != nullptr) {
        auto s = std::make_unique<ast::Symbol>();
        s->pos = posOf(c->kind);
        s->text = c->kind->getText();
        s->name = upper(c->kind->getText());
        e->args.push_back(std::move(s));
    } else {
        e->args.push_back(symbol("VALUE", c->JSON()));
    }
    if (c->NOT() == nullptr) return e;
    auto n = makeExpr<ast::Unary>(whole, text);
    n->op = ast::UnaryOp::Not;
    n->operand = std::move(e);
    return n;
}

ast::ExprPtr AstBuilder::buildValue(P::ValueExpressionContext* ctx) {
    if (auto* c = as<P::ValuePrimaryContext>(ctx)) return buildPrimary(c->primaryExpression());
    if (auto* c = as<P::UnaryExpressionContext>(ctx)) {
        auto e = makeExpr<ast::Unary>(ctx, textOf(ctx));
        e->op = c->op->getType() == L::MINUS ? ast::UnaryOp::Neg : ast::UnaryOp::Plus;
        e->operand = buildValue(c->valueExpression());
        return e;
    }
    auto e = makeExpr<ast::Binary>(ctx, textOf(ctx));
    P::ValueExpressionContext* left = nullptr;
    P::ValueExpressionContext* right = nullptr;
    antlr4::Token* op = nullptr;
    if (auto* c = as<P::ArithmeticContext>(ctx)) {
        left = c->left;
        right = c->right;
        op = c->op;
    } else if (auto* c = as<P::ComparisonContext>(ctx)) {
        left = c->left;
        right = c->right;
        op = c->op;
    }
    switch (op->getType()) {
        case L::PLUS:
            e->op = ast::BinaryOp::Add;
            break;
        case L::MINUS:
            e->op = ast::BinaryOp::Sub;
            break;
        case L::ASTERISK:
            e->op = ast::BinaryOp::Mul;
            break;
        case L::SLASH:
            e->op = ast::BinaryOp::Div;
            break;
        case L::PERCENT:
            e->op = ast::BinaryOp::Mod;
            break;
        case L::CONCAT:
            e->op = ast::BinaryOp::Concat;
            break;
        case L::EQ:
            e->op = ast::BinaryOp::Eq;
            break;
        case L::NEQ:
            e->op = ast::BinaryOp::Ne;
            break;
        case L::LT:
            e->op = ast::BinaryOp::Lt;
            break;
        case L::LTE:
            e->op = ast::BinaryOp::Le;
            break;
        case L::GT:
            e->op = ast::BinaryOp::Gt;
            break;
        default:
            e->op = ast::BinaryOp::Ge;
            break;
    }
    e->left = buildValue(left);
    e->right = buildValue(right);
    return e;
}

ast::TimeUnit AstBuilder::timeUnit(P::TimeUnitContext* ctx) {
    switch (ctx->getStart()->getType()) {
        case L::YEAR:
        case L::YEARS:
            return ast::TimeUnit::Year;
        case L::QUARTER:
            return ast::TimeUnit::Quarter;
        case L::MONTH:
        case L::MONTHS:
            return ast::TimeUnit::Month;
        case L::WEEK:
            return ast::TimeUnit::Week;
        case L::DAY:
        case L::DAYS:
            return ast::TimeUnit::Day;
        case L::HOUR:
        case L::HOURS:
            return ast::TimeUnit::Hour;
        case L::MINUTE:
        case L::MINUTES:
            return ast::TimeUnit::Minute;
        case L::SECOND:
        case L::SECONDS:
            return ast::TimeUnit::Second;
        case L::MILLISECOND:
            return ast::TimeUnit::Millisecond;
        case L::MICROSECOND:
            return ast::TimeUnit::Microsecond;
        default:
            return ast::TimeUnit::Nanosecond;
    }
}

namespace {

// The canonical (singular) name of a time unit keyword, for Symbols.
std::string unitName(const std::string& text) {
    std::string u = upper(text);
    if (u.size() > 1 && u.back() == 'S' && u != "MILLISECONDS" && u != "MICROSECONDS" && u != "NANOSECONDS")
        return u.substr(0, u.size() - 1);
    return u;
}

}  // namespace

ast::ExprPtr AstBuilder::buildIntervalLiteral(P::IntervalLiteralContext* ctx) {
    auto l = makeExpr<ast::Literal>(ctx, textOf(ctx));
    l->literalKind = ast::LiteralKind::Interval;
    l->negative = ctx->sign != nullptr && ctx->sign->getType() == L::MINUS;
    l->value =
        ctx->STRING_LITERAL() != nullptr ? unquote(ctx->STRING_LITERAL()) : ctx->INTEGER_VALUE()->getText();
    // A sign inside the string ('-5') counts like one before it.
    if (!l->value.empty() && (l->value[0] == '-' || l->value[0] == '+')) {
        if (l->value[0] == '-') l->negative = !l->negative;
        l->value.erase(0, 1);
    }
    auto* q = ctx->intervalQualifier();
    l->from = timeUnit(q->from);
    if (q->p1 != nullptr) l->leadingPrecision = intValue(q->p1, "Interval precision");
    if (q->p2 != nullptr) l->fractionalPrecision = intValue(q->p2, "Interval precision");
    if (q->to != nullptr) {
        l->to = timeUnit(q->to);
        if (q->p3 != nullptr) l->fractionalPrecision = intValue(q->p3, "Interval precision");
    }
    return l;
}

ast::ExprPtr AstBuilder::buildPrimary(P::PrimaryExpressionContext* ctx) {
    std::string text = textOf(ctx);
    auto literal = [&](ast::LiteralKind kind, std::string value) {
        auto l = makeExpr<ast::Literal>(ctx, text);
        l->literalKind = kind;
        l->value = std::move(value);
        return l;
    };
    if (as<P::NullLiteralContext>(ctx)) return literal(ast::LiteralKind::Null, "");
    if (as<P::BooleanLiteralContext>(ctx)) return literal(ast::LiteralKind::Boolean, upper(text));
    if (as<P::IntegerLiteralContext>(ctx)) return literal(ast::LiteralKind::Integer, text);
    if (as<P::DecimalLiteralContext>(ctx)) return literal(ast::LiteralKind::Decimal, text);
    if (as<P::DoubleLiteralContext>(ctx)) return literal(ast::LiteralKind::Double, text);
    if (auto* c = as<P::StringLiteralContext>(ctx)) {
        std::string value;
        for (auto* s : c->STRING_LITERAL()) value += unquote(s);  // 'a' 'b' continues a literal
        return literal(ast::LiteralKind::String, value);
    }
    if (as<P::BinaryLiteralContext>(ctx))
        return literal(ast::LiteralKind::Binary, text.substr(2, text.size() - 3));
    if (auto* c = as<P::IntervalLiteralContext>(ctx)) return buildIntervalLiteral(c);
    if (auto* c = as<P::TypedLiteralContext>(ctx)) {
        ast::LiteralKind kind = ast::LiteralKind::Timestamp;
        switch (c->kind->getType()) {
            case L::DATE:
                kind = ast::LiteralKind::Date;
                break;
            case L::TIME:
                kind = ast::LiteralKind::Time;
                break;
            case L::TIMESTAMP_LTZ:
                kind = ast::LiteralKind::TimestampLtz;
                break;
            default:
                break;
        }
        return literal(kind, unquote(c->STRING_LITERAL()));
    }
    if (auto* c = as<P::SimpleCaseContext>(ctx)) {
        auto e = makeExpr<ast::Case>(ctx, text);
        e->operand = buildExpr(c->operand);
        for (auto* w : c->caseWhen()) e->whens.push_back({buildExpr(w->when), buildExpr(w->then)});
        if (c->elseExpr != nullptr) e->elseExpr = buildExpr(c->elseExpr);
        return e;
    }
    if (auto* c = as<P::SearchedCaseContext>(ctx)) {
        auto e = makeExpr<ast::Case>(ctx, text);
        for (auto* w : c->caseWhen()) e->whens.push_back({buildExpr(w->when), buildExpr(w->then)});
        if (c->elseExpr != nullptr) e->elseExpr = buildExpr(c->elseExpr);
        return e;
    }
    if (auto* c = as<P::CastContext>(ctx)) {
        auto e = makeExpr<ast::Cast>(ctx, text);
        e->tryCast = c->kind->getType() == L::TRY_CAST;
        e->operand = buildExpr(c->expression());
        e->type = buildDataType(c->dataType());
        return e;
    }
    if (auto* c = as<P::ExtractContext>(ctx)) {
        auto e = call("EXTRACT", ctx);
        e->args.push_back(symbol(unitName(identifier(c->identifier())), c->identifier()));
        e->args.push_back(buildExpr(c->expression()));
        return e;
    }
    if (auto* c = as<P::FloorCeilContext>(ctx)) {
        auto e = call(c->kind->getType() == L::FLOOR ? "FLOOR" : "CEIL", ctx);
        e->args.push_back(buildExpr(c->expression()));
        e->args.push_back(symbol(unitName(c->timeUnit()->getText()), c->timeUnit()));
        return e;
    }
    if (auto* c = as<P::PositionContext>(ctx)) {
        auto e = call("POSITION", ctx);
        e->args.push_back(buildValue(c->needle));
        e->args.push_back(buildValue(c->haystack));
        return e;
    }
    if (auto* c = as<P::TrimContext>(ctx)) {
        auto e = call("TRIM", ctx);
        if (c->spec != nullptr) {
            auto s = std::make_unique<ast::Symbol>();
            s->pos = posOf(c->spec);
            s->text = c->spec->getText();
            s->name = upper(c->spec->getText());
            e->args.push_back(std::move(s));
        } else {
            e->args.push_back(symbol("BOTH", c->TRIM()));
        }
        if (c->chars != nullptr) {
            e->args.push_back(buildValue(c->chars));
        } else {
            auto space = makeExpr<ast::Literal>(ctx, "' '");
            space->literalKind = ast::LiteralKind::String;
            space->value = " ";
            e->args.push_back(std::move(space));
        }
        e->args.push_back(buildValue(c->str));
        return e;
    }
    if (auto* c = as<P::SubstringContext>(ctx)) {
        auto e = call("SUBSTRING", ctx);
        e->args.push_back(buildExpr(c->str));
        e->args.push_back(buildExpr(c->start));
        if (c->length != nullptr) e->args.push_back(buildExpr(c->length));
        return e;
    }
    if (auto* c = as<P::OverlayContext>(ctx)) {
        auto e = call("OVERLAY", ctx);
        e->args.push_back(buildExpr(c->str));
        e->args.push_back(buildExpr(c->repl));
        e->args.push_back(buildExpr(c->start));
        if (c->length != nullptr) e->args.push_back(buildExpr(c->length));
        return e;
    }
    if (auto* c = as<P::TimestampArithContext>(ctx)) {
        auto e = call(upper(c->kind->getText()), ctx);
        e->args.push_back(symbol(unitName(c->timeUnit()->getText()), c->timeUnit()));
        e->args.push_back(buildExpr(c->first));
        e->args.push_back(buildExpr(c->second));
        return e;
    }
    if (as<P::JsonValueContext>(ctx) || as<P::JsonQueryContext>(ctx) || as<P::JsonExistsContext>(ctx) ||
        as<P::JsonObjectContext>(ctx) || as<P::JsonArrayContext>(ctx))
        return buildJson(ctx);
    if (auto* c = as<P::ArrayConstructorContext>(ctx)) {
        auto e = call("ARRAY", ctx);
        for (auto* x : c->expression()) e->args.push_back(buildExpr(x));
        return e;
    }
    if (auto* c = as<P::MapConstructorContext>(ctx)) {
        auto e = call("MAP", ctx);
        for (auto* x : c->expression()) e->args.push_back(buildExpr(x));
        return e;
    }
    if (auto* c = as<P::RowConstructorContext>(ctx)) {
        auto e = call("ROW", ctx);
        for (auto* x : c->expression()) e->args.push_back(buildExpr(x));
        return e;
    }
    if (auto* c = as<P::ImplicitRowConstructorContext>(ctx)) {
        auto e = call("ROW", ctx);
        for (auto* x : c->expression()) e->args.push_back(buildExpr(x));
        return e;
    }
    if (auto* c = as<P::NiladicFunctionContext>(ctx)) return call(upper(c->kind->getText()), ctx);
    if (auto* c = as<P::ExistsContext>(ctx)) {
        auto e = makeExpr<ast::Exists>(ctx, text);
        e->query = buildQuery(c->query());
        return e;
    }
    if (auto* c = as<P::DescriptorContext>(ctx)) {
        auto e = makeExpr<ast::Descriptor>(ctx, text);
        for (auto* col : c->lenientIdentifier()) e->columns.push_back(lenientName(col));
        return e;
    }
    if (auto* c = as<P::FunctionCallExpressionContext>(ctx)) return buildFunctionCall(c->functionCall());
    if (auto* c = as<P::SubqueryExpressionContext>(ctx)) {
        auto e = makeExpr<ast::Subquery>(ctx, text);
        e->query = buildQuery(c->query());
        return e;
    }
    if (auto* c = as<P::ParenthesizedContext>(ctx)) {
        // The inner node keeps its own text; parentheses only group.
        return buildExpr(c->expression());
    }
    if (auto* c = as<P::ColumnReferenceContext>(ctx)) {
        auto e = makeExpr<ast::ColumnRef>(ctx, text);
        for (auto* part : c->columnPath()->lenientIdentifier()) e->names.push_back(lenientName(part));
        return e;
    }
    if (auto* c = as<P::SubscriptContext>(ctx)) {
        auto e = makeExpr<ast::Item>(ctx, text);
        e->operand = buildPrimary(c->base);
        e->index = buildExpr(c->index);
        return e;
    }
    if (auto* c = as<P::DereferenceContext>(ctx)) {
        auto e = makeExpr<ast::Field>(ctx, text);
        e->operand = buildPrimary(c->base);
        e->field = lenientName(c->fieldName);
        return e;
    }
    throw ParseError("Unsupported expression: " + text, posOf(ctx));
}

ast::ExprPtr AstBuilder::buildJson(P::PrimaryExpressionContext* ctx) {
    auto keyword = [&](antlr4::ParserRuleContext* at, const std::string& name) {
        auto s = makeExpr<ast::Symbol>(at, textOf(at));
        s->name = name;
        return s;
    };
    if (auto* c = as<P::JsonValueContext>(ctx)) {
        auto e = call("JSON_VALUE", ctx);
        e->args.push_back(buildExpr(c->json));
        e->args.push_back(buildExpr(c->path));
        if (c->dataType() != nullptr) e->returning = buildDataType(c->dataType());
        ast::ExprPtr behavior[2] = {symbol("NULL", ctx), symbol("NULL", ctx)};
        ast::ExprPtr fallback[2] = {nullLiteral(ctx), nullLiteral(ctx)};
        for (auto* b : c->jsonValueBehavior()) {
            int slot = b->target->getType() == L::EMPTY ? 0 : 1;
            size_t first = b->getStart()->getType();
            std::string name = first == L::DEFAULT ? "DEFAULT" : first == L::ERROR ? "ERROR" : "NULL";
            behavior[slot] = keyword(b, name);
            if (b->expression() != nullptr) fallback[slot] = buildExpr(b->expression());
        }
        for (int i = 0; i < 2; ++i) {
            e->args.push_back(std::move(behavior[i]));
            e->args.push_back(std::move(fallback[i]));
        }
        return e;
    }
    if (auto* c = as<P::JsonQueryContext>(ctx)) {
        auto e = call("JSON_QUERY", ctx);
        e->args.push_back(buildExpr(c->json));
        e->args.push_back(buildExpr(c->path));
        if (c->dataType() != nullptr) e->returning = buildDataType(c->dataType());
        if (auto* w = c->jsonQueryWrapper()) {
            std::string name = "WITHOUT_ARRAY";
            if (w->WITH() != nullptr)
                name = w->kind != nullptr && w->kind->getType() == L::CONDITIONAL ? "CONDITIONAL_ARRAY"
                                                                                  : "UNCONDITIONAL_ARRAY";
            e->args.push_back(keyword(w, name));
        } else {
            e->args.push_back(symbol("WITHOUT_ARRAY", ctx));
        }
        ast::ExprPtr behavior[2] = {symbol("NULL", ctx), symbol("NULL", ctx)};
        for (auto* b : c->jsonQueryBehavior()) {
            int slot = b->target->getType() == L::EMPTY ? 0 : 1;
            std::string name = "NULL";
            if (b->ARRAY() != nullptr)
                name = "EMPTY_ARRAY";
            else if (b->OBJECT() != nullptr)
                name = "EMPTY_OBJECT";
            else if (b->NULL_() == nullptr)
                name = "ERROR";
            behavior[slot] = keyword(b, name);
        }
        e->args.push_back(std::move(behavior[0]));
        e->args.push_back(std::move(behavior[1]));
        return e;
    }
    if (auto* c = as<P::JsonExistsContext>(ctx)) {
        auto e = call("JSON_EXISTS", ctx);
        e->args.push_back(buildExpr(c->json));
        e->args.push_back(buildExpr(c->path));
        if (auto* b = c->jsonExistsBehavior())
            e->args.push_back(keyword(b, upper(b->getStart()->getText())));
        else
            e->args.push_back(symbol("FALSE", ctx));
        return e;
    }
    auto nullClause = [&](P::JsonNullClauseContext* n, const char* fallback) {
        if (n == nullptr) return symbol(fallback, ctx);
        ast::ExprPtr out = keyword(n, n->ABSENT() != nullptr ? "ABSENT_ON_NULL" : "NULL_ON_NULL");
        return out;
    };
    if (auto* c = as<P::JsonObjectContext>(ctx)) {
        auto e = call("JSON_OBJECT", ctx);
        e->args.push_back(nullClause(c->jsonNullClause(), "NULL_ON_NULL"));
        for (auto* kv : c->jsonKeyValue()) {
            e->args.push_back(buildExpr(kv->key));
            e->args.push_back(buildExpr(kv->value));
        }
        return e;
    }
    auto* c = as<P::JsonArrayContext>(ctx);
    auto e = call("JSON_ARRAY", ctx);
    e->args.push_back(nullClause(c->jsonNullClause(), "ABSENT_ON_NULL"));
    for (auto* x : c->expression()) e->args.push_back(buildExpr(x));
    return e;
}

std::unique_ptr<ast::Call> AstBuilder::buildFunctionCall(P::FunctionCallContext* ctx) {
    auto* nameCtx = ctx->functionName();
    std::string name;
    if (auto* q = nameCtx->qualifiedName())
        name = upper(qualifiedName(q).toString());
    else
        name = upper(nameCtx->getText());
    if (name == "CEILING") name = "CEIL";
    auto e = call(name, ctx);
    e->star = ctx->ASTERISK() != nullptr;
    e->distinct = ctx->setQuantifier() != nullptr && ctx->setQuantifier()->DISTINCT() != nullptr;
    bool named = false;
    for (auto* arg : ctx->functionArgument()) named = named || arg->argName != nullptr;
    for (auto* arg : ctx->functionArgument()) {
        if (named) e->argNames.push_back(arg->argName != nullptr ? upper(lenientName(arg->argName)) : "");
        if (auto* t = arg->tableArgument()) {
            auto table = makeExpr<ast::TableArg>(t, textOf(t));
            table->table = qualifiedName(t->qualifiedName());
            for (auto* p : t->expression()) table->partitionBy.push_back(buildExpr(p));
            e->args.push_back(std::move(table));
        } else {
            e->args.push_back(buildExpr(arg->expression()));
        }
    }
    if (auto* f = ctx->filterClause()) e->filter = buildExpr(f->expression());
    if (auto* o = ctx->overClause()) {
        if (o->windowSpec() != nullptr) {
            e->over = buildWindowSpec(o->windowSpec());
        } else {
            e->over = std::make_unique<ast::WindowSpec>();
            e->over->pos = posOf(o);
            e->over->name = identifier(o->identifier());
        }
    }
    return e;
}

// ---------------------------------------------------------------------------------------------
// Types

namespace {

[[noreturn]] void badType(antlr4::ParserRuleContext* ctx, const std::string& text, const std::string& why) {
    SourcePos pos{static_cast<int>(ctx->getStart()->getLine()),
                  static_cast<int>(ctx->getStart()->getCharPositionInLine()) + 1};
    throw ParseError(
        fmt::format("Invalid type {} at line {}, column {}: {}", text, pos.line, pos.column, why), pos);
}

}  // namespace

DataType AstBuilder::buildDataType(P::DataTypeContext* ctx) {
    DataType type = buildBaseType(ctx->baseDataType());
    for (auto* suffix : ctx->typeSuffix()) {
        if (suffix->ARRAY() != nullptr)
            type = DataType::array(std::move(type));
        else if (suffix->MULTISET() != nullptr)
            type = DataType::multiset(std::move(type));
        else
            type.nullable = suffix->NOT() == nullptr;
    }
    return type;
}

DataType AstBuilder::buildBaseType(P::BaseDataTypeContext* ctx) {
    std::string text = textOf(ctx);
    // The optional (n) of a type, or `fallback` when absent.
    auto length = [&](P::TypeLengthContext* l, int fallback) {
        return l == nullptr ? fallback : intValue(l->INTEGER_VALUE()->getSymbol(), "Type length");
    };
    auto checkLength = [&](int n, const char* what) {
        if (n < 1)
            badType(ctx, text,
                    fmt::format("{} length must be between 1 and {} (both inclusive).", what,
                                DataType::kMaxLength));
        return n;
    };
    auto checkPrecision = [&](int p, const char* what) {
        if (p < 0 || p > 9)
            badType(ctx, text, fmt::format("{} precision must be between 0 and 9 (both inclusive).", what));
        return p;
    };
    if (auto* c = as<P::CharTypeContext>(ctx))
        return DataType::charType(checkLength(length(c->typeLength(), 1), "Character string"));
    if (auto* c = as<P::VarcharTypeContext>(ctx)) {
        if (c->typeLength() == nullptr) return DataType::string();
        return DataType::varchar(checkLength(length(c->typeLength(), 1), "Variable character string"));
    }
    if (as<P::StringTypeContext>(ctx)) return DataType::string();
    if (as<P::BooleanTypeContext>(ctx)) return DataType::boolean();
    if (as<P::TinyintTypeContext>(ctx)) return DataType::tinyint();
    if (as<P::SmallintTypeContext>(ctx)) return DataType::smallint();
    if (as<P::IntTypeContext>(ctx)) return DataType::integer();
    if (as<P::BigintTypeContext>(ctx)) return DataType::bigint();
    if (as<P::FloatTypeContext>(ctx) || as<P::RealTypeContext>(ctx)) return DataType::floatType();
    if (as<P::DoubleTypeContext>(ctx)) return DataType::doubleType();
    if (auto* c = as<P::DecimalTypeContext>(ctx)) {
        int p = c->p != nullptr ? intValue(c->p, "Decimal precision") : 10;
        int s = c->s != nullptr ? intValue(c->s, "Decimal scale") : 0;
        if (p < 1 || p > 38)
            badType(ctx, text, "Decimal precision must be between 1 and 38 (both inclusive).");
        if (s < 0 || s > p)
            badType(ctx, text,
                    fmt::format("Decimal scale must be between 0 and the precision {} (both inclusive).", p));
        return DataType::decimal(p, s);
    }
    if (as<P::DateTypeContext>(ctx)) return DataType::date();
    if (auto* c = as<P::TimeTypeContext>(ctx))
        return DataType::time(checkPrecision(length(c->typeLength(), 0), "Time"));
    if (auto* c = as<P::TimestampTypeContext>(ctx))
        return DataType::timestamp(checkPrecision(length(c->typeLength(), 6), "Timestamp"));
    if (auto* c = as<P::TimestampLtzTypeContext>(ctx))
        return DataType::timestampLtz(checkPrecision(length(c->typeLength(), 6), "Timestamp"));
    if (auto* c = as<P::BinaryTypeContext>(ctx))
        return DataType::binary(checkLength(length(c->typeLength(), 1), "Binary string"));
    if (auto* c = as<P::VarbinaryTypeContext>(ctx)) {
        if (c->typeLength() == nullptr) return DataType::bytes();
        return DataType::varbinary(checkLength(length(c->typeLength(), 1), "Variable binary string"));
    }
    if (as<P::BytesTypeContext>(ctx)) return DataType::bytes();
    if (auto* c = as<P::IntervalTypeContext>(ctx)) {
        auto* q = c->intervalQualifier();
        ast::TimeUnit from = timeUnit(q->from);
        ast::TimeUnit to = q->to != nullptr ? timeUnit(q->to) : from;
        bool yearMonth =
            from == ast::TimeUnit::Year || from == ast::TimeUnit::Month || from == ast::TimeUnit::Quarter;
        bool toYearMonth =
            to == ast::TimeUnit::Year || to == ast::TimeUnit::Month || to == ast::TimeUnit::Quarter;
        if (yearMonth != toYearMonth)
            badType(ctx, text, "an interval is either YEAR TO MONTH or DAY TO SECOND.");
        if (yearMonth) {
            DataType t = DataType::intervalYearMonth();
            if (q->p1 != nullptr) t.precision = intValue(q->p1, "Interval precision");
            return t;
        }
        int fractional = 3;
        if (q->p3 != nullptr)
            fractional = intValue(q->p3, "Interval precision");
        else if (from == ast::TimeUnit::Second && q->p1 != nullptr && q->to == nullptr)
            fractional = intValue(q->p2 != nullptr ? q->p2 : q->p1, "Interval precision");
        checkPrecision(fractional, "Interval fractional");
        DataType t = DataType::intervalDayTime(fractional);
        if (q->p1 != nullptr && from != ast::TimeUnit::Second) {
            t.precision = intValue(q->p1, "Interval precision");
            if (t.precision < 1 || t.precision > 6)
                badType(ctx, text, "Day precision of an interval must be between 1 and 6 (both inclusive).");
        }
        return t;
    }
    if (auto* c = as<P::ArrayTypeContext>(ctx)) return DataType::array(buildDataType(c->dataType()));
    if (auto* c = as<P::MultisetTypeContext>(ctx)) return DataType::multiset(buildDataType(c->dataType()));
    if (auto* c = as<P::MapTypeContext>(ctx))
        return DataType::map(buildDataType(c->key), buildDataType(c->value));
    if (auto* c = as<P::RowTypeContext>(ctx)) {
        std::vector<std::string> names;
        std::vector<DataType> types;
        for (auto* f : c->rowField()) {
            names.push_back(lenientName(f->lenientIdentifier()));
            types.push_back(buildDataType(f->dataType()));
        }
        return DataType::row(std::move(names), std::move(types));
    }
    if (as<P::RawTypeContext>(ctx)) return DataType(TypeId::Raw);
    return DataType::nullType();
}

}  // namespace sluice::parser
