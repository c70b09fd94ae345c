#pragma once

#include <memory>
#include <string>
#include <vector>

#include "planner/connector_factory.h"
#include "planner/logical_plan.h"
#include "runtime/job_graph.h"

namespace sluice::planner {

/// Translates optimized logical plans into a runtime JobGraph: each scan becomes a source vertex,
/// Calcs are chained into the vertex that feeds them, a UNION ALL feeds one downstream vertex
/// through several edges, and sinks are chained where parallelism allows (Forward edges between
/// equal parallelism, Rebalance otherwise). A ChangelogNormalize gets its own vertex behind a Hash
/// exchange on its key (chained into its source at parallelism 1). A sink that cannot consume
/// updates refuses an updating input. Creating providers validates connector options.
class PhysicalPlanner {
public:
    PhysicalPlanner(FactoryContext ctx, std::string jobName);

    /// Adds the pipeline ending in `sink`; `provider` overrides the sink's connector (SELECT results).
    void addSink(SinkNode& sink, std::shared_ptr<runtime::SinkProvider> provider = nullptr);
    /// Whether every source added so far is bounded.
    bool allSourcesBounded() const { return allBounded_; }
    /// Name of an unbounded source, for batch-mode errors.
    const std::string& firstUnboundedSource() const { return firstUnbounded_; }
    runtime::JobGraph finish();

private:
    struct Stream {
        std::vector<int> vertices;
        Schema schema;
    };
    Stream build(LogicalNode& node);
    int newVertex(std::string name, int parallelism);
    /// A single vertex whose chain can be extended with a new operator: the stream's own when it
    /// has one, else a new vertex merging the stream's vertices.
    int openVertex(const Stream& s, int parallelism, const std::string& name);
    /// Forward between equal parallelism, else Rebalance.
    void connect(int from, int to);
    void connect(int from, int to, runtime::Partitioning partitioning, std::vector<int> keyFields);

    FactoryContext ctx_;
    runtime::JobGraph graph_;
    bool allBounded_ = true;
    std::string firstUnbounded_;
};

}  // namespace sluice::planner
