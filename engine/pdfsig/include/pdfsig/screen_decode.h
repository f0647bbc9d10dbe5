// Internal to the screen (screen.h): stream filters decoded the way PoDoFo
// 0.9.8 decodes them (GetFilteredCopy), but bounded: every stage stops as
// soon as it has produced more than a limit, and nothing but the last
// stage's output (when asked for) is kept. A flate bomb costs the screen a
// few buffers and the time to decode the limit, never the bomb.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace protokoll::sign::screen {

struct DecodeResult {
    bool too_large = false;   // a stage produced more than the limit
    std::string stage;        // that stage's filter, e.g. "FlateDecode"
    size_t decoded = 0;       // bytes out of the last stage (up to the limit)
    std::string data;         // those bytes, when asked for
};

// Decodes `raw` through `filters` (in order, /Filter's names). Filters that
// decode pictures (DCT, JPX, CCITT, JBIG2), Crypt and unknown names end the
// chain: PoDoFo decodes none of them where protokoll reads streams. Corrupt
// data ends a stage quietly (PoDoFo would fail; what came before counts).
DecodeResult decode(std::string_view raw, const std::vector<std::string>& filters, size_t limit, bool keep);

// The PNG (/Predictor >= 10) or TIFF (2) predictor undone, as the
// cross-reference streams' entries need; rows of columns * colors * bpc / 8.
std::string unpredict(const std::string& data, long long predictor, long long colors, long long bpc, long long columns);

}  // namespace protokoll::sign::screen
