#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/record_batch.h"
#include "common/time_util.h"
#include "planner/table_options.h"
#include "runtime/sink.h"
#include "runtime/source.h"

namespace sluice::planner {

struct MetadataColumnInfo {
    std::string name;  // the column's name in the table
    std::string key;   // the connector's metadata key (FROM 'key', else the name)
    DataType type;
    bool isVirtual = false;
};

/// What a connector sees of a catalog table.
struct ConnectorTable {
    std::string name;  // e.g. default_catalog.default_database.orders, for messages
    Schema physical;   // the physical columns, in declaration order
    std::vector<MetadataColumnInfo> metadata;
    std::vector<std::string> primaryKey;
    std::vector<std::string> partitionKeys;
    TableOptions options;
};

/// Projection pushdown: the columns a scan must produce, in this order: the physical columns
/// `physicalFields` (indices into ConnectorTable::physical), then the metadata columns
/// `metadataFields` (indices into ConnectorTable::metadata). Decoders should skip everything else.
struct ScanRequest {
    std::vector<int> physicalFields;
    std::vector<int> metadataFields;
};

/// The kinds of rows a scan emits (Flink's ChangelogMode, source side).
struct ChangelogMode {
    enum class Kind {
        InsertOnly,  // +I only
        Upsert,      // +I/+U replace the row of their key, -D deletes it (possibly carrying only the key)
    };
    Kind kind = Kind::InsertOnly;
    /// Upsert: the physical columns that identify a row (the PRIMARY KEY).
    std::vector<std::string> upsertKey;

    static ChangelogMode insertOnly() { return {}; }
    static ChangelogMode upsert(std::vector<std::string> key) { return {Kind::Upsert, std::move(key)}; }
    bool isInsertOnly() const { return kind == Kind::InsertOnly; }
};

/// Session facts a factory may need.
struct FactoryContext {
    TimeZone zone = TimeZone::utc();
    bool streamingMode = true;
    int defaultParallelism = 1;
    /// The session's configuration ('SET' keys), for options that fall back to it.
    std::map<std::string, std::string> config;
};

/// A connector, keyed by its 'connector' option. Validates its own options (TableOptions::validate)
/// when a source or sink is created.
class ConnectorFactory {
public:
    virtual ~ConnectorFactory() = default;
    virtual std::string identifier() const = 0;
    /// Throws ValidationError when the connector cannot be read from.
    virtual std::unique_ptr<runtime::SourceProvider> createSource(const ConnectorTable& table,
                                                                  const ScanRequest& scan,
                                                                  const FactoryContext& ctx) const;
    /// What a scan of `table` emits. An upsert scan gets a ChangelogNormalize after it that turns
    /// it into a retract changelog (+I, -U/+U, -D with full rows), as Flink's planner does.
    virtual ChangelogMode scanChangelogMode(const ConnectorTable& table) const {
        return ChangelogMode::insertOnly();
    }
    /// Throws ValidationError when the connector cannot be written to.
    virtual std::unique_ptr<runtime::SinkProvider> createSink(const ConnectorTable& table,
                                                              const FactoryContext& ctx) const;
    /// Option keys for shell completion and error messages.
    virtual std::vector<std::string> optionKeys() const { return {}; }
};

/// The lookup from 'connector' values to factories; filled by the CLI from the built-in list.
class ConnectorRegistry {
public:
    void add(std::unique_ptr<ConnectorFactory> factory);
    /// Throws ValidationError listing the available identifiers when none matches.
    const ConnectorFactory& get(const std::string& identifier) const;
    std::vector<std::string> identifiers() const;

private:
    std::map<std::string, std::unique_ptr<ConnectorFactory>> factories_;
};

}  // namespace sluice::planner
