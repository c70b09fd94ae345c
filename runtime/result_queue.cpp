#include "runtime/result_queue.h"

#include <algorithm>

namespace sluice::runtime {

ResultQueue::ResultQueue(size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {}

bool ResultQueue::readableLocked() const {
    return closed_ || !queue_.empty() || (writers_ > 0 && writersDone_ == writers_);
}

ResultQueue::ReadStatus ResultQueue::takeLocked(RecordBatch& out, std::unique_lock<std::mutex>& lock) {
    if (closed_ || queue_.empty()) return ReadStatus::End;
    out = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    notFull_.notify_one();
    return ReadStatus::Batch;
}

bool ResultQueue::next(RecordBatch& out) {
    std::unique_lock lock(mutex_);
    notEmpty_.wait(lock, [&] { return readableLocked(); });
    return takeLocked(out, lock) == ReadStatus::Batch;
}

ResultQueue::ReadStatus ResultQueue::nextFor(RecordBatch& out, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!notEmpty_.wait_for(lock, timeout, [&] { return readableLocked(); })) return ReadStatus::Timeout;
    return takeLocked(out, lock);
}

void ResultQueue::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        queue_.clear();
    }
    notFull_.notify_all();
    notEmpty_.notify_all();
}

bool ResultQueue::finished() const {
    std::lock_guard lock(mutex_);
    return writers_ > 0 && writersDone_ == writers_ && !anyUnfinished_;
}

void ResultQueue::addWriter() {
    std::lock_guard lock(mutex_);
    ++writers_;
}

bool ResultQueue::push(RecordBatch batch) {
    std::unique_lock lock(mutex_);
    notFull_.wait(lock, [&] { return closed_ || queue_.size() < capacity_; });
    if (closed_) return false;
    queue_.push_back(std::move(batch));
    lock.unlock();
    notEmpty_.notify_one();
    return true;
}

void ResultQueue::writerDone(bool finished) {
    {
        std::lock_guard lock(mutex_);
        ++writersDone_;
        if (!finished) anyUnfinished_ = true;
    }
    notEmpty_.notify_all();
}

}  // namespace sluice::runtime
