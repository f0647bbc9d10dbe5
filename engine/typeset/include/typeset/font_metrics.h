// Font metrics: what the line breaker needs to know about the fonts, and
// nothing else. FreeType stays behind the pimpl.
#pragma once

#include "base/diagnostic.h"
#include "document/document.h"

#include <memory>
#include <string>

namespace protokoll::typeset {

using document::Face;

// The width function the paragraph builder and the line breaker measure
// with. FontSet is the real one; tests substitute a fixed-advance stub so
// cases read like "aaa bb cccc" at width 10.
class TextMeasure {
public:
    virtual ~TextMeasure() = default;
    // Advance of `c` in `face` for a 1 pt font, in points. Throws Error
    // (BadInput) at `where` when the face has no glyph for `c`.
    virtual double advance(Face face, char32_t c, const SourceLocation& where) const = 0;
    // Ascender (> 0) and descender (< 0) for a 1 pt font, in points.
    virtual double ascender(Face face) const = 0;
    virtual double descender(Face face) const = 0;
    // Pair kerning between `left` and `right` for a 1 pt font, in points
    // (negative: closer). The default knows none, so test stubs stay simple.
    virtual double kerning(Face face, char32_t left, char32_t right) const {
        (void)face;
        (void)left;
        (void)right;
        return 0;
    }
};

// The four faces of Document::fonts, each TrueType file loaded once (faces
// that name the same file share it). Advances are read from a file as a
// document first asks for them, a block of 256 characters at a time under
// the file's lock, and never change once read: a FontSet is safe to share
// between threads.
class FontSet final : public TextMeasure {
public:
    // Throws Error (BadInput) when a named file cannot be read as a font.
    // An empty path leaves that face absent; using it fails.
    explicit FontSet(const document::FontFiles& files);
    ~FontSet() override;
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    bool has_face(Face face) const;
    bool has_glyph(Face face, char32_t c) const;
    // The base name of the face's file ("LiberationSans-Regular.ttf").
    const std::string& file_name(Face face) const;

    // Font units, straight from hmtx (FT_LOAD_NO_SCALE); -1 when missing.
    int advance_units(Face face, char32_t c) const;
    // The width libharu writes into the PDF (/W) and positions glyphs with:
    // hmtx advance * 1000 / units_per_em, truncated to an integer (see
    // HPDF_TTFontDef_GetCharWidth). Measuring with this, not the exact
    // ratio, is what makes our positions land exactly where the viewer
    // draws the glyphs. -1 when missing.
    int advance_thousandths(Face face, char32_t c) const;
    int units_per_em(Face face) const;
    int ascender_units(Face face) const;    // hhea ascender
    int descender_units(Face face) const;   // hhea descender (negative)
    int cap_height_units(Face face) const;  // OS/2 sCapHeight; 0.7 em if absent

    // Pair kerning from the legacy `kern` table (FT_Get_Kerning), in font
    // units; 0 when the face has no such table or pair. Applied by the
    // paragraph builder (paragraph.cpp), which cuts a word's boxes at every
    // kerned pair and moves the next box by the kern.
    int kerning_units(Face face, char32_t left, char32_t right) const;
    // The same in thousandths of an em, rounded to the nearest integer (the
    // unit of a PDF TJ adjustment), so positions stay on libharu's grid.
    int kerning_thousandths(Face face, char32_t left, char32_t right) const;

    // TextMeasure
    double advance(Face face, char32_t c, const SourceLocation& where) const override;
    double ascender(Face face) const override;
    double descender(Face face) const override;
    double kerning(Face face, char32_t left, char32_t right) const override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace protokoll::typeset
