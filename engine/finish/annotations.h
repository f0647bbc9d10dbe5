// finish's link annotations and empty signature fields (see annotations.cpp).
#pragma once

#include "typeset/pages.h"

#include <podofo/podofo.h>

#include <utility>
#include <vector>

namespace protokoll::finish {

// Per page, the annotations that belong to a structure element: the
// element (a Link, a Form) and the annotation, in the page's /Annots order.
struct Annotations {
    std::vector<std::vector<std::pair<int, PoDoFo::PdfReference>>> pages;
};

// A URI link annotation for every LinkArea and a visible, empty signature
// field (field and widget in one dictionary) for every FieldArea, on the
// page they belong to; /AcroForm /Fields lists the fields in signing order.
Annotations add_annotations(PoDoFo::PdfMemDocument& doc, const std::vector<PoDoFo::PdfObject*>& page_objects,
                     const typeset::Pages& pages);

}  // namespace protokoll::finish
