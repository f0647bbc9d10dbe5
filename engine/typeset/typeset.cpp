#include "typeset/typeset.h"

#include "typeset/font_metrics.h"
#include "paginate.h"

#include <vector>

namespace protokoll::typeset {

Pages typeset(const document::Document& document, Warnings& warnings) {
    const FontSet fonts(document.fonts);
    return paginate(document, fonts, warnings);
}

namespace {

// Drops the runs of pages [first, last).
void release_runs(Pages& pages, size_t first, size_t last) {
    for (size_t i = first; i < last && i < pages.pages.size(); ++i) std::vector<GlyphRun>().swap(pages.pages[i].runs);
}

}  // namespace

void release_glyph_runs(Pages& pages) { release_runs(pages, 0, pages.pages.size()); }

void release_glyph_runs(Pages& pages, size_t index) { release_runs(pages, index, index + 1); }

}  // namespace protokoll::typeset
