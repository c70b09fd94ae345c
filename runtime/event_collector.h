#pragma once

#include <cstdint>

#include "runtime/collector.h"

namespace sluice::runtime {

/// The collectors the runtime hands to sources and operators also carry event-time progress.
/// A watermark assigner (or a source that knows its event time) emits watermarks through
/// emitWatermark(out, ts) below. Meant to move into Collector itself as a virtual with a no-op
/// default; until then this keeps collector.h unchanged.
class EventCollector : public Collector {
public:
    /// Event time reached `timestamp`: passed through the rest of the chain (onWatermark) and
    /// downstream. Non-increasing watermarks are dropped.
    virtual void emitWatermark(int64_t timestamp) = 0;
};

/// Emits a watermark through `out` when it is a runtime collector; returns whether it could.
inline bool emitWatermark(Collector& out, int64_t timestamp) {
    if (auto* events = dynamic_cast<EventCollector*>(&out)) {
        events->emitWatermark(timestamp);
        return true;
    }
    return false;
}

}  // namespace sluice::runtime
