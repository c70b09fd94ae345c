#include "connectors/jdbc/jdbc_url.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace sluice::connectors::jdbc {

namespace {

constexpr const char* kPrefix = "jdbc:postgresql:";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// pgjdbc URL-decodes parameter values (and the database name).
std::string urlDecode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// A libpq conninfo value: single-quoted, with \ and ' escaped.
std::string quoteConninfo(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

// A value inside libpq's 'options' (-c settings): spaces and backslashes escaped with a backslash.
std::string escapeOption(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == ' ' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

[[noreturn]] void invalid(const std::string& url, const std::string& why) {
    throw ValidationError(fmt::format("Invalid JDBC URL '{}': {}.", JdbcUrl::masked(url), why));
}

}  // namespace

std::string JdbcUrl::masked(const std::string& url) {
    std::string out = url;
    std::string low = lower(url);
    size_t pos = 0;
    while ((pos = low.find("password=", pos)) != std::string::npos) {
        if (pos > 0 && low[pos - 1] != '?' && low[pos - 1] != '&') {
            pos += 9;
            continue;
        }
        size_t start = pos + 9;
        size_t end = low.find('&', start);
        if (end == std::string::npos) end = low.size();
        out.replace(start, end - start, "******");
        low.replace(start, end - start, "******");
        pos = start + 6;
    }
    return out;
}

JdbcUrl JdbcUrl::parse(const std::string& url) {
    if (lower(url.substr(0, std::string(kPrefix).size())) != kPrefix) {
        // Flink: the dialect is chosen from the URL; only PostgreSQL's is built in.
        throw ValidationError(fmt::format(
            "Could not find any jdbc dialect factory that can handle url '{}' that implements "
            "'org.apache.flink.connector.jdbc.dialect.JdbcDialectFactory' in the classpath. Sluice "
            "supports PostgreSQL URLs: jdbc:postgresql://host:port/database",
            masked(url)));
    }
    JdbcUrl u;
    std::string rest = url.substr(std::string(kPrefix).size());
    std::string query;
    if (size_t q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    if (rest.rfind("//", 0) == 0) {
        rest = rest.substr(2);
        size_t slash = rest.find('/');
        std::string hostList = rest.substr(0, slash);
        u.database_ = slash == std::string::npos ? "" : urlDecode(rest.substr(slash + 1));
        if (hostList.empty()) invalid(url, "no host after '//'");
        size_t start = 0;
        while (start <= hostList.size()) {
            size_t comma = hostList.find(',', start);
            if (comma == std::string::npos) comma = hostList.size();
            std::string hp = hostList.substr(start, comma - start);
            std::string host = hp, port;
            if (!hp.empty() && hp[0] == '[') {  // [IPv6]:port
                size_t close = hp.find(']');
                if (close == std::string::npos) invalid(url, "unterminated '[' in the host");
                host = hp.substr(1, close - 1);
                if (close + 1 < hp.size()) {
                    if (hp[close + 1] != ':') invalid(url, "unexpected text after ']'");
                    port = hp.substr(close + 2);
                }
            } else if (size_t colon = hp.rfind(':'); colon != std::string::npos) {
                host = hp.substr(0, colon);
                port = hp.substr(colon + 1);
            }
            if (host.empty()) invalid(url, "an empty host name");
            if (!port.empty() && (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit) ||
                                  std::stoi(port) < 1 || std::stoi(port) > 65535))
                invalid(url, fmt::format("invalid port number '{}'", port));
            u.hosts_.emplace_back(host, port);
            start = comma + 1;
        }
    } else {
        // jdbc:postgresql:database or jdbc:postgresql:/ (localhost, default port)
        if (!rest.empty() && rest[0] == '/') rest = rest.substr(1);
        u.database_ = urlDecode(rest);
        u.hosts_.emplace_back("localhost", "");
    }
    if (u.database_.find('/') != std::string::npos) invalid(url, "a database name containing '/'");

    size_t start = 0;
    while (!query.empty() && start <= query.size()) {
        size_t amp = query.find('&', start);
        if (amp == std::string::npos) amp = query.size();
        std::string kv = query.substr(start, amp - start);
        start = amp + 1;
        if (kv.empty()) continue;
        size_t eq = kv.find('=');
        std::string key = kv.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : urlDecode(kv.substr(eq + 1));
        std::string k = lower(key);
        if (k == "user") {
            u.user_ = value;
        } else if (k == "password") {
            u.password_ = value;
        } else if (k == "currentschema") {
            u.currentSchema_ = value;
        } else if (k == "sslmode") {
            static const std::vector<std::string> modes = {"disable", "allow",     "prefer",
                                                           "require", "verify-ca", "verify-full"};
            if (std::find(modes.begin(), modes.end(), value) == modes.end())
                invalid(url, fmt::format("sslmode '{}' is not one of disable, allow, prefer, require, "
                                         "verify-ca, verify-full",
                                         value));
            u.params_.emplace_back("sslmode", value);
        } else if (k == "ssl") {
            // pgjdbc: ssl=true without sslmode means verify-full.
            if (lower(value) == "true" || value.empty()) u.params_.emplace_back("sslmode", "verify-full");
        } else if (k == "sslcert" || k == "sslkey" || k == "sslrootcert" || k == "sslcrl") {
            u.params_.emplace_back(k, value);
        } else if (k == "connecttimeout" || k == "logintimeout") {
            if (value != "0") u.params_.emplace_back("connect_timeout", value);
        } else if (k == "applicationname") {
            u.params_.emplace_back("application_name", value);
        } else if (k == "options") {
            u.params_.emplace_back("options", value);
        } else if (k == "targetservertype") {
            std::string v = lower(value);
            if (v == "master" || v == "primary")
                v = "primary";
            else if (v == "slave" || v == "secondary")
                v = "standby";
            else if (v == "preferslave" || v == "prefersecondary")
                v = "prefer-standby";
            u.params_.emplace_back("target_session_attrs", v);
        } else if (k == "tcpkeepalive") {
            u.params_.emplace_back("keepalives", lower(value) == "true" ? "1" : "0");
        } else if (k == "gssencmode" || k == "channel_binding" || k == "sslpassword") {
            u.params_.emplace_back(k == "sslpassword" ? "sslpassword" : k, value);
        }
        // Anything else tunes the Java driver (prepareThreshold, reWriteBatchedInserts, stringtype, ...).
    }
    return u;
}

std::string JdbcUrl::conninfo(const std::string& user, const std::string& password) const {
    std::string hosts, ports;
    bool anyPort = false;
    for (size_t i = 0; i < hosts_.size(); ++i) {
        if (i) {
            hosts += ',';
            ports += ',';
        }
        hosts += hosts_[i].first;
        ports += hosts_[i].second;
        anyPort |= !hosts_[i].second.empty();
    }
    std::vector<std::pair<std::string, std::string>> kv;
    if (!hosts.empty()) kv.emplace_back("host", hosts);
    if (anyPort) kv.emplace_back("port", ports);
    if (!database_.empty()) kv.emplace_back("dbname", database_);
    std::string u = user.empty() ? user_ : user;
    std::string p = user.empty() ? password_ : password;
    if (!u.empty()) kv.emplace_back("user", u);
    if (!p.empty()) kv.emplace_back("password", p);
    std::string options;
    for (const auto& [k, v] : params_) {
        if (k == "options")
            options = v;
        else
            kv.emplace_back(k, v);
    }
    if (!currentSchema_.empty()) {
        if (!options.empty()) options += ' ';
        options += "-c search_path=" + escapeOption(currentSchema_);
    }
    if (!options.empty()) kv.emplace_back("options", options);
    if (std::none_of(params_.begin(), params_.end(), [](auto& p) { return p.first == "application_name"; }))
        kv.emplace_back("application_name", "sluice");
    std::string out;
    for (const auto& [k, v] : kv) {
        if (!out.empty()) out += ' ';
        out += k + '=' + quoteConninfo(v);
    }
    return out;
}

std::string JdbcUrl::describe() const {
    std::string out;
    for (size_t i = 0; i < hosts_.size(); ++i) {
        if (i) out += ',';
        bool v6 = hosts_[i].first.find(':') != std::string::npos;
        out += v6 ? "[" + hosts_[i].first + "]" : hosts_[i].first;
        out += ':' + (hosts_[i].second.empty() ? std::string("5432") : hosts_[i].second);
    }
    return out + '/' + (database_.empty() ? std::string("<default database>") : database_);
}

}  // namespace sluice::connectors::jdbc
