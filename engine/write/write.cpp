// write: typeset::Pages -> PDF bytes with libharu 2.3.
//
// libharu is only a content-stream and font-embedding engine here: annotations,
// form fields, metadata and every PDF/A repair are finish's job (PoDoFo), so this
// file stays small and all libharu quirks are documented in one place (finish.cpp).
#include "write/write.h"

#include "base/diagnostic.h"

#include <hpdf.h>

#include <cstdio>
#include <ctime>
#include <string>

namespace protokoll::write {
namespace {

const char* error_name(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_IO_ERROR: return "file I/O error";
    case HPDF_FILE_OPEN_ERROR: return "cannot open file";
    case HPDF_FONT_EXISTS: return "font already loaded";
    case HPDF_INVALID_FONTDEF_DATA: return "invalid font data";
    case HPDF_INVALID_ENCODER: return "invalid encoder";
    case HPDF_INVALID_ENCODING_NAME: return "invalid encoding name";
    case HPDF_INVALID_FONT_NAME: return "invalid font name";
    case HPDF_INVALID_PARAMETER: return "invalid parameter";
    case HPDF_PAGE_INVALID_SIZE: return "invalid page size";
    case HPDF_PAGE_INVALID_FONT_SIZE: return "invalid font size";
    case HPDF_PAGE_INVALID_GMODE: return "operator not allowed in the current graphics mode";
    case HPDF_PAGE_FONT_NOT_FOUND: return "no font set before showing text";
    case HPDF_REAL_OUT_OF_RANGE: return "number out of range";
    case HPDF_STRING_OUT_OF_RANGE: return "string too long";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "font license forbids embedding";
    case HPDF_TTF_INVALID_CMAP: return "TrueType font has no usable cmap";
    case HPDF_TTF_INVALID_FOMAT: return "not a valid TrueType font";
    case HPDF_TTF_MISSING_TABLE: return "TrueType font lacks a required table";
    case HPDF_UNSUPPORTED_FONT_TYPE: return "unsupported font type";
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

    std::string run(const typeset::Pages& pages, const Options& options);

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
    HPDF_Font font(const typeset::Pages& pages, typeset::Face face);

    ErrorState m_error;
    HPDF_Doc m_doc;
    HPDF_Font m_fonts[document::FACE_COUNT] = {};
};

// Loaded on first use, so faces the document never shows are not embedded.
HPDF_Font Writer::font(const typeset::Pages& pages, typeset::Face face)
{
    const int index = static_cast<int>(face);
    if (index < 0 || index >= document::FACE_COUNT)
        fail_internal("write: glyph run with an invalid face");
    if (!m_fonts[index]) {
        const std::string& path = pages.fonts.path[index];
        if (path.empty())
            fail_internal("write: no font file for face " + std::to_string(index));
        const char* name = HPDF_LoadTTFontFromFile(m_doc, path.c_str(), HPDF_TRUE);
        check(("loading font " + path).c_str());
        m_fonts[index] = HPDF_GetFont(m_doc, name, "UTF-8");
        check(("selecting UTF-8 encoding for " + path).c_str());
    }
    return m_fonts[index];
}

std::string Writer::run(const typeset::Pages& pages, const Options& options)
{
    HPDF_UseUTFEncodings(m_doc);
    HPDF_SetCompressionMode(m_doc, HPDF_COMP_ALL);
    check("setup");

    // Only CreationDate (from the caller's timestamp, UTC): libharu never reads
    // the clock itself, so the output is a pure function of the input.
    if (options.timestamp != 0) {
        std::tm tm{};
        gmtime_r(&options.timestamp, &tm);
        HPDF_Date date{};
        date.year = tm.tm_year + 1900;
        date.month = tm.tm_mon + 1;
        date.day = tm.tm_mday;
        date.hour = tm.tm_hour;
        date.minutes = tm.tm_min;
        date.seconds = tm.tm_sec;
        date.ind = 'Z';
        HPDF_SetInfoDateAttr(m_doc, HPDF_INFO_CREATION_DATE, date);
        check("setting CreationDate");
    }

    for (const typeset::Page& page_in : pages.pages) {
        HPDF_Page page = HPDF_AddPage(m_doc);
        check("adding a page");
        HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(pages.width));
        HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(pages.height));
        check("setting the page size");

        // Rules first: libharu forbids path operators inside a text object.
        for (const typeset::RuleLine& rule : page_in.rules) {
            HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(rule.width));
            HPDF_Page_SetRGBStroke(page, static_cast<HPDF_REAL>(rule.color.r),
                                   static_cast<HPDF_REAL>(rule.color.g),
                                   static_cast<HPDF_REAL>(rule.color.b));
            HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(rule.x0), static_cast<HPDF_REAL>(rule.y0));
            HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(rule.x1), static_cast<HPDF_REAL>(rule.y1));
            HPDF_Page_Stroke(page);
        }
        check("drawing rules");

        if (page_in.runs.empty())
            continue;
        // One text object per page; font and colour operators only when they
        // change, which keeps the content streams small.
        HPDF_Page_BeginText(page);
        HPDF_Font current_font = nullptr;
        double current_size = -1;
        typeset::Color current_color{-1, -1, -1};
        for (const typeset::GlyphRun& run : page_in.runs) {
            if (run.text.empty())
                continue;
            HPDF_Font f = font(pages, run.face);
            if (f != current_font || run.size != current_size) {
                HPDF_Page_SetFontAndSize(page, f, static_cast<HPDF_REAL>(run.size));
                current_font = f;
                current_size = run.size;
            }
            if (!(run.color == current_color)) {
                HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(run.color.r),
                                     static_cast<HPDF_REAL>(run.color.g),
                                     static_cast<HPDF_REAL>(run.color.b));
                current_color = run.color;
            }
            // Absolute position: runs of a justified line are placed independently.
            HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, static_cast<HPDF_REAL>(run.x),
                                    static_cast<HPDF_REAL>(run.y));
            HPDF_Page_ShowText(page, run.text.c_str());
            check("showing text");
        }
        HPDF_Page_EndText(page);
        check("ending a text object");
    }

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

}  // namespace

std::string write_pdf(const typeset::Pages& pages, const Options& options)
{
    if (pages.pages.empty())
        throw Error(ErrorCode::Internal, SourceLocation{}, "write: no pages to write");
    Writer writer;
    return writer.run(pages, options);
}

}  // namespace protokoll::write
