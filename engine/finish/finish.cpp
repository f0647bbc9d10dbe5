// finish: write's plain libharu PDF -> PDF/A-2b (or 1b) with empty signature
// fields, using PoDoFo 0.9.8.
//
// What libharu 2.3 gets wrong and how it is repaired (measured with veraPDF,
// PDFBox Preflight and poppler):
//  * Fonts: none; write makes them in their final form (write/fonts.cpp).
//  * Info strings are raw UTF-8 and PoDoFo's Load rewrites ModDate to now:
//    Info is rebuilt entirely, XMP written to match it byte for byte.
//  * No OutputIntent, /Lang, XMP: added here; signature fields and links:
//    annotations.cpp. /ID is a hash of write's bytes + timestamp + level (see
//    set_document_id).
#include "finish/finish.h"

#include "annotations.h"
#include "podofo_support.h"
#include "structure.h"
#include "xmp.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "base/time.h"

#include <podofo/podofo.h>

#include <string>
#include <vector>

namespace protokoll::finish {
namespace {

using namespace PoDoFo;

const char* const DEFAULT_ICC = "/usr/share/color/icc/sRGB.icc";

const char* level_name(PdfA level)
{
    switch (level) {
    case PdfA::Part1B: return "1b";
    case PdfA::Part2B: return "2b";
    case PdfA::Part2A: return "2a";
    case PdfA::Part3A: return "3a";
    }
    return "2a";
}

void write_metadata(PdfMemDocument& doc, const typeset::Pages& pages, const Options& options)
{
    const document::Metadata& m = pages.metadata;
    // A fresh Info dictionary: drops libharu's raw-UTF-8 strings and the
    // ModDate PoDoFo's Load stamped with the current time.
    PdfObject* info = doc.GetInfo()->GetObject();
    PdfDictionary& d = info->GetDictionary();
    d.Clear();
    if (!m.title.empty())
        d.AddKey("Title", text_string(m.title));
    if (!m.author.empty())
        d.AddKey("Author", text_string(m.author));
    if (!m.subject.empty())
        d.AddKey("Subject", text_string(m.subject));
    if (!m.keywords.empty())
        d.AddKey("Keywords", text_string(m.keywords));
    d.AddKey("Creator", PdfString(CREATOR));
    d.AddKey("Producer", PdfString(PRODUCER));
    const std::string date = pdf_date(options.timestamp);
    d.AddKey("CreationDate", PdfString(date));
    d.AddKey("ModDate", PdfString(date));

    const bool accessible = options.level == PdfA::Part2A || options.level == PdfA::Part3A;
    const int part = options.level == PdfA::Part1B ? 1 : options.level == PdfA::Part3A ? 3 : 2;
    const std::string xmp = build_xmp(m, iso8601_date(options.timestamp), part, accessible ? 'A' : 'B', accessible);
    PdfObject* meta = doc.GetObjects().CreateObject("Metadata");
    meta->GetDictionary().AddKey("Subtype", PdfName("XML"));
    // Uncompressed: archives and PDF/A-1 readers must find it without filters.
    meta->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), TVecFilters());
    PdfObject* catalog = doc.GetCatalog();
    catalog->GetDictionary().AddKey("Metadata", meta->Reference());
    if (!m.language.empty())
        catalog->GetDictionary().AddKey("Lang", PdfString(m.language));
    // PDF/UA-1 § 7.1: a viewer's title bar shows the title, not the file name.
    PdfDictionary preferences;
    preferences.AddKey("DisplayDocTitle", PdfVariant(true));
    catalog->GetDictionary().AddKey("ViewerPreferences", preferences);
}

void add_output_intent(PdfMemDocument& doc, const Options& options)
{
    const std::string icc = read_file(options.icc_profile.empty() ? DEFAULT_ICC : options.icc_profile);
    if (icc.size() < 128 || icc.compare(36, 4, "acsp") != 0)
        fail_internal("not an ICC profile: " + options.icc_profile);
    if (icc[8] > 2 && options.level == PdfA::Part1B)
        fail_internal("PDF/A-1 needs an ICC v2 profile; " + options.icc_profile + " is v" +
                      std::to_string(static_cast<int>(icc[8])));
    PdfObject* profile = doc.GetObjects().CreateObject();
    profile->GetDictionary().AddKey("N", integer(3));
    set_deflated(*profile, icc);

    PdfDictionary intent;
    intent.AddKey("Type", PdfName("OutputIntent"));
    intent.AddKey("S", PdfName("GTS_PDFA1"));
    intent.AddKey("OutputConditionIdentifier", PdfString("sRGB IEC61966-2.1"));
    intent.AddKey("Info", PdfString("sRGB IEC61966-2.1"));
    intent.AddKey("RegistryName", PdfString("http://www.color.org"));
    intent.AddKey("DestOutputProfile", profile->Reference());
    PdfArray intents;
    intents.push_back(intent);
    doc.GetCatalog()->GetDictionary().AddKey("OutputIntents", intents);
}

// /F is a byte string every reader takes: the name with each character
// outside printable ASCII as '_' (a UTF-8 sequence's continuation bytes add
// nothing). /UF keeps the name as written.
std::string ascii_file_name(const std::string& name)
{
    std::string out;
    for (unsigned char c : name) {
        if ((c & 0xC0) == 0x80) continue;
        out += c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '_';
    }
    return out;
}

// PDF/A-3a (ISO 19005-3 § 6.8): the protocol's XML as an embedded file
// stream with its MIME type and /Params, a file specification with /F, /UF,
// /Desc and /AFRelationship /Source (the PDF is a rendering of it), listed
// in the catalog's /AF and in the EmbeddedFiles name tree. PDF/UA-1 § 7.11
// asks for the same /F and /UF. Every value comes from the source and the
// render's timestamp: the same input gives the same bytes.
void embed_source(PdfMemDocument& doc, const Source& source, const document::Metadata& metadata,
                  const Options& options)
{
    if (source.name.empty())
        fail_internal("PDF/A-3a embeds the XML source; none was given");
    const std::string date = pdf_date(options.timestamp);
    PdfObject* stream = doc.GetObjects().CreateObject("EmbeddedFile");
    PdfDictionary& sd = stream->GetDictionary();
    sd.AddKey("Subtype", PdfName("application/xml"));  // RFC 7303; written /application#2Fxml
    PdfDictionary params;
    params.AddKey("Size", integer(static_cast<long>(source.bytes.size())));
    params.AddKey("CreationDate", PdfString(date));
    params.AddKey("ModDate", PdfString(date));
    const std::string checksum = md5_digest(source.bytes);
    params.AddKey("CheckSum", PdfString(checksum.data(), static_cast<pdf_long>(checksum.size()), true));
    sd.AddKey("Params", params);
    set_deflated(*stream, source.bytes);

    PdfObject* spec = doc.GetObjects().CreateObject("Filespec");
    PdfDictionary& fd = spec->GetDictionary();
    fd.AddKey("F", PdfString(ascii_file_name(source.name)));
    fd.AddKey("UF", text_string(source.name));
    if (!metadata.source_description.empty())
        fd.AddKey("Desc", text_string(metadata.source_description));
    fd.AddKey("AFRelationship", PdfName("Source"));
    PdfDictionary ef;
    ef.AddKey("F", stream->Reference());
    ef.AddKey("UF", stream->Reference());
    fd.AddKey("EF", ef);

    PdfDictionary& catalog = doc.GetCatalog()->GetDictionary();
    PdfArray af;
    af.push_back(spec->Reference());
    catalog.AddKey("AF", af);
    PdfArray names;
    names.push_back(text_string(source.name));
    names.push_back(spec->Reference());
    PdfDictionary embedded;
    embedded.AddKey("Names", names);
    PdfDictionary name_dictionary;
    name_dictionary.AddKey("EmbeddedFiles", embedded);
    catalog.AddKey("Names", name_dictionary);
}

// PoDoFo's /ID is an MD5 of the Info dictionary only: equal for two different
// documents with the same metadata. Replace both entries (same length, so no
// offsets move) by the MD5 (ISO 32000-1 14.4 suggests it; the /ID is an
// identifier, no seal) of write's bytes, the timestamp and the level: the
// same document gets the same /ID whatever finish adds from outside the
// pages (the XMP names the source file's own SHA-256, which differs between
// a UTF-8 and an ISO-8859-1 copy of one protocol). SHA-256 cost 3.5 M
// instructions a render for these 126 KB; MD5 0.7 M.
std::string document_id_digest(const std::string& input, const Options& options)
{
    const std::string salt = std::to_string(options.timestamp) + "/" +
                             level_name(options.level);
    return md5_digest(input, salt);
}

// Both entries of the trailer's /ID as `digest` (16 bytes) in hex.
void set_document_id(std::string& out, const std::string& digest)
{
    const size_t trailer = out.rfind("trailer");
    const size_t id = trailer == std::string::npos ? std::string::npos : out.find("/ID", trailer);
    if (id == std::string::npos)
        fail_internal("no /ID in the trailer PoDoFo wrote");
    static const char hex[] = "0123456789ABCDEF";
    size_t at = id;
    for (int entry = 0; entry < 2; ++entry) {
        const size_t open = out.find('<', at), close = out.find('>', open + 1);
        if (open == std::string::npos || close == std::string::npos || close - open - 1 != 32)
            fail_internal("unexpected /ID layout in the trailer");
        for (int k = 0; k < 16; ++k) {
            const auto byte = static_cast<unsigned char>(digest[k]);
            out[open + 1 + 2 * k] = hex[byte >> 4];
            out[open + 2 + 2 * k] = hex[byte & 15];
        }
        at = close + 1;
    }
}

}  // namespace

std::string finish_pdf(std::string pdf, const typeset::Pages& pages, const typeset::MarkedContent& marked,
                       const Options& options)
{
    if ((options.level == PdfA::Part2A || options.level == PdfA::Part3A) && pages.structure.elements.empty())
        fail_internal("PDF/A-2a and 3a need the document's structure; this document has none");
    // PoDoFo logs to stderr by default; errors reach us as exceptions anyway.
    PdfError::EnableLogging(false);
    PdfError::EnableDebug(false);
    try {
        // write's bytes are needed only for the /ID (set_document_id) and
        // until PoDoFo has its own copy; the document's objects only until
        // PoDoFo has written them: each is freed then, which lowers a long
        // protocol's peak memory. PoDoFo writes straight into the result.
        const std::string id_digest = document_id_digest(pdf, options);
        std::string out;
        out.reserve(pdf.size() + 64 * 1024);
        {
            PdfMemDocument doc;
            doc.LoadFromBuffer(pdf.data(), static_cast<long>(pdf.size()));
            std::string().swap(pdf);
            const std::vector<PdfObject*> page_list = page_objects(doc);
            if (page_list.size() != pages.pages.size())
                fail_internal("the PDF has " + std::to_string(page_list.size()) + " pages, the layout " +
                              std::to_string(pages.pages.size()));
            write_metadata(doc, pages, options);
            add_output_intent(doc, options);
            if (options.level == PdfA::Part3A)
                embed_source(doc, options.source, pages.metadata, options);
            const Annotations annotations = add_annotations(doc, page_list, pages);
            if (!pages.structure.elements.empty())
                add_structure_tree(doc, page_list, pages, marked, annotations);

            // Clean mode: compact mode's missing whitespace trips PDF/A-1 Preflight.
            // PDF 1.4 for PDF/A-1 (no object streams); PoDoFo writes a classic
            // xref table in both cases.
            doc.SetWriteMode(ePdfWriteMode_Clean);
            doc.SetPdfVersion(options.level == PdfA::Part1B ? ePdfVersion_1_4 : ePdfVersion_1_7);
            StringOutputDevice device(out);
            doc.Write(&device);
        }
        set_document_id(out, id_digest);
        return out;
    } catch (const PdfError& e) {
        std::string message = std::string("PoDoFo: ") + PdfError::ErrorName(e.GetError());
        if (!e.GetCallstack().empty() && !e.GetCallstack().back().GetInformation().empty())
            message += ": " + e.GetCallstack().back().GetInformation();
        fail_internal(message);
    }
}

}  // namespace protokoll::finish
