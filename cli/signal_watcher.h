#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace sluice::cli {

/// Turns SIGINT/SIGTERM into calls of a handler on an ordinary thread, so the handler may take locks
/// and cancel jobs (nothing of that is async-signal-safe). Construct it before any other thread
/// starts: it blocks the signals in the calling thread, and threads inherit that mask.
class SignalWatcher {
public:
    /// `onSignal(n)` runs for the n-th signal received (1, 2, ...).
    explicit SignalWatcher(std::function<void(int)> onSignal);
    /// `onSignal(signal, n)`: also says which signal (SIGINT or SIGTERM) came.
    explicit SignalWatcher(std::function<void(int, int)> onSignal);
    ~SignalWatcher();
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

private:
    void loop();

    std::function<void(int, int)> onSignal_;
    std::atomic<bool> done_{false};
    std::thread thread_;
};

}  // namespace sluice::cli
