#include "line_cost.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace protokoll::typeset::line {

namespace {

double ratio_for(double natural, double stretch, double shrink, bool fill, double measure,
                 bool justify) {
    if (natural < measure - EPSILON) {
        if (fill || !justify) return 0;
        if (stretch > EPSILON) return (measure - natural) / stretch;
        return std::numeric_limits<double>::infinity();
    }
    if (natural > measure + EPSILON) {
        // Shrinking to exactly the limit must give r = -1, not -1.0000001
        // from the rounding of a sum of thirds.
        if (natural - shrink <= measure + EPSILON) return std::max(-1.0, (measure - natural) / shrink);
        if (shrink > EPSILON) return (measure - natural) / shrink;
        return -std::numeric_limits<double>::infinity();
    }
    return 0;
}

}  // namespace

int fitness_class(double ratio) {
    if (ratio < -0.5) return TIGHT;
    if (ratio <= 0.5) return DECENT;
    if (ratio <= 1) return LOOSE;
    return VERY_LOOSE;
}

double ranking_badness(double ratio) {
    if (std::isinf(ratio)) return RANKING_BADNESS_LIMIT;
    return std::min(RANKING_BADNESS_LIMIT, 100 * std::pow(std::fabs(ratio), 3));
}

bool is_forced(const Item& item) {
    return item.kind == Item::Kind::Penalty && item.penalty <= -INFINITE_PENALTY;
}

Setting set_line(double natural, double stretch, double shrink, double expand_stretch,
                 double expand_shrink, bool fill, double measure, bool justify) {
    Setting s;
    s.ratio = ratio_for(natural, stretch + expand_stretch, shrink + expand_shrink, fill, measure,
                        justify);
    // A line without glue to stretch cannot be filled by expansion alone
    // unless that suffices: beyond it, it stays "infinitely" loose.
    if (s.ratio > 1 && stretch <= EPSILON) s.ratio = std::numeric_limits<double>::infinity();
    s.glue_ratio = s.ratio;
    if (s.ratio == 0 || std::isinf(s.ratio)) return s;
    const double excess = measure - natural;  // > 0: to stretch
    const double capacity = excess > 0 ? expand_stretch : expand_shrink;
    auto glue_for = [&](double rest) {
        if (std::fabs(rest) <= EPSILON) return 0.0;
        if (rest > 0) return stretch > EPSILON ? rest / stretch : std::numeric_limits<double>::infinity();
        return shrink > EPSILON ? rest / shrink : -std::numeric_limits<double>::infinity();
    };
    if (capacity <= EPSILON) {
        s.glue_ratio = glue_for(excess);
        return s;
    }
    const double exact = std::clamp(excess / capacity, -1.0, 1.0);
    const double stepped = std::round(exact * EXPANSION_STEPS) / EXPANSION_STEPS;
    s.expansion = stepped;
    s.glue_ratio = glue_for(excess - std::fabs(stepped) * capacity * (excess > 0 ? 1 : -1));
    // A step the glue cannot make up for (too little glue to shrink, or none
    // to stretch): expand exactly instead.
    if (s.glue_ratio < -1 - EPSILON || std::isinf(s.glue_ratio)) {
        s.expansion = exact;
        s.glue_ratio = glue_for(excess - std::fabs(exact) * capacity * (excess > 0 ? 1 : -1));
    }
    return s;
}

LineCost line_cost(const Setting& setting, const Item& end, const PreviousLine& previous,
                   const BreakParams& params) {
    const bool is_penalty = end.kind == Item::Kind::Penalty;
    const bool flagged = is_penalty && end.flagged;
    LineCost cost;
    cost.fitness = fitness_class(setting.ratio);
    const double line_badness =
        setting.ratio < -1 ? RANKING_BADNESS_LIMIT : ranking_badness(setting.ratio);
    double d = line_demerits(line_badness, is_penalty ? end.penalty : 0, params.line_penalty);
    if (flagged && previous.flagged) d += params.double_dash_demerits;
    if (is_forced(end) && previous.flagged) d += params.final_hyphen_demerits;
    if (setting.glue_ratio < params.tight_ratio) d += params.tight_demerits;
    if (std::abs(cost.fitness - previous.fitness) > 1) d += params.adjacent_fitness_demerits;
    cost.demerits = d;
    return cost;
}

}  // namespace protokoll::typeset::line
