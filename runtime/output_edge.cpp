#include "runtime/output_edge.h"

#include "common/error.h"
#include "runtime/batch_hash.h"

namespace sluice::runtime {

OutputEdge::OutputEdge(Partitioning partitioning, std::vector<int> keyFields, std::vector<Channel*> targets,
                       int subtask, int producer, int toInput)
    : partitioning_(partitioning),
      keyFields_(std::move(keyFields)),
      targets_(std::move(targets)),
      subtask_(subtask),
      producer_(producer),
      toInput_(toInput),
      // Start round-robin at our own index so that parallel producers do not all hit subtask 0 first.
      nextTarget_(targets_.empty() ? 0 : static_cast<size_t>(subtask) % targets_.size()) {
    SLUICE_CHECK(!targets_.empty());
    if (partitioning_ == Partitioning::Forward) SLUICE_CHECK(static_cast<size_t>(subtask_) < targets_.size());
}

void OutputEdge::push(size_t target, Event event) {
    if (!targets_[target]->push(Message{producer_, toInput_, std::move(event)})) throw TaskCanceled{};
}

void OutputEdge::sendBatch(RecordBatch batch) {
    if (batch.numRows == 0) return;
    switch (partitioning_) {
        case Partitioning::Forward:
            push(static_cast<size_t>(subtask_), std::move(batch));
            break;
        case Partitioning::Global:
            push(0, std::move(batch));
            break;
        case Partitioning::Rebalance: {
            size_t target = nextTarget_;
            nextTarget_ = (nextTarget_ + 1) % targets_.size();
            push(target, std::move(batch));
            break;
        }
        case Partitioning::Broadcast:
            for (size_t t = 0; t + 1 < targets_.size(); ++t) push(t, batch);
            push(targets_.size() - 1, std::move(batch));
            break;
        case Partitioning::Hash:
            sendHashed(std::move(batch));
            break;
    }
}

void OutputEdge::sendHashed(RecordBatch batch) {
    const size_t n = targets_.size();
    if (n == 1) {
        push(0, std::move(batch));
        return;
    }
    hashRows(batch, keyFields_, hashes_);
    rowsPerTarget_.resize(n);
    for (auto& rows : rowsPerTarget_) rows.clear();
    for (size_t r = 0; r < batch.numRows; ++r)
        rowsPerTarget_[hashes_[r] % n].push_back(static_cast<uint32_t>(r));
    for (size_t t = 0; t < n; ++t) {
        const auto& rows = rowsPerTarget_[t];
        if (rows.empty()) continue;
        // Common with few keys per batch: the whole batch goes to one subtask, no copy needed.
        if (rows.size() == batch.numRows) {
            push(t, std::move(batch));
            return;
        }
        push(t, batch.gather(rows));
    }
}

void OutputEdge::sendWatermark(int64_t timestamp) {
    if (partitioning_ == Partitioning::Forward) {
        push(static_cast<size_t>(subtask_), Watermark{timestamp});
        return;
    }
    for (size_t t = 0; t < targets_.size(); ++t) push(t, Watermark{timestamp});
}

void OutputEdge::sendEndOfInput() {
    if (partitioning_ == Partitioning::Forward) {
        push(static_cast<size_t>(subtask_), EndOfInput{});
        return;
    }
    for (size_t t = 0; t < targets_.size(); ++t) push(t, EndOfInput{});
}

void OutputEdge::sendBarrier(int64_t checkpointId) {
    if (partitioning_ == Partitioning::Forward) {
        push(static_cast<size_t>(subtask_), Barrier{checkpointId});
        return;
    }
    for (size_t t = 0; t < targets_.size(); ++t) push(t, Barrier{checkpointId});
}

}  // namespace sluice::runtime
