// Line breaking: Knuth–Plass total fit, with first fit as fallback.
// (Ragged-right text, Align::Left, stays first fit at natural spacing and is
// hyphenated only at soft hyphens.)
//
// The idea. A paragraph is a row of boxes (pieces of words, fixed width),
// glue (word spaces, which may stretch and shrink) and penalties (places a
// line may end at some cost). Instead of filling each line as full as it
// will go and moving on (first fit), total fit chooses all breaks of the
// paragraph at once, minimising the sum of the lines' demerits, a cost that
// grows with the cube of how far each line's spaces are stretched or shrunk.
// So one slightly loose line early may save a very loose line later.
//
// Source: Donald E. Knuth and Michael F. Plass, "Breaking Paragraphs into
// Lines", Software—Practice and Experience 11 (1981) 1119–1184; the
// constants are TeX's defaults (The TeXbook, ch. 14) unless said otherwise.
//
// Font expansion (hz). A justified line may also be filled by scaling its
// glyphs horizontally, a little, as pdfTeX does (microtype's "expansion"):
// Hàn Thế Thành, "Micro-typographic extensions to the TeX typesetting
// system", PhD thesis, Masaryk University Brno, 2000. Each box (and the
// hyphen drawn at a break) may grow or shrink by EXPANSION_LIMIT of its
// width (2 %, microtype's default stretch=20 / shrink=20 thousandths); in
// Knuth–Plass this is extra stretch and shrink, proportional to the line's
// box width, in the box items' `stretch`/`shrink` (summed apart from the
// glue's). The
// ratio r, and so badness, fitness and feasibility, is of glue and
// expansion together. A line is then set expansion first (LineFit): the
// boxes take as much of the difference as their limit allows, rounded to a
// step of a quarter of it (EXPANSION_STEPS: 0.5 %; pdfTeX works in steps,
// microtype 1.5 defaulted to 4/1000: a handful of distinct widths per font
// rather than a different one on every line), then the glue the rest; when
// rounding would leave the glue more to shrink than it can, the line is
// expanded exactly instead. So the word spaces stay near their natural
// width, and they stretch or shrink only once the glyphs are at their
// limit. With shrink ⅕ a space never goes below 0.8 of
// its width, where spacing.py starts calling a line tight; expansion makes
// up for the shrink given up. The writer draws the scale with the PDF's Tz
// operator per GlyphRun (horizontal_scale, 98–102); all positions are
// computed with the same factor (advances and kerns alike), and text
// extraction is unaffected. A line ending at a forced break or the
// paragraph's end (fill glue) is never stretched, so never expanded either;
// it may be shrunk (expansion first) when it is too long. A line without
// glue that expansion alone cannot fill stays "infinitely" bad (r = ∞), so
// expansion does not make one word alone on a line any more acceptable.
// Ragged text is never expanded (set_paragraph gives its boxes no
// expansion).
//
// The constants, and why (defaults in linebreak.h and paragraph.h):
//  - Space: stretch ½, shrink ⅕ of the space advance (TeX's cmr10 has ⅓).
//    ⅕ keeps every gap at 0.8 of a space or more; without expansion it cost
//    p95 and max (fewer feasible breaks), with expansion (±2 %, a line of
//    ~400 pt of glyphs gains ±8 pt, more than its ~12 gaps' shrink of 7 pt)
//    it does not. Measured on both reference protocols (spacing.py, sizes
//    snapped, see below): tight lines 8 and 4 → 0 and 0, p95 1.34 and 1.41
//    → 1.25 and 1.26, max 1.51 and 1.44 → 1.40 and 1.40.
//  - EXPANSION_LIMIT 2 %: microtype's default limits, the amount commonly
//    held to pass unnoticed in running text; steps of 0.5 % (rounding to
//    the nearest step moves a gap by at most 1/8 of the line's expansion
//    capacity spread over its gaps, about 0.03 of a space).
//  - JUSTIFIED_MAX_RATIO 0.9 (badness 73) for the first pass, not TeX's 200:
//    spaces then grow to at most 1.45 × natural, the loosest issue 3
//    accepts (with expansion the glue's own ratio is lower still).
//    Measured without expansion: 1.0 gives max 1.48–1.49; with it, 1.0
//    changes nothing and 0.8 gives max 1.31/1.34 but three hyphen stacks
//    on 2019-10-03.
//  - line_penalty 10 (TeX's \linepenalty).
//  - double_dash_demerits 30 000 (TeX: 10 000): a ladder of two hyphens
//    costs as much as a line at badness ~160 — more than any line the first
//    pass accepts — so it is taken only when no other breaking fits.
//    Measured with expansion: 10 000 changes nothing; 100 000 gives one
//    stack fewer on 2019-10-03 (1 instead of 2) but p95 1.31 instead of
//    1.25.
//  - final_hyphen_demerits 5 000 (TeX's \finalhyphendemerits).
//  - adjacent_fitness_demerits 10 000 (TeX's \adjdemerits).
//  - tight_demerits 20 000 when the glue (not the expansion) is shrunk
//    below r = -0.6, 0.88 of a space with shrink ⅕: gaps visibly narrower
//    than their neighbours'. Measured with expansion: 0 instead gives one
//    hyphen stack fewer on 2019-10-03 but p95 1.31 instead of 1.25.
//    (Without expansion and with shrink ⅓ it was set where a line becomes
//    tight, r = -0.6 = 0.8 of a space.)
//  - max_consecutive_flagged 2 (gr-base): 1 measured with expansion gives no
//    stacks but two lines at 1.9 spaces on 2019-10-03.
//  - Penalties (paragraph.h): hyphen and dash 50 (\hyphenpenalty,
//    \exhyphenpenalty), URL point 1 000, between letters 5 000.
//
// Steps (try_break_total_fit):
//  1. Walk the items once, keeping running totals of width, stretch and
//     shrink (`sum`). A break is legal at a glue that follows a box and at a
//     penalty below INFINITE_PENALTY.
//  2. Keep a list of active nodes: feasible breaks from which a line could
//     still reach the current position. It starts with the paragraph start.
//  3. At each legal break, for every active node compute the adjustment
//     ratio r of the line from it to here:
//         r = (measure - natural) / stretch  when the line is short,
//         r = (measure - natural) / shrink   when it is long.
//     Nodes from which the line is already too long (r < -1) — and all
//     nodes at a forced break — are deactivated: no later break can use them.
//  4. If -1 <= r <= tolerance the line is feasible; its badness is
//     b = 100 |r|^3 (capped at 10000) and its demerits
//         d = (l + b)^2 + p^2     for a penalty p >= 0,
//         d = (l + b)^2 - p^2     for a negative finite p,
//         d = (l + b)^2           for a forced break,
//     plus double_dash_demerits when this and the previous line both end at
//     a dash or hyphen, plus final_hyphen_demerits when this line ends at a
//     forced break (the last line) and the previous one at a hyphen, plus
//     adjacent_fitness_demerits when the fitness classes (tight, decent,
//     loose, very loose) differ by more than one, plus tight_demerits when
//     r < tight_ratio. A line that would make more than
//     max_consecutive_flagged hyphenated lines in a row is not feasible.
//  5. For each fitness class and each length of the run of hyphenated lines
//     (0 .. max_consecutive_flagged) remember the node giving the least total
//     demerits, and add a new active node for it at this break, with the
//     totals "after the break" (glue and penalties after it are discarded at
//     a line start, so they are counted as already passed).
//  6. At the final forced break, the active node with the least total
//     demerits is the answer; follow its predecessor links back.
//  If the active list ever becomes empty, no breaking is feasible at this
//  tolerance and the function reports failure.
//
// Deviations from the paper, and why:
//  - Line width is the same for every line (the paper's l_j is general):
//    protokoll's lists hang the marker outside the indent, so all lines of a
//    block have one measure. This is why node identity needs no line number.
//  - Infinite stretch (\parfillskip) is a flag counted separately, not a
//    large number, so a line with fill glue has r = 0 exactly and is never
//    stretched, even when it is very short.
//  - For every fitness class (and run length of hyphenated lines) a node is
//    added, not only those within adjacent_fitness_demerits of the best
//    (TeX's pruning): paragraphs in protocols are short, the extra nodes
//    cost little, and the hard limit on consecutive hyphens needs the run
//    length in the node's identity (otherwise the cheapest node could be one
//    that forbids the only feasible continuation).
//  - The limit on consecutive hyphenated lines is hard (TeX has none, only
//    \doublehyphendemerits): issue 3 wants "never three".
//  - tight_demerits is not in TeX: TeX's badness (cubic in r) barely
//    separates r = -0.6 from r = -0.9. It looks at the glue's ratio alone.
//  - Font expansion as extra stretch/shrink of the boxes is pdfTeX's, but
//    pdfTeX sets a line's expansion and glue at the same ratio; here the
//    expansion goes first, so that the spaces, which a reader compares from
//    line to line, stay near natural width (see above).
//  - Measuring: mupdf (and so spacing.py) reports a run drawn at Tz s as a
//    font size of size × √s, so 11 pt at 102 % reads as 11.11 pt, and
//    spacing.py then takes neighbouring lines for different text. The figures
//    above are spacing.py with sizes snapped to the nearest half point;
//    tests/e2e/spacing_check.py needs no change.
//  - Hyphenation points come from paragraph.cpp (libhyphen patterns,
//    exceptions, soft hyphens) as flagged penalties whose width is the
//    hyphen's; dashes and hyphens of the input are flagged penalties of
//    width 0.
//  - No looseness and no \emergencystretch; instead the fallback chain in
//    break_justified: r <= 0.9, then TeX's tolerance 200 (r <= 1.26), then
//    any stretch, then first fit.
//  - Demerits use the uncapped badness 100 |r|^3 (RANKING_BADNESS_LIMIT for
//    a line that cannot stretch at all), not TeX's badness capped at 10000.
//    Within TeX's tolerance this changes nothing (b <= 200 there), but in
//    the any-stretch pass a capped badness makes r = 5 and a lone word on a
//    line cost the same, and the optimum then happily strands one word on a
//    line of its own. The capped value is still what fit_line reports.
//  - A piece of a word wider than the line gets break opportunities after
//    URL separators (URL_BREAK_PENALTY) and, if a piece is still too wide,
//    between every two letters (LETTER_BREAK_PENALTY, paragraph.cpp) and a
//    warning; TeX would leave an overfull box.
//  - Ragged text (left, centre, right) is not broken here but with
//    break_first_fit at natural spacing: without stretch, total fit only
//    evens out the ragged edge, which protocols do not need.
#include "linebreak.h"

#include "line_cost.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace protokoll::typeset {

namespace {

using namespace line;

// TeX's default \tolerance 200 as an adjustment ratio: 100 r^3 = 200.
constexpr double TEX_TOLERANCE_RATIO = 1.26;

struct Totals {
    double width = 0, stretch = 0, shrink = 0;
    double expand_stretch = 0, expand_shrink = 0;  // of the boxes passed
    int fill = 0;  // number of fill glues passed

    void add_box(const Item& box) {
        width += box.width;
        expand_stretch += box.stretch;
        expand_shrink += box.shrink;
    }

    void add(const Item& glue) {
        width += glue.width;
        if (glue.fill)
            ++fill;
        else
            stretch += glue.stretch;
        shrink += glue.shrink;
    }
};

bool is_legal_break(const std::vector<Item>& items, size_t i) {
    const Item& item = items[i];
    if (item.kind == Item::Kind::Glue) return i > 0 && items[i - 1].kind == Item::Kind::Box;
    if (item.kind == Item::Kind::Penalty) return item.penalty < INFINITE_PENALTY;
    return false;
}

// Totals after a break at `i`: what a line starting after it has "already
// passed", so that sum - after = the next line's content (step 5).
Totals totals_after(const std::vector<Item>& items, size_t i, Totals sum) {
    for (size_t j = i; j < items.size(); ++j) {
        const Item& item = items[j];
        if (item.kind == Item::Kind::Box) break;
        if (item.kind == Item::Kind::Glue) sum.add(item);
        if (j > i && is_forced(item)) break;
    }
    return sum;
}

struct Node {
    size_t position = 0;  // index of the break item; unused for the start node
    int fitness = DECENT;
    bool flagged = false;
    int flagged_run = 0;   // lines in a row, up to this one, ending flagged
    Totals totals;         // after the break
    double demerits = 0;   // total from the paragraph start
    int previous = -1;     // index into the node pool
};

}  // namespace

void append_paragraph_end(std::vector<Item>& items) {
    items.push_back(Item::penalty_item(INFINITE_PENALTY));
    items.push_back(Item::fill_glue());
    items.push_back(Item::penalty_item(-INFINITE_PENALTY));
}

double badness(double ratio) {
    if (std::isinf(ratio)) return INFINITE_BADNESS;
    const double b = 100 * std::pow(std::fabs(ratio), 3);
    return b > INFINITE_BADNESS ? INFINITE_BADNESS : b;
}

double line_demerits(double line_badness, double penalty, double line_penalty) {
    const double base = (line_penalty + line_badness) * (line_penalty + line_badness);
    if (penalty >= 0) return base + penalty * penalty;
    if (penalty > -INFINITE_PENALTY) return base - penalty * penalty;
    return base;
}

size_t line_start(const std::vector<Item>& items, size_t previous_break) {
    size_t i = previous_break + 1;
    while (i < items.size() && items[i].kind != Item::Kind::Box && !is_forced(items[i])) ++i;
    return i;
}

LineFit fit_line(const std::vector<Item>& items, size_t start, size_t end, double measure,
                 bool justify) {
    LineFit fit;
    for (size_t i = start; i < end && i < items.size(); ++i) {
        const Item& item = items[i];
        if (item.kind == Item::Kind::Box) {
            fit.natural += item.width;
            fit.expand_stretch += item.stretch;
            fit.expand_shrink += item.shrink;
        } else if (item.kind == Item::Kind::Glue) {
            fit.natural += item.width;
            if (item.fill)
                fit.fill = true;
            else
                fit.stretch += item.stretch;
            fit.shrink += item.shrink;
        }
    }
    if (end < items.size() && items[end].kind == Item::Kind::Penalty) {
        fit.natural += items[end].width;
        fit.expand_stretch += items[end].stretch;
        fit.expand_shrink += items[end].shrink;
    }
    const Setting s = set_line(fit.natural, fit.stretch, fit.shrink, fit.expand_stretch,
                               fit.expand_shrink, fit.fill, measure, justify);
    double ratio = s.ratio;
    fit.overfull = ratio < -1;
    fit.badness = fit.overfull ? INFINITE_BADNESS : badness(ratio);
    fit.expansion = s.expansion;
    fit.glue_ratio = s.glue_ratio;
    if (ratio < -1) ratio = -1;  // glue never shrinks below its minimum
    if (fit.glue_ratio < -1) fit.glue_ratio = -1;
    // A justified line without stretchable glue cannot be filled: set it at
    // natural width (badness stays "infinite" for the report), or as far as
    // its expansion goes.
    if (std::isinf(ratio)) ratio = 0;
    if (std::isinf(fit.glue_ratio)) fit.glue_ratio = 0;
    fit.ratio = ratio;
    return fit;
}

namespace {

// Steps 1-6 over one paragraph. Memory: one Node per (break, slot) that was
// ever the best way to reach that break; time: the active nodes at each
// break, which are the breaks less than a line back (a line from any earlier
// one is too long, step 3), times the slots.
class TotalFit {
public:
    TotalFit(const std::vector<Item>& items, double measure, const BreakParams& params)
        : m_items(items), m_measure(measure), m_params(params),
          // Nodes are kept per fitness class and per length of the run of
          // flagged lines they end (0 .. max_consecutive_flagged), so that
          // the hard limit never throws away a path a later break needs.
          m_runs(params.max_consecutive_flagged > 0 ? params.max_consecutive_flagged + 1 : 2),
          m_slot_best(static_cast<size_t>(FITNESS_CLASSES * m_runs)),
          m_best_from(m_slot_best.size()) {
        m_nodes.push_back(Node{});
        m_active.push_back(0);
    }

    std::optional<LineBreaks> run() {
        for (size_t i = 0; i < m_items.size(); ++i) {
            const Item& item = m_items[i];
            switch (item.kind) {
                case Item::Kind::Box:
                    m_sum.add_box(item);
                    break;
                case Item::Kind::Glue:
                    if (is_legal_break(m_items, i)) consider(i);
                    m_sum.add(item);
                    break;
                case Item::Kind::Penalty:
                    if (is_legal_break(m_items, i)) consider(i);
                    break;
            }
            if (m_active.empty()) return std::nullopt;
        }
        return best_path();
    }

private:
    // How the line from `node` to the break at `item` would be set.
    Setting setting_from(const Node& node, const Item& item) const {
        const bool is_penalty = item.kind == Item::Kind::Penalty;
        const double natural = m_sum.width - node.totals.width + (is_penalty ? item.width : 0);
        return set_line(natural, m_sum.stretch - node.totals.stretch, m_sum.shrink - node.totals.shrink,
                        m_sum.expand_stretch - node.totals.expand_stretch + (is_penalty ? item.stretch : 0),
                        m_sum.expand_shrink - node.totals.expand_shrink + (is_penalty ? item.shrink : 0),
                        m_sum.fill > node.totals.fill, m_measure, true);
    }

    // Steps 3-5 at the legal break `i`.
    void consider(size_t i) {
        const Item& item = m_items[i];
        const bool forced = is_forced(item);
        const bool flagged = item.kind == Item::Kind::Penalty && item.flagged;
        std::fill(m_slot_best.begin(), m_slot_best.end(), std::numeric_limits<double>::infinity());
        std::fill(m_best_from.begin(), m_best_from.end(), -1);
        m_still_active.clear();
        for (int a : m_active) {
            const Node& node = m_nodes[a];
            const Setting setting = setting_from(node, item);
            const double ratio = setting.ratio;
            const int run = flagged ? node.flagged_run + 1 : 0;
            const bool too_many = m_params.max_consecutive_flagged > 0 && run > m_params.max_consecutive_flagged;
            if (ratio >= -1 && ratio <= m_params.max_ratio && !too_many) {
                const LineCost cost = line_cost(setting, item, {node.fitness, node.flagged}, m_params);
                const double d = cost.demerits + node.demerits;
                const size_t slot = static_cast<size_t>(cost.fitness * m_runs + std::min(run, m_runs - 1));
                if (d < m_slot_best[slot]) {
                    m_slot_best[slot] = d;
                    m_best_from[slot] = a;
                }
            }
            if (!(ratio < -1 || forced)) m_still_active.push_back(a);
        }
        m_active.swap(m_still_active);
        add_nodes(i, flagged);
    }

    // Step 5: a node for each slot some active node reached.
    void add_nodes(size_t i, bool flagged) {
        bool any = false;
        for (int from : m_best_from) any = any || from >= 0;
        if (!any) return;
        const Totals after = totals_after(m_items, i, m_sum);
        for (size_t slot = 0; slot < m_slot_best.size(); ++slot) {
            if (m_best_from[slot] < 0) continue;
            Node node;
            node.position = i;
            node.fitness = static_cast<int>(slot) / m_runs;
            node.flagged = flagged;
            node.flagged_run = flagged ? m_nodes[m_best_from[slot]].flagged_run + 1 : 0;
            node.totals = after;
            node.demerits = m_slot_best[slot];
            node.previous = m_best_from[slot];
            m_nodes.push_back(node);
            m_active.push_back(static_cast<int>(m_nodes.size() - 1));
        }
    }

    // Step 6: after the final forced break only nodes at it remain.
    std::optional<LineBreaks> best_path() const {
        int best = -1;
        for (int a : m_active)
            if (a != 0 && (best < 0 || m_nodes[a].demerits < m_nodes[best].demerits)) best = a;
        if (best < 0) return std::nullopt;
        LineBreaks result;
        result.demerits = m_nodes[best].demerits;
        result.max_ratio = m_params.max_ratio;
        for (int n = best; n > 0; n = m_nodes[n].previous) result.breaks.push_back(m_nodes[n].position);
        std::reverse(result.breaks.begin(), result.breaks.end());
        return result;
    }

    const std::vector<Item>& m_items;
    const double m_measure;
    const BreakParams& m_params;
    const int m_runs;
    std::vector<Node> m_nodes;          // every node made; Node::previous indexes this
    std::vector<int> m_active{};        // indices into m_nodes
    std::vector<int> m_still_active;
    std::vector<double> m_slot_best;    // per slot at the current break: least demerits
    std::vector<int> m_best_from;       // and the active node they come from
    Totals m_sum;
};

}  // namespace

std::optional<LineBreaks> try_break_total_fit(const std::vector<Item>& items, double measure,
                                              const BreakParams& params) {
    return TotalFit(items, measure, params).run();
}

LineBreaks break_first_fit(const std::vector<Item>& items, double measure, Shrink shrink) {
    LineBreaks result;
    result.method = BreakMethod::Greedy;
    const bool may_shrink = shrink == Shrink::Allow;
    size_t start = 0;
    size_t last_fitting = SIZE_MAX;
    auto fits = [&](size_t end) {
        const LineFit fit = fit_line(items, start, end, measure, false);
        return fit.natural - (may_shrink ? fit.shrink + fit.expand_shrink : 0) <= measure + EPSILON;
    };
    size_t i = 0;
    while (i < items.size()) {
        if (!is_legal_break(items, i)) {
            ++i;
            continue;
        }
        const bool forced = is_forced(items[i]);
        if (fits(i)) {
            if (forced) {
                result.breaks.push_back(i);
                start = line_start(items, i);
                last_fitting = SIZE_MAX;
            } else {
                last_fitting = i;
            }
            ++i;
        } else if (last_fitting != SIZE_MAX) {
            // Break at the last place that fitted and look at `i` again from
            // the new line start.
            result.breaks.push_back(last_fitting);
            start = line_start(items, last_fitting);
            last_fitting = SIZE_MAX;
        } else {
            // Nothing fits: this line is overfull whatever we do; end it as
            // early as possible.
            result.breaks.push_back(i);
            start = line_start(items, i);
            last_fitting = SIZE_MAX;
            ++i;
        }
    }
    return result;
}

LineBreaks break_justified(const std::vector<Item>& items, double measure,
                           const BreakParams& first) {
    BreakParams params = first;
    if (auto breaks = try_break_total_fit(items, measure, params)) return *breaks;
    if (params.max_ratio < TEX_TOLERANCE_RATIO) {
        params.max_ratio = TEX_TOLERANCE_RATIO;
        if (auto breaks = try_break_total_fit(items, measure, params)) return *breaks;
    }
    params.max_ratio = std::numeric_limits<double>::infinity();
    if (auto breaks = try_break_total_fit(items, measure, params)) return *breaks;
    return break_first_fit(items, measure, Shrink::Allow);
}

double score_breaks(const std::vector<Item>& items, const std::vector<size_t>& breaks,
                    double measure, const BreakParams& params) {
    double total = 0;
    size_t start = 0;
    PreviousLine previous;
    for (size_t end : breaks) {
        const LineFit fit = fit_line(items, start, end, measure, true);
        const Item& item = items[end];
        // The unclamped ratio, as total fit sees it (a line without glue
        // that is short has r = infinity: very loose).
        const Setting setting = set_line(fit.natural, fit.stretch, fit.shrink, fit.expand_stretch,
                                         fit.expand_shrink, fit.fill, measure, true);
        const LineCost cost = line_cost(setting, item, previous, params);
        total += cost.demerits;
        previous = {cost.fitness, item.kind == Item::Kind::Penalty && item.flagged};
        start = line_start(items, end);
    }
    return total;
}

}  // namespace protokoll::typeset
