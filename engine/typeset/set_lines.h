// The second half of set_paragraph (paragraph.cpp): a broken paragraph's
// lines set as GlyphRuns. Private to typeset.
#pragma once

#include "base/diagnostic.h"
#include "document/document.h"
#include "linebreak.h"
#include "paragraph.h"

namespace protokoll::typeset {

// Positions the runs and links of each line of `breaks` (expansion, glue,
// alignment within [0, measure]), gives a word broken after a hyphen of the
// input its /ActualText, draws the added hyphens, and warns of overfull
// lines and of words broken between letters or at URL points (once per
// word). Justified when the block's style says so. Appends the lines to
// `paragraph`.
void set_lines(const document::TextBlock& block, double measure,
               const TextMeasure& metrics, const ParagraphItems& built, const LineBreaks& breaks,
               Warnings& warnings, SetParagraph& paragraph);

}  // namespace protokoll::typeset
