// What the document as a whole claims and holds, for verify: the PDF/A
// claim of its XMP and its validation data (/DSS).
#include "checks.h"

#include "pdfsig/fields.h"

#include "base/files.h"

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

// One stream's decoded data (none when it cannot be decoded: an undecodable
// stream is no evidence).
std::vector<std::string> stream_data_of(PdfObject* stream) {
    std::vector<std::string> out;
    if (!stream || !stream->HasStream()) return out;
    try {
        char* buffer = nullptr;
        pdf_long length = 0;
        stream->GetStream()->GetFilteredCopy(&buffer, &length);
        if (buffer) out.emplace_back(buffer, static_cast<size_t>(length));
        podofo_free(buffer);
    } catch (const PdfError&) {
    }
    return out;
}

// The streams' data of an array of stream references (/Certs, /OCSP, …).
std::vector<std::string> stream_data(PdfVecObjects& objects, const PdfObject* array) {
    std::vector<std::string> out;
    const PdfObject* value = detail::resolve(objects, const_cast<PdfObject*>(array));
    if (!value || !value->IsArray()) return out;
    for (const PdfObject& item : value->GetArray())
        for (std::string& data : stream_data_of(detail::resolve(objects, const_cast<PdfObject*>(&item))))
            out.push_back(std::move(data));
    return out;
}

// A name as text: /UF and /Desc are text strings (PDFDocEncoding or UTF-16).
std::string text_of(PdfVecObjects& objects, const PdfObject* value) {
    const PdfObject* v = detail::resolve(objects, const_cast<PdfObject*>(value));
    return v && v->IsString() ? v->GetString().GetStringUtf8() : std::string();
}

// The catalog's /AF: each file specification's names, relationship and the
// embedded stream's type, size and SHA-256. What cannot be read is left out
// of the figures (empty sha256), never a reason to stop.
void read_associated_files(VerifyReport& report, PdfVecObjects& objects, const PdfDictionary& catalog) {
    const PdfObject* af = detail::resolve(objects, const_cast<PdfObject*>(catalog.GetKey("AF")));
    if (!af || !af->IsArray()) return;
    for (const PdfObject& item : af->GetArray()) {
        const PdfObject* spec = detail::resolve(objects, const_cast<PdfObject*>(&item));
        if (!spec || !spec->IsDictionary()) continue;
        const PdfDictionary& d = spec->GetDictionary();
        VerifyReport::AssociatedFile file;
        file.name = text_of(objects, d.GetKey("UF"));
        if (file.name.empty()) file.name = text_of(objects, d.GetKey("F"));
        const PdfObject* relationship = detail::resolve(objects, const_cast<PdfObject*>(d.GetKey("AFRelationship")));
        if (relationship && relationship->IsName()) file.relationship = relationship->GetName().GetName();
        const PdfObject* ef = detail::resolve(objects, const_cast<PdfObject*>(d.GetKey("EF")));
        PdfObject* stream = nullptr;
        if (ef && ef->IsDictionary()) {
            const PdfDictionary& e = ef->GetDictionary();
            stream = detail::resolve(objects, const_cast<PdfObject*>(e.HasKey("UF") ? e.GetKey("UF") : e.GetKey("F")));
        }
        if (stream && stream->HasStream()) {
            const PdfObject* subtype = stream->GetDictionary().GetKey("Subtype");
            if (subtype && subtype->IsName()) file.mime_type = subtype->GetName().GetName();
            const std::vector<std::string> data = stream_data_of(stream);
            if (!data.empty()) {
                file.size = data.front().size();
                file.sha256 = sha256_hex(data.front());
            }
        }
        report.associated_files.push_back(std::move(file));
    }
}

}  // namespace

void read_pdfa_claim(VerifyReport& report, PdfMemDocument& doc) {
    try {
        PdfObject* catalog = doc.GetCatalog();
        if (!catalog || !catalog->IsDictionary()) return;
        report.dss = catalog->GetDictionary().HasKey("DSS");
        read_associated_files(report, doc.GetObjects(), catalog->GetDictionary());
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
        report.source_sha256 = xmp_value(xmp, "ptk:sourceSHA256");
        report.variant = xmp_value(xmp, "ptk:variant");
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
