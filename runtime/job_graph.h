#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/record_batch.h"
#include "runtime/operator.h"
#include "runtime/sink.h"
#include "runtime/source.h"

namespace sluice::runtime {

using OperatorFactory = std::function<std::unique_ptr<Operator>()>;

/// How rows travel from an upstream subtask to the downstream subtasks.
enum class Partitioning {
    Forward,    // subtask i -> subtask i (equal parallelism)
    Hash,       // by the hash of keyFields
    Rebalance,  // round-robin per batch
    Broadcast,  // to every downstream subtask
    Global,     // all to subtask 0
};
const char* partitioningName(Partitioning p);

/// One vertex of the physical DAG: a chain of operators run by `parallelism` subtasks, each on its
/// own thread. A source vertex starts with `source` and has no inputs; a sink vertex ends with `sink`.
struct Vertex {
    int id = 0;
    std::string name;  // for EXPLAIN and logs, e.g. "Source: orders" / "Calc" / "Sink: out"
    int parallelism = 1;
    std::shared_ptr<SourceProvider> source;
    /// Descriptions of the chained operators for EXPLAIN, parallel to `chain`.
    std::vector<std::string> chainDescriptions;
    std::vector<OperatorFactory> chain;
    std::shared_ptr<SinkProvider> sink;
    /// Number of logical inputs (distinct `Edge::toInput` values); 0 for sources.
    int numInputs = 0;
    /// Schema of what the vertex emits (after its chain); empty for sinks.
    Schema outputSchema;
};

struct Edge {
    int from = 0;
    int to = 0;
    int toInput = 0;
    Partitioning partitioning = Partitioning::Forward;
    std::vector<int> keyFields;  // Hash only
};

struct JobGraph {
    std::string name;
    std::vector<Vertex> vertices;
    std::vector<Edge> edges;

    /// A readable multi-line rendering of the DAG (EXPLAIN): each vertex with its parallelism,
    /// chain, source/sink description and its input edges.
    std::string explain() const;
};

}  // namespace sluice::runtime
