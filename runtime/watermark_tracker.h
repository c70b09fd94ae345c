#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace sluice::runtime {

/// The combined watermark of a subtask's producers: the minimum over all of them, over all inputs.
/// A producer that sent none yet holds it back; a producer that ended no longer does (as Flink's
/// finished subtasks send the maximum watermark). Idle producers: later.
class WatermarkTracker {
public:
    explicit WatermarkTracker(int numProducers);

    /// Producer `producer` reached `timestamp`; returns the combined watermark when it advanced.
    std::optional<int64_t> update(int producer, int64_t timestamp);
    /// Producer `producer` ended; returns the combined watermark when it advanced and some
    /// producer is still running (when all have ended the runtime ends the input instead).
    std::optional<int64_t> end(int producer);
    /// The last combined watermark returned, if any.
    std::optional<int64_t> current() const { return current_; }

private:
    std::optional<int64_t> recompute();

    struct ProducerState {
        std::optional<int64_t> watermark;
        bool ended = false;
    };
    std::vector<ProducerState> producers_;
    std::optional<int64_t> current_;
};

}  // namespace sluice::runtime
