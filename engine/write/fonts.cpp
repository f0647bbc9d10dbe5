// Fonts, written once in their final form.
//
// Each face the document shows is cut down to its characters by HarfBuzz's
// hb-subset and embedded as a Type0 font over a CIDFontType2 (ISO 32000-1
// § 9.7), objects made here with libharu's object API rather than by its
// TrueType path. That path (HPDF_LoadTTFontFromFile, HPDF_GetFont with
// UTF-8) parsed the font, walked all 65 536 CIDs for a CIDToGIDMap of 128 KB
// a face, rewrote the font program and wrote a ToUnicode that is no
// ToUnicode, after which finish parsed it all again to repair it for PDF/A:
// a fifth of a render's instructions. What is written:
//  * Type0: /Encoding /Identity-H, so a shown code is a CID, and the CID is
//    the character's Unicode code point (BMP), as libharu's UTF-8 fonts had
//    it; content streams are unchanged.
//  * ToUnicode: CID -> the same code point, one bfchar each, for every
//    character of the face the font has a glyph for (bfchar, not bfrange:
//    Ghostscript's text extraction misreads bfranges whose destination does
//    not start at U+00xx; measured: U+2013 came out as "3").
//  * CIDFontType2: CIDSystemInfo Adobe-Identity-0; /DW the width of glyph 0
//    (what a CID without a glyph shows); /W each mapped CID whose width
//    differs, in thousandths of an em truncated as libharu truncated them
//    (typeset placed the runs with the same advances); a CIDToGIDMap stream
//    up to the highest mapped CID (beyond it a CID is glyph 0, ISO 32000-1
//    § 9.7.4.2).
//  * FontDescriptor: name, flags, bounding box, ascent and descent (head,
//    hhea), ItalicAngle (post), CapHeight and XHeight (OS/2), StemV
//    estimated from the weight class (TrueType carries no stem width), and a
//    CIDSet, which PDF/A-1 wants for a subset font and veraPDF requires to
//    list every CID "present in the font program", defined for a
//    CIDFontType2 with a CIDToGIDMap stream as every CID >= 1 inside the map
//    whose GID < maxp.numGlyphs: every CID the map covers, since the map
//    holds only glyphs of the subset or 0.
//  * FontFile2: the subset program, deflated, /Length1 its size.
// The subset's name is a tag of six capitals from a digest of the
// PostScript name and the characters (the same subset, the same name), "+",
// the PostScript name.
#include "fonts.h"

#include "base/compress.h"
#include "base/diagnostic.h"
#include "base/files.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hpdf_consts.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <algorithm>
#include <memory>

namespace protokoll::write {
namespace {

[[noreturn]] void fail_font(const std::string& path, const std::string& why)
{
    throw Error(ErrorCode::Internal, SourceLocation{}, "write: cannot embed the font " + path + ": " + why);
}

// The font program cut down to the glyphs of `code_points` (hb-subset:
// glyphs renumbered, hinting kept, the name table's IDs 0-6 kept, so the
// PostScript name is the font's own). The layout tables go: a PDF shows
// glyphs by CID through the CIDToGIDMap and never shapes with the font it
// embeds (typeset kerns from the installed file), so GSUB's ligatures and
// alternates, which hb-subset would otherwise close over and keep, are never
// drawn.
std::string subset_font(const std::string& path, const std::vector<char32_t>& code_points)
{
    hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
    if (!blob) fail_font(path, "cannot read it");
    hb_face_t* face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    if (!input) {
        hb_face_destroy(face);
        fail_font(path, "out of memory");
    }
    hb_set_t* unicodes = hb_subset_input_unicode_set(input);
    for (char32_t c : code_points) hb_set_add(unicodes, c);
    hb_set_t* dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const char* tag : {"GSUB", "GPOS", "GDEF", "kern"}) hb_set_add(dropped, hb_tag_from_string(tag, 4));
    hb_face_t* subset = hb_subset_or_fail(face, input);
    hb_subset_input_destroy(input);
    hb_face_destroy(face);
    if (!subset) fail_font(path, "hb-subset failed");
    hb_blob_t* bytes = hb_face_reference_blob(subset);
    unsigned length = 0;
    const char* data = hb_blob_get_data(bytes, &length);
    std::string out(data ? data : "", data ? length : 0);
    hb_blob_destroy(bytes);
    hb_face_destroy(subset);
    if (out.empty()) fail_font(path, "hb-subset gave no font");
    return out;
}

// One table of a face, read big-endian; reads past its end give 0.
class Table {
public:
    Table(hb_face_t* face, const char* tag)
        : m_blob(hb_face_reference_table(face, hb_tag_from_string(tag, 4)), hb_blob_destroy)
    {
        unsigned length = 0;
        const char* data = hb_blob_get_data(m_blob.get(), &length);
        m_bytes = std::string_view(data ? data : "", data ? length : 0);
    }
    bool empty() const { return m_bytes.empty(); }
    size_t size() const { return m_bytes.size(); }
    uint16_t u16(size_t at) const
    {
        if (at + 2 > m_bytes.size()) return 0;
        return static_cast<uint16_t>((byte(at) << 8) | byte(at + 1));
    }
    int16_t s16(size_t at) const { return static_cast<int16_t>(u16(at)); }
    uint32_t u32(size_t at) const { return (uint32_t{u16(at)} << 16) | u16(at + 2); }

private:
    unsigned byte(size_t at) const { return static_cast<unsigned char>(m_bytes[at]); }
    std::unique_ptr<hb_blob_t, void (*)(hb_blob_t*)> m_blob;
    std::string_view m_bytes;
};

// Font units to thousandths of an em, truncated toward zero as libharu did.
int thousandths(int units, int units_per_em) { return units * 1000 / units_per_em; }
int rounded_thousandths(int units, int units_per_em) { return (units * 1000 + units_per_em / 2) / units_per_em; }

// Calls `each` with every code point of `utf8`, which typeset has checked.
template <typename Each>
void for_each_code_point(std::string_view utf8, Each each)
{
    for (size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const int extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
        char32_t c = extra == 0 ? lead : extra == 1 ? (lead & 0x1F) : extra == 2 ? (lead & 0x0F) : (lead & 0x07);
        for (int k = 1; k <= extra && i + k < utf8.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        each(c);
        i += 1 + static_cast<size_t>(extra);
    }
}

std::string to_unicode_cmap(const std::vector<char32_t>& cids)
{
    std::string out =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    static const char HEX[] = "0123456789ABCDEF";
    for (size_t i = 0; i < cids.size(); i += 100) {
        const size_t n = std::min<size_t>(100, cids.size() - i);
        out += std::to_string(n) + " beginbfchar\n";
        for (size_t k = i; k < i + n; ++k) {
            char entry[] = "<0000> <0000>\n";
            for (int d = 0; d < 4; ++d) entry[1 + d] = entry[8 + d] = HEX[(cids[k] >> (12 - 4 * d)) & 0xF];
            out += entry;
        }
        out += "endbfchar\n";
    }
    out += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return out;
}

// Six capitals from a digest of what makes the subset what it is.
std::string subset_tag(const std::string& postscript_name, const std::vector<char32_t>& cids)
{
    std::string key = postscript_name;
    for (char32_t c : cids) key.append(reinterpret_cast<const char*>(&c), sizeof c);
    const std::string digest = md5_digest(key);
    std::string tag(6, 'A');
    for (int i = 0; i < 6; ++i) tag[i] = static_cast<char>('A' + static_cast<unsigned char>(digest[i]) % 26);
    return tag;
}

// Builds the objects into libharu's document; every libharu status is
// summed and checked once, as its own code does.
class Builder {
public:
    Builder(HPDF_Doc doc, const std::string& path) : m_doc(doc), m_path(path) {}

    HPDF_Dict indirect_dict()
    {
        HPDF_Dict dict = HPDF_Dict_New(m_doc->mmgr);
        if (!dict) fail_font(m_path, "out of memory");
        m_status += HPDF_Xref_Add(m_doc->xref, dict);
        return dict;
    }
    // A stream object holding `plain` deflated.
    HPDF_Dict deflated_stream(std::string_view plain)
    {
        HPDF_Dict dict = HPDF_DictStream_New(m_doc->mmgr, m_doc->xref);
        if (!dict) fail_font(m_path, "out of memory");
        const std::string packed = deflate_zlib(plain);
        m_status += HPDF_Stream_Write(dict->stream, reinterpret_cast<const HPDF_BYTE*>(packed.data()),
                                      static_cast<HPDF_UINT>(packed.size()));
        dict->filter = HPDF_STREAM_FILTER_NONE;
        dict->write_fn = write_flate_filter;
        return dict;
    }
    void name(HPDF_Dict dict, const char* key, const std::string& value)
    {
        m_status += HPDF_Dict_AddName(dict, key, value.c_str());
    }
    void number(HPDF_Dict dict, const char* key, long value)
    {
        m_status += HPDF_Dict_AddNumber(dict, key, static_cast<HPDF_INT32>(value));
    }
    void real(HPDF_Dict dict, const char* key, double value)
    {
        m_status += HPDF_Dict_AddReal(dict, key, static_cast<HPDF_REAL>(value));
    }
    void add(HPDF_Dict dict, const char* key, void* object)
    {
        if (!object) fail_font(m_path, "out of memory");
        m_status += HPDF_Dict_Add(dict, key, object);
    }
    HPDF_Array array()
    {
        HPDF_Array out = HPDF_Array_New(m_doc->mmgr);
        if (!out) fail_font(m_path, "out of memory");
        return out;
    }
    void push(HPDF_Array array, long value) { m_status += HPDF_Array_AddNumber(array, static_cast<HPDF_INT32>(value)); }
    void push(HPDF_Array array, void* object)
    {
        if (!object) fail_font(m_path, "out of memory");
        m_status += HPDF_Array_Add(array, object);
    }
    void check() const
    {
        if (m_status != HPDF_OK) fail_font(m_path, "libharu could not make its objects");
    }
    HPDF_MMgr mmgr() const { return m_doc->mmgr; }

private:
    HPDF_Doc m_doc;
    const std::string& m_path;
    HPDF_STATUS m_status = HPDF_OK;
};

}  // namespace

EmbeddedFont::EmbeddedFont(HPDF_Doc doc, const std::string& path, const std::vector<char32_t>& code_points)
{
    const std::string program = subset_font(path, code_points);
    std::unique_ptr<hb_blob_t, void (*)(hb_blob_t*)> blob(
        hb_blob_create(program.data(), static_cast<unsigned>(program.size()), HB_MEMORY_MODE_READONLY, nullptr,
                       nullptr),
        hb_blob_destroy);
    std::unique_ptr<hb_face_t, void (*)(hb_face_t*)> face(hb_face_create(blob.get(), 0), hb_face_destroy);
    std::unique_ptr<hb_font_t, void (*)(hb_font_t*)> font(hb_font_create(face.get()), hb_font_destroy);

    const Table head(face.get(), "head"), hhea(face.get(), "hhea"), hmtx(face.get(), "hmtx"),
        os2(face.get(), "OS/2"), post(face.get(), "post");
    if (Table(face.get(), "glyf").empty()) fail_font(path, "not a TrueType font (no glyf table)");
    if (head.size() < 54 || hhea.size() < 36 || hmtx.empty()) fail_font(path, "a required table is missing");
    const int units_per_em = head.u16(18);
    if (units_per_em < 16 || units_per_em > 16384) fail_font(path, "units per em out of range");
    // fsType: restricted licence (2), no subsetting (0x100), bitmap only (0x200).
    if (os2.u16(8) & (0x0002 | 0x0100 | 0x0200)) fail_font(path, "its licence forbids embedding a subset");

    const unsigned glyphs = hb_face_get_glyph_count(face.get());
    const unsigned metrics = std::min<unsigned>(hhea.u16(34), static_cast<unsigned>(hmtx.size() / 4));
    if (glyphs == 0 || metrics == 0) fail_font(path, "no glyphs");
    auto glyph_width = [&](unsigned gid) {
        const unsigned at = std::min(gid, metrics - 1);  // past the long metrics, the last advance
        return static_cast<uint16_t>(static_cast<unsigned>(hmtx.u16(4 * at)) * 1000 / units_per_em);
    };
    const uint16_t default_width = glyph_width(0);

    // The CIDs (code points) with a glyph, their glyphs and widths.
    std::vector<char32_t> cids;
    std::vector<uint16_t> gid_of;
    m_width.assign(0x10000, default_width);
    for (char32_t c : code_points) {
        hb_codepoint_t gid = 0;
        if (c == 0 || c > 0xFFFF || !hb_font_get_nominal_glyph(font.get(), c, &gid) || gid == 0 || gid >= glyphs)
            continue;
        cids.push_back(c);
        gid_of.push_back(static_cast<uint16_t>(gid));
        m_width[c] = glyph_width(gid);
    }

    char name_buffer[128];
    unsigned name_length = sizeof name_buffer;
    hb_ot_name_get_utf8(face.get(), HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &name_length, name_buffer);
    std::string postscript_name(name_buffer, std::min<size_t>(name_length, sizeof name_buffer - 1));
    // A PDF name: printable ASCII without delimiters (the OpenType spec allows no others).
    postscript_name.erase(std::remove_if(postscript_name.begin(), postscript_name.end(),
                                         [](char c) {
                                             return c <= ' ' || c > '~' ||
                                                    std::string_view("[](){}<>/%#").find(c) != std::string_view::npos;
                                         }),
                          postscript_name.end());
    if (postscript_name.empty()) fail_font(path, "no PostScript name");
    const std::string base_font = subset_tag(postscript_name, cids) + "+" + postscript_name;

    Builder make(doc, path);

    // The font program and the maps.
    HPDF_Dict program_stream = make.deflated_stream(program);
    make.number(program_stream, "Length1", static_cast<long>(program.size()));
    const size_t entries = cids.empty() ? 1 : cids.back() + 1;
    std::string map(2 * entries, '\0');
    for (size_t k = 0; k < cids.size(); ++k) {
        map[2 * cids[k]] = static_cast<char>(gid_of[k] >> 8);
        map[2 * cids[k] + 1] = static_cast<char>(gid_of[k] & 0xFF);
    }
    HPDF_Dict map_stream = make.deflated_stream(map);
    std::string cid_set((entries + 7) / 8, '\0');  // one bit per CID the map covers, MSB first
    for (size_t cid = 0; cid < entries; ++cid) cid_set[cid / 8] = static_cast<char>(cid_set[cid / 8] | (0x80 >> (cid % 8)));
    HPDF_Dict cid_set_stream = make.deflated_stream(cid_set);
    HPDF_Dict to_unicode = make.deflated_stream(to_unicode_cmap(cids));

    // The descriptor.
    const bool bold = head.u16(44) & 1, italic_style = head.u16(44) & 2;
    const double italic_angle = static_cast<int32_t>(post.u32(4)) / 65536.0;
    const unsigned family_class = os2.u16(30) >> 8;
    long flags = 0;
    if (post.u32(12) != 0) flags |= 1;                                              // FixedPitch
    if ((family_class > 0 && family_class < 6) || family_class == 7) flags |= 2;  // Serif
    if (family_class == 12) flags |= 4;                                             // Symbolic
    else flags |= 32;                                                               // Nonsymbolic
    if (family_class == 10) flags |= 8;                                             // Script
    if (italic_style || italic_angle != 0) flags |= 64;                             // Italic
    if (bold) flags |= 1 << 18;                                                     // ForceBold
    HPDF_Dict descriptor = make.indirect_dict();
    make.name(descriptor, "Type", "FontDescriptor");
    make.name(descriptor, "FontName", base_font);
    make.number(descriptor, "Flags", flags);
    HPDF_Array box = make.array();
    make.add(descriptor, "FontBBox", box);
    for (size_t at : {36, 38, 40, 42}) make.push(box, thousandths(head.s16(at), units_per_em));
    make.real(descriptor, "ItalicAngle", italic_angle);
    make.number(descriptor, "Ascent", thousandths(hhea.s16(4), units_per_em));
    make.number(descriptor, "Descent", thousandths(hhea.s16(6), units_per_em));
    const int cap_height = os2.u16(0) >= 2 ? os2.s16(88) : 0;
    make.number(descriptor, "CapHeight",
                cap_height > 0 ? rounded_thousandths(cap_height, units_per_em) : thousandths(hhea.s16(4), units_per_em));
    if (const int x_height = os2.u16(0) >= 2 ? os2.s16(86) : 0; x_height > 0)
        make.number(descriptor, "XHeight", rounded_thousandths(x_height, units_per_em));
    // A stem width from the weight class (100-900), as PDF writers estimate it.
    const int weight = std::clamp<int>(os2.empty() ? 400 : os2.u16(4), 100, 900);
    make.number(descriptor, "StemV", 10 + 220 * (weight - 50) / 900);
    make.add(descriptor, "CIDSet", cid_set_stream);
    make.add(descriptor, "FontFile2", program_stream);

    // The CIDFont.
    HPDF_Dict cid_font = make.indirect_dict();
    make.name(cid_font, "Type", "Font");
    make.name(cid_font, "Subtype", "CIDFontType2");
    make.name(cid_font, "BaseFont", base_font);
    HPDF_Dict system_info = HPDF_Dict_New(make.mmgr());
    make.add(cid_font, "CIDSystemInfo", system_info);
    make.add(system_info, "Registry", HPDF_String_New(make.mmgr(), "Adobe", nullptr));
    make.add(system_info, "Ordering", HPDF_String_New(make.mmgr(), "Identity", nullptr));
    make.number(system_info, "Supplement", 0);
    make.add(cid_font, "FontDescriptor", descriptor);
    make.number(cid_font, "DW", default_width);
    HPDF_Array widths = make.array();
    make.add(cid_font, "W", widths);
    HPDF_Array group = nullptr;  // the widths of consecutive CIDs from one first CID
    char32_t previous = 0;
    for (char32_t c : cids) {
        if (m_width[c] == default_width) {
            group = nullptr;
            continue;
        }
        if (!group || c != previous + 1) {
            make.push(widths, static_cast<long>(c));
            group = make.array();
            make.push(widths, group);
        }
        make.push(group, m_width[c]);
        previous = c;
    }
    make.add(cid_font, "CIDToGIDMap", map_stream);

    // The Type0 font the pages name.
    m_font = make.indirect_dict();
    make.name(m_font, "Type", "Font");
    make.name(m_font, "Subtype", "Type0");
    make.name(m_font, "BaseFont", base_font);
    make.name(m_font, "Encoding", "Identity-H");
    HPDF_Array descendants = make.array();
    make.add(m_font, "DescendantFonts", descendants);
    make.push(descendants, cid_font);
    make.add(m_font, "ToUnicode", to_unicode);
    make.check();
}

HPDF_STATUS write_flate_filter(HPDF_Dict, HPDF_Stream stream)
{
    return HPDF_Stream_WriteStr(stream, "/Filter [/FlateDecode]\012");
}

double EmbeddedFont::text_width(std::string_view utf8) const
{
    uint64_t width = 0;
    for_each_code_point(utf8, [&](char32_t c) { width += m_width[c <= 0xFFFF ? c : U' ']; });
    return static_cast<double>(width);
}

}  // namespace protokoll::write
