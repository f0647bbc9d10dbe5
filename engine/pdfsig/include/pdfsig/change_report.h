// pdfsig: what the revisions after a signed one changed, as verify reports it
// (changes.h judges it). Plain data, no PoDoFo.
#pragma once

#include <string>
#include <vector>

namespace protokoll::sign {

// How far a change reaches, in the order ISO 32000-2 (12.8.2.2, DocMDP) and
// PAdES (ETSI EN 319 142-1, 5.4) rank it: each level permits those before it.
enum class ChangeLevel {
    None,            // "none": no change at all
    ValidationData,  // "validation data": /DSS, document timestamps: permitted after every signature
    Signing,         // "signing": an empty signature field signed, with its appearance: DocMDP 2 (and approval signatures)
    Annotation,      // "annotations": annotations other than widgets added, changed, removed: DocMDP 3
    Other,           // "other": anything else, never permitted
};

// The name the reports write.
std::string to_string(ChangeLevel level);

// What later revisions (after the one a signature covers) changed, judged
// by what each revision shows and means (docs/verify.md, "Changes after a
// signature"). Permitted after every signature: validation data (/DSS) and
// document timestamps; after an approval signature or a certification with
// DocMDP /P 2 also an empty signature field signed, with its appearance; with
// /P 3 also annotations. Everything else is disallowed: the page tree, a
// page's content, resources or annotations, the catalog, /Info, the XMP, a
// signed field's value or appearance, new visible or unsigned fields.
struct ChangeReport {
    bool checked = false;                 // false when the signed revision could not be read
    int later_revisions = 0;              // incremental updates after the signed one
    std::vector<std::string> permitted;   // one line each, e.g. "revision 3: field \"Kent Lagrell\": signed"
    std::vector<std::string> disallowed;  // one line each, e.g. "revision 3: page 1: /Contents (object 12 0 R): its stream data differs"
    // The furthest-reaching change, permitted or not.
    ChangeLevel level = ChangeLevel::None;
};

}  // namespace protokoll::sign
