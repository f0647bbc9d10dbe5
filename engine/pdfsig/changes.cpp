// The rules for what may change after a signature, over two snapshots of
// what the revisions show (snapshot.h) compared by meaning (compare.h).
#include "pdfsig/changes.h"

#include "pdfsig/fields.h"
#include "validation_data.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace protokoll::sign::detail {

using namespace PoDoFo;

namespace {

const std::set<std::string> page_keys_judged_apart = {"Parent", "Annots", "Resources", "MediaBox", "CropBox", "Rotate"};
const std::set<std::string> catalog_keys_judged_apart = {"Pages", "AcroForm", "DSS"};
const std::set<std::string> form_keys_judged_apart = {"Fields", "SigFlags", "DR"};
const std::set<std::string> node_keys_judged_apart = {"V", "AP", "Kids", "Parent"};

// A widget nobody sees: a /Rect without area, or /F Hidden (2) or NoView (32).
bool invisible(const Snapshot& s, const PdfObject* widget) {
    const PdfObject* flags = lookup(s.objects(), widget, "F");
    if (flags && flags->IsNumber() && (flags->GetNumber() & (2 | 32))) return true;
    const PdfObject* rect = lookup(s.objects(), widget, "Rect");
    if (!rect || !rect->IsArray() || rect->GetArray().size() != 4) return false;
    double v[4];
    for (int i = 0; i < 4; ++i) {
        const PdfObject* n = s.resolve(&rect->GetArray()[static_cast<size_t>(i)]);
        if (!n || !(n->IsNumber() || n->IsReal())) return false;
        v[i] = n->IsNumber() ? static_cast<double>(n->GetNumber()) : n->GetReal();
    }
    return std::fabs(v[2] - v[0]) < 1e-6 || std::fabs(v[3] - v[1]) < 1e-6;
}

std::string kind_of(const Snapshot& s, const PdfObject* object) {
    std::string out;
    for (const char* key : {"Type", "Subtype"})
        if (std::string name = name_value(s.objects(), object, key); !name.empty()) out += (out.empty() ? "/" : " /") + name;
    return out.empty() ? type_text(object) : out;
}

Ref ref_or_none(const PdfObject* value) { return value && value->IsReference() ? key_of(value->GetReference()) : Ref{0, 0}; }

// One update judged: `older` is the revision before it, `newer` the one it makes.
class Step {
public:
    Step(const Snapshot& older, const Snapshot& newer)
        : m_old(older), m_new(newer),
          m_compare(older.objects(), newer.objects(), older.boundary, newer.boundary) {}

    std::vector<Change> run() {
        trailer();
        catalog();
        form();
        pages();
        return std::move(m_changes);
    }

private:
    const Snapshot& m_old;
    const Snapshot& m_new;
    Comparer m_compare;
    std::vector<Change> m_changes;
    std::set<Ref> m_signed_now;       // terminal fields this update signs
    std::set<Ref> m_new_widgets_ok;   // widgets of new fields the rules permit

    void add(ChangeLevel level, const std::string& text) {
        for (const Change& c : m_changes)
            if (c.text == text) return;
        m_changes.push_back({level, text});
    }
    std::string field_label(const FormNode& node) const { return "field \"" + node.name + "\""; }

    void trailer() {
        if (auto d = m_compare.compare(m_old.info, m_new.info))
            add(ChangeLevel::Other, "the document information (/Info) changed: " + d->text());
        if (auto d = m_compare.compare(lookup(m_old.objects(), m_old.trailer, "Encrypt"),
                                       lookup(m_new.objects(), m_new.trailer, "Encrypt")))
            add(ChangeLevel::Other, "the encryption (/Encrypt) changed: " + d->text());
    }

    void catalog() {
        if (!m_new.catalog) return add(ChangeLevel::Other, "the catalog cannot be read");
        if (!m_old.catalog) return;
        std::set<std::string> keys;
        for (const PdfObject* c : {m_old.catalog, m_new.catalog})
            for (const auto& [name, value] : c->GetDictionary().GetKeys()) keys.insert(name.GetName());
        for (const std::string& key : keys) {
            if (catalog_keys_judged_apart.count(key)) continue;
            auto d = m_compare.compare(m_old.catalog->GetDictionary().GetKey(key), m_new.catalog->GetDictionary().GetKey(key));
            if (!d) continue;
            if (key == "Metadata")
                add(ChangeLevel::Other, "the XMP metadata (/Metadata) changed: " + d->text());
            else if (key == "Perms")
                add(ChangeLevel::Other, "the permissions (/Perms: certification) changed: " + d->text());
            else
                add(ChangeLevel::Other, "the catalog's /" + key + " changed: " + d->text());
        }
        const DssVerdict dss = judge_dss(m_compare, m_old, m_new);
        if (!dss.problem.empty()) add(ChangeLevel::Other, "validation data (/DSS): " + dss.problem);
        else if (!dss.summary.empty()) add(ChangeLevel::ValidationData, "validation data (/DSS) " + dss.summary);
    }

    // ---- the form --------------------------------------------------------

    void form() {
        if (!m_new.form_problem.empty() && m_new.form_problem != m_old.form_problem)
            add(ChangeLevel::Other, "the form (/AcroForm): " + m_new.form_problem);
        if (m_old.form && !m_new.form) return add(ChangeLevel::Other, "the form (/AcroForm) was removed");
        if (m_new.form) form_dictionary();
        for (size_t i = 0; i < m_old.fields.size(); ++i)
            if (i >= m_new.fields.size() || m_new.fields[i] != m_old.fields[i])
                return add(ChangeLevel::Other, "/AcroForm /Fields: fields removed or reordered");
        for (const auto& [ref, node] : m_old.form_nodes)
            if (node.terminal) existing_field_value(node);
        for (const auto& [ref, node] : m_old.form_nodes) existing_node(node);
        for (const auto& [ref, node] : m_new.form_nodes)
            if (!m_old.form_nodes.count(ref) && node.terminal) new_field(node);
    }

    void form_dictionary() {
        if (m_old.form) {
            if (auto d = m_compare.compare(m_old.form, m_new.form, form_keys_judged_apart))
                add(ChangeLevel::Other, "/AcroForm " + d->text());
        } else {
            for (const auto& [name, value] : m_new.form->GetDictionary().GetKeys())
                if (!form_keys_judged_apart.count(name.GetName()))
                    add(ChangeLevel::Other, "/AcroForm added with /" + name.GetName());
        }
        if (auto d = m_compare.compare(lookup(m_old.objects(), m_old.form, "SigFlags"),
                                       lookup(m_new.objects(), m_new.form, "SigFlags")))
            add(ChangeLevel::Signing, "/AcroForm /SigFlags: " + d->what);
        default_resources();
    }

    // /DR may gain resources (a font for a signature's appearance); what it
    // had stays as it was.
    void default_resources() {
        PdfObject* older = lookup(m_old.objects(), m_old.form, "DR");
        PdfObject* newer = lookup(m_new.objects(), m_new.form, "DR");
        if (!m_compare.compare(older, newer)) return;
        if (!newer || !newer->IsDictionary() || (older && !older->IsDictionary()))
            return add(ChangeLevel::Other, "/AcroForm /DR (default resources) replaced");
        for (const auto& [category, value] : newer->GetDictionary().GetKeys()) {
            PdfObject* before = older ? lookup(m_old.objects(), older, category.GetName().c_str()) : nullptr;
            PdfObject* after = m_new.resolve(value);
            if (!before) {
                add(ChangeLevel::Signing, "/AcroForm /DR: /" + category.GetName() + " added");
                continue;
            }
            if (!before->IsDictionary() || !after || !after->IsDictionary()) {
                if (m_compare.compare(before, after)) add(ChangeLevel::Other, "/AcroForm /DR /" + category.GetName() + " replaced");
                continue;
            }
            for (const auto& [name, item] : after->GetDictionary().GetKeys()) {
                const PdfObject* had = before->GetDictionary().GetKey(name);
                if (!had) add(ChangeLevel::Signing, "/AcroForm /DR /" + category.GetName() + ": /" + name.GetName() + " added");
                else if (auto d = m_compare.compare(had, item))
                    add(ChangeLevel::Other, "/AcroForm /DR /" + category.GetName() + " /" + name.GetName() + " changed: " + d->text());
            }
        }
        if (older)
            for (const auto& [category, value] : older->GetDictionary().GetKeys())
                if (!newer->GetDictionary().GetKey(category)) add(ChangeLevel::Other, "/AcroForm /DR /" + category.GetName() + " removed");
    }

    // A terminal field's /V: an empty signature field may be signed; a value
    // once there stays exactly as it was.
    void existing_field_value(const FormNode& node) {
        auto now = m_new.form_nodes.find(node.ref);
        if (now == m_new.form_nodes.end()) return;  // reported by existing_node
        const PdfObject* before = lookup(m_old.objects(), node.object, "V");
        const PdfObject* after = lookup(m_new.objects(), now->second.object, "V");
        const bool was_empty = !before || before->IsNull();
        if (was_empty && (!after || after->IsNull())) return;
        if (!was_empty) {
            if (auto d = m_compare.compare(node.object->GetDictionary().GetKey("V"), now->second.object->GetDictionary().GetKey("V")))
                add(ChangeLevel::Other, field_label(node) + ": its value (/V) changed: " + d->text());
            return;
        }
        const PdfObject* v = now->second.object->GetDictionary().GetKey("V");
        if (node.type != "Sig" || !is_signature_dictionary(m_new.objects(), after))
            return add(ChangeLevel::Other, field_label(node) + ": filled in with " + type_text(after) +
                                               " (only signature fields may be filled in, with a signature)");
        if (v && v->IsReference() && m_old.boundary.count(key_of(v->GetReference())))
            return add(ChangeLevel::Other, field_label(node) + ": signed with an object the earlier revision already used");
        m_signed_now.insert(node.ref);
        if (is_document_timestamp_dictionary(m_new.objects(), after))
            add(ChangeLevel::ValidationData, field_label(node) + ": document timestamp added");
        else
            add(ChangeLevel::Signing, field_label(node) + ": signed");
    }

    // Every other key of a field or widget stays; an appearance may change
    // only with the signature that this update puts into its field.
    void existing_node(const FormNode& node) {
        auto found = m_new.form_nodes.find(node.ref);
        if (found == m_new.form_nodes.end())
            return add(ChangeLevel::Other, field_label(node) + (node.terminal ? " was removed" : ": a widget was removed"));
        const FormNode& now = found->second;
        if (auto d = m_compare.compare(node.object, now.object, node_keys_judged_apart))
            add(ChangeLevel::Other, field_label(node) + ": " + d->text());
        if (node.kids != now.kids) add(ChangeLevel::Other, field_label(node) + ": /Kids changed (widgets or fields added or removed)");
        if (ref_or_none(node.object->GetDictionary().GetKey("Parent")) != ref_or_none(now.object->GetDictionary().GetKey("Parent")))
            add(ChangeLevel::Other, field_label(node) + ": /Parent changed");
        if (!node.widget && !now.widget) return;
        auto d = m_compare.compare(node.object->GetDictionary().GetKey("AP"), now.object->GetDictionary().GetKey("AP"));
        if (!d) return;
        if (m_signed_now.count(now.field))
            add(ChangeLevel::Signing, field_label(node) + ": appearance of its new signature (/AP)");
        else
            add(ChangeLevel::Other, field_label(node) + ": its appearance (/AP) was replaced although " +
                                        (m_old.field_of(node.ref) && m_old.signature_of(*m_old.field_of(node.ref))
                                             ? std::string("it was signed before")
                                             : std::string("this update does not sign it")) + ": " + d->text());
    }

    // A field the update adds: permitted only as the invisible holder of the
    // signature or document timestamp this update makes (seal's timestamp
    // field). Anything a reader would see is not.
    void new_field(const FormNode& node) {
        std::vector<const FormNode*> widgets;
        if (node.widget) widgets.push_back(&node);
        for (const Ref& kid : node.kids)
            if (auto w = m_new.form_nodes.find(kid); w != m_new.form_nodes.end() && w->second.widget) widgets.push_back(&w->second);
        std::string where;
        bool visible = false;
        for (const FormNode* w : widgets) {
            if (invisible(m_new, w->object)) continue;
            visible = true;
            const Ref page = ref_or_none(w->object->GetDictionary().GetKey("P"));
            where = page == Ref{0, 0} ? std::string(" (a visible widget)") : " (a visible widget on " + m_new.page_name(page) + ")";
        }
        const PdfObject* signature = m_new.signature_of(node);
        const std::string label = "a new " + std::string(node.type == "Sig" ? "signature field" : "form field") + " \"" + node.name + "\"";
        if (node.type != "Sig") return add(ChangeLevel::Other, label + " was added");
        if (!signature) return add(ChangeLevel::Other, label + ", unsigned," + " was added" + where);
        if (visible) return add(ChangeLevel::Other, label + " was added" + where + " (a signature belongs in an existing field)");
        for (const FormNode* w : widgets) m_new_widgets_ok.insert(w->ref);
        if (is_document_timestamp_dictionary(m_new.objects(), signature))
            add(ChangeLevel::ValidationData, "document timestamp added in the invisible field \"" + node.name + "\"");
        else
            add(ChangeLevel::Signing, "signature added in the invisible field \"" + node.name + "\"");
    }

    // ---- pages -----------------------------------------------------------

    void pages() {
        if (!m_new.page_tree_problem.empty())
            return add(ChangeLevel::Other, "the page tree: " + m_new.page_tree_problem);
        if (!m_old.page_tree_problem.empty()) return add(ChangeLevel::Other, "the page tree was repaired (" + m_old.page_tree_problem + ")");
        const size_t before = m_old.pages.size(), after = m_new.pages.size();
        for (size_t i = before; i < after; ++i)
            add(ChangeLevel::Other, "page " + std::to_string(i + 1) + " added (object " + ref_text(m_new.pages[i].ref) + ")");
        if (after < before)
            add(ChangeLevel::Other, "pages removed: the document has " + std::to_string(after) + " pages instead of " + std::to_string(before));
        for (size_t i = 0; i < std::min(before, after); ++i) page(i);
    }

    void page(size_t i) {
        const Page& was = m_old.pages[i];
        const Page& is = m_new.pages[i];
        const std::string label = "page " + std::to_string(i + 1);
        if (was.ref != is.ref) {
            add(ChangeLevel::Other, label + " is another page object now (" + ref_text(is.ref) + " instead of " + ref_text(was.ref) + ")");
            return;
        }
        if (auto d = m_compare.compare(was.object, is.object, page_keys_judged_apart)) add(ChangeLevel::Other, label + ": " + d->text());
        for (const char* key : {"Resources", "MediaBox", "CropBox", "Rotate"}) {
            auto a = was.inherited.find(key);
            auto b = is.inherited.find(key);
            if (auto d = m_compare.compare(a == was.inherited.end() ? nullptr : a->second, b == is.inherited.end() ? nullptr : b->second))
                add(ChangeLevel::Other, label + ": /" + std::string(key) + " " + d->text());
        }
        annotations(label, was, is);
    }

    void annotations(const std::string& label, const Page& was, const Page& is) {
        if (!is.annots_problem.empty()) return add(ChangeLevel::Other, label + ": " + is.annots_problem);
        std::vector<Ref> before, after;
        for (const PdfObject* a : was.annotations) before.push_back(ref_or_none(a));
        for (const PdfObject* a : is.annotations) after.push_back(ref_or_none(a));
        const std::set<Ref> in_before(before.begin(), before.end()), in_after(after.begin(), after.end());
        for (size_t i = 0; i < before.size(); ++i) {
            if (in_after.count(before[i])) continue;
            const PdfObject* annot = m_old.resolve(was.annotations[i]);
            if (m_old.form_nodes.count(before[i])) add(ChangeLevel::Other, label + ": the widget of a form field was removed from /Annots");
            else add(ChangeLevel::Annotation, label + ": annotation removed (" + kind_of(m_old, annot) + ")");
        }
        for (size_t i = 0; i < after.size(); ++i) {
            if (in_before.count(after[i]) && after[i] != Ref{0, 0}) continue;
            const PdfObject* annot = m_new.resolve(is.annotations[i]);
            if (m_new_widgets_ok.count(after[i]) || m_new.form_nodes.count(after[i])) continue;  // judged with its field
            if (name_value(m_new.objects(), annot, "Subtype") == "Widget")
                add(ChangeLevel::Other, label + ": a widget that belongs to no form field was added (" + kind_of(m_new, annot) + ")");
            else
                add(ChangeLevel::Annotation, label + ": annotation added (" + kind_of(m_new, annot) + ")");
        }
        std::vector<Ref> kept_before, kept_after;
        for (const Ref& r : before)
            if (in_after.count(r)) kept_before.push_back(r);
        for (const Ref& r : after)
            if (in_before.count(r)) kept_after.push_back(r);
        if (kept_before != kept_after) add(ChangeLevel::Annotation, label + ": annotations reordered");
        for (size_t i = 0; i < after.size(); ++i) {
            if (after[i] == Ref{0, 0} || !in_before.count(after[i]) || m_new.form_nodes.count(after[i])) continue;
            const PdfObject* older = m_old.objects().GetObject(PdfReference(after[i].first, static_cast<pdf_gennum>(after[i].second)));
            const PdfObject* newer = m_new.resolve(is.annotations[i]);
            if (auto d = m_compare.compare(older, newer))
                add(ChangeLevel::Annotation, label + ": annotation " + kind_of(m_new, newer) + " (object " + ref_text(after[i]) +
                                                 ") changed: " + d->text());
        }
    }
};

}  // namespace

std::vector<Change> compare_revisions(const Snapshot& older, const Snapshot& newer) { return Step(older, newer).run(); }

int docmdp_permissions(PdfMemDocument& doc, const PdfObject* v) {
    if (!v || !v->IsReference()) return 0;
    PdfVecObjects& objects = doc.GetObjects();
    PdfObject* catalog = doc.GetCatalog();
    PdfObject* perms = lookup(objects, catalog, "Perms");
    const PdfObject* docmdp = perms && perms->IsDictionary() ? perms->GetDictionary().GetKey("DocMDP") : nullptr;
    if (!docmdp || !docmdp->IsReference() || docmdp->GetReference() != v->GetReference()) return 0;
    PdfObject* refs = lookup(objects, objects.GetObject(v->GetReference()), "Reference");
    for (size_t i = 0; refs && refs->IsArray() && i < refs->GetArray().size(); ++i) {
        PdfObject* ref = resolve(objects, &refs->GetArray()[i]);
        if (name_value(objects, ref, "TransformMethod") != "DocMDP") continue;
        const PdfObject* p = lookup(objects, lookup(objects, ref, "TransformParams"), "P");
        return p && p->IsNumber() && p->GetNumber() >= 1 && p->GetNumber() <= 3 ? static_cast<int>(p->GetNumber()) : 2;
    }
    return 2;  // /Perms names it but says nothing more: the default, 2
}

std::vector<size_t> revision_ends(const std::string& bytes) {
    std::vector<size_t> out;
    for (size_t at = bytes.find("%%EOF"); at != std::string::npos; at = bytes.find("%%EOF", at + 5)) {
        // Backwards over white space, the offset's digits, white space: "startxref".
        size_t i = at;
        auto space_back = [&] { while (i > 0 && std::strchr(" \t\r\n\f", bytes[i - 1]) && bytes[i - 1]) --i; };
        space_back();
        const size_t digits_end = i;
        while (i > 0 && bytes[i - 1] >= '0' && bytes[i - 1] <= '9') --i;
        if (i == digits_end) continue;
        space_back();
        if (i < 9 || bytes.compare(i - 9, 9, "startxref") != 0) continue;
        out.push_back(at + 5);
    }
    return out;
}

History::History(const std::string& bytes, PdfMemDocument& whole) : m_bytes(bytes), m_whole(whole), m_ends(revision_ends(bytes)) {}

History::~History() = default;

void History::compute() {
    m_computed = true;
    m_steps.assign(m_ends.size(), {});
    m_readable.assign(m_ends.size(), false);
    std::unique_ptr<Snapshot> older;
    for (size_t j = 0; j < m_ends.size(); ++j) {
        auto s = std::make_unique<Snapshot>();
        s->number = static_cast<int>(j + 1);
        s->end = m_ends[j];
        try {
            if (j + 1 == m_ends.size()) {
                s->doc = &m_whole;
            } else {
                s->owned = std::make_unique<PdfMemDocument>();
                load_keeping_mod_date(*s->owned, m_bytes.substr(0, m_ends[j]), false);
                s->doc = s->owned.get();
            }
            read_snapshot(*s);
            m_readable[j] = true;
            if (older) m_steps[j] = compare_revisions(*older, *s);
            older = std::move(s);
        } catch (const PdfError& e) {
            m_steps[j] = {{ChangeLevel::Other, "it cannot be read as a PDF (" + describe(e) + ")"}};
        } catch (const std::exception& e) {
            m_steps[j] = {{ChangeLevel::Other, std::string("it cannot be compared (") + e.what() + ")"}};
        }
    }
}

namespace {

// What a signature permits after it: ISO 32000-2 12.8.2.2 (DocMDP), with
// PAdES's validation data and document timestamps permitted after all.
ChangeLevel permitted_up_to(int docmdp) {
    return docmdp == 1 ? ChangeLevel::ValidationData : docmdp == 3 ? ChangeLevel::Annotation : ChangeLevel::Signing;
}

std::string why_not(int docmdp, ChangeLevel level) {
    if (level == ChangeLevel::Other) return "";
    if (docmdp == 1) return " (the certification, DocMDP /P 1, permits no change but validation data)";
    if (docmdp == 2) return " (the certification, DocMDP /P 2, permits signing only)";
    return level == ChangeLevel::Annotation ? " (only a certification with DocMDP /P 3 permits annotations)" : "";
}

}  // namespace

ChangeReport History::judge(size_t signed_end, int docmdp) {
    if (!m_computed) compute();
    ChangeReport report;
    size_t k = m_ends.size();
    for (size_t j = 0; j < m_ends.size(); ++j)
        if (signed_end >= m_ends[j] && signed_end <= m_ends[j] + 2) k = j;
    if (k == m_ends.size() || !m_readable[k]) return report;  // checked stays false
    report.checked = true;
    report.later_revisions = static_cast<int>(m_ends.size() - 1 - k);
    const ChangeLevel limit = permitted_up_to(docmdp);
    ChangeLevel highest = ChangeLevel::None;
    for (size_t j = k + 1; j < m_ends.size(); ++j) {
        for (const Change& change : m_steps[j]) {
            const std::string line = "revision " + std::to_string(j + 1) + ": " + change.text;
            highest = std::max(highest, change.level);
            if (change.level <= limit) report.permitted.push_back(line);
            else report.disallowed.push_back(line + why_not(docmdp, change.level));
        }
    }
    report.level = highest;
    return report;
}

}  // namespace protokoll::sign::detail

namespace protokoll::sign {

std::string to_string(ChangeLevel level) {
    switch (level) {
    case ChangeLevel::None: return "none";
    case ChangeLevel::ValidationData: return "validation data";
    case ChangeLevel::Signing: return "signing";
    case ChangeLevel::Annotation: return "annotations";
    case ChangeLevel::Other: break;
    }
    return "other";
}

}  // namespace protokoll::sign
