#include "planner/logical_plan.h"

#include <fmt/format.h>

#include "common/value_format.h"

namespace sluice::planner {

std::string LogicalNode::explain(int indent) const {
    std::string out = std::string(static_cast<size_t>(indent) * 2, ' ') + describe() + "\n";
    for (const auto& in : inputs) out += in->explain(indent + 1);
    return out;
}

std::vector<std::string> LogicalNode::fieldNames() const {
    std::vector<std::string> out;
    for (const auto& f : schema.fields) out.push_back(f.name);
    return out;
}

void ScanNode::updateSchema() {
    schema.fields.clear();
    for (int i : request.physicalFields) schema.fields.push_back(table.physical.fields.at(i));
    for (int i : request.metadataFields) {
        const auto& m = table.metadata.at(i);
        schema.fields.push_back({m.name, m.type});
    }
}

std::string ScanNode::describe() const {
    return fmt::format("TableSourceScan(table=[[{}]], fields=[{}])",
                       path.catalog + ", " + path.database + ", " + path.object,
                       fmt::join(fieldNames(), ", "));
}

std::string ValuesNode::describe() const {
    std::vector<std::string> rowTexts;
    for (const auto& row : rows) {
        std::vector<std::string> vals;
        for (size_t i = 0; i < row.size(); ++i) {
            const auto& t = schema.fields.at(i).type;
            std::string v = valueText(row[i], t, TimeZone::utc());
            if (!row[i].isNull() && t.isString()) v = "'" + v + "'";
            vals.push_back(v);
        }
        rowTexts.push_back("{ " + fmt::format("{}", fmt::join(vals, ", ")) + " }");
    }
    return fmt::format("Values(tuples=[[{}]], values=[{}])", fmt::join(rowTexts, ", "),
                       fmt::join(fieldNames(), ", "));
}

std::string CalcNode::describe() const {
    std::vector<std::string> inNames = inputs.at(0)->fieldNames();
    std::vector<std::string> cols;
    for (size_t i = 0; i < projections.size(); ++i) {
        std::string e = projections[i]->toString(inNames);
        const std::string& name = schema.fields.at(i).name;
        cols.push_back(e == name ? e : e + " AS " + name);
    }
    std::string out = fmt::format("Calc(select=[{}]", fmt::join(cols, ", "));
    if (filter) out += fmt::format(", where=[{}]", filter->toString(inNames));
    return out + ")";
}

std::string ChangelogNormalizeNode::describe() const {
    std::vector<std::string> keys;
    for (int k : keyFields) keys.push_back(schema.fields.at(static_cast<size_t>(k)).name);
    return fmt::format("ChangelogNormalize(key=[{}])", fmt::join(keys, ", "));
}

const LogicalNode* updatingNode(const LogicalNode& plan) {
    if (plan.kind == LogicalKind::ChangelogNormalize) return &plan;
    if (plan.kind == LogicalKind::Scan) {
        // An updating scan is always wrapped in a ChangelogNormalize; a bare one still updates.
        const auto& scan = static_cast<const ScanNode&>(plan);
        if (scan.factory && !scan.factory->scanChangelogMode(scan.table).isInsertOnly()) return &plan;
        return nullptr;
    }
    for (const auto& in : plan.inputs)
        if (const LogicalNode* n = updatingNode(*in)) return n;
    return nullptr;
}

std::string UnionNode::describe() const {
    return fmt::format("Union(all=[true], union=[{}])", fmt::join(fieldNames(), ", "));
}

std::string SinkNode::describe() const {
    if (collect) return fmt::format("CollectSink(fields=[{}])", fmt::join(inputs.at(0)->fieldNames(), ", "));
    return fmt::format("Sink(table=[{}], fields=[{}])", path.toString(),
                       fmt::join(inputs.at(0)->fieldNames(), ", "));
}

}  // namespace sluice::planner
