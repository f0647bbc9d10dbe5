// Fonts. With HPDF_UseUTFEncodings every face libharu 2.3 writes is a Type0
// /Identity-H font whose CIDs are Unicode BMP code points (CID = U+XXXX) and
// whose CIDToGIDMap stream maps code point -> glyph for CIDs 0..0xFFFE. What
// it gets wrong for PDF/A, and how it is repaired here:
//  * Its ToUnicode stream is a copy of the encoding CMap (begincidrange:
//    invalid as ToUnicode), so it is rebuilt: CID -> the same code point, for
//    every CID the document shows that the CIDToGIDMap gives a real glyph.
//  * CapHeight is missing: taken from the face's OS/2 table
//    (typeset::describe_face_file, the FreeType code typeset measures with),
//    matched by PostScript name.
//  * CIDSet is missing, yet PDF/A-1 wants it for subset fonts and veraPDF
//    requires it to list every CID "present in the font program", which
//    veraPDF defines for a CIDFontType2 with a CIDToGIDMap stream as: every
//    CID >= 1 inside the map whose GID < maxp.numGlyphs. libharu only empties
//    unused outlines and its map only holds GIDs from the font's own cmap (or
//    0), so that is every CID the map covers: the CIDSet gets one bit per map
//    entry.
#include "fonts.h"

#include "podofo_support.h"

#include "typeset/font_metrics.h"
#include "typeset/utf8.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace protokoll::finish {
namespace {

using namespace PoDoFo;

// Code points shown anywhere in the document (BMP only: libharu drops the rest).
std::vector<bool> used_code_points(const typeset::Pages& pages)
{
    std::vector<bool> used(0x10000);
    for (const std::string* text : {&pages.reserved_characters, &pages.released_characters})
        for (char32_t cp : typeset::decode_utf8(*text, {}))
            if (cp < used.size()) used[cp] = true;
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

void repair_type0_font(PdfMemDocument& doc, PdfObject& font,
                       const std::vector<typeset::FaceDescription>& faces, const std::vector<bool>& used)
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
    std::string map = filtered_copy(*map_obj);
    // libharu maps all 65 536 CIDs, nearly all to glyph 0: past the last CID
    // with a glyph the map ends (a CID beyond it is glyph 0, ISO 32000-1
    // 9.7.4.2), and the CIDSet below with it: 128 KB a face becomes 16 KB.
    size_t last = map.size() / 2;
    while (last > 0 && map[2 * last - 2] == 0 && map[2 * last - 1] == 0) --last;
    map.resize(2 * last);
    set_deflated(*map_obj, map);
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
    set_deflated(*to_unicode, cmap);

    PdfObject* descriptor = cid_font->GetIndirectKey("FontDescriptor");
    if (!descriptor || !descriptor->IsDictionary())
        fail_internal("CIDFont without a FontDescriptor");
    // write leaves the font program plain (the map above too): deflated once, here.
    if (PdfObject* program = descriptor->GetIndirectKey("FontFile2");
        program && program->HasStream() && !program->GetDictionary().HasKey("Filter")) {
        set_deflated(*program, filtered_copy(*program));
    }
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
    for (const typeset::FaceDescription& face : faces)
        if (face.cap_height_thousandths > 0 && face.postscript_name == bare)
            cap_height = face.cap_height_thousandths;
    if (cap_height == 0)  // unknown face: the ascent is the closest value libharu gives us
        cap_height = static_cast<long>(descriptor->GetDictionary().GetKeyAsLong("Ascent", 700));
    descriptor->GetDictionary().AddKey("CapHeight", integer(cap_height));

    if (is_subset_name(clean_name)) {
        // One bit per CID the map covers (see the file comment), MSB first.
        std::string bits((entries + 7) / 8, '\0');
        for (size_t cid = 0; cid < entries; ++cid)
            bits[cid / 8] = static_cast<char>(bits[cid / 8] | (0x80 >> (cid % 8)));
        PdfObject* cid_set = doc.GetObjects().CreateObject();
        set_deflated(*cid_set, bits);
        descriptor->GetDictionary().AddKey("CIDSet", cid_set->Reference());
    }
}

}  // namespace

void repair_fonts(PdfMemDocument& doc, const std::vector<PdfObject*>& page_objects,
                  const typeset::Pages& pages)
{
    std::vector<typeset::FaceDescription> faces;
    std::set<std::string> seen_paths;
    for (const std::string& path : pages.fonts.path)
        if (!path.empty() && seen_paths.insert(path).second)
            faces.push_back(typeset::describe_face_file(path));
    const std::vector<bool> used = used_code_points(pages);

    // Fonts reachable from the pages; libharu shares one resource dict per font.
    std::set<PdfReference> done;
    for (PdfObject* page : page_objects) {
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

}  // namespace protokoll::finish
