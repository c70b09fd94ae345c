// JSON encoding of tutorial-shaped rows through the 'json' format's RowEncoder, one thread.
//   sluice_bench_json_encoder [ROWS] [RUNS]
// Encodes ROWS rows (4096-row batches, built once) per run and prints the best run's ns/row for two
// shapes: the taxi tutorial's (2 INT, 2 DOUBLE, 1 BIGINT) and kafka_sink_bench.sh's (BIGINT, STRING,
// 2 DOUBLE, TIMESTAMP(3)). Per-row encode() as the sinks call it, and encodeBatch().
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "connectors/formats/format_registry.h"

using namespace sluice;
using namespace sluice::connectors;

namespace {

constexpr size_t kBatch = 4096;

std::vector<RecordBatch> makeBatches(const Schema& schema, size_t rows) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> lon(-74.05, -73.75), lat(40.6, 40.9), fare(2.5, 80.0);
    std::vector<RecordBatch> out;
    for (size_t start = 0; start < rows; start += kBatch) {
        size_t n = std::min(kBatch, rows - start);
        RecordBatch b(schema);
        for (size_t r = 0; r < n; ++r) {
            for (size_t c = 0; c < schema.fields.size(); ++c) {
                Vector& v = b.columns[c];
                switch (schema.fields[c].type.id) {
                    case TypeId::Int:
                        v.append<int32_t>(static_cast<int32_t>(rng() % 265 + 1));
                        break;
                    case TypeId::BigInt:
                        v.append<int64_t>(static_cast<int64_t>(start + r + 1));
                        break;
                    case TypeId::Double:
                        v.append<double>(c % 2 ? lon(rng) : lat(rng));
                        break;
                    case TypeId::Timestamp:
                        v.append<int64_t>(1704103200000000 + static_cast<int64_t>(start + r) * 1000);
                        break;
                    default: {
                        std::string s(12, 'a');
                        for (auto& ch : s) ch = static_cast<char>('a' + rng() % 26);
                        v.appendString(s);
                    }
                }
            }
        }
        b.numRows = n;
        out.push_back(std::move(b));
    }
    return out;
}

double bestNsPerRow(const std::vector<RecordBatch>& batches, size_t rows, int runs, bool batchApi,
                    RowEncoder& enc, size_t& bytes) {
    double best = 1e300;
    std::string buf;
    std::vector<size_t> ends;
    for (int run = 0; run < runs; ++run) {
        bytes = 0;
        auto s = std::chrono::steady_clock::now();
        for (const auto& b : batches) {
            if (batchApi) {
                buf.clear();
                ends.clear();
                enc.encodeBatch(b, buf, ends);
                bytes += buf.size();
            } else {
                for (size_t r = 0; r < b.numRows; ++r) {
                    buf.clear();
                    enc.encode(b, r, buf);
                    bytes += buf.size();
                }
            }
        }
        auto e = std::chrono::steady_clock::now();
        best = std::min(best,
                        std::chrono::duration<double, std::nano>(e - s).count() / static_cast<double>(rows));
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    size_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    std::vector<std::pair<std::string, Schema>> shapes = {
        {"tutorial (2 INT, 2 DOUBLE, BIGINT)", Schema{{{"PULocationID", DataType::integer()},
                                                       {"DOLocationID", DataType::integer()},
                                                       {"fare_amount", DataType::doubleType()},
                                                       {"tip_amount", DataType::doubleType()},
                                                       {"tpep_pickup_epoch", DataType::bigint()}}}},
        {"kafka bench (BIGINT, STRING, 2 DOUBLE, TS(3))", Schema{{{"rideId", DataType::bigint()},
                                                                  {"driverId", DataType::string()},
                                                                  {"lon", DataType::doubleType()},
                                                                  {"lat", DataType::doubleType()},
                                                                  {"eventTime", DataType::timestamp(3)}}}},
    };
    fmt::print("{} rows in {}-row batches, best of {} runs, one thread\n\n", rows, kBatch, runs);
    fmt::print("| {:<46} | {:<12} | {:>8} | {:>9} | {:>9} |\n", "shape", "api", "ns/row", "M rows/s",
               "bytes/row");
    fmt::print("|{:-<48}|{:-<14}|{:->10}|{:->11}|{:->11}|\n", "", "", "", "", "");
    for (const auto& [name, schema] : shapes) {
        auto batches = makeBatches(schema, rows);
        auto enc = FormatRegistry::builtin().get("json").createEncoder(
            planner::TableOptions(std::vector<std::pair<std::string, std::string>>{{"format", "json"}}), "",
            schema);
        for (bool batchApi : {false, true}) {
            size_t bytes = 0;
            double ns = bestNsPerRow(batches, rows, runs, batchApi, *enc, bytes);
            fmt::print("| {:<46} | {:<12} | {:>8.1f} | {:>9.2f} | {:>9.1f} |\n", name,
                       batchApi ? "encodeBatch" : "encode/row", ns, 1000.0 / ns,
                       static_cast<double>(bytes) / static_cast<double>(rows));
        }
    }
}
