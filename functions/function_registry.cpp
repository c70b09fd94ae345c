#include "functions/function_registry.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

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

bool FunctionRegistry::isPlanned(const std::string& name) const { return planned_.count(upper(name)) > 0; }

std::vector<std::string> FunctionRegistry::functionNames() const {
    std::vector<std::string> out;
    for (const auto& [k, d] : defs_)
        if (std::isalpha(static_cast<unsigned char>(k[0])) && d.style == CallStyle::Function) out.push_back(k);
    return out;
}

std::vector<std::string> FunctionRegistry::knownNames() const {
    std::vector<std::string> out = functionNames();
    out.insert(out.end(), planned_.begin(), planned_.end());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace sluice::functions
