// Blocks and pages, measured with a fixed-advance stub (every character 1 em
// wide) on a small page that holds exactly ten 12 pt lines.
#include "paginate.h"
#include "typeset/typeset.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace protokoll;
using namespace protokoll::typeset;
using document::Align;
using document::Run;
using document::SignatureRow;
using document::SignatureSlot;
using document::TextBlock;

namespace {

class FixedAdvance final : public TextMeasure {
public:
    double advance(Face, char32_t, const SourceLocation&) const override { return 1; }
    double ascender(Face) const override { return 0.8; }
    double descender(Face) const override { return -0.2; }
};

const FixedAdvance FIXED;
constexpr double LEADING = 12;
constexpr double TOP = 170;  // top of the content area: 220 - 50

Run text_run(std::string text) {
    Run run;
    run.text = std::move(text);
    return run;
}

Run line_break() {
    Run run;
    run.line_break = true;
    return run;
}

document::Document small_pages() {
    document::Document document;
    document.page.width = 200;
    document.page.height = 220;
    document.page.margin_top = 50;
    document.page.margin_top_first = 50;
    document.page.margin_bottom = 50;
    document.page.margin_left = 10;
    document.page.margin_right = 10;
    return document;
}

// A ragged block of `lines` lines "name.1", "name.2", … (forced breaks).
TextBlock block(const std::string& name, int lines, bool keep_with_next = false) {
    TextBlock block;
    block.style.size = 10;
    block.style.leading = LEADING;
    block.style.align = Align::Left;
    block.keep_with_next = keep_with_next;
    for (int k = 1; k <= lines; ++k) {
        if (k > 1) block.runs.push_back(line_break());
        block.runs.push_back(text_run(name + "." + std::to_string(k)));
    }
    return block;
}

// The texts of the runs on a page, top to bottom.
std::vector<std::string> texts(const Page& page) {
    std::vector<std::string> out;
    for (const auto& run : page.runs) out.push_back(run.text);
    return out;
}

// How many lines of block `name` are on the page.
int count_of(const Page& page, const std::string& name) {
    int count = 0;
    for (const auto& run : page.runs) count += run.text.rfind(name + ".", 0) == 0;
    return count;
}

Pages paginate_flow(document::Document document, Warnings* warnings_out = nullptr) {
    Warnings warnings;
    Pages pages = paginate(document, FIXED, warnings);
    if (warnings_out) *warnings_out = warnings;
    return pages;
}

SignatureRow signature_row(int slots) {
    SignatureRow row;
    row.style.size = 10;
    row.style.leading = LEADING;
    row.field_height = 30;
    row.column_width = 150;  // one column in 180 pt
    for (int s = 1; s <= slots; ++s) {
        SignatureSlot slot;
        slot.field_name = "Signer " + std::to_string(s);
        slot.name = "Name " + std::to_string(s);
        slot.role = "Role";
        row.slots.push_back(slot);
    }
    return row;
}

bool same(const Color& a, const Color& b) { return a == b; }

bool same(const Pages& a, const Pages& b) {
    if (a.pages.size() != b.pages.size() || a.width != b.width || a.height != b.height) return false;
    for (size_t p = 0; p < a.pages.size(); ++p) {
        const Page &x = a.pages[p], &y = b.pages[p];
        if (x.runs.size() != y.runs.size() || x.rules.size() != y.rules.size() ||
            x.links.size() != y.links.size() || x.fields.size() != y.fields.size())
            return false;
        for (size_t i = 0; i < x.runs.size(); ++i) {
            const GlyphRun &r = x.runs[i], &s = y.runs[i];
            if (r.x != s.x || r.y != s.y || r.face != s.face || r.size != s.size ||
                r.text != s.text || !same(r.color, s.color))
                return false;
        }
        for (size_t i = 0; i < x.fields.size(); ++i)
            if (x.fields[i].name != y.fields[i].name || x.fields[i].area.y0 != y.fields[i].area.y0)
                return false;
        for (size_t i = 0; i < x.links.size(); ++i)
            if (x.links[i].uri != y.links[i].uri || x.links[i].area.x0 != y.links[i].area.x0)
                return false;
    }
    return a.report.lines == b.report.lines && a.report.worst_badness == b.report.worst_badness;
}

}  // namespace

TEST_CASE("lines stack from the top of the content area", "[paginate]") {
    auto document = small_pages();
    document.flow.push_back(block("A", 3));
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 1);
    const auto& runs = pages.pages[0].runs;
    REQUIRE(runs.size() == 3);
    // Half-leading model: (12 - (8 + 2)) / 2 + 8 = 9 below the line's top.
    CHECK(runs[0].y == Approx(TOP - 9));
    CHECK(runs[1].y == Approx(TOP - 9 - LEADING));
    CHECK(runs[0].x == Approx(10));
    CHECK(pages.report.lines == 3);
    CHECK(pages.report.pages == 1);
}

TEST_CASE("a full page breaks where it is full", "[paginate]") {
    auto document = small_pages();
    document.flow.push_back(block("A", 12));
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    CHECK(count_of(pages.pages[0], "A") == 10);
    CHECK(count_of(pages.pages[1], "A") == 2);
}

TEST_CASE("no widow: the last line of a paragraph never stands alone", "[paginate]") {
    auto document = small_pages();
    document.flow.push_back(block("A", 11));
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    CHECK(count_of(pages.pages[0], "A") == 9);
    CHECK(count_of(pages.pages[1], "A") == 2);
}

TEST_CASE("no orphan: the first line of a paragraph never stands alone", "[paginate]") {
    auto document = small_pages();
    document.flow.push_back(block("A", 9));
    document.flow.push_back(block("B", 5));
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    CHECK(count_of(pages.pages[0], "A") == 9);
    CHECK(count_of(pages.pages[0], "B") == 0);
    CHECK(count_of(pages.pages[1], "B") == 5);
}

TEST_CASE("no word is split across a page break", "[paginate]") {
    // Twelve lines of one 16-letter word each (two do not fit in 18 em);
    // line 10 ends after the hyphen of "cccccccccccccccc-dddddddddddddddd",
    // where a ten-line page would end. The page ends one line earlier.
    auto document = small_pages();
    TextBlock paragraph;
    paragraph.style.size = 10;
    paragraph.style.leading = LEADING;
    paragraph.style.align = Align::Left;
    std::string text;
    for (int k = 1; k <= 9; ++k) text += std::string(16, static_cast<char>('a' + (k % 2))) + " ";
    text += "cccccccccccccccc-dddddddddddddddd eeeeeeeeeeeeeeee";
    paragraph.runs.push_back(text_run(text));
    document.flow.push_back(paragraph);
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    auto lines_on = [](const Page& page) {
        std::vector<double> ys;
        for (const auto& run : page.runs)
            if (ys.empty() || ys.back() != run.y) ys.push_back(run.y);
        return ys.size();
    };
    CHECK(pages.report.lines == 12);
    CHECK(lines_on(pages.pages[0]) == 9);
    CHECK(lines_on(pages.pages[1]) == 3);
    CHECK(pages.report.widows_avoided == 0);  // not a widow: a split word
    CHECK(pages.report.orphans_avoided == 0);
}

TEST_CASE("short paragraphs are not split at all", "[paginate]") {
    auto document = small_pages();
    document.flow.push_back(block("A", 8));
    document.flow.push_back(block("B", 3));  // 3 lines: any split leaves one alone
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    CHECK(count_of(pages.pages[0], "A") == 8);
    CHECK(count_of(pages.pages[1], "B") == 3);
}

TEST_CASE("keep_with_next moves a heading to the next page with its paragraph", "[paginate]") {
    auto document = small_pages();
    document.flow.push_back(block("A", 8));
    document.flow.push_back(block("H", 1, true));
    document.flow.push_back(block("B", 5));
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    CHECK(count_of(pages.pages[0], "A") == 8);
    CHECK(count_of(pages.pages[0], "H") == 0);
    CHECK(texts(pages.pages[1]).front() == "H.1");
    CHECK(count_of(pages.pages[1], "B") == 5);
}

TEST_CASE("keep_with_next chains hold", "[paginate]") {
    auto document = small_pages();
    document.flow.push_back(block("A", 7));
    document.flow.push_back(block("H", 1, true));
    document.flow.push_back(block("I", 1, true));
    document.flow.push_back(block("B", 4));
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    CHECK(count_of(pages.pages[0], "A") == 7);
    CHECK(texts(pages.pages[1])[0] == "H.1");
    CHECK(texts(pages.pages[1])[1] == "I.1");
}

TEST_CASE("space before is dropped at the top of a page", "[paginate]") {
    auto document = small_pages();
    document.flow.push_back(block("A", 10));
    TextBlock b = block("B", 2);
    b.style.space_before = 20;
    document.flow.push_back(b);
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    CHECK(pages.pages[1].runs[0].y == Approx(TOP - 9));
    // ... but kept inside a page.
    auto second = small_pages();
    second.flow.push_back(block("A", 2));
    second.flow.push_back(b);
    const Pages one = paginate_flow(second);
    CHECK(one.pages[0].runs[2].y == Approx(TOP - 9 - 2 * LEADING - 20));
}

TEST_CASE("a signature row is never split", "[paginate]") {
    auto document = small_pages();
    document.flow.push_back(block("A", 2));
    document.flow.push_back(signature_row(2));  // 2 × (30 + 24) + 12 = 120: a whole page
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    CHECK(pages.pages[0].fields.empty());
    const Page& page = pages.pages[1];
    REQUIRE(page.fields.size() == 2);
    CHECK(page.fields[0].name == "Signer 1");
    CHECK(page.fields[0].area.y1 == Approx(TOP));
    CHECK(page.fields[0].area.y0 == Approx(TOP - 30));
    CHECK(page.fields[0].area.x0 == Approx(10));
    CHECK(page.fields[0].area.x1 == Approx(10 + 150 - SIGNATURE_GUTTER));
    CHECK(page.fields[1].area.y1 == Approx(TOP - 54 - 12));
    // A rule under each field; name and role below it.
    REQUIRE(page.rules.size() == 2);
    CHECK(page.rules[0].y0 == Approx(TOP - 30));
    CHECK(page.rules[0].x1 == Approx(page.fields[0].area.x1));
    CHECK(texts(page) == std::vector<std::string>{"Name", "1", "Role", "Name", "2", "Role"});
    CHECK(page.runs[0].y == Approx(TOP - 30 - 9));
    CHECK(page.runs[2].y == Approx(TOP - 30 - 9 - LEADING));
}

TEST_CASE("signature slots sit side by side in columns", "[paginate]") {
    auto document = small_pages();
    document.page.width = 400;  // content 380: two 150 pt columns
    document.flow.push_back(signature_row(3));
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 1);
    const auto& fields = pages.pages[0].fields;
    REQUIRE(fields.size() == 3);
    CHECK(fields[0].area.y1 == fields[1].area.y1);
    CHECK(fields[1].area.x0 == Approx(160));
    CHECK(fields[2].area.x0 == Approx(10));
    CHECK(fields[2].area.y1 < fields[0].area.y0);
}

TEST_CASE("the footer shows 'Sida N av M' and the header runs on every page", "[paginate]") {
    auto document = small_pages();
    TextBlock footer;
    footer.style.size = 10;
    footer.style.align = Align::Left;
    footer.runs.push_back(text_run("Sida {page} av {pages}"));
    document.page.footer = footer;
    TextBlock header = block("Rubrik", 1);
    document.page.header.push_back(header);
    document.page.first_header.push_back(header);
    document.flow.push_back(block("A", 15));
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 2);
    for (int p = 0; p < 2; ++p) {
        std::string footer_text, header_text;
        for (const auto& run : pages.pages[p].runs) {
            if (run.y == Approx(34)) footer_text += (footer_text.empty() ? "" : " ") + run.text;
            if (run.y == Approx(220 - 34)) header_text += run.text;
        }
        CHECK(footer_text == "Sida " + std::to_string(p + 1) + " av 2");
        CHECK(header_text == "Rubrik.1");
    }
    CHECK(substitute_page_numbers("{page}/{pages} {x}", 3, 7) == "3/7 {x}");
}

// ---- pagination rules, table-driven ----------------------------------------
namespace {

// One flow item of a table row: a block of `lines` lines named `name`.
struct Spec {
    std::string name;
    int lines;
    bool keep_with_next = false;
    bool keep_together = false;
    bool list_item = false;
};

struct RuleCase {
    const char* rule;
    std::vector<Spec> flow;
    std::vector<std::vector<std::pair<std::string, int>>> expected;  // per page: lines of each block
    int widows_avoided;
    int orphans_avoided;
};

TextBlock from_spec(const Spec& spec) {
    TextBlock b = block(spec.name, spec.lines, spec.keep_with_next);
    b.keep_together = spec.keep_together;
    if (spec.list_item) {
        b.marker = "•";
        b.indent = 20;
    }
    return b;
}

}  // namespace

TEST_CASE("pagination rules (a page holds ten lines)", "[paginate]") {
    const std::vector<RuleCase> cases = {
        {"a paragraph that fits is not moved", {{"A", 10}}, {{{"A", 10}}}, 0, 0},
        {"widow: the last line is not alone", {{"A", 11}}, {{{"A", 9}}, {{"A", 2}}}, 1, 0},
        {"widow in a second paragraph", {{"A", 5}, {"B", 6}}, {{{"A", 5}, {"B", 4}}, {{"B", 2}}}, 1, 0},
        {"orphan: the first line is not alone", {{"A", 9}, {"B", 5}}, {{{"A", 9}}, {{"B", 5}}}, 0, 1},
        {"three lines: neither widow nor orphan possible", {{"A", 8}, {"B", 3}},
         {{{"A", 8}}, {{"B", 3}}}, 1, 0},
        {"a heading takes two lines of its paragraph along",
         {{"A", 8}, {"H", 1, true}, {"B", 6}}, {{{"A", 8}}, {{"H", 1}, {"B", 6}}}, 0, 1},
        {"a heading with room for two lines stays",
         {{"A", 7}, {"H", 1, true}, {"B", 6}}, {{{"A", 7}, {"H", 1}, {"B", 2}}, {{"B", 4}}}, 0, 0},
        {"a heading before a one-line paragraph",
         {{"A", 8}, {"H", 1, true}, {"B", 1}, {"C", 4}},
         {{{"A", 8}, {"H", 1}, {"B", 1}}, {{"C", 4}}}, 0, 0},
        {"keep_together is never split", {{"A", 6}, {"B", 6, false, true}},
         {{{"A", 6}}, {{"B", 6}}}, 0, 0},
        {"keep_together entries move whole", {{"A", 7}, {"P", 2, false, true}, {"Q", 2, false, true}},
         {{{"A", 7}, {"P", 2}}, {{"Q", 2}}}, 0, 0},
        {"a list item's first two lines stay together", {{"A", 9}, {"L", 4, false, false, true}},
         {{{"A", 9}}, {{"L", 4}}}, 0, 1},
        {"a list item may split after two lines", {{"A", 8}, {"L", 4, false, false, true}},
         {{{"A", 8}, {"L", 2}}, {{"L", 2}}}, 0, 0},
    };
    for (const RuleCase& c : cases) {
        SECTION(c.rule) {
            auto document = small_pages();
            for (const Spec& spec : c.flow) document.flow.push_back(from_spec(spec));
            const Pages pages = paginate_flow(document);
            REQUIRE(pages.pages.size() == c.expected.size());
            for (size_t p = 0; p < c.expected.size(); ++p) {
                int total = 0;
                for (const auto& [name, lines] : c.expected[p]) {
                    INFO("page " << p + 1 << ", block " << name);
                    CHECK(count_of(pages.pages[p], name) == lines);
                    total += lines;
                }
                // Nothing else on the page (markers aside).
                int runs = 0;
                for (const auto& run : pages.pages[p].runs) runs += run.text != "•";
                CHECK(runs == total);
            }
            CHECK(pages.report.widows_avoided == c.widows_avoided);
            CHECK(pages.report.orphans_avoided == c.orphans_avoided);
        }
    }
}

TEST_CASE("the signature block never stands alone: two lines go with it", "[paginate]") {
    // Signature row of one slot: 30 + 2 × 12 = 54 pt (4.5 lines).
    SECTION("the last paragraph's last two lines (resolve sets keep_with_next on it)") {
        auto document = small_pages();
        document.flow.push_back(block("A", 7, true));
        document.flow.push_back(signature_row(1));
        const Pages pages = paginate_flow(document);
        REQUIRE(pages.pages.size() == 2);
        CHECK(count_of(pages.pages[0], "A") == 5);
        CHECK(count_of(pages.pages[1], "A") == 2);
        CHECK(pages.pages[1].fields.size() == 1);
    }
    SECTION("a one-line label and the line before it") {
        auto document = small_pages();
        document.flow.push_back(block("A", 7, true));
        document.flow.push_back(block("V", 1, true));  // "Vid protokollet"
        document.flow.push_back(signature_row(1));
        const Pages pages = paginate_flow(document);
        REQUIRE(pages.pages.size() == 2);
        // A.7 is kept (two lines: A.7 and the label); A.6 by the widow rule.
        CHECK(count_of(pages.pages[0], "A") == 5);
        CHECK(count_of(pages.pages[1], "A") == 2);
        CHECK(count_of(pages.pages[1], "V") == 1);
        CHECK(pages.pages[0].fields.empty());
    }
    SECTION("a chain of label, row, label, row is never split") {
        auto document = small_pages();
        document.page.height = 300;  // 200 pt of content
        document.flow.push_back(block("A", 6, true));
        document.flow.push_back(block("V", 1, true));
        SignatureRow first = signature_row(1);
        first.keep_with_next = true;
        document.flow.push_back(first);
        document.flow.push_back(block("J", 1, true));
        document.flow.push_back(signature_row(1));
        const Pages pages = paginate_flow(document);
        REQUIRE(pages.pages.size() == 2);
        // 7 lines + 54 + 1 line + 54 = 204 pt > 200: the chain moves whole,
        // with A.6 and A.5 (the widow rule).
        CHECK(pages.pages[0].fields.empty());
        CHECK(pages.pages[1].fields.size() == 2);
        CHECK(count_of(pages.pages[0], "A") == 4);
        CHECK(count_of(pages.pages[1], "A") == 2);
        CHECK(count_of(pages.pages[1], "V") == 1);
        CHECK(count_of(pages.pages[1], "J") == 1);
    }
}

TEST_CASE("the first page has its own top margin, header and images", "[paginate]") {
    auto document = small_pages();
    document.page.margin_top_first = 74;  // two lines less on page 1: 8 lines
    document.page.first_header.push_back(block("First", 1));
    document.page.header.push_back(block("Running", 1));
    document.page.first_images.push_back({"/logo.png", 10, 180, 40, 20});
    document.page.images.push_back({"/small.png", 150, 190, 20, 10});
    TextBlock footer;
    footer.style.align = Align::Left;
    footer.runs.push_back(text_run("Sida {page} av {pages}"));
    document.page.footer = footer;
    document.flow.push_back(block("A", 20));
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages.size() == 3);
    CHECK(count_of(pages.pages[0], "A") == 8);
    CHECK(count_of(pages.pages[1], "A") == 10);
    CHECK(count_of(pages.pages[2], "A") == 2);
    // The first body line of page 1 sits 24 pt lower than on page 2.
    double first_y[2] = {0, 0};
    for (int p = 0; p < 2; ++p)
        for (const auto& run : pages.pages[p].runs)
            if (run.text == "A." + std::to_string(p == 0 ? 1 : 9)) first_y[p] = run.y;
    CHECK(first_y[0] == Approx(220 - 74 - 9));
    CHECK(first_y[1] == Approx(TOP - 9));
    CHECK(count_of(pages.pages[0], "First") == 1);
    CHECK(count_of(pages.pages[0], "Running") == 0);
    for (int p = 1; p < 3; ++p) {
        CHECK(count_of(pages.pages[p], "First") == 0);
        CHECK(count_of(pages.pages[p], "Running") == 1);
    }
    REQUIRE(pages.pages[0].images.size() == 1);
    CHECK(pages.pages[0].images[0].path == "/logo.png");
    CHECK(pages.pages[0].images[0].area.x0 == Approx(10));
    CHECK(pages.pages[0].images[0].area.y0 == Approx(180));
    CHECK(pages.pages[0].images[0].area.x1 == Approx(50));
    CHECK(pages.pages[0].images[0].area.y1 == Approx(200));
    for (int p = 1; p < 3; ++p) {
        REQUIRE(pages.pages[p].images.size() == 1);
        CHECK(pages.pages[p].images[0].path == "/small.png");
    }
    // The footer on every page.
    for (int p = 0; p < 3; ++p) {
        std::string footer_text;
        for (const auto& run : pages.pages[p].runs)
            if (run.y == Approx(34)) footer_text += (footer_text.empty() ? "" : " ") + run.text;
        CHECK(footer_text == "Sida " + std::to_string(p + 1) + " av 3");
    }
}

TEST_CASE("pagination is linear: ten times the flow, ten times the elements visited", "[paginate]") {
    // Not a timing (that is bench/), a shape check: pages grow with the flow.
    auto one = small_pages(), ten = small_pages();
    for (int k = 0; k < 30; ++k) one.flow.push_back(block("P" + std::to_string(k), 3 + k % 5));
    for (int r = 0; r < 10; ++r) ten.flow.insert(ten.flow.end(), one.flow.begin(), one.flow.end());
    const Pages a = paginate_flow(one), b = paginate_flow(ten);
    CHECK(b.report.lines == 10 * a.report.lines);
    CHECK(b.pages.size() <= 10 * a.pages.size());
    CHECK(b.pages.size() >= 10 * a.pages.size() - 10);
}

TEST_CASE("a list marker hangs left of the indent on the first line", "[paginate]") {
    auto document = small_pages();
    TextBlock item = block("A", 2);
    item.marker = "1.";
    item.marker_indent = 5;
    item.indent = 30;
    document.flow.push_back(item);
    const Pages pages = paginate_flow(document);
    const auto& runs = pages.pages[0].runs;
    REQUIRE(runs.size() == 3);
    CHECK(runs[0].text == "1.");
    CHECK(runs[0].x == Approx(15));
    CHECK(runs[1].x == Approx(40));
    CHECK(runs[0].y == runs[1].y);
    CHECK(runs[2].x == Approx(40));
}

TEST_CASE("a keep-with-next chain taller than a page is broken with a warning", "[paginate]") {
    auto document = small_pages();
    for (int k = 0; k < 12; ++k) document.flow.push_back(block("K" + std::to_string(k), 1, true));
    Warnings warnings;
    const Pages pages = paginate_flow(document, &warnings);
    CHECK(pages.pages.size() == 2);
    CHECK_FALSE(warnings.empty());
}

TEST_CASE("links are placed on the page", "[paginate]") {
    auto document = small_pages();
    TextBlock b = block("A", 1);
    Run link = text_run("webb");
    link.link = "https://example.se";
    b.runs.push_back(text_run(" "));
    b.runs.push_back(link);
    document.flow.push_back(b);
    const Pages pages = paginate_flow(document);
    REQUIRE(pages.pages[0].links.size() == 1);
    const auto& area = pages.pages[0].links[0].area;
    CHECK(area.x0 == Approx(10 + 40));
    CHECK(area.x1 == Approx(10 + 80));
    CHECK(area.y0 == Approx(TOP - 9 - 2));
    CHECK(area.y1 == Approx(TOP - 9 + 8));
}

// Real fonts through the public API.
namespace {

document::Document real_document() {
    document::Document document;
    const std::string dir = "/usr/share/fonts/truetype/liberation2/";
    document.fonts.path[0] = dir + "LiberationSans-Regular.ttf";
    document.fonts.path[1] = dir + "LiberationSans-Bold.ttf";
    document.fonts.path[2] = dir + "LiberationSans-Italic.ttf";
    document.fonts.path[3] = dir + "LiberationSans-BoldItalic.ttf";
    document.metadata.title = "Protokoll 2019-10-03 Styrgruppen för social välfärd";
    TextBlock footer;
    footer.style.size = 9;
    footer.style.align = Align::Center;
    footer.runs.push_back(text_run("Sida {page} av {pages}"));
    document.page.footer = footer;
    TextBlock header;
    header.style.size = 9;
    header.style.align = Align::Right;
    header.runs.push_back(text_run("Styrgruppen för social välfärd – 2019-10-03"));
    document.page.header.push_back(header);
    for (int section = 1; section <= 40; ++section) {
        TextBlock heading;
        heading.style.face = Face::Bold;
        heading.style.size = 12;
        heading.style.space_before = 12;
        heading.style.align = Align::Left;
        heading.keep_with_next = true;
        Run title = text_run("§\u00A0" + std::to_string(80 + section) + " Ärende nummer " +
                             std::to_string(section));
        title.face = Face::Bold;
        heading.runs.push_back(title);
        document.flow.push_back(heading);
        TextBlock body;
        body.style.space_after = 6;
        body.runs.push_back(text_run(
            "Förvaltningen redovisar ärendet. Styrgruppen för social välfärd beslutar att "
            "godkänna redovisningen och lägga den till handlingarna, samt att uppdra åt "
            "förvaltningen att återkomma med en fördjupad analys – ”särskilt avseende "
            "äldreomsorgen” – senast den 31 december, se även §\u00A093."));
        document.flow.push_back(body);
    }
    SignatureRow row;
    for (const char* name : {"Kent Lagrell", "Åsa Öberg", "Per Ängström"}) {
        SignatureSlot slot;
        slot.field_name = name;
        slot.name = name;
        slot.role = "Justerare";
        row.slots.push_back(slot);
    }
    document.flow.push_back(row);
    return document;
}

}  // namespace

TEST_CASE("a protocol on real fonts: pages, report, metadata", "[paginate]") {
    const auto document = real_document();
    Warnings warnings;
    const Pages pages = protokoll::typeset::typeset(document, warnings);
    CHECK(warnings.empty());
    CHECK(pages.pages.size() >= 3);
    CHECK(pages.report.pages == static_cast<int>(pages.pages.size()));
    CHECK(pages.report.lines > 100);
    CHECK(pages.report.overfull_lines == 0);
    CHECK(pages.metadata.title == document.metadata.title);
    CHECK(pages.fonts.path[1] == document.fonts.path[1]);
    const Page& last = pages.pages.back();
    CHECK(last.fields.size() == 3);
    const double bottom = document.page.margin_bottom;
    const double right = document.page.width - document.page.margin_right;
    for (const Page& page : pages.pages)
        for (const auto& run : page.runs) {
            CHECK(run.x >= document.page.margin_left - 1e-6);
            CHECK(run.x < right);
            const bool in_body = run.y > bottom && run.y < document.page.height - document.page.margin_top;
            const bool header_or_footer = run.y == Approx(document.page.footer_bottom) ||
                                          run.y == Approx(document.page.height - document.page.header_top);
            CHECK((in_body || header_or_footer));
        }
    // Every heading is followed on its page by its paragraph.
    for (const Page& page : pages.pages) {
        const auto& runs = page.runs;
        for (size_t i = 0; i < runs.size(); ++i)
            if (runs[i].face == Face::Bold && runs[i].text.rfind("\u00A7", 0) == 0)
                CHECK(i + 4 < runs.size());
    }
}

TEST_CASE("typesetting is deterministic", "[paginate]") {
    const auto document = real_document();
    Warnings first_warnings, second_warnings;
    const Pages first = protokoll::typeset::typeset(document, first_warnings);
    const Pages second = protokoll::typeset::typeset(document, second_warnings);
    CHECK(same(first, second));
}

TEST_CASE("typesetting stops at MAX_PAGES, naming the limit and where the next page would start", "[paginate][limits]") {
    // Ten lines a page: MAX_PAGES pages of ten one-line blocks fit exactly.
    document::Document document = small_pages();
    for (int k = 0; k < MAX_PAGES * 10; ++k) document.flow.push_back(block("b", 1));
    Warnings warnings;
    const Pages full = paginate(document, FIXED, warnings);
    CHECK(full.pages.size() == static_cast<size_t>(MAX_PAGES));
    CHECK(full.report.pages == MAX_PAGES);
    // One line more needs page 10 001.
    TextBlock extra = block("x", 1);
    extra.where = {"big.xml", 4711, 9};
    document.flow.push_back(extra);
    try {
        paginate(document, FIXED, warnings);
        FAIL("no error past the page limit");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK(e.where().file == "big.xml");
        CHECK(e.where().line == 4711);
        CHECK(e.message() ==
              "the protocol would have more than 10 000 pages (page 10 001 would start here); the limit is 10 000");
    }
}

TEST_CASE("pages broken while the flow is set still keep two lines with each signature row", "[paginate]") {
    // A signature row reaches back over the two lines before it, across
    // blocks that are already complete: those lines must not have gone onto
    // a page before the row came (paginate.cpp, final_elements). Widows and
    // orphans stay avoided too.
    document::Document document = small_pages();
    SignatureRow row;
    row.column_width = 80;
    row.field_height = 30;
    row.style.size = 10;
    row.style.leading = LEADING;
    SignatureSlot slot;
    slot.name = "Namn";
    slot.field_name = "f";
    row.slots.push_back(slot);
    for (int k = 0; k < 7; ++k) {
        document.flow.push_back(block("h" + std::to_string(k), 1, true));
        document.flow.push_back(block("p" + std::to_string(k), k + 2));
        if (k % 3 == 2) document.flow.push_back(row);
    }
    Warnings warnings;
    const Pages pages = paginate(document, FIXED, warnings);
    // Every signature row has the last two lines before it on its page.
    int rows_seen = 0;
    for (const Page& page : pages.pages) {
        if (page.fields.empty()) continue;
        ++rows_seen;
        const std::vector<std::string> text = texts(page);
        REQUIRE(text.size() >= 3);
        CHECK(text[0].rfind("p", 0) == 0);  // a paragraph's lines, not the row alone
    }
    CHECK(rows_seen == 2);
    // No paragraph is split with fewer than two lines on either side.
    for (int k = 0; k < 7; ++k) {
        const std::string name = "p" + std::to_string(k);
        for (const Page& page : pages.pages) {
            const int here = count_of(page, name);
            if (here > 0 && here < k + 2) CHECK(here >= 2);
        }
    }
}

TEST_CASE("a signature field's name over MAX_FIELD_NAME_CHARACTERS is refused at its slot", "[paginate][limits]") {
    document::Document document = small_pages();
    SignatureRow row;
    row.column_width = 80;
    row.field_height = 30;
    row.style.size = 10;
    row.style.leading = LEADING;
    SignatureSlot slot;
    slot.name = "Namn";
    slot.field_name = std::string(MAX_FIELD_NAME_CHARACTERS, 'N');
    slot.where = {"p.xml", 27, 5};
    row.slots.push_back(slot);
    document.flow.push_back(row);
    Warnings warnings;
    CHECK(paginate(document, FIXED, warnings).pages.at(0).fields.size() == 1);
    std::get<SignatureRow>(document.flow[0]).slots[0].field_name += "å";
    try {
        paginate(document, FIXED, warnings);
        FAIL("no error for a field name over the limit");
    } catch (const Error& e) {
        CHECK(e.where().line == 27);
        CHECK(e.message() == "the signature field \"" + std::string(40, 'N') +
                                 "...\" has a name of 1 001 characters; the limit is 1 000");
    }
}

TEST_CASE("release_glyph_runs drops the runs and frees them", "[pages]") {
    Pages pages;
    pages.pages.resize(2);
    GlyphRun run;
    run.text = "Åsa möte";
    pages.pages[0].runs.push_back(run);
    run.text = "§ 93 – möte";
    pages.pages[1].runs.push_back(run);
    const std::string reserved = pages.reserved_characters;
    release_glyph_runs(pages);
    CHECK(pages.pages[0].runs.empty());
    CHECK(pages.pages[1].runs.empty());
    CHECK(pages.pages[0].runs.capacity() == 0);
    CHECK(pages.pages[1].runs.capacity() == 0);
    CHECK(pages.reserved_characters == reserved);
    pages.pages[1].runs.push_back(run);
    release_glyph_runs(pages, 0);  // one page: the other keeps its runs
    CHECK(pages.pages[1].runs.size() == 1);
    release_glyph_runs(pages, 1);
    CHECK(pages.pages[1].runs.empty());
}
