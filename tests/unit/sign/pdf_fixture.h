// Test PDFs for the sign and verify tests, made with PoDoFo directly so that
// these tests do not depend on the render path.
#pragma once

#include "base/files.h"
#include "pdfsig/fields.h"

#include <catch2/catch.hpp>
#include <podofo/podofo.h>

#include <functional>
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

// Loads `in` for an update, lets `change` edit it, writes input + update to `out`:
// the way an attacker (or a careless tool) would append to a signed file.
inline void append_update(const std::string& in, const std::string& out,
                          const std::function<void(PoDoFo::PdfMemDocument&)>& change) {
    using namespace PoDoFo;
    const std::string bytes = read_file(in);
    PdfError::EnableDebug(false);  // PoDoFo would print every trailer it reads
    PdfError::EnableLogging(false);
    PdfMemDocument doc;
    // As sign does: PoDoFo's Load would stamp /Info /ModDate, a change of its own.
    protokoll::sign::detail::load_keeping_mod_date(doc, bytes, true);
    change(doc);
    doc.SetWriteMode(ePdfWriteMode_Clean);
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.WriteUpdate(&device, true);
    const std::string written(buffer.GetBuffer(), device.GetLength());
    REQUIRE(written.compare(0, bytes.size(), bytes) == 0);  // a true incremental update
    write_file_atomically(out, written);
}

}  // namespace protokoll::sign::testing
