// The structure tree of typeset pages as indented text, for a person to read
// (`render --tags`).
#pragma once

#include "typeset/pages.h"

#include <string>

namespace protokoll::typeset {

// One line per element that holds content, in reading order: its role, its
// /Alt or field description in brackets, its language when it differs from
// the document's, the first words of its text and its pages, e.g.
//   H2 "§ 12 Budget 2020"  p. 3
std::string structure_outline(const Pages& pages);

}  // namespace protokoll::typeset
