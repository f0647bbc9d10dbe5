// The screen: a fast look at the raw bytes of a PDF before PoDoFo parses
// them. PoDoFo 0.9.8 parses an object when it is first used, recursively,
// marking each enclosing dictionary dirty at every key: 800 deep costs 12 s
// of CPU (n^3), 100 000 deep overflows the stack. The screen reads what PoDoFo would read
// — every cross-reference section reachable from any startxref (and every
// "xref" and "trailer" in the file, which PoDoFo finds by searching), every
// object they point to, every object stream's objects — with a tokenizer of
// its own that never recurses, and refuses what would hurt: a file too
// large, nesting too deep, too many objects or values, an absurd /Size, /W,
// /Index, /Length, /Count or /DecodeParms, a /Prev loop, a page tree with a
// cycle, and streams (object streams included) that decode to more than a
// limit (decoded in bounded steps: a bomb costs the limit, not the bomb).
// docs/verify.md ("Hostile files") lists the limits and why.
#pragma once

#include <cstddef>
#include <string>

namespace protokoll::sign {

struct ScreenLimits {
    size_t max_file_bytes = size_t(256) << 20;
    // Arrays and dictionaries inside one another. PoDoFo needs 3 ms for one
    // object nested 64 deep, 11 ms at 100, 0.2 s at 256, 21 s at 1 000; real
    // PDFs stay below 10.
    int max_depth = 64;
    // Indirect objects (in-use cross-reference entries) and any /Size,
    // /Count or object-stream /N: PoDoFo allocates by them.
    size_t max_objects = 1'000'000;
    // Values (numbers, names, strings, arrays, dictionaries) in all objects.
    size_t max_values = 20'000'000;
    // What one stream may decode to (every filter of its chain), and all
    // streams together.
    size_t max_stream_bytes = size_t(256) << 20;
    size_t max_decoded_bytes = size_t(1) << 30;
    // Cross-reference sections on one /Prev chain (one per incremental update).
    size_t max_sections = 1000;
};

// "" when the file may be handed to PoDoFo; otherwise what is wrong, one
// phrase, e.g. "nesting deeper than 64 levels at byte 1234". Bytes that are
// no PDF at all are not its business (PoDoFo refuses those on its own), but
// a file without any startxref is refused: PoDoFo cannot read it either.
std::string screen_pdf(const std::string& bytes, const ScreenLimits& limits = {});

}  // namespace protokoll::sign
