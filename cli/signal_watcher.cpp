#include "cli/signal_watcher.h"

#include <pthread.h>
#include <signal.h>

#include <ctime>

namespace sluice::cli {

namespace {

sigset_t stopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void(int)> onSignal)
    : SignalWatcher(std::function<void(int, int)>([f = std::move(onSignal)](int, int count) { f(count); })) {}

SignalWatcher::SignalWatcher(std::function<void(int, int)> onSignal) : onSignal_(std::move(onSignal)) {
    sigset_t set = stopSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    thread_ = std::thread([this] { loop(); });
}

SignalWatcher::~SignalWatcher() {
    done_ = true;
    thread_.join();
}

void SignalWatcher::loop() {
    sigset_t set = stopSignals();
    int count = 0;
    // Polls so that the destructor can end the thread without sending it a signal.
    const timespec tick{0, 100 * 1000 * 1000};
    while (!done_) {
        int signal = sigtimedwait(&set, nullptr, &tick);
        if (signal > 0) onSignal_(signal, ++count);
    }
}

}  // namespace sluice::cli
