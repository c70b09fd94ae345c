#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

#include "runtime/event.h"

namespace sluice::runtime {

/// Thrown inside a task to unwind its stack when the job is stopping (canceled, or failed
/// elsewhere). Deliberately not a std::exception, so that operator code catching those lets it pass;
/// the task's run loop catches it and ends without reporting an error.
struct TaskCanceled {};

/// A subtask's single input: bounded, many producers, one consumer. Producers block while it is
/// full, which is how backpressure reaches the sources. Closing wakes every waiter on both sides.
class Channel {
public:
    explicit Channel(size_t capacity);
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    /// Blocks while full. Returns false (dropping the message) once the channel is closed.
    bool push(Message message);
    /// Blocks while empty. Returns false once the channel is closed, even if messages remain:
    /// a closed channel means the job is stopping and nothing left in it matters.
    bool pop(Message& out);
    enum class PopResult { Message, Timeout, Closed };
    /// pop() that gives up after `timeout` (so that a task can serve checkpoint notifications).
    PopResult popFor(Message& out, std::chrono::milliseconds timeout);
    void close();
    bool closed() const;

private:
    const size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable notFull_;
    std::condition_variable notEmpty_;
    std::deque<Message> queue_;
    bool closed_ = false;
};

}  // namespace sluice::runtime
