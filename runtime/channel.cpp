#include "runtime/channel.h"

#include <algorithm>

namespace sluice::runtime {

Channel::Channel(size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {}

bool Channel::push(Message message) {
    std::unique_lock lock(mutex_);
    notFull_.wait(lock, [&] { return closed_ || queue_.size() < capacity_; });
    if (closed_) return false;
    queue_.push_back(std::move(message));
    lock.unlock();
    notEmpty_.notify_one();
    return true;
}

bool Channel::pop(Message& out) {
    std::unique_lock lock(mutex_);
    notEmpty_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    if (closed_) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    // Several producers may wait; one slot freed lets exactly one of them in.
    notFull_.notify_one();
    return true;
}

Channel::PopResult Channel::popFor(Message& out, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!notEmpty_.wait_for(lock, timeout, [&] { return closed_ || !queue_.empty(); }))
        return PopResult::Timeout;
    if (closed_) return PopResult::Closed;
    out = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    notFull_.notify_one();
    return PopResult::Message;
}

void Channel::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        queue_.clear();
    }
    notFull_.notify_all();
    notEmpty_.notify_all();
}

bool Channel::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

}  // namespace sluice::runtime
