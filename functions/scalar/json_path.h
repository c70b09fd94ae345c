#pragma once

// JSON documents and Flink's JSON path semantics for JSON_VALUE / JSON_QUERY / JSON_EXISTS.
// Flink evaluates paths with Jayway JsonPath over Jackson trees (SqlJsonUtils.java): a path is
// "lax <p>" or "strict <p>" (anything else is strict), lax suppresses evaluation errors, keys of
// serialized objects are sorted and numbers keep their literal digits (BigDecimal for floats).
// simdjson parses; the tree below keeps the literal text of numbers, which simdjson's DOM drops.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"

namespace sluice::functions::json {

enum class NodeKind : uint8_t { Null, Boolean, Number, String, Array, Object };

struct Node {
    NodeKind kind = NodeKind::Null;
    bool boolean = false;
    bool integral = false;  // a number without fraction or exponent
    uint32_t first = 0;     // Array/Object: children are kids[first, first + count)
    uint32_t count = 0;
    std::string_view text;  // String: the unescaped value; Number: the literal token
    std::string_view key;   // a member of an object: its unescaped key
};

/// One parsed JSON text. Reuse one per kernel call: the padded input buffer, simdjson's parser and
/// the node arrays are kept between parses. Views and node indices stay valid until the next parse.
class Document {
public:
    Document();
    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    /// False when `text` is not one valid JSON value; error() then says why.
    bool parse(std::string_view text);
    const std::string& error() const { return error_; }

    uint32_t root() const { return 0; }
    const Node& node(uint32_t i) const { return nodes_[i]; }
    uint32_t child(const Node& n, uint32_t i) const { return kids_[n.first + i]; }
    /// The last member named `key` (Jackson keeps the last of duplicate keys), or -1.
    int64_t member(const Node& object, std::string_view key) const;
    /// Adds an array node over existing nodes (the matches of an indefinite path, or a wrapper).
    uint32_t addArray(const std::vector<uint32_t>& items);

private:
    struct Parser;
    friend struct Parser;
    std::unique_ptr<Parser> parser_;
    std::vector<Node> nodes_;
    std::vector<uint32_t> kids_;
    std::vector<uint32_t> stack_;
    std::string error_;
};

/// A compiled path. `error` is set when the spec does not compile: evaluating it is an error.
struct Path {
    enum class StepKind : uint8_t { Property, Index, Slice, Wildcard, Scan };
    struct Step {
        explicit Step(StepKind k) : kind(k) {}
        StepKind kind;
        std::vector<std::string> names;  // Property: one, or several for ['a','b']
        std::vector<int64_t> indexes;    // Index: one, or several for [0,2]
        bool hasFrom = false, hasTo = false;
        int64_t from = 0, to = 0;  // Slice [from:to]
        std::string text;          // Jayway's normalized form: ['a'], [0], [*], ..
    };
    bool lax = false;
    std::vector<Step> steps;
    bool definite = true;
    std::string text;  // normalized, e.g. $['a'][0]
    std::string error;
};

/// Compiles a path spec as Flink does: "lax"/"strict" prefix (default strict), then a Jayway path;
/// a path not starting with $ gets "$." in front.
Path compilePath(std::string_view spec);

/// What a path gives for one document: Flink's JsonPathContext.
struct PathResult {
    enum class Kind : uint8_t { Value, Empty, Error };
    Kind kind = Kind::Empty;
    uint32_t node = 0;  // Kind::Value: a node of the document (a JSON null here is "no value")
    std::string error;  // Kind::Error
    bool isNull(const Document& d) const {
        return kind != Kind::Value || d.node(node).kind == NodeKind::Null;
    }
};

/// Evaluates `path` over `doc` (`parsed` false: the input was not valid JSON, doc.error() says why).
/// An indefinite path (wildcards, scans, slices, lists) yields an array of its matches.
void evaluate(const Path& path, Document& doc, bool parsed, PathResult& out);

// --- text

/// Appends `s` as a JSON string literal, escaped as Jackson does (", \, control characters).
void appendQuoted(std::string& out, std::string_view s);
/// Java's BigDecimal(text).toString() for a JSON number literal (and Integer/Long/BigInteger's
/// toString() for integral ones): what Flink prints for a number it parsed.
std::string canonicalNumber(std::string_view token);
/// Java's BigDecimal.toString() of unscaled × 10^-scale.
std::string bigDecimalString(Int128 unscaled, int scale);
/// A node as compact JSON, object keys sorted as Jackson's ORDER_MAP_ENTRIES_BY_KEYS does.
void appendJson(std::string& out, const Document& doc, uint32_t node);
/// A scalar's text as Java's String.valueOf gives it (strings unquoted).
void appendScalarText(std::string& out, const Node& n);
/// Java's String.compareTo (UTF-16 code units) over UTF-8 strings.
bool utf16Less(std::string_view a, std::string_view b);

/// Parses decimal text ([+-]digits[.digits][e[+-]digits], surrounding blanks allowed) into
/// unscaled × 10^-scale, rounding half up (`truncate` false) or toward zero; false on bad syntax or
/// more than 38 digits.
bool parseDecimalText(std::string_view text, int scale, bool truncate, Int128& unscaled);

}  // namespace sluice::functions::json
