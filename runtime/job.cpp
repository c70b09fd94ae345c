#include "runtime/job.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

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
    bool ended = false;
    size_t runningTasks = 0;

    // Indexed like graph.vertices; channels_[v][s] is subtask s's input (null for sources).
    std::vector<std::vector<std::unique_ptr<Channel>>> channels;
    std::vector<std::unique_ptr<Task>> tasks;
    std::mutex joinMutex;
    std::vector<std::thread> threads;

    Impl(JobGraph g, JobOptions o) : graph(std::move(g)), options(std::move(o)) {}

    void validate() const;
    void buildTasks();
    void fail(std::string text);
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
    services.fail = [this](std::string text) { fail(std::move(text)); };
    services.zone = options.zone;
    services.queryStartMicros = options.queryStartMicros;

    for (size_t v = 0; v < graph.vertices.size(); ++v) {
        const Vertex& vertex = graph.vertices[v];
        for (int s = 0; s < vertex.parallelism; ++s) {
            auto task = std::make_unique<Task>(vertex.name, s, vertex.parallelism, services);
            if (vertex.source) task->setSource(vertex.source->createSource(s, vertex.parallelism));
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
            tasks.push_back(std::move(task));
        }
    }
}

void Job::Impl::fail(std::string text) {
    std::lock_guard lock(mutex);
    // The first failure is the cause; later ones are usually its consequences.
    if (error || cancelRequested || ended) return;
    error = std::move(text);
    status = JobStatus::Failed;
    stopAllLocked();
}

void Job::Impl::stopAllLocked() {
    stop.store(true);
    for (auto& perVertex : channels)
        for (auto& channel : perVertex) channel->close();
}

void Job::Impl::taskEnded() {
    std::lock_guard lock(mutex);
    if (--runningTasks > 0) return;
    ended = true;
    if (error) {
        status = JobStatus::Failed;
    } else if (cancelRequested) {
        status = JobStatus::Canceled;
    } else {
        status = JobStatus::Finished;
    }
    endedCv.notify_all();
}

void Job::Impl::joinAll() {
    std::lock_guard lock(joinMutex);
    for (auto& thread : threads)
        if (thread.joinable()) thread.join();
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
        impl.buildTasks();
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
    impl.runningTasks = impl.tasks.size();
    if (impl.tasks.empty()) {
        impl.ended = true;
        impl.status = JobStatus::Finished;
        return;
    }
    std::lock_guard joinLock(impl.joinMutex);
    for (auto& task : impl.tasks) {
        Task* t = task.get();
        try {
            impl.threads.emplace_back([&impl, t] {
                t->run();
                impl.taskEnded();
            });
        } catch (const std::system_error& e) {
            // Could not start a thread: count it as ended without running, and stop the rest.
            --impl.runningTasks;
            if (!impl.error) {
                impl.error = fmt::format("RuntimeException: cannot start a thread: {}", e.what());
                impl.status = JobStatus::Failed;
                impl.stopAllLocked();
            }
        }
    }
    if (impl.runningTasks == 0) {
        impl.ended = true;
        impl.endedCv.notify_all();
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

}  // namespace sluice::runtime
