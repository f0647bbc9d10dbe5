// Line breaking over abstract boxes, glue and penalties (Knuth & Plass).
// Knows nothing of fonts or text: the paragraph builder (paragraph.h) turns
// runs into items with a width function, and tests build items directly.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

namespace protokoll::typeset {

// A penalty at or above this forbids a break, at or below its negation
// forces one (TeX's 10000).
constexpr double INFINITE_PENALTY = 10000;
// Badness is capped here (TeX's inf_bad): "infinitely bad" but still usable.
constexpr double INFINITE_BADNESS = 10000;

struct Item {
    enum class Kind { Box, Glue, Penalty };
    Kind kind = Kind::Box;
    double width = 0;      // natural width, pt (a penalty's width is added only when broken at)
    // Glue: how much it may grow at adjustment ratio 1 / shrink at ratio -1
    // (never more). Box, and a penalty's width when broken at: how much font
    // expansion may widen / narrow it (0 = not expandable); a line uses its
    // boxes' expansion before its glue (see LineFit).
    double stretch = 0;
    double shrink = 0;
    bool fill = false;     // glue: infinite stretch (\parfillskip); `stretch` is ignored
    double penalty = 0;    // penalty: cost of breaking here
    bool flagged = false;  // penalty: the line would end with a dash
    int payload = -1;      // box: the caller's index (text segment); -1 for none

    static Item box(double width, int payload = -1) {
        Item item;
        item.width = width;
        item.payload = payload;
        return item;
    }
    static Item glue(double width, double stretch, double shrink) {
        Item item;
        item.kind = Kind::Glue;
        item.width = width;
        item.stretch = stretch;
        item.shrink = shrink;
        return item;
    }
    static Item fill_glue() {
        Item item;
        item.kind = Kind::Glue;
        item.fill = true;
        return item;
    }
    static Item penalty_item(double penalty, bool flagged = false, double width = 0) {
        Item item;
        item.kind = Kind::Penalty;
        item.penalty = penalty;
        item.flagged = flagged;
        item.width = width;
        return item;
    }
};

// Appends what ends a paragraph or a forced line: a forbidden break, glue
// that can fill any line, a forced break.
void append_paragraph_end(std::vector<Item>& items);

enum class BreakMethod { TotalFit, Greedy };

struct BreakParams {
    // Largest adjustment ratio a line may have; infinity accepts any
    // stretch (the emergency pass).
    double max_ratio = 1.26;  // badness 200 = TeX's default \tolerance
    double line_penalty = 10;  // TeX's \linepenalty: favours fewer lines
    // Added when two consecutive lines both end with a dash or hyphen: a
    // ladder of hyphens at the right edge is ugly (TeX's
    // \doublehyphendemerits).
    double double_dash_demerits = 30000;
    // Added when the last line of a paragraph (or before a forced break)
    // follows a hyphenated line: a word split over the last two lines reads
    // badly (TeX's \finalhyphendemerits).
    double final_hyphen_demerits = 5000;
    // Never more than this many lines in a row end with a dash or hyphen (a
    // hard limit, not demerits); 0 = no limit.
    int max_consecutive_flagged = 0;
    // Added when a line's fitness class (tight, decent, loose, very loose)
    // differs by more than one from the previous line's: a tight line next to
    // a loose one makes the difference in word spacing visible (TeX's
    // \adjdemerits, the paper's γ).
    double adjacent_fitness_demerits = 10000;
    // Lines whose glue (after font expansion, LineFit::glue_ratio) is shrunk
    // below this ratio (with the space's shrink of ⅕, r = -0.6 is 0.88 of a
    // normal space) pay `tight_demerits` extra: shrinking that far is
    // allowed but chosen only when the alternative is a much looser line.
    double tight_ratio = -0.6;
    double tight_demerits = 20000;
};

struct LineBreaks {
    // Index of the item each line ends at (a glue or penalty); the last is
    // the paragraph's final forced break. A line runs from just after the
    // previous break (discardable items skipped) up to but excluding its
    // break item, plus the break item's width when it is a penalty.
    std::vector<size_t> breaks;
    double demerits = 0;  // total, as the paper defines it (0 for greedy)
    BreakMethod method = BreakMethod::TotalFit;
    double max_ratio = 0;  // the tolerance of the pass that succeeded
};

// Knuth–Plass total fit. nullopt when no way of breaking keeps every line
// within [-1, params.max_ratio] (for example a box wider than the measure).
// `items` must end with append_paragraph_end.
std::optional<LineBreaks> try_break_total_fit(const std::vector<Item>& items, double measure,
                                              const BreakParams& params = {});

enum class Shrink { Allow, No };
// First fit: each line takes as much as fits (at natural width, or shrunk by
// at most the glue's shrink). Always succeeds; a box wider than the measure
// becomes an overfull line.
LineBreaks break_first_fit(const std::vector<Item>& items, double measure, Shrink shrink);

// What protokoll's justified text tries first (set_paragraph): r = 0.9,
// badness 73. With the space's stretch of ½ a line's spaces grow to at most
// 1.45 × natural, the loosest spacing issue 3 accepts; TeX's 200 allows 1.63.
constexpr double JUSTIFIED_MAX_RATIO = 0.9;

// Justified text: total fit at params.max_ratio, then at TeX's tolerance
// (r = 1.26, badness 200), then with any stretch allowed, finally first fit.
LineBreaks break_justified(const std::vector<Item>& items, double measure,
                           const BreakParams& params = {});

// Where a line starts: the first item after `previous_break` that is not
// discarded at a line start (glue and non-forced penalties are; TeX §§ 879).
size_t line_start(const std::vector<Item>& items, size_t previous_break);

// Font expansion is used in steps of 1/EXPANSION_STEPS of a box's capacity
// (with paragraph.h's EXPANSION_LIMIT of 2 %: steps of 0.5 %, pdfTeX's
// default \pdfadjustspacing step).
constexpr int EXPANSION_STEPS = 4;

struct LineFit {
    double natural = 0;   // width at natural glue, plus the break penalty's width
    double stretch = 0;   // of the glue
    double shrink = 0;
    double expand_stretch = 0;  // of the boxes (font expansion), penalty included
    double expand_shrink = 0;
    bool fill = false;    // contains fill glue: never stretched
    // How far the line is set, glue and expansion together: > 0 stretched (in
    // units of stretch + expand_stretch), < 0 shrunk (never below -1). 0 for
    // lines with fill glue that are short. Badness is of this ratio.
    double ratio = 0;
    // How it is set: first the boxes are expanded, by `expansion` (in units
    // of expand_stretch when > 0, of expand_shrink when < 0, a multiple of
    // 1/EXPANSION_STEPS, |expansion| <= 1), then the glue takes the rest at
    // `glue_ratio` (units of stretch / shrink, never below -1). Both 0 when
    // ratio is 0.
    double expansion = 0;
    double glue_ratio = 0;
    double badness = 0;
    bool overfull = false;  // too wide even at full shrink
};

// The fit of items [start, end) on a line of width `measure`, `end` being the
// break item. `justify = false` sets glue at natural width unless the line
// needs to shrink (ragged text).
LineFit fit_line(const std::vector<Item>& items, size_t start, size_t end, double measure,
                 bool justify);

double badness(double ratio);

// Badness as TeX reports it: 100 |r|^3, capped at INFINITE_BADNESS.
// (Total fit ranks with the uncapped value, see linebreak.cpp.)
// The paper's demerits of one line of the given badness ending at the given
// penalty: (l + b)^2 + p^2 for p >= 0, (l + b)^2 - p^2 for a negative,
// finite p, (l + b)^2 for a forced break. Exposed for tests.
double line_demerits(double line_badness, double penalty, double line_penalty);

// Total demerits of a given set of breaks, scored by the same line-cost
// function total fit ranks with (line_cost.h): the oracle tests
// compare total fit's result with (an overfull line counts as the worst
// possible line).
double score_breaks(const std::vector<Item>& items, const std::vector<size_t>& breaks,
                    double measure, const BreakParams& params = {});

}  // namespace protokoll::typeset
