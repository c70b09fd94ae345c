#include "planner/physical_planner.h"

#include <fmt/format.h>

#include "common/error.h"
#include "runtime/operators/calc_operator.h"
#include "runtime/operators/changelog_normalize_operator.h"
#include "runtime/values_source.h"

namespace sluice::planner {

PhysicalPlanner::PhysicalPlanner(FactoryContext ctx, std::string jobName) : ctx_(std::move(ctx)) {
    graph_.name = std::move(jobName);
}

int PhysicalPlanner::newVertex(std::string name, int parallelism) {
    runtime::Vertex v;
    v.id = static_cast<int>(graph_.vertices.size());
    v.name = std::move(name);
    v.parallelism = std::max(1, parallelism);
    graph_.vertices.push_back(std::move(v));
    return graph_.vertices.back().id;
}

void PhysicalPlanner::connect(int from, int to) {
    connect(from, to,
            graph_.vertices[from].parallelism == graph_.vertices[to].parallelism
                ? runtime::Partitioning::Forward
                : runtime::Partitioning::Rebalance,
            {});
}

void PhysicalPlanner::connect(int from, int to, runtime::Partitioning partitioning,
                              std::vector<int> keyFields) {
    runtime::Edge e;
    e.from = from;
    e.to = to;
    e.toInput = 0;
    e.partitioning = partitioning;
    e.keyFields = std::move(keyFields);
    graph_.edges.push_back(e);
    graph_.vertices[to].numInputs = 1;
}

int PhysicalPlanner::openVertex(const Stream& s, int parallelism, const std::string& name) {
    if (s.vertices.size() == 1 &&
        (parallelism <= 0 || graph_.vertices[s.vertices[0]].parallelism == parallelism))
        return s.vertices[0];
    int v = newVertex(name, parallelism > 0 ? parallelism : ctx_.defaultParallelism);
    for (int from : s.vertices) connect(from, v);
    graph_.vertices[v].outputSchema = s.schema;
    return v;
}

PhysicalPlanner::Stream PhysicalPlanner::build(LogicalNode& node) {
    switch (node.kind) {
        case LogicalKind::Scan: {
            auto& scan = static_cast<ScanNode&>(node);
            std::shared_ptr<runtime::SourceProvider> provider =
                scan.factory->createSource(scan.table, scan.request, ctx_);
            if (!provider->isBounded() && allBounded_) {
                allBounded_ = false;
                firstUnbounded_ = scan.path.toString();
            }
            // Flink's DynamicSourceUtils.validateScanSource, after its unbounded check (the caller's).
            if (!ctx_.streamingMode && provider->isBounded() &&
                !scan.factory->scanChangelogMode(scan.table).isInsertOnly())
                throw TableError(fmt::format(
                    "Querying a table in batch mode is currently only possible for INSERT-only table "
                    "sources. But "
                    "the source for table '{}' produces other changelog messages than just INSERT.",
                    scan.path.toString()));
            int parallelism = provider->parallelism() > 0 ? provider->parallelism() : ctx_.defaultParallelism;
            if (provider->maxParallelism() > 0)
                parallelism = std::min(parallelism, provider->maxParallelism());
            int v = newVertex("Source: " + scan.path.toString(), parallelism);
            graph_.vertices[v].source = std::move(provider);
            graph_.vertices[v].outputSchema = scan.schema;
            return {{v}, scan.schema};
        }
        case LogicalKind::Values: {
            auto& values = static_cast<ValuesNode&>(node);
            RecordBatch batch(values.schema);
            for (const auto& row : values.rows)
                for (size_t c = 0; c < row.size(); ++c) batch.columns[c].appendValue(row[c]);
            batch.numRows = values.rows.size();
            std::vector<RecordBatch> batches;
            batches.push_back(std::move(batch));
            int v = newVertex("Source: Values", 1);
            graph_.vertices[v].source = std::make_shared<runtime::ValuesSourceProvider>(
                values.schema, std::move(batches), fmt::format("values(rows={})", values.rows.size()));
            graph_.vertices[v].outputSchema = values.schema;
            return {{v}, values.schema};
        }
        case LogicalKind::Calc: {
            auto& calc = static_cast<CalcNode&>(node);
            Stream in = build(*calc.inputs.at(0));
            int v = openVertex(in, 0, "Calc");
            std::string description = calc.describe();
            // Operators are created once per subtask: each gets its own copy of the expressions.
            auto projections = std::make_shared<std::vector<functions::ExprPtr>>(std::move(calc.projections));
            std::shared_ptr<functions::Expression> filter(std::move(calc.filter));
            std::string origin = graph_.vertices[v].name;
            graph_.vertices[v].chain.push_back([projections, filter, description, origin]() {
                std::vector<functions::ExprPtr> p;
                for (const auto& e : *projections) p.push_back(e->clone());
                return std::make_unique<runtime::CalcOperator>(
                    std::move(p), filter ? filter->clone() : nullptr, description, origin);
            });
            graph_.vertices[v].chainDescriptions.push_back(description);
            graph_.vertices[v].outputSchema = calc.schema;
            return {{v}, calc.schema};
        }
        case LogicalKind::ChangelogNormalize: {
            auto& normalize = static_cast<ChangelogNormalizeNode&>(node);
            Stream in = build(*normalize.inputs.at(0));
            int parallelism = ctx_.defaultParallelism;
            int v;
            if (in.vertices.size() == 1 && parallelism == 1 &&
                graph_.vertices[in.vertices[0]].parallelism == 1) {
                v = in.vertices[0];  // one subtask sees every key: chained, no exchange
            } else {
                // Keyed state: every row of a key must reach the same subtask.
                v = newVertex("ChangelogNormalize", parallelism);
                for (int from : in.vertices)
                    connect(from, v, runtime::Partitioning::Hash, normalize.keyFields);
            }
            std::string description = normalize.describe();
            std::vector<DataType> types = normalize.schema.types();
            std::vector<int> keys = normalize.keyFields;
            // -U rows always: print, collect and retract consumers need them, upsert sinks skip them.
            graph_.vertices[v].chain.push_back([types, keys, description]() {
                return std::make_unique<runtime::ChangelogNormalizeOperator>(types, keys, true, description);
            });
            graph_.vertices[v].chainDescriptions.push_back(description);
            graph_.vertices[v].outputSchema = normalize.schema;
            return {{v}, normalize.schema};
        }
        case LogicalKind::Union: {
            Stream out;
            out.schema = node.schema;
            for (auto& in : node.inputs) {
                Stream s = build(*in);
                out.vertices.insert(out.vertices.end(), s.vertices.begin(), s.vertices.end());
            }
            return out;
        }
        case LogicalKind::Sink:
            throw InternalError("a sink inside a plan");
    }
    throw InternalError("unknown logical node");
}

void PhysicalPlanner::addSink(SinkNode& sink, std::shared_ptr<runtime::SinkProvider> provider) {
    if (!provider) provider = sink.factory->createSink(sink.table, ctx_);
    Stream in = build(*sink.inputs.at(0));  // first: the sources' own validation errors come first
    if (const LogicalNode* updating = updatingNode(*sink.inputs.at(0));
        updating && !provider->acceptsUpdates())
        // Flink's FlinkChangelogModeInferenceProgram message; our updating nodes produce both kinds.
        throw TableError(
            fmt::format("Table sink '{}' doesn't support consuming update and delete changes which is "
                        "produced by node {}",
                        sink.path.toString(), updating->describe()));
    bool updating = updatingNode(*sink.inputs.at(0)) != nullptr;
    std::string name = sink.collect ? "Sink: collect" : "Sink: " + sink.path.toString();
    int parallelism = provider->parallelism();
    int v;
    if (in.vertices.size() == 1 && !graph_.vertices[in.vertices[0]].sink &&
        (parallelism <= 0 || graph_.vertices[in.vertices[0]].parallelism == parallelism)) {
        v = in.vertices[0];  // chained into the vertex that feeds it
        graph_.vertices[v].name += " -> " + name;
    } else {
        int p = parallelism > 0           ? parallelism
                : in.vertices.size() == 1 ? graph_.vertices[in.vertices[0]].parallelism
                                          : ctx_.defaultParallelism;
        v = newVertex(name, p);
        std::vector<int> keys;  // non-empty: keep each key's changes in order across the exchange
        for (int from : in.vertices) {
            if (!updating || sink.collect || graph_.vertices[from].parallelism == p) continue;
            // Flink's CommonExecSink.applyKeyBy: a changelog changing parallelism is keyed by the sink's PK.
            if (sink.table.primaryKey.empty())
                throw TableError(fmt::format(
                    "The sink for table '{}' has a configured parallelism of {}, while the input parallelism "
                    "is "
                    "{}. Since the configured parallelism is different from the input's parallelism and the "
                    "changelog mode is not insert-only, a primary key is required but could not be found.",
                    sink.path.toString(), p, graph_.vertices[from].parallelism));
            keys.clear();
            for (const auto& k : sink.table.primaryKey) keys.push_back(sink.table.physical.indexOf(k));
        }
        for (int from : in.vertices) {
            if (!keys.empty() && graph_.vertices[from].parallelism != p)
                connect(from, v, runtime::Partitioning::Hash, keys);
            else
                connect(from, v);
        }
    }
    graph_.vertices[v].sink = std::move(provider);
    graph_.vertices[v].outputSchema = Schema();
}

runtime::JobGraph PhysicalPlanner::finish() {
    return std::move(graph_);
}

}  // namespace sluice::planner
