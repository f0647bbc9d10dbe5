// write's fonts: each face a document shows, embedded as the PDF/A file
// keeps it (see fonts.cpp). Private to write.
#pragma once

#include <hpdf.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace protokoll::write {

// A TrueType face cut down to the document's characters and added to a
// libharu document as a Type0 font (Identity-H, CID = Unicode code point)
// with its CIDFontType2, descriptor, font program, CIDToGIDMap, CIDSet and
// ToUnicode, each object in its final form.
class EmbeddedFont {
public:
    // Subsets the font at `path` to `code_points` (ascending) and adds its
    // objects to `doc`. Throws Error when the font cannot be embedded.
    EmbeddedFont(HPDF_Doc doc, const std::string& path, const std::vector<char32_t>& code_points);

    // The Type0 font dictionary, for a page's /Font resources.
    HPDF_Dict dictionary() const { return m_font; }

    // The advance of `utf8` in thousandths of the font size, as the font's
    // /W and /DW give it (a character beyond the BMP counts as a space, as
    // show_text draws it).
    double text_width(std::string_view utf8) const;

private:
    HPDF_Dict m_font = nullptr;
    std::vector<uint16_t> m_width;  // by BMP code point, in thousandths of an em
};

// Writes /Filter for a stream deflated by write (a font's, a page's
// content, an image): libharu writes it only for streams it compresses.
HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream);

}  // namespace protokoll::write
