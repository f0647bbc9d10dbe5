// finish: write's plain libharu PDF -> PDF/A-2b (or 1b) with empty signature
// fields, using PoDoFo 0.9.8.
//
// What libharu 2.3 gets wrong and how it is repaired here (measured on
// libharu 2.3.0, checked with veraPDF):
//  * Fonts. With HPDF_UseUTFEncodings every face is a Type0 /Identity-H font
//    whose CIDs are Unicode BMP code points (CID = U+XXXX) and whose
//    CIDToGIDMap stream maps code point -> glyph for CIDs 0..0xFFFE. Its
//    ToUnicode stream is a copy of the encoding CMap (begincidrange: invalid as
//    ToUnicode), so it is rebuilt: CID -> the same code point, for every
//    CID the document shows that the CIDToGIDMap gives a real glyph.
//    CapHeight is missing: taken from the face's OS/2 table (file on disk,
//    matched by PostScript name). CIDSet is missing, yet PDF/A-1 wants it for subset fonts and veraPDF requires it to
//    list every CID "present in the font program", which veraPDF defines for a
//    CIDFontType2 with a CIDToGIDMap stream as: every CID >= 1 inside the map
//    whose GID < maxp.numGlyphs. libharu only empties unused outlines and its
//    map only holds GIDs from the font's own cmap (or 0), so that is every CID
//    the map covers: the CIDSet gets one bit per map entry.
//  * Info strings are raw UTF-8 and PoDoFo's Load rewrites ModDate to now:
//    Info is rebuilt entirely, XMP written to match it byte for byte.
//  * No OutputIntent, /Lang, XMP, signature fields, links: added. /ID is a
//    hash of write's bytes + timestamp + level (see set_document_id).
#include "finish/finish.h"

#include "typeset/utf8.h"

#include "base/diagnostic.h"
#include "base/files.h"

#include <podofo/podofo.h>

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace protokoll::finish {
namespace {

using namespace PoDoFo;

const char* const DEFAULT_ICC = "/usr/share/color/icc/sRGB.icc";
const char* const CREATOR = "protokoll";
const char* const PRODUCER = "protokoll (libharu 2.3, PoDoFo 0.9.8)";

[[noreturn]] void fail_internal(const std::string& message)
{
    throw Error(ErrorCode::Internal, SourceLocation{}, "finish: " + message);
}

// ---- small helpers ----------------------------------------------------------

bool is_ascii(const std::string& s)
{
    for (unsigned char c : s)
        if (c >= 0x80)
            return false;
    return true;
}

// A PDF text string: PDFDocEncoding for ASCII, UTF-16BE with BOM otherwise.
PdfString text_string(const std::string& utf8)
{
    if (is_ascii(utf8))
        return PdfString(utf8);
    return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));
}

std::tm utc(std::time_t t)
{
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

// D:YYYYMMDDHHmmSS+00'00' — an explicit offset, which every validator accepts.
std::string pdf_date(std::time_t t)
{
    const std::tm tm = utc(t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "D:%04d%02d%02d%02d%02d%02d+00'00'", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

// The same instant as pdf_date, in XMP's ISO 8601 form.
std::string xmp_date(std::time_t t)
{
    const std::tm tm = utc(t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string xml_escape(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
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

// Integers always as PdfObject: GCC treats a constant 0 of integer type as a
// null pointer constant, so AddKey(key, pdf_int64(0)) would pick the
// AddKey(key, const PdfObject*) overload and crash.
PdfObject integer(long value) { return PdfObject(static_cast<pdf_int64>(value)); }

PdfArray rect_array(const typeset::Rect& r)
{
    PdfArray a;
    a.push_back(PdfVariant(r.x0));
    a.push_back(PdfVariant(r.y0));
    a.push_back(PdfVariant(r.x1));
    a.push_back(PdfVariant(r.y1));
    return a;
}

// ---- TrueType: PostScript name and cap height of a face file ------------------

struct FaceInfo {
    std::string postscript_name;
    int cap_height = 0;  // 1/1000 em; 0 = unknown
};

unsigned be16(const unsigned char* p) { return (p[0] << 8) | p[1]; }
unsigned long be32(const unsigned char* p)
{
    return (static_cast<unsigned long>(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

// Reads only the table directory and the head, OS/2 and name tables: a face
// file is ~400 KB, these are a few hundred bytes.
FaceInfo read_face_info(const std::string& path)
{
    FaceInfo info;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return info;
    auto read_at = [&in](unsigned long offset, size_t len) {
        std::string buf(len, '\0');
        in.seekg(static_cast<std::streamoff>(offset));
        in.read(&buf[0], static_cast<std::streamsize>(len));
        buf.resize(static_cast<size_t>(in.gcount()));
        in.clear();
        return buf;
    };
    const std::string header = read_at(0, 12);
    if (header.size() < 12)
        return info;
    const unsigned num_tables = be16(reinterpret_cast<const unsigned char*>(header.data()) + 4);
    const std::string dir = read_at(12, num_tables * 16u);
    std::map<std::string, std::pair<unsigned long, unsigned long>> tables;
    for (unsigned i = 0; i + 1 <= num_tables && (i + 1) * 16 <= dir.size(); ++i) {
        const auto* rec = reinterpret_cast<const unsigned char*>(dir.data()) + i * 16;
        tables[std::string(reinterpret_cast<const char*>(rec), 4)] = {be32(rec + 8), be32(rec + 12)};
    }
    unsigned units_per_em = 0;
    if (auto it = tables.find("head"); it != tables.end()) {
        const std::string head = read_at(it->second.first, 20);
        if (head.size() >= 20)
            units_per_em = be16(reinterpret_cast<const unsigned char*>(head.data()) + 18);
    }
    if (auto it = tables.find("OS/2"); it != tables.end() && units_per_em) {
        const std::string os2 = read_at(it->second.first, 90);
        const auto* p = reinterpret_cast<const unsigned char*>(os2.data());
        if (os2.size() >= 90 && be16(p) >= 2) {
            const int cap = static_cast<int16_t>(be16(p + 88));
            info.cap_height = (cap * 1000 + static_cast<int>(units_per_em) / 2) / static_cast<int>(units_per_em);
        }
    }
    if (auto it = tables.find("name"); it != tables.end()) {
        const std::string name = read_at(it->second.first, it->second.second);
        const auto* p = reinterpret_cast<const unsigned char*>(name.data());
        if (name.size() >= 6) {
            const unsigned count = be16(p + 2), storage = be16(p + 4);
            for (unsigned i = 0; i < count && 6 + (i + 1) * 12 <= name.size(); ++i) {
                const unsigned char* rec = p + 6 + i * 12;
                const unsigned platform = be16(rec), name_id = be16(rec + 6);
                const unsigned len = be16(rec + 8), off = be16(rec + 10);
                if (name_id != 6 || storage + off + len > name.size())
                    continue;
                std::string ps;
                if (platform == 3 || platform == 0) {  // UTF-16BE; PostScript names are ASCII
                    for (unsigned k = 1; k < len; k += 2)
                        ps += static_cast<char>(p[storage + off + k]);
                } else if (platform == 1) {
                    ps.assign(reinterpret_cast<const char*>(p + storage + off), len);
                }
                if (!ps.empty()) {
                    info.postscript_name = ps;
                    if (platform == 3)
                        break;
                }
            }
        }
    }
    return info;
}

// ---- font repair ----------------------------------------------------------------

// Code points shown anywhere in the document (BMP only: libharu drops the rest).
std::vector<bool> used_code_points(const typeset::Pages& pages)
{
    std::vector<bool> used(0x10000);
    for (char32_t cp : typeset::decode_utf8(typeset::RESERVED_CHARACTERS, {}))
        used[cp] = true;
    for (const typeset::Page& page : pages.pages)
        for (const typeset::GlyphRun& run : page.runs) {
            for (char32_t cp : typeset::decode_utf8(run.text, {}))
                if (cp < used.size()) used[cp] = true;
        }
    return used;
}

// ToUnicode for libharu's UTF-8 fonts: CID c is code point U+c, so each entry
// maps a CID to itself. Only CIDs the document shows and the font maps to a
// glyph; bfchar rather than bfrange because Ghostscript's text extraction
// mis-reads bfranges whose destination does not start at U+00xx (measured:
// U+2013 came out as "3").
std::string to_unicode_cmap(const std::vector<bool>& mapped, const std::vector<bool>& used)
{
    std::vector<unsigned> cids;
    for (unsigned cid = 1; cid < mapped.size() && cid < used.size(); ++cid)
        if (mapped[cid] && used[cid] && !(cid >= 0xD800 && cid <= 0xDFFF))
            cids.push_back(cid);
    std::string out =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    char line[24];
    for (size_t i = 0; i < cids.size(); i += 100) {
        const size_t n = std::min<size_t>(100, cids.size() - i);
        out += std::to_string(n) + " beginbfchar\n";
        for (size_t k = i; k < i + n; ++k) {
            std::snprintf(line, sizeof line, "<%04X> <%04X>\n", cids[k], cids[k]);
            out += line;
        }
        out += "endbfchar\n";
    }
    out += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return out;
}

bool is_subset_name(const std::string& name)
{
    if (name.size() < 8 || name[6] != '+')
        return false;
    for (int i = 0; i < 6; ++i)
        if (name[i] < 'A' || name[i] > 'Z')
            return false;
    return true;
}

void repair_type0_font(PdfMemDocument& doc, PdfObject& font, const std::vector<FaceInfo>& faces,
                       const std::vector<bool>& used)
{
    PdfObject* descendants = font.GetIndirectKey("DescendantFonts");
    if (!descendants || !descendants->IsArray() || descendants->GetArray().empty())
        fail_internal("Type0 font without DescendantFonts");
    const PdfObject& first = descendants->GetArray()[0];
    PdfObject* cid_font = first.IsReference() ? doc.GetObjects().GetObject(first.GetReference()) : nullptr;
    if (!cid_font)
        fail_internal("Type0 font with a direct or missing CIDFont");

    PdfObject* map_obj = cid_font->GetIndirectKey("CIDToGIDMap");
    if (!map_obj || !map_obj->HasStream())
        fail_internal("CIDFontType2 without a CIDToGIDMap stream (not libharu's UTF-8 layout)");
    const std::string map = filtered_copy(*map_obj);
    const size_t entries = map.size() / 2;
    std::vector<bool> mapped(entries);
    for (size_t cid = 0; cid < entries; ++cid)
        mapped[cid] = map[2 * cid] != 0 || map[2 * cid + 1] != 0;

    // Identity-H text: Ordering "Identity" (libharu writes "Identity-H").
    PdfDictionary system_info;
    system_info.AddKey("Registry", PdfString("Adobe"));
    system_info.AddKey("Ordering", PdfString("Identity"));
    system_info.AddKey("Supplement", integer(0));
    cid_font->GetDictionary().AddKey("CIDSystemInfo", system_info);

    // ToUnicode: overwrite libharu's stream in place (keeps object numbers stable).
    const std::string cmap = to_unicode_cmap(mapped, used);
    PdfObject* to_unicode = font.GetIndirectKey("ToUnicode");
    if (!to_unicode || !to_unicode->HasStream()) {
        to_unicode = doc.GetObjects().CreateObject();
        font.GetDictionary().AddKey("ToUnicode", to_unicode->Reference());
    }
    to_unicode->GetStream()->Set(cmap.data(), static_cast<pdf_long>(cmap.size()));

    PdfObject* descriptor = cid_font->GetIndirectKey("FontDescriptor");
    if (!descriptor || !descriptor->IsDictionary())
        fail_internal("CIDFont without a FontDescriptor");
    std::string font_name;
    if (const PdfObject* n = descriptor->GetDictionary().GetKey("FontName"); n && n->IsName())
        font_name = n->GetName().GetName();
    // libharu appends ",Bold"/",Italic" (the non-embedded TrueType naming
    // convention) to the PostScript name; for an embedded font the name should
    // be the font program's own, so it is dropped everywhere.
    const std::string clean_name = font_name.substr(0, font_name.find(','));
    if (clean_name != font_name && !clean_name.empty()) {
        descriptor->GetDictionary().AddKey("FontName", PdfName(clean_name));
        cid_font->GetDictionary().AddKey("BaseFont", PdfName(clean_name));
        font.GetDictionary().AddKey("BaseFont", PdfName(clean_name));
    }
    const std::string bare = is_subset_name(clean_name) ? clean_name.substr(7) : clean_name;

    long cap_height = 0;
    for (const FaceInfo& face : faces)
        if (face.cap_height > 0 && face.postscript_name == bare)
            cap_height = face.cap_height;
    if (cap_height == 0)  // unknown face: the ascent is the closest value libharu gives us
        cap_height = static_cast<long>(descriptor->GetDictionary().GetKeyAsLong("Ascent", 700));
    descriptor->GetDictionary().AddKey("CapHeight", integer(cap_height));

    if (is_subset_name(clean_name)) {
        // One bit per CID the map covers (see the file comment), MSB first.
        std::string bits((entries + 7) / 8, '\0');
        for (size_t cid = 0; cid < entries; ++cid)
            bits[cid / 8] = static_cast<char>(bits[cid / 8] | (0x80 >> (cid % 8)));
        PdfObject* cid_set = doc.GetObjects().CreateObject();
        cid_set->GetStream()->Set(bits.data(), static_cast<pdf_long>(bits.size()));
        descriptor->GetDictionary().AddKey("CIDSet", cid_set->Reference());
    }
}

void repair_fonts(PdfMemDocument& doc, const typeset::Pages& pages)
{
    std::vector<FaceInfo> faces;
    std::set<std::string> seen_paths;
    for (const std::string& path : pages.fonts.path)
        if (!path.empty() && seen_paths.insert(path).second)
            faces.push_back(read_face_info(path));
    const std::vector<bool> used = used_code_points(pages);

    // Fonts reachable from the pages; libharu shares one resource dict per font.
    std::set<PdfReference> done;
    for (int i = 0; i < doc.GetPageCount(); ++i) {
        PdfObject* page = doc.GetPage(i)->GetObject();
        PdfObject* resources = page->GetIndirectKey("Resources");
        PdfObject* fonts = resources ? resources->GetIndirectKey("Font") : nullptr;
        if (!fonts || !fonts->IsDictionary())
            continue;
        for (const auto& entry : fonts->GetDictionary().GetKeys()) {
            if (!entry.second->IsReference() || !done.insert(entry.second->GetReference()).second)
                continue;
            PdfObject* font = doc.GetObjects().GetObject(entry.second->GetReference());
            if (!font || !font->IsDictionary())
                continue;
            const PdfObject* subtype = font->GetDictionary().GetKey("Subtype");
            if (subtype && subtype->IsName() && subtype->GetName() == PdfName("Type0"))
                repair_type0_font(doc, *font, faces, used);
        }
    }
}

// ---- metadata ---------------------------------------------------------------------

std::string build_xmp(const document::Metadata& m, const std::string& date, PdfA level)
{
    std::string x;
    x.reserve(2048);
    x += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
         " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
         "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
         "   <dc:format>application/pdf</dc:format>\n";
    if (!m.title.empty())
        x += "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(m.title) +
             "</rdf:li></rdf:Alt></dc:title>\n";
    if (!m.author.empty())
        x += "   <dc:creator><rdf:Seq><rdf:li>" + xml_escape(m.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!m.subject.empty())
        x += "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(m.subject) +
             "</rdf:li></rdf:Alt></dc:description>\n";
    x += "  </rdf:Description>\n"
         "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
         "   <xmp:CreateDate>" + date + "</xmp:CreateDate>\n"
         "   <xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n"
         "   <xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n"
         "   <xmp:CreatorTool>" + xml_escape(CREATOR) + "</xmp:CreatorTool>\n"
         "  </rdf:Description>\n"
         "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
         "   <pdf:Producer>" + xml_escape(PRODUCER) + "</pdf:Producer>\n";
    if (!m.keywords.empty())
        x += "   <pdf:Keywords>" + xml_escape(m.keywords) + "</pdf:Keywords>\n";
    x += "  </rdf:Description>\n"
         "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
         "   <pdfaid:part>";
    x += level == PdfA::Part1B ? "1" : "2";
    x += "</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n"
         "  </rdf:Description>\n"
         " </rdf:RDF>\n"
         "</x:xmpmeta>\n"
         "<?xpacket end=\"w\"?>";
    return x;
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

    const std::string xmp = build_xmp(m, xmp_date(options.timestamp), options.level);
    PdfObject* meta = doc.GetObjects().CreateObject("Metadata");
    meta->GetDictionary().AddKey("Subtype", PdfName("XML"));
    // Uncompressed: archives and PDF/A-1 readers must find it without filters.
    meta->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), TVecFilters());
    PdfObject* catalog = doc.GetCatalog();
    catalog->GetDictionary().AddKey("Metadata", meta->Reference());
    if (!m.language.empty())
        catalog->GetDictionary().AddKey("Lang", PdfString(m.language));
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
    profile->GetStream()->Set(icc.data(), static_cast<pdf_long>(icc.size()));

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

// ---- annotations and fields ----------------------------------------------------------

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
    form->GetStream()->Set(content, static_cast<pdf_long>(std::strlen(content)));
    return form;
}

void add_annotations(PdfMemDocument& doc, const typeset::Pages& pages)
{
    // /AcroForm /Fields in signing order: that order is what `sign` enforces.
    std::vector<std::pair<int, PdfReference>> fields_in_order;
    const int page_count = doc.GetPageCount();
    for (size_t i = 0; i < pages.pages.size() && static_cast<int>(i) < page_count; ++i) {
        const typeset::Page& in = pages.pages[i];
        if (in.links.empty() && in.fields.empty())
            continue;
        PdfObject* page = doc.GetPage(static_cast<int>(i))->GetObject();
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
            annots.push_back(annot->Reference());
        }
        for (const typeset::FieldArea& field : in.fields) {
            // Field and widget merged into one dictionary: sign finds it by /T.
            PdfObject* widget = doc.GetObjects().CreateObject("Annot");
            PdfDictionary& d = widget->GetDictionary();
            d.AddKey("Subtype", PdfName("Widget"));
            d.AddKey("FT", PdfName("Sig"));
            d.AddKey("T", text_string(field.name));
            d.AddKey("Rect", rect_array(field.area));
            d.AddKey("F", integer(4));
            d.AddKey("P", page->Reference());
            PdfDictionary ap;
            ap.AddKey("N", field_appearance(doc, field.area.x1 - field.area.x0,
                                            field.area.y1 - field.area.y0)->Reference());
            d.AddKey("AP", ap);
            annots.push_back(widget->Reference());
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
        doc.GetCatalog()->GetDictionary().AddKey("AcroForm", acroform);
    }
}

// PoDoFo's /ID is an MD5 of the Info dictionary only: equal for two different
// documents with the same metadata. Replace both entries (same length, so no
// offsets move) by a hash of write's bytes, the timestamp and the level.
void set_document_id(std::string& out, const std::string& input, const Options& options)
{
    const size_t trailer = out.rfind("trailer");
    const size_t id = trailer == std::string::npos ? std::string::npos : out.find("/ID", trailer);
    if (id == std::string::npos)
        fail_internal("no /ID in the trailer PoDoFo wrote");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const std::string salt = std::to_string(options.timestamp) + "/" +
                             (options.level == PdfA::Part1B ? "1b" : "2b");
    const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) &&
                    EVP_DigestUpdate(ctx, input.data(), input.size()) &&
                    EVP_DigestUpdate(ctx, salt.data(), salt.size()) &&
                    EVP_DigestFinal_ex(ctx, digest, &len);
    EVP_MD_CTX_free(ctx);
    if (!ok)
        fail_internal("SHA-256 failed");
    static const char hex[] = "0123456789ABCDEF";
    size_t at = id;
    for (int entry = 0; entry < 2; ++entry) {
        const size_t open = out.find('<', at), close = out.find('>', open + 1);
        if (open == std::string::npos || close == std::string::npos || close - open - 1 != 32)
            fail_internal("unexpected /ID layout in the trailer");
        for (int k = 0; k < 16; ++k) {
            out[open + 1 + 2 * k] = hex[digest[k] >> 4];
            out[open + 2 + 2 * k] = hex[digest[k] & 15];
        }
        at = close + 1;
    }
}

}  // namespace

std::string finish_pdf(const std::string& pdf, const typeset::Pages& pages, const Options& options)
{
    // PoDoFo logs to stderr by default; errors reach us as exceptions anyway.
    PdfError::EnableLogging(false);
    PdfError::EnableDebug(false);
    try {
        PdfMemDocument doc;
        doc.LoadFromBuffer(pdf.data(), static_cast<long>(pdf.size()));
        if (doc.GetPageCount() != static_cast<int>(pages.pages.size()))
            fail_internal("the PDF has " + std::to_string(doc.GetPageCount()) + " pages, the layout " +
                          std::to_string(pages.pages.size()));
        repair_fonts(doc, pages);
        write_metadata(doc, pages, options);
        add_output_intent(doc, options);
        add_annotations(doc, pages);

        // Clean mode: compact mode's missing whitespace trips PDF/A-1 Preflight.
        // PDF 1.4 for PDF/A-1 (no object streams); PoDoFo writes a classic
        // xref table in both cases.
        doc.SetWriteMode(ePdfWriteMode_Clean);
        doc.SetPdfVersion(options.level == PdfA::Part1B ? ePdfVersion_1_4 : ePdfVersion_1_7);
        PdfRefCountedBuffer buffer(pdf.size() + 64 * 1024);
        PdfOutputDevice device(&buffer);
        doc.Write(&device);
        std::string out(buffer.GetBuffer(), device.GetLength());
        set_document_id(out, pdf, options);
        return out;
    } catch (const PdfError& e) {
        std::string message = std::string("PoDoFo: ") + PdfError::ErrorName(e.GetError());
        if (!e.GetCallstack().empty() && !e.GetCallstack().back().GetInformation().empty())
            message += ": " + e.GetCallstack().back().GetInformation();
        fail_internal(message);
    }
}

}  // namespace protokoll::finish
