// The whole render path (parse → resolve → typeset → write → finish) of each
// example, in process. The goal for the reference protocols is ≤ 11 ms per
// document (peers as a process on this machine: Typst 110 ms, FOP 870 ms).
#include "pipeline/render.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

void render_example(benchmark::State& state, const std::string& name) {
    protokoll::pipeline::RenderOptions options;
    options.data_dir = PROTOKOLL_SOURCE_DIR;
    options.timestamp = 1700000000;
    const std::string path = std::string(PROTOKOLL_SOURCE_DIR) + "/examples/" + name + ".xml";
    size_t bytes = 0;
    for (auto _ : state) {
        auto result = protokoll::pipeline::render_file(path, options);
        bytes = result.pdf.size();
        benchmark::DoNotOptimize(result.pdf.data());
    }
    state.counters["pdf_bytes"] = static_cast<double>(bytes);
}

}  // namespace

BENCHMARK_CAPTURE(render_example, social_valfard_2019, std::string("protokoll-2019-10-03-social-valfard"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(render_example, social_valfard_2021, std::string("protokoll-2021-01-22-social-valfard"))
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
