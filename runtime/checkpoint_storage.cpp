#include "runtime/checkpoint_storage.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>

#include "common/error.h"

namespace sluice::runtime {

namespace fs = std::filesystem;

namespace {

// _metadata layout (all integers little-endian):
//   magic "SLUICECK" | u32 format version | u64 body length | body | SHA-256 of everything before it
// body: i64 id | str jobKey | str fingerprint | i64 timestampMillis | u8 savepoint | str lineage (v2+) |
//       u64 n | n × (str, str)
// str: u64 length | bytes. The length in the header lets a reader tell truncation from corruption
// before it parses anything.
constexpr std::array<char, 8> kMagic = {'S', 'L', 'U', 'I', 'C', 'E', 'C', 'K'};
constexpr uint32_t kFormatVersion = 2;  // v2 added the lineage; v1 files are still read
constexpr size_t kHeaderSize = kMagic.size() + 4 + 8;
constexpr size_t kDigestSize = 32;
constexpr const char* kMetadataName = "_metadata";
constexpr const char* kTempName = "_metadata.inprogress";
constexpr const char* kPendingName = "_metadata.pending";
constexpr const char* kLineageName = "_lineage";

std::string errnoText() {
    return std::strerror(errno);
}

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new()) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
            throw ExecutionError("cannot initialize SHA-256 for checkpoint metadata");
    }
    void update(const char* data, size_t n) {
        if (n > 0) EVP_DigestUpdate(ctx_.get(), data, n);
    }
    std::array<unsigned char, kDigestSize> finish() {
        std::array<unsigned char, kDigestSize> out{};
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx_.get(), out.data(), &len);
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx_;
};

/// Closes a descriptor on every path out of a function.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    /// Closes now so that a close() error (possible on some file systems) is reported.
    int release() {
        int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

private:
    int fd_;
};

void fsyncDir(const fs::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0)
        throw ExecutionError(
            fmt::format("Cannot sync checkpoint directory '{}': {}", dir.string(), errnoText()));
}

/// create_directories, then fsync the parent of every directory it made so the new entries survive
/// a crash too.
void makeDirs(const fs::path& dir) {
    std::vector<fs::path> created;
    std::error_code existsEc;
    for (fs::path p = dir; !p.empty() && !fs::exists(p, existsEc); p = p.parent_path()) {
        created.push_back(p);
        if (p == p.parent_path()) break;
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw ExecutionError(fmt::format("Cannot create checkpoint directory '{}': {}", dir.string(),
                                         ec ? ec.message() : "not a directory"));
    for (auto it = created.rbegin(); it != created.rend(); ++it) fsyncDir(it->parent_path());
}

/// Buffered writer that hashes everything it writes.
class MetadataWriter {
public:
    MetadataWriter(int fd, const fs::path& path) : fd_(fd), path_(path) { buffer_.reserve(kBufferSize); }

    void bytes(const char* data, size_t n) {
        sha_.update(data, n);
        put(data, n);
    }
    void u8(uint8_t v) { bytes(reinterpret_cast<const char*>(&v), 1); }
    void u32(uint32_t v) {
        char b[4];
        for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
        bytes(b, 4);
    }
    void u64(uint64_t v) {
        char b[8];
        for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
        bytes(b, 8);
    }
    void str(const std::string& s) {
        u64(s.size());
        bytes(s.data(), s.size());
    }
    /// Appends the digest of everything so far and flushes.
    void finish() {
        auto digest = sha_.finish();
        put(reinterpret_cast<const char*>(digest.data()), digest.size());
        flush();
    }

private:
    static constexpr size_t kBufferSize = 64 * 1024;

    void put(const char* data, size_t n) {
        if (buffer_.size() + n > kBufferSize) {
            flush();
            // Large state values go straight to the file instead of through the buffer.
            if (n >= kBufferSize) return writeAll(data, n);
        }
        buffer_.append(data, n);
    }
    void flush() {
        writeAll(buffer_.data(), buffer_.size());
        buffer_.clear();
    }
    void writeAll(const char* data, size_t n) {
        while (n > 0) {
            ssize_t w = ::write(fd_, data, n);
            if (w < 0) {
                if (errno == EINTR) continue;
                throw ExecutionError(
                    fmt::format("Cannot write checkpoint file '{}': {}", path_.string(), errnoText()));
            }
            data += w;
            n -= static_cast<size_t>(w);
        }
    }

    int fd_;
    fs::path path_;
    std::string buffer_;
    Sha256 sha_;
};

uint64_t bodySize(const CompletedCheckpoint& c) {
    uint64_t n = 8 + 8 + c.jobKey.size() + 8 + c.fingerprint.size() + 8 + 1 + 8 + c.lineage.size() + 8;
    for (const auto& [k, v] : c.states) n += 8 + k.size() + 8 + v.size();
    return n;
}

/// Writes <dir>/<name> atomically: temp file, fsync, rename, fsync of the directory.
void writeMetadata(const fs::path& dir, const CompletedCheckpoint& c, bool savepoint,
                   const char* name = kMetadataName) {
    makeDirs(dir);
    fs::path temp = dir / kTempName;
    fs::path target = dir / name;
    {
        Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (fd.get() < 0)
            throw ExecutionError(
                fmt::format("Cannot create checkpoint file '{}': {}", temp.string(), errnoText()));
        MetadataWriter w(fd.get(), temp);
        w.bytes(kMagic.data(), kMagic.size());
        w.u32(kFormatVersion);
        w.u64(bodySize(c));
        w.u64(static_cast<uint64_t>(c.id));
        w.str(c.jobKey);
        w.str(c.fingerprint);
        w.u64(static_cast<uint64_t>(c.timestampMillis));
        w.u8(savepoint ? 1 : 0);
        w.str(c.lineage);
        w.u64(c.states.size());
        for (const auto& [k, v] : c.states) {
            w.str(k);
            w.str(v);
        }
        w.finish();
        if (::fsync(fd.get()) != 0)
            throw ExecutionError(
                fmt::format("Cannot sync checkpoint file '{}': {}", temp.string(), errnoText()));
        if (fd.release() != 0)
            throw ExecutionError(
                fmt::format("Cannot close checkpoint file '{}': {}", temp.string(), errnoText()));
    }
    if (::rename(temp.c_str(), target.c_str()) != 0)
        throw ExecutionError(fmt::format("Cannot rename checkpoint file '{}' to '{}': {}", temp.string(),
                                         target.string(), errnoText()));
    fsyncDir(dir);
}

/// Reads and verifies one _metadata file; errors name `file` and say what is wrong with it.
class MetadataReader {
public:
    MetadataReader(int fd, const fs::path& file, uint64_t fileSize) : fd_(fd), file_(file), size_(fileSize) {}

    CompletedCheckpoint read() {
        if (size_ == 0) fail("is empty (truncated)");
        std::string magic = raw(std::min<uint64_t>(size_, kMagic.size()));
        if (std::memcmp(magic.data(), kMagic.data(), magic.size()) != 0)
            fail("is not a Sluice checkpoint metadata file (unknown magic bytes)");
        if (size_ < kHeaderSize)
            fail(fmt::format("is truncated ({} bytes, shorter than its {}-byte header)", size_, kHeaderSize));
        sha_.update(magic.data(), magic.size());
        uint32_t version = static_cast<uint32_t>(readUint(4));
        if (version != kFormatVersion && version != 1)
            fail(fmt::format("has unknown format version {} (this build of Sluice reads versions 1 to {})",
                             version, kFormatVersion));
        uint64_t body = readUint(8);
        // Compared without computing header + body + digest, which a corrupt length could overflow.
        if (body > size_ - kHeaderSize || size_ - kHeaderSize - body < kDigestSize)
            fail(fmt::format("is truncated ({} bytes; its header announces a {}-byte body)", size_, body));
        uint64_t expected = kHeaderSize + body + kDigestSize;
        if (expected < size_)
            fail(fmt::format("is corrupt ({} unexpected bytes after its checksum)", size_ - expected));
        bodyLeft_ = body;

        CompletedCheckpoint c;
        c.id = static_cast<int64_t>(field(8));
        c.jobKey = str();
        c.fingerprint = str();
        c.timestampMillis = static_cast<int64_t>(field(8));
        uint64_t savepoint = field(1);
        if (savepoint > 1) fail("is corrupt (bad savepoint flag)");
        c.savepoint = savepoint == 1;
        if (version >= 2) c.lineage = str();
        uint64_t n = field(8);
        // Each entry needs at least 16 bytes: a corrupt count cannot make us loop for long.
        if (n > bodyLeft_ / 16) fail("is corrupt (state count larger than the file)");
        for (uint64_t i = 0; i < n; ++i) {
            std::string k = str();
            std::string v = str();
            c.states.emplace_hint(c.states.end(), std::move(k), std::move(v));
        }
        if (bodyLeft_ != 0) fail(fmt::format("is corrupt ({} bytes left over in its body)", bodyLeft_));
        auto digest = sha_.finish();
        std::string stored = raw(kDigestSize);
        if (std::memcmp(stored.data(), digest.data(), kDigestSize) != 0)
            fail("is corrupt (checksum mismatch)");
        return c;
    }

private:
    [[noreturn]] void fail(const std::string& problem) {
        throw ExecutionError(fmt::format("Checkpoint metadata file '{}' {}", file_.string(), problem));
    }

    /// Exactly n bytes from the file, not hashed.
    std::string raw(uint64_t n) {
        std::string out(n, '\0');
        size_t done = 0;
        while (done < n) {
            ssize_t r = ::pread(fd_, out.data() + done, n - done, static_cast<off_t>(offset_ + done));
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) fail(fmt::format("cannot be read: {}", errnoText()));
            // The file shrank after we measured it.
            if (r == 0) fail(fmt::format("is truncated (ends at byte {})", offset_ + done));
            done += static_cast<size_t>(r);
        }
        offset_ += n;
        return out;
    }
    std::string hashed(uint64_t n) {
        std::string s = raw(n);
        sha_.update(s.data(), s.size());
        return s;
    }
    uint64_t readUint(int n) {
        std::string b = hashed(n);
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[i]);
        return v;
    }
    /// A body field: a corrupt length must not read past the body (or allocate beyond the file).
    void take(uint64_t n) {
        if (n > bodyLeft_) fail("is corrupt (a field runs past the end of its body)");
        bodyLeft_ -= n;
    }
    uint64_t field(int n) {
        take(n);
        return readUint(n);
    }
    std::string str() {
        uint64_t len = field(8);
        take(len);
        return hashed(len);
    }

    int fd_;
    fs::path file_;
    uint64_t size_;
    uint64_t offset_ = 0;
    uint64_t bodyLeft_ = 0;
    Sha256 sha_;
};

/// "file:///a/b" and "file:/a/b" -> "/a/b"; other text unchanged.
std::string stripFileScheme(const std::string& path) {
    if (path.rfind("file://", 0) == 0) return path.substr(7);
    if (path.rfind("file:/", 0) == 0) return path.substr(5);
    return path;
}

fs::path absolutePath(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::absolute(stripFileScheme(path), ec);
    return (ec ? fs::path(stripFileScheme(path)) : p).lexically_normal();
}

/// Keeps what is safe in one path component; pipeline.name may hold '/', spaces or "..".
std::string safeComponent(const std::string& key) {
    std::string out;
    for (unsigned char ch : key)
        out += (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') ? static_cast<char>(ch) : '_';
    if (out.empty() || out == "." || out == "..") out = "job" + out;
    return out;
}

/// chk-<n> directories under `jobDir`, newest (highest n) first; other entries are ignored.
std::vector<std::pair<int64_t, fs::path>> checkpointDirs(const fs::path& jobDir) {
    std::vector<std::pair<int64_t, fs::path>> out;
    std::error_code ec;
    if (!fs::is_directory(jobDir, ec)) return out;
    for (fs::directory_iterator it(jobDir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.rfind("chk-", 0) != 0 || name.size() == 4 || name.size() > 4 + 18) continue;
        if (!std::all_of(name.begin() + 4, name.end(), [](unsigned char ch) { return std::isdigit(ch); }))
            continue;
        std::error_code dirEc;
        if (!it->is_directory(dirEc)) continue;
        out.emplace_back(std::stoll(name.substr(4)), it->path());
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    return out;
}

}  // namespace

CheckpointStorage::CheckpointStorage(std::string baseDir, std::string jobKey, int numRetained)
    : baseDir_(absolutePath(baseDir).string()),
      jobKey_(std::move(jobKey)),
      jobDir_((fs::path(baseDir_) / safeComponent(jobKey_)).string()),
      numRetained_(std::max(numRetained, 1)) {}

std::string CheckpointStorage::write(const CompletedCheckpoint& c) {
    fs::path dir = fs::path(jobDir_) / fmt::format("chk-{}", c.id);
    std::error_code ec;
    fs::remove(dir / kPendingName, ec);  // a leftover of a discarded attempt with this id
    writeMetadata(dir, c, false);
    retain(c.id);
    return dir.string();
}

std::string CheckpointStorage::writePending(const CompletedCheckpoint& c) {
    fs::path dir = fs::path(jobDir_) / fmt::format("chk-{}", c.id);
    std::error_code ec;
    fs::remove(dir / kMetadataName, ec);  // never both files in one directory
    writeMetadata(dir, c, false, kPendingName);
    return dir.string();
}

std::string CheckpointStorage::promote(int64_t id) {
    fs::path dir = fs::path(jobDir_) / fmt::format("chk-{}", id);
    fs::path from = dir / kPendingName;
    fs::path to = dir / kMetadataName;
    if (::rename(from.c_str(), to.c_str()) != 0)
        throw ExecutionError(fmt::format("Cannot promote pending checkpoint '{}' to complete: {}",
                                         from.string(), errnoText()));
    fsyncDir(dir);
    retain(id);
    return dir.string();
}

void CheckpointStorage::discardPending(int64_t id) {
    fs::path dir = fs::path(jobDir_) / fmt::format("chk-{}", id);
    std::error_code ec;
    if (fs::exists(dir / kMetadataName, ec)) return;  // complete: not ours to remove
    // The pending file goes first, durably: once recovery decided against it, a crash must not leave it
    // to be decided again (by then its sinks' progress may have moved on).
    fs::remove(dir / kPendingName, ec);
    fsyncDir(dir.parent_path());
    fs::remove_all(dir, ec);
}

std::vector<CompletedCheckpoint> CheckpointStorage::pendings(std::vector<std::string>& warnings) const {
    std::vector<CompletedCheckpoint> out;
    for (const auto& [id, dir] : checkpointDirs(jobDir_)) {
        std::error_code ec;
        if (fs::exists(dir / kMetadataName, ec)) break;  // the newest complete one: older pendings are stale
        if (!fs::exists(dir / kPendingName, ec)) continue;
        try {
            CompletedCheckpoint c = load((dir / kPendingName).string());
            c.pending = true;
            out.push_back(std::move(c));
        } catch (const ExecutionError& e) {
            warnings.push_back(fmt::format("{}; skipping it", e.what()));
        }
    }
    return out;
}

void CheckpointStorage::retain(int64_t keep) {
    // The checkpoint just made complete is never removed, even if stale higher ids exist. A failed
    // removal only costs disk space and is retried after the next checkpoint, so it is not an error.
    // Pending or unfinished directories older than `keep` can never be restored any more.
    int kept = 1;
    for (const auto& [id, path] : checkpointDirs(jobDir_)) {
        if (id == keep) continue;
        std::error_code ec;
        bool complete = fs::exists(path / kMetadataName, ec);
        if (complete && kept < numRetained_) {
            ++kept;
            continue;
        }
        if (!complete && id > keep) continue;  // not ours to judge (see the class comment)
        fs::remove_all(path, ec);
    }
}

std::string CheckpointStorage::writeSavepoint(const CompletedCheckpoint& c, const std::string& savepointDir) {
    fs::path base = savepointDir.empty() ? fs::path(jobDir_) / "savepoints" : absolutePath(savepointDir);
    int64_t millis = c.timestampMillis > 0 ? c.timestampMillis
                                           : std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count();
    fs::path dir = base / fmt::format("savepoint-{}-{}", c.id, millis);
    writeMetadata(dir, c, true);
    return dir.string();
}

std::optional<CompletedCheckpoint> CheckpointStorage::latest(std::vector<std::string>& warnings) const {
    for (const auto& [id, dir] : checkpointDirs(jobDir_)) {
        std::error_code ec;
        if (!fs::exists(dir / kMetadataName, ec)) {
            if (fs::exists(dir / kPendingName, ec)) continue;  // stage one only: see pendings()
            // A crash between creating the directory and renaming _metadata into place leaves this.
            warnings.push_back(fmt::format("Skipping incomplete checkpoint '{}': it has no {} file",
                                           dir.string(), kMetadataName));
            continue;
        }
        try {
            return load(dir.string());
        } catch (const ExecutionError& e) {
            warnings.push_back(fmt::format("{}; skipping it", e.what()));
        }
    }
    return std::nullopt;
}

std::string CheckpointStorage::readLineage() const {
    std::error_code ec;
    fs::path file = fs::path(jobDir_) / kLineageName;
    if (!fs::exists(file, ec)) return {};
    Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return {};
    char buf[128];
    ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n <= 0) return {};
    std::string text(buf, static_cast<size_t>(n));
    // Written whole and renamed into place; anything else (a hand edit) is ignored.
    if (text.back() != '\n') return {};
    text.pop_back();
    return text;
}

void CheckpointStorage::writeLineage(const std::string& lineage) {
    fs::path dir(jobDir_);
    makeDirs(dir);
    fs::path temp = dir / "_lineage.inprogress";
    fs::path target = dir / kLineageName;
    {
        Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        std::string text = lineage + "\n";
        if (fd.get() < 0 ||
            ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
            ::fsync(fd.get()) != 0)
            throw ExecutionError(fmt::format("Cannot write '{}': {}", temp.string(), errnoText()));
    }
    if (::rename(temp.c_str(), target.c_str()) != 0)
        throw ExecutionError(
            fmt::format("Cannot rename '{}' to '{}': {}", temp.string(), target.string(), errnoText()));
    fsyncDir(dir);
}

void CheckpointStorage::removeAll() {
    // Only chk-* directories: savepoints (possibly under jobDir/savepoints) are never removed.
    for (const auto& [id, dir] : checkpointDirs(jobDir_)) {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::error_code ec;
    fs::remove(fs::path(jobDir_) / kLineageName, ec);
    fs::remove(jobDir_, ec);  // only when nothing else is left in it
}

CompletedCheckpoint CheckpointStorage::load(const std::string& path) {
    fs::path p = absolutePath(path);
    std::error_code ec;
    auto status = fs::status(p, ec);
    if (ec || !fs::exists(status))
        throw ExecutionError(
            fmt::format("Cannot restore from checkpoint '{}': the path does not exist", path));
    fs::path file = p;
    if (fs::is_directory(status)) {
        file = p / kMetadataName;
        if (!fs::exists(file, ec) && fs::exists(p / kPendingName, ec))
            throw ExecutionError(fmt::format(
                "Cannot restore from '{}': it is a pending checkpoint (its sinks may not all have committed "
                "it). Start the job without a restore path: recovery settles it.",
                path));
        if (!fs::exists(file, ec))
            throw ExecutionError(fmt::format(
                "Cannot restore from '{}': it is not a checkpoint or savepoint directory (no {} file in it)",
                path, kMetadataName));
    }
    Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0)
        throw ExecutionError(
            fmt::format("Checkpoint metadata file '{}' cannot be read: {}", file.string(), errnoText()));
    if (!S_ISREG(st.st_mode))
        throw ExecutionError(
            fmt::format("Checkpoint metadata file '{}' is not a regular file", file.string()));
    CompletedCheckpoint c = MetadataReader(fd.get(), file, static_cast<uint64_t>(st.st_size)).read();
    c.path = file.parent_path().string();
    return c;
}

}  // namespace sluice::runtime
