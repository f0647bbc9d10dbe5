// Paragraphs: styled runs → boxes, glue and penalties → set lines of
// GlyphRuns. The bridge between text and the abstract line breaker.
#pragma once

#include "base/diagnostic.h"
#include "document/document.h"
#include "typeset/font_metrics.h"
#include "hyphenate.h"
#include "linebreak.h"
#include "typeset/pages.h"

#include <memory>
#include <string>
#include <vector>

namespace protokoll::typeset {

// Inter-word glue relative to the space advance. Stretch ½ as Computer
// Modern's (cmr10: space 3.33 pt, stretch 1.67 pt) lets a line grow to 1.5
// spaces per gap at r = 1 (still "loose", not "very loose"); shrink ⅕ (cmr10:
// ⅓) keeps every gap at 0.8 of a space or more, font expansion (below)
// making up for the shrink given up (linebreak.cpp has the measurements).
constexpr double SPACE_STRETCH = 1.0 / 2.0;
constexpr double SPACE_SHRINK = 1.0 / 5.0;
// Font expansion (hz, as pdfTeX's microtype): a justified line's glyphs may
// be scaled horizontally by at most this fraction either way (pdfTeX's
// default stretch and shrink limit of 20/1000), see linebreak.cpp. Drawn
// with the PDF's horizontal scaling (Tz), GlyphRun::horizontal_scale.
constexpr double EXPANSION_LIMIT = 0.02;
// Breaking after an explicit en dash inside a word: TeX's \exhyphenpenalty.
constexpr double DASH_PENALTY = 50;
// Breaking at a hyphenation point (pattern, exception or soft hyphen), which
// adds a hyphen: TeX's \hyphenpenalty. Low, because Swedish compounds are
// long and hyphenating them is ordinary; the ladder and last-line rules
// (BreakParams) keep hyphens apart.
constexpr double HYPHEN_PENALTY = 50;
// A hyphen inside a compound's member ("kommunalla-gen" where
// "kommunal-lagen" is the boundary): its square (90 000 demerits) outweighs
// two lines loosened to badness 100 ((10 + 100)^2 = 12 100 each), so the
// boundary or an unhyphenated line wins unless both are much worse. (150
// left "kompe-tensutveckling" in the 2021 example; 300 moves it to the boundary.)
constexpr double WEAK_HYPHEN_PENALTY = 300;
// Breaking a word wider than the line at a URL's natural point (after '/',
// '.', '-', '?', '&', '=') or after a hyphen it contains: a last resort,
// but always preferred to breaking between letters.
constexpr double URL_BREAK_PENALTY = 1000;
// Breaking between two letters of a word wider than the line: far above any
// dash (so a space or dash is always taken when there is one) yet below
// INFINITE_PENALTY, so that it stays possible.
constexpr double LETTER_BREAK_PENALTY = 5000;

// What a box stands for: a piece of a word in one face (and one link).
// Words are cut into boxes at break points, face and link changes and at
// every kerned pair; `width` includes the kern to the next box of the same
// word (`kern_after`), so the next box starts where the kern puts it.
struct Segment {
    std::string text;   // UTF-8
    Face face = Face::Regular;
    int link = -1;      // index into ParagraphItems::links, -1 for none
    int element = document::ARTIFACT;  // Run::element: a structure element inside the block's
    double width = 0;   // pt, advances plus kern_after
    double kern_after = 0;  // pt, kern to the next character of the word (0 at a word's end)
};

// What a break inside a word means when a line ends there (Item::payload of
// a penalty indexes ParagraphItems::notes).
struct BreakNote {
    bool hyphen = false;    // a hyphen is drawn at the line end
    bool real_hyphen = false;  // after a hyphen of the input ("Vinnova-|finansierat")
    bool letters = false;   // between two letters of a word wider than the line
    bool url = false;       // a URL point (or a hyphen) of a word wider than the line
    // The whole word, for the warning; shared by all the notes of one word
    // (a word of n letters broken between letters has n notes: a copy each
    // made that n² bytes, 1.6 GB for a 40 000-letter word).
    std::shared_ptr<const std::string> word;
    int word_id = 0;        // which word of the paragraph (one warning per word)
};

// The most characters one paragraph (TextBlock) may have: ~25 pages of
// text without a paragraph break. What typesetting holds per paragraph
// (items, break nodes, set lines) is linear in its length and so bounded by
// this; build_items stops with an error naming the limit beyond it.
constexpr size_t MAX_PARAGRAPH_CHARACTERS = 100000;

struct ParagraphItems {
    std::vector<Item> items;        // ends with append_paragraph_end
    std::vector<Segment> segments;  // Item::payload of every box indexes this
    std::vector<BreakNote> notes;   // Item::payload of a penalty inside a word indexes this
    std::vector<std::string> links; // URIs
    bool empty = true;              // no text and no forced break
};

// Spaces become glue (the space advance of the face of the space's run,
// stretch and shrink as above), runs with `line_break` forced breaks (the
// line before them is not stretched), explicit en dashes inside words
// and hyphens inside words (not between digits: "93–95" and "2019-10-03"
// stay whole; not in URLs) flagged penalties; a line broken after a hyphen of
// the input gets /ActualText so extraction reads the word whole. Hyphenation points (from `hyphenator` for runs with
// `hyphenate`, and U+00AD soft hyphens always) become flagged penalties that
// draw a hyphen. Some spaces are ties (paragraph.cpp: "§ 93", "8 200 kr",
// "15 feb", "äldreomsorgs- och"); U+00A0 is an ordinary box character. Kerning
// from `metrics` is in the box widths. A word wider than `measure` gets break
// opportunities at URL points and between letters. Throws Error for a
// character the face lacks and for more than MAX_PARAGRAPH_CHARACTERS.
ParagraphItems build_items(const std::vector<document::Run>& runs, double size, double measure,
                           const TextMeasure& metrics, const SourceLocation& where,
                           Warnings& warnings, const Hyphenator* hyphenator = nullptr);

struct SetLine {
    std::vector<GlyphRun> runs;   // x from the line's left edge, y = 0 (the baseline)
    std::vector<LinkArea> links;  // same coordinates
    LineFit fit;
    bool dash_end = false;        // ends at a dash or hyphenation break
    bool hyphenated = false;      // ends with an added hyphen
    bool splits_word = false;     // ends inside a word: an added hyphen or after a hyphen of the input
};

struct SetParagraph {
    std::vector<SetLine> lines;
    BreakMethod method = BreakMethod::TotalFit;
    int words_broken_by_letters = 0;
};

// The Hyphenator this thread last used for `settings`, or a new one: shared
// by the paragraphs and the documents a thread sets with the same settings,
// so what it remembers (Hyphenator::points) serves them all.
std::shared_ptr<const Hyphenator> thread_hyphenator(const document::Hyphenation& settings);

// Breaks `block` into lines of width `measure` (justified: total fit; the
// other alignments: first fit at natural spacing) and positions the runs,
// aligned within [0, measure]. Justified text is hyphenated with
// `hyphenation` (none when null; ragged text only at soft hyphens, so that a
// ragged edge is never bought with hyphens), with at most
// `hyphenation->max_consecutive` hyphenated lines in a row. Adds a warning for
// each overfull line and each word broken between letters. `hyphenator`:
// the one built for `hyphenation` and this document (paginate's); when null,
// one shared by the thread for the same settings.
SetParagraph set_paragraph(const document::TextBlock& block, double measure,
                           const TextMeasure& metrics, Warnings& warnings,
                           const document::Hyphenation* hyphenation = nullptr,
                           const Hyphenator* hyphenator = nullptr);

}  // namespace protokoll::typeset
