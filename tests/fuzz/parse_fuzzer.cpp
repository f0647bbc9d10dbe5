// Fuzz target for the parse stage.
//
// Contract: for any bytes, parse_protocol and parse_layout either return a
// model or throw protokoll::Error, and facts_from_xmp (the XMP of a PDF
// nobody vouches for) returns facts, none, or throws protokoll::Error; they never crash, hang, read or write out
// of bounds (the sanitizer build checks that), or throw anything else.
//
// Built two ways: with clang's -fsanitize=fuzzer (cmake -DPROTOKOLL_FUZZ=ON
// -DCMAKE_CXX_COMPILER=clang++) as a libFuzzer binary, and always as a replay
// program that CTest runs over tests/fuzz/corpus/parse/, the examples and the
// parser fixtures.
#include "base/diagnostic.h"
#include "parse/parse.h"
#include "parse/xmp.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string xml(reinterpret_cast<const char*>(data), size);
    try {
        protokoll::parse::parse_protocol(xml, "fuzz.xml");
    } catch (const protokoll::Error&) {
    }
    try {
        protokoll::parse::parse_layout(xml, "fuzz.xml");
    } catch (const protokoll::Error&) {
    }
    try {
        protokoll::parse::facts_from_xmp(xml, "fuzz.pdf");
    } catch (const protokoll::Error&) {
    }
    return 0;
}
