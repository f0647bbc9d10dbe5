// typeset: flow document → pages of positioned boxes. Pure C++: knows font
// metrics (FreeType) but nothing of PDF.
#pragma once

#include "base/diagnostic.h"
#include "document/document.h"
#include "typeset/pages.h"

namespace protokoll::typeset {

// Throws Error(BadInput) for a character no face of the font has; adds
// warnings (overfull lines, words broken by letters) to `warnings`.
Pages typeset(const document::Document& document, Warnings& warnings);

}  // namespace protokoll::typeset
