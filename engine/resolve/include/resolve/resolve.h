// resolve: protocol + layout → flow document. Applies the layout (labels,
// styles, page design, roster), numbers paragraphs, checks that signers
// attended, finds and verifies the fonts.
#pragma once

#include "document/document.h"
#include "model/layout.h"
#include "model/protocol.h"

#include <string>

namespace protokoll::resolve {

struct Options {
    std::string fonts_dir;  // holds manifest.txt
    std::string hyphenation_dir = "/usr/share/hyphen";  // Debian's hyphen-sv and hyphen-en-gb
};

document::Document resolve(const model::Protocol& protocol, const model::Layout& layout,
                           const Options& options);

}  // namespace protokoll::resolve
