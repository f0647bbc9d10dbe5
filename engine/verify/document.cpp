// What the document as a whole claims and holds, for verify: the PDF/A
// claim of its XMP and its validation data (/DSS).
#include "checks.h"

#include "pdfsig/fields.h"

#include <algorithm>

namespace protokoll::sign::verifying {

using namespace PoDoFo;

namespace {

// The PDF/A claim of the XMP in /Metadata: pdfaid:part and pdfaid:conformance,
// written as attributes or as elements.
std::string xmp_value(const std::string& xmp, const std::string& name) {
    size_t at = xmp.find(name);
    while (at != std::string::npos) {
        size_t i = at + name.size();
        while (i < xmp.size() && (xmp[i] == ' ' || xmp[i] == '\n' || xmp[i] == '\r' || xmp[i] == '\t')) ++i;
        if (i < xmp.size() && (xmp[i] == '=' || xmp[i] == '>')) {
            const bool attribute = xmp[i] == '=';
            ++i;
            while (attribute && i < xmp.size() && xmp[i] == ' ') ++i;
            if (attribute && i < xmp.size() && (xmp[i] == '"' || xmp[i] == '\'')) {
                size_t close = xmp.find(xmp[i], i + 1);
                if (close != std::string::npos) return xmp.substr(i + 1, close - i - 1);
            } else if (!attribute) {
                size_t close = xmp.find('<', i);
                if (close != std::string::npos) return xmp.substr(i, close - i);
            }
        }
        at = xmp.find(name, at + 1);
    }
    return {};
}

// The streams' data of an array of stream references (/Certs, /OCSP, …).
std::vector<std::string> stream_data(PdfVecObjects& objects, const PdfObject* array) {
    std::vector<std::string> out;
    const PdfObject* value = detail::resolve(objects, const_cast<PdfObject*>(array));
    if (!value || !value->IsArray()) return out;
    for (const PdfObject& item : value->GetArray()) {
        PdfObject* stream = detail::resolve(objects, const_cast<PdfObject*>(&item));
        if (!stream || !stream->HasStream()) continue;
        try {
            char* buffer = nullptr;
            pdf_long length = 0;
            stream->GetStream()->GetFilteredCopy(&buffer, &length);
            if (buffer) out.emplace_back(buffer, static_cast<size_t>(length));
            podofo_free(buffer);
        } catch (const PdfError&) {
            // An undecodable stream is no evidence.
        }
    }
    return out;
}

}  // namespace

void read_pdfa_claim(VerifyReport& report, PdfMemDocument& doc) {
    try {
        PdfObject* catalog = doc.GetCatalog();
        if (!catalog || !catalog->IsDictionary()) return;
        report.dss = catalog->GetDictionary().HasKey("DSS");
        PdfObject* metadata = detail::resolve(doc.GetObjects(), catalog->GetDictionary().GetKey("Metadata"));
        if (!metadata || !metadata->HasStream()) return;
        char* buffer = nullptr;
        pdf_long length = 0;
        metadata->GetStream()->GetFilteredCopy(&buffer, &length);
        std::string xmp = buffer ? std::string(buffer, static_cast<size_t>(length)) : std::string();
        podofo_free(buffer);
        report.pdfa_part = xmp_value(xmp, "pdfaid:part");
        report.pdfa_conformance = xmp_value(xmp, "pdfaid:conformance");
        report.pdfua_part = xmp_value(xmp, "pdfuaid:part");
        report.xmp = std::move(xmp);
    } catch (const PdfError&) {
        // No readable claim: reported as none.
    }
}

Dss read_dss(PdfMemDocument& doc) {
    Dss out;
    try {
        PdfVecObjects& objects = doc.GetObjects();
        PdfObject* catalog = doc.GetCatalog();
        PdfObject* dss = catalog && catalog->IsDictionary() ? detail::resolve(objects, catalog->GetDictionary().GetKey("DSS")) : nullptr;
        if (!dss || !dss->IsDictionary()) return out;
        const PdfDictionary& dict = dss->GetDictionary();
        out.global.certs = stream_data(objects, dict.GetKey("Certs"));
        out.global.ocsps = stream_data(objects, dict.GetKey("OCSPs"));
        out.global.crls = stream_data(objects, dict.GetKey("CRLs"));
        PdfObject* vri = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("VRI")));
        if (vri && vri->IsDictionary()) {
            for (const auto& [name, value] : vri->GetDictionary().GetKeys()) {
                PdfObject* entry = detail::resolve(objects, value);
                if (!entry || !entry->IsDictionary()) continue;
                std::string key = name.GetName();
                std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::toupper(c); });
                Dss::Entry& e = out.vri[key];
                e.certs = stream_data(objects, entry->GetDictionary().GetKey("Cert"));
                e.ocsps = stream_data(objects, entry->GetDictionary().GetKey("OCSP"));
                e.crls = stream_data(objects, entry->GetDictionary().GetKey("CRL"));
            }
        }
    } catch (const PdfError&) {
        // A damaged /DSS gives what could be read.
    }
    return out;
}

}  // namespace protokoll::sign::verifying
