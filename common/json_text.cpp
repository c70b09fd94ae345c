#include "common/json_text.h"

namespace sluice {

namespace {

// Bytes Jackson escapes: control characters, '"' and '\\'.
constexpr bool needsEscape(unsigned char c) {
    return c < 0x20 || c == '"' || c == '\\';
}

void appendEscaped(std::string& out, char c) {
    switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default: {
            constexpr char kHex[] = "0123456789ABCDEF";
            unsigned u = static_cast<unsigned char>(c);
            char esc[6] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
            out.append(esc, 6);
        }
    }
}

}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
    out += '"';
    size_t run = 0;  // start of the bytes not yet copied
    for (size_t i = 0; i < s.size(); ++i) {
        if (!needsEscape(static_cast<unsigned char>(s[i]))) continue;
        out.append(s.data() + run, i - run);
        appendEscaped(out, s[i]);
        run = i + 1;
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

}  // namespace sluice
