#include "runtime/job_graph.h"

#include <algorithm>

#include <fmt/format.h>

namespace sluice::runtime {

const char* partitioningName(Partitioning p) {
    switch (p) {
        case Partitioning::Forward:
            return "FORWARD";
        case Partitioning::Hash:
            return "HASH";
        case Partitioning::Rebalance:
            return "REBALANCE";
        case Partitioning::Broadcast:
            return "BROADCAST";
        case Partitioning::Global:
            return "GLOBAL";
    }
    return "UNKNOWN";
}

namespace {

constexpr const char* kIndent = "      ";

const Vertex* findVertex(const JobGraph& graph, int id) {
    for (const auto& v : graph.vertices)
        if (v.id == id) return &v;
    return nullptr;
}

std::string edgeText(const JobGraph& graph, const Edge& edge, const Vertex& to) {
    std::string text = fmt::format("<- [{}] {}", edge.from, partitioningName(edge.partitioning));
    if (edge.partitioning == Partitioning::Hash) {
        const Vertex* from = findVertex(graph, edge.from);
        text += '[';
        for (size_t i = 0; i < edge.keyFields.size(); ++i) {
            int key = edge.keyFields[i];
            if (i > 0) text += ", ";
            if (from && key >= 0 && static_cast<size_t>(key) < from->outputSchema.size()) {
                text += from->outputSchema.fields[key].name;
            } else {
                text += fmt::format("${}", key);
            }
        }
        text += ']';
    }
    if (to.numInputs > 1) text += fmt::format("  input={}", edge.toInput);
    return text;
}

}  // namespace

std::string JobGraph::explain() const {
    std::string out;
    for (const Vertex& vertex : vertices) {
        // In data-flow order: what comes in (edges or the source), the chain, where it goes (the sink).
        out += fmt::format("[{}] {}  parallelism={}\n", vertex.id, vertex.name, vertex.parallelism);
        for (const Edge& edge : edges)
            if (edge.to == vertex.id) out += fmt::format("{}{}\n", kIndent, edgeText(*this, edge, vertex));
        if (vertex.source) out += fmt::format("{}source: {}\n", kIndent, vertex.source->describe());
        size_t chained = std::max(vertex.chain.size(), vertex.chainDescriptions.size());
        for (size_t k = 0; k < chained; ++k) {
            const std::string description =
                k < vertex.chainDescriptions.size() ? vertex.chainDescriptions[k] : std::string("(operator)");
            out += fmt::format("{}-> {}\n", kIndent, description);
        }
        if (vertex.sink) out += fmt::format("{}sink: {}\n", kIndent, vertex.sink->describe());
    }
    return out;
}

}  // namespace sluice::runtime
