#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/record_batch.h"
#include "common/time_util.h"
#include "runtime/channel.h"
#include "runtime/checkpoint_coordinator.h"
#include "runtime/operator.h"
#include "runtime/output_edge.h"
#include "runtime/sink.h"
#include "runtime/source.h"

namespace sluice::runtime {

/// `sluice test --resume` (JobOptions::resumeAtFirstCheckpoint): each source task pauses once it has
/// emitted its first rows, so that the job can be stopped with a savepoint while input is left.
struct SourceHold {
    std::atomic<bool> active{true};
    /// Source tasks paused after their first rows, or ended before.
    std::atomic<int> settled{0};
};

/// What a task shares with its job.
struct TaskServices {
    /// Set when the job stops (cancel or failure elsewhere); sources see it as stopRequested.
    const std::atomic<bool>* stop = nullptr;
    std::atomic<int64_t>* rowsIn = nullptr;
    std::atomic<int64_t>* rowsOut = nullptr;
    /// Records the job's failure ("<kind>: <message>...") and stops every task. Thread-safe.
    std::function<void(std::string)> fail;
    TimeZone zone = TimeZone::utc();
    std::optional<int64_t> queryStartMicros;
    /// The job's checkpoints; null when the job takes none.
    CheckpointCoordinator* checkpoints = nullptr;
    /// EXACTLY_ONCE: a task blocks each input that delivered barrier n until all have (alignment);
    /// AT_LEAST_ONCE: it only counts them.
    bool exactlyOnce = true;
    std::string jobKey;
    /// Null unless the job runs under `sluice test --resume`.
    SourceHold* hold = nullptr;
    /// SourceContext::maxRowsPerPoll for the task's source.
    int64_t maxRowsPerPoll = 0;
};

/// One parallel instance of a vertex: an optional source, a chain of operators, an optional sink
/// and the outgoing edges, driven by one thread through run(). Batches move through the chain by
/// direct calls; only the edges between vertices go through channels.
class Task {
public:
    Task(std::string vertexName, int subtask, int parallelism, TaskServices services);
    ~Task();
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;

    void setSource(std::unique_ptr<Source> source);
    void addOperator(std::unique_ptr<Operator> op);
    void setSink(std::unique_ptr<Sink> sink);
    /// The task's input channel and how many producer subtasks feed it (each sends EndOfInput once).
    void setInput(Channel* channel, int numProducers);
    void addOutput(std::unique_ptr<OutputEdge> edge);

    /// The thread body. Never throws: failures go to TaskServices::fail.
    void run() noexcept;
    /// "name (i/n)", as Flink names subtasks.
    std::string displayName() const;
    /// This task's number among the job's tasks (for checkpoint acknowledgements).
    void setIndex(size_t index) { index_ = index; }
    /// Resume from completed checkpoint `checkpointId`: `states` holds this task's slots (see slotKey).
    void setRestoredState(int64_t checkpointId, std::map<std::string, std::string> states);
    /// "<vertex name>#<subtask>": the prefix of this task's state keys in a checkpoint.
    std::string stateKeyPrefix() const;

private:
    class ChainCollector;
    class SourceCollector;

    void open();
    void runSource();
    /// SourceHold: waits (serving checkpoints) while the hold is active.
    void holdSource();
    void runInputs();
    void finish();
    /// With checkpoints, a sink task whose input ended takes one more checkpoint and waits until it
    /// completed and the sink committed it.
    void awaitFinalCheckpoint();
    void closeAll();
    void reportFailure(const std::string& kindAndMessage);
    bool stopping() const { return services_.stop->load(std::memory_order_relaxed); }

    /// Feeds `batch` to chain operator `index` (input 0), or to the outputs past the chain's end.
    void pushFrom(size_t index, RecordBatch batch);
    /// Runs watermark `timestamp` through chain operators from `index` on, then downstream.
    void forwardWatermark(size_t index, int64_t timestamp);
    void emitOutput(RecordBatch batch);

    // --- checkpoints ---
    std::string slotKey(const std::string& slot) const;
    /// Source tasks: takes a triggered checkpoint; every task: serves completion notifications.
    void serveCheckpoints();
    /// Snapshots source, chain and sink for checkpoint `id`, forwards the barrier, acknowledges.
    void checkpoint(int64_t id, std::chrono::steady_clock::time_point pauseStart);
    /// Two-stage checkpoints: waits for `id`'s pending metadata, then has the sink commit its epoch.
    void commitAtBarrier(int64_t id, std::chrono::steady_clock::time_point pauseStart);
    /// Next input message: replayed ones (buffered during an alignment) first, then the channel.
    /// Returns false on a timeout (so that notifications get served).
    bool nextMessage(Message& out);
    void onBarrier(int producer, int64_t id);
    /// Checkpoints once every producer delivered the barrier being aligned (or ended).
    void maybeCompleteAlignment();
    bool blocked(int producer) const;
    /// The source's and chained operators' states (slot key -> bytes); at the task's end they stand
    /// for it in later checkpoints.
    std::map<std::string, std::string> sourceAndChainStates(int64_t id);

    const std::string vertexName_;
    const int subtask_;
    const int parallelism_;
    TaskServices services_;

    std::unique_ptr<Source> source_;
    std::vector<std::unique_ptr<Operator>> chain_;
    std::unique_ptr<Sink> sink_;
    Channel* input_ = nullptr;
    int numProducers_ = 0;
    std::vector<std::unique_ptr<OutputEdge>> outputs_;

    /// collectors_[k] is what chain operator k emits into; the source's goes into operator 0.
    std::vector<std::unique_ptr<ChainCollector>> collectors_;
    std::unique_ptr<SourceCollector> sourceCollector_;
    // Contexts live as long as the task: open() may keep a reference.
    SourceContext sourceContext_;
    OperatorContext operatorContext_;
    SinkContext sinkContext_;
    std::optional<int64_t> lastWatermark_;  // last one sent downstream
    size_t index_ = 0;
    int64_t restoredId_ = 0;
    std::map<std::string, std::string> restoredStates_;
    int64_t lastTriggered_ = 0;  // source tasks: the last checkpoint taken
    int64_t lastNotified_ = 0;
    int64_t lastCheckpointed_ = 0;  // the last checkpoint this task took part in
    // Alignment of the barrier `aligning_` (0: none) over the producers.
    int64_t aligning_ = 0;
    std::chrono::steady_clock::time_point alignStart_;
    std::vector<char> barrierFrom_;         // per producer: its barrier `aligning_` arrived
    std::vector<char> endedFrom_;           // per producer: it sent EndOfInput
    std::deque<Message> buffered_;          // from producers blocked by the alignment
    std::deque<Message> replay_;            // buffered_ after the alignment, consumed before the channel
    std::map<int64_t, int> barrierCounts_;  // AT_LEAST_ONCE: barriers seen per checkpoint id
    size_t openedOperators_ = 0;
    bool sourceOpened_ = false;
    int64_t sourceRows_ = 0;  // rows this task's source emitted
    bool sinkOpened_ = false;
};

}  // namespace sluice::runtime
