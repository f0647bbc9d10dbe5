// Line breaking, measured with a fixed-advance stub: every character is 1 pt
// wide at size 1, so "aaa bb cccc" is 11 pt and a case reads like its text.
#include "linebreak.h"
#include "paragraph.h"
#include "typeset/utf8.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace protokoll;
using namespace protokoll::typeset;
using document::Align;
using document::Run;
using document::TextBlock;

namespace {

class FixedAdvance final : public TextMeasure {
public:
    double advance(Face, char32_t c, const SourceLocation& where) const override {
        if (c == U'\u2603') fail(where, "the font stub.ttf has no glyph for " + describe_codepoint(c));
        return 1;
    }
    double ascender(Face) const override { return 0.8; }
    double descender(Face) const override { return -0.2; }
};

const FixedAdvance FIXED;

Run text_run(std::string text, Face face = Face::Regular, std::string link = {}) {
    Run run;
    run.text = std::move(text);
    run.face = face;
    run.link = std::move(link);
    return run;
}

TextBlock block_of(std::vector<Run> runs, Align align = Align::Justify) {
    TextBlock block;
    block.style.size = 1;
    block.style.leading = 1.2;
    block.style.align = align;
    block.runs = std::move(runs);
    return block;
}

// The lines as text, runs joined by single spaces.
std::vector<std::string> lines_of(const SetParagraph& paragraph) {
    std::vector<std::string> lines;
    for (const SetLine& line : paragraph.lines) {
        std::string text;
        for (const GlyphRun& run : line.runs) text += (text.empty() ? "" : " ") + run.text;
        lines.push_back(text);
    }
    return lines;
}

std::vector<std::string> set(const std::string& text, double measure, Align align = Align::Justify) {
    Warnings warnings;
    return lines_of(set_paragraph(block_of({text_run(text)}, align), measure, FIXED, warnings));
}

// Right edge of a line's last run (each character is 1 wide at size 1,
// times the run's font expansion).
double right_edge(const SetLine& line) {
    const GlyphRun& last = line.runs.back();
    return last.x + decode_utf8(last.text, {}).size() * last.horizontal_scale / 100;
}

}  // namespace

TEST_CASE("justified breaks, fixed advance", "[linebreak]") {
    struct Case {
        const char* text;
        double measure;
        std::vector<std::string> lines;
    };
    const std::vector<Case> cases = {
        {"aaa bb cccc", 20, {"aaa bb cccc"}},
        {"aaa bb cccc", 11, {"aaa bb cccc"}},              // exactly full
        {"aaa bb cccc", 10.5, {"aaa bb cccc"}},            // shrinks 0.5 of 2/3
        {"a bbb cc d e fffff gggg h", 9, {"a bbb cc", "d e fffff", "gggg h"}},
        {"aaa b c d e f gggg", 10, {"aaa b c d", "e f gggg"}},
        {"aaaa-bbbb cc", 10, {"aaaa-bbbb", "cc"}},         // never after a hyphen-minus
        {"aaaa\u2013bbbb cc", 7, {"aaaa\u2013", "bbbb cc"}},  // after an en dash
        {"  aaa   bb  ", 20, {"aaa bb"}},                  // spaces collapse and trim
        {"", 10, {}},
    };
    for (const Case& c : cases) {
        INFO(c.text << " at " << c.measure);
        CHECK(set(c.text, c.measure) == c.lines);
    }
}

TEST_CASE("ragged alignments fill greedily at natural spacing", "[linebreak]") {
    CHECK(set("aaa bb cccc dd", 8, Align::Left) == std::vector<std::string>{"aaa bb", "cccc dd"});
    Warnings warnings;
    auto right = set_paragraph(block_of({text_run("aaa bb cccc dd")}, Align::Right), 8, FIXED, warnings);
    REQUIRE(right.lines.size() == 2);
    CHECK(right.lines[0].runs[0].x == Approx(2));  // "aaa bb" is 6 wide
    CHECK(right_edge(right.lines[1]) == Approx(8));
    auto center = set_paragraph(block_of({text_run("aaa bb cccc dd")}, Align::Center), 8, FIXED, warnings);
    CHECK(center.lines[0].runs[0].x == Approx(1));
    CHECK(center.lines[0].runs[1].x == Approx(5));  // natural space, not stretched
}

TEST_CASE("Knuth-Plass beats first fit on a known case", "[linebreak]") {
    Warnings warnings;
    auto built = build_items({text_run("a bbb cc d e fffff gggg h")}, 1, 9, FIXED, {}, warnings);
    // The case needs spaces that shrink by a third (TeX's proportions).
    for (Item& item : built.items)
        if (item.kind == Item::Kind::Glue && !item.fill) item.shrink = item.width / 3;
    const auto total = try_break_total_fit(built.items, 9);
    REQUIRE(total);
    const auto greedy = break_first_fit(built.items, 9, Shrink::Allow);
    // First fit takes "a bbb cc d" (shrunk to the limit) and is then left
    // with "e fffff", stretched to four times its stretch.
    CHECK(greedy.breaks != total->breaks);
    const double total_score = score_breaks(built.items, total->breaks, 9);
    const double greedy_score = score_breaks(built.items, greedy.breaks, 9);
    CHECK(total_score == Approx(total->demerits));
    CHECK(total_score * 100 < greedy_score);
}

TEST_CASE("total fit is never worse than first fit", "[linebreak]") {
    // The oracle property over a family of paragraphs and measures.
    const std::string words[] = {"a", "bb", "ccc", "dddd", "eeeee", "ff", "g", "hhhhhh"};
    for (int seed = 0; seed < 40; ++seed) {
        std::string text;
        for (int k = 0; k < 14; ++k) text += (k ? " " : "") + words[(seed * 7 + k * (seed % 5 + 3)) % 8];
        for (double measure : {9.0, 12.0, 15.0, 23.0}) {
            Warnings warnings;
            const auto built = build_items({text_run(text)}, 1, measure, FIXED, {}, warnings);
            BreakParams any;
            any.max_ratio = std::numeric_limits<double>::infinity();
            const auto total = try_break_total_fit(built.items, measure, any);
            REQUIRE(total);
            const auto greedy = break_first_fit(built.items, measure, Shrink::Allow);
            INFO(text << " at " << measure);
            CHECK(total->demerits <= score_breaks(built.items, greedy.breaks, measure, any) + 1e-6);
            // The oracle scores lines with the breaker's own line cost: its
            // total for the breaker's choice is the breaker's.
            CHECK(score_breaks(built.items, total->breaks, measure, any) == Approx(total->demerits));
        }
    }
}

TEST_CASE("demerits follow the paper", "[linebreak]") {
    CHECK(badness(1) == Approx(100));
    CHECK(badness(-0.5) == Approx(12.5));
    CHECK(badness(5) == INFINITE_BADNESS);
    CHECK(line_demerits(0, 0, 10) == Approx(100));            // (l + b)^2
    CHECK(line_demerits(90, 50, 10) == Approx(10000 + 2500));  // + p^2
    CHECK(line_demerits(90, -50, 10) == Approx(10000 - 2500)); // - p^2
    CHECK(line_demerits(90, -INFINITE_PENALTY, 10) == Approx(10000));
}

TEST_CASE("forced breaks end lines that are not stretched", "[linebreak]") {
    Warnings warnings;
    Run brk;
    brk.line_break = true;
    const auto paragraph =
        set_paragraph(block_of({text_run("aaa bb "), brk, text_run("c dd eee ffff")}), 20, FIXED, warnings);
    CHECK(lines_of(paragraph) == std::vector<std::string>{"aaa bb", "c dd eee ffff"});
    CHECK(paragraph.lines[0].runs[1].x == Approx(4));  // natural space
    CHECK(paragraph.lines[1].runs[1].x == Approx(2));  // the last line neither
    CHECK(paragraph.lines[0].fit.fill);
    // Nor expanded: font expansion is stretch too.
    for (const SetLine& line : paragraph.lines) {
        CHECK(line.fit.expansion == 0);
        for (const GlyphRun& run : line.runs) CHECK(run.horizontal_scale == 100);
    }
}

TEST_CASE("a line at a forced break that is too long is shrunk, never stretched", "[linebreak][expansion]") {
    // "aaaaaaaaaa bbbbbbbbbb" is 21 wide: at 20.7 it fits only by shrinking.
    Warnings warnings;
    Run brk;
    brk.line_break = true;
    const auto paragraph = set_paragraph(
        block_of({text_run("aaaaaaaaaa bbbbbbbbbb"), brk, text_run("c")}), 20.7, FIXED, warnings);
    REQUIRE(lines_of(paragraph) == std::vector<std::string>{"aaaaaaaaaa bbbbbbbbbb", "c"});
    const SetLine& line = paragraph.lines[0];
    CHECK(line.fit.fill);
    CHECK(line.fit.expansion <= 0);
    CHECK(line.fit.glue_ratio <= 0);
    for (const GlyphRun& run : line.runs) CHECK(run.horizontal_scale <= 100);
    CHECK(right_edge(line) == Approx(20.7).margin(1e-9));
}

TEST_CASE("font expansion comes first, in steps, then the glue", "[linebreak][expansion]") {
    // Two boxes of 50 that may each grow or shrink by 1 (2 %), a space of 1
    // that stretches by 0.5 and shrinks by 0.2.
    auto line = [](double measure) {
        std::vector<Item> items = {Item::box(50), Item::glue(1, 0.5, 0.2), Item::box(50)};
        for (Item& item : items)
            if (item.kind == Item::Kind::Box) item.stretch = item.shrink = 1;
        items.push_back(Item::penalty_item(0));
        return fit_line(items, 0, 3, measure, true);
    };
    // 1 more: half the expansion, the space at its natural width.
    LineFit fit = line(102);
    CHECK(fit.expansion == Approx(0.5));
    CHECK(fit.glue_ratio == Approx(0).margin(1e-12));
    CHECK(fit.ratio == Approx(1 / 2.5));  // badness is of glue and expansion together
    // Beyond the expansion's limit the space takes the rest.
    fit = line(103.25);
    CHECK(fit.expansion == Approx(1));
    CHECK(fit.glue_ratio == Approx(0.5));
    // 0.2 more is 0.1 of the expansion: rounded to the step 0 (of 1/4), so
    // the space stretches instead.
    fit = line(101.2);
    CHECK(fit.expansion == 0);
    CHECK(fit.glue_ratio == Approx(0.4));
    // 0.3 more rounds up to a quarter (0.5): the space shrinks by 0.2, its limit.
    fit = line(101.3);
    CHECK(fit.expansion == Approx(0.25));
    CHECK(fit.glue_ratio == Approx(-1));
    // Shrinking: expansion first too.
    fit = line(99.5);
    CHECK(fit.expansion == Approx(-0.75));
    CHECK(fit.glue_ratio == Approx(0).margin(1e-12));
    fit = line(98.9);
    CHECK(fit.expansion == Approx(-1));
    CHECK(fit.glue_ratio == Approx(-0.5));
    // Every step of the expansion is a multiple of 1/EXPANSION_STEPS or exact.
    for (double measure = 97.9; measure < 104; measure += 0.05) {
        INFO("measure " << measure);
        fit = line(measure);
        CHECK(fit.expansion >= -1);
        CHECK(fit.expansion <= 1);
        CHECK(fit.glue_ratio >= -1);
    }
}

TEST_CASE("expansion alone does not make a lone word acceptable", "[linebreak][expansion]") {
    // A line without glue, short by more than its expansion: "infinitely" loose
    // as before, but drawn as wide as the expansion allows.
    std::vector<Item> items = {Item::box(50, -1)};
    items[0].stretch = items[0].shrink = 1;
    append_paragraph_end(items);
    items.push_back(Item::penalty_item(0));
    // (The break at the penalty after the paragraph end is not used here.)
    const LineFit loose = fit_line(items, 0, 1, 60, true);
    CHECK(loose.badness == INFINITE_BADNESS);
    CHECK(loose.ratio == 0);  // set at natural glue
    const LineFit within = fit_line(items, 0, 1, 50.5, true);
    CHECK(within.expansion == Approx(0.5));
}

TEST_CASE("justified lines fill the measure exactly", "[linebreak]") {
    Warnings warnings;
    const std::string text =
        "aaa bb cccc d eeeee ff ggg hhhh i jj kkkkk lll mm nnnn o pp qqq rrrr s tt uuu";
    const auto paragraph = set_paragraph(block_of({text_run(text)}), 17, FIXED, warnings);
    REQUIRE(paragraph.lines.size() > 3);
    for (size_t k = 0; k + 1 < paragraph.lines.size(); ++k) {
        INFO("line " << k);
        CHECK(right_edge(paragraph.lines[k]) == Approx(17).margin(1e-9));
    }
    CHECK(right_edge(paragraph.lines.back()) < 17);
    CHECK(warnings.empty());
}

TEST_CASE("dashes between digits are not break points", "[linebreak]") {
    Warnings warnings;
    auto flagged = [&](const std::string& text) {
        int count = 0;
        for (const Item& item : build_items({text_run(text)}, 1, 100, FIXED, {}, warnings).items)
            count += item.kind == Item::Kind::Penalty && item.flagged;
        return count;
    };
    CHECK(flagged("2019-10-03") == 0);
    CHECK(flagged("93\u201395") == 0);
    // A hyphen of the input breaks (set_paragraph keeps extraction exact with
    // /ActualText), except in URLs and e-mail addresses.
    CHECK(flagged("protokoll-justerare") == 1);
    CHECK(flagged("https://ett-exempel.se") == 0);
    CHECK(flagged("namn@ett-exempel.se") == 0);
    CHECK(flagged("protokoll\u2013justerare") == 1);
    CHECK(flagged("-5 a - b") == 0);  // not inside a word
}

TEST_CASE("the space after a suspended compound never breaks", "[linebreak]") {
    Warnings warnings;
    const auto items = build_items({text_run("boende- och livsmiljöer")}, 1, 100, FIXED, {}, warnings).items;
    REQUIRE(items.size() > 2);
    CHECK(items[1].kind == Item::Kind::Penalty);
    CHECK(items[1].penalty >= INFINITE_PENALTY);
    CHECK(items[2].kind == Item::Kind::Glue);
    for (double measure : {7.0, 8.0, 9.0, 10.0})
        for (const auto& line : set("boende- och livsmiljöer", measure)) CHECK(line.back() != '-');
}

TEST_CASE("a non-breaking space keeps '§ 93' together", "[linebreak]") {
    for (double measure : {5.0, 6.0, 7.0, 8.0, 9.0, 12.0}) {
        INFO("measure " << measure);
        const auto lines = set("enligt §\u00A093 och §\u00A094 beslut", measure);
        for (const auto& line : lines) {
            CHECK(line.find("\u00A7") == line.find("\u00A7\u00A09"));
            CHECK(line.substr(line.size() >= 2 ? line.size() - 2 : 0) != "\u00A7");
        }
    }
}

TEST_CASE("a word wider than the line is broken by letters with a warning", "[linebreak]") {
    Warnings warnings;
    const auto paragraph = set_paragraph(block_of({text_run("aaaaaaaaaaaa bb")}), 5, FIXED, warnings);
    for (const auto& line : paragraph.lines) CHECK(right_edge(line) <= 5 + 1e-9);
    CHECK(lines_of(paragraph).front() == "aaaaa");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].message.find("'aaaaaaaaaaaa' is wider than the line") != std::string::npos);
}

TEST_CASE("a single character wider than the line is an overfull line", "[linebreak]") {
    Warnings warnings;
    TextBlock block = block_of({text_run("a b")});
    block.style.size = 3;  // each character 3 wide
    const auto paragraph = set_paragraph(block, 2, FIXED, warnings);
    CHECK(lines_of(paragraph) == std::vector<std::string>{"a", "b"});
    CHECK(paragraph.method == BreakMethod::Greedy);
    CHECK(paragraph.lines[0].fit.overfull);
    CHECK(warnings.size() == 2);
}

TEST_CASE("runs: one per word and face, links cover linked words", "[linebreak]") {
    Warnings warnings;
    Run bold = text_run("fet", Face::Bold);
    Run link = text_run("se protokoll.se", Face::Regular, "https://protokoll.se");
    const auto paragraph =
        set_paragraph(block_of({text_run("ord"), bold, text_run("text "), link, text_run(" slut")}, Align::Left), 100,
                      FIXED, warnings);
    REQUIRE(paragraph.lines.size() == 1);
    const auto& runs = paragraph.lines[0].runs;
    REQUIRE(runs.size() == 6);
    CHECK(runs[0].text == "ord");
    CHECK(runs[1].text == "fet");
    CHECK(runs[1].face == Face::Bold);
    CHECK(runs[1].x == Approx(3));  // no gap: the same word
    CHECK(runs[2].text == "text");
    CHECK(runs[3].text == "se");
    CHECK(runs[4].text == "protokoll.se");
    CHECK(runs[5].text == "slut");
    CHECK(runs[2].x == Approx(6));  // "ordfettext" is one word in two faces
    CHECK(runs[3].x == Approx(11));
    const auto& links = paragraph.lines[0].links;
    REQUIRE(links.size() == 1);
    CHECK(links[0].uri == "https://protokoll.se");
    CHECK(links[0].area.x0 == Approx(11));
    CHECK(links[0].area.x1 == Approx(26));  // "se protokoll.se", gap included
    CHECK(links[0].area.y0 == Approx(-0.2));
    CHECK(links[0].area.y1 == Approx(0.8));
}

TEST_CASE("a link broken across lines gets an area on each line", "[linebreak]") {
    Warnings warnings;
    Run link = text_run("aaa bbb ccc", Face::Regular, "https://x.se");
    const auto paragraph = set_paragraph(block_of({text_run("zz "), link}, Align::Left), 8, FIXED, warnings);
    REQUIRE(paragraph.lines.size() == 2);
    REQUIRE(paragraph.lines[0].links.size() == 1);
    REQUIRE(paragraph.lines[1].links.size() == 1);
    CHECK(paragraph.lines[0].links[0].area.x0 == Approx(3));
    CHECK(paragraph.lines[0].links[0].area.x1 == Approx(6));
    CHECK(paragraph.lines[1].links[0].area.x0 == Approx(0));
    CHECK(paragraph.lines[1].links[0].area.x1 == Approx(7));
}

TEST_CASE("a missing glyph names the character", "[linebreak]") {
    Warnings warnings;
    try {
        set_paragraph(block_of({text_run("snö\u2603gubbe")}), 100, FIXED, warnings);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::BadInput);
        CHECK(error.message() == "the font stub.ttf has no glyph for U+2603 '\u2603'");
    }
}

TEST_CASE("a forced break at the end adds no empty line", "[linebreak]") {
    Warnings warnings;
    Run brk;
    brk.line_break = true;
    CHECK(lines_of(set_paragraph(block_of({text_run("aa bb"), brk}), 20, FIXED, warnings)) ==
          std::vector<std::string>{"aa bb"});
    // Two breaks in a row still make a blank line.
    CHECK(lines_of(set_paragraph(block_of({text_run("aa"), brk, brk, text_run("bb")}), 20, FIXED,
                                 warnings)) == std::vector<std::string>{"aa", "", "bb"});
}

TEST_CASE("invalid UTF-8 is bad input", "[linebreak]") {
    Warnings warnings;
    CHECK_THROWS_AS(set_paragraph(block_of({text_run("ok \xC3 bad")}), 20, FIXED, warnings), Error);
    CHECK_THROWS_AS(set_paragraph(block_of({text_run("\xC0\xAF")}), 20, FIXED, warnings), Error);
    CHECK(decode_utf8("\xC3\xA5\xE2\x80\x93\xF0\x9F\x98\x80", {}) == U"\u00E5\u2013\U0001F600");
}

// ---- issue 3: hyphenation, ties, long words, demerits ------------------------

namespace {

document::Hyphenation exceptions_only(std::vector<std::string> exceptions, int max_consecutive = 2) {
    document::Hyphenation settings;  // no patterns: only the exceptions' points
    settings.exceptions = std::move(exceptions);
    settings.max_consecutive = max_consecutive;
    return settings;
}

std::vector<std::string> set_hyphenated(const std::string& text, double measure,
                                        const document::Hyphenation& settings) {
    Warnings warnings;
    return lines_of(set_paragraph(block_of({text_run(text)}), measure, FIXED, warnings, &settings));
}

int longest_hyphen_run(const SetParagraph& paragraph) {
    int run = 0, longest = 0;
    for (const SetLine& line : paragraph.lines) {
        run = line.hyphenated ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

}  // namespace

TEST_CASE("a hyphenation point draws a hyphen only when broken at", "[linebreak][hyphenate]") {
    const auto settings = exceptions_only({"abc-defgh"});
    CHECK(set_hyphenated("xxx abcdefgh", 20, settings) == std::vector<std::string>{"xxx abcdefgh"});
    // At 8, "xxx abc-" is exactly full and "defgh yy" is the last line.
    const auto lines = set_hyphenated("xxx abcdefgh yy", 8, settings);
    CHECK(lines == std::vector<std::string>{"xxx abc-", "defgh yy"});
}

TEST_CASE("a soft hyphen is drawn only when broken at, and never as U+00AD", "[linebreak][hyphenate]") {
    for (double measure : {30.0, 8.0}) {
        Warnings warnings;
        const auto paragraph =
            set_paragraph(block_of({text_run("xxx abc\u00ADdefgh yy")}), measure, FIXED, warnings);
        for (const auto& line : lines_of(paragraph)) {
            INFO(line);
            CHECK(line.find("\u00AD") == std::string::npos);
        }
        if (measure > 20) CHECK(lines_of(paragraph) == std::vector<std::string>{"xxx abcdefgh yy"});
        if (measure < 20) CHECK(lines_of(paragraph) == std::vector<std::string>{"xxx abc-", "defgh yy"});
    }
}

TEST_CASE("never more than max_consecutive hyphenated lines in a row", "[linebreak][hyphenate]") {
    // Every line wants to end in "abc-": without a limit five lines in a row do.
    std::string text;
    for (int i = 0; i < 12; ++i) text += "abcdef ";
    Warnings warnings;
    const auto unlimited_settings = exceptions_only({"abc-def"}, 0);
    const auto unlimited =
        set_paragraph(block_of({text_run(text)}), 10, FIXED, warnings, &unlimited_settings);
    REQUIRE(longest_hyphen_run(unlimited) >= 3);
    for (int limit : {1, 2}) {
        const auto settings = exceptions_only({"abc-def"}, limit);
        const auto limited = set_paragraph(block_of({text_run(text)}), 10, FIXED, warnings, &settings);
        INFO("limit " << limit);
        CHECK(longest_hyphen_run(limited) <= limit);
        CHECK(longest_hyphen_run(limited) >= 1);
    }
}

TEST_CASE("fitness class jumps cost adjacent_fitness_demerits", "[linebreak]") {
    // Line 1 "aaaaa b" is very loose (r = 2), line 2 "aaaaa bbbb" tight
    // (r = -0.625): two jumps of more than one class from the start (decent).
    std::vector<Item> items = {Item::box(5), Item::glue(1, 0.5, 0.3), Item::box(1),
                               Item::glue(1, 0.5, 0.3), Item::box(5), Item::glue(1, 0.5, 0.8),
                               Item::box(2.5)};
    append_paragraph_end(items);
    const std::vector<size_t> breaks = {3, items.size() - 1};
    BreakParams with, without;
    without.adjacent_fitness_demerits = 0;
    without.tight_demerits = 0;
    with.tight_demerits = 0;
    CHECK(score_breaks(items, breaks, 8, with) - score_breaks(items, breaks, 8, without) ==
          Approx(2 * with.adjacent_fitness_demerits));
    // Tight lines pay tight_demerits on top.
    BreakParams tight = without;
    tight.tight_demerits = 777;
    CHECK(score_breaks(items, breaks, 8, tight) - score_breaks(items, breaks, 8, without) == Approx(777));
}

TEST_CASE("double and final hyphen demerits", "[linebreak]") {
    // "aaa-" ends line 1 and "bbb-" line 2, the last line follows a hyphen.
    std::vector<Item> items = {Item::box(3), Item::penalty_item(50, true, 1), Item::box(3),
                               Item::penalty_item(50, true, 1), Item::box(3)};
    append_paragraph_end(items);
    const std::vector<size_t> breaks = {1, 3, items.size() - 1};
    BreakParams base;
    base.double_dash_demerits = 0;
    base.final_hyphen_demerits = 0;
    BreakParams both = base;
    both.double_dash_demerits = 1000;
    both.final_hyphen_demerits = 300;
    CHECK(score_breaks(items, breaks, 4, both) - score_breaks(items, breaks, 4, base) == Approx(1300));
}

TEST_CASE("ties: § and number, digit groups, number and unit or month", "[linebreak]") {
    const std::string text =
        "enligt § 93 kostar det 8 200 kr och 7,7 mkr eller 60 % sedan 15 feb och 31 oktober";
    // Every measure from narrow to wide: no line ends inside a tie.
    for (double measure = 12; measure <= 40; measure += 1) {
        Warnings warnings;
        const auto paragraph = set_paragraph(block_of({text_run(text)}), measure, FIXED, warnings);
        const auto lines = lines_of(paragraph);
        for (size_t k = 1; k < lines.size(); ++k) {
            INFO("measure " << measure << ": '" << lines[k - 1] << "' / '" << lines[k] << "'");
            for (const std::string end : {" §", " 8", " 7,7", " 60", " 15", " 31"}) {
                const std::string& previous = lines[k - 1];
                const bool ends_with = previous.size() >= end.size() &&
                                       previous.compare(previous.size() - end.size(), end.size(), end) == 0;
                CHECK_FALSE(ends_with);
            }
            for (const char* start : {"93", "200", "kr", "mkr", "%", "feb", "oktober"})
                CHECK(lines[k].rfind(std::string(start) + " ", 0) != 0);
        }
    }
}

TEST_CASE("a long URL breaks after its separators, not between letters", "[linebreak]") {
    Warnings warnings;
    const auto paragraph = set_paragraph(
        block_of({text_run("se https://goteborgsregionen.se/social/valfard?id=7&x=1 nu")}), 20,
        FIXED, warnings);
    CHECK(paragraph.words_broken_by_letters == 0);
    for (const auto& line : paragraph.lines) CHECK(right_edge(line) <= 20 + 0.01);
    const auto lines = lines_of(paragraph);
    REQUIRE(lines.size() >= 3);
    for (size_t k = 0; k + 1 < lines.size(); ++k) {
        const char last = lines[k].back();
        INFO(lines[k]);
        CHECK(std::string("/.-?&=_ ").find(last) != std::string::npos);
    }
    REQUIRE(!warnings.empty());
    CHECK(warnings[0].message.find("URL separator") != std::string::npos);
}

TEST_CASE("letters are the last resort and are counted", "[linebreak]") {
    Warnings warnings;
    const auto paragraph = set_paragraph(block_of({text_run("aaaaaaaaaaaa bb")}), 5, FIXED, warnings);
    CHECK(paragraph.words_broken_by_letters == 1);
}

TEST_CASE("a line ending after a hyphen of the input carries the whole word as ActualText", "[linebreak]") {
    Warnings warnings;
    const auto paragraph =
        set_paragraph(block_of({text_run("xxx Vinnova-finans yy")}), 12, FIXED, warnings);
    REQUIRE(paragraph.lines.size() == 2);
    CHECK(lines_of(paragraph) == std::vector<std::string>{"xxx Vinnova-", "finans yy"});
    const GlyphRun& first_half = paragraph.lines[0].runs.back();
    REQUIRE(first_half.has_actual_text());
    CHECK(*first_half.actual_text == "Vinnova-finans");
    CHECK_FALSE(paragraph.lines[0].hyphenated);  // no hyphen added
    const auto& second = paragraph.lines[1].runs;
    REQUIRE(second[0].has_actual_text());
    CHECK(second[0].actual_text->empty());
    CHECK_FALSE(second[1].has_actual_text());  // "yy"
}

TEST_CASE("a paragraph over MAX_PARAGRAPH_CHARACTERS is refused, naming the limit", "[linebreak][limits]") {
    std::string text;
    while (text.size() < MAX_PARAGRAPH_CHARACTERS) text += "ab ";
    text.resize(MAX_PARAGRAPH_CHARACTERS);
    Warnings warnings;
    const SetParagraph at_limit = set_paragraph(block_of({text_run(text)}), 40, FIXED, warnings);
    CHECK(at_limit.lines.size() > 1000);
    // Characters, not bytes: "å" is two bytes and counts once.
    std::string swedish;
    while (swedish.size() < MAX_PARAGRAPH_CHARACTERS * 3 / 2) swedish += "å ";
    CHECK_NOTHROW(set_paragraph(block_of({text_run(swedish)}), 40, FIXED, warnings));
    // One more, split over two runs: the paragraph counts, not the run.
    TextBlock over = block_of({text_run(text), text_run("c")});
    over.where = {"p.xml", 7, 3};
    try {
        set_paragraph(over, 40, FIXED, warnings);
        FAIL("no error for a paragraph over the limit");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK(e.where().line == 7);
        CHECK(e.message() == "the paragraph has 100 001 characters; the limit is 100 000");
    }
}
