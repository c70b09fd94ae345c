#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

#include "common/record_batch.h"

namespace sluice::runtime {

/// Hands a job's result batches to a reader on another thread (the SQL client printing a SELECT).
/// Bounded, so a reader that falls behind slows the job down instead of filling memory.
/// Writers are the collect sink's subtasks; the queue ends when every writer is done.
class ResultQueue {
public:
    explicit ResultQueue(size_t capacity = 16);
    ResultQueue(const ResultQueue&) = delete;
    ResultQueue& operator=(const ResultQueue&) = delete;

    // --- reader side
    /// Blocks until a batch is available and moves it into `out`. Returns false once every writer
    /// is done (the sink finished, or the job ended otherwise) and the queue is empty, or after close().
    bool next(RecordBatch& out);
    enum class ReadStatus { Batch, End, Timeout };
    /// next() waiting at most `timeout`, so that a reader can also watch for Ctrl-C or for the job
    /// failing before its sink was created (then no writer ever ends the queue).
    ReadStatus nextFor(RecordBatch& out, std::chrono::milliseconds timeout);
    /// The reader stops reading: drops what is queued and makes writers drop from now on, so a
    /// writer blocked on a full queue wakes up. Call it before abandoning a job whose results are
    /// still coming, or the job's sink may wait for room forever.
    void close();
    /// Whether every writer finished normally (Sink::finish), as opposed to being closed early.
    bool finished() const;

    // --- writer side
    /// Registers one writer (one sink subtask).
    void addWriter();
    /// Blocks while the queue is full. Returns false (dropping the batch) once the reader closed it.
    bool push(RecordBatch batch);
    /// This writer is done; `finished` says whether it wrote everything (finish) or stopped early (close).
    void writerDone(bool finished);

private:
    bool readableLocked() const;
    ReadStatus takeLocked(RecordBatch& out, std::unique_lock<std::mutex>& lock);

    const size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable notFull_;
    std::condition_variable notEmpty_;
    std::deque<RecordBatch> queue_;
    int writers_ = 0;
    int writersDone_ = 0;
    bool anyUnfinished_ = false;
    bool closed_ = false;
};

}  // namespace sluice::runtime
