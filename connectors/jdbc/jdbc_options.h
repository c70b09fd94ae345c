#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connectors/jdbc/jdbc_url.h"
#include "planner/connector_factory.h"

namespace sluice::connectors::jdbc {

/// One part of 'table-name' ("schema.table"): a double-quoted part is matched exactly, an unquoted one
/// exactly first, else lower-cased (what PostgreSQL made of it when the table was created unquoted).
struct NamePart {
    std::string name;
    bool quoted = false;
};

/// The options of a 'jdbc' table with Flink's names, defaults and checks (JdbcConnectorOptions and
/// JdbcDynamicTableFactory.validateConfigOptions), parsed once and shared by the subtasks.
struct JdbcOptions {
    std::string tableName;  // the Sluice table, for messages
    std::string url;        // as written, for describe() (masked)
    JdbcUrl parsedUrl;
    NamePart schemaName;  // empty name: the search_path decides
    NamePart table;
    std::string username;
    std::string password;

    int64_t bufferMaxRows = 100;      // 'sink.buffer-flush.max-rows', 0 = no row limit
    int64_t bufferIntervalMs = 1000;  // 'sink.buffer-flush.interval', 0 = no timer
    int maxRetries = 3;               // 'sink.max-retries'
    int parallelism = 0;              // 'sink.parallelism', 0 = the input's
    int64_t maxRetryTimeoutSec = 60;  // 'connection.max-retry-timeout'

    // Scan.
    std::string partitionColumn;
    int64_t partitionNum = 0;
    int64_t partitionLower = 0;
    int64_t partitionUpper = 0;
    int64_t fetchSize = 0;  // 'scan.fetch-size', 0 = the default batch

    Schema physical;
    std::vector<std::string> primaryKey;

    /// Checks every option (unknown keys name the key and list the valid ones) and the URL.
    static std::shared_ptr<const JdbcOptions> fromTable(const planner::ConnectorTable& table);
    /// Every option key the connector accepts, 'connector' excluded.
    static std::vector<std::string> optionKeys();
    /// Splits 'table-name' into schema and table ("public.t", "\"My Schema\".\"T\"", "t").
    static void parseTableName(const std::string& text, NamePart& schema, NamePart& table);

    std::string conninfo() const { return parsedUrl.conninfo(username, password); }
    /// conninfo() with libpq's connect_timeout set from 'connection.max-retry-timeout'.
    std::string connectionString() const {
        return conninfo() + " connect_timeout='" + std::to_string(maxRetryTimeoutSec) + "'";
    }
};

}  // namespace sluice::connectors::jdbc
