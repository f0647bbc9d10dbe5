#include "podofo_support.h"

#include "base/compress.h"
#include "base/diagnostic.h"

namespace protokoll::finish {

using namespace PoDoFo;

void fail_internal(const std::string& message)
{
    throw Error(ErrorCode::Internal, SourceLocation{}, "finish: " + message);
}

PdfString text_string(const std::string& utf8)
{
    for (unsigned char c : utf8)
        if (c >= 0x80)
            return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));
    return PdfString(utf8);
}

PdfArray rect_array(const typeset::Rect& r)
{
    PdfArray a;
    a.push_back(PdfVariant(r.x0));
    a.push_back(PdfVariant(r.y0));
    a.push_back(PdfVariant(r.x1));
    a.push_back(PdfVariant(r.y1));
    return a;
}

std::string filtered_copy(const PdfObject& object)
{
    const PdfStream* stream = object.GetStream();
    char* buf = nullptr;
    pdf_long len = 0;
    stream->GetFilteredCopy(&buf, &len);
    std::string out(buf ? buf : "", buf ? static_cast<size_t>(len) : 0);
    podofo_free(buf);
    return out;
}

std::vector<PdfObject*> page_objects(PdfMemDocument& doc)
{
    std::vector<PdfObject*> pages;
    PdfObject* root = doc.GetCatalog()->GetIndirectKey("Pages");
    if (!root || !root->IsDictionary())
        fail_internal("the PDF has no page tree");
    // write's own output: libharu writes one /Pages node (or a few); the
    // depth bound only keeps a broken tree from recursing without end.
    struct Walk {
        PdfMemDocument& doc;
        std::vector<PdfObject*>& pages;
        void node(PdfObject& pages_node, int depth)
        {
            if (depth > 64)
                fail_internal("the page tree is deeper than 64");
            PdfObject* kids = pages_node.GetIndirectKey("Kids");
            if (!kids || !kids->IsArray())
                fail_internal("a /Pages node without /Kids");
            for (const PdfObject& kid : kids->GetArray()) {
                PdfObject* object = kid.IsReference() ? doc.GetObjects().GetObject(kid.GetReference()) : nullptr;
                if (!object || !object->IsDictionary())
                    fail_internal("a page tree entry that is not a dictionary");
                const PdfObject* type = object->GetDictionary().GetKey("Type");
                if (type && type->IsName() && type->GetName() == PdfName("Pages"))
                    node(*object, depth + 1);
                else
                    pages.push_back(object);
            }
        }
    };
    Walk{doc, pages}.node(*root, 0);
    return pages;
}

void set_deflated(PdfObject& object, std::string_view bytes)
{
    const std::string packed = deflate_zlib(bytes);
    PdfMemoryInputStream input(packed.data(), static_cast<pdf_long>(packed.size()));
    object.GetStream()->SetRawData(&input, static_cast<pdf_long>(packed.size()));
    object.GetDictionary().RemoveKey("DecodeParms");
    object.GetDictionary().AddKey(PdfName::KeyFilter, PdfName("FlateDecode"));
}

}  // namespace protokoll::finish
