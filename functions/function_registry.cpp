#include "functions/function_registry.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "functions/aggregate_registry.h"

namespace sluice::functions {

namespace {
std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}
}  // namespace

std::vector<DataType> argTypes(const std::vector<ArgInfo>& args) {
    std::vector<DataType> out;
    out.reserve(args.size());
    for (const auto& a : args) out.push_back(a.type);
    return out;
}

FunctionRegistry::FunctionRegistry() : aggregates_(std::make_shared<AggregateRegistry>()) {}

void FunctionRegistry::add(FunctionDefinition def) {
    auto key = upper(def.name);
    SLUICE_CHECK(!defs_.count(key));
    defs_.emplace(key, std::move(def));
}

void FunctionRegistry::addPlanned(const std::vector<std::string>& names) {
    for (const auto& n : names) planned_.insert(upper(n));
}

const FunctionDefinition* FunctionRegistry::find(const std::string& name) const {
    auto it = defs_.find(upper(name));
    return it == defs_.end() ? nullptr : &it->second;
}

bool FunctionRegistry::isPlanned(const std::string& name) const {
    return planned_.count(upper(name)) > 0;
}

std::vector<std::string> FunctionRegistry::functionNames() const {
    std::vector<std::string> out;
    for (const auto& [k, d] : defs_)
        if (std::isalpha(static_cast<unsigned char>(k[0])) && d.style == CallStyle::Function)
            out.push_back(k);
    // SHOW FUNCTIONS lists aggregates too, as Flink's does.
    for (const auto& n : aggregates_->names())
        if (!defs_.count(n)) out.push_back(n);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> FunctionRegistry::knownNames() const {
    std::vector<std::string> out = functionNames();
    out.insert(out.end(), planned_.begin(), planned_.end());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace sluice::functions
