#include "parser/ast.h"

namespace sluice::ast {

std::string QualifiedName::toString() const {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += '.';
        out += parts[i];
    }
    return out;
}

// Out of line because they need the complete Query type.
In::~In() = default;
Subquery::~Subquery() = default;
Exists::~Exists() = default;
SubqueryRef::~SubqueryRef() = default;
NestedBody::~NestedBody() = default;

}  // namespace sluice::ast
