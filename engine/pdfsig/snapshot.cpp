#include "pdfsig/snapshot.h"

#include <algorithm>

namespace protokoll::sign::detail {

using namespace PoDoFo;

namespace {

// Bounds of the walks: far beyond any real document, small enough that a
// hostile one costs nothing.
constexpr int max_tree_depth = 256;
constexpr size_t max_pages = 200'000;
constexpr size_t max_form_nodes = 200'000;

const char* const inheritable[] = {"Resources", "MediaBox", "CropBox", "Rotate"};

std::string text_of(const PdfObject* object) {
    if (!object || !(object->IsString() || object->IsHexString())) return {};
    return object->GetString().GetStringUtf8();
}

void read_pages(Snapshot& s) {
    PdfObject* root = s.catalog ? const_cast<PdfObject*>(s.catalog->GetDictionary().GetKey("Pages")) : nullptr;
    if (!root) {
        s.page_tree_problem = "the catalog has no /Pages";
        return;
    }
    struct Item {
        PdfObject* node;
        std::map<std::string, const PdfObject*> inherited;
        int depth;
    };
    std::vector<Item> todo{{root, {}, 0}};
    std::set<Ref> seen;
    while (!todo.empty()) {
        Item item = std::move(todo.back());
        todo.pop_back();
        Ref ref{0, 0};
        if (item.node && item.node->IsReference()) {
            ref = key_of(item.node->GetReference());
            if (!seen.insert(ref).second) {
                s.page_tree_problem = "the page tree has a cycle (object " + ref_text(ref) + " twice)";
                return;
            }
        }
        PdfObject* node = s.resolve(item.node);
        if (!node || !node->IsDictionary()) {
            s.page_tree_problem = "a node of the page tree is " + type_text(node) + ", not a dictionary";
            return;
        }
        if (item.depth > max_tree_depth || s.pages.size() > max_pages) {
            s.page_tree_problem = "the page tree is too deep or too large";
            return;
        }
        for (const char* key : inheritable)
            if (const PdfObject* value = node->GetDictionary().GetKey(key)) item.inherited[key] = value;
        PdfObject* kids = lookup(s.objects(), node, "Kids");
        const std::string type = name_value(s.objects(), node, "Type");
        if (type == "Pages" || (type != "Page" && kids)) {
            if (!kids || !kids->IsArray()) {
                s.page_tree_problem = "/Kids of a /Pages node is " + type_text(kids) + ", not an array";
                return;
            }
            const PdfArray& array = kids->GetArray();
            for (size_t i = array.size(); i-- > 0;)
                todo.push_back({const_cast<PdfObject*>(&array[i]), item.inherited, item.depth + 1});
            continue;
        }
        Page page;
        page.object = node;
        page.ref = ref;
        page.inherited = std::move(item.inherited);
        const PdfObject* annots = node->GetDictionary().GetKey("Annots");
        const PdfObject* resolved = s.resolve(annots);
        if (annots && !annots->IsNull()) {
            if (resolved && resolved->IsArray()) {
                for (const PdfObject& a : resolved->GetArray()) page.annotations.push_back(&a);
            } else {
                page.annots_problem = "/Annots is " + type_text(resolved) + ", not an array";
            }
        }
        s.pages.push_back(std::move(page));
    }
}

struct FormWalker {
    Snapshot& s;
    std::set<Ref> seen;

    void walk(const PdfObject* value, const std::string& parent_name, const std::string& parent_type, int depth) {
        if (!value || !value->IsReference()) {
            if (value && !value->IsNull() && s.form_problem.empty()) s.form_problem = "a form field is not an indirect object";
            return;
        }
        const Ref ref = key_of(value->GetReference());
        if (!seen.insert(ref).second || depth > max_tree_depth || s.form_nodes.size() > max_form_nodes) {
            if (s.form_problem.empty()) s.form_problem = "the field tree has a cycle or is too deep (object " + ref_text(ref) + ")";
            return;
        }
        PdfObject* node = s.resolve(value);
        if (!node || !node->IsDictionary()) {
            if (s.form_problem.empty()) s.form_problem = "form field " + ref_text(ref) + " is " + type_text(node);
            return;
        }
        FormNode& n = s.form_nodes[ref];
        n.object = node;
        n.ref = ref;
        const std::string partial = text_of(lookup(s.objects(), node, "T"));
        n.name = parent_name.empty() ? partial : partial.empty() ? parent_name : parent_name + "." + partial;
        const std::string ft = name_value(s.objects(), node, "FT");
        n.type = ft.empty() ? parent_type : ft;
        n.widget = name_value(s.objects(), node, "Subtype") == "Widget";
        bool child_fields = false;
        std::vector<const PdfObject*> widgets;
        if (const PdfObject* kids = lookup(s.objects(), node, "Kids"); kids && kids->IsArray()) {
            for (const PdfObject& kid : kids->GetArray()) {
                n.kids.push_back(kid.IsReference() ? key_of(kid.GetReference()) : Ref{0, 0});
                const PdfObject* k = s.resolve(&kid);
                if (k && k->IsDictionary() && k->GetDictionary().HasKey("T")) {
                    child_fields = true;
                    walk(&kid, n.name, n.type, depth + 1);
                } else {
                    widgets.push_back(&kid);
                }
            }
        }
        FormNode& self = n;  // std::map: the children walked above left it in place
        self.terminal = !child_fields;
        if (self.terminal) self.field = ref;
        if (!self.terminal) return;
        for (const PdfObject* w : widgets) {
            if (!w->IsReference()) continue;
            const Ref wref = key_of(w->GetReference());
            if (!seen.insert(wref).second) continue;
            PdfObject* widget = s.resolve(w);
            if (!widget || !widget->IsDictionary()) continue;
            FormNode& wn = s.form_nodes[wref];
            wn.object = widget;
            wn.ref = wref;
            wn.name = self.name;
            wn.type = self.type;
            wn.widget = true;
            wn.field = ref;
        }
    }
};

void read_form(Snapshot& s) {
    s.form = s.catalog ? lookup(s.objects(), s.catalog, "AcroForm") : nullptr;
    if (!s.form) return;
    if (!s.form->IsDictionary()) {
        s.form_problem = "/AcroForm is " + type_text(s.form);
        return;
    }
    const PdfObject* fields = lookup(s.objects(), s.form, "Fields");
    if (!fields) return;
    if (!fields->IsArray()) {
        s.form_problem = "/AcroForm /Fields is " + type_text(fields) + ", not an array";
        return;
    }
    FormWalker walker{s, {}};
    for (const PdfObject& field : fields->GetArray()) {
        s.fields.push_back(field.IsReference() ? key_of(field.GetReference()) : Ref{0, 0});
        walker.walk(&field, "", "", 0);
    }
}

}  // namespace

PdfObject* Snapshot::resolve(const PdfObject* value) const {
    return value && value->IsReference() ? objects().GetObject(value->GetReference()) : const_cast<PdfObject*>(value);
}

PdfObject* Snapshot::signature_of(const FormNode& field) const {
    PdfObject* v = lookup(objects(), field.object, "V");
    return is_signature_dictionary(objects(), v) ? v : nullptr;
}

const FormNode* Snapshot::field_of(const Ref& node) const {
    auto found = form_nodes.find(node);
    if (found == form_nodes.end()) return nullptr;
    auto field = form_nodes.find(found->second.field);
    return field == form_nodes.end() ? nullptr : &field->second;
}

std::string Snapshot::page_name(const Ref& page) const {
    for (size_t i = 0; i < pages.size(); ++i)
        if (pages[i].ref == page) return "page " + std::to_string(i + 1);
    return "object " + ref_text(page);
}

bool is_signature_dictionary(PdfVecObjects& objects, const PdfObject* object) {
    if (!object || !object->IsDictionary()) return false;
    const std::string type = name_value(objects, object, "Type");
    const PdfDictionary& dict = object->GetDictionary();
    return type == "Sig" || type == "DocTimeStamp" || (dict.HasKey("ByteRange") && dict.HasKey("Contents"));
}

bool is_document_timestamp_dictionary(PdfVecObjects& objects, const PdfObject* object) {
    return is_signature_dictionary(objects, object) &&
           (name_value(objects, object, "Type") == "DocTimeStamp" || name_value(objects, object, "SubFilter") == "ETSI.RFC3161");
}

void read_snapshot(Snapshot& s) {
    s.trailer = s.doc->GetTrailer();
    s.catalog = s.trailer ? lookup(s.objects(), s.trailer, "Root") : nullptr;
    if (s.catalog && !s.catalog->IsDictionary()) s.catalog = nullptr;
    s.info = s.trailer ? lookup(s.objects(), s.trailer, "Info") : nullptr;
    read_pages(s);
    read_form(s);
    for (const Page& page : s.pages) {
        if (page.ref != Ref{0, 0}) s.boundary.insert(page.ref);
        for (const PdfObject* annot : page.annotations)
            if (annot->IsReference()) s.boundary.insert(key_of(annot->GetReference()));
    }
    for (const auto& [ref, node] : s.form_nodes) {
        s.boundary.insert(ref);
        if (!node.terminal) continue;
        const PdfObject* v = node.object->GetDictionary().GetKey("V");
        if (v && v->IsReference() && is_signature_dictionary(s.objects(), s.resolve(v))) s.boundary.insert(key_of(v->GetReference()));
    }
}

}  // namespace protokoll::sign::detail
