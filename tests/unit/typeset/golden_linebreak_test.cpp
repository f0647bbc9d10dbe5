// Golden line breaks: tests/golden/linebreak/<case>.txt holds a paragraph,
// its measure and the lines protokoll sets it in (Liberation Sans 11 pt,
// Swedish hyphenation). A change in the breaker shows up here as a diff a
// reviewer can read. Regenerate after an intended change with
//   PROTOKOLL_UPDATE_GOLDEN=1 build/tests/test_typeset '[golden]'
// and review `git diff tests/golden`.
//
// File format:
//   # measure: 453.5            (pt)
//   # exceptions: Maja, Wadstein  (optional: names never hyphenated)
//   paragraph text, any number of lines (joined by spaces)
//   ---
//   one expected line per line
#include "typeset/font_metrics.h"
#include "paragraph.h"
#include "typeset/utf8.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace protokoll;
using namespace protokoll::typeset;

namespace {

const std::string GOLDEN_DIR = std::string(PROTOKOLL_SOURCE_DIR) + "/tests/golden/linebreak/";

const FontSet& golden_fonts() {
    static const FontSet fonts = [] {
        const std::string dir = "/usr/share/fonts/truetype/liberation2/";
        document::FontFiles files;
        files.path[0] = dir + "LiberationSans-Regular.ttf";
        files.path[1] = dir + "LiberationSans-Bold.ttf";
        files.path[2] = dir + "LiberationSans-Italic.ttf";
        files.path[3] = dir + "LiberationSans-BoldItalic.ttf";
        return FontSet(files);
    }();
    return fonts;
}

struct GoldenCase {
    double measure = 453.5;
    std::vector<std::string> exceptions;
    std::string text;
    std::vector<std::string> expected;
    std::string header;  // the '#' lines, kept when updating
};

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

GoldenCase read_case(const std::string& path) {
    GoldenCase c;
    std::ifstream in(path);
    std::string line;
    bool expected = false;
    while (std::getline(in, line)) {
        if (expected) {
            if (!line.empty()) c.expected.push_back(line);
        } else if (line == "---") {
            expected = true;
        } else if (line.rfind("#", 0) == 0) {
            c.header += line + "\n";
            const std::string body = trim(line.substr(1));
            if (body.rfind("measure:", 0) == 0) c.measure = std::stod(body.substr(8));
            if (body.rfind("exceptions:", 0) == 0) {
                std::stringstream names(body.substr(11));
                std::string name;
                while (std::getline(names, name, ',')) c.exceptions.push_back(trim(name));
            }
        } else if (!trim(line).empty()) {
            c.text += (c.text.empty() ? "" : " ") + trim(line);
        }
    }
    return c;
}

double run_width(const GlyphRun& run) {
    double width = 0;
    for (char32_t c : decode_utf8(run.text, {})) width += golden_fonts().advance(run.face, c, {}) * run.size;
    return width * run.horizontal_scale / 100;  // Tz scales the advances
}

}  // namespace

TEST_CASE("golden line breaks", "[golden][linebreak]") {
    std::vector<std::string> files;
    if (DIR* dir = opendir(GOLDEN_DIR.c_str())) {
        while (dirent* entry = readdir(dir)) {
            const std::string name = entry->d_name;
            if (name.size() > 4 && name.compare(name.size() - 4, 4, ".txt") == 0) files.push_back(name);
        }
        closedir(dir);
    }
    REQUIRE(files.size() >= 3);
    const bool update = std::getenv("PROTOKOLL_UPDATE_GOLDEN") != nullptr;
    for (const std::string& file : files) {
        const GoldenCase c = read_case(GOLDEN_DIR + file);
        document::Hyphenation hyphenation;
        hyphenation.patterns = "/usr/share/hyphen/hyph_sv_SE.dic";
        hyphenation.exceptions = c.exceptions;
        document::TextBlock block;
        block.style.size = 11;
        block.style.align = document::Align::Justify;
        document::Run run;
        run.text = c.text;
        block.runs.push_back(run);
        Warnings warnings;
        const SetParagraph paragraph = set_paragraph(block, c.measure, golden_fonts(), warnings, &hyphenation);
        std::vector<std::string> lines;
        for (const SetLine& line : paragraph.lines) {
            std::string text;
            double right = -1;
            for (const GlyphRun& glyphs : line.runs) {
                // Runs of one word (split at kerned pairs) nearly touch; a gap is a space.
                if (!text.empty() && glyphs.x > right + 1) text += ' ';
                text += glyphs.text;
                right = glyphs.x + run_width(glyphs);
            }
            lines.push_back(text);
            // No line ever runs into the margin.
            const GlyphRun& last = line.runs.back();
            INFO(file << ": " << text);
            CHECK(last.x + run_width(last) <= c.measure + 0.01);
        }
        if (update) {
            std::ofstream out(GOLDEN_DIR + file);
            out << c.header << c.text << "\n---\n";
            for (const auto& line : lines) out << line << "\n";
            continue;
        }
        INFO(file);
        CHECK(lines == c.expected);
    }
}
