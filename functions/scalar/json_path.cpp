#include "functions/scalar/json_path.h"

#include "common/json_text.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <type_traits>

namespace sluice::functions::json {

namespace ondemand = simdjson::ondemand;

namespace {

// simdjson results carry an error code; a malformed document is reported through this.
struct Malformed {
    std::string message;
};

template <class T>
T take(simdjson::simdjson_result<T>&& r) {
    T value;
    if (auto err = std::move(r).get(value)) throw Malformed{simdjson::error_message(err)};
    return value;
}

template <class T>
std::string_view rawToken(T& v) {
    if constexpr (std::is_same_v<decltype(v.raw_json_token()), std::string_view>)
        return v.raw_json_token();
    else
        return take(v.raw_json_token());
}

std::string_view trimBlanks(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

// RFC 8259 number grammar; sets `integral` when there is no fraction or exponent.
bool validNumber(std::string_view t, bool& integral) {
    size_t i = 0, n = t.size();
    if (i < n && t[i] == '-') ++i;
    if (i >= n) return false;
    if (t[i] == '0') {
        ++i;
    } else if (t[i] >= '1' && t[i] <= '9') {
        while (i < n && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    } else {
        return false;
    }
    integral = true;
    if (i < n && t[i] == '.') {
        integral = false;
        size_t start = ++i;
        while (i < n && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
        if (i == start) return false;
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        integral = false;
        ++i;
        if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
        size_t start = i;
        while (i < n && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
        if (i == start) return false;
    }
    return i == n;
}

Node nodeOf(NodeKind kind) {
    Node n;
    n.kind = kind;
    return n;
}

}  // namespace

// Builds the node tree from simdjson's on-demand iteration, depth first.
struct Document::Parser {
    ondemand::parser parser;
    std::string buffer;  // the input plus SIMDJSON_PADDING bytes of slack

    template <class V>
    static uint32_t scalar(Document& d, V& v, ondemand::json_type type) {
        uint32_t idx = static_cast<uint32_t>(d.nodes_.size());
        d.nodes_.emplace_back();
        Node n;
        switch (type) {
            case ondemand::json_type::null:
                if (!take(v.is_null())) throw Malformed{"invalid literal"};
                n.kind = NodeKind::Null;
                break;
            case ondemand::json_type::boolean:
                n.kind = NodeKind::Boolean;
                n.boolean = take(v.get_bool());
                break;
            case ondemand::json_type::number: {
                n.kind = NodeKind::Number;
                n.text = trimBlanks(rawToken(v));
                if (!validNumber(n.text, n.integral)) throw Malformed{"invalid number"};
                break;
            }
            case ondemand::json_type::string:
                n.kind = NodeKind::String;
                n.text = take(v.get_string());
                break;
            default:
                throw Malformed{"unexpected value"};
        }
        d.nodes_[idx] = n;
        return idx;
    }

    static uint32_t value(Document& d, ondemand::value v) {
        ondemand::json_type type = take(v.type());
        if (type == ondemand::json_type::object) return object(d, take(v.get_object()));
        if (type == ondemand::json_type::array) return array(d, take(v.get_array()));
        return scalar(d, v, type);
    }

    static void closeContainer(Document& d, uint32_t idx, size_t mark) {
        Node& n = d.nodes_[idx];
        n.first = static_cast<uint32_t>(d.kids_.size());
        n.count = static_cast<uint32_t>(d.stack_.size() - mark);
        d.kids_.insert(d.kids_.end(), d.stack_.begin() + static_cast<std::ptrdiff_t>(mark), d.stack_.end());
        d.stack_.resize(mark);
    }

    static uint32_t object(Document& d, ondemand::object obj) {
        uint32_t idx = static_cast<uint32_t>(d.nodes_.size());
        d.nodes_.push_back(nodeOf(NodeKind::Object));
        size_t mark = d.stack_.size();
        for (auto field : obj) {
            ondemand::field f = take(std::move(field));
            std::string_view key = take(f.unescaped_key());
            uint32_t child = value(d, f.value());
            d.nodes_[child].key = key;
            d.stack_.push_back(child);
        }
        closeContainer(d, idx, mark);
        return idx;
    }

    static uint32_t array(Document& d, ondemand::array arr) {
        uint32_t idx = static_cast<uint32_t>(d.nodes_.size());
        d.nodes_.push_back(nodeOf(NodeKind::Array));
        size_t mark = d.stack_.size();
        for (auto el : arr) d.stack_.push_back(value(d, take(std::move(el))));
        closeContainer(d, idx, mark);
        return idx;
    }
};

Document::Document() : parser_(std::make_unique<Parser>()) {}
Document::~Document() = default;

bool Document::parse(std::string_view text) {
    nodes_.clear();
    kids_.clear();
    stack_.clear();
    error_.clear();
    std::string& buf = parser_->buffer;
    buf.assign(text.data(), text.size());
    if (buf.capacity() < text.size() + simdjson::SIMDJSON_PADDING)
        buf.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    try {
        if (trimBlanks(text).empty()) throw Malformed{"No content to map due to end-of-input"};
        ondemand::document doc = take(parser_->parser.iterate(buf.data(), buf.size(), buf.capacity()));
        ondemand::json_type type = take(doc.type());
        if (type == ondemand::json_type::object)
            Parser::object(*this, take(doc.get_object()));
        else if (type == ondemand::json_type::array)
            Parser::array(*this, take(doc.get_array()));
        else
            Parser::scalar(*this, doc, type);
        // a consumed container leaves nothing behind; a root number is only peeked at (simdjson's
        // getters check the other root scalars), so look past its token ourselves
        bool trailing = false;
        if (type == ondemand::json_type::object || type == ondemand::json_type::array) {
            trailing = !doc.current_location().error();
        } else if (type == ondemand::json_type::number) {
            std::string_view token = nodes_[0].text;
            size_t end = static_cast<size_t>(token.data() - buf.data()) + token.size();
            trailing = !trimBlanks(std::string_view(buf).substr(end)).empty();
        }
        if (trailing) throw Malformed{"trailing content after the JSON value"};
        return true;
    } catch (const Malformed& m) {
        nodes_.clear();
        error_ = m.message;
        return false;
    }
}

int64_t Document::member(const Node& object, std::string_view key) const {
    int64_t found = -1;
    for (uint32_t i = 0; i < object.count; ++i) {
        uint32_t c = child(object, i);
        if (nodes_[c].key == key) found = c;
    }
    return found;
}

uint32_t Document::addArray(const std::vector<uint32_t>& items) {
    Node n = nodeOf(NodeKind::Array);
    n.first = static_cast<uint32_t>(kids_.size());
    n.count = static_cast<uint32_t>(items.size());
    kids_.insert(kids_.end(), items.begin(), items.end());
    nodes_.push_back(n);
    return static_cast<uint32_t>(nodes_.size() - 1);
}

// ---------------------------------------------------------------------------------------------
// Path compiler (Jayway's PathCompiler, the parts SQL users write)

namespace {

bool startsWithWordCi(std::string_view s, std::string_view word) {
    if (s.size() < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != word[i]) return false;
    return true;
}

std::string quoteNames(const std::vector<std::string>& names) {
    std::string s = "[";
    for (size_t i = 0; i < names.size(); ++i) {
        if (i) s += ",";
        s += "'" + names[i] + "'";
    }
    return s + "]";
}

struct PathParser {
    std::string_view p;
    size_t i = 0;
    Path& out;

    [[noreturn]] void fail(const std::string& why) { throw Malformed{why}; }

    void skipBlanks() {
        while (i < p.size() && std::isspace(static_cast<unsigned char>(p[i]))) ++i;
    }

    void add(Path::Step step) {
        if (step.kind != Path::StepKind::Property && step.kind != Path::StepKind::Index) out.definite = false;
        if (step.names.size() > 1 || step.indexes.size() > 1) out.definite = false;
        out.text += step.text;
        out.steps.push_back(std::move(step));
    }

    void property(std::string name) {
        Path::Step s(Path::StepKind::Property);
        s.names.push_back(std::move(name));
        s.text = quoteNames(s.names);
        add(std::move(s));
    }

    void wildcard() {
        Path::Step s(Path::StepKind::Wildcard);
        s.text = "[*]";
        add(std::move(s));
    }

    // .name or .* after a dot (or two).
    void dotted() {
        size_t start = i;
        while (i < p.size() && p[i] != '.' && p[i] != '[' &&
               !std::isspace(static_cast<unsigned char>(p[i]))) {
            if (p[i] == '(') fail("Function calls in paths are not supported: " + std::string(p));
            ++i;
        }
        std::string name(p.substr(start, i - start));
        if (name.empty()) fail("Path must not end with a '.' or '..'");
        if (name == "*")
            wildcard();
        else
            property(std::move(name));
    }

    std::string quoted() {
        char q = p[i++];
        std::string s;
        while (i < p.size() && p[i] != q) {
            if (p[i] == '\\' && i + 1 < p.size()) ++i;
            s += p[i++];
        }
        if (i >= p.size()) fail("Property has not been closed - missing closing " + std::string(1, q));
        ++i;
        return s;
    }

    static bool parseInt(std::string_view t, int64_t& v) {
        t = trimBlanks(t);
        if (t.empty()) return false;
        size_t k = 0;
        bool neg = false;
        if (t[0] == '-') neg = true, k = 1;
        if (k >= t.size()) return false;
        int64_t r = 0;
        for (; k < t.size(); ++k) {
            if (!std::isdigit(static_cast<unsigned char>(t[k])) || r > 100000000000000000LL) return false;
            r = r * 10 + (t[k] - '0');
        }
        v = neg ? -r : r;
        return true;
    }

    void bracket() {
        ++i;  // '['
        skipBlanks();
        if (i >= p.size()) fail("Path must not end with a '['");
        if (p[i] == '\'' || p[i] == '"') {
            Path::Step s(Path::StepKind::Property);
            for (;;) {
                skipBlanks();
                if (i >= p.size() || (p[i] != '\'' && p[i] != '"'))
                    fail("Expected a quoted property in " + std::string(p));
                s.names.push_back(quoted());
                skipBlanks();
                if (i < p.size() && p[i] == ',') {
                    ++i;
                    continue;
                }
                break;
            }
            if (i >= p.size() || p[i] != ']') fail("Property has not been closed - missing closing ]");
            ++i;
            s.text = quoteNames(s.names);
            add(std::move(s));
            return;
        }
        if (p[i] == '?' || p[i] == '(')
            fail("Filter and script expressions are not supported: " + std::string(p));
        size_t close = p.find(']', i);
        if (close == std::string_view::npos)
            fail("Could not parse token starting at position " + std::to_string(i));
        std::string_view body = trimBlanks(p.substr(i, close - i));
        i = close + 1;
        if (body == "*") return wildcard();
        if (body.find(':') != std::string_view::npos) {
            Path::Step s(Path::StepKind::Slice);
            size_t colon = body.find(':');
            std::string_view a = trimBlanks(body.substr(0, colon)), b = trimBlanks(body.substr(colon + 1));
            if (!a.empty() && !parseInt(a, s.from))
                fail("Failed to parse SliceOperation: " + std::string(body));
            if (!b.empty() && !parseInt(b, s.to))
                fail("Failed to parse SliceOperation: " + std::string(body));
            s.hasFrom = !a.empty();
            s.hasTo = !b.empty();
            s.text = "[" + std::string(body) + "]";
            add(std::move(s));
            return;
        }
        Path::Step s(Path::StepKind::Index);
        size_t start = 0;
        for (;;) {
            size_t comma = body.find(',', start);
            int64_t v;
            if (!parseInt(body.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                             : comma - start),
                          v))
                fail("Could not parse token starting at position " + std::to_string(close - body.size()) +
                     ". Expected ?, ', 0-9, * ");
            s.indexes.push_back(v);
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
        s.text = "[";
        for (size_t k = 0; k < s.indexes.size(); ++k) s.text += (k ? "," : "") + std::to_string(s.indexes[k]);
        s.text += "]";
        add(std::move(s));
    }

    void run() {
        out.text = "$";
        ++i;  // '$'
        while (true) {
            skipBlanks();
            if (i >= p.size()) return;
            if (p[i] == '[') {
                bracket();
            } else if (p[i] == '.') {
                ++i;
                if (i < p.size() && p[i] == '.') {
                    ++i;
                    Path::Step s(Path::StepKind::Scan);
                    s.text = "..";
                    add(std::move(s));
                    if (i < p.size() && p[i] == '[') {
                        bracket();
                        continue;
                    }
                    dotted();
                } else if (i < p.size() && p[i] == '[') {
                    bracket();
                } else {
                    dotted();
                }
            } else {
                fail("Could not parse token starting at position " + std::to_string(i) + " in path " +
                     std::string(p));
            }
        }
    }
};

}  // namespace

Path compilePath(std::string_view spec) {
    Path path;
    // SqlJsonUtils: ^\s*(strict|lax)\s+(.+)$, case-insensitive; otherwise strict over the whole spec
    std::string_view rest = spec;
    size_t b = 0;
    while (b < rest.size() && std::isspace(static_cast<unsigned char>(rest[b]))) ++b;
    std::string_view head = rest.substr(b);
    for (std::string_view mode : {std::string_view("strict"), std::string_view("lax")}) {
        if (startsWithWordCi(head, mode) && head.size() > mode.size() &&
            std::isspace(static_cast<unsigned char>(head[mode.size()]))) {
            std::string_view tail = trimBlanks(head.substr(mode.size()));
            if (!tail.empty()) {
                path.lax = mode == "lax";
                rest = head.substr(mode.size());
                while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())))
                    rest.remove_prefix(1);
            }
            break;
        }
    }
    std::string text(trimBlanks(rest));
    try {
        if (text.empty()) throw Malformed{"Path may not be null empty"};
        if (text[0] != '$' && text[0] != '@') text = "$." + text;
        if (text[0] == '@') throw Malformed{"Path must start with $"};
        PathParser parser{text, 0, path};
        parser.run();
    } catch (const Malformed& m) {
        path.steps.clear();
        path.error = m.message;
    }
    return path;
}

// ---------------------------------------------------------------------------------------------
// Evaluation (Jayway's PathToken semantics; lax = Option.SUPPRESS_EXCEPTIONS)

namespace {

const char* javaClassOf(const Node& n) {
    switch (n.kind) {
        case NodeKind::Null:
            return "null";
        case NodeKind::Boolean:
            return "java.lang.Boolean";
        case NodeKind::Number:
            return n.integral ? "java.lang.Integer" : "java.math.BigDecimal";
        case NodeKind::String:
            return "java.lang.String";
        case NodeKind::Array:
            return "java.util.ArrayList";
        case NodeKind::Object:
            return "java.util.LinkedHashMap";
    }
    return "null";
}

struct Evaluator {
    const Path& path;
    Document& doc;
    std::vector<uint32_t> matches;
    std::string error;

    std::string prefix(size_t step) const {
        std::string s = "$";
        for (size_t k = 0; k < step; ++k) s += path.steps[k].text;
        return s;
    }

    // false: stop with `error` set (strict mode only)
    bool walk(uint32_t at, size_t step, bool upstreamDefinite) {
        if (step == path.steps.size()) {
            matches.push_back(at);
            return true;
        }
        const Path::Step& s = path.steps[step];
        const Node n = doc.node(at);
        bool leaf = step + 1 == path.steps.size();
        bool tokenDefinite = (s.kind == Path::StepKind::Property && s.names.size() == 1) ||
                             (s.kind == Path::StepKind::Index && s.indexes.size() == 1);
        bool strictHere = !path.lax && upstreamDefinite;
        bool downstream = upstreamDefinite && tokenDefinite;
        switch (s.kind) {
            case Path::StepKind::Property: {
                if (n.kind != NodeKind::Object) {
                    if (!strictHere) return true;
                    error = fmt::format(
                        "Expected to find an object with property {} in path {} but found '{}'. This is not "
                        "a json "
                        "object according to the JsonProvider: "
                        "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.",
                        s.text, prefix(step), javaClassOf(n));
                    return false;
                }
                for (const auto& name : s.names) {
                    int64_t c = doc.member(n, name);
                    if (c < 0) {
                        if (leaf || !(upstreamDefinite && tokenDefinite) || path.lax) continue;
                        error = "Missing property in path " + prefix(step) + "['" + name + "']";
                        return false;
                    }
                    if (!walk(static_cast<uint32_t>(c), step + 1, downstream)) return false;
                }
                return true;
            }
            case Path::StepKind::Index:
            case Path::StepKind::Slice: {
                if (n.kind != NodeKind::Array) {
                    if (!strictHere) return true;
                    if (n.kind == NodeKind::Null)
                        error = "The path " + prefix(step) + " is null";
                    else
                        error =
                            fmt::format("Filter: {} can only be applied to arrays. Current context is: {}",
                                        s.text, javaClassOf(n));
                    return false;
                }
                int64_t len = n.count;
                if (s.kind == Path::StepKind::Index) {
                    for (int64_t idx : s.indexes) {
                        int64_t eff = idx < 0 ? len + idx : idx;
                        if (eff < 0 || eff >= len) continue;  // Jayway ignores indexes out of bounds
                        if (!walk(doc.child(n, static_cast<uint32_t>(eff)), step + 1, downstream))
                            return false;
                    }
                } else {
                    int64_t from = s.hasFrom ? (s.from < 0 ? std::max<int64_t>(0, len + s.from) : s.from) : 0;
                    int64_t to = s.hasTo ? (s.to < 0 ? len + s.to : std::min(s.to, len)) : len;
                    if (!s.hasTo && s.hasFrom && s.from < 0) to = len;
                    for (int64_t k = from; k < to && k < len; ++k)
                        if (!walk(doc.child(n, static_cast<uint32_t>(k)), step + 1, false)) return false;
                }
                return true;
            }
            case Path::StepKind::Wildcard:
                if (n.kind == NodeKind::Object || n.kind == NodeKind::Array)
                    for (uint32_t k = 0; k < n.count; ++k)
                        if (!walk(doc.child(n, k), step + 1, false)) return false;
                return true;
            case Path::StepKind::Scan:
                return scan(at, step + 1);
        }
        return true;
    }

    // `..`: the next step applies to this node and to every container below it.
    bool scan(uint32_t at, size_t next) {
        const Node n = doc.node(at);
        if (n.kind != NodeKind::Object && n.kind != NodeKind::Array) return true;
        if (next < path.steps.size() && !walk(at, next, false)) return false;
        for (uint32_t k = 0; k < n.count; ++k)
            if (!scan(doc.child(n, k), next)) return false;
        return true;
    }
};

}  // namespace

void evaluate(const Path& path, Document& doc, bool parsed, PathResult& out) {
    out.error.clear();
    out.node = 0;
    if (!parsed) {
        // lax: an unparsable input is an empty result; strict: an error
        out.kind = path.lax ? PathResult::Kind::Empty : PathResult::Kind::Error;
        if (!path.lax) out.error = doc.error();
        return;
    }
    if (!path.error.empty()) {
        out.kind = PathResult::Kind::Error;
        out.error = path.error;
        return;
    }
    if (doc.node(doc.root()).kind == NodeKind::Null) {
        // JsonPath.parse(null) throws in both modes
        out.kind = PathResult::Kind::Error;
        out.error = "json string can not be null or empty";
        return;
    }
    Evaluator ev{path, doc, {}, {}};
    if (!ev.walk(doc.root(), 0, true)) {
        out.kind = PathResult::Kind::Error;
        out.error = std::move(ev.error);
        return;
    }
    if (!path.definite) {
        out.kind = PathResult::Kind::Value;
        out.node = doc.addArray(ev.matches);
        return;
    }
    if (ev.matches.empty()) {
        out.kind = path.lax ? PathResult::Kind::Empty : PathResult::Kind::Error;
        if (!path.lax) out.error = "No results for path: " + path.text;
        return;
    }
    out.kind = PathResult::Kind::Value;
    out.node = ev.matches.front();
}

// ---------------------------------------------------------------------------------------------
// Text

void appendQuoted(std::string& out, std::string_view s) {
    appendJsonString(out, s);
}

namespace {

// Java's BigDecimal.toString over a coefficient's digits (no sign, no leading zeros) and a scale.
std::string javaDecimalLayout(bool negative, const std::string& coeff, int64_t scale) {
    std::string s;
    if (negative && coeff != "0") s += '-';
    int64_t len = static_cast<int64_t>(coeff.size());
    int64_t adjusted = -scale + (len - 1);
    if (scale == 0) return s + coeff;
    if (scale > 0 && adjusted >= -6) {
        if (len > scale) {
            s += coeff.substr(0, static_cast<size_t>(len - scale));
            s += '.';
            s += coeff.substr(static_cast<size_t>(len - scale));
        } else {
            s += "0.";
            s.append(static_cast<size_t>(scale - len), '0');
            s += coeff;
        }
        return s;
    }
    s += coeff[0];
    if (len > 1) {
        s += '.';
        s += coeff.substr(1);
    }
    s += 'E';
    if (adjusted > 0) s += '+';
    s += std::to_string(adjusted);
    return s;
}

}  // namespace

std::string canonicalNumber(std::string_view t) {
    bool negative = !t.empty() && t[0] == '-';
    if (negative) t.remove_prefix(1);
    size_t dot = t.find('.');
    size_t exp = t.find_first_of("eE");
    std::string_view intPart = t.substr(0, std::min(dot, exp));
    std::string_view frac;
    if (dot != std::string_view::npos)
        frac = t.substr(dot + 1, (exp == std::string_view::npos ? t.size() : exp) - dot - 1);
    int64_t e = 0;
    if (exp != std::string_view::npos) {
        std::string_view es = t.substr(exp + 1);
        bool eneg = !es.empty() && es[0] == '-';
        if (!es.empty() && (es[0] == '-' || es[0] == '+')) es.remove_prefix(1);
        for (char c : es) e = std::min<int64_t>(e * 10 + (c - '0'), 1000000000);
        if (eneg) e = -e;
    }
    std::string coeff(intPart);
    coeff += frac;
    size_t nz = coeff.find_first_not_of('0');
    coeff = nz == std::string::npos ? "0" : coeff.substr(nz);
    if (dot == std::string_view::npos && exp == std::string_view::npos)
        return (negative && coeff != "0" ? "-" : "") + coeff;
    return javaDecimalLayout(negative, coeff, static_cast<int64_t>(frac.size()) - e);
}

std::string bigDecimalString(Int128 unscaled, int scale) {
    bool negative = unscaled < 0;
    unsigned __int128 u = negative ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1
                                   : static_cast<unsigned __int128>(unscaled);
    std::string digits;
    do {
        digits += static_cast<char>('0' + static_cast<int>(u % 10));
        u /= 10;
    } while (u != 0);
    std::reverse(digits.begin(), digits.end());
    return javaDecimalLayout(negative, digits, scale);
}

void appendScalarText(std::string& out, const Node& n) {
    switch (n.kind) {
        case NodeKind::String:
            out += n.text;
            break;
        case NodeKind::Number:
            out += canonicalNumber(n.text);
            break;
        case NodeKind::Boolean:
            out += n.boolean ? "true" : "false";
            break;
        default:
            out += "null";
    }
}

bool utf16Less(std::string_view a, std::string_view b) {
    // Decodes UTF-8 into UTF-16 code units one at a time.
    struct Units {
        std::string_view s;
        size_t i = 0;
        uint16_t pendingLow = 0;
        bool next(uint16_t& u) {
            if (pendingLow) {
                u = pendingLow;
                pendingLow = 0;
                return true;
            }
            if (i >= s.size()) return false;
            unsigned char c = static_cast<unsigned char>(s[i]);
            uint32_t cp;
            int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
            cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
            ++i;
            for (int k = 0; k < extra && i < s.size(); ++k, ++i)
                cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                u = static_cast<uint16_t>(0xD800 + (cp >> 10));
                pendingLow = static_cast<uint16_t>(0xDC00 + (cp & 0x3FF));
            } else {
                u = static_cast<uint16_t>(cp);
            }
            return true;
        }
    };
    Units x{a}, y{b};
    for (;;) {
        uint16_t ux, uy;
        bool hx = x.next(ux), hy = y.next(uy);
        if (!hx || !hy) return !hx && hy;
        if (ux != uy) return ux < uy;
    }
}

void appendJson(std::string& out, const Document& doc, uint32_t idx) {
    const Node& n = doc.node(idx);
    switch (n.kind) {
        case NodeKind::Null:
            out += "null";
            return;
        case NodeKind::Boolean:
            out += n.boolean ? "true" : "false";
            return;
        case NodeKind::Number:
            out += canonicalNumber(n.text);
            return;
        case NodeKind::String:
            appendQuoted(out, n.text);
            return;
        case NodeKind::Array:
            out += '[';
            for (uint32_t k = 0; k < n.count; ++k) {
                if (k) out += ',';
                appendJson(out, doc, doc.child(n, k));
            }
            out += ']';
            return;
        case NodeKind::Object: {
            // Jackson keeps the last of duplicate keys and sorts the keys when it writes
            std::vector<uint32_t> members;
            members.reserve(n.count);
            for (uint32_t k = 0; k < n.count; ++k) members.push_back(doc.child(n, k));
            std::stable_sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) {
                return utf16Less(doc.node(x).key, doc.node(y).key);
            });
            out += '{';
            bool first = true;
            for (size_t k = 0; k < members.size(); ++k) {
                if (k + 1 < members.size() && doc.node(members[k]).key == doc.node(members[k + 1]).key)
                    continue;
                if (!first) out += ',';
                first = false;
                appendQuoted(out, doc.node(members[k]).key);
                out += ':';
                appendJson(out, doc, members[k]);
            }
            out += '}';
            return;
        }
    }
}

bool parseDecimalText(std::string_view text, int scale, bool truncate, Int128& unscaled) {
    std::string_view t = trimBlanks(text);
    bool negative = false;
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
        negative = t[0] == '-';
        t.remove_prefix(1);
    }
    std::string digits;
    int64_t pointShift = 0;  // digits after the point
    bool seenPoint = false, any = false;
    size_t i = 0;
    for (; i < t.size(); ++i) {
        char c = t[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            any = true;
            if (!(digits.empty() && c == '0')) digits += c;
            if (seenPoint) ++pointShift;
        } else if (c == '.' && !seenPoint) {
            seenPoint = true;
        } else {
            break;
        }
    }
    if (!any) return false;
    int64_t e = 0;
    if (i < t.size()) {
        if (t[i] != 'e' && t[i] != 'E') return false;
        ++i;
        bool eneg = false;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) eneg = t[i++] == '-';
        if (i >= t.size()) return false;
        for (; i < t.size(); ++i) {
            if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
            e = std::min<int64_t>(e * 10 + (t[i] - '0'), 100000);
        }
        if (eneg) e = -e;
    }
    // value = digits × 10^(e - pointShift); wanted: value × 10^scale
    int64_t shift = e - pointShift + scale;
    if (digits.empty()) {
        unscaled = 0;
        return true;
    }
    if (shift >= 0) {
        if (static_cast<int64_t>(digits.size()) + shift > 38) return false;
        digits.append(static_cast<size_t>(shift), '0');
        Int128 r = 0;
        for (char c : digits) r = r * 10 + (c - '0');
        unscaled = negative ? -r : r;
        return true;
    }
    int64_t drop = -shift;
    int64_t keep = static_cast<int64_t>(digits.size()) - drop;
    Int128 r = 0;
    if (keep > 38) return false;
    for (int64_t k = 0; k < keep; ++k) r = r * 10 + (digits[static_cast<size_t>(k)] - '0');
    if (!truncate && keep >= 0 && static_cast<size_t>(keep) < digits.size() &&
        digits[static_cast<size_t>(keep)] >= '5')
        ++r;
    unscaled = negative ? -r : r;
    return true;
}

}  // namespace sluice::functions::json
