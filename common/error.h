#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace sluice {

/// A position in SQL text, 1-based; line 0 means "unknown".
struct SourcePos {
    int line = 0;
    int column = 0;
    bool known() const { return line > 0; }
};

/// The root of every error Sluice reports to a user.
class SluiceError : public std::runtime_error {
public:
    explicit SluiceError(std::string message, SourcePos pos = {})
        : std::runtime_error(std::move(message)), pos_(pos) {}
    /// The name printed before the message, e.g. "ValidationException".
    virtual const char* kind() const { return "SluiceError"; }
    const SourcePos& pos() const { return pos_; }
    void setPos(SourcePos pos) { pos_ = pos; }

private:
    SourcePos pos_;
};

#define SLUICE_DEFINE_ERROR(Name, Kind)                    \
    class Name : public SluiceError {                      \
    public:                                                \
        using SluiceError::SluiceError;                    \
        const char* kind() const override { return Kind; } \
    }

/// SQL text that does not parse.
SLUICE_DEFINE_ERROR(ParseError, "SqlParseException");
/// Names, types, options: the statement is well-formed but invalid.
SLUICE_DEFINE_ERROR(ValidationError, "ValidationException");
/// Catalog objects: missing or duplicate tables, views, databases.
SLUICE_DEFINE_ERROR(CatalogError, "CatalogException");
/// A plan the engine cannot build, as Flink's TableException (e.g. a sink refusing updates).
SLUICE_DEFINE_ERROR(TableError, "TableException");
/// A statement or feature the engine cannot run yet.
SLUICE_DEFINE_ERROR(NotSupportedError, "NotSupportedException");
/// A failure while a job runs (bad value in a CAST, I/O, ...).
SLUICE_DEFINE_ERROR(ExecutionError, "ExecutionException");
/// An internal invariant was broken: a bug in Sluice.
SLUICE_DEFINE_ERROR(InternalError, "InternalException");

/// A connector's external system failed; `retryable` says whether trying again may help.
class ConnectorError : public SluiceError {
public:
    ConnectorError(std::string message, bool retryable = false)
        : SluiceError(std::move(message)), retryable_(retryable) {}
    const char* kind() const override { return "ConnectorException"; }
    bool retryable() const { return retryable_; }

private:
    bool retryable_;
};

#undef SLUICE_DEFINE_ERROR

/// An error raised inside a job's task and reported again by the client: it keeps the kind of
/// the original error, so the client prints "CastKind: message" and not a wrapper's kind.
class JobFailedError : public SluiceError {
public:
    /// From Job::error()'s "Kind: message" text.
    explicit JobFailedError(const std::string& kindAndMessage)
        : SluiceError(split(kindAndMessage).second), kind_(split(kindAndMessage).first) {}
    const char* kind() const override { return kind_.c_str(); }

private:
    static std::pair<std::string, std::string> split(const std::string& text) {
        auto colon = text.find(": ");
        auto newline = text.find('\n');
        if (colon == std::string::npos || (newline != std::string::npos && newline < colon))
            return {"ExecutionException", text};
        return {text.substr(0, colon), text.substr(colon + 2)};
    }
    std::string kind_;
};

/// Throws InternalError when an invariant does not hold.
#define SLUICE_CHECK(cond, ...)                                                      \
    do {                                                                             \
        if (!(cond))                                                                 \
            throw ::sluice::InternalError(                                           \
                fmt::format("check failed: {} ({}:{})", #cond, __FILE__, __LINE__)); \
    } while (0)

}  // namespace sluice
