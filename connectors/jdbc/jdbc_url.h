#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sluice::connectors::jdbc {

/// A PostgreSQL JDBC URL (pgjdbc's syntax) turned into a libpq connection string:
///   jdbc:postgresql://host1[:port1][,host2[:port2]...][/database][?key=value&...]
///   jdbc:postgresql:database, jdbc:postgresql:/
/// Parameters with a libpq equivalent are translated (user, password, currentSchema, sslmode, ssl,
/// connectTimeout, ApplicationName, options, targetServerType, ...); the driver's other tuning
/// parameters are ignored. What the URL leaves out stays unset, so libpq's environment (PGHOST,
/// PGUSER, PGPASSWORD, ...) and ~/.pgpass apply, as they do for psql.
class JdbcUrl {
public:
    /// Throws ValidationError naming the URL (without its password) when it is not a PostgreSQL URL.
    static JdbcUrl parse(const std::string& url);

    /// host:port pairs as written ("" port = libpq's default).
    const std::vector<std::pair<std::string, std::string>>& hosts() const { return hosts_; }
    const std::string& database() const { return database_; }
    const std::string& user() const { return user_; }
    bool hasPassword() const { return !password_.empty(); }
    /// currentSchema: the search_path of every connection, or "".
    const std::string& currentSchema() const { return currentSchema_; }

    /// The libpq conninfo string; `user`/`password` (the table's options) override the URL's.
    std::string conninfo(const std::string& user, const std::string& password) const;
    /// "127.0.0.1:5432/postgres", for messages: never the password.
    std::string describe() const;
    /// The URL with any password parameter masked, for messages.
    static std::string masked(const std::string& url);

private:
    std::vector<std::pair<std::string, std::string>> hosts_;
    std::string database_;
    std::string user_;
    std::string password_;
    std::string currentSchema_;
    /// libpq keywords translated from the URL's parameters, in order.
    std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace sluice::connectors::jdbc
