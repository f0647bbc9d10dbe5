// Blocks and pages: set paragraphs and signature rows stacked into the
// template's content area, broken into pages, with running header and footer.
#pragma once

#include "base/diagnostic.h"
#include "document/document.h"
#include "typeset/font_metrics.h"
#include "typeset/pages.h"

namespace protokoll::typeset {

// Horizontal distance between two signature boxes side by side: the box of
// each slot is its column width minus this, so neighbouring boxes never
// touch and each signature has its own visible field (18 pt = ¼ inch).
constexpr double SIGNATURE_GUTTER = 18;
// A justified line with badness above this is counted as underfull in the
// report (TeX's \hbadness default).
constexpr double UNDERFULL_BADNESS = 1000;

// typeset() with the metrics given (a FontSet, or a stub in tests).
//
// Vertical model: each text line occupies `leading`; its baseline sits
// half the leading's excess over the face's ascender−descender below the
// line's top, then the ascender (CSS's half-leading model), so the text is
// centred in its leading. space_before is dropped at the top of a page.
//
// Page breaks: greedy, as late as possible, only where allowed: not between
// a block with keep_with_next and the next item (so a heading keeps the
// first two lines of its paragraph, or all of a shorter one, with it), not
// inside a keep_together block or a signature row, not leaving fewer than
// two lines of a paragraph at either side of the break (no widows or
// orphans; a list item is a paragraph, so its first two lines stay
// together), and not between a signature row and the two lines before it
// (the signature block never stands alone). Every break moved back because
// of a would-be widow or orphan is counted in Report::widows_avoided /
// orphans_avoided. When no allowed break exists on a page (a
// keep_with_next chain or a signature row taller than the page), the page
// is broken where it overflows and a warning is added. Linear in the number
// of lines: each page scans forward once and backs up at most one page.
// Pages are broken while the flow is set, so the lines held at any time are
// those of the pages made and the few not yet placed; more than MAX_PAGES
// pages (pages.h) is an Error (BadInput) at the block page MAX_PAGES + 1
// would start with.
//
// Page 1 uses the template's margin_top_first, first_header and
// first_images; the others margin_top, header and images; every page the
// footer, with {page} and {pages} replaced.
Pages paginate(const document::Document& document, const TextMeasure& metrics,
               Warnings& warnings);

// The text with every "{page}" and "{pages}" replaced.
std::string substitute_page_numbers(const std::string& text, int page, int pages);

}  // namespace protokoll::typeset
