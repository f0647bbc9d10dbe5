// Fuzz target for a layout's XML: parse_layout, its parents from layouts/
// (extends="…") merged under it, then resolved against the example protocol
// written for that layout (its id; else the first example) and typeset —
// the layout-dependent part of `protokoll render` (write and finish take
// pages, which a layout only shapes: the render target covers them).
//
// Contract: for any bytes, each stage returns or throws protokoll::Error;
// no crash, hang, out-of-bounds access, leak or other exception.
// Seeds: tests/fuzz/corpus/layout/, layouts/, tests/fixtures/parse/chain/;
// dictionary layout.dict (scripts/fuzz-dict.py, from schema/layout.xsd).
#include "base/diagnostic.h"
#include "fuzz_support.h"
#include "parse/parse.h"
#include "resolve/merge.h"
#include "resolve/resolve.h"
#include "typeset/typeset.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace {

// The examples, parsed once: by the layout each names.
const std::map<std::string, protokoll::model::Protocol>& examples() {
    static const auto loaded = [] {
        std::map<std::string, protokoll::model::Protocol> out;
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(protokoll::fuzz::source_dir() + "/examples"))
            if (entry.path().extension() == ".xml") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            protokoll::model::Protocol protocol = protokoll::parse::parse_protocol_file(file.string());
            out.emplace(protocol.layout, std::move(protocol));
        }
        if (out.empty()) std::abort();
        return out;
    }();
    return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace protokoll;
    const std::string xml(reinterpret_cast<const char*>(data), size);
    const std::string dir = fuzz::source_dir();
    try {
        model::Layout layout = parse::parse_layout(xml, dir + "/layouts/fuzz.xml");
        std::vector<model::Layout> chain;
        if (!layout.extends.empty())
            chain = parse::parse_layout_chain(dir + "/layouts", layout.extends, layout.extends_where);
        const std::string id = layout.id;
        chain.push_back(std::move(layout));
        const model::Layout merged = resolve::merge_layout_chain(chain);
        const auto& all = examples();
        const auto found = all.find(id);
        const model::Protocol& protocol = found != all.end() ? found->second : all.begin()->second;
        resolve::Options options;
        options.fonts_dir = dir + "/fonts";
        const document::Document document = resolve::resolve(protocol, merged, options);
        Warnings warnings;
        (void)typeset::typeset(document, warnings);
    } catch (const Error&) {
    }
    return 0;
}
