// Encodings: a file that declares ISO-8859-1 or windows-1252 (or is UTF-16
// with a byte order mark) gives the same model as the UTF-8 file, and its
// errors point at its own lines and columns; a byte that is not UTF-8 in
// an undeclared file is reported where it is.
#include "parse/parse.h"

#include "error_of.h"

#include <catch2/catch.hpp>

#include <iconv.h>

#include <string>

using namespace protokoll;

namespace {

// Line 3 holds the place, line 4 the title: both with non-ASCII letters.
std::string protocol_text(const std::string& declaration, const std::string& title) {
    return declaration +
           "\n<protocol layout=\"l\">\n"
           "<meeting date=\"2021-01-22\"><place>Göteborg, Östra Hamngatan</place></meeting><attendance/>\n"
           "<paragraphs><paragraph><title>" + title + "</title></paragraph></paragraphs>\n"
           "<signatures><secretary ref=\"s\"/><adjuster ref=\"a\"/></signatures>\n"
           "</protocol>\n";
}

// `utf8` in another encoding, by the test's own iconv call.
std::string encode(const std::string& utf8, const char* encoding) {
    iconv_t cd = iconv_open(encoding, "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 4 + 4, '\0');
    char* in = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size(), out_left = out.size();
    char* put = &out[0];
    REQUIRE(iconv(cd, &in, &in_left, &put, &out_left) != static_cast<size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

}  // namespace

TEST_CASE("ISO-8859-1, windows-1252 and UTF-16 files give the model of the UTF-8 file") {
    const std::string title = "Åtgärder för äldre – beslut";  // "–" is in windows-1252, not in ISO-8859-1
    const std::string latin_title = "Åtgärder för äldre, beslut";
    auto utf8 = parse::parse_protocol(protocol_text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", title), "u.xml");
    auto utf8_latin = parse::parse_protocol(protocol_text("<?xml version=\"1.0\"?>", latin_title), "u.xml");
    for (const char* declared : {"ISO-8859-1", "latin1", "iso-8859-1"}) {
        INFO(declared);
        auto latin1 = parse::parse_protocol(
            encode(protocol_text("<?xml version=\"1.0\" encoding=\"" + std::string(declared) + "\"?>", latin_title),
                   "ISO-8859-1"),
            "l.xml");
        CHECK(latin1.meeting.place == utf8_latin.meeting.place);
        CHECK(latin1.meeting.place == "Göteborg, Östra Hamngatan");
        CHECK(latin1.paragraphs.at(0).title == latin_title);
        CHECK(latin1.paragraphs.at(0).where.line == utf8_latin.paragraphs.at(0).where.line);
        CHECK(latin1.paragraphs.at(0).where.column == utf8_latin.paragraphs.at(0).where.column);
    }
    for (const char* declared : {"windows-1252", "cp1252", "WINDOWS-1252"}) {
        INFO(declared);
        auto cp1252 = parse::parse_protocol(
            encode(protocol_text("<?xml version='1.0' encoding='" + std::string(declared) + "'?>", title), "WINDOWS-1252"),
            "w.xml");
        CHECK(cp1252.meeting.place == utf8.meeting.place);
        CHECK(cp1252.paragraphs.at(0).title == title);
    }
    std::string utf16 = "\xFF\xFE" + encode(protocol_text("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", title), "UTF-16LE");
    auto from_utf16 = parse::parse_protocol(utf16, "w16.xml");
    CHECK(from_utf16.paragraphs.at(0).title == title);
    CHECK(from_utf16.meeting.place == utf8.meeting.place);
}

TEST_CASE("an error in a converted file points at the file's own line and column") {
    // Line 3: <meeting …><place>Göteborg, Östra Hamngatan</place><room/> — <room> is column 68 in
    // characters, which in ISO-8859-1 are bytes.
    std::string text = protocol_text("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "T");
    text.replace(text.find("</place>") + 8, 0, "<room/>");
    Error e = error_of([&] { parse::parse_protocol(encode(text, "ISO-8859-1"), "l.xml"); });
    CHECK(e.message() == "unknown element <room> in <meeting>");
    CHECK(e.where().line == 3);
    CHECK(e.where().column == 68);
}

TEST_CASE("a byte that is not UTF-8 is reported at its own line and column") {
    // The Latin-1 file without a declaration: "ö" in "Göteborg" is byte 0xF6 at line 3, column 36.
    std::string latin1 = encode(protocol_text("<?xml version=\"1.0\"?>", "T"), "ISO-8859-1");
    Error e = error_of([&] { parse::parse_protocol(latin1, "l.xml"); });
    CHECK(e.message() == "byte 0xF6 is not UTF-8");
    CHECK(e.where().line == 3);
    CHECK(e.where().column == 36);
    REQUIRE(e.hints().size() == 1);
    CHECK_THAT(e.hints()[0], Catch::Contains("save the file as UTF-8") && Catch::Contains("encoding=\"ISO-8859-1\""));

    // Not even a declaration: a bad byte on line 1, after a multi-byte character (column counts characters).
    Error first = error_of([&] { parse::parse_protocol("<protocol layout=\"é\xE5\"/>", "x.xml"); });
    CHECK(first.message() == "byte 0xE5 is not UTF-8");
    CHECK(first.where().line == 1);
    CHECK(first.where().column == 20);
}

TEST_CASE("a byte windows-1252 does not define, an unknown or a false encoding: what to do") {
    std::string text = encode(protocol_text("<?xml version=\"1.0\" encoding=\"windows-1252\"?>", "T"), "WINDOWS-1252");
    text[text.find("Hamngatan")] = '\x81';  // undefined in windows-1252
    Error undefined = error_of([&] { parse::parse_protocol(text, "w.xml"); });
    CHECK(undefined.message() == "byte 0x81 is not a character in WINDOWS-1252");
    CHECK(undefined.where().line == 3);
    CHECK(undefined.where().column == 51);

    Error unknown = error_of([&] {
        parse::parse_protocol(protocol_text("<?xml version=\"1.0\" encoding=\"EBCDIC-FR\"?>", "T"), "e.xml");
    });
    CHECK(unknown.message() == "unsupported encoding \"EBCDIC-FR\"");
    CHECK(unknown.where().line == 1);
    CHECK(unknown.where().column == 31);
    REQUIRE(unknown.hints().size() == 1);
    CHECK_THAT(unknown.hints()[0], Catch::Contains("save the file as UTF-8"));

    Error not_utf16 = error_of([&] {
        parse::parse_protocol(protocol_text("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "T"), "e.xml");
    });
    CHECK(not_utf16.message() == "the file declares encoding=\"UTF-16\" but is not UTF-16");
}
