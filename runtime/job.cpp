#include "runtime/job.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>

#include "common/error.h"
#include "runtime/channel.h"
#include "runtime/task.h"

namespace sluice::runtime {

const char* jobStatusName(JobStatus s) {
    switch (s) {
        case JobStatus::Created:
            return "CREATED";
        case JobStatus::Running:
            return "RUNNING";
        case JobStatus::Finished:
            return "FINISHED";
        case JobStatus::Failed:
            return "FAILED";
        case JobStatus::Canceled:
            return "CANCELED";
    }
    return "UNKNOWN";
}

namespace {

std::string randomJobId() {
    std::random_device device;
    std::mt19937_64 rng((static_cast<uint64_t>(device()) << 32) ^ device());
    return fmt::format("{:016x}{:016x}", rng(), rng());
}

/// SHA-256 (hex) of the job's shape: vertices (names, parallelism, chained operators with their
/// expressions), edges, and the column types that flow. Connector options are left out, as Flink lets
/// a job change them (a flush interval, a bounded mode) and still restore.
std::string graphFingerprint(const JobGraph& graph) {
    std::string text;
    for (const Edge& e : graph.edges)
        text += fmt::format("edge {} -> {} input {} partitioning {} keys {}\n", e.from, e.to, e.toInput,
                            static_cast<int>(e.partitioning), fmt::join(e.keyFields, ","));
    for (const Vertex& v : graph.vertices) {
        text += fmt::format("\nvertex {} '{}' parallelism {} inputs {} chain [{}]:", v.id, v.name,
                            v.parallelism, v.numInputs, fmt::join(v.chainDescriptions, "; "));
        if (v.source)
            for (const Field& f : v.source->outputSchema().fields)
                text += " " + f.name + " " + f.type.toString();
        text += " ->";
        for (const Field& f : v.outputSchema.fields) text += " " + f.name + " " + f.type.toString();
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

}  // namespace

struct Job::Impl {
    JobGraph graph;
    JobOptions options;
    std::string id = randomJobId();

    std::atomic<bool> stop{false};
    std::atomic<int64_t> rowsIn{0};
    std::atomic<int64_t> rowsOut{0};

    mutable std::mutex mutex;
    std::condition_variable endedCv;
    JobStatus status = JobStatus::Created;
    std::optional<std::string> error;
    bool cancelRequested = false;
    bool stoppedWithSavepoint = false;  // ends FINISHED, as Flink's stop-with-savepoint
    bool ended = false;
    size_t runningTasks = 0;

    // Indexed like graph.vertices; channels_[v][s] is subtask s's input (null for sources).
    std::vector<std::vector<std::unique_ptr<Channel>>> channels;
    std::vector<std::unique_ptr<Task>> tasks;
    // Shared: stopWithSavepoint() and checkpointStats() copy it under `mutex` and may still use it
    // while a restart replaces it.
    std::shared_ptr<CheckpointCoordinator> coordinator;
    std::optional<CompletedCheckpoint> restore;

    // JobOptions::resumeAtFirstCheckpoint.
    std::unique_ptr<SourceHold> hold;
    int sourceTasks = 0;
    bool holdSources = false;  // this run's sources pause after their first rows
    bool resuming = false;     // the restart under way is the planned resume, not a failure's
    std::thread resumeController;

    // Restarts (JobOptions::restart).
    bool restarting = false;
    std::string restartCause;
    int64_t restartDelayMs = 0;
    int64_t restarts = 0;
    std::deque<std::chrono::steady_clock::time_point> failureTimes;  // failure-rate
    int64_t backoffMs = 0;                                           // exponential-delay
    std::chrono::steady_clock::time_point lastFailure;
    std::thread supervisor;
    std::condition_variable restartCv;  // wakes the supervisor's delay on cancel
    std::mutex joinMutex;
    std::vector<std::thread> threads;

    Impl(JobGraph g, JobOptions o)
        : graph(std::move(g)), options(std::move(o)), holdSources(options.resumeAtFirstCheckpoint) {}

    void validate() const;
    void buildTasks();
    /// Sets up checkpointing and finds the checkpoint to resume from (before buildTasks).
    void prepareCheckpoints();
    /// Recovery of two-stage checkpoints: promotes or discards the pending ones in `pendings` (newest
    /// first) by asking the barrier-committing sinks what they committed, tells every sink where the
    /// run starts, and returns the lineage to continue. Raises `nextId` past discarded ids.
    std::string settleBarrierCommits(CheckpointStorage& storage,
                                     const std::vector<CompletedCheckpoint>& pendings, int64_t& nextId);
    /// Hands each task its restored state; refuses state no task claims (after buildTasks).
    void assignRestoredState();
    /// A task failed (`restartable`) or the job could not start: restart per the strategy, or fail.
    void fail(std::string text, bool restartable = false);
    /// The delay before the next restart, or nothing when the strategy says stop (callers hold mutex).
    std::optional<int64_t> nextRestartDelayLocked();
    /// Starts every task's thread (callers hold mutex).
    void launchLocked();
    /// The supervisor thread: waits the delay, joins the old tasks, builds and starts new ones.
    void restartJob();
    /// Finds the checkpoint to resume from, creates the tasks and starts the coordinator; throws.
    void setUp();
    /// JobOptions::resumeAtFirstCheckpoint: once every source paused after its first rows, takes a
    /// savepoint and restarts the job from it (through restartJob).
    void stopAndResume();
    /// Sets the stop flag and closes every channel, waking blocked tasks. Callers hold `mutex`.
    void stopAllLocked();
    void taskEnded();
    void joinAll();
};

void Job::Impl::validate() const {
    std::map<int, size_t> index;
    for (size_t v = 0; v < graph.vertices.size(); ++v) {
        const Vertex& vertex = graph.vertices[v];
        if (!index.emplace(vertex.id, v).second)
            throw InternalError(fmt::format("job graph: duplicate vertex id {}", vertex.id));
        if (vertex.parallelism < 1)
            throw InternalError(
                fmt::format("job graph: vertex {} has parallelism {}", vertex.id, vertex.parallelism));
        if (vertex.chain.size() != vertex.chainDescriptions.size() && !vertex.chainDescriptions.empty())
            throw InternalError(fmt::format("job graph: vertex {} chain and descriptions differ", vertex.id));
    }
    for (const Edge& edge : graph.edges) {
        auto from = index.find(edge.from);
        auto to = index.find(edge.to);
        if (from == index.end() || to == index.end())
            throw InternalError(
                fmt::format("job graph: edge {} -> {} names a missing vertex", edge.from, edge.to));
        const Vertex& up = graph.vertices[from->second];
        const Vertex& down = graph.vertices[to->second];
        if (down.source)
            throw InternalError(fmt::format("job graph: source vertex {} has an input", down.id));
        if (edge.partitioning == Partitioning::Forward && up.parallelism != down.parallelism)
            throw InternalError(fmt::format("job graph: forward edge {} -> {} joins parallelism {} and {}",
                                            up.id, down.id, up.parallelism, down.parallelism));
        if (down.numInputs > 0 && (edge.toInput < 0 || edge.toInput >= down.numInputs))
            throw InternalError(fmt::format("job graph: edge {} -> {} goes to input {} of {}", up.id, down.id,
                                            edge.toInput, down.numInputs));
        if (edge.partitioning == Partitioning::Hash && edge.keyFields.empty())
            throw InternalError(fmt::format("job graph: hash edge {} -> {} has no key", up.id, down.id));
    }
}

void Job::Impl::buildTasks() {
    sourceTasks = 0;
    std::map<int, size_t> index;
    for (size_t v = 0; v < graph.vertices.size(); ++v) index[graph.vertices[v].id] = v;

    // Producer numbering per downstream vertex: its in-edges in graph order, each contributing one
    // producer (Forward) or one per upstream subtask.
    std::vector<int> producersOf(graph.vertices.size(), 0);
    std::vector<int> producerBase(graph.edges.size(), 0);
    for (size_t e = 0; e < graph.edges.size(); ++e) {
        const Edge& edge = graph.edges[e];
        size_t down = index[edge.to];
        producerBase[e] = producersOf[down];
        producersOf[down] +=
            edge.partitioning == Partitioning::Forward ? 1 : graph.vertices[index[edge.from]].parallelism;
    }

    channels.resize(graph.vertices.size());
    for (size_t v = 0; v < graph.vertices.size(); ++v) {
        if (graph.vertices[v].source) continue;
        for (int s = 0; s < graph.vertices[v].parallelism; ++s)
            channels[v].push_back(std::make_unique<Channel>(options.channelCapacity));
    }

    TaskServices services;
    services.stop = &stop;
    services.rowsIn = &rowsIn;
    services.rowsOut = &rowsOut;
    services.fail = [this](std::string text) { fail(std::move(text), true); };
    services.zone = options.zone;
    services.queryStartMicros = options.queryStartMicros;
    services.checkpoints = coordinator.get();
    services.exactlyOnce = options.checkpoints.exactlyOnce;
    services.jobKey = options.jobKey;
    if (holdSources) {
        hold = std::make_unique<SourceHold>();
        services.hold = hold.get();
        services.maxRowsPerPoll = 1;
    }

    for (size_t v = 0; v < graph.vertices.size(); ++v) {
        const Vertex& vertex = graph.vertices[v];
        for (int s = 0; s < vertex.parallelism; ++s) {
            auto task = std::make_unique<Task>(vertex.name, s, vertex.parallelism, services);
            if (vertex.source) {
                task->setSource(vertex.source->createSource(s, vertex.parallelism));
                ++sourceTasks;
            }
            for (const auto& factory : vertex.chain) task->addOperator(factory());
            if (vertex.sink) task->setSink(vertex.sink->createSink(s, vertex.parallelism));
            if (!vertex.source) task->setInput(channels[v][s].get(), producersOf[v]);
            for (size_t e = 0; e < graph.edges.size(); ++e) {
                const Edge& edge = graph.edges[e];
                if (edge.from != vertex.id) continue;
                size_t down = index[edge.to];
                std::vector<Channel*> targets;
                for (auto& channel : channels[down]) targets.push_back(channel.get());
                int producer = producerBase[e] + (edge.partitioning == Partitioning::Forward ? 0 : s);
                task->addOutput(std::make_unique<OutputEdge>(edge.partitioning, edge.keyFields,
                                                             std::move(targets), s, producer, edge.toInput));
            }
            task->setIndex(tasks.size());
            tasks.push_back(std::move(task));
        }
    }
}

void Job::Impl::setUp() {
    prepareCheckpoints();
    buildTasks();
    assignRestoredState();
    if (coordinator) {
        // Task indices as buildTasks assigns them: vertex by vertex, subtask by subtask.
        std::vector<bool> committers;
        for (const Vertex& vertex : graph.vertices)
            for (int s = 0; s < vertex.parallelism; ++s)
                committers.push_back(vertex.sink && vertex.sink->commitsAtBarrier());
        coordinator->setBarrierCommitters(std::move(committers));
        coordinator->start();
    }
}

void Job::Impl::prepareCheckpoints() {
    const CheckpointSettings& settings = options.checkpoints;
    if (!settings.enabled() && !settings.restorePath && !options.resumeAtFirstCheckpoint) return;
    if (options.fingerprint.empty()) options.fingerprint = graphFingerprint(graph);
    // Without 'pipeline.name' the job is known by its shape, so a changed job starts afresh.
    if (options.jobKey.empty()) options.jobKey = "job-" + options.fingerprint.substr(0, 16);
    auto storage = std::make_unique<CheckpointStorage>(settings.dir, options.jobKey, settings.numRetained);
    std::vector<CompletedCheckpoint> pendings;
    if (settings.restorePath) {
        restore = CheckpointStorage::load(*settings.restorePath);
    } else {
        std::vector<std::string> warnings;
        restore = storage->latest(warnings);
        pendings = storage->pendings(warnings);
        if (options.log)
            for (const auto& w : warnings) options.log("Warning: " + w);
    }
    auto checkFingerprint = [&](const CompletedCheckpoint& c) {
        if (c.fingerprint != options.fingerprint)
            throw ExecutionError(fmt::format(
                "The checkpoint at '{}' was taken by a different job (its statements or table schemas "
                "differ), so it cannot be restored into this one. Remove it, give this job another "
                "'pipeline.name', or run the job that took it.",
                c.path));
    };
    if (restore) checkFingerprint(*restore);
    for (const auto& p : pendings) checkFingerprint(p);
    int64_t nextId = restore ? restore->id + 1 : 1;
    std::string lineage = settleBarrierCommits(*storage, pendings, nextId);
    if (options.log && settings.enabled())
        options.log(fmt::format("Checkpointing every {} ms ({}) to {}", settings.intervalMs,
                                settings.exactlyOnce ? "EXACTLY_ONCE" : "AT_LEAST_ONCE", storage->jobDir()));
    size_t numTasks = 0;
    for (const Vertex& vertex : graph.vertices) numTasks += static_cast<size_t>(vertex.parallelism);
    CheckpointCoordinator::Callbacks callbacks;
    // Too many failed checkpoints fail the job as a task failure does: through the restart strategy
    // (Flink's global failover), e.g. when a sink could not pre-commit because its database restarted.
    callbacks.failJob = [this](std::string text) { fail(std::move(text), true); };
    callbacks.log = options.log;
    auto created = std::make_shared<CheckpointCoordinator>(
        settings, std::move(storage), options.jobKey, options.fingerprint, numTasks, std::move(callbacks));
    created->setLineage(lineage);
    if (restore) created->setRestored(restore->id, restore->path);
    created->setNextId(nextId);
    std::lock_guard lock(mutex);
    coordinator = std::move(created);
}

std::string Job::Impl::settleBarrierCommits(CheckpointStorage& storage,
                                            const std::vector<CompletedCheckpoint>& pendings,
                                            int64_t& nextId) {
    auto log = [&](const std::string& line) {
        if (options.log) options.log(line);
    };
    std::vector<SinkProvider*> committers;
    std::vector<std::string> names;
    for (const Vertex& vertex : graph.vertices)
        if (vertex.sink && vertex.sink->commitsAtBarrier()) {
            committers.push_back(vertex.sink.get());
            names.push_back(vertex.sink->describe());
        }
    // Asked once, and only when there is something to decide: reading a progress record costs a
    // transactional producer's init (which settles the sink's open transaction) and a read of the topic.
    std::vector<SinkProgress> progress;
    auto ask = [&] {
        if (progress.empty())
            for (auto* c : committers) progress.push_back(c->recoverProgress());
    };
    // Pending checkpoints (newest first; normally at most one): checkpoint n was durable as pending, and
    // the crash came before every barrier-committing sink reported its commit. A sink committed n if its
    // progress record, of this lineage, says n or later, or "final" (it ended, nothing left to commit).
    // All committed: n is as good as complete (its state matches what the sinks hold). Otherwise the
    // ones that did not commit had their open transaction aborted (recoverProgress), so n's epoch exists
    // only in the sinks that committed it; restoring the previous checkpoint replays it, exactly once for
    // a single such sink. With several, a crash between their commits leaves some committed and some
    // not: no choice is exact there (promoting loses the others' epoch, discarding repeats these'), and
    // we discard (at-least-once for that one epoch) and say so.
    for (const auto& p : pendings) {
        nextId = std::max(nextId, p.id + 1);  // a discarded id is never reused: progress records name it
        std::vector<std::string> done, notDone;
        if (!committers.empty()) ask();
        for (size_t i = 0; i < committers.size(); ++i) {
            const SinkProgress& g = progress[i];
            bool ok = g.found && g.lineage == p.lineage && (g.final || g.checkpointId >= p.id);
            (ok ? done : notDone).push_back(names[i]);
        }
        if (!committers.empty() && notDone.empty()) {
            std::string path = storage.promote(p.id);
            restore = CheckpointStorage::load(path);
            nextId = std::max(nextId, restore->id + 1);
            log(
                fmt::format("Checkpoint {} was pending; every sink that commits at the barrier had committed "
                            "it ({}): promoted it to complete",
                            p.id, fmt::join(done, ", ")));
            break;
        }
        storage.discardPending(p.id);
        std::string previous = restore ? fmt::format("checkpoint {}", restore->id) : "the start";
        if (committers.empty()) {
            log(
                fmt::format("Warning: discarded pending checkpoint {}: this job has no sink that commits at "
                            "the barrier any more to tell whether it was committed; resuming from {}",
                            p.id, previous));
        } else if (done.empty()) {
            log(
                fmt::format("Checkpoint {} was pending and no sink had committed it: discarded it, resuming "
                            "from {}",
                            p.id, previous));
        } else {
            log(
                fmt::format("Warning: checkpoint {} was pending; {} had committed it but {} had not: "
                            "discarded it and resuming from {}, so the rows the former wrote in that epoch "
                            "are written again (at-least-once for that epoch)",
                            p.id, fmt::join(done, ", "), fmt::join(notDone, ", "), previous));
        }
    }
    std::string lineage = restore ? restore->lineage : "";
    if (!committers.empty()) {
        // A run that crashed before its first checkpoint leaves no checkpoint, but its lineage file: its
        // sinks may have committed their end of input already (a bounded job), see below.
        if (lineage.empty()) lineage = storage.readLineage();
        if (lineage.empty()) lineage = randomJobId();
        if (storage.readLineage() != lineage) storage.writeLineage(lineage);
        ask();
    }
    if (lineage.empty()) lineage = randomJobId();
    size_t i = 0;
    for (const Vertex& vertex : graph.vertices) {
        if (!vertex.sink) continue;
        bool delivered = false;
        if (vertex.sink->commitsAtBarrier()) {
            // Its end of input was committed in this lineage: whatever the restored checkpoint (or the
            // start, after a crash before the first checkpoint) replays to it is already in its output.
            // A job that ended normally removed its lineage file, so its next run draws a new lineage
            // and writes again.
            const SinkProgress& g = progress[i];
            delivered = g.found && g.final && g.lineage == lineage;
            if (delivered)
                log(
                    fmt::format("Sink {} already committed all its output in this run (its progress record "
                                "says final, after checkpoint {}): its subtasks drop what they receive",
                                names[i], g.checkpointId));
            ++i;
        }
        vertex.sink->prepareRun(restore ? restore->id : 0, lineage, delivered);
    }
    return lineage;
}

void Job::Impl::assignRestoredState() {
    if (!restore) return;
    std::map<std::string, Task*> byPrefix;
    for (auto& task : tasks) byPrefix[task->stateKeyPrefix()] = task.get();
    std::map<Task*, std::map<std::string, std::string>> perTask;
    for (auto& [key, value] : restore->states) {
        auto it = byPrefix.find(key.substr(0, key.rfind('/')));
        if (it == byPrefix.end()) {
            if (options.checkpoints.ignoreUnclaimedState) continue;
            throw ExecutionError(fmt::format(
                "The checkpoint at '{}' holds state for '{}', which no task of this job claims (the job's "
                "plan or parallelism changed). Set 'execution.state-recovery.ignore-unclaimed-state' = "
                "'true' to drop that state.",
                restore->path, key));
        }
        perTask[it->second][key] = value;
    }
    for (auto& task : tasks) task->setRestoredState(restore->id, std::move(perTask[task.get()]));
    if (options.log)
        options.log(fmt::format("Restored from checkpoint {} at {}", restore->id, restore->path));
    restore.reset();
}

void Job::Impl::fail(std::string text, bool restartable) {
    std::lock_guard lock(mutex);
    // The first failure is the cause; later ones are usually its consequences.
    if (error || cancelRequested || ended || restarting) return;
    if (restartable) {
        if (auto delay = nextRestartDelayLocked()) {
            restarting = true;
            restartCause = std::move(text);
            restartDelayMs = *delay;
            stopAllLocked();  // the last task to end starts the supervisor (taskEnded)
            return;
        }
        if (options.restart.type != RestartStrategy::Type::None)
            text += fmt::format("\n(no more restarts: {} after {} restart(s))", options.restart.describe(),
                                restarts);
    }
    error = std::move(text);
    status = JobStatus::Failed;
    stopAllLocked();
}

std::optional<int64_t> Job::Impl::nextRestartDelayLocked() {
    const RestartStrategy& r = options.restart;
    auto now = std::chrono::steady_clock::now();
    switch (r.type) {
        case RestartStrategy::Type::None:
            return std::nullopt;
        case RestartStrategy::Type::FixedDelay:
            if (restarts >= r.attempts) return std::nullopt;
            return r.delayMs;
        case RestartStrategy::Type::FailureRate: {
            failureTimes.push_back(now);
            while (!failureTimes.empty() &&
                   now - failureTimes.front() > std::chrono::milliseconds(r.failureRateIntervalMs))
                failureTimes.pop_front();
            if (static_cast<int64_t>(failureTimes.size()) > r.maxFailuresPerInterval) return std::nullopt;
            return r.delayMs;
        }
        case RestartStrategy::Type::ExponentialDelay: {
            // A job that ran long enough since its last failure starts over at the initial backoff.
            if (backoffMs == 0 || now - lastFailure > std::chrono::milliseconds(r.resetBackoffThresholdMs)) {
                backoffMs = r.initialBackoffMs;
                restarts = 0;
            } else {
                backoffMs =
                    std::min<int64_t>(r.maxBackoffMs, static_cast<int64_t>(backoffMs * r.backoffMultiplier));
            }
            lastFailure = now;
            if (restarts >= r.maxAttempts) return std::nullopt;
            std::uniform_real_distribution<double> jitter(-r.jitterFactor, r.jitterFactor);
            std::mt19937_64 rng(static_cast<uint64_t>(now.time_since_epoch().count()));
            return std::max<int64_t>(0, static_cast<int64_t>(backoffMs * (1.0 + jitter(rng))));
        }
    }
    return std::nullopt;
}

void Job::Impl::restartJob() {
    while (true) {
        {
            std::unique_lock lock(mutex);
            if (resuming) {
                resuming = false;
                if (options.log)
                    options.log(fmt::format("Job '{}' stopped at {}; resuming it from there", graph.name,
                                            restartCause));
            } else {
                ++restarts;
                if (options.log)
                    options.log(fmt::format(
                        "Job '{}' failed; restarting it from its latest checkpoint in {} ms (restart {}, "
                        "{}). Cause: {}",
                        graph.name, restartDelayMs, restarts, options.restart.describe(), restartCause));
            }
            restartCv.wait_for(lock, std::chrono::milliseconds(restartDelayMs),
                               [&] { return cancelRequested; });
        }
        // Every task has ended; a savepoint still waited for (sluice test --resume) fails now, not at its
        // timeout, so that joinAll() below does not wait for it.
        if (coordinator) coordinator->shutdown();
        joinAll();
        std::unique_lock lock(mutex);
        {
            std::lock_guard joinLock(joinMutex);
            threads.clear();
        }
        tasks.clear();
        channels.clear();
        coordinator.reset();
        restarting = false;
        if (cancelRequested) {
            ended = true;
            status = JobStatus::Canceled;
            endedCv.notify_all();
            return;
        }
        stop.store(false);
        std::string failure;
        bool retryable = false;
        lock.unlock();
        try {
            setUp();
        } catch (const ConnectorError& e) {
            failure = fmt::format("{}: {}", e.kind(), e.what());
            retryable = e.retryable();
        } catch (const SluiceError& e) {
            failure = fmt::format("{}: {}", e.kind(), e.what());
        } catch (const std::exception& e) {
            failure = fmt::format("RuntimeException: {}", e.what());
        }
        lock.lock();
        if (!failure.empty() && !cancelRequested && retryable) {
            // Recovery itself met a transient failure (a broker away while a sink's progress is read):
            // the strategy decides, as for a task's failure.
            if (auto delay = nextRestartDelayLocked()) {
                tasks.clear();
                coordinator.reset();
                restarting = true;
                restartCause = std::move(failure);
                restartDelayMs = *delay;
                continue;
            }
        }
        if (!failure.empty() || cancelRequested) {
            if (!failure.empty()) {
                error = failure;
                status = JobStatus::Failed;
            } else {
                status = JobStatus::Canceled;
            }
            tasks.clear();
            ended = true;
            endedCv.notify_all();
            return;
        }
        launchLocked();
        return;
    }
}

void Job::Impl::stopAndResume() {
    // Without a resume (the job failed, was canceled, or ended first) the sources run on unheld, and a
    // restart after a failure runs the job normally.
    auto giveUp = [&] {
        hold->active = false;
        holdSources = false;
    };
    auto over = [&] { return ended || error || cancelRequested || restarting; };
    while (hold->settled.load() < sourceTasks) {
        {
            std::lock_guard lock(mutex);
            if (over()) return giveUp();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::string path;
    try {
        path = coordinator->takeSavepoint(std::chrono::milliseconds(options.checkpoints.timeoutMs));
    } catch (const std::exception&) {
        // Typically every task had already finished: nothing is left to resume, the job just ends.
        std::lock_guard lock(mutex);
        return giveUp();
    }
    std::lock_guard lock(mutex);
    if (over()) return giveUp();
    holdSources = false;  // the resumed run reads at full speed, without a pause
    resuming = true;
    restarting = true;
    restartCause = path;
    restartDelayMs = 0;
    stopAllLocked();  // the last task to end starts the supervisor (taskEnded)
}

void Job::Impl::stopAllLocked() {
    stop.store(true);
    for (auto& perVertex : channels)
        for (auto& channel : perVertex) channel->close();
}

void Job::Impl::taskEnded() {
    std::unique_lock lock(mutex);
    if (--runningTasks > 0) return;
    if (restarting) {
        // Not from this task thread: the supervisor joins every task thread, this one included.
        std::lock_guard joinLock(joinMutex);
        if (supervisor.joinable()) supervisor.detach();  // the previous restart's, already done
        supervisor = std::thread([this] { restartJob(); });
        return;
    }
    if (coordinator) {
        // Joined outside the lock: a checkpoint failing right now may call fail(), which takes it.
        lock.unlock();
        coordinator->shutdown();
        lock.lock();
        // A job that ran to its end has nothing to resume: its checkpoints go unless asked to be kept
        // (Flink discards a finished job's checkpoints as well).
        if (!error && !cancelRequested && !restarting && !options.checkpoints.retainOnCancellation) {
            try {
                coordinator->storage().removeAll();
            } catch (const std::exception&) {
            }
        }
    }
    ended = true;
    if (error) {
        status = JobStatus::Failed;
    } else if (cancelRequested && !stoppedWithSavepoint) {
        status = JobStatus::Canceled;
    } else {
        status = JobStatus::Finished;
    }
    endedCv.notify_all();
}

void Job::Impl::joinAll() {
    std::lock_guard lock(joinMutex);
    for (auto& thread : threads)
        if (thread.joinable() && thread.get_id() != std::this_thread::get_id()) thread.join();
    if (supervisor.joinable() && supervisor.get_id() != std::this_thread::get_id()) supervisor.join();
    if (resumeController.joinable() && resumeController.get_id() != std::this_thread::get_id())
        resumeController.join();
}

Job::Job(JobGraph graph, JobOptions options)
    : impl_(std::make_unique<Impl>(std::move(graph), std::move(options))) {
    impl_->validate();
}

Job::~Job() {
    bool running;
    {
        std::lock_guard lock(impl_->mutex);
        running = impl_->status == JobStatus::Running && !impl_->ended;
    }
    if (running) cancel();
    impl_->joinAll();
}

const std::string& Job::id() const {
    return impl_->id;
}
const std::string& Job::name() const {
    return impl_->graph.name;
}

void Job::start() {
    Impl& impl = *impl_;
    {
        std::lock_guard lock(impl.mutex);
        if (impl.status != JobStatus::Created) return;
        impl.status = JobStatus::Running;
    }
    // Instances are created here, on the caller's thread, so that providers and factories need not
    // be thread-safe; a failure to create one fails the job before any thread starts.
    try {
        impl.setUp();
    } catch (const ConnectorError& e) {
        std::string text = fmt::format("{}: {}", e.kind(), e.what());
        // A transient failure of recovery (a sink's progress record could not be read yet) goes through
        // the restart strategy, as a task's failure would; the supervisor retries the set-up.
        {
            std::lock_guard lock(impl.mutex);
            std::optional<int64_t> delay;
            if (e.retryable() && !impl.cancelRequested) delay = impl.nextRestartDelayLocked();
            if (delay) {
                impl.tasks.clear();
                impl.coordinator.reset();
                impl.restarting = true;
                impl.restartCause = text;
                impl.restartDelayMs = *delay;
                std::lock_guard joinLock(impl.joinMutex);
                impl.supervisor = std::thread([&impl] { impl.restartJob(); });
                return;
            }
        }
        impl.fail(std::move(text));
    } catch (const SluiceError& e) {
        impl.fail(fmt::format("{}: {}", e.kind(), e.what()));
    } catch (const std::exception& e) {
        impl.fail(fmt::format("RuntimeException: {}", e.what()));
    }
    std::lock_guard lock(impl.mutex);
    if (impl.error) {
        // Destroy what was created, so that sinks release their readers (a collect sink's queue ends).
        impl.tasks.clear();
        impl.ended = true;
        impl.endedCv.notify_all();
        return;
    }
    impl.launchLocked();
    if (impl.holdSources && !impl.ended && impl.coordinator) {
        std::lock_guard joinLock(impl.joinMutex);
        impl.resumeController = std::thread([&impl] { impl.stopAndResume(); });
    }
}

void Job::Impl::launchLocked() {
    runningTasks = tasks.size();
    if (tasks.empty()) {
        ended = true;
        status = JobStatus::Finished;
        endedCv.notify_all();
        return;
    }
    std::lock_guard joinLock(joinMutex);
    for (auto& task : tasks) {
        Task* t = task.get();
        try {
            threads.emplace_back([this, t] {
                t->run();
                taskEnded();
            });
        } catch (const std::system_error& e) {
            // Could not start a thread: count it as ended without running, and stop the rest.
            --runningTasks;
            if (!error) {
                error = fmt::format("RuntimeException: cannot start a thread: {}", e.what());
                status = JobStatus::Failed;
                stopAllLocked();
            }
        }
    }
    if (runningTasks == 0) {
        ended = true;
        endedCv.notify_all();
    }
}

JobStatus Job::wait() {
    {
        std::unique_lock lock(impl_->mutex);
        if (impl_->status == JobStatus::Created) return impl_->status;
        impl_->endedCv.wait(lock, [&] { return impl_->ended; });
    }
    impl_->joinAll();
    return status();
}

bool Job::waitFor(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->mutex);
    return impl_->endedCv.wait_for(lock, timeout, [&] { return impl_->ended; });
}

void Job::cancel() {
    std::lock_guard lock(impl_->mutex);
    if (impl_->ended || impl_->error || impl_->cancelRequested) return;
    impl_->cancelRequested = true;
    impl_->restartCv.notify_all();
    if (impl_->status == JobStatus::Created) {
        impl_->status = JobStatus::Canceled;
        impl_->ended = true;
        impl_->endedCv.notify_all();
        return;
    }
    impl_->stopAllLocked();
}

JobStatus Job::status() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->status;
}

std::optional<std::string> Job::error() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->error;
}

int64_t Job::rowsIn() const {
    return impl_->rowsIn.load(std::memory_order_relaxed);
}
int64_t Job::rowsOut() const {
    return impl_->rowsOut.load(std::memory_order_relaxed);
}

bool Job::checkpointing() const {
    const CheckpointSettings& s = impl_->options.checkpoints;
    return s.enabled() || s.restorePath || impl_->options.resumeAtFirstCheckpoint;
}

std::string Job::stopWithSavepoint(std::chrono::milliseconds timeout) {
    if (!checkpointing())
        throw ExecutionError(
            "The job takes no checkpoints ('execution.checkpointing.interval' is not set), so it "
            "cannot stop with a savepoint.");
    std::shared_ptr<CheckpointCoordinator> coordinator;
    {
        std::lock_guard lock(impl_->mutex);
        coordinator = impl_->coordinator;
    }
    if (!coordinator) throw ExecutionError("The job is restarting, so it cannot take a savepoint now.");
    std::string path = coordinator->takeSavepoint(timeout);
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stoppedWithSavepoint = true;
    }
    cancel();
    return path;
}

std::optional<CheckpointStats> Job::checkpointStats() const {
    std::shared_ptr<CheckpointCoordinator> coordinator;
    {
        std::lock_guard lock(impl_->mutex);
        coordinator = impl_->coordinator;
    }
    if (!coordinator) return std::nullopt;
    return coordinator->stats();
}

}  // namespace sluice::runtime
