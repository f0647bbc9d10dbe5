// finish's small PoDoFo helpers, shared by its annotations, structure and
// metadata (private to finish: PoDoFo stays out of finish.h).
#pragma once

#include "typeset/pages.h"

#include <podofo/podofo.h>

#include <cstdarg>
#include <string>
#include <string_view>
#include <vector>

namespace protokoll::finish {

[[noreturn]] void fail_internal(const std::string& message);

// A PDF text string: PDFDocEncoding for ASCII, UTF-16BE with BOM otherwise.
PoDoFo::PdfString text_string(const std::string& utf8);

// Integers always as PdfObject: GCC treats a constant 0 of integer type as a
// null pointer constant, so AddKey(key, pdf_int64(0)) would pick the
// AddKey(key, const PdfObject*) overload and crash.
inline PoDoFo::PdfObject integer(long value) { return PoDoFo::PdfObject(static_cast<PoDoFo::pdf_int64>(value)); }

PoDoFo::PdfArray rect_array(const typeset::Rect& r);

// `bytes` as the stream of `object`, deflated by deflate_zlib (libdeflate,
// 2.3 times faster than the zlib PoDoFo's own Set would use), /Filter
// /FlateDecode.
void set_deflated(PoDoFo::PdfObject& object, std::string_view bytes);

// PoDoFo's output devices format every number and name twice (vsnprintf
// to measure, then again to write): 8 M instructions of a render's 10 M in
// PdfMemDocument::Write. This one formats once, appends to `out`, and
// leaves nothing to copy afterwards.
class StringOutputDevice final : public PoDoFo::PdfOutputDevice {
public:
    explicit StringOutputDevice(std::string& out) : m_out(out) {}
    size_t GetLength() const override { return m_out.size(); }
    void Print(const char* format, ...) override;
    void PrintV(const char* format, long length, va_list args) override;
    void Write(const char* bytes, size_t length) override;
    size_t Read(char* bytes, size_t length) override;
    void Seek(size_t offset) override;
    size_t Tell() const override { return m_at; }
    void Flush() override {}

private:
    std::string& m_out;
    size_t m_at = 0;
};

// The page objects in document order, found by one walk of the page tree.
// (PdfMemDocument::GetPage(i) walks the tree from its root for every page
// not yet cached: quadratic, 3.9 s of finish for 2 500 pages.)
std::vector<PoDoFo::PdfObject*> page_objects(PoDoFo::PdfMemDocument& doc);

}  // namespace protokoll::finish
