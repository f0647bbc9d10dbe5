// Internal to sign/: what the revisions after a signed one changed, judged by
// the rules of that signature (docs/verify.md, "Changes after a signature").
#pragma once

#include "sign.h"

#include <podofo/podofo.h>

#include <string>

namespace protokoll::sign::detail {

// The /P of the DocMDP transform of the signature dictionary `v` refers to,
// when the catalog's /Perms /DocMDP names it (a certification signature):
// 1, 2 or 3; 0 for an approval signature.
int docmdp_permissions(PoDoFo::PdfMemDocument& doc, const PoDoFo::PdfObject* v);

// The changes made by every revision after the one that ends at byte
// `signed_end` of `bytes`, judged for a signature with DocMDP level `docmdp`
// (0: an approval signature). `doc` is the whole file, loaded.
ChangeReport judge_changes(const std::string& bytes, size_t signed_end, PoDoFo::PdfMemDocument& doc, int docmdp);

}  // namespace protokoll::sign::detail
