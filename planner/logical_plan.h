#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/record_batch.h"
#include "common/value.h"
#include "functions/expression.h"
#include "planner/catalog.h"
#include "planner/connector_factory.h"

namespace sluice::planner {

enum class LogicalKind { Scan, Values, Calc, ChangelogNormalize, Union, Sink };

/// A node of the logical plan the binder builds and the rules rewrite. Every node knows its
/// output schema; EXPLAIN prints the tree.
struct LogicalNode {
    explicit LogicalNode(LogicalKind k) : kind(k) {}
    virtual ~LogicalNode() = default;
    LogicalKind kind;
    Schema schema;
    std::vector<std::unique_ptr<LogicalNode>> inputs;

    /// One line, e.g. "Calc(select=[id, name], where=[(id > 10)])".
    virtual std::string describe() const = 0;
    /// The tree, one node per line, children indented.
    std::string explain(int indent = 0) const;
    std::vector<std::string> fieldNames() const;
};
using LogicalPtr = std::unique_ptr<LogicalNode>;

/// Reads a catalog table through its connector. Produces the physical columns of
/// `request.physicalFields`, then the metadata columns of `request.metadataFields`.
struct ScanNode : LogicalNode {
    ScanNode() : LogicalNode(LogicalKind::Scan) {}
    ObjectPath path;
    ConnectorTable table;
    const ConnectorFactory* factory = nullptr;
    ScanRequest request;
    /// Recomputes `schema` from `request`.
    void updateSchema();
    std::string describe() const override;
};

/// Constant rows (SQL VALUES).
struct ValuesNode : LogicalNode {
    ValuesNode() : LogicalNode(LogicalKind::Values) {}
    std::vector<std::vector<Value>> rows;
    std::string describe() const override;
};

/// Filter then projection over one input (Flink's Calc).
struct CalcNode : LogicalNode {
    CalcNode() : LogicalNode(LogicalKind::Calc) {}
    std::vector<functions::ExprPtr> projections;
    functions::ExprPtr filter;  // may be null
    std::string describe() const override;
};

/// Flink's ChangelogNormalize over an upsert scan: keeps the last row per key and emits a retract
/// changelog (+I, -U/+U, -D with the full old row). Runs hash-partitioned by the key.
struct ChangelogNormalizeNode : LogicalNode {
    ChangelogNormalizeNode() : LogicalNode(LogicalKind::ChangelogNormalize) {}
    std::vector<int> keyFields;  // indices into the input's (= this node's) schema
    std::string describe() const override;
};

/// The node of `plan` that makes it an updating (not insert-only) stream, or null when `plan` is
/// insert-only. Flink names it when a sink cannot consume updates.
const LogicalNode* updatingNode(const LogicalNode& plan);

/// UNION ALL of inputs with identical schemas.
struct UnionNode : LogicalNode {
    UnionNode() : LogicalNode(LogicalKind::Union) {}
    std::string describe() const override;
};

/// Writes its input into a catalog table (INSERT) or back to the client (SELECT, `collect`).
struct SinkNode : LogicalNode {
    SinkNode() : LogicalNode(LogicalKind::Sink) {}
    ObjectPath path;
    ConnectorTable table;
    const ConnectorFactory* factory = nullptr;
    bool collect = false;
    std::string describe() const override;
};

}  // namespace sluice::planner
