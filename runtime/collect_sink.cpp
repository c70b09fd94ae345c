#include "runtime/collect_sink.h"

namespace sluice::runtime {
namespace {

class CollectSink : public Sink {
public:
    explicit CollectSink(std::shared_ptr<ResultQueue> queue) : queue_(std::move(queue)) {
        queue_->addWriter();
    }
    ~CollectSink() override { done(false); }

    // A reader that closed the queue wants no more rows: dropping them is correct.
    void write(const RecordBatch& batch) override { queue_->push(batch); }
    void finish() override { done(true); }
    void close() override { done(false); }

private:
    void done(bool finished) {
        if (done_) return;
        done_ = true;
        queue_->writerDone(finished);
    }

    std::shared_ptr<ResultQueue> queue_;
    bool done_ = false;
};

}  // namespace

CollectSinkProvider::CollectSinkProvider(std::shared_ptr<ResultQueue> queue, std::string description)
    : queue_(std::move(queue)), description_(std::move(description)) {}

std::unique_ptr<Sink> CollectSinkProvider::createSink(int subtask, int parallelism) {
    return std::make_unique<CollectSink>(queue_);
}

}  // namespace sluice::runtime
