#pragma once

#include <cstdint>
#include <variant>

#include "common/record_batch.h"

namespace sluice::runtime {

/// Event time has reached `timestamp` (microseconds, as TIMESTAMP values): no later row of this
/// channel is older.
struct Watermark {
    int64_t timestamp = 0;
};

/// Checkpoint `checkpointId` passes: everything before it belongs to that checkpoint.
/// Part of the channel protocol already; nothing emits it yet (checkpointing comes later).
struct Barrier {
    int64_t checkpointId = 0;
};

/// The producing subtask has no more events.
struct EndOfInput {};

/// What travels on a channel, in order: data and in-band control events.
using Event = std::variant<RecordBatch, Watermark, Barrier, EndOfInput>;

/// One channel entry. `producer` numbers the upstream subtask among all producers feeding the
/// receiving subtask (watermarks and end of input are tracked per producer); `input` is the
/// logical input of the receiving vertex (Edge::toInput).
struct Message {
    int producer = 0;
    int input = 0;
    Event event;
};

}  // namespace sluice::runtime
