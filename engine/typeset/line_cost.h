// The numbers of one line, for the line breakers (linebreak.cpp): how a
// line of given totals is set (its adjustment ratio, expansion and glue
// ratio), its fitness class, and line_cost, the one scoring of a line that
// total fit ranks with and score_breaks, its tests' oracle, adds up.
// Private to typeset.
#pragma once

#include "linebreak.h"

namespace protokoll::typeset::line {

// Widths are in points; anything closer than this is equal (floating-point
// sums of a few hundred advances).
constexpr double EPSILON = 1e-9;

// Fitness classes, by adjustment ratio (TeX uses badness 12 and 99, i.e.
// r = 0.5 and r = 1, the same limits).
constexpr int TIGHT = 0, DECENT = 1, LOOSE = 2, VERY_LOOSE = 3;
constexpr int FITNESS_CLASSES = 4;

int fitness_class(double ratio);

// What a line that cannot be filled at all (r = infinity: no stretchable
// glue) counts as in demerits: worse than any line that can (r = 100 gives
// 1e8), so a word is left alone on a line only when nothing else works.
constexpr double RANKING_BADNESS_LIMIT = 1e9;

// The uncapped badness 100 |r|^3 demerits are ranked with (linebreak.cpp).
double ranking_badness(double ratio);

bool is_forced(const Item& item);

// How a line of the given totals is set (LineFit): the ratio of glue and
// expansion together, then the expansion, quantised to 1/EXPANSION_STEPS and
// used first, then the glue ratio for the rest.
struct Setting {
    double ratio = 0, expansion = 0, glue_ratio = 0;
};

Setting set_line(double natural, double stretch, double shrink, double expand_stretch,
                 double expand_shrink, bool fill, double measure, bool justify);

// The previous line of a path of breaks, as far as the next line's cost
// depends on it.
struct PreviousLine {
    int fitness = DECENT;
    bool flagged = false;
};

struct LineCost {
    double demerits = 0;
    int fitness = DECENT;
};

// The one scoring of a line (step 4 in linebreak.cpp): set as `setting`,
// ending at the break item `end`, after `previous`. Total fit calls it for
// feasible lines only; score_breaks, the tests' oracle, also for an overfull
// one (r < -1), which counts as the worst possible line.
LineCost line_cost(const Setting& setting, const Item& end, const PreviousLine& previous,
                   const BreakParams& params);

}  // namespace protokoll::typeset::line
