// write: Pages -> plain PDF bytes. finish's tests cover PDF/A; these cover
// what write promises on its own: a parseable PDF, embedded UTF-8 fonts only
// for faces in use, deterministic bytes, and errors as protokoll::Error.
#include "write/write.h"

#include "base/diagnostic.h"

#include <catch2/catch.hpp>
#include <png.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace protokoll;

namespace {

const char* const FONT_DIR = "/usr/share/fonts/truetype/liberation2/";

typeset::Pages sample_pages(bool all_faces)
{
    typeset::Pages pages;
    const char* files[] = {"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
                           "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf"};
    for (int i = 0; i < document::FACE_COUNT; ++i)
        pages.fonts.path[i] = std::string(FONT_DIR) + files[i];
    pages.metadata.title = "Protokoll 2019-10-03";
    for (int p = 0; p < 2; ++p) {
        typeset::Page page;
        double y = 780;
        for (int f = 0; f < (all_faces ? 4 : 1); ++f) {
            typeset::GlyphRun run;
            run.x = 70.87;
            run.y = y;
            run.face = static_cast<typeset::Face>(f);
            run.text = "Sammanfattning av ärendet – åäö ÅÄÖ é § ” •";
            page.runs.push_back(run);
            y -= 14;
        }
        typeset::RuleLine rule;
        rule.x0 = 70.87;
        rule.x1 = 524.4;
        rule.y0 = rule.y1 = y;
        page.rules.push_back(rule);
        pages.pages.push_back(page);
    }
    return pages;
}

// An independent checker the test needs; missing, it fails the test (a
// skipped check would pass unseen): scripts/install-deps.sh installs them all.
bool have(const char* tool)
{
    const bool there = std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
    if (!there) FAIL(tool << " is not installed (run scripts/install-deps.sh)");
    return there;
}

std::string save_temp(const std::string& bytes, const std::string& name)
{
    std::string path = "/tmp/protokoll_write_test_" + name + ".pdf";
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

std::string run_capture(const std::string& command)
{
    std::string out;
    if (FILE* p = popen(command.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0)
            out.append(buf, n);
        pclose(p);
    }
    return out;
}

size_t count(const std::string& hay, const std::string& needle)
{
    size_t n = 0;
    for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_CASE("write produces a PDF with one page per typeset page")
{
    write::Options options;
    options.timestamp = 1570095000;
    const std::string pdf = write::write_pdf(sample_pages(true), options);
    REQUIRE(pdf.compare(0, 5, "%PDF-") == 0);
    CHECK(pdf.find("%%EOF") != std::string::npos);
    if (const char* dir = std::getenv("PROTOKOLL_TEST_OUT"))
        std::ofstream(std::string(dir) + "/write-raw.pdf", std::ios::binary) << pdf;

    REQUIRE(have("qpdf"));  // an independent checker: missing, the test fails
    const std::string path = save_temp(pdf, "pages");
    CHECK(std::system(("qpdf --check " + path + " >/dev/null 2>&1").c_str()) == 0);
    const std::string info = run_capture("qpdf --show-npages " + path);
    CHECK(info == "2\n");
    std::remove(path.c_str());
}

TEST_CASE("write embeds only the faces that are used")
{
    const std::string one = write::write_pdf(sample_pages(false), {});
    const std::string four = write::write_pdf(sample_pages(true), {});
    CHECK(count(one, "/FontFile2") == 1);
    CHECK(count(four, "/FontFile2") == 4);
    REQUIRE(have("pdffonts"));  // an independent checker: missing, the test fails
    const std::string path = save_temp(four, "fonts");
    const std::string fonts = run_capture("pdffonts " + path + " 2>/dev/null");
    CHECK(count(fonts, "CID TrueType") == 4);
    CHECK(count(fonts, " yes ") >= 4);  // embedded
    std::remove(path.c_str());
}

TEST_CASE("write is deterministic")
{
    write::Options options;
    options.timestamp = 1570095000;
    const auto pages = sample_pages(true);
    const std::string a = write::write_pdf(pages, options);
    const std::string b = write::write_pdf(pages, options);
    CHECK(a.size() == b.size());
    CHECK(a == b);
    CHECK(a.find("D:20191003093000Z") != std::string::npos);
}

TEST_CASE("write reports library failures as protokoll::Error")
{
    auto pages = sample_pages(false);
    pages.fonts.path[0] = "/nonexistent/font.ttf";
    try {
        write::write_pdf(pages, {});
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Internal);
        CHECK(e.message().find("/nonexistent/font.ttf") != std::string::npos);
    }
    CHECK_THROWS_AS(write::write_pdf(typeset::Pages{}, {}), Error);
}

// ---- images ----------------------------------------------------------------
namespace {

// A small RGBA PNG written with libpng: the left half fully transparent
// black, the right half opaque blue. Flattened onto white, the left half
// must come out white, not black.
std::string write_test_png(const std::string& name, unsigned width = 8, bool alpha = true)
{
    const unsigned height = 4;
    std::vector<unsigned char> rgba(width * height * 4);
    for (unsigned y = 0; y < height; ++y)
        for (unsigned x = 0; x < width; ++x) {
            unsigned char* px = &rgba[(y * width + x) * 4];
            const bool opaque = x >= width / 2;
            px[0] = 0;
            px[1] = 0;
            px[2] = opaque ? 255 : 0;
            px[3] = opaque ? 255 : 0;
            if (!alpha && !opaque) px[0] = px[1] = px[2] = 255;  // already white
        }
    if (!alpha) {  // the same pixels as RGB
        for (unsigned i = 0; i < width * height; ++i)
            for (unsigned c = 0; c < 3; ++c) rgba[i * 3 + c] = rgba[i * 4 + c];
        rgba.resize(width * height * 3);
    }
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = height;
    image.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
    const std::string path = "/tmp/protokoll_write_test_" + name + ".png";
    REQUIRE(png_image_write_to_file(&image, path.c_str(), 0, rgba.data(), 0, nullptr));
    return path;
}

typeset::Pages pages_with_image(const std::string& png);

}  // namespace

TEST_CASE("write embeds an RGB PNG's own rows, and flattens one with alpha")
{
    const std::string rgb_png = write_test_png("rgb", 8, false);
    const std::string rgba_png = write_test_png("rgba", 8, true);
    const std::string rgb = write::write_pdf(pages_with_image(rgb_png), {});
    const std::string rgba = write::write_pdf(pages_with_image(rgba_png), {});
    std::remove(rgb_png.c_str());
    std::remove(rgba_png.c_str());
    CHECK(count(rgb, "/Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 8") == 1);
    CHECK(count(rgba, "/Predictor") == 0);
    // Both show the same pixels (an independent rasteriser judges).
    REQUIRE(have("pdftoppm"));
    std::string ppm[2];
    for (int i = 0; i < 2; ++i) {
        const std::string path = save_temp(i == 0 ? rgb : rgba, i == 0 ? "rgb" : "rgba");
        ppm[i] = run_capture("pdftoppm -r 10 -f 1 -l 1 " + path + " 2>/dev/null");
        std::remove(path.c_str());
        REQUIRE(ppm[i].compare(0, 2, "P6") == 0);
    }
    CHECK(ppm[0] == ppm[1]);
}

TEST_CASE("write embeds a logo anew when its file has changed, in one process")
{
    const std::string png = write_test_png("changing", 8);
    const std::string first = write::write_pdf(pages_with_image(png), {});
    CHECK(first.find("/Width 8") != std::string::npos);
    CHECK(write::write_pdf(pages_with_image(png), {}) == first);  // the same file: the same bytes
    write_test_png("changing", 6);
    const std::string second = write::write_pdf(pages_with_image(png), {});
    std::remove(png.c_str());
    CHECK(second.find("/Width 6") != std::string::npos);
    CHECK(second.find("/Width 8") == std::string::npos);
    CHECK(count(second, "/Filter [/FlateDecode]") >= 1);
}

namespace {

typeset::Pages pages_with_image(const std::string& png)
{
    typeset::Pages pages = sample_pages(false);
    for (auto& page : pages.pages)
        page.images.push_back({{0, 0, pages.width, pages.height}, png});  // the whole page
    return pages;
}

}  // namespace

TEST_CASE("write embeds a PNG once, as 8-bit DeviceRGB without an alpha channel")
{
    const std::string png = write_test_png("alpha");
    const std::string pdf = write::write_pdf(pages_with_image(png), {});
    CHECK(count(pdf, "/Subtype /Image") == 1);  // two pages, one XObject: cached by path
    CHECK(count(pdf, "/DeviceRGB") >= 1);
    CHECK(count(pdf, "/BitsPerComponent 8") == 1);
    CHECK(count(pdf, "/SMask") == 0);
    CHECK(count(pdf, "/Mask") == 0);
    // An independent rasteriser judges the pixels: missing, the test fails.
    REQUIRE(have("pdftoppm"));
    // Rasterise page 1 as binary PPM: the transparent half must be white.
    const std::string path = save_temp(pdf, "image");
    const std::string ppm = run_capture("pdftoppm -r 10 -f 1 -l 1 " + path + " 2>/dev/null");
    std::remove(path.c_str());
    std::remove(png.c_str());
    REQUIRE(ppm.compare(0, 2, "P6") == 0);
    unsigned w = 0, h = 0, max = 0;
    int header = 0;
    REQUIRE(std::sscanf(ppm.c_str(), "P6 %u %u %u%n", &w, &h, &max, &header) == 3);
    const unsigned char* pixels = reinterpret_cast<const unsigned char*>(ppm.data()) + header + 1;
    REQUIRE(ppm.size() >= static_cast<size_t>(header) + 1 + w * h * 3);
    auto at = [&](unsigned x, unsigned y) { return pixels + (y * w + x) * 3; };
    const unsigned char* left = at(w / 8, h / 4 * 3);  // away from the text at the top
    const unsigned char* right = at(w * 7 / 8, h / 4 * 3);
    CHECK(int(left[0]) == 255);
    CHECK(int(left[1]) == 255);
    CHECK(int(left[2]) == 255);
    CHECK(int(right[0]) < 10);
    CHECK(int(right[2]) > 245);
}

TEST_CASE("a missing or unreadable PNG is bad input naming the path")
{
    SECTION("missing")
    {
        try {
            write::write_pdf(pages_with_image("/nonexistent/logo.png"), {});
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
            CHECK(e.message().find("/nonexistent/logo.png") != std::string::npos);
        }
    }
    SECTION("not a PNG")
    {
        const std::string path = "/tmp/protokoll_write_test_not.png";
        std::ofstream(path, std::ios::binary) << "GIF89a, not a PNG at all";
        try {
            write::write_pdf(pages_with_image(path), {});
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
            CHECK(e.message().find(path) != std::string::npos);
        }
        std::remove(path.c_str());
    }
}

namespace {

// CRC-32 of PNG chunks (ISO 3309, as the PNG specification gives it).
unsigned long png_crc(const std::string& bytes)
{
    unsigned long c = 0xFFFFFFFFul;
    for (unsigned char b : bytes) {
        c ^= b;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320ul ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFul;
}

std::string be32(unsigned long v)
{
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

std::string png_chunk(const std::string& kind, const std::string& data)
{
    return be32(data.size()) + kind + data + be32(png_crc(kind + data));
}

}  // namespace

TEST_CASE("a PNG whose header claims more than 40 million pixels is refused before decoding")
{
    // 20 000 x 20 000 RGB would be 1.2 GB decoded; the file is a header and
    // a few bytes of (never read) image data.
    std::string ihdr = be32(20000) + be32(20000);
    ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, no interlace
    const std::string idat("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9);
    const std::string path = "/tmp/protokoll_write_test_huge.png";
    std::ofstream(path, std::ios::binary) << std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) +
                                                 png_chunk("IDAT", idat) + png_chunk("IEND", "");
    try {
        write::write_pdf(pages_with_image(path), {});
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK(e.message() == "cannot use image " + path +
                                 ": 20000 x 20000 pixels; the limit is 40000000 pixels");
    }
    std::remove(path.c_str());
}

TEST_CASE("write refuses more pages than typeset makes")
{
    typeset::Pages pages = sample_pages(false);
    pages.pages.resize(typeset::MAX_PAGES + 1);
    try {
        write::write_pdf(pages, {});
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Internal);
        CHECK(e.message() == "write: 10001 pages; the limit is 10000");
    }
}

TEST_CASE("a run longer than libharu's 65 535-byte string limit is shown in pieces and reads back whole")
{
    // parse refuses attributes and words this long; write still must not
    // depend on that (a PDF/A string may not pass 32 767 bytes).
    typeset::Pages pages = sample_pages(false);
    pages.pages[0].runs[0].text = std::string(70000, 'N') + "ÅÄÖ";
    write::Options options;
    options.timestamp = 1570095000;
    const std::string pdf = write::write_pdf(pages, options);
    REQUIRE(have("qpdf"));
    const std::string path = save_temp(pdf, "long-run");
    CHECK(std::system(("qpdf --check " + path + " >/dev/null 2>&1").c_str()) == 0);
    // The run's shown strings (CIDs = code points, in hex; in a Tj, or in
    // pieces of one TJ), read back by qpdf:
    // every letter is there, in pieces of at most 8 192 characters (16 384
    // bytes, under PDF/A's 32 767), the first 9 of them all "N".
    const std::string shown = run_capture("qpdf --qdf --object-streams=disable " + path +
                                          " - | grep -a -E ' T[jJ]$' | head -n 10 | grep -o '<[0-9A-Fa-f]*>'");
    INFO(shown.substr(0, 200));
    size_t pieces = 0, letters = 0, longest = 0;
    for (size_t at = shown.find('<'); at != std::string::npos; at = shown.find('<', at + 1)) {
        const size_t end = shown.find('>', at);
        const size_t hex = end - at - 1;
        ++pieces;
        longest = std::max(longest, hex / 2);
        for (size_t i = at + 1; i + 4 <= end; i += 4) letters += shown.compare(i, 4, "004e") == 0 || shown.compare(i, 4, "004E") == 0;
    }
    CHECK(pieces >= 9);
    CHECK(letters == 70000);
    CHECK(longest <= 16384);
    std::remove(path.c_str());
}

TEST_CASE("write's fonts carry the descriptor values of their own tables")
{
    const std::string pdf = write::write_pdf(sample_pages(true), {});
    // Liberation Sans: post italicAngle -12 (Italic), OS/2 sxHeight 1082 and
    // sCapHeight 1409 of 2048 units, weight 400 and 700.
    CHECK(count(pdf, "/ItalicAngle -12") == 2);  // Italic, Bold Italic
    CHECK(count(pdf, "/ItalicAngle 0") == 2);
    CHECK(count(pdf, "/XHeight 528") == 4);
    CHECK(count(pdf, "/CapHeight 688") == 4);
    CHECK(count(pdf, "/StemV 95") == 2);
    CHECK(count(pdf, "/StemV 168") == 2);
    CHECK(count(pdf, "/CIDSet") == 4);
    CHECK(count(pdf, "/Ordering (Identity)") == 4);
    // Subset names: six capitals, "+", the PostScript name; the same
    // characters give the same tag, other characters another.
    const auto tag_of = [](const std::string& file, const std::string& name) {
        const size_t at = file.find("+" + name + "\n");
        REQUIRE(at != std::string::npos);
        REQUIRE(at >= 6);
        const std::string tag = file.substr(at - 6, 6);
        CHECK(std::all_of(tag.begin(), tag.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
        return tag;
    };
    const std::string regular = tag_of(pdf, "LiberationSans");
    CHECK(tag_of(write::write_pdf(sample_pages(true), {}), "LiberationSans") == regular);
    typeset::Pages other = sample_pages(true);
    other.pages[0].runs[0].text += "\u03A9";  // Ω: in no reserved set
    CHECK(tag_of(write::write_pdf(other, {}), "LiberationSans") != regular);
}
