// The screen (sign/screen.h): what it refuses before PoDoFo sees it, where
// it looks (where PoDoFo would: at the cross-reference offsets, inside
// object streams), what it must not refuse (strings, comments and stream
// bodies are no structure; real files pass), and its decoders against
// PoDoFo's own.
#include "pdfsig/screen.h"
#include "pdfsig/screen_decode.h"

#include "hostile_pdf.h"
#include "pdf_fixture.h"

#include "base/files.h"

#include <catch2/catch.hpp>
#include <podofo/podofo.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <tuple>
#include <string>

using namespace protokoll;
using namespace protokoll::sign;
using namespace protokoll::sign::testing;

namespace {

std::vector<std::string> with(std::vector<std::string> objects, const std::string& extra) {
    objects.push_back(extra);
    return objects;
}

// The byte where object `n`'s value starts in a file hand_pdf wrote.
size_t value_at(const std::string& pdf, int n) {
    const std::string header = "\n" + std::to_string(n) + " 0 obj\n";
    const size_t at = pdf.find(header);
    REQUIRE(at != std::string::npos);
    return at + header.size();
}

ScreenLimits small_streams() {
    ScreenLimits limits;
    limits.max_stream_bytes = 1 << 20;
    limits.max_decoded_bytes = 3 << 20;
    return limits;
}

}  // namespace

TEST_CASE("screen: real files pass: PoDoFo's, the fixture's, every object stream and xref stream kind") {
    CHECK(screen_pdf(hand_pdf(base_objects())) == "");
    CHECK(screen_pdf(xref_stream_pdf(base_objects(), {"<< /A [ 1 2 3 ] >>", "(a string)"}, true)) == "");
    char dir[] = "/tmp/protokoll-screen-test-XXXXXX";
    REQUIRE(::mkdtemp(dir));
    const std::string path = std::string(dir) + "/two.pdf";
    make_two_field_pdf(path, "Kent Lagrell", "Sara Nordenhielm");
    CHECK(screen_pdf(read_file(path)) == "");
    std::system(("rm -rf '" + std::string(dir) + "'").c_str());
}

TEST_CASE("screen: nesting deeper than the limit is refused at the byte where it passes it") {
    for (const auto& [what, deep, opener] :
         {std::tuple{"dictionaries", nested_dict(65), 6}, std::tuple{"arrays", nested_array(65), 1}}) {
        INFO(what);
        const std::string pdf = hand_pdf(with(base_objects(), deep));
        CHECK(screen_pdf(pdf) ==
              "nesting deeper than 64 levels at byte " + std::to_string(value_at(pdf, 4) + 64 * opener));
    }
    CHECK(screen_pdf(hand_pdf(with(base_objects(), nested_dict(64)))) == "");
    CHECK(screen_pdf(hand_pdf(with(base_objects(), nested_array(64)))) == "");
    CHECK(screen_pdf(hand_pdf(with(base_objects(), nested_dict(20000)))).find("nesting deeper than 64 levels") == 0);
    // Arrays and dictionaries count together; keys that are containers too.
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "<< /A " + nested_array(64) + " >>"))).find("nesting deeper") == 0);
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "<< " + nested_array(64) + " 1 >>"))).find("nesting deeper") == 0);
    // In a trailer too (PoDoFo parses it with the same tokenizer).
    CHECK(screen_pdf(hand_pdf(base_objects(), "/Deep " + nested_dict(100))).find("nesting deeper") == 0);
    ScreenLimits deeper;
    deeper.max_depth = 200;
    CHECK(screen_pdf(hand_pdf(with(base_objects(), nested_dict(150))), deeper) == "");
}

TEST_CASE("screen: brackets in strings, hex strings, comments and stream bodies are no nesting") {
    const std::string brackets(5000, '[');
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "<< /S (" + brackets + ") /T (\\) " + brackets + ") >>"))) == "");
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "<< /S ((((()))) (" + brackets + ")) >>"))) == "");
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "<< /C 1 % " + brackets + "\n>>"))) == "");
    CHECK(screen_pdf(hand_pdf(with(base_objects(), stream_object("", brackets + "<<<<<<")))) == "");
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "<< /H <" + std::string(300, 'A') + "> >>"))) == "");
}

TEST_CASE("screen: it reads where PoDoFo reads, not where a linear scan would") {
    // Object 4's xref entry points into object 5's string, which holds a deep
    // object: PoDoFo parses from the offset, so must the screen.
    std::string pdf = hand_pdf(with(with(base_objects(), "<< >>"), "(4 0 obj " + nested_dict(500) + ")"));
    const size_t hidden = pdf.find("(4 0 obj") + 1;
    const size_t entry = pdf.find("xref\n0 6\n") + 9 + 20 * 4;  // after entries 0..3
    char offset[11];
    std::snprintf(offset, sizeof offset, "%010zu", hidden);
    pdf.replace(entry, 10, offset);
    CHECK(screen_pdf(pdf).find("nesting deeper than 64 levels at byte ") == 0);
    // The same bytes, not pointed at: a string like any other.
    CHECK(screen_pdf(hand_pdf(with(with(base_objects(), "<< >>"), "(4 0 obj " + nested_dict(500) + ")"))) == "");
}

TEST_CASE("screen: objects inside object streams are screened, compressed or not") {
    for (bool compress : {false, true}) {
        INFO("compressed: " << compress);
        const std::string dict = screen_pdf(xref_stream_pdf(base_objects(), {"<< >>", nested_dict(1000)}, compress));
        CHECK(dict.find("nesting deeper than 64 levels at byte ") == 0);
        CHECK(dict.find(" of the decoded object stream at byte ") != std::string::npos);
        CHECK(screen_pdf(xref_stream_pdf(base_objects(), {nested_array(20000)}, compress)).find("nesting deeper") == 0);
        CHECK(screen_pdf(xref_stream_pdf(base_objects(), {nested_array(64)}, compress)) == "");
    }
}

TEST_CASE("screen: streams that decode to more than the limit are refused, in every filter chain") {
    const ScreenLimits limits = small_streams();
    const std::string bomb = deflated("", 2 << 20);
    CHECK(screen_pdf(hand_pdf(with(base_objects(), stream_object("/Filter /FlateDecode", bomb))), limits) ==
          "a /FlateDecode stream at byte " + std::to_string(value_at(hand_pdf(with(base_objects(), "")), 4) - 8) +
              " decodes to more than 1 MB");
    CHECK(screen_pdf(hand_pdf(with(base_objects(), stream_object("/Filter /FlateDecode", deflated("", 1 << 20)))), limits) == "");
    // A bomb inside a bomb: the first stage is small, the second is not.
    const std::string inner = deflated("", 64 << 20);
    CHECK(screen_pdf(hand_pdf(with(base_objects(), stream_object("/Filter [ /FlateDecode /FlateDecode ]", deflated(inner)))),
                     limits)
              .find("a /FlateDecode stream at byte") == 0);
    // Hex in front of it, a filter by reference.
    std::string hex;
    for (unsigned char c : bomb) {
        static const char* digits = "0123456789ABCDEF";
        hex += digits[c >> 4];
        hex += digits[c & 15];
    }
    CHECK(screen_pdf(hand_pdf(with(base_objects(), stream_object("/Filter [ /ASCIIHexDecode /FlateDecode ]", hex + ">"))),
                     limits)
              .find("decodes to more than 1 MB") != std::string::npos);
    CHECK(screen_pdf(hand_pdf(with(with(base_objects(), "/FlateDecode"), stream_object("/Filter 4 0 R", bomb))), limits)
              .find("decodes to more than 1 MB") != std::string::npos);
    // An object stream that is a bomb (PoDoFo decodes those on loading).
    CHECK(screen_pdf(hand_pdf(with(base_objects(), stream_object("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
                                                                 deflated("5 0 << >>", 2 << 20)))),
                     limits)
              .find("a /FlateDecode stream at byte") == 0);
    // Many streams below the limit, together above the total.
    std::vector<std::string> many = base_objects();
    for (int i = 0; i < 4; ++i) many.push_back(stream_object("/Filter /FlateDecode", deflated("", 900 << 10)));
    CHECK(screen_pdf(hand_pdf(many), limits).find("the streams decode to more than 3 MB together") == 0);
    // A filter the screen cannot read (in an object stream PoDoFo would look into).
    CHECK(screen_pdf(hand_pdf(with(base_objects(), stream_object("/Filter 9 0 R", bomb))), limits)
              .find("refers to an object the screen cannot read") != std::string::npos);
    // Pictures are not decoded by anything protokoll calls: their data is not looked at.
    CHECK(screen_pdf(hand_pdf(with(base_objects(), stream_object("/Filter /DCTDecode", bomb))), limits) == "");
}

TEST_CASE("screen: absurd counts and sizes are refused") {
    CHECK(screen_pdf(hand_pdf(base_objects(), "/Size 2147483648")).find("the trailer at byte ") == 0);
    CHECK(screen_pdf(hand_pdf(base_objects(), "/Size 2147483648")).find("claims /Size 2147483648 (more than the 1000000 objects") !=
          std::string::npos);
    CHECK(screen_pdf(hand_pdf(base_objects(), "/Size 1000000")) == "");
    CHECK(screen_pdf(xref_stream_pdf(base_objects(), {"<< >>"}, false, "[1 2147483648 2]")) ==
          "an absurd /W [1 2147483648 2] in the cross-reference stream at byte " +
              std::to_string(xref_stream_pdf(base_objects(), {"<< >>"}, false).find("6 0 obj\n<< /Type /XRef")) +
              " (three field widths of 0 to 8 bytes expected)");
    CHECK(screen_pdf(xref_stream_pdf(base_objects(), {"<< >>"}, false, "[1 -1 2]")).find("an absurd /W") == 0);
    // Fewer entries than /W and /Size need: PoDoFo would read past its buffer.
    CHECK(screen_pdf(xref_stream_pdf(base_objects(), {"<< >>"}, false, "[1 4 3]")).find("fewer than its /Index and /W need") !=
          std::string::npos);
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "<< /Length 1099511627776 >>\nstream\nabc\nendstream")))
              .find("claims /Length 1099511627776, more than the ") != std::string::npos);
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "<< /Length -5 >>\nstream\nabc\nendstream"))).find("a negative /Length") !=
          std::string::npos);
    CHECK(screen_pdf(hand_pdf(with(with(base_objects(), "99999999"), "<< /Length 4 0 R >>\nstream\nabc\nendstream")))
              .find("claims /Length 99999999") != std::string::npos);
    CHECK(screen_pdf(hand_pdf(with(base_objects(), stream_object("/DecodeParms << /Predictor 12 /Columns 2000000000 >>", "x"))))
              .find("absurd /DecodeParms") == 0);
    std::vector<std::string> huge_count = base_objects();
    huge_count[1] = "<< /Type /Pages /Kids [ 3 0 R ] /Count 2147483647 >>";
    CHECK(screen_pdf(hand_pdf(huge_count)).find("claims /Count 2147483647") != std::string::npos);
    ScreenLimits few;
    few.max_objects = 4;  // object 0 (always free) and 1, 2, 3
    CHECK(screen_pdf(hand_pdf(base_objects()), few) == "");
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "<< >>")), few) ==
          "the cross-reference table at byte " + std::to_string(hand_pdf(with(base_objects(), "<< >>")).rfind("\nxref\n") + 1) +
              " has a subsection of 5 entries from object 0 (more than the 4 objects a file may have)");
    few.max_values = 10;
    CHECK(screen_pdf(hand_pdf(with(base_objects(), "[ 1 2 3 4 5 6 7 8 9 10 11 ]"))).empty());
    CHECK(screen_pdf(hand_pdf({"<< /Type /Catalog /Pages 2 0 R /X [ 1 2 3 4 5 6 7 8 9 10 11 ] >>"}), few)
              .find("more than 10 values") == 0);
    ScreenLimits tiny;
    tiny.max_file_bytes = 100;
    CHECK(screen_pdf(hand_pdf(base_objects()), tiny).find("more than the 100 bytes a file may have") != std::string::npos);
}

TEST_CASE("screen: the cross-reference structure: loops, offsets beyond the file, no startxref") {
    const std::string pdf = hand_pdf(base_objects());
    const long long xref = static_cast<long long>(pdf.find("xref\n0 4"));
    const std::string update = append_update(pdf, {{4, "<< >>"}});
    const long long own = static_cast<long long>(update.rfind("\nxref\n") + 1);
    CHECK(screen_pdf(update) == "");
    CHECK(screen_pdf(append_update(pdf, {{4, "<< >>"}}, "", own)) ==
          "the cross-reference sections loop: /Prev leads back to the section at byte " + std::to_string(own));
    // Two updates whose /Prev point at each other.
    const std::string second = append_update(update, {{5, "<< >>"}});
    std::string crossed = second;
    const size_t prev_at = crossed.find("/Prev " + std::to_string(xref));
    const std::string to_second = std::to_string(second.rfind("\nxref\n") + 1);
    REQUIRE(to_second.size() == std::to_string(xref).size());  // no offset moves
    crossed.replace(prev_at + 6, to_second.size(), to_second);
    CHECK(screen_pdf(crossed).find("the cross-reference sections loop") == 0);
    CHECK(screen_pdf(append_update(pdf, {{4, "<< >>"}}, "", 99999999)).find("lies beyond the end of the file") != std::string::npos);
    CHECK(screen_pdf("%PDF-1.7\n1 0 obj << >> endobj\n") == "no startxref: the cross-reference table cannot be found");
    CHECK(screen_pdf(pdf.substr(0, pdf.size() / 2)) == "no startxref: the cross-reference table cannot be found");
    // Garbage after the header: refused, never a crash.
    std::mt19937 random(8);
    std::string garbage = "%PDF-1.7\n";
    for (int i = 0; i < 1 << 16; ++i) garbage += static_cast<char>(random());
    CHECK(screen_pdf(garbage) == "no startxref: the cross-reference table cannot be found");
}

TEST_CASE("screen: a page tree with a cycle is refused") {
    std::vector<std::string> cycle = base_objects();
    cycle[1] = "<< /Type /Pages /Kids [ 3 0 R 4 0 R ] /Count 2 >>";
    cycle.push_back("<< /Type /Pages /Parent 2 0 R /Kids [ 2 0 R ] /Count 1 >>");
    CHECK(screen_pdf(hand_pdf(cycle)).find("the page tree has a cycle") == 0);
    // The same in an incremental update of a file that was fine.
    const std::string pdf = hand_pdf(base_objects());
    CHECK(screen_pdf(append_update(pdf, {{2, "<< /Type /Pages /Kids [ 3 0 R 4 0 R ] /Count 2 >>"},
                                         {4, "<< /Type /Pages /Kids [ 2 0 R ] /Count 1 >>"}}))
              .find("the page tree has a cycle") == 0);
    // A tree two levels deep is no cycle.
    std::vector<std::string> tree = base_objects();
    tree[1] = "<< /Type /Pages /Kids [ 4 0 R ] /Count 1 >>";
    tree[2] = "<< /Type /Page /Parent 4 0 R /MediaBox [ 0 0 595 842 ] >>";
    tree.push_back("<< /Type /Pages /Parent 2 0 R /Kids [ 3 0 R ] /Count 1 >>");
    CHECK(screen_pdf(hand_pdf(tree)) == "");
}

namespace {

// What PoDoFo's own decoder makes of `raw`; nullopt when it throws.
std::optional<std::string> podofo_decode(PoDoFo::EPdfFilter filter, const std::string& raw) {
    using namespace PoDoFo;
    std::unique_ptr<PdfFilter> f(PdfFilterFactory::Create(filter));
    char* out = nullptr;
    pdf_long length = 0;
    try {
        f->Decode(raw.data(), static_cast<pdf_long>(raw.size()), &out, &length);
    } catch (const PdfError&) {
        return std::nullopt;
    }
    std::string decoded(out ? out : "", static_cast<size_t>(length));
    podofo_free(out);
    return decoded;
}

// LZW codes as PoDoFo's decoder reads them: 9 bits until its table has 511
// entries, 10 until 1023, 11 until 2047, then 12. Random codes below the
// table size (or the next one), no clear, an end marker.
std::string lzw_codes(std::mt19937& random, int count) {
    std::string out;
    unsigned long long bits = 0;
    int nbits = 0, width = 9;
    size_t table = 257;
    auto put = [&](unsigned code) {
        bits = (bits << width) | code;
        nbits += width;
        while (nbits >= 8) {
            out += static_cast<char>((bits >> (nbits - 8)) & 0xff);
            nbits -= 8;
        }
    };
    for (int i = 0; i < count; ++i) {
        unsigned code = static_cast<unsigned>(random() % (table + 1));
        if (code == 256 || code == 257) code = 65;
        if (i == 0 && code >= 256) code = 66;
        put(code);
        ++table;
        if (table == 511 || table == 1023 || table == 2047) ++width;
        if (table >= 4095) break;
    }
    put(257);
    if (nbits > 0) out += static_cast<char>((bits << (8 - nbits)) & 0xff);
    return out;
}

}  // namespace

TEST_CASE("screen: the bounded decoders give what PoDoFo's decoders give") {
    using namespace PoDoFo;
    std::mt19937 random(42);
    int lzw_compared = 0;
    for (int round = 0; round < 40; ++round) {
        INFO("round " << round);
        std::string text;
        for (int i = 0, n = static_cast<int>(random() % 5000); i < n; ++i) text += static_cast<char>("ab \n\0xyz"[random() % 8]);
        const std::string flate = deflated(text, random() % 3 ? 0 : random() % 100000);
        const auto flate_podofo = podofo_decode(ePdfFilter_FlateDecode, flate);
        REQUIRE(flate_podofo);
        CHECK(screen::decode(flate, {"FlateDecode"}, 1 << 30, true).data == *flate_podofo);

        const std::string lzw = lzw_codes(random, 1 + static_cast<int>(random() % 4000));
        const auto lzw_podofo = podofo_decode(ePdfFilter_LZWDecode, lzw);
        if (lzw_podofo) {
            CHECK(screen::decode(lzw, {"LZWDecode"}, 1 << 30, true).data == *lzw_podofo);
            ++lzw_compared;
        }

        std::string rle;
        for (int i = 0, n = static_cast<int>(random() % 3000); i < n; ++i) rle += static_cast<char>(random());
        const auto rle_podofo = podofo_decode(ePdfFilter_RunLengthDecode, rle);
        REQUIRE(rle_podofo);
        CHECK(screen::decode(rle, {"RunLengthDecode"}, 1 << 30, true).data == *rle_podofo);
    }
    CHECK(lzw_compared >= 30);  // valid code streams: PoDoFo decodes them
    // An LZW bomb: long runs of the newest code, each output longer.
    std::string bomb_codes;
    {
        unsigned long long bits = 0;
        int nbits = 0, width = 9;
        size_t table = 257;
        auto put = [&](unsigned code) {
            bits = (bits << width) | code;
            nbits += width;
            while (nbits >= 8) {
                bomb_codes += static_cast<char>((bits >> (nbits - 8)) & 0xff);
                nbits -= 8;
            }
        };
        for (int i = 0; i < 200000; ++i) {
            put(table - 1 >= 258 ? static_cast<unsigned>(std::min<size_t>(table - 1, 4094)) : 65);
            ++table;
            if (table == 511 || table == 1023 || table == 2047) ++width;
        }
    }
    const screen::DecodeResult bombed = screen::decode(bomb_codes, {"LZWDecode"}, 64 << 20, false);
    CHECK(bombed.too_large);
    CHECK(bombed.stage == "LZWDecode");
}
