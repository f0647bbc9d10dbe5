// The render path of each example in process: the whole of it
// (parse → resolve → typeset → write → finish), and each stage alone on the
// previous stage's output, so a change's effect shows in the stage it is in.
// The target for the reference protocols is ≤ 11 ms per document as
// a process; bench/process_bench.py measures that, with Typst beside it.
#include "finish/finish.h"
#include "parse/parse.h"
#include "pipeline/render.h"
#include "resolve/merge.h"
#include "resolve/resolve.h"
#include "typeset/typeset.h"
#include "write/write.h"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

const std::string SOURCE = PROTOKOLL_SOURCE_DIR;
const char* const EXAMPLES[] = {"protokoll-2019-10-03-social-valfard", "protokoll-2021-01-22-social-valfard",
                                "protokoll-2026-02-06-arbetsmarknad", "protokoll-2026-03-20-social-valfard-arbetsmarknad",
                                "protokoll-2026-04-17-arbetsmarknad-en", "anteckningar-2026-02-12-socialchefsnatverket"};

std::string path_of(const std::string& name) { return SOURCE + "/examples/" + name + ".xml"; }

// Every stage's output for one example, made once.
struct Stages {
    std::string source;
    protokoll::model::Protocol protocol;
    protokoll::model::Layout layout;
    protokoll::resolve::Options resolve_options;
    protokoll::document::Document document;
    protokoll::typeset::Pages pages;
    protokoll::typeset::MarkedContent marked;
    std::string plain;
    protokoll::finish::Options finish_options;

    explicit Stages(const std::string& name) {
        const std::string path = path_of(name);
        source = protokoll::parse::read_protocol_source(path);
        protocol = protokoll::parse::parse_protocol(source, path);
        layout = protokoll::resolve::merge_layout_chain(
            protokoll::parse::parse_layout_chain(SOURCE + "/layouts", protocol.layout, protocol.where));
        resolve_options.fonts_dir = SOURCE + "/fonts";
        document = protokoll::resolve::resolve(protocol, layout, resolve_options);
        protokoll::Warnings warnings;
        pages = protokoll::typeset::typeset(document, warnings);
        protokoll::write::Options write_options;
        write_options.timestamp = 1700000000;
        plain = protokoll::write::write_pdf(pages, write_options, marked);
        finish_options.timestamp = 1700000000;
    }
};

void render(benchmark::State& state, const std::string& name) {
    protokoll::pipeline::RenderOptions options;
    options.data_dir = SOURCE;
    options.timestamp = 1700000000;
    size_t bytes = 0, pages = 0;
    for (auto _ : state) {
        auto result = protokoll::pipeline::render_file(path_of(name), options);
        bytes = result.pdf.size();
        pages = static_cast<size_t>(result.report.pages);
        benchmark::DoNotOptimize(result.pdf.data());
    }
    state.counters["pdf_bytes"] = static_cast<double>(bytes);
    state.counters["pages_per_s"] = benchmark::Counter(static_cast<double>(pages), benchmark::Counter::kIsIterationInvariantRate);
}

void parse(benchmark::State& state, const std::string& name) {
    const Stages s(name);
    for (auto _ : state) {
        auto protocol = protokoll::parse::parse_protocol(s.source, path_of(name));
        auto layout = protokoll::resolve::merge_layout_chain(
            protokoll::parse::parse_layout_chain(SOURCE + "/layouts", protocol.layout, protocol.where));
        benchmark::DoNotOptimize(layout.id.data());
    }
}

void resolve(benchmark::State& state, const std::string& name) {
    const Stages s(name);
    for (auto _ : state) {
        auto document = protokoll::resolve::resolve(s.protocol, s.layout, s.resolve_options);
        benchmark::DoNotOptimize(document.flow.data());
    }
}

void typeset(benchmark::State& state, const std::string& name) {
    const Stages s(name);
    for (auto _ : state) {
        protokoll::Warnings warnings;
        auto pages = protokoll::typeset::typeset(s.document, warnings);
        benchmark::DoNotOptimize(pages.pages.data());
    }
}

void write(benchmark::State& state, const std::string& name) {
    const Stages s(name);
    protokoll::write::Options options;
    options.timestamp = 1700000000;
    for (auto _ : state) {
        protokoll::typeset::MarkedContent marked;
        auto plain = protokoll::write::write_pdf(s.pages, options, marked);
        benchmark::DoNotOptimize(plain.data());
    }
}

void finish(benchmark::State& state, const std::string& name) {
    const Stages s(name);
    for (auto _ : state) {
        auto pdf = protokoll::finish::finish_pdf(s.plain, s.pages, s.marked, s.finish_options);
        benchmark::DoNotOptimize(pdf.data());
    }
}

const int registered = [] {
    for (const char* example : EXAMPLES) {
        const std::string name = example;
        benchmark::RegisterBenchmark(("render/" + name).c_str(), render, name)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("parse/" + name).c_str(), parse, name)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("resolve/" + name).c_str(), resolve, name)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("typeset/" + name).c_str(), typeset, name)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("write/" + name).c_str(), write, name)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("finish/" + name).c_str(), finish, name)->Unit(benchmark::kMillisecond);
    }
    return 0;
}();

}  // namespace

BENCHMARK_MAIN();
