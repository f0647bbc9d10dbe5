// finish's repair of libharu's UTF-8 fonts for PDF/A (see fonts.cpp).
#pragma once

#include "typeset/pages.h"

#include <podofo/podofo.h>

#include <vector>

namespace protokoll::finish {

// Every Type0 font the pages use gets a real ToUnicode, CIDSystemInfo,
// CapHeight (from typeset's reading of the face file), a CIDSet when it is a
// subset, and its libharu ",Bold"-style name suffix dropped.
void repair_fonts(PoDoFo::PdfMemDocument& doc, const std::vector<PoDoFo::PdfObject*>& page_objects,
                  const typeset::Pages& pages);

}  // namespace protokoll::finish
