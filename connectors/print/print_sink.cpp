#include "connectors/print/print_sink.h"

#include <iostream>
#include <mutex>

#include "connectors/print/row_text.h"

namespace sluice::connectors {

namespace {
// One lock for every print sink in the process, so parallel subtasks never interleave within a line.
std::mutex& outputMutex() {
    static std::mutex m;
    return m;
}
}  // namespace

std::string PrintSink::linePrefix(const std::string& identifier, int subtask, int parallelism) {
    std::string prefix = identifier;
    if (parallelism > 1) {
        if (!prefix.empty()) prefix += ':';
        prefix += std::to_string(subtask + 1);
    }
    if (!prefix.empty()) prefix += "> ";
    return prefix;
}

PrintSink::PrintSink(std::string identifier, std::ostream& out, int subtask, int parallelism)
    : identifier_(std::move(identifier)), out_(out), prefix_(linePrefix(identifier_, subtask, parallelism)) {}

void PrintSink::open(runtime::SinkContext& ctx) {
    prefix_ = linePrefix(identifier_, ctx.subtask, ctx.parallelism);
}

void PrintSink::write(const RecordBatch& batch) {
    buffer_.clear();
    for (size_t r = 0; r < batch.numRows; ++r) {
        buffer_ += prefix_;
        appendRowText(buffer_, batch, r);
        buffer_ += '\n';
    }
    if (buffer_.empty()) return;
    std::lock_guard<std::mutex> lock(outputMutex());
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    out_.flush();
}

void PrintSink::finish() {
    std::lock_guard<std::mutex> lock(outputMutex());
    out_.flush();
}

PrintSinkProvider::PrintSinkProvider(std::string identifier, bool standardError, int parallelism)
    : identifier_(std::move(identifier)), standardError_(standardError), parallelism_(parallelism) {}

std::unique_ptr<runtime::Sink> PrintSinkProvider::createSink(int subtask, int parallelism) {
    std::ostream& out = output_ ? *output_ : (standardError_ ? std::cerr : std::cout);
    return std::make_unique<PrintSink>(identifier_, out, subtask, parallelism);
}

std::string PrintSinkProvider::describe() const {
    std::string d = standardError_ ? "print(Print to System.err" : "print(Print to System.out";
    if (!identifier_.empty()) d += ", print-identifier=" + identifier_;
    return d + ")";
}

}  // namespace sluice::connectors
