// Names of people compared as a person would compare them: see names.h.
#include "crypto/names.h"

#include <cstdint>

namespace protokoll::sign::detail {

namespace {

// Canonical decompositions of the precomposed letters U+00C0..U+017F (Latin-1
// Supplement and Latin Extended-A: every Nordic and most European names):
// the base letter, already in lower case, and a code for its combining mark
// (see mark_of). ' ' where a character has none (Æ, Ø, ß, ×, …). Made with
// Python's unicodedata.normalize("NFD").
constexpr char base_letters[] =
    "aaaaaa ceeeeiiii"  // U+00C0
    " nooooo  uuuuy  "  // U+00D0
    "aaaaaa ceeeeiiii"  // U+00E0
    " nooooo  uuuuy y"  // U+00F0
    "aaaaaaccccccccdd"  // U+0100
    "  eeeeeeeeeegggg"  // U+0110
    "gggghh  iiiiiiii"  // U+0120
    "i   jjkk llllll "  // U+0130
    "   nnnnnn   oooo"  // U+0140
    "oo  rrrrrrssssss"  // U+0150
    "sstttt  uuuuuuuu"  // U+0160
    "uuuuwwyyyzzzzzz ";  // U+0170
constexpr char mark_codes[] =
    "`'^~:o ,`'^:`'^:"  // U+00C0
    " ~`'^~:  `'^:'  "  // U+00D0
    "`'^~:o ,`'^:`'^:"  // U+00E0
    " ~`'^~:  `'^:' :"  // U+00F0
    "--uu;;''^^..vvvv"  // U+0100
    "  --uu..;;vv^^uu"  // U+0110
    "..,,^^  ~~--uu;;"  // U+0120
    ".   ^^,, '',,vv "  // U+0130
    "   '',,vv   --uu"  // U+0140
    "\"\"  '',,vv''^^,,"  // U+0150
    "vv,,vv  ~~--uuoo"  // U+0160
    "\"\";;^^^^:''..vv ";  // U+0170
static_assert(sizeof base_letters == 0x180 - 0xC0 + 1 && sizeof mark_codes == sizeof base_letters);

char32_t mark_of(char code) {
    switch (code) {
        case '`': return 0x300;  // grave
        case '\'': return 0x301; // acute
        case '^': return 0x302;  // circumflex
        case '~': return 0x303;  // tilde
        case '-': return 0x304;  // macron
        case 'u': return 0x306;  // breve
        case '.': return 0x307;  // dot above
        case ':': return 0x308;  // diaeresis
        case 'o': return 0x30A;  // ring above
        case '"': return 0x30B;  // double acute
        case 'v': return 0x30C;  // caron
        case '_': return 0x326;  // comma below
        case ',': return 0x327;  // cedilla
        case ';': return 0x328;  // ogonek
    }
    return 0;
}

// Lower case of a letter that has no decomposition (or is not Latin).
char32_t lower(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 0x20;
    switch (c) {  // Æ Ð Ø Þ Đ Ħ Ĳ Ŀ Ł Ŋ Œ Ŧ Ÿ
        case 0xC6: case 0xD0: case 0xD8: case 0xDE: return c + 0x20;
        case 0x110: case 0x126: case 0x132: case 0x13F: case 0x141: case 0x14A: case 0x152: case 0x166: return c + 1;
        case 0x178: return 0xFF;
        case 0x1E9E: return 0xDF;  // capital sharp s
    }
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;  // Greek
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;                // Cyrillic
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    return c;
}

bool is_space(char32_t c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_invisible(char32_t c) {
    return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

// The next code point of `s` at `i` (advanced); U+FFFD for a byte that does
// not start a well-formed sequence.
char32_t next_code_point(const std::string& s, size_t& i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    const size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t out = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        out = (out << 6) | (byte(i + k) & 0x3F);
    }
    i += len;
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// One code point as it is compared: decomposed, in lower case, variants unified.
void append_normalised(std::string& word, char32_t c) {
    if (c >= 0xC0 && c < 0x180 && base_letters[c - 0xC0] != ' ') {
        word += base_letters[c - 0xC0];
        append_utf8(word, mark_of(mark_codes[c - 0xC0]));
        return;
    }
    if (c >= 0x218 && c <= 0x21B) {  // Romanian Ș ș Ț ț: comma below
        word += c < 0x21A ? 's' : 't';
        append_utf8(word, 0x326);
        return;
    }
    if (c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2212 || c == 0xFE63 || c == 0xFF0D) c = '-';
    if (c == 0x2019 || c == 0x02BC || c == 0x2032) c = '\'';
    append_utf8(word, lower(c));
}

}  // namespace

std::vector<std::string> person_words(const std::string& name) {
    std::vector<std::string> words;
    std::string word;
    for (size_t i = 0; i < name.size();) {
        const char32_t c = next_code_point(name, i);
        if (is_invisible(c)) continue;
        if (is_space(c)) {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
            continue;
        }
        append_normalised(word, c);
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

bool same_person(const std::string& field_person, const std::string& certificate_name) {
    const std::vector<std::string> field = person_words(field_person), cert = person_words(certificate_name);
    if (field.empty() || cert.empty()) return false;
    if (field.size() == 1) return cert.size() == 1 && field[0] == cert[0];
    if (field.back() != cert.back()) return false;
    // The field's other names, in order, among the certificate's other names.
    size_t at = 0;
    for (size_t k = 0; k + 1 < field.size(); ++k) {
        while (at + 1 < cert.size() && cert[at] != field[k]) ++at;
        if (at + 1 >= cert.size()) return false;
        ++at;
    }
    return true;
}

}  // namespace protokoll::sign::detail
