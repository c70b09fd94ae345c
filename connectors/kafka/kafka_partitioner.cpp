#include "connectors/kafka/kafka_partitioner.h"

#include <fmt/format.h>
#include <strings.h>

#include "common/error.h"

namespace sluice::connectors::kafka {

KafkaPartitioner::Mode KafkaPartitioner::parse(const std::string& text) {
    if (strcasecmp(text.c_str(), "default") == 0) return Mode::Default;
    if (strcasecmp(text.c_str(), "fixed") == 0) return Mode::Fixed;
    if (strcasecmp(text.c_str(), "round-robin") == 0) return Mode::RoundRobin;
    // Flink also accepts a FlinkKafkaPartitioner class name; there are no classes to load here.
    throw ValidationError(
        fmt::format("Unsupported sink partitioner '{}'. Supported values are 'default', 'fixed' and "
                    "'round-robin' (custom "
                    "partitioner classes are not supported).",
                    text));
}

}  // namespace sluice::connectors::kafka
