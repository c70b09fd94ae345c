#include "cli/completer.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "common/string_util.h"
#include "connectors/formats/format_registry.h"
#include "planner/catalog.h"
#include "planner/session.h"
#include "runtime/job.h"

namespace sluice::cli {

namespace {

struct Token {
    enum Kind { Word, String, Quoted, Number, Symbol };
    Kind kind;
    std::string text;  // String: the unquoted value; Quoted: the identifier without backticks
    size_t begin;
    size_t end;
    bool closed = true;  // String/Quoted: whether the closing quote was seen
    std::string upper() const { return kind == Word ? toUpper(text) : text; }
    bool is(const char* s) const { return (kind == Word || kind == Symbol) && upper() == s; }
};

bool wordStart(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '\\' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool wordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}

/// Splits `text` into tokens, skipping comments. Sets `inComment` when `cursor` lies in one.
std::vector<Token> tokenize(const std::string& text, size_t cursor, bool& inComment) {
    std::vector<Token> out;
    inComment = false;
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            size_t eol = text.find('\n', i);
            size_t end = eol == std::string::npos ? text.size() : eol;
            if (cursor > i && cursor <= end) inComment = true;
            i = end;
        } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
            size_t close = text.find("*/", i + 2);
            size_t end = close == std::string::npos ? text.size() : close + 2;
            if (cursor > i && (cursor < end || close == std::string::npos)) inComment = true;
            i = end;
        } else if (c == '\'' || c == '`') {
            Token t{c == '\'' ? Token::String : Token::Quoted, "", i, i, false};
            size_t j = i + 1;
            while (j < text.size()) {
                if (text[j] == c) {
                    if (j + 1 < text.size() && text[j + 1] == c) {  // doubled quote: one quote character
                        t.text += c;
                        j += 2;
                        continue;
                    }
                    t.closed = true;
                    ++j;
                    break;
                }
                t.text += text[j++];
            }
            t.end = j;
            out.push_back(std::move(t));
            i = j;
        } else if (wordStart(c)) {
            size_t j = i + 1;
            while (j < text.size() &&
                   (wordChar(text[j]) || (c == '\\' && !std::isspace((unsigned char)text[j]))))
                ++j;
            out.push_back({Token::Word, text.substr(i, j - i), i, j});
            i = j;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            size_t j = i + 1;
            while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '.'))
                ++j;
            out.push_back({Token::Number, text.substr(i, j - i), i, j});
            i = j;
        } else {
            out.push_back({Token::Symbol, std::string(1, c), i, i + 1});
            ++i;
        }
    }
    return out;
}

bool startsWithIgnoreCase(const std::string& s, const std::string& prefix) {
    if (prefix.size() > s.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

std::string toLowerCopy(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Words that follow the first word of a statement.
const std::map<std::string, std::vector<std::string>>& followers() {
    static const std::map<std::string, std::vector<std::string>> m = {
        {"SHOW",
         {"TABLES", "VIEWS", "FUNCTIONS", "JOBS", "CATALOGS", "DATABASES", "CREATE", "COLUMNS", "CURRENT",
          "MODULES", "JARS", "USER"}},
        {"CREATE", {"TABLE", "TEMPORARY", "VIEW", "CATALOG", "DATABASE", "FUNCTION"}},
        {"DROP", {"TABLE", "TEMPORARY", "VIEW", "CATALOG", "DATABASE", "FUNCTION"}},
        {"ALTER", {"TABLE", "VIEW", "DATABASE", "FUNCTION"}},
        {"INSERT", {"INTO", "OVERWRITE"}},
        {"STOP", {"JOB"}},
        {"EXPLAIN", {"SELECT", "INSERT", "PLAN", "WITH", "STATEMENT", "EXECUTE"}},
        {"EXECUTE", {"STATEMENT", "INSERT", "SELECT"}},
        {"BEGIN", {"STATEMENT"}},
        {"USE", {"CATALOG"}},
    };
    return m;
}

const std::vector<std::string>& statementStarts() {
    static const std::vector<std::string> v = {"ALTER",  "BEGIN", "CLEAR",   "CREATE", "DESC",    "DESCRIBE",
                                               "DROP",   "END",   "EXECUTE", "EXIT",   "EXPLAIN", "HELP",
                                               "INSERT", "QUIT",  "RESET",   "SELECT", "SET",     "SHOW",
                                               "STOP",   "USE",   "WITH"};
    return v;
}

// Values offered after SET 'key' = '.
const std::map<std::string, std::vector<std::string>>& configValues() {
    static const std::map<std::string, std::vector<std::string>> m = {
        {"sql-client.execution.result-mode", {"table", "changelog", "tableau"}},
        {"execution.runtime-mode", {"streaming", "batch"}},
        {"execution.checkpointing.mode", {"EXACTLY_ONCE", "AT_LEAST_ONCE"}},
        {"sql-client.verbose", {"true", "false"}},
        {"table.dml-sync", {"true", "false"}},
        {"table.exec.sink.type-length-enforcer", {"IGNORE", "TRIM_PAD"}},
    };
    return m;
}

// Clause words: the most recent one says what a comma continues.
const std::set<std::string>& clauseWords() {
    static const std::set<std::string> s = {"SELECT",    "FROM",  "JOIN",  "WHERE", "GROUP",  "ORDER",
                                            "HAVING",    "ON",    "INTO",  "SET",   "VALUES", "WINDOW",
                                            "PARTITION", "LIMIT", "UNION", "WITH",  "TABLE",  "USING"};
    return s;
}

class Builder {
public:
    Builder(std::string word, bool lowerKeywords) : word_(std::move(word)), lower_(lowerKeywords) {}
    void add(const std::string& text, const std::string& suffix, bool keyword = false) {
        if (!startsWithIgnoreCase(text, word_)) return;
        std::string t = keyword && lower_ ? toLowerCopy(text) : text;
        if (seen_.insert(t).second) out_.push_back({t, suffix});
    }
    std::vector<CompletionCandidate> take() { return std::move(out_); }

private:
    std::string word_;
    bool lower_;
    std::set<std::string> seen_;
    std::vector<CompletionCandidate> out_;
};

}  // namespace

const std::vector<std::string>& Completer::keywords() {
    static const std::vector<std::string> v = {"ADD",
                                               "ALL",
                                               "ALTER",
                                               "AND",
                                               "ARRAY",
                                               "AS",
                                               "ASC",
                                               "BEGIN",
                                               "BETWEEN",
                                               "BIGINT",
                                               "BINARY",
                                               "BOOLEAN",
                                               "BOTH",
                                               "BY",
                                               "BYTES",
                                               "CASCADE",
                                               "CASE",
                                               "CAST",
                                               "CATALOG",
                                               "CATALOGS",
                                               "CHAR",
                                               "CLEAR",
                                               "COLUMNS",
                                               "COMMENT",
                                               "CONSTRAINT",
                                               "CREATE",
                                               "CROSS",
                                               "CUBE",
                                               "CURRENT",
                                               "CURRENT_DATE",
                                               "CURRENT_TIME",
                                               "CURRENT_TIMESTAMP",
                                               "DATABASE",
                                               "DATABASES",
                                               "DATE",
                                               "DAY",
                                               "DECIMAL",
                                               "DESC",
                                               "DESCRIBE",
                                               "DISTINCT",
                                               "DOUBLE",
                                               "DROP",
                                               "ELSE",
                                               "END",
                                               "ENFORCED",
                                               "EXCEPT",
                                               "EXCLUDING",
                                               "EXECUTE",
                                               "EXISTS",
                                               "EXIT",
                                               "EXPLAIN",
                                               "EXTRACT",
                                               "FALSE",
                                               "FETCH",
                                               "FIRST",
                                               "FLOAT",
                                               "FOR",
                                               "FROM",
                                               "FULL",
                                               "FUNCTION",
                                               "FUNCTIONS",
                                               "GROUP",
                                               "HAVING",
                                               "HELP",
                                               "HOUR",
                                               "IF",
                                               "IN",
                                               "INCLUDING",
                                               "INNER",
                                               "INSERT",
                                               "INT",
                                               "INTEGER",
                                               "INTERSECT",
                                               "INTERVAL",
                                               "INTO",
                                               "IS",
                                               "JOB",
                                               "JOBS",
                                               "JOIN",
                                               "KEY",
                                               "LAST",
                                               "LATERAL",
                                               "LEFT",
                                               "LIKE",
                                               "LIMIT",
                                               "LOCALTIMESTAMP",
                                               "MAP",
                                               "METADATA",
                                               "MINUTE",
                                               "MONTH",
                                               "MULTISET",
                                               "NOT",
                                               "NULL",
                                               "NULLS",
                                               "OFFSET",
                                               "ON",
                                               "OR",
                                               "ORDER",
                                               "OUTER",
                                               "OVER",
                                               "OVERWRITE",
                                               "PARTITION",
                                               "PARTITIONED",
                                               "PLAN",
                                               "PRIMARY",
                                               "QUIT",
                                               "RANGE",
                                               "RAW",
                                               "RESET",
                                               "RIGHT",
                                               "ROW",
                                               "ROWS",
                                               "SAVEPOINT",
                                               "SECOND",
                                               "SELECT",
                                               "SET",
                                               "SHOW",
                                               "SMALLINT",
                                               "STATEMENT",
                                               "STOP",
                                               "STRING",
                                               "SYSTEM_TIME",
                                               "TABLE",
                                               "TABLES",
                                               "TEMPORARY",
                                               "THEN",
                                               "TIME",
                                               "TIMESTAMP",
                                               "TIMESTAMP_LTZ",
                                               "TINYINT",
                                               "TO",
                                               "TRUE",
                                               "TRY_CAST",
                                               "UNBOUNDED",
                                               "UNION",
                                               "UNNEST",
                                               "USE",
                                               "USING",
                                               "VALUES",
                                               "VARBINARY",
                                               "VARCHAR",
                                               "VIEW",
                                               "VIEWS",
                                               "VIRTUAL",
                                               "WATERMARK",
                                               "WHEN",
                                               "WHERE",
                                               "WINDOW",
                                               "WITH",
                                               "YEAR",
                                               "ZONE"};
    return v;
}

Completion Completer::complete(const std::string& text, size_t cursor) const {
    Completion result;
    result.start = cursor;
    bool inComment = false;
    std::vector<Token> tokens = tokenize(text, cursor, inComment);
    if (inComment) return result;

    // The token the cursor is in or right after, and the tokens before it.
    const Token* current = nullptr;
    std::vector<const Token*> before;
    for (const Token& t : tokens) {
        bool inside = t.begin < cursor && (cursor < t.end || (cursor == t.end && !t.closed));
        bool touching = cursor == t.end && (t.kind == Token::Word || t.kind == Token::Number);
        if (inside || touching) {
            current = &t;
            break;
        }
        if (t.end <= cursor) before.push_back(&t);
    }
    bool inString = current && current->kind == Token::String;
    std::string word;
    if (current && current->kind == Token::Word) {
        result.start = current->begin;
        word = text.substr(current->begin, cursor - current->begin);
    } else if (inString) {
        result.start = current->begin + 1;
        word = text.substr(result.start, cursor - result.start);
        if (word.find('\'') != std::string::npos) return result;  // doubled quotes: leave it alone
    } else if (current) {
        return result;  // inside a number or a `quoted identifier`
    }
    bool lower = !word.empty() && std::islower(static_cast<unsigned char>(word[0]));
    Builder b(word, lower);

    auto prev = [&](size_t back) -> const Token* {
        return before.size() > back ? before[before.size() - 1 - back] : nullptr;
    };
    auto first = [&](size_t i) -> std::string { return tokens.size() > i ? tokens[i].upper() : ""; };

    planner::Catalog& catalog = session_.catalog();
    auto tableNames = [&]() { return catalog.tables(catalog.currentCatalog(), catalog.currentDatabase()); };
    // Columns of a table or view named by 1-3 parts; empty when there is none.
    auto columnsOf = [&](const std::vector<std::string>& parts) {
        std::vector<std::string> cols;
        planner::ObjectPath p;
        try {
            p = catalog.resolve(parts);
        } catch (const std::exception&) {
            return cols;
        }
        if (const auto* t = catalog.findTable(p))
            for (const auto& c : t->columns) cols.push_back(c.name);
        else if (const auto* v = catalog.findView(p))
            for (const auto& f : v->schema.fields) cols.push_back(f.name);
        return cols;
    };
    auto isKeyword = [&](const std::string& upper) {
        const auto& k = keywords();
        return std::find(k.begin(), k.end(), upper) != k.end();
    };
    // The name ending at token index `i` (a.b.c), as parts, and where it starts.
    auto nameAt = [&](size_t i, size_t& startIndex) {
        std::vector<std::string> parts{tokens[i].text};
        startIndex = i;
        while (startIndex >= 2 && tokens[startIndex - 1].is(".") &&
               (tokens[startIndex - 2].kind == Token::Word || tokens[startIndex - 2].kind == Token::Quoted)) {
            parts.insert(parts.begin(), tokens[startIndex - 2].text);
            startIndex -= 2;
        }
        return parts;
    };

    // --- WITH ( ... ) option lists: 'key' = 'value' pairs of the whole statement.
    std::vector<std::pair<std::string, std::string>> options;
    for (size_t i = 0; i + 2 < tokens.size(); ++i)
        if (tokens[i].kind == Token::String && tokens[i + 1].is("=") && tokens[i + 2].kind == Token::String)
            options.emplace_back(tokens[i].text, tokens[i + 2].text);
    auto optionValue = [&](const std::string& key) -> std::string {
        for (const auto& [k, v] : options)
            if (k == key) return v;
        return "";
    };
    // Is the cursor inside the parentheses that follow WITH (or ALTER TABLE ... SET)?
    bool inWith = false;
    {
        std::vector<size_t> open;
        for (size_t i = 0; i < before.size(); ++i) {
            if (before[i]->is("(")) open.push_back(i);
            if (before[i]->is(")") && !open.empty()) open.pop_back();
        }
        if (!open.empty() && open.back() > 0) {
            const Token* opener = before[open.back() - 1];
            inWith = opener->is("WITH") || (opener->is("SET") && first(0) == "ALTER");
        }
    }
    // The columns a `fields.#.x` key may name: the CREATE TABLE's own column list, else the ALTERed table.
    auto ddlColumns = [&]() {
        std::vector<std::string> cols;
        size_t i = 0;
        if (first(0) == "CREATE") {
            while (i < tokens.size() && !tokens[i].is("(")) ++i;
            int depth = 0;
            bool expectColumn = false;
            for (; i < tokens.size(); ++i) {
                const Token& t = tokens[i];
                if (t.is("(")) {
                    expectColumn = depth == 0;
                    ++depth;
                    continue;
                }
                if (t.is(")")) {
                    if (--depth == 0) break;
                    continue;
                }
                if (depth == 1 && t.is(",")) {
                    expectColumn = true;
                    continue;
                }
                if (expectColumn && (t.kind == Token::Word || t.kind == Token::Quoted)) {
                    std::string u = t.upper();
                    if (t.kind == Token::Quoted ||
                        (u != "WATERMARK" && u != "PRIMARY" && u != "CONSTRAINT" && u != "PERIOD"))
                        cols.push_back(t.text);
                }
                expectColumn = false;
            }
            size_t likeAt = 0;
            for (size_t k = 0; k + 1 < tokens.size(); ++k)
                if (tokens[k].is("LIKE")) likeAt = k + 1;
            if (likeAt && tokens[likeAt].kind == Token::Word) {
                size_t end = likeAt;
                while (end + 2 < tokens.size() && tokens[end + 1].is(".")) end += 2;
                size_t s;
                for (auto& c : columnsOf(nameAt(end, s))) cols.push_back(c);
            }
        } else if (first(0) == "ALTER" && tokens.size() > 2) {
            size_t end = 2;
            while (end + 2 < tokens.size() && tokens[end + 1].is(".")) end += 2;
            size_t s;
            cols = columnsOf(nameAt(end, s));
        }
        return cols;
    };
    auto optionKeys = [&]() {
        std::vector<std::string> keys{"connector"};
        std::vector<std::string> connectorKeys;
        std::string connector = optionValue("connector");
        const auto& registry = registries_.connectors();
        for (const auto& id : registry.identifiers()) {
            if (!connector.empty() && id != connector) continue;
            for (const auto& k : registry.get(id).optionKeys()) connectorKeys.push_back(k);
        }
        const auto& formats = connectors::FormatRegistry::builtin();
        for (const char* prefix : {"", "key.", "value."}) {
            std::string format = optionValue(std::string(prefix) + "format");
            if (format.empty()) continue;
            try {
                for (const auto& k : formats.get(format).optionKeys(prefix)) connectorKeys.push_back(k);
            } catch (const std::exception&) {
            }
        }
        std::vector<std::string> columns = ddlColumns();
        for (const auto& k : connectorKeys) {
            size_t hash = k.find('#');
            if (hash == std::string::npos) {
                keys.push_back(k);
                continue;
            }
            for (const auto& c : columns) keys.push_back(k.substr(0, hash) + c + k.substr(hash + 1));
        }
        // Keys already given are not offered again.
        std::vector<std::string> out;
        for (const auto& k : keys)
            if (optionValue(k).empty() || (inString && current && current->text == k)) out.push_back(k);
        return out;
    };
    auto valuesFor = [&](const std::string& key) {
        std::vector<std::string> values;
        if (key == "connector") return registries_.connectors().identifiers();
        if (key == "format" || key == "key.format" || key == "value.format")
            return connectors::FormatRegistry::builtin().identifiers();
        return values;
    };

    if (inString) {
        const Token* p0 = prev(0);
        const Token* p1 = prev(1);
        if (inWith && (p0 && (p0->is("(") || p0->is(",")))) {
            for (const auto& k : optionKeys()) b.add(k, "'");
        } else if (inWith && p0 && p0->is("=") && p1 && p1->kind == Token::String) {
            for (const auto& v : valuesFor(p1->text)) b.add(v, "'");
        } else if ((first(0) == "SET" || first(0) == "RESET") && before.size() == 1) {
            std::set<std::string> keys;
            for (const auto& k : planner::Session::knownConfigKeys()) keys.insert(k);
            for (const auto& [k, v] : session_.configEntries()) keys.insert(k);
            for (const auto& k : keys) b.add(k, "'");
        } else if (first(0) == "SET" && p0 && p0->is("=") && p1 && p1->kind == Token::String) {
            auto it = configValues().find(p1->text);
            if (it != configValues().end())
                for (const auto& v : it->second) b.add(v, "'");
        } else if (first(0) == "STOP" && first(1) == "JOB" && before.size() == 2) {
            for (const auto& j : session_.jobs())
                if (j->status() == runtime::JobStatus::Running) b.add(j->id(), "'");
        }
        result.candidates = b.take();
        return result;
    }

    const Token* p0 = prev(0);
    std::string p0u = p0 ? p0->upper() : "";

    // Backslash commands (psql habits) at the start of a statement, and \d's table argument.
    if (before.empty()) {
        if (!word.empty() && word[0] == '\\') {
            for (const char* c : {"\\?", "\\d", "\\h", "\\q"}) b.add(c, " ");
        } else {
            for (const auto& k : statementStarts()) b.add(k, " ", true);
        }
        result.candidates = b.take();
        return result;
    }
    if (before.size() == 1 && (p0->text == "\\d" || p0->text == "\\d+")) {
        for (const auto& t : tableNames()) b.add(t, "");
        result.candidates = b.take();
        return result;
    }

    // Unquoted option keys and values inside WITH (: complete with the quotes.
    if (inWith) {
        if (p0 && (p0->is("(") || p0->is(","))) {
            std::set<std::string> seen;
            for (const auto& k : optionKeys())
                if (startsWithIgnoreCase(k, word) && seen.insert(k).second)
                    result.candidates.push_back({"'" + k + "'", " = "});
            return result;
        } else if (p0 && p0->is("=") && prev(1) && prev(1)->kind == Token::String) {
            Builder values(word, false);
            for (const auto& v : valuesFor(prev(1)->text)) values.add(v, "");
            for (auto& c : values.take()) result.candidates.push_back({"'" + c.text + "'", ""});
            return result;
        }
        result.candidates = b.take();
        return result;
    }

    // After the first word: what may follow it.
    if (before.size() == 1) {
        auto it = followers().find(p0u);
        if (it != followers().end()) {
            for (const auto& k : it->second) b.add(k, " ", true);
            result.candidates = b.take();
            return result;
        }
    }
    if (p0u == "CREATE" && first(0) == "SHOW") {
        for (const char* k : {"TABLE", "VIEW"}) b.add(k, " ", true);
        result.candidates = b.take();
        return result;
    }

    // The most recent clause word.
    std::string clause;
    for (auto it = before.rbegin(); it != before.rend(); ++it)
        if ((*it)->kind == Token::Word && clauseWords().count((*it)->upper())) {
            clause = (*it)->upper();
            break;
        }

    // Table names: after FROM, JOIN, INTO, TABLE, VIEW, DESCRIBE, a comma in FROM, CREATE TABLE ... LIKE.
    bool wantTables = p0u == "FROM" || p0u == "JOIN" || p0u == "INTO" || p0u == "TABLE" || p0u == "VIEW" ||
                      p0u == "DESCRIBE" || p0u == "DESC" || p0u == "OVERWRITE" ||
                      (p0u == "," && clause == "FROM") || (p0u == "LIKE" && first(0) == "CREATE") ||
                      (p0u == "TABLES" && first(0) == "SHOW");
    if (wantTables) {
        for (const auto& t : tableNames()) b.add(t, " ");
        if (p0u == "FROM" || p0u == "JOIN") b.add("TABLE", "", true);  // FROM TABLE(TUMBLE(...))
        result.candidates = b.take();
        return result;
    }

    // Tables the statement names (anywhere, also after the cursor), with their aliases.
    std::map<std::string, std::vector<std::string>> aliases;  // alias or table name -> columns
    std::vector<std::string> namedColumns;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].kind != Token::Word && tokens[i].kind != Token::Quoted) continue;
        if (i + 1 < tokens.size() && tokens[i + 1].is(".")) continue;  // part of a longer name
        if (&tokens[i] == current) continue;
        size_t s;
        std::vector<std::string> parts = nameAt(i, s);
        std::vector<std::string> cols = columnsOf(parts);
        if (cols.empty()) continue;
        aliases[parts.back()] = cols;
        for (const auto& c : cols) namedColumns.push_back(c);
        size_t a = i + 1;
        if (a < tokens.size() && tokens[a].is("AS")) ++a;
        if (a < tokens.size() && (tokens[a].kind == Token::Word || tokens[a].kind == Token::Quoted) &&
            (tokens[a].kind == Token::Quoted || !isKeyword(tokens[a].upper())) && &tokens[a] != current)
            aliases[tokens[a].text] = cols;
    }

    // alias.column
    if (p0 && p0->is(".") && prev(1)) {
        auto it = aliases.find(prev(1)->text);
        if (it != aliases.end())
            for (const auto& c : it->second) b.add(c, "");
        result.candidates = b.take();
        return result;
    }

    // Anything else: columns of the named tables, functions, keywords.
    for (const auto& c : namedColumns) b.add(c, " ");
    bool expression = clause == "SELECT" || clause == "WHERE" || clause == "ON" || clause == "HAVING" ||
                      clause == "GROUP" || clause == "ORDER" || clause == "VALUES" || clause == "SET";
    if (expression || p0u == "(")
        for (const auto& f : registries_.functions().functionNames()) b.add(f, "(", true);
    for (const auto& k : keywords()) b.add(k, " ", true);
    result.candidates = b.take();
    return result;
}

}  // namespace sluice::cli
