// pdfsig: one revision of a PDF as a reader sees it — its pages
// (with what they inherit), their annotations, the form fields, the catalog
// and /Info — read with our own bounded walks rather than PoDoFo's page tree,
// so that a cyclic or malformed structure becomes a finding, not a hang.
#pragma once

#include "pdfsig/compare.h"

#include <podofo/podofo.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace protokoll::sign::detail {

struct Page {
    PoDoFo::PdfObject* object = nullptr;
    Ref ref{0, 0};
    // /Resources, /MediaBox, /CropBox, /Rotate as the page has them or
    // inherits them from its /Pages ancestors (nullptr when neither).
    std::map<std::string, const PoDoFo::PdfObject*> inherited;
    // The /Annots array's items (references or direct dictionaries).
    std::vector<const PoDoFo::PdfObject*> annotations;
    std::string annots_problem;  // "/Annots is an integer, not an array", …
};

// A node of the form's field tree (a field, or a widget of one).
struct FormNode {
    PoDoFo::PdfObject* object = nullptr;
    Ref ref{0, 0};
    std::string name;        // fully qualified field name, "Parent.Child"
    std::string type;        // /FT, inherited: "Sig", "Tx", … ("" when none)
    bool terminal = false;   // a field without child fields (it carries /V)
    bool widget = false;     // it is (also) a widget annotation
    Ref field{0, 0};         // for a widget: the terminal field it belongs to (itself when merged)
    std::vector<Ref> kids;   // /Kids as references, in order
};

struct Snapshot {
    PoDoFo::PdfMemDocument* doc = nullptr;
    std::unique_ptr<PoDoFo::PdfMemDocument> owned;
    int number = 0;          // 1 = the original file
    size_t end = 0;          // the revision is the file's first `end` bytes

    const PoDoFo::PdfObject* trailer = nullptr;
    PoDoFo::PdfObject* catalog = nullptr;
    PoDoFo::PdfObject* info = nullptr;
    PoDoFo::PdfObject* form = nullptr;  // /AcroForm
    std::vector<Page> pages;
    std::string page_tree_problem;       // a cycle, a node that is no dictionary, …
    std::map<Ref, FormNode> form_nodes;  // every node reached from /AcroForm /Fields
    std::vector<Ref> fields;             // /AcroForm /Fields as references, in order
    std::string form_problem;
    // Objects other rules compare (pages, annotations, form nodes, signature
    // dictionaries): elsewhere, a reference to one must stay the same.
    std::set<Ref> boundary;

    PoDoFo::PdfVecObjects& objects() const { return doc->GetObjects(); }
    PoDoFo::PdfObject* resolve(const PoDoFo::PdfObject* value) const;
    // The signature dictionary in a terminal field's /V, nullptr when unsigned.
    PoDoFo::PdfObject* signature_of(const FormNode& field) const;
    // The terminal field a node belongs to (itself, or its widget's field).
    const FormNode* field_of(const Ref& widget) const;
    std::string page_name(const Ref& page) const;  // "page 2", or "object 12 0 R" when no page
};

// Reads what `doc` shows into a snapshot (nothing is thrown for a malformed
// structure: the problems are recorded).
void read_snapshot(Snapshot& snapshot);

// A signature or document timestamp dictionary: /Type /Sig or /DocTimeStamp,
// or /ByteRange with /Contents.
bool is_signature_dictionary(PoDoFo::PdfVecObjects& objects, const PoDoFo::PdfObject* object);
bool is_document_timestamp_dictionary(PoDoFo::PdfVecObjects& objects, const PoDoFo::PdfObject* object);

}  // namespace protokoll::sign::detail
