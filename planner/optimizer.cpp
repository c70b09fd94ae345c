#include "planner/optimizer.h"

#include "common/error.h"

namespace sluice::planner {

using functions::ExprPtr;

LogicalPtr Optimizer::optimize(LogicalPtr plan) {
    plan = mergeCalcs(std::move(plan));
    pushProjections(*plan);
    plan = removeIdentityCalcs(std::move(plan));
    return plan;
}

LogicalPtr Optimizer::mergeCalcs(LogicalPtr node) {
    for (auto& in : node->inputs) in = mergeCalcs(std::move(in));
    if (node->kind != LogicalKind::Calc || node->inputs.at(0)->kind != LogicalKind::Calc) return node;
    auto& upper = static_cast<CalcNode&>(*node);
    auto& lower = static_cast<CalcNode&>(*node->inputs[0]);
    // Non-deterministic lower projections would be evaluated twice if referenced twice: keep apart.
    for (auto& p : lower.projections)
        if (!functions::isConstant(*p) && !p->deterministic()) return node;
    auto merged = std::make_unique<CalcNode>();
    merged->schema = upper.schema;
    for (auto& p : upper.projections)
        merged->projections.push_back(functions::substituteInputs(*p, lower.projections));
    ExprPtr upperFilter =
        upper.filter ? functions::substituteInputs(*upper.filter, lower.projections) : nullptr;
    if (lower.filter && upperFilter) {
        const auto* andDef = functions_.find("AND");
        auto resolved = andDef->resolve({{lower.filter->type(), {}, {}}, {upperFilter->type(), {}, {}}});
        SLUICE_CHECK(resolved.has_value());
        std::vector<ExprPtr> args;
        args.push_back(std::move(lower.filter));
        args.push_back(std::move(upperFilter));
        merged->filter = std::make_unique<functions::Call>(
            "AND", functions::CallStyle::Infix, resolved->returnType, resolved->kernel, std::move(args));
    } else {
        merged->filter = lower.filter ? std::move(lower.filter) : std::move(upperFilter);
    }
    merged->inputs.push_back(std::move(lower.inputs.at(0)));
    return merged;
}

void Optimizer::pushProjections(LogicalNode& node) {
    for (auto& in : node.inputs) pushProjections(*in);
    if (node.kind != LogicalKind::Calc) return;
    // A ChangelogNormalize between the Calc and the scan passes columns through but needs its key
    // (Flink keeps an upsert source's primary key in the pushed projection too).
    ChangelogNormalizeNode* normalize = nullptr;
    LogicalNode* below = node.inputs.at(0).get();
    if (below->kind == LogicalKind::ChangelogNormalize) {
        normalize = static_cast<ChangelogNormalizeNode*>(below);
        below = below->inputs.at(0).get();
    }
    if (below->kind != LogicalKind::Scan) return;
    auto& calc = static_cast<CalcNode&>(node);
    auto& scan = static_cast<ScanNode&>(*below);
    std::vector<bool> used(scan.schema.size(), false);
    for (auto& p : calc.projections) functions::collectInputRefs(*p, used);
    if (calc.filter) functions::collectInputRefs(*calc.filter, used);
    if (normalize)
        for (int k : normalize->keyFields) used.at(static_cast<size_t>(k)) = true;
    // Keep the scan's order; renumber the Calc's references to the narrowed schema.
    std::vector<int> mapping(used.size(), -1);
    ScanRequest narrowed;
    int next = 0;
    size_t nPhysical = scan.request.physicalFields.size();
    for (size_t i = 0; i < used.size(); ++i) {
        if (!used[i]) continue;
        mapping[i] = next++;
        if (i < nPhysical)
            narrowed.physicalFields.push_back(scan.request.physicalFields[i]);
        else
            narrowed.metadataFields.push_back(scan.request.metadataFields[i - nPhysical]);
    }
    scan.request = narrowed;
    scan.updateSchema();
    if (normalize) {
        normalize->schema = scan.schema;
        for (int& k : normalize->keyFields) k = mapping.at(static_cast<size_t>(k));
    }
    for (auto& p : calc.projections) functions::remapInputRefs(*p, mapping);
    if (calc.filter) functions::remapInputRefs(*calc.filter, mapping);
}

LogicalPtr Optimizer::removeIdentityCalcs(LogicalPtr node) {
    for (auto& in : node->inputs) in = removeIdentityCalcs(std::move(in));
    if (node->kind != LogicalKind::Calc) return node;
    auto& calc = static_cast<CalcNode&>(*node);
    auto& input = *calc.inputs.at(0);
    if (calc.filter || calc.projections.size() != input.schema.size()) return node;
    for (size_t i = 0; i < calc.projections.size(); ++i) {
        auto& p = *calc.projections[i];
        if (p.kind() != functions::Expression::Kind::InputRef ||
            static_cast<functions::InputRef&>(p).index() != (int)i)
            return node;
    }
    // A ChangelogNormalize keeps the scan's names, as its key names them in EXPLAIN.
    if (input.kind == LogicalKind::ChangelogNormalize)
        for (size_t i = 0; i < calc.projections.size(); ++i)
            if (input.schema.fields[i].name != calc.schema.fields[i].name) return node;
    // Same columns in the same order: the Calc only renames; keep the names on the input.
    LogicalPtr in = std::move(calc.inputs[0]);
    for (size_t i = 0; i < in->schema.fields.size(); ++i)
        in->schema.fields[i].name = calc.schema.fields[i].name;
    return in;
}

}  // namespace sluice::planner
