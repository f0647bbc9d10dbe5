// Linear cost: the 2019 protocol typeset 1×, 2×, 5× and 10× as long. The
// longer protocols repeat its <paragraph> elements; paragraphs are numbered
// from the meeting's first-number, so every copy gets fresh § numbers.
//
// BM_typeset times typeset() alone (line breaking + pagination) on the
// resolved document; BM_render times the whole path (parse → resolve →
// typeset → write → finish). Both report time per document and, as the
// counter `per_paragraph`, time per <paragraph>: flat across the copies
// means linear cost.
#include "parse/parse.h"
#include "pipeline/render.h"
#include "resolve/merge.h"
#include "resolve/resolve.h"
#include "typeset/typeset.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {

const std::string SOURCE = PROTOKOLL_SOURCE_DIR;
const std::string EXAMPLE = SOURCE + "/examples/protokoll-2019-10-03-social-valfard.xml";

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

int count(const std::string& hay, const std::string& needle) {
    int n = 0;
    for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
    return n;
}

// The example with the contents of <paragraphs> repeated `times` times.
std::string repeated_protocol(int times) {
    const std::string xml = read(EXAMPLE);
    const size_t open = xml.find("<paragraphs>");
    const size_t close = xml.find("</paragraphs>");
    if (open == std::string::npos || close == std::string::npos)
        throw std::runtime_error("no <paragraphs> in " + EXAMPLE);
    const size_t body = open + std::string("<paragraphs>").size();
    const std::string paragraphs = xml.substr(body, close - body);
    std::string out = xml.substr(0, body);
    for (int k = 0; k < times; ++k) out += paragraphs;
    out += xml.substr(close);
    return out;
}

// Written to $TMPDIR: layouts and fonts come from the data directory, so
// the protocol's own location does not matter.
std::string protocol_file(int times) {
    const char* tmp = std::getenv("TMPDIR");
    const std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/protokoll-bench-x" +
                             std::to_string(times) + ".xml";
    std::ofstream(path, std::ios::binary) << repeated_protocol(times);
    return path;
}

protokoll::document::Document resolved(const std::string& xml) {
    auto protocol = protokoll::parse::parse_protocol(xml, EXAMPLE);
    auto layout = protokoll::resolve::merge_layout_chain(
        protokoll::parse::parse_layout_chain(SOURCE + "/layouts", protocol.layout, protocol.where));
    protokoll::resolve::Options options;
    options.fonts_dir = SOURCE + "/fonts";
    return protokoll::resolve::resolve(protocol, layout, options);
}

void BM_typeset(benchmark::State& state) {
    const int times = static_cast<int>(state.range(0));
    const std::string xml = repeated_protocol(times);
    const auto document = resolved(xml);
    int pages = 0;
    for (auto _ : state) {
        protokoll::Warnings warnings;
        auto result = protokoll::typeset::typeset(document, warnings);
        pages = static_cast<int>(result.pages.size());
        benchmark::DoNotOptimize(result.pages.data());
    }
    const int paragraphs = count(xml, "<paragraph>");
    state.counters["pages"] = pages;
    state.counters["paragraphs"] = paragraphs;
    state.counters["per_paragraph"] =
        benchmark::Counter(paragraphs, benchmark::Counter::kIsIterationInvariantRate |
                                           benchmark::Counter::kInvert);
}

void BM_render(benchmark::State& state) {
    const int times = static_cast<int>(state.range(0));
    const std::string path = protocol_file(times);
    protokoll::pipeline::RenderOptions options;
    options.data_dir = SOURCE;
    options.timestamp = 1700000000;
    int pages = 0;
    for (auto _ : state) {
        auto result = protokoll::pipeline::render_file(path, options);
        pages = result.report.pages;
        benchmark::DoNotOptimize(result.pdf.data());
    }
    std::remove(path.c_str());
    const int paragraphs = count(repeated_protocol(times), "<paragraph>");
    state.counters["pages"] = pages;
    state.counters["per_paragraph"] =
        benchmark::Counter(paragraphs, benchmark::Counter::kIsIterationInvariantRate |
                                           benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK(BM_typeset)->Arg(1)->Arg(2)->Arg(5)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_render)->Arg(1)->Arg(2)->Arg(5)->Arg(10)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
