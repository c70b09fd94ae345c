// Digests (MD5, SHA1, SHA224, SHA256, SHA384, SHA512, SHA2) as lower-case hex of the string's
// UTF-8 bytes, Base64 (Java's basic encoder and its strict decoder) and UUID() (random, RFC 4122
// version 4), with OpenSSL for the digests and the random bytes.
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "common/error.h"
#include "functions/scalar/string_util.h"

namespace sluice::functions {

namespace {

using strings::Arg;
using strings::mapToString;

constexpr char kHex[] = "0123456789abcdef";

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

/// Hex digests of column 0 with `md`, one reused digest context per batch.
void digestKernel(const EVP_MD* md, const std::vector<Vector>& v, size_t n, Vector& out) {
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    unsigned char digest[EVP_MAX_MD_SIZE];
    mapToString(v, n, out, [&](size_t i, std::string& buf) -> std::optional<std::string_view> {
        std::string_view s = v[0].stringAt(i);
        unsigned int len = 0;
        if (!EVP_DigestInit_ex(ctx.get(), md, nullptr) || !EVP_DigestUpdate(ctx.get(), s.data(), s.size()) ||
            !EVP_DigestFinal_ex(ctx.get(), digest, &len))
            throw ExecutionError("OpenSSL digest failed");
        buf.resize(len * 2);
        for (unsigned int k = 0; k < len; ++k) {
            buf[2 * k] = kHex[digest[k] >> 4];
            buf[2 * k + 1] = kHex[digest[k] & 15];
        }
        return buf;
    });
}

const EVP_MD* sha2(int64_t bits) {
    switch (bits) {
        case 224:
            return EVP_sha224();
        case 256:
            return EVP_sha256();
        case 384:
            return EVP_sha384();
        case 512:
            return EVP_sha512();
        default:
            return nullptr;
    }
}

void registerDigests(FunctionRegistry& registry) {
    const std::pair<const char*, const EVP_MD* (*)()> kDigests[] = {
        {"MD5", EVP_md5},       {"SHA1", EVP_sha1},     {"SHA224", EVP_sha224},
        {"SHA256", EVP_sha256}, {"SHA384", EVP_sha384}, {"SHA512", EVP_sha512},
    };
    for (const auto& [name, md] : kDigests) {
        FunctionDefinition d;
        d.name = name;
        d.signatures = {std::string(name) + "(<STRING>)"};
        d.resolve = [md = md](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
            auto types = strings::matchArgs(args, {Arg::Str});
            if (!types) return std::nullopt;
            const EVP_MD* algorithm = md();
            Kernel k = [algorithm](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                digestKernel(algorithm, v, n, out);
            };
            return ResolvedFunction{DataType::string().withNullable(args[0].type.nullable), *types, k};
        };
        registry.add(std::move(d));
    }

    FunctionDefinition d;
    d.name = "SHA2";
    d.signatures = {"SHA2(<STRING>, <INTEGER>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        auto types = strings::matchArgs(args, {Arg::Str, Arg::Int});
        if (!types) return std::nullopt;
        // A literal bit length is checked once, as Flink's code generator does.
        const auto& bits = args[1].constant;
        if (bits && !bits->isNull() && !sha2(bits->asInt()))
            throw ValidationError(fmt::format("Unsupported algorithm: SHA-{}", bits->asInt()));
        Kernel k = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            // Rows are hashed in runs of one bit length (usually the whole batch).
            std::vector<uint8_t> nulls = strings::rowNulls(v, n);
            const int64_t* bits = v[1].data<int64_t>();
            std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
            unsigned char digest[EVP_MAX_MD_SIZE];
            std::string buf;
            out.reserve(n);
            for (size_t i = 0; i < n; ++i) {
                if (!nulls.empty() && nulls[i]) {
                    out.appendNull();
                    continue;
                }
                const EVP_MD* md = sha2(bits[i]);
                if (!md) throw ExecutionError(fmt::format("Unsupported algorithm: SHA-{}", bits[i]));
                std::string_view s = v[0].stringAt(i);
                unsigned int len = 0;
                EVP_DigestInit_ex(ctx.get(), md, nullptr);
                EVP_DigestUpdate(ctx.get(), s.data(), s.size());
                EVP_DigestFinal_ex(ctx.get(), digest, &len);
                buf.resize(len * 2);
                for (unsigned int k = 0; k < len; ++k) {
                    buf[2 * k] = kHex[digest[k] >> 4];
                    buf[2 * k + 1] = kHex[digest[k] & 15];
                }
                out.appendString(buf);
            }
        };
        return ResolvedFunction{DataType::string().withNullable(strings::anyNullable(args)), *types, k};
    };
    registry.add(std::move(d));
}

// --- Base64

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void toBase64(std::string_view in, std::string& out) {
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(in[k])); };
    for (; i + 3 <= in.size(); i += 3) {
        uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        out += kBase64[v >> 18];
        out += kBase64[(v >> 12) & 63];
        out += kBase64[(v >> 6) & 63];
        out += kBase64[v & 63];
    }
    if (i + 1 == in.size()) {
        uint32_t v = byte(i) << 16;
        out += kBase64[v >> 18];
        out += kBase64[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        uint32_t v = byte(i) << 16 | byte(i + 1) << 8;
        out += kBase64[v >> 18];
        out += kBase64[(v >> 12) & 63];
        out += kBase64[(v >> 6) & 63];
        out += '=';
    }
}

int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/// java.util.Base64.getDecoder().decode: padding optional, but nothing may follow it, and no
/// whitespace or other characters are allowed; the errors are Java's.
void fromBase64(std::string_view in, std::string& out) {
    uint32_t acc = 0;
    int count = 0;
    size_t i = 0;
    while (i < in.size()) {
        char c = in[i++];
        if (c == '=') {
            if ((count == 2 && (i == in.size() || in[i++] != '=')) || count == 0)
                throw ExecutionError("Input byte array has wrong 4-byte ending unit");
            break;
        }
        int v = base64Value(c);
        if (v < 0)
            throw ExecutionError(
                fmt::format("Illegal base64 character {:x}", static_cast<unsigned>(static_cast<uint8_t>(c))));
        acc = acc << 6 | static_cast<uint32_t>(v);
        if (++count == 4) {
            out += static_cast<char>(acc >> 16);
            out += static_cast<char>(acc >> 8);
            out += static_cast<char>(acc);
            acc = 0;
            count = 0;
        }
    }
    if (count == 1) throw ExecutionError("Last unit does not have enough valid bits");
    if (count == 2) out += static_cast<char>(acc >> 4);
    if (count == 3) {
        out += static_cast<char>(acc >> 10);
        out += static_cast<char>(acc >> 2);
    }
    if (i < in.size())
        throw ExecutionError(fmt::format("Input byte array has incorrect ending byte at {}", i));
}

void registerEncodings(FunctionRegistry& registry) {
    for (bool encode : {true, false}) {
        FunctionDefinition d;
        d.name = encode ? "TO_BASE64" : "FROM_BASE64";
        d.signatures = {d.name + "(<STRING>)"};
        d.resolve = [encode](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
            auto types = strings::matchArgs(args, {Arg::Str});
            if (!types) return std::nullopt;
            Kernel k = [encode](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                mapToString(v, n, out, [&](size_t i, std::string& buf) {
                    if (encode)
                        toBase64(v[0].stringAt(i), buf);
                    else
                        fromBase64(v[0].stringAt(i), buf);
                    return std::optional<std::string_view>(buf);
                });
            };
            return ResolvedFunction{DataType::string().withNullable(args[0].type.nullable), *types, k};
        };
        registry.add(std::move(d));
    }

    FunctionDefinition uuid;
    uuid.name = "UUID";
    uuid.signatures = {"UUID()"};
    uuid.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (!args.empty()) return std::nullopt;
        Kernel k = [](const std::vector<Vector>&, size_t n, Vector& out, EvalContext&) {
            // Java's UUID.randomUUID: 122 random bits from a cryptographically strong source.
            std::vector<unsigned char> bytes(16 * n);
            if (n > 0 && RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
                throw ExecutionError("UUID(): no random bytes available");
            out.reserve(n);
            char text[36];
            for (size_t i = 0; i < n; ++i) {
                unsigned char* b = bytes.data() + 16 * i;
                b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
                b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
                size_t p = 0;
                for (int k = 0; k < 16; ++k) {
                    if (k == 4 || k == 6 || k == 8 || k == 10) text[p++] = '-';
                    text[p++] = kHex[b[k] >> 4];
                    text[p++] = kHex[b[k] & 15];
                }
                out.appendString(std::string_view(text, 36));
            }
        };
        ResolvedFunction r{DataType::charType(36).withNullable(false), {}, k};
        r.deterministic = false;
        return r;
    };
    registry.add(std::move(uuid));
}

}  // namespace

void registerStringHash(FunctionRegistry& registry) {
    registerDigests(registry);
    registerEncodings(registry);
}

}  // namespace sluice::functions
