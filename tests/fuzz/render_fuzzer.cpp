// Fuzz target for the whole render path of `protokoll render`: a protocol's
// XML through parse → resolve → typeset → write → finish
// (pipeline::render_file, with the source tree's layouts/ and fonts/, a fixed
// timestamp), the PDF/A with its signature fields in memory.
//
// Contract: for any bytes, render_file returns a PDF or throws
// protokoll::Error; it never crashes, hangs, reads or writes out of bounds,
// leaks, or throws anything else. Inputs up to 1 MB (-max_len=1048576).
// Seeds: tests/fuzz/corpus/render/, examples/, tests/fixtures/parse/, and the
// large protocols seeds/large_protocols.py writes (hundreds of paragraphs,
// long words, deep inline nesting); dictionary render.dict
// (scripts/fuzz-dict.py, from schema/protocol.xsd and layout.xsd).
#include "base/diagnostic.h"
#include "fuzz_support.h"
#include "pipeline/render.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static protokoll::fuzz::ScratchFile xml(".xml");
    protokoll::pipeline::RenderOptions options;
    options.data_dir = protokoll::fuzz::source_dir();
    options.timestamp = 1700000000;
    try {
        const protokoll::pipeline::RenderResult result =
            protokoll::pipeline::render_file(xml.write(data, size), options);
        if (result.pdf.compare(0, 5, "%PDF-") != 0) std::abort();  // rendered, but no PDF
    } catch (const protokoll::Error&) {
    }
    return 0;
}
