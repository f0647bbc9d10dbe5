// Query latency of the archive's index (docs/archive.md): opens the archive
// in DIR (its policy.conf names a PostgreSQL index when it has one, else
// DIR/index.sqlite) and runs each kind of query `archive list/search/show`
// makes, many times, through the same calls the CLI makes (Archive::find,
// Archive::show), printing p50 and p99 wall-clock latency per kind.
//
//   archive_query_bench DIR PARAMS [--iterations N] [--limit L] [--warmup W] [--max-seconds S]
//
// PARAMS is a text file of "KIND<TAB>VALUE" lines, the values to query with
// (bench/archive_bench.sh writes it from the index): body NAME, month
// YYYY-MM, paragraph N, signer NAME, word WORD, prefix HEX12. Iteration i of
// a kind uses its (i mod count)-th value, so every backend sees the same
// sequence. --limit is Query::limit (the CLI's --limit; default 1000, as
// `archive list` without it). The first W runs of each kind (default 5)
// warm the caches and are not counted. A kind stops early, after at least
// 20 counted runs, once its runs have taken S seconds (default 0: never),
// so a pathological query cannot hold the bench for hours; the runs column
// says how many were made.
//
// Output: a line per kind, "RESULT KIND runs p50_ms p99_ms mean_ms
// mean_records max_records", after a human-readable table.
#include "archive/archive.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace {

using protokoll::archive::Archive;
using protokoll::archive::Query;

struct Kind {
    const char* name;   // the PARAMS key
    const char* label;  // what it does, as the CLI would be asked
};

const Kind KINDS[] = {
    {"body", "list --body NAME"},
    {"month", "list --from M-01 --to M-31"},
    {"paragraph", "list --paragraph N"},
    {"signer", "list --signer NAME"},
    {"word", "search WORD"},
    {"prefix", "show ID12"},
};

// The value at quantile q (0..1) of sorted samples, nearest rank.
double quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    if (rank == 0) rank = 1;
    return sorted[std::min(rank, sorted.size()) - 1];
}

// How many records one query of `kind` with `value` returns.
size_t run(const Archive& archive, const std::string& kind, const std::string& value, int limit) {
    if (kind == "prefix") {
        const auto record = archive.show(value);
        return record.id.empty() ? 0 : 1;
    }
    Query q;
    q.limit = limit;
    if (kind == "body") q.body = value;
    else if (kind == "month") q.from = value + "-01", q.to = value + "-31";
    else if (kind == "paragraph") q.paragraph = std::atoi(value.c_str());
    else if (kind == "signer") q.signer = value;
    else if (kind == "word") q.text = value;
    return archive.find(q).size();
}

int usage() {
    std::fprintf(stderr,
                 "usage: archive_query_bench DIR PARAMS [--iterations N] [--limit L] [--warmup W] [--max-seconds S]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    const std::string dir = argv[1], params_file = argv[2];
    int iterations = 200, limit = 1000, warmup = 5;
    double max_seconds = 0;
    for (int i = 3; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) return usage();
        if (arg == "--iterations") iterations = std::atoi(argv[++i]);
        else if (arg == "--limit") limit = std::atoi(argv[++i]);
        else if (arg == "--warmup") warmup = std::atoi(argv[++i]);
        else if (arg == "--max-seconds") max_seconds = std::atof(argv[++i]);
        else return usage();
    }
    if (iterations <= 0) return usage();

    std::map<std::string, std::vector<std::string>> values;
    std::ifstream in(params_file);
    if (!in) {
        std::fprintf(stderr, "archive_query_bench: cannot read %s\n", params_file.c_str());
        return 2;
    }
    for (std::string line; std::getline(in, line);) {
        const size_t tab = line.find('\t');
        if (tab != std::string::npos && tab + 1 < line.size()) values[line.substr(0, tab)].push_back(line.substr(tab + 1));
    }

    try {
        const Archive archive(dir);
        std::printf("%-12s %-30s %6s %10s %10s %10s %9s %8s\n", "query", "as the CLI", "runs", "p50 ms", "p99 ms",
                    "mean ms", "records", "max");
        std::vector<std::string> results;
        for (const Kind& kind : KINDS) {
            const std::vector<std::string>& vs = values[kind.name];
            if (vs.empty()) {
                std::fprintf(stderr, "archive_query_bench: no %s values in %s\n", kind.name, params_file.c_str());
                return 2;
            }
            for (int i = 0; i < warmup; ++i) run(archive, kind.name, vs[static_cast<size_t>(i) % vs.size()], limit);
            std::vector<double> ms;
            ms.reserve(static_cast<size_t>(iterations));
            size_t total = 0, most = 0;
            double spent = 0;
            int runs = 0;
            for (int i = 0; i < iterations; ++i) {
                if (max_seconds > 0 && runs >= 20 && spent >= max_seconds * 1000) break;
                const std::string& value = vs[static_cast<size_t>(i) % vs.size()];
                const auto start = std::chrono::steady_clock::now();
                const size_t found = run(archive, kind.name, value, limit);
                const auto end = std::chrono::steady_clock::now();
                ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
                spent += ms.back();
                ++runs;
                total += found;
                most = std::max(most, found);
            }
            double sum = 0;
            for (double m : ms) sum += m;
            std::sort(ms.begin(), ms.end());
            const double p50 = quantile(ms, 0.50), p99 = quantile(ms, 0.99), mean = sum / static_cast<double>(ms.size());
            const double mean_found = static_cast<double>(total) / static_cast<double>(runs);
            std::printf("%-12s %-30s %6d %10.3f %10.3f %10.3f %9.1f %8zu\n", kind.name, kind.label, runs, p50, p99,
                        mean, mean_found, most);
            std::fflush(stdout);
            char line[256];
            std::snprintf(line, sizeof line, "RESULT %s %d %.3f %.3f %.3f %.1f %zu", kind.name, runs, p50, p99, mean,
                          mean_found, most);
            results.push_back(line);
        }
        for (const std::string& line : results) std::printf("%s\n", line.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "archive_query_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
