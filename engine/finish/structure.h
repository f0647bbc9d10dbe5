// finish's structure tree: the document's logical structure (typeset::Pages
// ::structure) as a tagged PDF's StructTreeRoot (see structure.cpp).
#pragma once

#include "annotations.h"
#include "typeset/pages.h"

#include <podofo/podofo.h>

#include <vector>

namespace protokoll::finish {

// Adds /StructTreeRoot (the elements that hold content, in reading order,
// with their marked content and annotations), its /ParentTree, each page's
// /StructParents and /Tabs /S, each tagged annotation's /StructParent and
// /MarkInfo /Marked true. `marked` is write_pdf's account of the MCIDs.
void add_structure_tree(PoDoFo::PdfMemDocument& doc, const std::vector<PoDoFo::PdfObject*>& page_objects,
                        const typeset::Pages& pages, const typeset::MarkedContent& marked,
                        const Annotations& annotations);

}  // namespace protokoll::finish
