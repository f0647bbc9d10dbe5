// pdfsig: the visible appearance of a signed field (the layout's words,
// "Justerat digitalt av …"), drawn with a font the document already embeds.
#pragma once

#include <podofo/podofo.h>

#include <string>
#include <vector>

namespace protokoll::sign::detail {

// Replaces the /AP /N of `field`'s widget with a form XObject that keeps the
// field's frame and writes one line per entry of `lines` inside it: the first
// of its candidates (UTF-8) that the font can draw, so that a line can say the
// same thing with other characters when the document lacks some.
//
// Why no new font: an embedded subset of Liberation Sans costs ~13 KB per
// signature and each new font must again pass PDF/A's CIDSet and ToUnicode
// rules. The rendered protocol already embeds Liberation Sans as a Type0 /
// Identity-H font with a ToUnicode CMap; every character that the CMap maps is
// a glyph present in the embedded program (veraPDF 6.3.5-3 holds finish to an
// exact CIDSet), so text made of those characters can be drawn with the very
// same font object for the cost of a content stream (~300 bytes).
//
// Returns "" when drawn in full, else why not (no usable font, characters the
// document's fonts lack, no widget). A line none of whose candidates can be
// drawn is left out; without the first line the field keeps its old appearance.
std::string set_signed_appearance(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfObject* field,
                                  const std::vector<std::vector<std::string>>& lines);

}  // namespace protokoll::sign::detail
