// resolve: protocol + layout → flow document. Applies the layout (labels,
// styles, page design, roster), numbers paragraphs, checks that signers
// attended, finds and verifies the fonts.
#pragma once

#include "document/document.h"
#include "model/layout.h"
#include "model/protocol.h"

#include <string>
#include <vector>

namespace protokoll::resolve {

struct Options {
    std::string fonts_dir;  // holds manifest.txt
    // Where checksums of the pinned fonts, and that the word list is sorted,
    // are remembered between processes (the file's identity with what was
    // found); empty: none.
    std::string font_cache;
    std::string hyphenation_dir = "/usr/share/hyphen";  // Debian's hyphen-sv and hyphen-en-gb
    // The Swedish word list that splits compounds (Debian's wswedish).
    std::string word_list = "/usr/share/dict/swedish";
    // An extract (protokollsutdrag) of these paragraph numbers, in the
    // protocol's order, with the secretary's "Rätt utdraget intygar"
    // field in place of the signatures; empty: the whole protocol.
    std::vector<int> extract;
    // A public copy: what the protocol marks confidential, and personal
    // identity numbers wherever they stand, replaced by the layout's mark.
    bool public_copy = false;
    // The posting notice (anslagsbevis) as a document of its own: the
    // layout's <notice>, the dates from <notice> in the protocol or these
    // (YYYY-MM-DD), which win.
    bool notice = false;
    std::string adjusted;
    std::string posted;
};

document::Document resolve(const model::Protocol& protocol, const model::Layout& layout,
                           const Options& options);

}  // namespace protokoll::resolve
