#include "typeset/typeset.h"

#include "typeset/font_metrics.h"
#include "typeset/utf8.h"
#include "paginate.h"

#include <vector>

namespace protokoll::typeset {

Pages typeset(const document::Document& document, Warnings& warnings) {
    const FontSet fonts(document.fonts);
    return paginate(document, fonts, warnings);
}

namespace {

// Drops the runs of pages [first, last), merging their characters into
// Pages::released_characters.
void release_runs(Pages& pages, size_t first, size_t last) {
    std::vector<bool> shown;
    auto mark = [&](const std::string& text) {
        for (char32_t c : decode_utf8(text, {})) {  // typeset's own runs: valid UTF-8
            if (c >= shown.size()) shown.resize(c + 1);
            shown[c] = true;
        }
    };
    mark(pages.released_characters);
    for (size_t i = first; i < last && i < pages.pages.size(); ++i) {
        Page& page = pages.pages[i];
        for (const GlyphRun& run : page.runs) mark(run.text);
        std::vector<GlyphRun>().swap(page.runs);
    }
    pages.released_characters.clear();
    for (char32_t c = 0; c < shown.size(); ++c)
        if (shown[c]) append_utf8(pages.released_characters, c);
}

}  // namespace

void release_glyph_runs(Pages& pages) { release_runs(pages, 0, pages.pages.size()); }

void release_glyph_runs(Pages& pages, size_t index) { release_runs(pages, index, index + 1); }

}  // namespace protokoll::typeset
