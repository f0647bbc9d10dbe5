#include "typeset/utf8.h"

#include <cstdio>

namespace protokoll::typeset {

std::u32string decode_utf8(std::string_view text, const SourceLocation& where) {
    std::u32string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        int length = 0;
        char32_t c = 0;
        if (lead < 0x80) {
            length = 1;
            c = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            c = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            c = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            c = lead & 0x07;
        } else {
            fail(where, "invalid UTF-8 in text (byte " + std::to_string(lead) + ")");
        }
        if (i + length > text.size()) fail(where, "truncated UTF-8 sequence in text");
        for (int k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) fail(where, "invalid UTF-8 in text");
            c = (c << 6) | (next & 0x3F);
        }
        static const char32_t MIN_FOR_LENGTH[] = {0, 0, 0x80, 0x800, 0x10000};
        if (c < MIN_FOR_LENGTH[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            fail(where, "invalid UTF-8 in text (overlong sequence or not a character)");
        out.push_back(c);
        i += length;
    }
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::string describe_codepoint(char32_t c) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
    std::string out = hex;
    // Control characters would garble the message; show only printable ones.
    if (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0)) {
        out += " '";
        append_utf8(out, c);
        out += "'";
    }
    return out;
}

}  // namespace protokoll::typeset
