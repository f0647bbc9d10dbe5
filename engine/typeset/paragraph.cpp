#include "typeset/paragraph.h"

#include "typeset/utf8.h"

#include <cstdio>
#include <optional>

namespace protokoll::typeset {

namespace {

using document::Align;

struct Char {
    char32_t c;
    Face face;
    int link;
    double width;
};

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r'; }
bool is_dash(char32_t c) { return c == U'-' || c == U'\u2013'; }
// A line may end after an en dash, never after a hyphen-minus: text
// extractors (poppler's pdftotext among them) take a hyphen-minus at a line
// end for a hyphenation and join the two lines' words, so "Vinnova-finansierat"
// would come back as "Vinnovafinansierat" and "boende- och" as "boendeoch".
bool line_may_end_after(char32_t c) { return c == U'\u2013'; }
bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_ascii_punctuation(char32_t c) {
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
}

// May a line end after the dash `dash`, between `before` and `after`?
// Only inside a word: both neighbours must be word characters, and not both
// digits (dates and number ranges stay whole, as Swedish typesetting wants).
bool dash_breakable(char32_t before, char32_t after) {
    auto word_char = [](char32_t c) {
        return !is_space(c) && !is_dash(c) && !is_ascii_punctuation(c) && c != U'\u00A0';
    };
    return word_char(before) && word_char(after) && !(is_digit(before) && is_digit(after));
}

std::string format_pt(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

class ItemBuilder {
public:
    ItemBuilder(double measure, const SourceLocation& where, Warnings& warnings)
        : m_measure(measure), m_where(where), m_warnings(warnings) {}

    ParagraphItems& result() { return m_result; }

    void add_char(const Char& ch) {
        if (m_pending_space) {
            if (m_box_on_line) {
                const double w = *m_pending_space;
                // "äldreomsorgs- och": the space after a suspended compound never breaks.
                if (m_last_char == U'-') m_result.items.push_back(Item::penalty_item(INFINITE_PENALTY));
                m_result.items.push_back(Item::glue(w, w * SPACE_STRETCH, w * SPACE_SHRINK));
            }
            m_pending_space.reset();
        }
        if (m_piece.size() >= 2 && line_may_end_after(m_piece.back().c) &&
            dash_breakable(m_piece[m_piece.size() - 2].c, ch.c)) {
            flush_piece();
            m_result.items.push_back(Item::penalty_item(DASH_PENALTY, true));
        }
        m_piece.push_back(ch);
        m_last_char = ch.c;
    }

    void add_space(double width) {
        flush_piece();
        if (!m_pending_space) m_pending_space = width;
    }

    void add_forced_break() {
        flush_piece();
        m_pending_space.reset();
        append_paragraph_end(m_result.items);
        m_box_on_line = false;
        m_result.empty = false;
    }

    void finish() {
        flush_piece();
        m_pending_space.reset();
        // A forced break at the very end already ends the paragraph; another
        // end would add an empty line.
        if (m_box_on_line || m_result.items.empty()) append_paragraph_end(m_result.items);
    }

private:
    void flush_piece() {
        if (m_piece.empty()) return;
        double width = 0;
        for (const Char& ch : m_piece) width += ch.width;
        // A piece wider than the line can only be broken between letters:
        // the last resort, so say so.
        const bool by_letters = width > m_measure && m_piece.size() > 1;
        if (by_letters) {
            std::string word;
            for (const Char& ch : m_piece) append_utf8(word, ch.c);
            m_warnings.push_back({m_where, "the word '" + word + "' is wider than the line (" +
                                               format_pt(width) + " pt > " +
                                               format_pt(m_measure) +
                                               " pt); it is broken between letters"});
        }
        size_t i = 0;
        while (i < m_piece.size()) {
            Segment segment;
            segment.face = m_piece[i].face;
            segment.link = m_piece[i].link;
            size_t j = i;
            while (j < m_piece.size() && m_piece[j].face == segment.face &&
                   m_piece[j].link == segment.link && (j == i || !by_letters)) {
                append_utf8(segment.text, m_piece[j].c);
                segment.width += m_piece[j].width;
                ++j;
            }
            if (by_letters && i > 0)
                m_result.items.push_back(Item::penalty_item(LETTER_BREAK_PENALTY));
            m_result.items.push_back(
                Item::box(segment.width, static_cast<int>(m_result.segments.size())));
            m_result.segments.push_back(std::move(segment));
            i = j;
        }
        m_piece.clear();
        m_box_on_line = true;
        m_result.empty = false;
    }

    double m_measure;
    const SourceLocation& m_where;
    Warnings& m_warnings;
    ParagraphItems m_result;
    std::vector<Char> m_piece;            // the word piece being collected
    std::optional<double> m_pending_space;  // width of a space not yet emitted
    bool m_box_on_line = false;           // spaces before the first box are dropped
    char32_t m_last_char = 0;             // the last character added, for the space after it
};

}  // namespace

ParagraphItems build_items(const std::vector<document::Run>& runs, double size, double measure,
                           const TextMeasure& metrics, const SourceLocation& where,
                           Warnings& warnings) {
    ItemBuilder builder(measure, where, warnings);
    auto& links = builder.result().links;
    for (const document::Run& run : runs) {
        if (run.line_break) {
            builder.add_forced_break();
            continue;
        }
        int link = -1;
        if (!run.link.empty()) {
            // Consecutive runs with the same URI form one link.
            if (links.empty() || links.back() != run.link) links.push_back(run.link);
            link = static_cast<int>(links.size() - 1);
        }
        for (char32_t c : decode_utf8(run.text, where)) {
            if (is_space(c)) {
                builder.add_space(metrics.advance(run.face, U' ', where) * size);
            } else {
                builder.add_char({c, run.face, link, metrics.advance(run.face, c, where) * size});
            }
        }
    }
    builder.finish();
    return std::move(builder.result());
}

SetParagraph set_paragraph(const document::TextBlock& block, double measure,
                           const TextMeasure& metrics, Warnings& warnings) {
    SetParagraph paragraph;
    const double size = block.style.size;
    ParagraphItems built = build_items(block.runs, size, measure, metrics, block.where, warnings);
    if (built.empty) return paragraph;
    const std::vector<Item>& items = built.items;
    const bool justify = block.style.align == Align::Justify;
    LineBreaks breaks = justify ? break_justified(items, measure)
                                : break_first_fit(items, measure, Shrink::No);
    paragraph.method = breaks.method;

    size_t start = 0;
    for (size_t end : breaks.breaks) {
        SetLine line;
        line.fit = fit_line(items, start, end, measure, justify);
        line.dash_end = items[end].kind == Item::Kind::Penalty && items[end].flagged;
        const double ratio = line.fit.ratio;
        double x = 0;
        bool previous_was_box = false;
        int open_link = -1;
        Rect link_area;
        auto close_link = [&] {
            if (open_link >= 0) line.links.push_back({link_area, built.links[open_link]});
            open_link = -1;
        };
        for (size_t i = start; i < end; ++i) {
            const Item& item = items[i];
            if (item.kind == Item::Kind::Glue) {
                x += item.width + (ratio > 0 ? ratio * item.stretch : ratio * item.shrink);
                previous_was_box = false;
            } else if (item.kind == Item::Kind::Box) {
                const Segment& segment = built.segments[item.payload];
                // Pieces of one word in one face are drawn as one run; a
                // gap (glue) always starts a new run, so text extraction sees
                // the space.
                if (previous_was_box && !line.runs.empty() && line.runs.back().face == segment.face) {
                    line.runs.back().text += segment.text;
                } else {
                    GlyphRun run;
                    run.x = x;
                    run.face = segment.face;
                    run.size = size;
                    run.color = block.style.color;
                    run.text = segment.text;
                    line.runs.push_back(std::move(run));
                }
                if (segment.link >= 0) {
                    if (open_link != segment.link) {
                        close_link();
                        open_link = segment.link;
                        link_area.x0 = x;
                        link_area.y0 = metrics.descender(segment.face) * size;
                        link_area.y1 = metrics.ascender(segment.face) * size;
                    }
                    link_area.x1 = x + segment.width;
                } else {
                    close_link();
                }
                x += segment.width;
                previous_was_box = true;
            }
        }
        close_link();
        // Align within the measure. Justified lines already fill it, except
        // the last line and lines ending at a forced break (fill glue), which
        // are set flush left like TeX's.
        double shift = 0;
        if (block.style.align == Align::Right) shift = measure - x;
        if (block.style.align == Align::Center) shift = (measure - x) / 2;
        if (shift != 0) {
            for (auto& run : line.runs) run.x += shift;
            for (auto& link : line.links) {
                link.area.x0 += shift;
                link.area.x1 += shift;
            }
        }
        if (line.fit.overfull) {
            std::string text;
            for (const auto& run : line.runs) text += (text.empty() ? "" : " ") + run.text;
            warnings.push_back({block.where, "overfull line (" +
                                                 format_pt(line.fit.natural - line.fit.shrink - measure) +
                                                 " pt too wide): '" + text + "'"});
        }
        paragraph.lines.push_back(std::move(line));
        start = line_start(items, end);
    }
    return paragraph;
}

}  // namespace protokoll::typeset
