#include "encoding.h"

#include "base/diagnostic.h"

#include <iconv.h>

#include <cerrno>
#include <cstdio>

namespace protokoll::parse {

namespace {

const char* const k_utf8_bom = "\xEF\xBB\xBF";

const std::string k_supported =
    "protokoll reads UTF-8, ISO-8859-1 (latin1), ISO-8859-15, windows-1252 (cp1252) and UTF-16 with a byte "
    "order mark; best: save the file as UTF-8 and declare encoding=\"UTF-8\"";

std::string hex_byte(unsigned char byte) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", byte);
    return text;
}

// Where the character after `text` (UTF-8, everything before it) is:
// its line and column in the file.
SourceLocation after(const std::string& text, const std::string& path) {
    int line = 1, column = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80 && !(i < 3 && line == 1 && text.compare(0, 3, k_utf8_bom) == 0)) {
            ++column;
        }
    }
    return {path, line, column};
}

// Length of the valid UTF-8 sequence at `at`, 0 when it is not one
// (overlong forms, surrogates and code points past U+10FFFF are not).
size_t utf8_sequence(const std::string& text, size_t at) {
    auto byte = [&](size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0; };
    unsigned char lead = byte(at);
    if (lead < 0x80) return 1;
    unsigned char low = 0x80, high = 0xBF;
    size_t length;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    else return 0;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
    if (byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (size_t i = 2; i < length; ++i)
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
    return length;
}

void check_utf8(const std::string& text, const std::string& path) {
    for (size_t at = 0; at < text.size();) {
        size_t length = utf8_sequence(text, at);
        if (length == 0)
            fail(after(text.substr(0, at), path),
                 "byte " + hex_byte(static_cast<unsigned char>(text[at])) + " is not UTF-8",
                 {"save the file as UTF-8, or declare the encoding it is in: <?xml version=\"1.0\" "
                  "encoding=\"ISO-8859-1\"?> (or windows-1252)"});
        at += length;
    }
}

std::string upper(std::string text) {
    for (char& c : text)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return text;
}

// The iconv name for a declared encoding; "UTF-8" for UTF-8 and ASCII,
// "UTF-16" for the UTF-16 family, empty when unsupported.
std::string iconv_name(const std::string& declared) {
    std::string name = upper(declared);
    if (name == "UTF-8" || name == "UTF8" || name == "US-ASCII" || name == "ASCII") return "UTF-8";
    if (name == "ISO-8859-1" || name == "ISO8859-1" || name == "ISO_8859-1" || name == "LATIN1" ||
        name == "LATIN-1" || name == "L1")
        return "ISO-8859-1";
    if (name == "ISO-8859-15" || name == "ISO8859-15" || name == "LATIN9" || name == "LATIN-9") return "ISO-8859-15";
    if (name == "WINDOWS-1252" || name == "CP1252") return "WINDOWS-1252";
    if (name == "UTF-16" || name == "UTF-16LE" || name == "UTF-16BE") return "UTF-16";
    return "";
}

struct Declared {
    std::string name;  // as written; empty when the file declares none
    size_t offset = 0; // of the name's first character
};

// encoding="…" in an <?xml …?> declaration at the start (after a UTF-8 BOM).
Declared declared_encoding(const std::string& text) {
    size_t start = text.compare(0, 3, k_utf8_bom) == 0 ? 3 : 0;
    if (text.compare(start, 5, "<?xml") != 0) return {};
    size_t end = text.find("?>", start);
    if (end == std::string::npos || end - start > 1024) return {};
    std::string declaration = text.substr(0, end);
    size_t at = declaration.find("encoding", start);
    if (at == std::string::npos) return {};
    at += 8;
    while (at < end && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r' || text[at] == '\n')) ++at;
    if (at >= end || text[at] != '=') return {};
    ++at;
    while (at < end && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r' || text[at] == '\n')) ++at;
    if (at >= end || (text[at] != '"' && text[at] != '\'')) return {};
    size_t close = text.find(text[at], at + 1);
    if (close == std::string::npos || close > end) return {};
    return {text.substr(at + 1, close - at - 1), at + 1};
}

std::string convert(const std::string& bytes, size_t from, const std::string& encoding, const std::string& path) {
    iconv_t cd = iconv_open("UTF-8", encoding.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1))
        fail({path, 0, 0}, "cannot convert from " + encoding + ": iconv does not know it", {k_supported});
    std::string out;
    char* in = const_cast<char*>(bytes.data()) + from;
    size_t in_left = bytes.size() - from;
    char buffer[16384];
    while (in_left > 0) {
        char* put = buffer;
        size_t put_left = sizeof buffer;
        size_t done = iconv(cd, &in, &in_left, &put, &put_left);
        out.append(buffer, static_cast<size_t>(put - buffer));
        if (done != static_cast<size_t>(-1) || errno == E2BIG) continue;
        iconv_close(cd);
        unsigned char bad = static_cast<unsigned char>(*in);
        fail(after(out, path), "byte " + hex_byte(bad) + " is not a character in " + encoding,
             {"the file declares " + encoding + " but is not: save it as UTF-8 and declare encoding=\"UTF-8\""});
    }
    iconv_close(cd);
    return out;
}

}  // namespace

std::string to_utf8(std::string bytes, const std::string& path) {
    auto starts = [&](const char* prefix, size_t n) { return bytes.compare(0, n, prefix, n) == 0; };
    // UTF-16: a byte order mark, or "<?" as two 16-bit units.
    if (starts("\xFF\xFE", 2)) return convert(bytes, 2, "UTF-16LE", path);
    if (starts("\xFE\xFF", 2)) return convert(bytes, 2, "UTF-16BE", path);
    if (starts("<\0?\0", 4)) return convert(bytes, 0, "UTF-16LE", path);
    if (starts("\0<\0?", 4)) return convert(bytes, 0, "UTF-16BE", path);

    Declared declared = declared_encoding(bytes);
    if (declared.name.empty()) {
        check_utf8(bytes, path);
        return bytes;
    }
    SourceLocation at = after(bytes.substr(0, declared.offset), path);
    std::string name = iconv_name(declared.name);
    if (name.empty()) fail(at, "unsupported encoding \"" + declared.name + "\"", {k_supported});
    if (name == "UTF-8") {
        check_utf8(bytes, path);
        return bytes;
    }
    if (name == "UTF-16")
        fail(at, "the file declares encoding=\"" + declared.name + "\" but is not UTF-16",
             {"save it as UTF-8 and declare encoding=\"UTF-8\""});
    if (starts(k_utf8_bom, 3))
        fail(at, "the file starts with a UTF-8 byte order mark but declares encoding=\"" + declared.name + "\"",
             {"if it is UTF-8, declare encoding=\"UTF-8\""});
    return convert(bytes, 0, name, path);
}

}  // namespace protokoll::parse
