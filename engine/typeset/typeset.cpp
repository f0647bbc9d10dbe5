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

void release_glyph_runs(Pages& pages) {
    std::vector<bool> shown;
    auto mark = [&](const std::string& text) {
        for (char32_t c : decode_utf8(text, {})) {  // typeset's own runs: valid UTF-8
            if (c >= shown.size()) shown.resize(c + 1);
            shown[c] = true;
        }
    };
    mark(pages.released_characters);
    for (Page& page : pages.pages) {
        for (const GlyphRun& run : page.runs) mark(run.text);
        std::vector<GlyphRun>().swap(page.runs);
    }
    pages.released_characters.clear();
    for (char32_t c = 0; c < shown.size(); ++c)
        if (shown[c]) append_utf8(pages.released_characters, c);
}

}  // namespace protokoll::typeset
