// The structure tree of a tagged PDF (ISO 32000-1 § 14.7–14.8, PDF/UA-1
// ISO 14289-1 § 7), built from the document's structure and write's MCIDs.
//
// Only elements that hold content (marked content, an annotation, or an
// element that does) are written: a list marker's Lbl of an item that
// starts with a nested list has nothing to say. An element's kids are in
// the order its content was drawn, which is reading order: typeset lays
// out the flow in order and write numbers the MCIDs of a page in the order
// it draws them (images, then text), so a Link comes between the words
// around it and a paragraph that continues on the next page is one P.
#include "structure.h"

#include "podofo_support.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace protokoll::finish {
namespace {

using namespace PoDoFo;

// Pairs per /Nums array of the ParentTree: a node of 512 pairs keeps every
// array far below PDF/A-1's 8 191 entries, whatever the number of pages.
constexpr size_t NUMS_PER_NODE = 512;

class TreeBuilder {
public:
    TreeBuilder(PdfMemDocument& doc, const document::Structure& structure)
        : m_doc(doc), m_structure(structure), m_objects(structure.elements.size(), nullptr),
          m_kids(structure.elements.size()), m_first_page(structure.elements.size(), nullptr)
    {
        m_root = m_doc.GetObjects().CreateObject("StructTreeRoot");
    }

    bool valid(int element) const
    {
        return element >= 0 && static_cast<size_t>(element) < m_structure.elements.size();
    }

    // The element's object, made (and hung under its parent's) on first use.
    PdfObject* attach(int element, PdfObject* page)
    {
        if (m_objects[element]) return m_objects[element];
        // Parents have smaller indices (resolve adds them first); a parent
        // that is not, or is missing, makes the element a child of the root.
        const int parent = m_structure.elements[element].parent;
        PdfObject* object = m_doc.GetObjects().CreateObject("StructElem");
        m_objects[element] = object;
        m_first_page[element] = page;
        if (parent >= 0 && parent < element && valid(parent)) {
            attach(parent, page);
            m_kids[parent].push_back(object->Reference());
        } else {
            m_top.push_back(object->Reference());
        }
        return object;
    }

    // Marked content `mcid` of `page` belongs to `element`.
    PdfObject* add_content(int element, PdfObject* page, int mcid)
    {
        PdfObject* object = attach(element, page);
        if (m_first_page[element] == page) {
            m_kids[element].push_back(integer(mcid));
        } else {
            PdfDictionary reference;
            reference.AddKey("Type", PdfName("MCR"));
            reference.AddKey("Pg", page->Reference());
            reference.AddKey("MCID", integer(mcid));
            m_kids[element].push_back(reference);
        }
        return object;
    }

    // The annotation `annotation` of `page` belongs to `element`.
    PdfObject* add_annotation(int element, PdfObject* page, const PdfReference& annotation)
    {
        PdfObject* object = attach(element, page);
        PdfDictionary reference;
        reference.AddKey("Type", PdfName("OBJR"));
        reference.AddKey("Pg", page->Reference());
        reference.AddKey("Obj", annotation);
        m_kids[element].push_back(reference);
        return object;
    }

    void add_parent_entry(long key, const PdfObject& value) { m_parent_tree.emplace_back(key, value); }

    void finish(long next_key)
    {
        for (size_t i = 0; i < m_objects.size(); ++i) {
            PdfObject* object = m_objects[i];
            if (!object) continue;
            const document::Element& element = m_structure.elements[i];
            PdfDictionary& d = object->GetDictionary();
            d.AddKey("S", PdfName(document::role_name(element.role)));
            const int parent = element.parent;
            d.AddKey("P", parent >= 0 && parent < static_cast<int>(i) && m_objects[parent]
                              ? m_objects[parent]->Reference()
                              : m_root->Reference());
            if (m_first_page[i]) d.AddKey("Pg", m_first_page[i]->Reference());
            PdfArray kids;
            for (const PdfObject& kid : m_kids[i]) kids.push_back(kid);
            d.AddKey("K", kids);
            if (element.role == document::Role::Figure && !element.alt.empty())
                d.AddKey("Alt", text_string(element.alt));
            if (!element.lang.empty()) d.AddKey("Lang", PdfString(element.lang));
        }
        PdfDictionary& root = m_root->GetDictionary();
        PdfArray top;
        for (const PdfReference& kid : m_top) top.push_back(kid);
        root.AddKey("K", top);
        root.AddKey("ParentTree", parent_tree());
        root.AddKey("ParentTreeNextKey", integer(next_key));
        PdfDictionary& catalog = m_doc.GetCatalog()->GetDictionary();
        catalog.AddKey("StructTreeRoot", m_root->Reference());
        PdfDictionary mark_info;
        mark_info.AddKey("Marked", PdfVariant(true));
        catalog.AddKey("MarkInfo", mark_info);
    }

private:
    // A number tree (ISO 32000-1 § 7.9.7): one node while it is small,
    // otherwise a root whose kids hold NUMS_PER_NODE pairs each.
    PdfObject* parent_tree()
    {
        PdfObject* tree = m_doc.GetObjects().CreateObject();
        auto nums = [&](size_t from, size_t to) {
            PdfArray out;
            for (size_t k = from; k < to; ++k) {
                out.push_back(integer(m_parent_tree[k].first));
                out.push_back(m_parent_tree[k].second);
            }
            return out;
        };
        if (m_parent_tree.size() <= NUMS_PER_NODE) {
            tree->GetDictionary().AddKey("Nums", nums(0, m_parent_tree.size()));
            return tree;
        }
        PdfArray kids;
        for (size_t from = 0; from < m_parent_tree.size(); from += NUMS_PER_NODE) {
            const size_t to = std::min(from + NUMS_PER_NODE, m_parent_tree.size());
            PdfObject* node = m_doc.GetObjects().CreateObject();
            node->GetDictionary().AddKey("Nums", nums(from, to));
            PdfArray limits;
            limits.push_back(integer(m_parent_tree[from].first));
            limits.push_back(integer(m_parent_tree[to - 1].first));
            node->GetDictionary().AddKey("Limits", limits);
            kids.push_back(node->Reference());
        }
        tree->GetDictionary().AddKey("Kids", kids);
        return tree;
    }

    PdfMemDocument& m_doc;
    const document::Structure& m_structure;
    PdfObject* m_root = nullptr;
    std::vector<PdfObject*> m_objects;            // by element; null until it holds content
    std::vector<std::vector<PdfObject>> m_kids;   // by element
    std::vector<PdfObject*> m_first_page;         // by element: the page of its first content
    std::vector<PdfReference> m_top;              // the root's kids (the Document)
    std::vector<std::pair<long, PdfObject>> m_parent_tree;  // ascending keys
};

}  // namespace

void add_structure_tree(PdfMemDocument& doc, const std::vector<PdfObject*>& page_objects,
                        const typeset::Pages& pages, const typeset::MarkedContent& marked,
                        const Annotations& annotations)
{
    if (marked.pages.size() != page_objects.size())
        fail_internal("write marked content on " + std::to_string(marked.pages.size()) + " pages, the PDF has " +
                      std::to_string(page_objects.size()));
    TreeBuilder tree(doc, pages.structure);
    // Keys 0 … pages-1: each page's marked content; then one per annotation.
    long next_key = static_cast<long>(page_objects.size());
    std::vector<std::pair<long, PdfObject>> annotation_entries;
    for (size_t p = 0; p < page_objects.size(); ++p) {
        PdfObject* page = page_objects[p];
        PdfArray by_mcid;
        const std::vector<int>& mcids = marked.pages[p];
        for (size_t mcid = 0; mcid < mcids.size(); ++mcid) {
            if (!tree.valid(mcids[mcid])) fail_internal("write marked content of an element the document lacks");
            by_mcid.push_back(tree.add_content(mcids[mcid], page, static_cast<int>(mcid))->Reference());
        }
        page->GetDictionary().AddKey("StructParents", integer(static_cast<long>(p)));
        tree.add_parent_entry(static_cast<long>(p), by_mcid);
        const auto& tagged = p < annotations.pages.size() ? annotations.pages[p]
                                                          : std::vector<std::pair<int, PdfReference>>{};
        for (const auto& [element, reference] : tagged) {
            PdfObject* annotation = doc.GetObjects().GetObject(reference);
            if (!annotation || !tree.valid(element)) fail_internal("an annotation of an element the document lacks");
            PdfObject* parent = tree.add_annotation(element, page, reference);
            annotation->GetDictionary().AddKey("StructParent", integer(next_key));
            annotation_entries.emplace_back(next_key, parent->Reference());
            ++next_key;
        }
        // PDF/UA-1 § 7.18.3: annotations in the order of the structure.
        if (page->GetDictionary().HasKey("Annots")) page->GetDictionary().AddKey("Tabs", PdfName("S"));
    }
    for (const auto& [key, value] : annotation_entries) tree.add_parent_entry(key, value);
    tree.finish(next_key);
}

}  // namespace protokoll::finish
