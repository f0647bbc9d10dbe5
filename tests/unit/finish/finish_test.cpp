// finish: write's PDF -> PDF/A-2b/1b with empty signature fields.
//
// Builds a realistic typeset::Pages by hand (three pages, all four faces,
// Swedish text, a rule, a link, two signature fields) and checks what our own
// code and the commonly installed tools (qpdf, poppler) can check. The full
// PDF/A verdict comes from veraPDF/Preflight: set PROTOKOLL_TEST_OUT=DIR to
// keep protokoll-2b.pdf and protokoll-1b.pdf for a PDF/A validator.
#include "finish/finish.h"
#include "write/write.h"

#include "base/diagnostic.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace protokoll;

namespace {

const char* const SWEDISH = "Sammanfattning av ärendet – åäö ÅÄÖ é § ” •";
const std::time_t TIMESTAMP = 1570095000;  // 2019-10-03 09:30:00 UTC

typeset::GlyphRun run(double x, double y, typeset::Face face, std::string text, double size = 11)
{
    typeset::GlyphRun r;
    r.x = x;
    r.y = y;
    r.face = face;
    r.size = size;
    r.text = std::move(text);
    return r;
}

typeset::Pages sample_pages()
{
    typeset::Pages pages;
    const char* files[] = {"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
                           "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf"};
    for (int i = 0; i < document::FACE_COUNT; ++i)
        pages.fonts.path[i] = std::string("/usr/share/fonts/truetype/liberation2/") + files[i];
    pages.metadata.title = "Protokoll 2019-10-03 Styrgruppen för social välfärd";
    pages.metadata.author = "Lunds kommun & <Socialförvaltningen>";
    pages.metadata.subject = "Styrgruppen för social välfärd";
    pages.metadata.keywords = "protokoll, sammanträde, §§ 1–12";
    const double left = 70.87;
    using F = typeset::Face;
    using document::Role;
    // Tagged: the page headers are artifacts, the lines one P running over
    // all three pages, a Link, and a Form with a Div per signature.
    document::Structure& tags = pages.structure;
    tags.add(Role::Document, -1);
    const int text = tags.add(Role::P, 0);
    const int link_element = tags.add(Role::Link, text);
    const int signatures = tags.add(Role::Div, 0);
    const int form_a = tags.add(Role::Form, signatures, "Underskrift av Kent Lagrell, Ordförande");
    const int form_b = tags.add(Role::Form, signatures, "Underskrift av Sara Nordenhielm, Justerare");
    const int names = tags.add(Role::P, signatures);
    for (int p = 0; p < 3; ++p) {
        typeset::Page page;
        page.runs.push_back(run(left, 800, F::Bold, "Protokoll – sida " + std::to_string(p + 1), 14));
        double y = 760;
        for (int line = 0; line < 12; ++line) {
            const F face = static_cast<F>(line % 4);
            page.runs.push_back(run(left, y, face, SWEDISH));
            page.runs.back().element = text;
            page.runs.push_back(run(left + 300, y, F::Regular, "§ " + std::to_string(line + 1)));
            page.runs.back().element = text;
            y -= 14;
        }
        typeset::RuleLine rule;
        rule.x0 = left;
        rule.x1 = 524.4;
        rule.y0 = rule.y1 = y;
        rule.color = {0.2, 0.2, 0.2};
        page.rules.push_back(rule);
        typeset::GlyphRun coloured = run(left, y - 20, F::Italic, "Läs mer på https://www.lund.se/");
        coloured.color = {0.0, 0.2, 0.6};
        coloured.element = p == 0 ? link_element : text;
        page.runs.push_back(coloured);
        if (p == 0) {
            typeset::LinkArea link;
            link.area = {left, y - 23, left + 180, y - 10};
            link.uri = "https://www.lund.se/";
            link.element = link_element;
            page.links.push_back(link);
        }
        if (p == 2) {
            typeset::FieldArea a, b;
            a.name = "Kent Lagrell";
            a.area = {left, 200, left + 200, 242};
            a.element = form_a;
            b.name = "Sara Nordenhielm";
            b.area = {left + 240, 200, left + 440, 242};
            b.element = form_b;
            page.fields = {a, b};
            page.runs.push_back(run(left, 188, F::Regular, "Kent Lagrell"));
            page.runs.push_back(run(left, 175, F::Italic, "Ordförande"));
            page.runs.push_back(run(left + 240, 188, F::Regular, "Sara Nordenhielm"));
            page.runs.push_back(run(left + 240, 175, F::Italic, "Justerare"));
            for (size_t k = page.runs.size() - 4; k < page.runs.size(); ++k) page.runs[k].element = names;
        }
        pages.pages.push_back(page);
    }
    return pages;
}

std::string render(const typeset::Pages& pages, finish::PdfA level, const finish::Source& source = {})
{
    write::Options wo;
    wo.timestamp = TIMESTAMP;
    finish::Options fo;
    fo.level = level;
    fo.source = source;
    fo.timestamp = TIMESTAMP;
    typeset::MarkedContent marked;
    const std::string plain = write::write_pdf(pages, wo, marked);
    return finish::finish_pdf(plain, pages, marked, fo);
}

// An independent checker the test needs; missing, it fails the test (a
// skipped check would pass unseen): scripts/install-deps.sh installs them all.
bool have(const char* tool)
{
    const bool there = std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
    if (!there) FAIL(tool << " is not installed (run scripts/install-deps.sh)");
    return there;
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

struct TempPdf {
    std::string path;
    explicit TempPdf(const std::string& bytes, const std::string& name)
        : path("/tmp/protokoll_finish_test_" + std::to_string(getpid()) + "_" + name + ".pdf")
    {
        std::ofstream(path, std::ios::binary) << bytes;
    }
    ~TempPdf() { std::remove(path.c_str()); }
};

void keep(const std::string& bytes, const std::string& name)
{
    if (const char* dir = std::getenv("PROTOKOLL_TEST_OUT"))
        std::ofstream(std::string(dir) + "/" + name, std::ios::binary) << bytes;
}

std::string between(const std::string& s, const std::string& open, const std::string& close)
{
    const size_t a = s.find(open);
    if (a == std::string::npos)
        return {};
    const size_t b = s.find(close, a + open.size());
    return b == std::string::npos ? std::string() : s.substr(a + open.size(), b - a - open.size());
}

// The value of a "Key:   value" line of pdfinfo's output.
std::string info_value(const std::string& info, const std::string& key)
{
    const size_t at = info.find("\n" + key + ":");
    if (at == std::string::npos)
        return {};
    size_t start = info.find_first_not_of(' ', at + key.size() + 2);
    return info.substr(start, info.find('\n', start) - start);
}

}  // namespace

TEST_CASE("finish: PDF/A-2b claim, metadata and dates agree")
{
    const auto pages = sample_pages();
    const std::string pdf = render(pages, finish::PdfA::Part2B);
    keep(pdf, "protokoll-2b.pdf");
    CHECK(pdf.compare(0, 8, "%PDF-1.7") == 0);
    // XMP is stored uncompressed, so it can be read straight from the bytes.
    CHECK(between(pdf, "<pdfaid:part>", "</pdfaid:part>") == "2");
    CHECK(between(pdf, "<pdfaid:conformance>", "</pdfaid:conformance>") == "B");
    CHECK(between(pdf, "<xmp:CreateDate>", "<") == "2019-10-03T09:30:00+00:00");
    CHECK(between(pdf, "<xmp:ModifyDate>", "<") == "2019-10-03T09:30:00+00:00");
    CHECK(between(pdf, "/CreationDate (", ")") == "D:20191003093000+00'00'");
    CHECK(between(pdf, "/ModDate (", ")") == "D:20191003093000+00'00'");  // not PoDoFo's "now"
    CHECK(between(pdf, "<rdf:li xml:lang=\"x-default\">", "<") ==
          "Protokoll 2019-10-03 Styrgruppen för social välfärd");
    CHECK(between(pdf, "<dc:creator><rdf:Seq><rdf:li>", "<") ==
          "Lunds kommun &amp; &lt;Socialförvaltningen&gt;");
    CHECK(pdf.find("/GTS_PDFA1") != std::string::npos);
    CHECK(pdf.find("/Lang (sv-SE)") != std::string::npos);

    REQUIRE(have("pdfinfo"));  // an independent checker: missing, the test fails
    TempPdf file(pdf, "info");
    const std::string info = "\n" + run_capture("pdfinfo -isodates " + file.path + " 2>&1");
    CHECK(info_value(info, "Title") == "Protokoll 2019-10-03 Styrgruppen för social välfärd");
    CHECK(info_value(info, "Author") == "Lunds kommun & <Socialförvaltningen>");
    CHECK(info_value(info, "Keywords") == "protokoll, sammanträde, §§ 1–12");
    CHECK(info_value(info, "Creator") == "protokoll");
    CHECK(info_value(info, "CreationDate") == "2019-10-03T09:30:00Z");
    CHECK(info_value(info, "ModDate") == "2019-10-03T09:30:00Z");
    CHECK(info_value(info, "Pages") == "3");
    CHECK(info_value(info, "Form") == "AcroForm");
    CHECK(info.find("Syntax") == std::string::npos);
}

TEST_CASE("finish: PDF/A-1b claim and PDF 1.4")
{
    const std::string pdf = render(sample_pages(), finish::PdfA::Part1B);
    keep(pdf, "protokoll-1b.pdf");
    CHECK(pdf.compare(0, 8, "%PDF-1.4") == 0);
    CHECK(between(pdf, "<pdfaid:part>", "</pdfaid:part>") == "1");
    CHECK(between(pdf, "<pdfaid:conformance>", "</pdfaid:conformance>") == "B");
    CHECK(pdf.find("/ObjStm") == std::string::npos);
    CHECK(pdf.find("/CIDSet") != std::string::npos);
}

TEST_CASE("finish: PDF/A-3a embeds the source as an associated file")
{
    auto pages = sample_pages();
    pages.metadata.source_description = "Dokumentets källa i XML";
    const finish::Source source{"<?xml version=\"1.0\"?>\n<protocol>§ 1 – åäö</protocol>\n", "möte 2019.xml"};
    const std::string pdf = render(pages, finish::PdfA::Part3A, source);
    CHECK(between(pdf, "<pdfaid:part>", "</pdfaid:part>") == "3");
    CHECK(between(pdf, "<pdfaid:conformance>", "</pdfaid:conformance>") == "A");
    CHECK(pdf.find("<pdfuaid:part>1</pdfuaid:part>") != std::string::npos);
    CHECK(pdf.find("/AFRelationship /Source") != std::string::npos);
    CHECK(pdf.find("/F (m_te 2019.xml)") != std::string::npos);  // /F: ASCII; /UF keeps "ö"
    CHECK(render(pages, finish::PdfA::Part3A, source) == pdf);   // deterministic
    CHECK(render(pages, finish::PdfA::Part2A).find("/AF") == std::string::npos);

    REQUIRE(have("qpdf"));  // an independent checker: missing, the test fails
    TempPdf file(pdf, "pdfa3");
    const std::string listed = run_capture("qpdf --list-attachments --verbose " + file.path + " 2>&1");
    CHECK(listed.find("möte 2019.xml -> ") != std::string::npos);
    CHECK(listed.find("description: Dokumentets källa i XML") != std::string::npos);
    CHECK(listed.find("mime type: application/xml") != std::string::npos);
    CHECK(listed.find("creation date: D:20191003093000") != std::string::npos);
    CHECK(run_capture("qpdf --show-attachment='möte 2019.xml' " + file.path + " 2>&1") == source.bytes);

    // 3A without a source is the caller's mistake.
    CHECK_THROWS_AS(render(pages, finish::PdfA::Part3A), Error);
}

TEST_CASE("finish: deterministic bytes and /ID")
{
    const auto pages = sample_pages();
    const std::string a = render(pages, finish::PdfA::Part2B);
    const std::string b = render(pages, finish::PdfA::Part2B);
    CHECK(a.size() == b.size());
    CHECK(a == b);
    const std::string id = between(a, "/ID [", "]");
    REQUIRE(!id.empty());
    const std::string first = between(id, "<", ">");
    CHECK(first.size() == 32);
    CHECK(id.find("<" + first + ">", id.find('>')) != std::string::npos);  // both entries equal

    // A different document with the same metadata and time gets another /ID.
    auto other = pages;
    other.pages[0].runs[0].text = "Annat protokoll";
    const std::string c = render(other, finish::PdfA::Part2B);
    CHECK(between(c, "/ID [", "]") != id);
}

TEST_CASE("finish: signature fields and link annotations")
{
    const std::string pdf = render(sample_pages(), finish::PdfA::Part2B);
    CHECK(pdf.find("/T (Kent Lagrell)") != std::string::npos);
    CHECK(pdf.find("/T (Sara Nordenhielm)") != std::string::npos);
    CHECK(pdf.find("/SigFlags 1") != std::string::npos);
    CHECK(pdf.find("/FT /Sig") != std::string::npos);
    CHECK(pdf.find("/S /URI") != std::string::npos);

    REQUIRE(have("qpdf"));  // an independent checker: missing, the test fails
    TempPdf file(pdf, "fields");
    CHECK(std::system(("qpdf --check " + file.path + " >/dev/null 2>&1").c_str()) == 0);
    const std::string json = run_capture("qpdf --json --json-key=acroform " + file.path + " 2>&1");
    CHECK(json.find("\"fullname\": \"Kent Lagrell\"") != std::string::npos);
    CHECK(json.find("\"fullname\": \"Sara Nordenhielm\"") != std::string::npos);
    CHECK(json.find("\"fieldtype\": \"/Sig\"") != std::string::npos);
    CHECK(json.find("\"pageposfrom1\": 3") != std::string::npos);
}

TEST_CASE("finish: a non-ASCII field name becomes a UTF-16BE /T")
{
    auto pages = sample_pages();
    pages.pages[2].fields[1].name = "Åsa Öberg";
    const std::string pdf = render(pages, finish::PdfA::Part2B);
    // FE FF BOM, then "Å" = 00 C5 (PoDoFo may write it as a literal or hex string).
    const bool literal = pdf.find(std::string("/T (\xFE\xFF\x00\xC5", 8)) != std::string::npos;
    const bool hex = pdf.find("/T <FEFF00C5") != std::string::npos;
    CHECK((literal || hex));
    REQUIRE(have("qpdf"));  // an independent checker: missing, the test fails
    TempPdf file(pdf, "utf16");
    const std::string json = run_capture("qpdf --json --json-key=acroform " + file.path + " 2>&1");
    CHECK(json.find("\"fullname\": \"Åsa Öberg\"") != std::string::npos);
}

TEST_CASE("finish: fonts embedded with a working ToUnicode map")
{
    const std::string pdf = render(sample_pages(), finish::PdfA::Part2B);
    // Liberation Sans: OS/2 sCapHeight 1409 / 2048 units per em.
    CHECK(pdf.find("/CapHeight 688") != std::string::npos);
    CHECK(pdf.find(",Bold") == std::string::npos);  // libharu's name suffix is dropped
    REQUIRE(have("pdffonts"));  // independent checkers: missing, the test fails
    REQUIRE(have("pdftotext"));
    TempPdf file(pdf, "fonts");
    const std::string fonts = run_capture("pdffonts " + file.path + " 2>&1");
    CHECK(fonts.find("Syntax") == std::string::npos);  // libharu's broken CMap warned here
    int rows = 0, good = 0;
    for (size_t at = fonts.find("CID TrueType"); at != std::string::npos;
         at = fonts.find("CID TrueType", at + 1)) {
        ++rows;
        const std::string line = fonts.substr(at, fonts.find('\n', at) - at);
        if (line.find("Identity-H       yes yes yes") != std::string::npos)
            ++good;  // embedded, subset, ToUnicode
    }
    CHECK(rows == 4);
    CHECK(good == 4);

    const std::string text = run_capture("pdftotext -enc UTF-8 " + file.path + " - 2>&1");
    CHECK(text.find(SWEDISH) != std::string::npos);
    CHECK(text.find("Sara Nordenhielm") != std::string::npos);
    CHECK(text.find("Syntax") == std::string::npos);
}

TEST_CASE("finish: the same file without the pages' runs")
{
    // The pipeline drops the runs after write (release_glyph_runs); finish
    // needs none of them (write made the fonts) and gives the same file.
    auto pages = sample_pages();
    write::Options wo;
    wo.timestamp = TIMESTAMP;
    finish::Options fo;
    fo.level = finish::PdfA::Part2B;
    fo.timestamp = TIMESTAMP;
    typeset::MarkedContent marked;
    const std::string plain = write::write_pdf(pages, wo, marked);
    const std::string with_runs = finish::finish_pdf(plain, pages, marked, fo);
    typeset::release_glyph_runs(pages);
    REQUIRE(pages.pages[0].runs.empty());
    CHECK(finish::finish_pdf(plain, pages, marked, fo) == with_runs);
    CHECK(with_runs.find("/ToUnicode") != std::string::npos);
}

TEST_CASE("finish: rejects a PDF that does not match the pages")
{
    auto pages = sample_pages();
    write::Options wo;
    typeset::MarkedContent marked;
    const std::string pdf = write::write_pdf(pages, wo, marked);
    auto fewer = pages;
    fewer.pages.pop_back();
    CHECK_THROWS_AS(finish::finish_pdf(pdf, fewer, marked, {}), Error);
    CHECK_THROWS_AS(finish::finish_pdf("not a pdf", pages, marked, {}), Error);
    // PDF/A-2a is a tagged PDF: without the structure it cannot be claimed.
    auto untagged = pages;
    untagged.structure = {};
    CHECK_THROWS_AS(finish::finish_pdf(pdf, untagged, marked, {}), Error);
}
