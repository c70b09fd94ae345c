#include "runtime/task.h"

#include <pthread.h>

#include <thread>

#include <fmt/format.h>

#include "common/error.h"
#include "common/failpoint.h"
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
        task_.sourceRows_ += static_cast<int64_t>(batch.numRows);
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

std::string Task::stateKeyPrefix() const {
    return fmt::format("{}#{}", vertexName_, subtask_);
}

std::string Task::slotKey(const std::string& slot) const {
    return stateKeyPrefix() + "/" + slot;
}

void Task::setRestoredState(int64_t checkpointId, std::map<std::string, std::string> states) {
    restoredId_ = checkpointId;
    restoredStates_ = std::move(states);
    lastNotified_ = checkpointId;
    lastCheckpointed_ = checkpointId;
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

    if (restoredId_ > 0) {
        auto state = [&](const std::string& slot) -> const std::string* {
            auto it = restoredStates_.find(slotKey(slot));
            return it == restoredStates_.end() ? nullptr : &it->second;
        };
        if (source_)
            if (auto* s = state("source")) source_->restoreState(*s);
        for (size_t k = 0; k < chain_.size(); ++k)
            if (auto* s = state(fmt::format("op{}", k))) chain_[k]->restoreState(*s);
        // Always, so that the sink settles what the restored checkpoint (and later ones) prepared.
        if (sink_) {
            auto* s = state("sink");
            sink_->restoreState(s ? *s : std::string(), restoredId_);
        }
        restoredStates_.clear();
    }

    // Downstream first, so that a source's first batch finds everything open.
    if (sink_) {
        sinkContext_ = SinkContext{};
        sinkContext_.subtask = subtask_;
        sinkContext_.parallelism = parallelism_;
        sinkContext_.zone = services_.zone;
        sinkContext_.stopRequested = services_.stop;
        sinkContext_.checkpointing = services_.checkpoints != nullptr;
        sinkContext_.jobKey = services_.jobKey;
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
        sourceContext_.maxRowsPerPoll = services_.maxRowsPerPoll;
        sourceOpened_ = true;
        source_->open(sourceContext_);
    }
}

void Task::runSource() {
    bool held = false;
    // Barriers go out between polls: everything emitted before belongs to the checkpoint.
    while (!stopping()) {
        serveCheckpoints();
        if (services_.hold && !held && sourceRows_ > 0) {
            held = true;
            holdSource();
            continue;
        }
        if (!source_->poll(*sourceCollector_)) {
            if (services_.hold && !held) services_.hold->settled.fetch_add(1);
            return;
        }
    }
    throw TaskCanceled{};
}

void Task::holdSource() {
    services_.hold->settled.fetch_add(1);
    while (services_.hold->active.load() && !stopping()) {
        serveCheckpoints();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

void Task::runInputs() {
    WatermarkTracker tracker(numProducers_);
    int ended = 0;
    barrierFrom_.assign(static_cast<size_t>(numProducers_), 0);
    endedFrom_.assign(static_cast<size_t>(numProducers_), 0);
    Message message;
    while (ended < numProducers_) {
        serveCheckpoints();
        if (!nextMessage(message)) continue;
        if (blocked(message.producer)) {
            buffered_.push_back(std::move(message));
            continue;
        }
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
            endedFrom_[static_cast<size_t>(message.producer)] = 1;
            if (auto combined = tracker.end(message.producer)) forwardWatermark(0, *combined);
            maybeCompleteAlignment();  // an ended producer sends no more barriers
        } else if (auto* barrier = std::get_if<Barrier>(&message.event)) {
            onBarrier(message.producer, barrier->checkpointId);
        }
    }
}

bool Task::nextMessage(Message& out) {
    if (!replay_.empty()) {
        out = std::move(replay_.front());
        replay_.pop_front();
        return true;
    }
    if (!services_.checkpoints) {
        if (!input_->pop(out)) throw TaskCanceled{};
        return true;
    }
    switch (input_->popFor(out, std::chrono::milliseconds(100))) {
        case Channel::PopResult::Message:
            return true;
        case Channel::PopResult::Timeout:
            return false;
        case Channel::PopResult::Closed:
            break;
    }
    throw TaskCanceled{};
}

bool Task::blocked(int producer) const {
    return services_.exactlyOnce && aligning_ != 0 && barrierFrom_[static_cast<size_t>(producer)];
}

void Task::onBarrier(int producer, int64_t id) {
    if (!services_.checkpoints) return;
    if (!services_.exactlyOnce) {
        // AT_LEAST_ONCE: nothing waits; the checkpoint is taken when its last barrier arrives, and
        // rows that overtook it are replayed after a restore (hence "at least once").
        int live = 0;
        for (int p = 0; p < numProducers_; ++p) live += endedFrom_[static_cast<size_t>(p)] ? 0 : 1;
        if (++barrierCounts_[id] >= live) {
            barrierCounts_.erase(barrierCounts_.begin(), barrierCounts_.upper_bound(id));
            checkpoint(id, std::chrono::steady_clock::now());
        }
        return;
    }
    if (aligning_ == 0) {
        aligning_ = id;
        alignStart_ = std::chrono::steady_clock::now();
    }
    // With FIFO channels and every producer sending every barrier in order, a producer's next barrier
    // can only arrive after the current alignment (its messages are buffered meanwhile).
    barrierFrom_[static_cast<size_t>(producer)] = 1;
    maybeCompleteAlignment();
}

void Task::maybeCompleteAlignment() {
    if (aligning_ == 0 || !services_.exactlyOnce) return;
    for (int p = 0; p < numProducers_; ++p)
        if (!barrierFrom_[static_cast<size_t>(p)] && !endedFrom_[static_cast<size_t>(p)]) return;
    int64_t id = aligning_;
    aligning_ = 0;
    std::fill(barrierFrom_.begin(), barrierFrom_.end(), 0);
    checkpoint(id, alignStart_);
    // What the blocked producers sent meanwhile comes next, before anything still in the channel.
    while (!buffered_.empty()) {
        replay_.push_front(std::move(buffered_.back()));
        buffered_.pop_back();
    }
}

void Task::serveCheckpoints() {
    CheckpointCoordinator* coordinator = services_.checkpoints;
    if (!coordinator) return;
    if (source_) {
        int64_t triggered = coordinator->triggeredId();
        if (triggered > lastTriggered_) {
            lastTriggered_ = triggered;
            checkpoint(triggered, std::chrono::steady_clock::now());
        }
    }
    int64_t completed = coordinator->completedId();
    if (completed > lastNotified_) {
        lastNotified_ = completed;
        if (source_) source_->notifyCheckpointComplete(completed);
        for (auto& op : chain_) op->notifyCheckpointComplete(completed);
        if (sink_) sink_->notifyCheckpointComplete(completed);
        coordinator->notified(index_, completed);
    }
}

void Task::checkpoint(int64_t id, std::chrono::steady_clock::time_point pauseStart) {
    CheckpointCoordinator* coordinator = services_.checkpoints;
    if (!coordinator || id <= lastCheckpointed_) return;
    lastCheckpointed_ = id;
    std::map<std::string, std::string> states;
    try {
        states = sourceAndChainStates(id);
        if (sink_) {
            sink_->prepareCheckpoint(id);
            std::string s = sink_->snapshotState(id);
            if (!s.empty()) states[slotKey("sink")] = std::move(s);
        }
    } catch (const SluiceError& e) {
        // A sink that cannot pre-commit fails the job (its data cannot be made durable), as in Flink.
        coordinator->decline(index_, id, fmt::format("{} in task '{}'", e.what(), displayName()));
        throw;
    }
    for (auto& edge : outputs_) edge->sendBarrier(id);
    auto pause =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - pauseStart);
    coordinator->acknowledge(index_, id, std::move(states), pause.count());
    if (sink_ && sink_->commitsAtBarrier()) commitAtBarrier(id, pauseStart);
}

void Task::commitAtBarrier(int64_t id, std::chrono::steady_clock::time_point pauseStart) {
    // Two-stage checkpoint (CheckpointCoordinator): this task stays here, processing nothing, until its
    // sink committed epoch `id`, so that no row past barrier `id` enters that epoch's transaction. The
    // barrier has already gone downstream: only this task's own data waits.
    CheckpointCoordinator* coordinator = services_.checkpoints;
    bool durable = coordinator->awaitPendingDurable(id, [this] { return stopping(); });
    if (stopping()) throw TaskCanceled{};
    if (!durable) return;  // the checkpoint failed: the epoch stays open and joins the next one
    sink_->commitCheckpoint(id);
    auto pause =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - pauseStart);
    coordinator->committed(index_, id, pause.count());
}

std::map<std::string, std::string> Task::sourceAndChainStates(int64_t id) {
    std::map<std::string, std::string> states;
    if (source_) states[slotKey("source")] = source_->snapshotState(id);
    for (size_t k = 0; k < chain_.size(); ++k) {
        std::string s = chain_[k]->snapshotState(id);
        if (!s.empty()) states[slotKey(fmt::format("op{}", k))] = std::move(s);
    }
    return states;
}

void Task::finish() {
    if (stopping()) throw TaskCanceled{};
    // Each operator's remaining output flows into the next before that one ends.
    for (size_t k = 0; k < chain_.size(); ++k) chain_[k]->onEndOfInput(*collectors_[k]);
    if (sink_ && services_.checkpoints) awaitFinalCheckpoint();
    if (sink_) {
        sink_->finish();
        failpoint("task.after-sink-finish");  // crash tests: one sink done, the job not
    }
    // Before EndOfInput goes out: a checkpoint that downstream tasks then complete includes this task.
    if (services_.checkpoints)
        services_.checkpoints->taskFinished(index_, sourceAndChainStates(lastTriggered_));
    for (auto& edge : outputs_) edge->sendEndOfInput();
}

void Task::awaitFinalCheckpoint() {
    // Flink's final checkpoint (FLIP-147): the last rows of a sink become visible through a checkpoint
    // like all others. Committing them at once (Sink::finish) would write them twice if the job then
    // died before its end and restored an earlier checkpoint, its other tasks replaying their input.
    CheckpointCoordinator* coordinator = services_.checkpoints;
    int64_t taken = 0;  // the checkpoint this task took after its input ended
    while (true) {
        if (stopping()) throw TaskCanceled{};
        int64_t pending = coordinator->pendingId();
        if (pending > lastCheckpointed_) {
            checkpoint(pending, std::chrono::steady_clock::now());
            taken = pending;
        }
        serveCheckpoints();  // completion: the sink commits
        if (taken > 0 && lastNotified_ >= taken) return;
        if (pending == 0) {
            // None under way: the one taken failed (or none was taken yet). Ask for a new one.
            if (taken > 0 && coordinator->completedId() < taken) taken = 0;
            coordinator->requestCheckpoint();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
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
    if (sink_) sink_->onWatermark(timestamp);
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
