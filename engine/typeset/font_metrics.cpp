#include "typeset/font_metrics.h"

#include "typeset/utf8.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H

#include <algorithm>
#include <array>
#include <atomic>
#include <iterator>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace protokoll::typeset {

namespace {

constexpr int32_t MISSING = -1;
constexpr char32_t BMP_SIZE = 0x10000;

// One loaded file. A face's advances and glyph indexes for the Basic
// Multilingual Plane are read in blocks of 256 code points, each the first
// time a character of it is asked for: a protocol uses three or four blocks
// of the 40 a face covers, and reading the whole cmap up front cost a render
// 4.2 M instructions (FT_Get_Next_Char and FT_Get_Advance for 2 600
// characters a face). Lookups are then two array indexes; beyond the BMP a
// hash lookup. Reading takes the font's lock (FreeType's cmap lookups and
// its stream, which FT_Get_Advance reads hmtx through, are not safe to share
// between threads); a filled block is published through an atomic pointer
// and never changes, so lookups take no lock.
struct LoadedFont {
    FT_Face face = nullptr;
    std::string path;
    std::string file_name;
    int units_per_em = 1000;
    int ascender = 0, descender = 0, cap_height = 0;
    bool has_kerning = false;

    struct Block {
        Block() { std::fill(std::begin(units), std::end(units), MISSING); }
        int32_t units[256];
        uint16_t glyph[256] = {};
    };

    const Block& block(char32_t c) const {
        const Block* found = m_blocks[c >> 8].load(std::memory_order_acquire);
        return found ? *found : read_block(c >> 8);
    }

    int32_t units(char32_t c) const {
        if (c < BMP_SIZE) return block(c).units[c & 0xFF];
        std::lock_guard<std::mutex> lock(m_mutex);
        auto it = m_astral_units.find(c);
        if (it == m_astral_units.end()) it = m_astral_units.emplace(c, read(c).first).first;
        return it->second;
    }
    uint16_t glyph(char32_t c) const { return c < BMP_SIZE ? block(c).glyph[c & 0xFF] : 0; }

    // The kerning of glyphs a, b (both > 0) in font units. A protocol asks
    // for the same few hundred pairs over and over (the 2019 protocol: 10 000
    // asks, 290 instructions each in FT_Get_Kerning's binary search), so
    // answers are kept in a direct-mapped cache of 64-bit entries (pair and
    // value in one word, 0 = empty): a lookup is one atomic load, and two
    // threads that race store the same answer. FT_Get_Kerning only reads
    // the kern table FreeType loaded with the face.
    int kerning(FT_UInt a, FT_UInt b) const {
        const uint64_t pair = (static_cast<uint64_t>(a) << 16) | b;
        std::atomic<uint64_t>& slot = m_kerning[(pair * 0x9E3779B97F4A7C15ull) >> (64 - KERNING_SLOTS_BITS)];
        const uint64_t entry = slot.load(std::memory_order_relaxed);
        if ((entry >> 32) == pair) return static_cast<int32_t>(static_cast<uint32_t>(entry));
        FT_Vector kern{0, 0};
        if (FT_Get_Kerning(face, a, b, FT_KERNING_UNSCALED, &kern) != 0) kern.x = 0;
        const auto value = static_cast<int32_t>(kern.x);
        slot.store((pair << 32) | static_cast<uint32_t>(value), std::memory_order_relaxed);
        return value;
    }

private:
    // The advance (MISSING when there is no glyph) and glyph of `c`; under m_mutex.
    std::pair<int32_t, FT_UInt> read(char32_t c) const {
        const FT_UInt glyph = FT_Get_Char_Index(face, c);
        FT_Fixed advance = 0;
        if (glyph == 0 || FT_Get_Advance(face, glyph, FT_LOAD_NO_SCALE, &advance) != 0) return {MISSING, 0};
        return {static_cast<int32_t>(advance), glyph};
    }

    const Block& read_block(char32_t index) const {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (const Block* found = m_blocks[index].load(std::memory_order_relaxed)) return *found;
        auto fresh = std::make_unique<Block>();
        for (char32_t low = 0; low < 256; ++low) {
            const auto [units, glyph] = read(index << 8 | low);
            if (units == MISSING) continue;
            fresh->units[low] = units;
            fresh->glyph[low] = static_cast<uint16_t>(glyph);
        }
        const Block* published = fresh.get();
        m_owned.push_back(std::move(fresh));
        m_blocks[index].store(published, std::memory_order_release);
        return *published;
    }

    static constexpr int KERNING_SLOTS_BITS = 12;  // 32 KB a face
    mutable std::array<std::atomic<uint64_t>, size_t{1} << KERNING_SLOTS_BITS> m_kerning{};
    mutable std::mutex m_mutex;
    mutable std::array<std::atomic<const Block*>, BMP_SIZE / 256> m_blocks{};
    mutable std::vector<std::unique_ptr<Block>> m_owned;          // under m_mutex
    mutable std::unordered_map<char32_t, int32_t> m_astral_units;  // under m_mutex
};

std::string base_name(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// OS/2 sCapHeight in font units; 0 when the table is missing, older than
// version 2 (no sCapHeight) or gives none.
int os2_cap_height(FT_Face face) {
    const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(face, FT_SFNT_OS2));
    return os2 && os2->version >= 2 && os2->sCapHeight > 0 ? os2->sCapHeight : 0;
}

const char* face_name(Face face) {
    switch (face) {
        case Face::Regular: return "regular";
        case Face::Bold: return "bold";
        case Face::Italic: return "italic";
        case Face::BoldItalic: return "bold italic";
    }
    return "?";
}

}  // namespace

struct FontSet::Impl {
    FT_Library library = nullptr;
    std::vector<std::unique_ptr<LoadedFont>> fonts;  // one per distinct path
    std::array<const LoadedFont*, document::FACE_COUNT> by_face{};

    ~Impl() {
        for (auto& font : fonts)
            if (font->face) FT_Done_Face(font->face);
        if (library) FT_Done_FreeType(library);
    }

    const LoadedFont& font(Face face) const {
        const LoadedFont* font = by_face[static_cast<int>(face)];
        if (!font) fail(std::string("no font file is given for the ") + face_name(face) + " face");
        return *font;
    }

    void load(LoadedFont& font) {
        if (FT_New_Face(library, font.path.c_str(), 0, &font.face) != 0)
            fail("cannot read the font " + font.path);
        if (!FT_IS_SFNT(font.face) || FT_Select_Charmap(font.face, FT_ENCODING_UNICODE) != 0)
            fail("the font " + font.path + " is not a TrueType font with a Unicode cmap");
        font.units_per_em = font.face->units_per_EM;
        font.has_kerning = FT_HAS_KERNING(font.face);
        font.ascender = font.face->ascender;
        font.descender = font.face->descender;
        font.cap_height = os2_cap_height(font.face);
        if (font.cap_height == 0) font.cap_height = font.units_per_em * 7 / 10;
    }
};

FontSet::FontSet(const document::FontFiles& files) : m_impl(std::make_unique<Impl>()) {
    if (FT_Init_FreeType(&m_impl->library) != 0) fail("cannot initialise FreeType");
    for (int i = 0; i < document::FACE_COUNT; ++i) {
        const std::string& path = files.path[i];
        if (path.empty()) continue;
        const LoadedFont* shared = nullptr;
        for (const auto& font : m_impl->fonts)
            if (font->path == path) shared = font.get();
        if (!shared) {
            auto font = std::make_unique<LoadedFont>();
            font->path = path;
            font->file_name = base_name(path);
            m_impl->load(*font);
            shared = font.get();
            m_impl->fonts.push_back(std::move(font));
        }
        m_impl->by_face[i] = shared;
    }
}

FontSet::~FontSet() = default;

bool FontSet::has_face(Face face) const { return m_impl->by_face[static_cast<int>(face)] != nullptr; }

bool FontSet::has_glyph(Face face, char32_t c) const {
    return has_face(face) && m_impl->font(face).units(c) != MISSING;
}

const std::string& FontSet::file_name(Face face) const { return m_impl->font(face).file_name; }

int FontSet::advance_units(Face face, char32_t c) const { return m_impl->font(face).units(c); }

int FontSet::advance_thousandths(Face face, char32_t c) const {
    const LoadedFont& font = m_impl->font(face);
    const int32_t units = font.units(c);
    if (units == MISSING) return -1;
    // Integer division on purpose: this is libharu's rounding, see the header.
    return static_cast<int>(static_cast<uint32_t>(units) * 1000u / static_cast<uint32_t>(font.units_per_em));
}

int FontSet::units_per_em(Face face) const { return m_impl->font(face).units_per_em; }
int FontSet::ascender_units(Face face) const { return m_impl->font(face).ascender; }
int FontSet::descender_units(Face face) const { return m_impl->font(face).descender; }
int FontSet::cap_height_units(Face face) const { return m_impl->font(face).cap_height; }

int FontSet::kerning_units(Face face, char32_t left, char32_t right) const {
    const LoadedFont& font = m_impl->font(face);
    if (!font.has_kerning || left >= BMP_SIZE || right >= BMP_SIZE) return 0;
    const FT_UInt a = font.glyph(left), b = font.glyph(right);
    if (a == 0 || b == 0) return 0;
    return font.kerning(a, b);
}

int FontSet::kerning_thousandths(Face face, char32_t left, char32_t right) const {
    const int units = kerning_units(face, left, right);
    if (units == 0) return 0;
    const double exact = units * 1000.0 / m_impl->font(face).units_per_em;
    return static_cast<int>(exact < 0 ? exact - 0.5 : exact + 0.5);
}

double FontSet::kerning(Face face, char32_t left, char32_t right) const {
    return kerning_thousandths(face, left, right) / 1000.0;
}

double FontSet::advance(Face face, char32_t c, const SourceLocation& where) const {
    const int thousandths = advance_thousandths(face, c);
    if (thousandths < 0)
        fail(where, "the font " + file_name(face) + " has no glyph for " + describe_codepoint(c));
    return thousandths / 1000.0;
}

double FontSet::ascender(Face face) const {
    const LoadedFont& font = m_impl->font(face);
    return static_cast<double>(font.ascender) / font.units_per_em;
}

double FontSet::descender(Face face) const {
    const LoadedFont& font = m_impl->font(face);
    return static_cast<double>(font.descender) / font.units_per_em;
}

}  // namespace protokoll::typeset
