// pdfsig: two revisions of a PDF compared by what their objects
// mean, not by their object numbers or their bytes.
#pragma once

#include <podofo/podofo.h>

#include <optional>
#include <set>
#include <string>
#include <utility>

namespace protokoll::sign::detail {

using Ref = std::pair<unsigned long, unsigned long>;  // object and generation number

Ref key_of(const PoDoFo::PdfReference& reference);
std::string ref_text(const Ref& ref);  // "12 0 R"

// Where two values first differ: the path of keys and indexes from the
// compared root, the newer revision's indirect object holding it, and what.
struct Difference {
    std::string path;    // "/Resources /Font /F1", empty at the root itself
    std::string object;  // "object 12 0 R", empty when direct in the root
    std::string what;    // "its stream data differs", "an integer instead of an array", …
    std::string text() const;  // "/Resources /Font /F1 (object 12 0 R): its stream data differs"
};

// Compares a value of the older revision with one of the newer, following
// references into both documents. Two values are the same when a reader
// could not tell them apart: the same type, numbers equal as numbers,
// strings and names byte for byte, dictionaries with the same keys (a null
// value counts as absent), arrays element by element, streams with the same
// dictionary and the same (still encoded) bytes. Indirect objects are matched
// by what they hold, whatever their numbers, except the "boundary" objects
// (pages, annotations, form fields, signatures), which another rule compares:
// a reference to one of them, anywhere below the root, must name the same
// object in both revisions. Cycles are compared once (coinduction). The
// work is bounded: a graph too large to compare is reported as a difference.
class Comparer {
public:
    Comparer(PoDoFo::PdfVecObjects& older, PoDoFo::PdfVecObjects& newer, const std::set<Ref>& older_boundary,
             const std::set<Ref>& newer_boundary);

    // The first difference, or nothing when the two are the same. The root
    // itself is compared by content even when it is a boundary object; keys
    // in `skip` are left out of a root dictionary (another rule judges them).
    std::optional<Difference> compare(const PoDoFo::PdfObject* older, const PoDoFo::PdfObject* newer,
                                      const std::set<std::string>& skip = {});

    PoDoFo::PdfObject* resolve_older(const PoDoFo::PdfObject* value) const;
    PoDoFo::PdfObject* resolve_newer(const PoDoFo::PdfObject* value) const;

private:
    PoDoFo::PdfVecObjects& m_older;
    PoDoFo::PdfVecObjects& m_newer;
    const std::set<Ref>& m_older_boundary;
    const std::set<Ref>& m_newer_boundary;
};

// "an integer", "a dictionary", "a stream", "nothing": for messages.
std::string type_text(const PoDoFo::PdfObject* object);

// The value of `key` in `dict` resolved through `objects`, nullptr when absent.
PoDoFo::PdfObject* lookup(PoDoFo::PdfVecObjects& objects, const PoDoFo::PdfObject* dict, const char* key);

// The name value of `key`, "" when absent or not a name.
std::string name_value(PoDoFo::PdfVecObjects& objects, const PoDoFo::PdfObject* dict, const char* key);

}  // namespace protokoll::sign::detail
