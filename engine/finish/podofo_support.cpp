#include "podofo_support.h"

#include "base/compress.h"
#include "base/diagnostic.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cstdio>

namespace protokoll::finish {

using namespace PoDoFo;

void fail_internal(const std::string& message)
{
    throw Error(ErrorCode::Internal, SourceLocation{}, "finish: " + message);
}

PdfString text_string(const std::string& utf8)
{
    for (unsigned char c : utf8)
        if (c >= 0x80)
            return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));
    return PdfString(utf8);
}

PdfArray rect_array(const typeset::Rect& r)
{
    PdfArray a;
    a.push_back(PdfVariant(r.x0));
    a.push_back(PdfVariant(r.y0));
    a.push_back(PdfVariant(r.x1));
    a.push_back(PdfVariant(r.y1));
    return a;
}

std::vector<PdfObject*> page_objects(PdfMemDocument& doc)
{
    std::vector<PdfObject*> pages;
    PdfObject* root = doc.GetCatalog()->GetIndirectKey("Pages");
    if (!root || !root->IsDictionary())
        fail_internal("the PDF has no page tree");
    // write's own output: libharu writes one /Pages node (or a few); the
    // depth bound only keeps a broken tree from recursing without end.
    struct Walk {
        PdfMemDocument& doc;
        std::vector<PdfObject*>& pages;
        void node(PdfObject& pages_node, int depth)
        {
            if (depth > 64)
                fail_internal("the page tree is deeper than 64");
            PdfObject* kids = pages_node.GetIndirectKey("Kids");
            if (!kids || !kids->IsArray())
                fail_internal("a /Pages node without /Kids");
            for (const PdfObject& kid : kids->GetArray()) {
                PdfObject* object = kid.IsReference() ? doc.GetObjects().GetObject(kid.GetReference()) : nullptr;
                if (!object || !object->IsDictionary())
                    fail_internal("a page tree entry that is not a dictionary");
                const PdfObject* type = object->GetDictionary().GetKey("Type");
                if (type && type->IsName() && type->GetName() == PdfName("Pages"))
                    node(*object, depth + 1);
                else
                    pages.push_back(object);
            }
        }
    };
    Walk{doc, pages}.node(*root, 0);
    return pages;
}

// PoDoFo's writer prints constant tokens ("<<", "/", "endobj") and numbers
// through Print: of some 6 000 calls for the 2019 example, 1 470 convert
// anything ("%i %hi R" 744, "%ld" 474, "%i %i obj\n" 251, the header once).
// Those three and the constants go straight to Write (std::to_chars gives
// printf's digits); anything else through vsnprintf.
void StringOutputDevice::Print(const char* format, ...)
{
    if (!std::strchr(format, '%')) {
        Write(format, std::strlen(format));
        return;
    }
    const bool reference = std::strcmp(format, "%i %hi R") == 0, object = std::strcmp(format, "%i %i obj\n") == 0;
    if (reference || object || std::strcmp(format, "%ld") == 0) {
        char digits[48];
        char* at = digits;
        char* const end = digits + sizeof digits;
        va_list args;
        va_start(args, format);
        if (reference || object) {
            at = std::to_chars(at, end, va_arg(args, int)).ptr;
            *at++ = ' ';
            const int second = va_arg(args, int);  // %hi arrives promoted to int
            at = std::to_chars(at, end, reference ? static_cast<short>(second) : second).ptr;
            for (const char* rest = reference ? " R" : " obj\n"; *rest; ++rest) *at++ = *rest;
        } else {
            at = std::to_chars(at, end, va_arg(args, long)).ptr;
        }
        va_end(args);
        Write(digits, static_cast<size_t>(at - digits));
        return;
    }
    char small[256];
    va_list args;
    va_start(args, format);
    const int length = std::vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (length < 0) fail_internal("formatting PDF output failed");
    if (static_cast<size_t>(length) < sizeof small) {
        Write(small, static_cast<size_t>(length));
        return;
    }
    va_start(args, format);
    PrintV(format, length, args);
    va_end(args);
}

void StringOutputDevice::PrintV(const char* format, long length, va_list args)
{
    if (length < 0) fail_internal("formatting PDF output failed");
    std::string text(static_cast<size_t>(length) + 1, '\0');
    const int written = std::vsnprintf(&text[0], text.size(), format, args);
    if (written < 0) fail_internal("formatting PDF output failed");
    Write(text.data(), std::min(static_cast<size_t>(written), static_cast<size_t>(length)));
}

void StringOutputDevice::Write(const char* bytes, size_t length)
{
    if (m_at == m_out.size()) {
        m_out.append(bytes, length);
    } else {
        if (m_at + length > m_out.size()) m_out.resize(m_at + length);
        m_out.replace(m_at, length, bytes, length);
    }
    m_at += length;
}

size_t StringOutputDevice::Read(char* bytes, size_t length)
{
    const size_t n = m_at < m_out.size() ? std::min(length, m_out.size() - m_at) : 0;
    m_out.copy(bytes, n, m_at);
    m_at += n;
    return n;
}

void StringOutputDevice::Seek(size_t offset)
{
    if (offset > m_out.size()) PODOFO_RAISE_ERROR(ePdfError_ValueOutOfRange);
    m_at = offset;
}

void set_deflated(PdfObject& object, std::string_view bytes)
{
    const std::string packed = deflate_zlib(bytes);
    PdfMemoryInputStream input(packed.data(), static_cast<pdf_long>(packed.size()));
    object.GetStream()->SetRawData(&input, static_cast<pdf_long>(packed.size()));
    object.GetDictionary().RemoveKey("DecodeParms");
    object.GetDictionary().AddKey(PdfName::KeyFilter, PdfName("FlateDecode"));
}

}  // namespace protokoll::finish
