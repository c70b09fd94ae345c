#include "common/failpoint.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace sluice {

namespace {

struct Spec {
    std::string name;  // empty: no failpoint armed
    long hit = 1;
};

const Spec& spec() {
    static const Spec s = [] {
        Spec r;
        const char* v = std::getenv("SLUICE_FAILPOINT");
        if (!v || !*v) return r;
        std::string text(v);
        size_t at = text.find('@');
        r.name = text.substr(0, at);
        if (at != std::string::npos) r.hit = std::max(1L, std::strtol(text.c_str() + at + 1, nullptr, 10));
        return r;
    }();
    return s;
}

std::atomic<long> passes{0};

}  // namespace

void failpoint(const char* name) {
    const Spec& s = spec();
    if (s.name.empty() || s.name != name) return;
    if (passes.fetch_add(1) + 1 != s.hit) return;
    std::fprintf(stderr, "failpoint %s: killing the process\n", name);
    std::fflush(stderr);
    ::kill(::getpid(), SIGKILL);
}

}  // namespace sluice
