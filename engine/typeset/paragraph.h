// Paragraphs: styled runs → boxes, glue and penalties → set lines of
// GlyphRuns. The bridge between text and the abstract line breaker.
#pragma once

#include "base/diagnostic.h"
#include "document/document.h"
#include "typeset/font_metrics.h"
#include "typeset/linebreak.h"
#include "typeset/pages.h"

#include <string>
#include <vector>

namespace protokoll::typeset {

// Inter-word glue relative to the space advance: the proportions of Computer
// Modern's font parameters (cmr10: space 3.33 pt, stretch 1.67 pt, shrink
// 1.11 pt), which TeX's justified text is tuned for. Stretch ½ lets a line
// grow to 1.5 spaces per gap at r = 1 (still "loose", not "very loose");
// shrink ⅓ keeps words visibly apart at the tightest setting.
constexpr double SPACE_STRETCH = 1.0 / 2.0;
constexpr double SPACE_SHRINK = 1.0 / 3.0;
// Breaking after an explicit dash inside a word: TeX's \exhyphenpenalty.
constexpr double DASH_PENALTY = 50;
// Breaking between two letters of a word wider than the line: far above any
// dash (so a space or dash is always taken when there is one) yet below
// INFINITE_PENALTY, so that it stays possible.
constexpr double LETTER_BREAK_PENALTY = 5000;

// What a box stands for: a piece of a word in one face (and one link).
struct Segment {
    std::string text;   // UTF-8
    Face face = Face::Regular;
    int link = -1;      // index into ParagraphItems::links, -1 for none
    double width = 0;   // pt
};

struct ParagraphItems {
    std::vector<Item> items;        // ends with append_paragraph_end
    std::vector<Segment> segments;  // Item::payload of every box indexes this
    std::vector<std::string> links; // URIs
    bool empty = true;              // no text and no forced break
};

// Spaces become glue (the space advance of the face of the space's run,
// stretch and shrink as above), runs with `line_break` forced breaks (the
// line before them is not stretched), explicit dashes inside words ("-" and
// "–", not between digits: "2019-10-03" and "93–95" stay whole) flagged
// penalties. U+00A0 is an ordinary box character. A piece of a word wider
// than `measure` gets a break opportunity between every two letters and a
// warning. Throws Error for a character the face lacks.
ParagraphItems build_items(const std::vector<document::Run>& runs, double size, double measure,
                           const TextMeasure& metrics, const SourceLocation& where,
                           Warnings& warnings);

struct SetLine {
    std::vector<GlyphRun> runs;   // x from the line's left edge, y = 0 (the baseline)
    std::vector<LinkArea> links;  // same coordinates
    LineFit fit;
    bool dash_end = false;        // ends at a dash break
};

struct SetParagraph {
    std::vector<SetLine> lines;
    BreakMethod method = BreakMethod::TotalFit;
};

// Breaks `block` into lines of width `measure` (justified: total fit; the
// other alignments: first fit at natural spacing) and positions the runs,
// aligned within [0, measure]. Adds a warning for each overfull line.
SetParagraph set_paragraph(const document::TextBlock& block, double measure,
                           const TextMeasure& metrics, Warnings& warnings);

}  // namespace protokoll::typeset
