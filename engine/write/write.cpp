// write: typeset::Pages -> PDF bytes with libharu 2.3.
//
// libharu is the page writer and object store here: pages, their content
// streams, images, and the font objects fonts.cpp makes in their final form.
// Annotations, form fields, metadata and the PDF/A claims are finish's job
// (PoDoFo); the libharu quirks it repairs are documented there (finish.cpp).
#include "write/write.h"

#include "fonts.h"

#include "typeset/utf8.h"

#include "base/compress.h"
#include "base/diagnostic.h"
#include "base/files.h"
#include "base/time.h"

#include <hpdf.h>
#include <png.h>
// libharu has no API for marked content; these internal headers give the
// page's content stream (HPDF_PageAttr::stream) to write BDC/EMC into.
#include <hpdf_encoder.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace protokoll::write {
namespace {

// The code points each face shows, ascending: the runs' text, and for the
// regular face the characters signing draws later (Pages::reserved_characters).
// Marked in a bit per BMP code point, read back a 64-bit word at a time (a
// std::set cost 100 instructions a character); a std::set only beyond.
std::vector<std::vector<char32_t>> code_points_by_face(const typeset::Pages& pages)
{
    constexpr size_t WORDS = 0x10000 / 64;
    std::vector<uint64_t> basic(document::FACE_COUNT * WORDS);
    std::vector<std::set<char32_t>> astral(document::FACE_COUNT);
    auto mark = [&](int face, const std::string& text) {
        uint64_t* bits = basic.data() + face * WORDS;
        for (char32_t c : typeset::decode_utf8(text, {})) {
            if (c < 0x10000)
                bits[c >> 6] |= uint64_t{1} << (c & 63);
            else
                astral[face].insert(c);
        }
    };
    for (const typeset::Page& page : pages.pages)
        for (const typeset::GlyphRun& run : page.runs) {
            const int face = static_cast<int>(run.face);
            if (face < 0 || face >= document::FACE_COUNT) continue;  // font() refuses it
            mark(face, run.text);
        }
    mark(static_cast<int>(typeset::Face::Regular), pages.reserved_characters);
    std::vector<std::vector<char32_t>> out(document::FACE_COUNT);
    for (int face = 0; face < document::FACE_COUNT; ++face) {
        const uint64_t* bits = basic.data() + face * WORDS;
        for (size_t word = 0; word < WORDS; ++word)
            for (uint64_t rest = bits[word]; rest != 0; rest &= rest - 1)
                out[face].push_back(static_cast<char32_t>(word * 64 + static_cast<size_t>(__builtin_ctzll(rest))));
        out[face].insert(out[face].end(), astral[face].begin(), astral[face].end());
    }
    return out;
}

const char* error_name(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    // HPDF_LIMIT_MAX_ARRAY: the page tree's /Kids past 32 767 pages, which
    // typeset::MAX_PAGES keeps us far from.
    case HPDF_ARRAY_COUNT_ERR: return "more than 32 767 entries in one PDF array (libharu's limit)";
    case HPDF_FILE_IO_ERROR: return "file I/O error";
    case HPDF_FILE_OPEN_ERROR: return "cannot open file";
    case HPDF_INVALID_PARAMETER: return "invalid parameter";
    case HPDF_PAGE_INVALID_SIZE: return "invalid page size";
    case HPDF_PAGE_INVALID_GMODE: return "operator not allowed in the current graphics mode";
    case HPDF_REAL_OUT_OF_RANGE: return "number out of range";
    case HPDF_STRING_OUT_OF_RANGE: return "string too long";
    case HPDF_ZLIB_ERROR: return "zlib error";
    default: return "libharu error";
    }
}

// libharu is C: a C++ exception must not unwind through it. The handler only
// records the first error; Writer::check() turns it into a protokoll::Error
// after the libharu call has returned.
struct ErrorState {
    HPDF_STATUS code = HPDF_OK;
    HPDF_STATUS detail = 0;
};

void HPDF_STDCALL on_error(HPDF_STATUS code, HPDF_STATUS detail, void* user_data)
{
    auto* state = static_cast<ErrorState*>(user_data);
    if (state->code == HPDF_OK) {
        state->code = code;
        state->detail = detail;
    }
}

// "/Span <</ActualText <FEFF...>>> BDC": what text extraction reads instead
// of the glyphs up to the matching EMC (ISO 32000-1 § 14.9.4), as a UTF-16BE
// hex string. See typeset::GlyphRun::actual_text for why.
void begin_actual_text(HPDF_Page page, const std::string& utf8)
{
    static const char HEX[] = "0123456789ABCDEF";
    std::string op = "/Span <</ActualText <FEFF";
    auto unit = [&](unsigned u) {
        for (int shift = 12; shift >= 0; shift -= 4) op += HEX[(u >> shift) & 0xF];
    };
    // Run text was decoded (and rejected if malformed) by typeset already.
    for (char32_t c : typeset::decode_utf8(utf8, {})) {
        if (c >= 0x10000) {
            c -= 0x10000;
            unit(0xD800 + (c >> 10));
            unit(0xDC00 + (c & 0x3FF));
        } else {
            unit(c);
        }
    }
    op += ">>> BDC\n";
    HPDF_Stream_WriteStr(static_cast<HPDF_PageAttr>(page->attr)->stream, op.c_str());
}

// libharu refuses a string of more than HPDF_LIMIT_MAX_STRING_LEN (65 535)
// bytes ("string too long"), and PDF/A-2 allows none over 32 767 bytes
// (ISO 19005-2 § 6.1.13), which a run can reach (a 70 000-letter name under
// a signature field is one line). A Tj leaves the text position after its
// last glyph, so the run is shown in pieces, cut between characters, and
// looks the same. 8 192 bytes of UTF-8 are at most 8 192 characters, each
// two bytes (a CID) in the shown string: 16 384 bytes.
constexpr size_t MAX_SHOWN_BYTES = 8192;

// The end of the piece of `utf8` that starts at `at`: at most
// MAX_SHOWN_BYTES on, and never inside a character.
size_t piece_end(const std::string& utf8, size_t at)
{
    if (utf8.size() - at <= MAX_SHOWN_BYTES) return utf8.size();
    size_t cut = at + MAX_SHOWN_BYTES;
    while (cut > at && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80) --cut;
    return cut;
}

// A run as "<CIDs> Tj", in pieces: each CID (code point) in upper-case hex
// as libharu's HPDF_Page_ShowText wrote it, a character beyond the BMP as a
// space (U+0020, what libharu's UTF-8 encoder made of it: a 2-byte CID is a
// BMP code point).
void show_text(HPDF_Page page, const std::string& utf8)
{
    static const char HEX[] = "0123456789ABCDEF";
    HPDF_Stream stream = static_cast<HPDF_PageAttr>(page->attr)->stream;
    for (size_t at = 0; at < utf8.size();) {
        const size_t cut = piece_end(utf8, at);
        std::string op = "<";
        for (char32_t c : typeset::decode_utf8(std::string_view(utf8).substr(at, cut - at), {})) {
            if (c > 0xFFFF) c = U' ';
            for (int shift = 12; shift >= 0; shift -= 4) op += HEX[(c >> shift) & 0xF];
        }
        op += "> Tj\012";
        HPDF_Stream_WriteStr(stream, op.c_str());
        at = cut;
    }
}

// "/F1 11 Tf", as HPDF_Page_SetFontAndSize writes it: the font registered in
// the page's /Font resources under libharu's name for it, the size as
// libharu formats a number.
void set_font(HPDF_Page page, HPDF_Dict font, double size)
{
    if (!(size > 0 && size <= HPDF_MAX_FONTSIZE))
        throw Error(ErrorCode::Internal, SourceLocation{}, "write: font size " + std::to_string(size) + " out of range");
    HPDF_Stream stream = static_cast<HPDF_PageAttr>(page->attr)->stream;
    const char* name = HPDF_Page_GetLocalFontName(page, font);
    if (!name) throw Error(ErrorCode::Internal, SourceLocation{}, "write: cannot add a font to a page's resources");
    HPDF_Stream_WriteEscapeName(stream, name);
    char number[HPDF_REAL_LEN + 2] = {};
    HPDF_FToA(number, static_cast<HPDF_REAL>(size), number + sizeof number - 1);
    HPDF_Stream_WriteStr(stream, (std::string(" ") + number + " Tf\012").c_str());
}

// Whether the font shows every character of `utf8` as the CID of its code
// point (the BMP: a 2-byte CID holds no more).
bool basic_plane_only(const std::string& utf8)
{
    for (char32_t c : typeset::decode_utf8(utf8, {}))
        if (c > 0xFFFF) return false;
    return true;
}

// Runs one TJ can show: on one baseline, in one font, size, colour and
// scaling, of one structure element, none carrying an ActualText span.
bool same_show(const typeset::GlyphRun& a, const typeset::GlyphRun& b)
{
    return a.y == b.y && a.face == b.face && a.size == b.size && a.color == b.color &&
           a.horizontal_scale == b.horizontal_scale && a.element == b.element && !a.has_actual_text() &&
           !b.has_actual_text() && basic_plane_only(b.text);
}

// A TJ displacement, in thousandths of the font size: short, and never "-0".
// std::to_chars with a precision formats exactly as printf's "%.2f" in the C
// locale does, without printf's parsing and locale machinery (2 300
// instructions a number).
void append_number(std::string& out, double value)
{
    char buf[400];  // "%.2f" of the largest double is 312 characters
    const std::to_chars_result result = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 2);
    std::string_view number(buf, result.ec == std::errc() ? static_cast<size_t>(result.ptr - buf) : 0);
    while (!number.empty() && number.back() == '0') number.remove_suffix(1);
    if (!number.empty() && number.back() == '.') number.remove_suffix(1);
    if (number == "-0" || number.empty()) number = "0";
    out += number;
}

// The run's characters as the hex string of their CIDs (the code points),
// cut every 8 192 characters as show_text does.
void append_cids(std::string& out, const std::string& utf8)
{
    static const char HEX[] = "0123456789abcdef";
    size_t in_string = 0;
    out += '<';
    for (char32_t c : typeset::decode_utf8(utf8, {})) {
        if (in_string == MAX_SHOWN_BYTES) {
            out += "> <";
            in_string = 0;
        }
        for (int shift = 12; shift >= 0; shift -= 4) out += HEX[(c >> shift) & 0xF];
        ++in_string;
    }
    out += '>';
}

void end_marked_content(HPDF_Page page)
{
    HPDF_Stream_WriteStr(static_cast<HPDF_PageAttr>(page->attr)->stream, "EMC\n");
}

// The marked-content sequences of one page (ISO 32000-1 § 14.7, 14.8.2.2):
// content of a structure element gets the element's role as its tag and
// the next MCID, the rest is /Artifact. At most one sequence is open.
class MarkedPage {
public:
    MarkedPage(HPDF_Page page, const document::Structure& structure, std::vector<int>* mcids)
        : m_page(page), m_structure(structure), m_mcids(mcids) {}
    MarkedPage(const MarkedPage&) = delete;
    MarkedPage& operator=(const MarkedPage&) = delete;

    // Opens the sequence for `element` unless it is the open one.
    void mark(int element)
    {
        if (!m_mcids || (m_open && element == m_element)) return;
        close();
        std::string op;
        if (element == document::ARTIFACT || element < 0 ||
            static_cast<size_t>(element) >= m_structure.elements.size()) {
            op = "/Artifact BMC\n";
            element = document::ARTIFACT;
        } else {
            op = std::string("/") + document::role_name(m_structure.elements[element].role) + " <</MCID " +
                 std::to_string(m_mcids->size()) + ">> BDC\n";
            m_mcids->push_back(element);
        }
        HPDF_Stream_WriteStr(static_cast<HPDF_PageAttr>(m_page->attr)->stream, op.c_str());
        m_open = true;
        m_element = element;
    }
    // Each new sequence, even of the same element (an image after another).
    void mark_anew(int element)
    {
        close();
        mark(element);
    }
    void close()
    {
        if (m_open) end_marked_content(m_page);
        m_open = false;
    }

private:
    HPDF_Page m_page;
    const document::Structure& m_structure;
    std::vector<int>* m_mcids;  // null: draw no marked content
    bool m_open = false;
    int m_element = document::ARTIFACT;
};

// ---- images ------------------------------------------------------------
// A PNG decoded to 8-bit RGB, any alpha channel (or tRNS transparency)
// composited onto white. PDF/A-1 forbids soft masks (SMask) and transparency
// groups; a logo on a white page looks the same flattened, so the writer never
// embeds an alpha channel at all.
struct RgbImage {
    unsigned width = 0, height = 0;
    std::vector<unsigned char> pixels;  // row-major RGB, no padding
};

// A logo, not a photograph: far above this is a mistake in the layout.
constexpr unsigned long long MAX_IMAGE_PIXELS = 40'000'000;

[[noreturn]] void bad_image(const std::string& path, const std::string& why)
{
    throw Error(ErrorCode::BadInput, SourceLocation{path, 0, 0},
                "cannot use image " + path + ": " + why,
                {"images must be readable PNG files"});
}

RgbImage read_png_flattened(const std::string& path)
{
    // libpng's simplified API: it reports errors in image.message instead of
    // longjmp-ing through our frames.
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path.c_str())) {
        const std::string why = image.message;
        png_image_free(&image);
        bad_image(path, why.find("No such file") != std::string::npos ? "no such file" : why);
    }
    // Bounded from the header, before a byte of pixels is decoded.
    if (static_cast<unsigned long long>(image.width) * image.height > MAX_IMAGE_PIXELS) {
        png_image_free(&image);
        bad_image(path, std::to_string(image.width) + " x " + std::to_string(image.height) +
                            " pixels; the limit is " + std::to_string(MAX_IMAGE_PIXELS) + " pixels");
    }
    image.format = PNG_FORMAT_RGB;  // no alpha: libpng composites onto `background`
    RgbImage out;
    out.width = image.width;
    out.height = image.height;
    out.pixels.resize(PNG_IMAGE_SIZE(image));
    png_color white{255, 255, 255};
    if (!png_image_finish_read(&image, &white, out.pixels.data(), 0, nullptr)) {
        const std::string why = image.message;
        png_image_free(&image);
        bad_image(path, why);
    }
    return out;
}

// A logo as its XObject's data: the flattened pixels, deflated. Made once
// per file and process (a batch puts the same logo in every document) and
// made again when the file changes (base's file_identity).
struct EncodedImage {
    unsigned width = 0, height = 0;
    std::string deflated;
    bool png_rows = false;  // `deflated` is the PNG's own IDAT data: rows with PNG filter bytes
};

uint32_t be32(const unsigned char* p)
{
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// The IDAT data of a PNG whose pixels are, as they stand, what the PDF
// shows: 8-bit RGB, not interlaced, no transparency (tRNS) and no colour
// information but sRGB (which is the OutputIntent's), so nothing to flatten
// or convert. Empty for any other PNG. A PDF reads such data directly with
// /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns w >>
// (ISO 32000-1, 7.4.4.4). Called only on a file libpng has decoded
// without complaint, so its chunks' CRCs are good.
std::string png_rows_as_stored(const std::string& png)
{
    const auto* p = reinterpret_cast<const unsigned char*>(png.data());
    const size_t n = png.size();
    if (n < 8 + 25 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {};
    std::string idat;
    bool header = false;
    for (size_t at = 8; at + 12 <= n;) {
        const uint32_t length = be32(p + at);
        const std::string type = png.substr(at + 4, 4);
        if (length > n - at - 12) return {};
        const unsigned char* data = p + at + 8;
        if (type == "IHDR") {
            // width, height, bit depth 8, colour type 2 (RGB), compression 0, filter 0, no interlace
            if (length != 13 || data[8] != 8 || data[9] != 2 || data[10] != 0 || data[11] != 0 || data[12] != 0)
                return {};
            header = true;
        } else if (type == "IDAT") {
            idat.append(reinterpret_cast<const char*>(data), length);
        } else if (type == "IEND") {
            return header ? idat : std::string();
        } else if (type != "sRGB" && type != "pHYs" && type != "tIME" && type != "tEXt" && type != "zTXt" &&
                   type != "iTXt") {
            return {};  // tRNS, gAMA, cHRM, iCCP, sBIT, bKGD, PLTE, …: decoded and flattened instead
        }
        at += 12 + length;
    }
    return {};
}

std::shared_ptr<const EncodedImage> encoded_image(const std::string& path)
{
    const std::string identity = file_identity(path);
    static std::mutex mutex;
    static std::map<std::string, std::pair<std::string, std::shared_ptr<const EncodedImage>>> cache;
    {
        std::lock_guard<std::mutex> lock(mutex);
        auto found = cache.find(path);
        if (found != cache.end() && !identity.empty() && found->second.first == identity) return found->second.second;
    }
    const RgbImage rgb = read_png_flattened(path);  // reports a missing or bad file
    auto encoded = std::make_shared<EncodedImage>();
    encoded->width = rgb.width;
    encoded->height = rgb.height;
    encoded->deflated = png_rows_as_stored(read_file(path));
    encoded->png_rows = !encoded->deflated.empty();
    if (!encoded->png_rows)
        encoded->deflated = deflate_zlib(std::string_view(reinterpret_cast<const char*>(rgb.pixels.data()), rgb.pixels.size()));
    std::lock_guard<std::mutex> lock(mutex);
    cache[path] = {identity, encoded};
    return encoded;
}

// The same for a PNG's rows as stored: each begins with its PNG filter byte.
HPDF_STATUS write_png_rows_filter(HPDF_Dict image, HPDF_Stream stream)
{
    const auto* width = static_cast<HPDF_Number>(HPDF_Dict_GetItem(image, "Width", HPDF_OCLASS_NUMBER));
    if (!width) return HPDF_INVALID_OBJECT;
    const std::string keys = "/Filter [/FlateDecode]\012/DecodeParms [<< /Predictor 15 /Colors 3 "
                             "/BitsPerComponent 8 /Columns " + std::to_string(width->value) + " >>]\012";
    return HPDF_Stream_WriteStr(stream, keys.c_str());
}

// A finished page's content stream deflated at once by deflate_zlib
// (libdeflate: 2.3 times faster than the zlib libharu would use at save)
// and its plain bytes freed, so a long protocol's pages do not wait in
// memory uncompressed. Nothing draws on the page afterwards.
void deflate_content(HPDF_Page page)
{
    auto fail = [](const char* why) {
        throw Error(ErrorCode::Internal, SourceLocation{}, std::string("write: ") + why);
    };
    const auto attr = static_cast<HPDF_PageAttr>(page->attr);
    HPDF_Dict contents = attr->contents;
    if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION || !contents || contents->stream != attr->stream ||
        contents->filter != HPDF_STREAM_FILTER_NONE)
        fail("a page's content stream is not as libharu 2.3 leaves it");
    HPDF_Stream stream = attr->stream;
    std::string plain(HPDF_Stream_Size(stream), '\0');
    HPDF_UINT size = static_cast<HPDF_UINT>(plain.size());
    if (!plain.empty() && (HPDF_Stream_Seek(stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
                           HPDF_Stream_Read(stream, reinterpret_cast<HPDF_BYTE*>(&plain[0]), &size) != HPDF_OK ||
                           size != plain.size()))
        fail("cannot read back a page's content stream");
    const std::string packed = deflate_zlib(plain);
    HPDF_MemStream_FreeData(stream);
    if (HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(packed.data()),
                          static_cast<HPDF_UINT>(packed.size())) != HPDF_OK)
        fail("cannot store a page's deflated content");
    contents->write_fn = write_flate_filter;
}

class Writer {
public:
    Writer() : m_doc(HPDF_New(on_error, &m_error))
    {
        if (!m_doc)
            fail_internal("cannot create a libharu document");
    }
    ~Writer() { HPDF_Free(m_doc); }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // With `releasing` (the same Pages, writable), each page's runs are
    // dropped once the page is drawn.
    std::string run(const typeset::Pages& pages, const Options& options, typeset::MarkedContent& marked,
                    typeset::Pages* releasing);

private:
    void check(const char* what)
    {
        if (m_error.code != HPDF_OK) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "libharu: %s: %s (error 0x%04X, detail %u)", what,
                          error_name(m_error.code), static_cast<unsigned>(m_error.code),
                          static_cast<unsigned>(m_error.detail));
            fail_internal(buf);
        }
    }
    [[noreturn]] static void fail_internal(const std::string& message)
    {
        throw Error(ErrorCode::Internal, SourceLocation{}, message);
    }
    const EmbeddedFont& font(const typeset::Pages& pages, typeset::Face face);
    HPDF_Image image(const std::string& path);
    void draw_images(HPDF_Page page, MarkedPage& marks, const std::vector<typeset::ImageBox>& images);
    void set_creation_date(std::time_t timestamp);
    void draw_rules(HPDF_Page page, MarkedPage& marks, const std::vector<typeset::RuleLine>& rules);
    void draw_runs(HPDF_Page page, MarkedPage& marks, const typeset::Pages& pages,
                   const std::vector<typeset::GlyphRun>& runs);
    std::string save();

    ErrorState m_error;
    HPDF_Doc m_doc;
    std::unique_ptr<EmbeddedFont> m_fonts[document::FACE_COUNT];
    std::vector<std::vector<char32_t>> m_code_points;  // per face, ascending, for the subsets
    std::map<std::string, HPDF_Image> m_images;  // by path: a logo on every page is embedded once
};

// Embedded as a DeviceRGB 8-bit XObject (the OutputIntent makes it sRGB):
// an RGB PNG with nothing to flatten as its own rows, any other deflated.
// The XObject is made as HPDF_LoadRawImageFromMem makes it, but its stream
// is given the deflated pixels and left alone by libharu: its own path
// copied 270 KB of pixels a byte at a time and deflated them in every
// document.
HPDF_Image Writer::image(const std::string& path)
{
    auto found = m_images.find(path);
    if (found != m_images.end())
        return found->second;
    const std::shared_ptr<const EncodedImage> encoded = encoded_image(path);
    HPDF_Image loaded = HPDF_DictStream_New(m_doc->mmgr, m_doc->xref);
    check(("embedding image " + path).c_str());
    if (!loaded)
        fail_internal("libharu could not embed image " + path);
    loaded->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    HPDF_STATUS status = HPDF_Dict_AddName(loaded, "Type", "XObject");
    status += HPDF_Dict_AddName(loaded, "Subtype", "Image");
    status += HPDF_Dict_AddName(loaded, "ColorSpace", "DeviceRGB");
    status += HPDF_Dict_AddNumber(loaded, "Width", encoded->width);
    status += HPDF_Dict_AddNumber(loaded, "Height", encoded->height);
    status += HPDF_Dict_AddNumber(loaded, "BitsPerComponent", 8);
    status += HPDF_Stream_Write(loaded->stream, reinterpret_cast<const HPDF_BYTE*>(encoded->deflated.data()),
                                static_cast<HPDF_UINT>(encoded->deflated.size()));
    check(("embedding image " + path).c_str());
    if (status != HPDF_OK)
        fail_internal("libharu could not embed image " + path);
    loaded->filter = HPDF_STREAM_FILTER_NONE;
    loaded->write_fn = encoded->png_rows ? write_png_rows_filter : write_flate_filter;
    m_images.emplace(path, loaded);
    return loaded;
}

void Writer::draw_images(HPDF_Page page, MarkedPage& marks, const std::vector<typeset::ImageBox>& images)
{
    for (const typeset::ImageBox& box : images) {
        HPDF_Image xobject = image(box.path);
        marks.mark_anew(box.element);  // one Figure per image
        HPDF_Page_DrawImage(page, xobject, static_cast<HPDF_REAL>(box.area.x0),
                            static_cast<HPDF_REAL>(box.area.y0),
                            static_cast<HPDF_REAL>(box.area.x1 - box.area.x0),
                            static_cast<HPDF_REAL>(box.area.y1 - box.area.y0));
        check(("drawing image " + box.path).c_str());
    }
    marks.close();
}

// Embedded on first use, so faces the document never shows are not embedded.
const EmbeddedFont& Writer::font(const typeset::Pages& pages, typeset::Face face)
{
    const int index = static_cast<int>(face);
    if (index < 0 || index >= document::FACE_COUNT)
        fail_internal("write: glyph run with an invalid face");
    if (!m_fonts[index]) {
        const std::string& path = pages.fonts.path[index];
        if (path.empty())
            fail_internal("write: no font file for face " + std::to_string(index));
        m_fonts[index] = std::make_unique<EmbeddedFont>(m_doc, path, m_code_points[index]);
        check(("embedding font " + path).c_str());
    }
    return *m_fonts[index];
}

// Only CreationDate (from the caller's timestamp, UTC): libharu never reads
// the clock itself, so the output is a pure function of the input.
void Writer::set_creation_date(std::time_t timestamp)
{
    if (timestamp == 0)
        return;
    const LocalTime utc = utc_time(timestamp);
    HPDF_Date date{};
    date.year = utc.year;
    date.month = utc.month;
    date.day = utc.day;
    date.hour = utc.hour;
    date.minutes = utc.minute;
    date.seconds = utc.second;
    date.ind = 'Z';
    HPDF_SetInfoDateAttr(m_doc, HPDF_INFO_CREATION_DATE, date);
    check("setting CreationDate");
}

void Writer::draw_rules(HPDF_Page page, MarkedPage& marks, const std::vector<typeset::RuleLine>& rules)
{
    if (!rules.empty()) marks.mark(document::ARTIFACT);  // lines under fields: decoration
    for (const typeset::RuleLine& rule : rules) {
        HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(rule.width));
        HPDF_Page_SetRGBStroke(page, static_cast<HPDF_REAL>(rule.color.r),
                               static_cast<HPDF_REAL>(rule.color.g),
                               static_cast<HPDF_REAL>(rule.color.b));
        HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(rule.x0), static_cast<HPDF_REAL>(rule.y0));
        HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(rule.x1), static_cast<HPDF_REAL>(rule.y1));
        HPDF_Page_Stroke(page);
    }
    marks.close();
    check("drawing rules");
}

// One text object per page; font and colour operators only when they
// change, which keeps the content streams small.
void Writer::draw_runs(HPDF_Page page, MarkedPage& marks, const typeset::Pages& pages,
                       const std::vector<typeset::GlyphRun>& runs)
{
    if (runs.empty())
        return;
    HPDF_Page_BeginText(page);
    const EmbeddedFont* current_font = nullptr;
    double current_size = -1;
    typeset::Color current_color{-1, -1, -1};
    double current_scale = 100;  // Tz's initial value
    for (size_t i = 0; i < runs.size();) {
        const typeset::GlyphRun& run = runs[i];
        if (run.text.empty()) {
            ++i;
            continue;
        }
        const EmbeddedFont& f = font(pages, run.face);
        marks.mark(run.element);
        if (&f != current_font || run.size != current_size) {
            set_font(page, f.dictionary(), run.size);
            current_font = &f;
            current_size = run.size;
        }
        if (!(run.color == current_color)) {
            HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(run.color.r),
                                 static_cast<HPDF_REAL>(run.color.g),
                                 static_cast<HPDF_REAL>(run.color.b));
            current_color = run.color;
        }
        // Font expansion (GlyphRun::horizontal_scale): Tz, which scales the
        // glyphs' advances as well, so the run ends where the typesetter
        // placed the next one.
        if (run.horizontal_scale != current_scale) {
            HPDF_Page_SetHorizontalScalling(page, static_cast<HPDF_REAL>(run.horizontal_scale));
            current_scale = run.horizontal_scale;
        }
        HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, static_cast<HPDF_REAL>(run.x),
                                static_cast<HPDF_REAL>(run.y));
        if (run.has_actual_text() || !basic_plane_only(run.text)) {
            if (run.has_actual_text())
                begin_actual_text(page, *run.actual_text);
            show_text(page, run.text);
            if (run.has_actual_text())
                end_marked_content(page);
            check("showing text");
            ++i;
            continue;
        }
        // The runs of a line (a justified line's words, a kern inside a
        // word) in one TJ: each displacement moves the pen from where the
        // previous run's glyphs end (their widths as the font's /W gives
        // them) to where typeset placed the next, so every glyph stands
        // where a Tm per run would put it, in a third of the bytes.
        std::string op = "[";
        double pen = run.x;
        size_t last = i;
        for (size_t j = i;;) {
            const typeset::GlyphRun& shown = runs[j];
            if (j != i) {
                op += ' ';
                append_number(op, -(shown.x - pen) * 1000.0 / (shown.size * shown.horizontal_scale / 100.0));
                op += ' ';
            }
            append_cids(op, shown.text);
            pen = shown.x + f.text_width(shown.text) / 1000.0 * shown.size * shown.horizontal_scale / 100.0;
            last = j;
            size_t next = j + 1;
            while (next < runs.size() && runs[next].text.empty()) ++next;
            if (next == runs.size() || !same_show(run, runs[next])) break;
            j = next;
        }
        op += "] TJ\n";
        HPDF_Stream_WriteStr(static_cast<HPDF_PageAttr>(page->attr)->stream, op.c_str());
        i = last + 1;
    }
    if (current_scale != 100) HPDF_Page_SetHorizontalScalling(page, 100);  // leave Tz as found
    marks.close();
    HPDF_Page_EndText(page);
    check("ending a text object");
}

std::string Writer::save()
{
    HPDF_SaveToStream(m_doc);
    check("saving");
    std::string bytes(HPDF_GetStreamSize(m_doc), '\0');
    HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
    HPDF_ReadFromStream(m_doc, reinterpret_cast<HPDF_BYTE*>(&bytes[0]), &size);
    // ReadFromStream reports HPDF_STREAM_EOF once the stream is drained: not an error.
    if (m_error.code == HPDF_STREAM_EOF)
        m_error = ErrorState{};
    check("reading the saved document");
    bytes.resize(size);
    return bytes;
}

std::string Writer::run(const typeset::Pages& pages, const Options& options, typeset::MarkedContent& marked,
                        typeset::Pages* releasing)
{
    const bool tagged = !pages.structure.elements.empty();
    marked.pages.assign(tagged ? pages.pages.size() : 0, {});
    size_t index = 0;
    // Content, images and fonts deflated here, by deflate_zlib
    // (deflate_content, encoded_image, EmbeddedFont), not by libharu.
    HPDF_SetCompressionMode(m_doc, HPDF_COMP_NONE);
    check("setup");
    set_creation_date(options.timestamp);
    m_code_points = code_points_by_face(pages);  // before any page's runs are released
    for (const typeset::Page& page_in : pages.pages) {
        HPDF_Page page = HPDF_AddPage(m_doc);
        check("adding a page");
        HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(pages.width));
        HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(pages.height));
        check("setting the page size");
        // Images and rules first: libharu forbids them inside a text object.
        MarkedPage marks(page, pages.structure, tagged ? &marked.pages[index] : nullptr);
        draw_images(page, marks, page_in.images);
        draw_rules(page, marks, page_in.rules);
        draw_runs(page, marks, pages, page_in.runs);
        deflate_content(page);
        if (releasing) typeset::release_glyph_runs(*releasing, index);
        ++index;
    }
    return save();
}

}  // namespace

std::string write_pdf(const typeset::Pages& pages, const Options& options)
{
    typeset::MarkedContent marked;
    return write_pdf(pages, options, marked);
}

namespace {

std::string write_checked(const typeset::Pages& pages, const Options& options, typeset::MarkedContent& marked,
                          typeset::Pages* releasing)
{
    if (pages.pages.empty())
        throw Error(ErrorCode::Internal, SourceLocation{}, "write: no pages to write");
    // typeset stops at MAX_PAGES with the reason; more here is a caller's bug.
    if (pages.pages.size() > static_cast<size_t>(typeset::MAX_PAGES))
        throw Error(ErrorCode::Internal, SourceLocation{},
                    "write: " + std::to_string(pages.pages.size()) + " pages; the limit is " +
                        std::to_string(typeset::MAX_PAGES));
    Writer writer;
    return writer.run(pages, options, marked, releasing);
}

}  // namespace

std::string write_pdf(const typeset::Pages& pages, const Options& options, typeset::MarkedContent& marked)
{
    return write_checked(pages, options, marked, nullptr);
}

std::string write_pdf_releasing_runs(typeset::Pages& pages, const Options& options, typeset::MarkedContent& marked)
{
    return write_checked(pages, options, marked, &pages);
}

}  // namespace protokoll::write
