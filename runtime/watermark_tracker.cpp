#include "runtime/watermark_tracker.h"

#include <algorithm>
#include <limits>

#include "common/error.h"

namespace sluice::runtime {

WatermarkTracker::WatermarkTracker(int numProducers) : producers_(std::max(numProducers, 0)) {}

std::optional<int64_t> WatermarkTracker::update(int producer, int64_t timestamp) {
    SLUICE_CHECK(producer >= 0 && static_cast<size_t>(producer) < producers_.size());
    auto& p = producers_[producer];
    if (p.ended || (p.watermark && *p.watermark >= timestamp)) return std::nullopt;
    p.watermark = timestamp;
    return recompute();
}

std::optional<int64_t> WatermarkTracker::end(int producer) {
    SLUICE_CHECK(producer >= 0 && static_cast<size_t>(producer) < producers_.size());
    producers_[producer].ended = true;
    return recompute();
}

std::optional<int64_t> WatermarkTracker::recompute() {
    int64_t minimum = std::numeric_limits<int64_t>::max();
    bool anyRunning = false;
    for (const auto& p : producers_) {
        if (p.ended) continue;
        anyRunning = true;
        if (!p.watermark) return std::nullopt;
        minimum = std::min(minimum, *p.watermark);
    }
    if (!anyRunning) return std::nullopt;
    if (current_ && *current_ >= minimum) return std::nullopt;
    current_ = minimum;
    return current_;
}

}  // namespace sluice::runtime
