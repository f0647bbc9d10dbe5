// What later revisions changed: each object of the newest revision compared
// with the signed one, and the difference explained by the rules of signing.
#include "changes.h"

#include "fields.h"

#include <algorithm>
#include <map>
#include <set>

namespace protokoll::sign::detail {

using namespace PoDoFo;

namespace {

// ---- What later revisions changed ------------------------------------------

using Ref = std::pair<unsigned long, unsigned long>;  // object and generation number

Ref key_of(const PdfReference& r) { return {r.ObjectNumber(), r.GenerationNumber()}; }

std::string ref_text(const Ref& r) { return std::to_string(r.first) + " " + std::to_string(r.second) + " R"; }

// An object's whole content: its value as PDF text and, for a stream, the raw
// (still encoded) stream bytes. Equal texts mean an unchanged object.
std::string fingerprint(const PdfObject* object) {
    std::string out;
    object->ToString(out);
    if (object->HasStream()) {
        char* buffer = nullptr;
        pdf_long length = 0;
        object->GetStream()->GetCopy(&buffer, &length);
        out += "\nstream\n";
        if (buffer) out.append(buffer, static_cast<size_t>(length));
        podofo_free(buffer);
    }
    return out;
}

std::string value_text(const PdfObject* object) {
    std::string out;
    if (object) object->ToString(out);
    return out;
}

std::string name_of(const PdfDictionary& dict, const char* key) {
    const PdfObject* value = dict.GetKey(key);
    return value && value->IsName() ? value->GetName().GetName() : std::string();
}

// "/Annot /Text" or "stream": what an archivist needs to see what was added.
std::string kind_of(const PdfObject* object) {
    if (!object->IsDictionary()) return object->HasStream() ? "stream" : object->GetDataTypeString();
    const PdfDictionary& dict = object->GetDictionary();
    std::string out;
    for (const char* key : {"Type", "Subtype"})
        if (std::string name = name_of(dict, key); !name.empty()) out += (out.empty() ? "/" : " /") + name;
    if (out.empty()) out = object->HasStream() ? "stream" : "dictionary";
    else if (object->HasStream()) out += " stream";
    return out;
}

bool is_signature_dictionary(const PdfObject* object) {
    if (!object || !object->IsDictionary()) return false;
    const PdfDictionary& dict = object->GetDictionary();
    const std::string type = name_of(dict, "Type");
    return type == "Sig" || type == "DocTimeStamp" || (dict.HasKey("ByteRange") && dict.HasKey("Contents"));
}

// A signature field, or a widget of one (its /FT inherited through /Parent).
bool is_signature_field(PdfVecObjects& objects, PdfObject* object) {
    for (int depth = 0; object && object->IsDictionary() && depth < 16; ++depth) {
        const PdfDictionary& dict = object->GetDictionary();
        if (dict.HasKey("FT")) {
            const PdfObject* ft = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("FT")));
            return ft && ft->IsName() && ft->GetName().GetName() == "Sig";
        }
        object = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("Parent")));
    }
    return false;
}

std::string field_name(PdfVecObjects& objects, PdfObject* object) {
    for (int depth = 0; object && object->IsDictionary() && depth < 16; ++depth) {
        const PdfObject* t = detail::resolve(objects, const_cast<PdfObject*>(object->GetDictionary().GetKey("T")));
        if (t && t->IsString()) return t->GetString().GetStringUtf8();
        object = detail::resolve(objects, const_cast<PdfObject*>(object->GetDictionary().GetKey("Parent")));
    }
    return "?";
}

// The references inside a value, not following /Parent or /P (which lead back
// up to the page tree) so that "reachable from an appearance" stays local.
void collect_references(const PdfObject& object, std::vector<Ref>& out, int depth = 0) {
    if (depth > 32) return;
    if (object.IsReference()) {
        out.push_back(key_of(object.GetReference()));
    } else if (object.IsArray()) {
        for (const auto& item : object.GetArray()) collect_references(item, out, depth + 1);
    } else if (object.IsDictionary()) {
        for (const auto& [name, value] : object.GetDictionary().GetKeys())
            if (value && name.GetName() != "Parent" && name.GetName() != "P") collect_references(*value, out, depth + 1);
    }
}

// One loaded revision: its objects by reference and each one's fingerprint.
struct Revision {
    std::map<Ref, PdfObject*> objects;
    std::map<Ref, std::string> prints;
    std::map<Ref, int> pages;  // page object -> page number (1-based)
    Ref catalog{0, 0};
    bool has_catalog = false;

    void index(PdfMemDocument& doc) {
        for (PdfObject* object : doc.GetObjects()) {
            if (!object) continue;
            if (object->IsDictionary()) {
                // Cross-reference and object streams are the file's plumbing, not its content.
                const std::string type = name_of(object->GetDictionary(), "Type");
                if (type == "XRef" || type == "ObjStm") continue;
            }
            const Ref ref = key_of(object->Reference());
            objects[ref] = object;
            try {
                prints[ref] = fingerprint(object);
            } catch (const PdfError&) {
                prints[ref] = "\x01unreadable";  // an unreadable object never equals a readable one
            }
        }
        if (const PdfObject* trailer = doc.GetTrailer(); trailer && trailer->IsDictionary())
            if (const PdfObject* root = trailer->GetDictionary().GetKey("Root"); root && root->IsReference()) {
                catalog = key_of(root->GetReference());
                has_catalog = true;
            }
        try {
            for (int i = 0; i < doc.GetPageCount(); ++i)
                if (PdfPage* page = doc.GetPage(i)) pages[key_of(page->GetObject()->Reference())] = i + 1;
        } catch (const PdfError&) {
            // A broken page tree: pages are then named by object number.
        }
    }
};

class ChangeFinder {
public:
    ChangeFinder(PdfMemDocument& doc, const Revision& now, const Revision& then, ChangeReport& out)
        : m_doc(doc), m_now(now), m_then(then), m_out(out) {}

    void run() {
        std::vector<Ref> unexplained;  // changed or added objects no rule explains yet
        for (const auto& [ref, print] : m_now.prints) {
            auto old = m_then.prints.find(ref);
            if (old != m_then.prints.end() && old->second == print) continue;
            const bool added = old == m_then.prints.end();
            if (!classify(ref, added)) unexplained.push_back(ref);
        }
        for (const auto& [ref, print] : m_then.prints)
            if (!m_now.prints.count(ref)) disallow("object " + ref_text(ref) + " (" + kind_of(m_then.objects.at(ref)) + ") removed");
        // What is left is permitted only as part of a permitted change: the
        // objects an appearance, a signature or the DSS refers to.
        const std::set<Ref> reachable = reachable_from(m_roots), validation_data = reachable_from(m_dss_roots);
        // An object an appearance uses may also be used by a page (a font, an
        // image): changing it in place changes the page, which is not permitted.
        std::set<Ref> page_content;
        std::vector<Ref> from_pages;
        for (const auto& [page, number] : m_now.pages) {
            auto found = m_now.objects.find(page);
            if (found == m_now.objects.end() || !found->second->IsDictionary()) continue;
            for (const char* key : {"Contents", "Resources"})
                if (const PdfObject* value = found->second->GetDictionary().GetKey(key)) collect_references(*value, from_pages);
        }
        while (!from_pages.empty()) {
            const Ref ref = from_pages.back();
            from_pages.pop_back();
            if (!page_content.insert(ref).second) continue;
            auto found = m_now.objects.find(ref);
            if (found != m_now.objects.end()) collect_references(*found->second, from_pages);
        }
        for (const Ref& ref : unexplained) {
            PdfObject* object = m_now.objects.at(ref);
            const bool added = !m_then.prints.count(ref);
            if ((reachable.count(ref) || validation_data.count(ref)) && !added && page_content.count(ref)) {
                disallow("object " + ref_text(ref) + " (" + kind_of(object) + ") changed: a page uses it too");
            } else if (validation_data.count(ref) && !reachable.count(ref)) {
                permit(std::string(added ? "object added" : "object changed") + " for validation data (" + kind_of(object) + ")");
            } else if (reachable.count(ref) || validation_data.count(ref)) {
                permit(std::string(added ? "object added" : "object changed") + " for a signature or its appearance (" +
                       kind_of(object) + ")");
            } else if (auto page = m_now.pages.find(ref); page != m_now.pages.end() && added) {
                disallow("page " + std::to_string(page->second) + " added (object " + ref_text(ref) + ")");
            } else if (m_now.pages.count(ref) || (object->IsDictionary() && name_of(object->GetDictionary(), "Type") == "Pages")) {
                disallow(where(ref) + " changed: the page tree (pages added, removed or reordered)");
            } else {
                disallow("object " + ref_text(ref) + " (" + kind_of(object) + ") " + (added ? "added" : "changed"));
            }
        }
    }

private:
    PdfMemDocument& m_doc;
    const Revision& m_now;
    const Revision& m_then;
    ChangeReport& m_out;
    std::set<Ref> m_roots;
    std::set<Ref> m_dss_roots;  // what the /DSS refers to

    // The objects `roots` lead to.
    std::set<Ref> reachable_from(const std::set<Ref>& roots) const {
        std::set<Ref> out;
        std::vector<Ref> todo(roots.begin(), roots.end());
        while (!todo.empty()) {
            const Ref ref = todo.back();
            todo.pop_back();
            if (!out.insert(ref).second) continue;
            auto found = m_now.objects.find(ref);
            if (found != m_now.objects.end()) collect_references(*found->second, todo);
        }
        return out;
    }

    void permit(const std::string& what) {
        if (std::find(m_out.permitted.begin(), m_out.permitted.end(), what) == m_out.permitted.end())
            m_out.permitted.push_back(what);
    }
    void disallow(const std::string& what) {
        if (std::find(m_out.disallowed.begin(), m_out.disallowed.end(), what) == m_out.disallowed.end())
            m_out.disallowed.push_back(what);
    }
    void root(const PdfObject* value) {
        if (!value) return;
        std::vector<Ref> refs;
        collect_references(*value, refs);
        m_roots.insert(refs.begin(), refs.end());
    }
    void root(const Ref& ref) { m_roots.insert(ref); }

    std::string where(const Ref& ref) const {
        if (auto page = m_now.pages.find(ref); page != m_now.pages.end()) return "page " + std::to_string(page->second);
        if (ref == m_now.catalog) return "the catalog";
        return "object " + ref_text(ref);
    }

    PdfObject* old_object(const Ref& ref) const {
        auto found = m_then.objects.find(ref);
        return found == m_then.objects.end() ? nullptr : found->second;
    }

    // The keys whose values differ between two dictionaries.
    static std::vector<std::string> changed_keys(const PdfDictionary& before, const PdfDictionary& after) {
        std::set<std::string> names;
        for (const auto& [name, value] : before.GetKeys()) names.insert(name.GetName());
        for (const auto& [name, value] : after.GetKeys()) names.insert(name.GetName());
        std::vector<std::string> out;
        for (const auto& name : names)
            if (value_text(before.GetKey(name)) != value_text(after.GetKey(name))) out.push_back(name);
        return out;
    }

    // An array value (direct or referenced) as the references it holds.
    std::vector<Ref> references_in(PdfMemDocument* doc, const PdfObject* value) const {
        std::vector<Ref> out;
        const PdfObject* array = value;
        if (value && value->IsReference()) {
            const auto& objects = doc ? m_now.objects : m_then.objects;
            auto found = objects.find(key_of(value->GetReference()));
            array = found == objects.end() ? nullptr : found->second;
        }
        if (array && array->IsArray())
            for (const auto& item : array->GetArray())
                out.push_back(item.IsReference() ? key_of(item.GetReference()) : Ref{0, 0});
        return out;
    }

    // An array that only grew at its end by signature fields/widgets: the
    // added references, or false when it changed otherwise.
    bool grew_by_signature_fields(const PdfObject* before, const PdfObject* after, std::vector<Ref>& added,
                                  std::vector<Ref>& others) const {
        std::vector<Ref> old_refs = references_in(nullptr, before), new_refs = references_in(&m_doc, after);
        if (new_refs.size() < old_refs.size() || !std::equal(old_refs.begin(), old_refs.end(), new_refs.begin()))
            return false;
        for (size_t i = old_refs.size(); i < new_refs.size(); ++i) {
            auto found = m_now.objects.find(new_refs[i]);
            if (found != m_now.objects.end() && is_signature_field(m_doc.GetObjects(), found->second))
                added.push_back(new_refs[i]);
            else
                others.push_back(new_refs[i]);
        }
        return true;
    }

    void check_acro_form(const PdfDictionary& before, const PdfDictionary& after) {
        for (const auto& name : changed_keys(before, after)) {
            if (name == "SigFlags") {
                permit("/AcroForm /SigFlags set");
            } else if (name == "DR") {
                permit("/AcroForm /DR (default resources) changed");
                root(after.GetKey("DR"));
            } else if (name == "Fields") {
                std::vector<Ref> added, others;
                if (grew_by_signature_fields(before.GetKey("Fields"), after.GetKey("Fields"), added, others) && others.empty()) {
                    for (const Ref& ref : added) root(ref);
                    permit("signature field added to /AcroForm /Fields");
                } else {
                    disallow("/AcroForm /Fields changed (form fields other than signature fields added or removed)");
                }
            } else {
                disallow("/AcroForm /" + name + " changed");
            }
        }
    }

    // True when the change of `ref` is explained (permitted or disallowed).
    bool classify(const Ref& ref, bool added) {
        PdfObject* object = m_now.objects.at(ref);
        PdfObject* before = added ? nullptr : old_object(ref);
        PdfVecObjects& objects = m_doc.GetObjects();
        if (is_signature_dictionary(object)) {
            if (added) {
                permit("signature dictionary added");
                root(object);
            } else {
                disallow("signature dictionary " + ref_text(ref) + " changed");
            }
            return true;
        }
        if (!object->IsDictionary()) return false;
        const PdfDictionary& dict = object->GetDictionary();
        if (m_now.has_catalog && ref == m_now.catalog) {
            if (!before || !before->IsDictionary()) {
                disallow("the catalog was replaced");
                return true;
            }
            for (const auto& name : changed_keys(before->GetDictionary(), dict)) {
                const PdfObject* old_value = before->GetDictionary().GetKey(name);
                const PdfObject* new_value = dict.GetKey(name);
                if (name == "AcroForm" && old_value && new_value && old_value->IsDictionary() && new_value->IsDictionary())
                    check_acro_form(old_value->GetDictionary(), new_value->GetDictionary());
                else if (name == "DSS") {
                    permit("validation data (/DSS) added or updated");
                    if (new_value) {
                        std::vector<Ref> refs;
                        collect_references(*new_value, refs);
                        m_dss_roots.insert(refs.begin(), refs.end());
                    }
                } else
                    disallow("the catalog's /" + name + " changed");
            }
            return true;
        }
        if (const PdfObject* form = m_now.has_catalog && m_now.objects.count(m_now.catalog)
                                        ? m_now.objects.at(m_now.catalog)->GetDictionary().GetKey("AcroForm")
                                        : nullptr;
            form && form->IsReference() && key_of(form->GetReference()) == ref) {
            if (before && before->IsDictionary()) check_acro_form(before->GetDictionary(), dict);
            else permit("/AcroForm added");
            return true;
        }
        if (is_signature_field(objects, object)) {
            const std::string label = "field \"" + field_name(objects, object) + "\"";
            if (added) {
                permit("signature field added");
                root(ref);
                return true;
            }
            for (const auto& name : changed_keys(before->GetDictionary(), dict)) {
                const PdfObject* old_value = before->GetDictionary().GetKey(name);
                if (name == "V" && (!old_value || old_value->IsNull())) {
                    permit(label + ": signed (/V)");
                    root(dict.GetKey("V"));
                } else if (name == "AP") {
                    permit(label + ": appearance (/AP) replaced");
                    root(dict.GetKey("AP"));
                } else if (name == "V") {
                    disallow(label + ": its signature (/V) was replaced");
                } else {
                    disallow(label + ": /" + name + " changed");
                }
            }
            return true;
        }
        if (!added && before && before->IsDictionary() && m_now.pages.count(ref)) {
            for (const auto& name : changed_keys(before->GetDictionary(), dict)) {
                std::vector<Ref> widgets, others;
                if (name == "Annots" &&
                    grew_by_signature_fields(before->GetDictionary().GetKey("Annots"), dict.GetKey("Annots"), widgets, others)) {
                    if (!widgets.empty()) permit(where(ref) + ": signature widget added");
                    for (const Ref& other : others) {
                        auto found = m_now.objects.find(other);
                        disallow(where(ref) + ": annotation added (" +
                                 (found == m_now.objects.end() ? std::string("direct object") : kind_of(found->second)) + ")");
                    }
                } else if (name == "Annots") {
                    disallow(where(ref) + ": /Annots changed (annotations removed or replaced)");
                } else {
                    disallow(where(ref) + ": /" + name + " changed");
                }
            }
            return true;
        }
        return false;
    }
};

// Compares the revision a signature covers (the file's first `end` bytes)
// with the whole file.
void check_changes(FieldReport& report, const std::string& bytes, size_t end, PdfMemDocument& doc,
                   const Revision& now) {
    for (size_t at = bytes.find("%%EOF", end); at != std::string::npos; at = bytes.find("%%EOF", at + 5))
        ++report.changes.later_revisions;
    if (report.changes.later_revisions == 0) {
        report.changes.checked = true;
        return;
    }
    try {
        PdfMemDocument signed_doc;
        detail::load_keeping_mod_date(signed_doc, bytes.substr(0, end), false);
        Revision then;
        then.index(signed_doc);
        ChangeFinder(doc, now, then, report.changes).run();
        report.changes.checked = true;
    } catch (const PdfError&) {
        report.changes.checked = false;
    } catch (const std::exception&) {
        report.changes.checked = false;  // e.g. a map lookup on a structure damage made inconsistent
    }
}

// The /P of the DocMDP transform of the signature `sig` names, when the
// catalog's /Perms /DocMDP is `sig`; 0 otherwise.
}  // namespace

ChangeReport judge_changes(const std::string& bytes, size_t signed_end, PdfMemDocument& doc, int docmdp) {
    ChangeReport report;
    Revision now;
    try {
        now.index(doc);
    } catch (const PdfError&) {
        // Left partly indexed: the comparison then reports what it cannot match.
    }
    FieldReport field;
    check_changes(field, bytes, signed_end, doc, now);
    report = field.changes;
    if (docmdp == 1 && report.later_revisions > 0) {
        // Certified with "no changes": even signing is not permitted.
        for (const auto& change : report.permitted)
            report.disallowed.push_back(change + " (DocMDP /P 1 permits no change)");
        report.permitted.clear();
        if (report.disallowed.empty()) report.disallowed.push_back("a later revision (DocMDP /P 1 permits no change)");
    }
    return report;
}

int docmdp_permissions(PdfMemDocument& doc, const PdfObject* v) {
    if (!v || !v->IsReference()) return 0;
    PdfVecObjects& objects = doc.GetObjects();
    PdfObject* catalog = doc.GetCatalog();
    if (!catalog || !catalog->IsDictionary()) return 0;
    PdfObject* perms = detail::resolve(objects, catalog->GetDictionary().GetKey("Perms"));
    if (!perms || !perms->IsDictionary()) return 0;
    const PdfObject* docmdp = perms->GetDictionary().GetKey("DocMDP");
    if (!docmdp || !docmdp->IsReference() || docmdp->GetReference() != v->GetReference()) return 0;
    PdfObject* sig = detail::resolve(objects, const_cast<PdfObject*>(v));
    PdfObject* refs = sig && sig->IsDictionary() ? detail::resolve(objects, sig->GetDictionary().GetKey("Reference")) : nullptr;
    for (size_t i = 0; refs && refs->IsArray() && i < refs->GetArray().size(); ++i) {
        PdfObject* ref = detail::resolve(objects, &refs->GetArray()[i]);
        if (!ref || !ref->IsDictionary() || name_of(ref->GetDictionary(), "TransformMethod") != "DocMDP") continue;
        PdfObject* params = detail::resolve(objects, ref->GetDictionary().GetKey("TransformParams"));
        const PdfObject* p = params && params->IsDictionary() ? params->GetDictionary().GetKey("P") : nullptr;
        return p && p->IsNumber() && p->GetNumber() >= 1 && p->GetNumber() <= 3 ? static_cast<int>(p->GetNumber()) : 2;
    }
    return 2;  // /Perms names it but says nothing more: the default, 2
}
}  // namespace protokoll::sign::detail
