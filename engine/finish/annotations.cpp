#include "annotations.h"

#include "podofo_support.h"

#include "base/signing_keys.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

namespace protokoll::finish {
namespace {

using namespace PoDoFo;

PdfArray& page_annots(PdfMemDocument& doc, PdfObject& page)
{
    PdfDictionary& d = page.GetDictionary();
    if (!d.HasKey("Annots"))
        d.AddKey("Annots", PdfArray());
    PdfObject* annots = d.GetKey("Annots");
    if (annots->IsReference())
        annots = doc.GetObjects().GetObject(annots->GetReference());
    if (!annots || !annots->IsArray())
        fail_internal("page /Annots is not an array");
    return annots->GetArray();
}

// The empty field's appearance: a light grey hairline frame, so the box is
// visible on screen and on paper until sign replaces the appearance.
PdfObject* field_appearance(PdfMemDocument& doc, double width, double height)
{
    PdfObject* form = doc.GetObjects().CreateObject("XObject");
    PdfDictionary& d = form->GetDictionary();
    d.AddKey("Subtype", PdfName("Form"));
    PdfArray bbox;
    bbox.push_back(PdfVariant(0.0));
    bbox.push_back(PdfVariant(0.0));
    bbox.push_back(PdfVariant(width));
    bbox.push_back(PdfVariant(height));
    d.AddKey("BBox", bbox);
    d.AddKey("Resources", PdfDictionary());
    char content[128];
    std::snprintf(content, sizeof content, "q 0.5 w 0.6 0.6 0.6 RG 0.25 0.25 %.2f %.2f re S Q\n",
                  width > 0.5 ? width - 0.5 : 0.0, height > 0.5 ? height - 0.5 : 0.0);
    set_deflated(*form, content);
    return form;
}

}  // namespace

Annotations add_annotations(PdfMemDocument& doc, const std::vector<PdfObject*>& page_objects,
                            const typeset::Pages& pages)
{
    Annotations tagged;
    tagged.pages.resize(page_objects.size());
    const std::vector<document::Element>& elements = pages.structure.elements;
    auto in_structure = [&](int element) { return element >= 0 && static_cast<size_t>(element) < elements.size(); };
    // /AcroForm /Fields in signing order: that order is what `sign` enforces.
    std::vector<std::pair<int, PdfReference>> fields_in_order;
    for (size_t i = 0; i < pages.pages.size() && i < page_objects.size(); ++i) {
        const typeset::Page& in = pages.pages[i];
        if (in.links.empty() && in.fields.empty())
            continue;
        PdfObject* page = page_objects[i];
        PdfArray& annots = page_annots(doc, *page);
        for (const typeset::LinkArea& link : in.links) {
            PdfObject* annot = doc.GetObjects().CreateObject("Annot");
            PdfDictionary& d = annot->GetDictionary();
            d.AddKey("Subtype", PdfName("Link"));
            d.AddKey("Rect", rect_array(link.area));
            d.AddKey("F", integer(4));  // Print: PDF/A forbids hidden annotations
            PdfArray border;
            for (int k = 0; k < 3; ++k)
                border.push_back(integer(0));
            d.AddKey("Border", border);
            d.AddKey("P", page->Reference());
            PdfDictionary action;
            action.AddKey("S", PdfName("URI"));
            action.AddKey("URI", PdfString(link.uri));  // URIs are 7-bit ASCII by definition
            d.AddKey("A", action);
            // PDF/UA-1 § 7.18.5: a link's alternate description.
            d.AddKey("Contents", text_string(link.uri));
            annots.push_back(annot->Reference());
            if (in_structure(link.element)) tagged.pages[i].emplace_back(link.element, annot->Reference());
        }
        for (const typeset::FieldArea& field : in.fields) {
            // Field and widget merged into one dictionary: sign finds it by /T.
            PdfObject* widget = doc.GetObjects().CreateObject("Annot");
            PdfDictionary& d = widget->GetDictionary();
            d.AddKey("Subtype", PdfName("Widget"));
            d.AddKey("FT", PdfName("Sig"));
            d.AddKey("T", text_string(field.name));
            // PDF/UA-1 § 7.18.1: what the field is, for a screen reader.
            if (in_structure(field.element) && !elements[field.element].alt.empty())
                d.AddKey("TU", text_string(elements[field.element].alt));
            if (!field.signed_words.empty()) d.AddKey(signing_keys::SIGNED_BY, text_string(field.signed_words));
            d.AddKey("Rect", rect_array(field.area));
            d.AddKey("F", integer(4));
            d.AddKey("P", page->Reference());
            PdfDictionary ap;
            ap.AddKey("N", field_appearance(doc, field.area.x1 - field.area.x0,
                                            field.area.y1 - field.area.y0)->Reference());
            d.AddKey("AP", ap);
            annots.push_back(widget->Reference());
            if (in_structure(field.element)) tagged.pages[i].emplace_back(field.element, widget->Reference());
            fields_in_order.emplace_back(field.signing_order, widget->Reference());
        }
    }
    std::stable_sort(fields_in_order.begin(), fields_in_order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    PdfArray fields;
    for (const auto& field : fields_in_order)
        fields.push_back(field.second);
    if (!fields.empty()) {
        PdfDictionary acroform;
        acroform.AddKey("Fields", fields);
        // SignaturesExist only: AppendOnly (bit 2) belongs to a signed document.
        acroform.AddKey("SigFlags", integer(1));
        const document::Signing& signing = pages.signing;
        acroform.AddKey(signing_keys::TIME_ZONE, PdfString(signing.time_zone));  // ASCII by is_time_zone_name
        if (!signing.certificate_words.empty())
            acroform.AddKey(signing_keys::CERTIFICATE, text_string(signing.certificate_words));
        if (!signing.document_timestamp.empty())
            acroform.AddKey(signing_keys::DOCUMENT_TIMESTAMP, text_string(signing.document_timestamp));
        doc.GetCatalog()->GetDictionary().AddKey("AcroForm", acroform);
    }
    return tagged;
}

}  // namespace protokoll::finish
