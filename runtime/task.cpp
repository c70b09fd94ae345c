#include "runtime/task.h"

#include <pthread.h>

#include <fmt/format.h>

#include "common/error.h"
#include "runtime/watermark_tracker.h"

namespace sluice::runtime {

/// The output of chain operator `index - 1` (or of the source, for index 0): feeds operator
/// `index`, or the task's outputs past the end of the chain.
class Task::ChainCollector : public Collector {
public:
    ChainCollector(Task& task, size_t index) : task_(task), index_(index) {}
    void collect(RecordBatch batch) override { task_.pushFrom(index_, std::move(batch)); }
    void emitWatermark(int64_t timestamp) override { task_.forwardWatermark(index_, timestamp); }

private:
    Task& task_;
    size_t index_;
};

/// What a source emits into: counts rows in, then feeds the chain.
class Task::SourceCollector : public Collector {
public:
    explicit SourceCollector(Task& task) : task_(task) {}
    void collect(RecordBatch batch) override {
        if (batch.numRows == 0) return;
        task_.services_.rowsIn->fetch_add(static_cast<int64_t>(batch.numRows), std::memory_order_relaxed);
        task_.pushFrom(0, std::move(batch));
    }
    void emitWatermark(int64_t timestamp) override { task_.forwardWatermark(0, timestamp); }

private:
    Task& task_;
};

Task::Task(std::string vertexName, int subtask, int parallelism, TaskServices services)
    : vertexName_(std::move(vertexName)),
      subtask_(subtask),
      parallelism_(parallelism),
      services_(std::move(services)) {}

Task::~Task() = default;

void Task::setSource(std::unique_ptr<Source> source) {
    source_ = std::move(source);
}
void Task::addOperator(std::unique_ptr<Operator> op) {
    chain_.push_back(std::move(op));
}
void Task::setSink(std::unique_ptr<Sink> sink) {
    sink_ = std::move(sink);
}
void Task::addOutput(std::unique_ptr<OutputEdge> edge) {
    outputs_.push_back(std::move(edge));
}

void Task::setInput(Channel* channel, int numProducers) {
    input_ = channel;
    numProducers_ = numProducers;
}

std::string Task::displayName() const {
    return fmt::format("{} ({}/{})", vertexName_, subtask_ + 1, parallelism_);
}

void Task::run() noexcept {
    // Thread names show up in debuggers and top -H; Linux allows 15 characters.
    std::string threadName = fmt::format("{}#{}", vertexName_.substr(0, 10), subtask_);
    pthread_setname_np(pthread_self(), threadName.substr(0, 15).c_str());
    try {
        open();
        if (source_) {
            runSource();
        } else {
            runInputs();
        }
        finish();
    } catch (const TaskCanceled&) {
        // The job is stopping: end quietly, without flushing anything.
    } catch (const SluiceError& e) {
        reportFailure(fmt::format("{}: {}", e.kind(), e.what()));
    } catch (const std::exception& e) {
        reportFailure(fmt::format("RuntimeException: {}", e.what()));
    } catch (...) {
        reportFailure("RuntimeException: unknown exception");
    }
    closeAll();
    // Nothing reads this channel any more: a producer still pushing must not block forever.
    if (input_) input_->close();
}

void Task::reportFailure(const std::string& kindAndMessage) {
    services_.fail(fmt::format("{}\n(in task '{}')", kindAndMessage, displayName()));
}

void Task::open() {
    for (size_t k = 0; k < chain_.size(); ++k)
        collectors_.push_back(std::make_unique<ChainCollector>(*this, k + 1));
    sourceCollector_ = std::make_unique<SourceCollector>(*this);

    // Downstream first, so that a source's first batch finds everything open.
    if (sink_) {
        sinkContext_ = SinkContext{subtask_, parallelism_, services_.zone, services_.stop};
        sinkOpened_ = true;
        sink_->open(sinkContext_);
    }
    operatorContext_ = OperatorContext{subtask_, parallelism_, services_.zone, services_.queryStartMicros};
    for (size_t k = chain_.size(); k-- > 0;) {
        ++openedOperators_;
        chain_[k]->open(operatorContext_);
    }
    if (source_) {
        sourceContext_ = SourceContext{subtask_, parallelism_, services_.zone, services_.stop};
        sourceOpened_ = true;
        source_->open(sourceContext_);
    }
}

void Task::runSource() {
    // TODO(checkpoints): a source task injects Barrier(n) here between polls when the coordinator asks.
    // TODO(stop-with-savepoint): a clean stop (SIGINT) of a streaming job will take a final
    // checkpoint before ending instead of being canceled.
    while (!stopping()) {
        if (!source_->poll(*sourceCollector_)) return;
    }
    throw TaskCanceled{};
}

void Task::runInputs() {
    WatermarkTracker tracker(numProducers_);
    int ended = 0;
    Message message;
    while (ended < numProducers_) {
        if (!input_->pop(message)) throw TaskCanceled{};
        if (auto* batch = std::get_if<RecordBatch>(&message.event)) {
            if (batch->numRows == 0) continue;
            if (chain_.empty()) {
                emitOutput(std::move(*batch));
            } else {
                chain_[0]->processBatch(std::move(*batch), message.input, *collectors_[0]);
            }
        } else if (auto* watermark = std::get_if<Watermark>(&message.event)) {
            if (auto combined = tracker.update(message.producer, watermark->timestamp))
                forwardWatermark(0, *combined);
        } else if (std::holds_alternative<EndOfInput>(message.event)) {
            ++ended;
            if (auto combined = tracker.end(message.producer)) forwardWatermark(0, *combined);
        } else {
            // TODO(checkpoints): align Barrier over all producers, snapshot, forward.
        }
    }
}

void Task::finish() {
    if (stopping()) throw TaskCanceled{};
    // Each operator's remaining output flows into the next before that one ends.
    for (size_t k = 0; k < chain_.size(); ++k) chain_[k]->onEndOfInput(*collectors_[k]);
    if (sink_) sink_->finish();
    for (auto& edge : outputs_) edge->sendEndOfInput();
}

void Task::closeAll() {
    // Close in data order, each even if another failed; the first failure is reported unless the
    // job is already stopping for another reason.
    auto guarded = [&](auto&& fn) {
        try {
            fn();
        } catch (const SluiceError& e) {
            if (!stopping()) reportFailure(fmt::format("{}: {}", e.kind(), e.what()));
        } catch (const std::exception& e) {
            if (!stopping()) reportFailure(fmt::format("RuntimeException: {}", e.what()));
        } catch (...) {
            if (!stopping()) reportFailure("RuntimeException: unknown exception");
        }
    };
    if (sourceOpened_) guarded([&] { source_->close(); });
    // Operators were opened back to front; the opened ones are the last openedOperators_.
    for (size_t k = chain_.size() - openedOperators_; k < chain_.size(); ++k)
        guarded([&] { chain_[k]->close(); });
    if (sinkOpened_) guarded([&] { sink_->close(); });
}

void Task::pushFrom(size_t index, RecordBatch batch) {
    if (batch.numRows == 0) return;
    if (index < chain_.size()) {
        chain_[index]->processBatch(std::move(batch), 0, *collectors_[index]);
    } else {
        emitOutput(std::move(batch));
    }
}

void Task::forwardWatermark(size_t index, int64_t timestamp) {
    for (size_t k = index; k < chain_.size(); ++k) {
        auto next = chain_[k]->onWatermark(timestamp, *collectors_[k]);
        if (!next) return;
        timestamp = *next;
    }
    if (lastWatermark_ && *lastWatermark_ >= timestamp) return;
    lastWatermark_ = timestamp;
    for (auto& edge : outputs_) edge->sendWatermark(timestamp);
}

void Task::emitOutput(RecordBatch batch) {
    if (sink_) {
        sink_->write(batch);
        services_.rowsOut->fetch_add(static_cast<int64_t>(batch.numRows), std::memory_order_relaxed);
    }
    if (outputs_.empty()) return;
    // Fan-out: every edge but the last gets a copy.
    for (size_t e = 0; e + 1 < outputs_.size(); ++e) outputs_[e]->sendBatch(batch);
    outputs_.back()->sendBatch(std::move(batch));
}

}  // namespace sluice::runtime
