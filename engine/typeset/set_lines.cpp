#include "set_lines.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace protokoll::typeset {

namespace {

using document::Align;

std::string format_pt(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

// A line being set: its runs and links so far, and where the pen is.
struct LineDraft {
    SetLine line;
    double x = 0;
    double first_gap_x = std::numeric_limits<double>::infinity();
    int open_link = -1;  // index into ParagraphItems::links of the link being drawn
    int link_element = document::ARTIFACT;
    Rect link_area;

    void close_link(const std::vector<std::string>& uris) {
        if (open_link >= 0) line.links.push_back({link_area, uris[open_link], link_element});
        open_link = -1;
    }
};

// Sets the lines of a broken paragraph: positions its runs and links,
// /ActualText for words broken after a hyphen of the input, the added
// hyphen, the alignment, and the warnings for overfull lines and words
// broken by letters or at URL points.
class LineSetter {
public:
    LineSetter(const document::TextBlock& block, double measure,
               const TextMeasure& metrics, const ParagraphItems& built, const LineBreaks& breaks,
               Warnings& warnings)
        : m_block(block), m_measure(measure), m_justify(block.style.align == Align::Justify), m_metrics(metrics),
          m_built(built), m_items(built.items), m_breaks(breaks), m_warnings(warnings) {}

    void run(SetParagraph& paragraph) {
        bool continues_word = false;  // the previous line ended after a hyphen of the input
        size_t start = 0;
        for (size_t end : m_breaks.breaks) {
            const Item& end_item = m_items[end];
            const BreakNote* note = end_item.kind == Item::Kind::Penalty && end_item.payload >= 0
                                        ? &m_built.notes[end_item.payload]
                                        : nullptr;
            LineDraft draft = place_items(start, end);
            SetLine& line = draft.line;
            line.dash_end = end_item.kind == Item::Kind::Penalty && end_item.flagged;
            line.hyphenated = note && note->hyphen;
            line.splits_word = note && (note->hyphen || note->real_hyphen);
            if (note && note->real_hyphen && !line.runs.empty()) whole_word_text(line.runs.back(), end);
            if (continues_word) {
                for (GlyphRun& run : line.runs) {
                    if (run.x >= draft.first_gap_x) break;
                    run.actual_text = std::make_shared<const std::string>();
                }
            }
            continues_word = note && note->real_hyphen;
            if (line.hyphenated && !line.runs.empty()) {
                // Drawn as U+002D so that pdftotext joins the word again.
                line.runs.back().text += '-';
                if (draft.open_link >= 0) draft.link_area.x1 = m_measure;
            }
            draft.close_link(m_built.links);
            if (note) warn_broken_word(*note, paragraph);
            align(line, draft.x);
            if (line.fit.overfull) warn_overfull(line);
            paragraph.lines.push_back(std::move(line));
            start = line_start(m_items, end);
        }
    }

private:
    // The runs and links of items [start, end): expansion first, then the
    // glue (LineFit), so boxes are `scale` times their natural width, and so
    // is the hyphen at the end.
    LineDraft place_items(size_t start, size_t end) const {
        LineDraft draft;
        SetLine& line = draft.line;
        line.fit = fit_line(m_items, start, end, m_measure, m_justify);
        const double ratio = line.fit.glue_ratio;
        const double scale = 1 + line.fit.expansion * EXPANSION_LIMIT;
        const double size = m_block.style.size;
        bool previous_was_box = false;
        bool previous_kerned = false;
        for (size_t i = start; i < end; ++i) {
            const Item& item = m_items[i];
            if (item.kind == Item::Kind::Glue) {
                draft.first_gap_x = std::min(draft.first_gap_x, draft.x);
                draft.x += item.width + (ratio > 0 ? ratio * item.stretch : ratio * item.shrink);
                previous_was_box = false;
            } else if (item.kind == Item::Kind::Box) {
                const Segment& segment = m_built.segments[item.payload];
                // Pieces of one word in one face are drawn as one run unless
                // a kern moves the next piece; a gap (glue) always starts a
                // new run, so text extraction sees the space.
                if (previous_was_box && !previous_kerned && !line.runs.empty() &&
                    line.runs.back().face == segment.face && line.runs.back().element == segment.element) {
                    line.runs.back().text += segment.text;
                } else {
                    GlyphRun run;
                    run.x = draft.x;
                    run.face = segment.face;
                    run.size = size;
                    run.color = m_block.style.color;
                    run.text = segment.text;
                    run.horizontal_scale = 100 * scale;
                    run.element = segment.element;
                    run.joins_previous = previous_was_box;
                    line.runs.push_back(std::move(run));
                }
                if (segment.link >= 0) {
                    if (draft.open_link != segment.link) {
                        draft.close_link(m_built.links);
                        draft.open_link = segment.link;
                        draft.link_element = segment.element;
                        draft.link_area.x0 = draft.x;
                        draft.link_area.y0 = m_metrics.descender(segment.face) * size;
                        draft.link_area.y1 = m_metrics.ascender(segment.face) * size;
                    }
                    draft.link_area.x1 = draft.x + segment.width * scale;
                } else {
                    draft.close_link(m_built.links);
                }
                draft.x += segment.width * scale;
                previous_was_box = true;
                previous_kerned = segment.kern_after != 0;
            }
        }
        return draft;
    }

    // "Vinnova-" ends this line: its last run stands for the whole word, the
    // next line's first runs (up to its first space) for nothing, see
    // GlyphRun::actual_text.
    void whole_word_text(GlyphRun& last, size_t end) const {
        std::string whole = last.text;
        for (size_t i = line_start(m_items, end); i < m_items.size(); ++i) {
            const Item& item = m_items[i];
            if (item.kind == Item::Kind::Glue) break;
            if (item.kind == Item::Kind::Box) whole += m_built.segments[item.payload].text;
            if (item.kind == Item::Kind::Penalty && i > end && item.penalty < INFINITE_PENALTY &&
                std::binary_search(m_breaks.breaks.begin(), m_breaks.breaks.end(), i))
                break;  // the rest of the word is broken again
        }
        last.actual_text = std::make_shared<const std::string>(std::move(whole));
    }

    // One warning (and count) per word broken between letters or at a URL
    // point; a word's breaks are on consecutive lines.
    void warn_broken_word(const BreakNote& note, SetParagraph& paragraph) {
        if (!(note.letters || note.url) || note.word_id == m_last_warned_word) return;
        if (note.letters) ++paragraph.words_broken_by_letters;
        m_warnings.push_back({m_block.where, "the word '" + *note.word + "' is wider than the line (" +
                                                 format_pt(m_measure) + " pt); it is broken " +
                                                 (note.letters ? "between letters" : "after a URL separator")});
        m_last_warned_word = note.word_id;
    }

    // Aligns within the measure. Justified lines already fill it, except the
    // last line and lines ending at a forced break (fill glue), which are set
    // flush left like TeX's.
    void align(SetLine& line, double width) const {
        double shift = 0;
        if (m_block.style.align == Align::Right) shift = m_measure - width;
        if (m_block.style.align == Align::Center) shift = (m_measure - width) / 2;
        if (shift == 0) return;
        for (auto& run : line.runs) run.x += shift;
        for (auto& link : line.links) {
            link.area.x0 += shift;
            link.area.x1 += shift;
        }
    }

    void warn_overfull(const SetLine& line) {
        std::string text;
        for (const auto& run : line.runs) text += (text.empty() ? "" : " ") + run.text;
        m_warnings.push_back({m_block.where, "overfull line (" +
                                                 format_pt(line.fit.natural - line.fit.shrink - m_measure) +
                                                 " pt too wide): '" + text + "'"});
    }

    const document::TextBlock& m_block;
    const double m_measure;
    const bool m_justify;
    const TextMeasure& m_metrics;
    const ParagraphItems& m_built;
    const std::vector<Item>& m_items;
    const LineBreaks& m_breaks;
    Warnings& m_warnings;
    int m_last_warned_word = -1;
};

}  // namespace

void set_lines(const document::TextBlock& block, double measure,
               const TextMeasure& metrics, const ParagraphItems& built, const LineBreaks& breaks,
               Warnings& warnings, SetParagraph& paragraph) {
    LineSetter(block, measure, metrics, built, breaks, warnings).run(paragraph);
}

}  // namespace protokoll::typeset
