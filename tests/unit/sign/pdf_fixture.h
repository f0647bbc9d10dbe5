// Test PDFs for the sign and verify tests, made with PoDoFo directly so that
// these tests do not depend on the render path.
#pragma once

#include <podofo/podofo.h>

#include <string>

namespace protokoll::sign::testing {

// A PDF text string: PDFDocEncoding for ASCII, UTF-16BE otherwise.
inline PoDoFo::PdfString pdf_text(const std::string& utf8) {
    for (unsigned char c : utf8)
        if (c >= 0x80) return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(utf8.c_str()));
    return PoDoFo::PdfString(utf8);
}

// An empty signature field as finish makes it: /FT /Sig merged with its widget,
// /F 4 (Print), /P, an /AP /N stream, in the page's /Annots and /AcroForm /Fields.
inline void add_signature_field(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfPage* page, const PoDoFo::PdfRect& rect,
                         const std::string& name) {
    using namespace PoDoFo;
    PdfAnnotation* widget = page->CreateAnnotation(ePdfAnnotation_Widget, rect);
    widget->SetFlags(ePdfAnnotationFlags_Print);
    PdfSignatureField field(widget, doc.GetAcroForm(), &doc, false);  // false: no /V yet
    field.SetFieldName(pdf_text(name));
    PdfXObject appearance(PdfRect(0, 0, rect.GetWidth(), rect.GetHeight()), &doc);
    PdfPainter painter;
    painter.SetPage(&appearance);
    painter.Rectangle(0.5, 0.5, rect.GetWidth() - 1, rect.GetHeight() - 1);
    painter.Stroke();
    painter.FinishPage();
    field.SetAppearanceStream(&appearance);
}

// One page of text with two empty signature fields, `first` signing first.
inline void make_two_field_pdf(const std::string& path, const std::string& first, const std::string& second) {
    using namespace PoDoFo;
    PdfMemDocument doc;
    PdfFont* font = doc.CreateFont("Helvetica");
    PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
    PdfPainter painter;
    painter.SetPage(page);
    painter.SetFont(font);
    painter.DrawText(56, 780, "Protokoll, kommunstyrelsen. Paragraf 1. Beslut om budget.");
    painter.FinishPage();
    add_signature_field(doc, page, PdfRect(56, 400, 200, 50), first);
    add_signature_field(doc, page, PdfRect(300, 400, 200, 50), second);
    doc.SetWriteMode(ePdfWriteMode_Clean);
    doc.Write(path.c_str());
}

}  // namespace protokoll::sign::testing
