#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/format.h"

namespace sluice::connectors {

/// The formats connectors can use, keyed by identifier. Filled from one explicit list.
class FormatRegistry {
public:
    /// The built-in formats (json, csv, raw); lives for the whole process.
    static const FormatRegistry& builtin();

    void add(std::unique_ptr<FormatFactory> factory);
    /// Throws ValidationError listing the available identifiers when none matches.
    const FormatFactory& get(const std::string& identifier) const;
    std::vector<std::string> identifiers() const;

private:
    std::map<std::string, std::unique_ptr<FormatFactory>> factories_;
};

}  // namespace sluice::connectors
