#pragma once

#include <ostream>
#include <string>

#include "runtime/sink.h"

namespace sluice::connectors {

/// One subtask of a print sink: a line per row, "<prefix>+I[1, Hello, true]", where the prefix is
/// Flink's PrintSinkOutputWriter's: the identifier, ":<subtask+1>" (or just "<subtask+1>") when the
/// sink runs with parallelism > 1, then "> " when not empty.
class PrintSink : public runtime::Sink {
public:
    PrintSink(std::string identifier, std::ostream& out, int subtask, int parallelism);
    void open(runtime::SinkContext& ctx) override;
    void write(const RecordBatch& batch) override;
    void finish() override;

    /// The line prefix for a subtask, e.g. "orders:2> ".
    static std::string linePrefix(const std::string& identifier, int subtask, int parallelism);

private:
    std::string identifier_;
    std::ostream& out_;
    std::string prefix_;
    std::string buffer_;
};

/// The print table sink: accepts every row kind, prints to stdout or stderr.
class PrintSinkProvider : public runtime::SinkProvider {
public:
    PrintSinkProvider(std::string identifier, bool standardError, int parallelism);
    bool acceptsUpdates() const override { return true; }
    int parallelism() const override { return parallelism_; }
    std::unique_ptr<runtime::Sink> createSink(int subtask, int parallelism) override;
    std::string describe() const override;
    /// Redirects the output (tests); null restores stdout/stderr.
    void setOutput(std::ostream* out) { output_ = out; }

private:
    std::string identifier_;
    bool standardError_;
    int parallelism_;
    std::ostream* output_ = nullptr;
};

}  // namespace sluice::connectors
