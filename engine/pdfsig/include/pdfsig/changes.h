// pdfsig: what the revisions after a signed one changed, judged by
// the rules of that signature (docs/verify.md, "Changes after a signature").
//
// Each incremental update is compared with the revision before it by what
// the two show and mean — the page tree, every page's content, resources
// and annotations, the catalog, /Info, the XMP, the form's fields with their
// values and appearances, the /DSS — never by which objects were written.
// What differs is explained by an allow-list; anything it does not name is
// a disallowed change, however it was reached.
#pragma once

#include "pdfsig/change_report.h"
#include "pdfsig/snapshot.h"

#include <podofo/podofo.h>

#include <memory>
#include <string>
#include <vector>

namespace protokoll::sign::detail {

// How far a change goes (ChangeLevel, change_report.h) is ranked as ISO
// 32000-2 (12.8.2.2, DocMDP) and PAdES (ETSI EN 319 142-1, 5.4) rank it.

struct Change {
    ChangeLevel level;
    std::string text;  // "page 1: /Contents (object 12 0 R): its stream data differs"
};

// What one update changed: the revision before it compared with it.
std::vector<Change> compare_revisions(const Snapshot& older, const Snapshot& newer);

// The /P of the DocMDP transform of the signature dictionary `v` refers to,
// when the catalog's /Perms /DocMDP names it (a certification signature):
// 1, 2 or 3; 0 for an approval signature.
int docmdp_permissions(PoDoFo::PdfMemDocument& doc, const PoDoFo::PdfObject* v);

// The revisions of one file (each ends with startxref N %%EOF) and what
// each update changed, read once and judged for each signature.
class History {
public:
    // `whole` is the file loaded (it is used as the newest revision).
    History(const std::string& bytes, PoDoFo::PdfMemDocument& whole);
    ~History();

    // The changes after the revision that ends at byte `signed_end`, judged
    // for a signature with DocMDP level `docmdp` (0: an approval signature).
    ChangeReport judge(size_t signed_end, int docmdp);

    // Where each revision ends (after its %%EOF), in order.
    const std::vector<size_t>& ends() const { return m_ends; }

private:
    void compute();

    const std::string& m_bytes;
    PoDoFo::PdfMemDocument& m_whole;
    std::vector<size_t> m_ends;
    bool m_computed = false;
    // m_steps[j]: what revision j + 1 changed compared with the readable
    // revision before it (m_steps[0] is empty: the original file).
    std::vector<std::vector<Change>> m_steps;
    std::vector<bool> m_readable;
};

// Where each revision of `bytes` ends: just after each "%%EOF" that follows
// "startxref <offset>" (and its end of line), so that an "%%EOF" inside a
// stream or a string does not count.
std::vector<size_t> revision_ends(const std::string& bytes);

}  // namespace protokoll::sign::detail
