// The aggregate registry, the default retract, and DISTINCT as a wrapper around any aggregate.
#include "functions/aggregate_function.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/error.h"
#include "functions/aggregate/accumulator_io.h"
#include "functions/aggregate_registry.h"

namespace sluice::functions {

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

// A distinct value's key: the value's bytes (fixed width) or its text (strings, binaries), so the
// value can be rebuilt from the key when states merge.
std::string keyOf(const Vector& v, size_t i) {
    if (v.isVarLen()) return std::string(v.stringAt(i));
    int w = v.type().fixedWidth();
    return std::string(reinterpret_cast<const char*>(v.data<char>()) + i * w, static_cast<size_t>(w));
}

void appendKey(Vector& out, const std::string& key) {
    if (out.isVarLen()) {
        out.appendString(key);
        return;
    }
    size_t n = out.size();
    out.resize(n + 1);
    std::memcpy(out.data<char>() + n * out.type().fixedWidth(), key.data(), key.size());
}

class DistinctState : public AccumulatorState {
public:
    explicit DistinctState(std::unique_ptr<AccumulatorState> inner) : inner(std::move(inner)) {}
    size_t size() const override { return seen.size(); }
    void resize(size_t groups) override {
        seen.resize(groups);
        inner->resize(groups);
    }
    void reset(size_t group) override {
        seen[group].clear();
        inner->reset(group);
    }
    void serialize(size_t group, std::string& out) const override {
        aggio::put<uint32_t>(out, static_cast<uint32_t>(seen[group].size()));
        for (const auto& [k, c] : seen[group]) {
            aggio::put(out, k);
            aggio::put(out, c);
        }
        inner->serialize(group, out);
    }
    void deserialize(size_t group, std::string_view& in) override {
        seen[group].clear();
        uint32_t n = aggio::get<uint32_t>(in);
        for (uint32_t i = 0; i < n; ++i) {
            std::string k = aggio::get<std::string>(in);
            seen[group][k] = aggio::get<int64_t>(in);
        }
        inner->deserialize(group, in);
    }

    std::vector<std::map<std::string, int64_t>> seen;  // value -> how many rows carried it
    std::unique_ptr<AccumulatorState> inner;
};

class DistinctKernel : public AggregateKernel {
public:
    DistinctKernel(std::shared_ptr<const AggregateKernel> inner, DataType argType)
        : inner_(std::move(inner)), argType_(std::move(argType)) {}

    std::unique_ptr<AccumulatorState> createState() const override {
        return std::make_unique<DistinctState>(inner_->createState());
    }
    void update(const std::vector<Vector>& args, const uint32_t* groupIds, size_t rows,
                AccumulatorState& state) const override {
        apply(args, groupIds, rows, state, +1);
    }
    bool supportsRetract() const override { return inner_->supportsRetract(); }
    void retract(const std::vector<Vector>& args, const uint32_t* groupIds, size_t rows,
                 AccumulatorState& state) const override {
        if (!inner_->supportsRetract()) AggregateKernel::retract(args, groupIds, rows, state);
        apply(args, groupIds, rows, state, -1);
    }
    void merge(const AccumulatorState& from, const uint32_t* targets, AccumulatorState& into) const override {
        const auto& src = static_cast<const DistinctState&>(from);
        auto& dst = static_cast<DistinctState&>(into);
        Vector fresh(argType_);
        std::vector<uint32_t> groups;
        for (size_t g = 0; g < src.seen.size(); ++g) {
            for (const auto& [k, c] : src.seen[g]) {
                int64_t& count = dst.seen[targets[g]][k];
                if (count == 0) {
                    appendKey(fresh, k);
                    groups.push_back(targets[g]);
                }
                count += c;
            }
        }
        if (!groups.empty()) inner_->update({fresh}, groups.data(), groups.size(), *dst.inner);
    }
    void finalize(const AccumulatorState& state, const uint32_t* groups, size_t count,
                  Vector& out) const override {
        inner_->finalize(*static_cast<const DistinctState&>(state).inner, groups, count, out);
    }

private:
    // Forwards to the inner aggregate only the rows whose value appears (+1) or disappears (-1).
    void apply(const std::vector<Vector>& args, const uint32_t* groupIds, size_t rows,
               AccumulatorState& state, int sign) const {
        auto& st = static_cast<DistinctState&>(state);
        const Vector& in = args.at(0);
        std::vector<uint32_t> pick, groups;
        for (size_t i = 0; i < rows; ++i) {
            if (in.isNull(i)) continue;
            auto& seen = st.seen[groupIds[i]];
            std::string key = keyOf(in, i);
            if (sign > 0) {
                if (seen[key]++ == 0) {
                    pick.push_back(static_cast<uint32_t>(i));
                    groups.push_back(groupIds[i]);
                }
            } else {
                auto it = seen.find(key);
                if (it == seen.end()) continue;  // retracting a value never seen: ignored, as Flink's MapView
                if (--it->second == 0) {
                    seen.erase(it);
                    pick.push_back(static_cast<uint32_t>(i));
                    groups.push_back(groupIds[i]);
                }
            }
        }
        if (pick.empty()) return;
        std::vector<Vector> sub{in.gather(pick)};
        if (sign > 0)
            inner_->update(sub, groups.data(), groups.size(), *st.inner);
        else
            inner_->retract(sub, groups.data(), groups.size(), *st.inner);
    }

    std::shared_ptr<const AggregateKernel> inner_;
    DataType argType_;
};

}  // namespace

void AggregateKernel::retract(const std::vector<Vector>&, const uint32_t*, size_t, AccumulatorState&) const {
    throw InternalError("retract() on an aggregate that does not support retraction");
}

std::shared_ptr<const AggregateKernel> makeDistinct(std::shared_ptr<const AggregateKernel> inner,
                                                    DataType argType) {
    return std::make_shared<DistinctKernel>(std::move(inner), std::move(argType));
}

void AggregateRegistry::add(AggregateFunction fn) {
    auto key = upper(fn.name);
    SLUICE_CHECK(!fns_.count(key));
    fns_.emplace(key, std::move(fn));
}

const AggregateFunction* AggregateRegistry::find(const std::string& name) const {
    auto it = fns_.find(upper(name));
    return it == fns_.end() ? nullptr : &it->second;
}

std::vector<std::string> AggregateRegistry::names() const {
    std::vector<std::string> out;
    for (const auto& [k, f] : fns_) out.push_back(k);
    return out;
}

}  // namespace sluice::functions
