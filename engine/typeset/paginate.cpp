#include "paginate.h"

#include "grouped.h"
#include "hyphenate.h"
#include "paragraph.h"
#include "typeset/utf8.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <memory>

namespace protokoll::typeset {

namespace {

using document::Align;
using document::SignatureRow;
using document::Style;
using document::TextBlock;

constexpr double EPSILON = 1e-6;
// Text is never wrapped when set in a "measure" this wide (names and roles
// under signature fields are one line each).
constexpr double UNLIMITED_MEASURE = 1e9;
// Lines before a signature row that go with it to its page.
constexpr size_t LINES_KEPT_WITH_SIGNATURE = 2;

// Content positioned relative to the top-left corner of the content area:
// x absolute on the page, y relative to the element's top (negative below).
struct Fragment {
    std::vector<GlyphRun> runs;
    std::vector<RuleLine> rules;
    std::vector<LinkArea> links;
    std::vector<FieldArea> fields;
};

// Why a page may not end after an element. Only Widow and Orphan are
// counted in the report when they move a break: Keep is the document's own
// wish (keep_with_next, keep_together, signature block), Hyphen a rule.
// Hyphen: a line that ends inside a word (hyphenated, or after a hyphen of
// the input such as "kompetens-försörjning") never ends a page: the reader
// would turn the page in the middle of a word.
enum class Hold { None, Orphan, Widow, Keep, Hyphen };

// One piece of vertical material.
struct Element {
    enum class Kind { Line, Space, Signature };
    Kind kind = Kind::Line;
    double height = 0;
    bool break_after = true;  // may a page end after this element
    Hold hold = Hold::None;   // why not, when break_after is false
    bool force_break = false; // a page ends after it (the next block begins a page)
    Fragment content;
    SourceLocation where;     // for warnings
};

// How far below the top of a line of `leading` its baseline lies.
double baseline_offset(const TextMeasure& metrics, Face face, double size, double leading) {
    const double ascent = metrics.ascender(face) * size;
    const double descent = -metrics.descender(face) * size;
    return (leading - (ascent + descent)) / 2 + ascent;
}

// Moves the fragment's content onto the page, `dy` lower.
void shift_into(Page& page, Fragment& fragment, double dy) {
    for (GlyphRun& run : fragment.runs) {
        run.y += dy;
        page.runs.push_back(std::move(run));
    }
    for (RuleLine& rule : fragment.rules) {
        rule.y0 += dy;
        rule.y1 += dy;
        page.rules.push_back(rule);
    }
    for (LinkArea& link : fragment.links) {
        link.area.y0 += dy;
        link.area.y1 += dy;
        page.links.push_back(std::move(link));
    }
    for (FieldArea& field : fragment.fields) {
        field.area.y0 += dy;
        field.area.y1 += dy;
        page.fields.push_back(std::move(field));
    }
}

// Moves a set line to (x, baseline y).
void place_line(const SetLine& line, double x, double y, std::vector<GlyphRun>& runs,
                std::vector<LinkArea>& links) {
    for (GlyphRun run : line.runs) {
        run.x += x;
        run.y = y;
        runs.push_back(std::move(run));
    }
    for (LinkArea link : line.links) {
        link.area.x0 += x;
        link.area.x1 += x;
        link.area.y0 += y;
        link.area.y1 += y;
        links.push_back(std::move(link));
    }
}

// The words a document can hand the hyphenator: its justified blocks' text,
// each block's runs joined as build_items joins them into words.
Vocabulary vocabulary_of(const document::Document& document) {
    Vocabulary vocabulary;
    std::string text;
    for (const document::Item& item : document.flow) {
        const auto* block = std::get_if<TextBlock>(&item);
        if (!block || block->style.align != Align::Justify) continue;
        text.clear();
        for (const document::Run& run : block->runs) text += run.line_break ? std::string_view(" ") : run.text;
        vocabulary.add(text);
    }
    return vocabulary;
}

// The first document a process typesets (a render: the only one) loads just
// the hyphenation patterns and words it can use, a tenth of each; the
// documents after it (a batch) share the whole files, loaded once, and each
// thread's Hyphenator with what it remembers (thread_hyphenator).
std::shared_ptr<const Hyphenator> hyphenator_for(const document::Document& document) {
    static std::atomic<bool> first{true};
    const document::Hyphenation& settings = document.hyphenation;
    const bool files = settings.enabled && !(settings.patterns.empty() && settings.word_list.empty());
    if (files && first.exchange(false)) {
        const Vocabulary vocabulary = vocabulary_of(document);
        return std::make_shared<const Hyphenator>(settings, &vocabulary);
    }
    return thread_hyphenator(settings);
}

class Paginator {
public:
    Paginator(const document::Document& document, const TextMeasure& metrics, Warnings& warnings)
        : m_document(document), m_page(document.page), m_metrics(metrics), m_warnings(warnings),
          m_hyphenator(hyphenator_for(document)) {
        m_left = m_page.margin_left;
        m_content_width = m_page.width - m_page.margin_left - m_page.margin_right;
        m_top = m_page.height - m_page.margin_top;
        m_available = m_top - m_page.margin_bottom;
        m_top_first = m_page.height - m_page.margin_top_first;
        m_available_first = m_top_first - m_page.margin_bottom;
    }

    Pages run() {
        Pages pages;
        pages.width = m_page.width;
        pages.height = m_page.height;
        pages.fonts = m_document.fonts;
        pages.metadata = m_document.metadata;
        pages.signing = m_document.signing;
        pages.structure = m_document.structure;

        // Pages are broken as the flow is set, so only the elements not yet
        // on a page are held, and typesetting stops at MAX_PAGES.
        const auto& flow = m_document.flow;
        for (size_t i = 0; i < flow.size(); ++i) {
            if (const auto* block = std::get_if<TextBlock>(&flow[i]))
                add_text_block(*block);
            else
                add_signature_row(std::get<SignatureRow>(flow[i]));
            break_pages(false);
        }
        break_pages(true);
        if (m_pages.empty()) m_pages.emplace_back();  // an empty document still has a page
        pages.pages = std::move(m_pages);
        // After the paragraphs' own warnings, as when pages were broken last.
        m_warnings.insert(m_warnings.end(), m_page_warnings.begin(), m_page_warnings.end());
        const int total = static_cast<int>(pages.pages.size());
        for (int p = 0; p < total; ++p) {
            add_header_and_footer(pages.pages[p], p + 1, total);
            add_images(pages.pages[p], p == 0 ? m_page.first_images : m_page.images);
            // The pages are held through write and finish: without the
            // vectors' spare capacity (a third of a long protocol's peak).
            pages.pages[p].runs.shrink_to_fit();
        }
        m_report.pages = total;
        pages.report = m_report;
        pages.reserved_characters += m_signing_words + m_document.signing.certificate_words;
        return pages;
    }

private:
    void count(const SetParagraph& paragraph, Align align) {
        m_report.words_broken_by_letters += paragraph.words_broken_by_letters;
        for (const SetLine& line : paragraph.lines) {
            ++m_report.lines;
            if (line.hyphenated) ++m_report.hyphenated_lines;
            if (line.fit.overfull) ++m_report.overfull_lines;
            if (align != Align::Justify || line.fit.fill) continue;
            // Shrunk lines have badness <= 100, so this counts loose lines and
            // lines that could not be stretched at all (one word, no gap).
            if (line.fit.badness > UNDERFULL_BADNESS && !line.fit.overfull) ++m_report.underfull_lines;
            m_report.worst_badness = std::max(m_report.worst_badness, line.fit.badness);
        }
    }

    // Text that names no element of its own (a Link inside) is the block's.
    static void own(SetParagraph& paragraph, int element) {
        for (SetLine& line : paragraph.lines)
            for (GlyphRun& run : line.runs)
                if (run.element == document::ARTIFACT) run.element = element;
    }

    void add_space(double height, const SourceLocation& where) {
        if (height <= 0) return;
        Element space;
        space.kind = Element::Kind::Space;
        space.height = height;
        space.break_after = false;  // fixed below by the caller when it ends an item
        space.hold = Hold::Keep;
        space.where = where;
        push(std::move(space));
    }

    void add_text_block(const TextBlock& block) {
        const Style& style = block.style;
        const double measure = m_content_width - block.indent;
        SetParagraph paragraph =
            set_paragraph(block, measure, m_metrics, m_warnings, &m_document.hyphenation, m_hyphenator.get());
        count(paragraph, style.align);
        own(paragraph, block.element);
        const bool boundary = !block.keep_with_next;
        if (block.page_break_before && !m_elements.empty()) {
            m_elements.back().force_break = true;
            m_elements.back().break_after = true;
            m_elements.back().hold = Hold::None;
        }

        add_space(style.space_before, block.where);
        const size_t n = paragraph.lines.size();
        const double baseline = baseline_offset(m_metrics, style.face, style.size, style.leading);
        for (size_t k = 0; k < n; ++k) {
            Element element;
            element.height = style.leading;
            element.where = block.where;
            place_line(paragraph.lines[k], m_left + block.indent, -baseline, element.content.runs,
                       element.content.links);
            if (k == 0 && !block.marker.empty()) {
                // The marker hangs left of the indent on the first line; it is
                // measured only to fail early on a glyph the face lacks.
                for (char32_t c : decode_utf8(block.marker, block.where))
                    m_metrics.advance(style.face, c, block.where);
                GlyphRun marker;
                marker.x = m_left + block.marker_indent;
                marker.y = -baseline;
                marker.face = style.face;
                marker.size = style.size;
                marker.color = style.color;
                marker.text = block.marker;
                marker.element = block.marker_element;
                element.content.runs.insert(element.content.runs.begin(), std::move(marker));
            }
            // At least two lines on each side of a break inside a paragraph
            // (no orphan, no widow); none at all inside a keep_together block.
            const size_t lines_before = k + 1, lines_after = n - k - 1;
            if (lines_after == 0) element.hold = boundary ? Hold::None : Hold::Keep;
            else if (block.keep_together) element.hold = Hold::Keep;
            else if (lines_before < 2) element.hold = Hold::Orphan;
            else if (lines_after < 2) element.hold = Hold::Widow;
            else if (paragraph.lines[k].splits_word) element.hold = Hold::Hyphen;
            element.break_after = element.hold == Hold::None;
            push(std::move(element));
        }
        add_space(style.space_after, block.where);
        end_item(boundary);
    }

    // The last element of an item: a break after it is allowed unless the
    // item is kept with the next one. A heading (keep_with_next) thereby
    // takes at least two lines of the paragraph after it along (its first
    // line is never an orphan), or all of it when it is shorter.
    void end_item(bool boundary) {
        if (m_elements.empty()) return;
        Element& last = m_elements.back();
        last.break_after = boundary;
        last.hold = boundary ? Hold::None : Hold::Keep;
    }

    // One line of text in the row's style, left-aligned at x, baseline y.
    void add_label(const std::string& text, const Style& style, const SourceLocation& where,
                   double x, double y, double width, int element, Fragment& fragment) {
        if (text.empty()) return;
        TextBlock block;
        block.style = style;
        block.style.align = Align::Left;
        block.where = where;
        block.runs.push_back({text, style.face, "", false});
        SetParagraph paragraph = set_paragraph(block, UNLIMITED_MEASURE, m_metrics, m_warnings);
        own(paragraph, element);
        for (const SetLine& line : paragraph.lines) {
            if (line.fit.natural > width + EPSILON)
                m_warnings.push_back({where, "'" + text + "' is wider than its signature column"});
            place_line(line, x, y, fragment.runs, fragment.links);
        }
    }

    void add_signature_row(const SignatureRow& row) {
        const Style& style = row.style;
        const bool boundary = !row.keep_with_next;
        const SourceLocation where = row.slots.empty() ? SourceLocation{} : row.slots.front().where;
        add_space(style.space_before, where);

        const double column = std::min(row.column_width, m_content_width);
        const int per_row = std::max(1, static_cast<int>(std::floor((m_content_width + EPSILON) / column)));
        const double box_width = std::max(column - SIGNATURE_GUTTER, column / 2);
        bool any_role = false;
        for (const auto& slot : row.slots) any_role = any_role || !slot.role.empty();
        const int label_lines = any_role ? 2 : 1;
        const double row_height = row.field_height + label_lines * style.leading;
        const double baseline = baseline_offset(m_metrics, style.face, style.size, style.leading);

        Element element;
        element.kind = Element::Kind::Signature;
        element.where = where;
        const int slots = static_cast<int>(row.slots.size());
        const int rows = (slots + per_row - 1) / per_row;
        for (int s = 0; s < slots; ++s) {
            const auto& slot = row.slots[s];
            const int r = s / per_row, c = s % per_row;
            // A blank line of leading separates wrapped rows, so a box never
            // touches the role printed above it.
            const double top = -r * (row_height + style.leading);
            const double x0 = m_left + c * column;
            Rect box{x0, top - row.field_height, x0 + box_width, top};
            check_field_name(slot);
            element.content.fields.push_back(
                {box, slot.field_name, slot.signing_order, slot.signed_words, slot.element});
            m_signing_words += slot.signed_words;
            RuleLine rule;
            rule.x0 = box.x0;
            rule.x1 = box.x1;
            rule.y0 = rule.y1 = box.y0;
            rule.color = style.color;
            element.content.rules.push_back(rule);
            const double name_y = box.y0 - baseline;
            add_label(slot.name, style, slot.where, x0, name_y, box_width, slot.name_element,
                      element.content);
            add_label(slot.role, style, slot.where, x0, name_y - style.leading, box_width,
                      slot.role_element, element.content);
        }
        element.height = rows == 0 ? 0 : rows * row_height + (rows - 1) * style.leading;
        if (rows > 0) {
            keep_lines_before_signature();
            push(std::move(element));
        }
        add_space(style.space_after, where);
        end_item(boundary);
    }

    // The field's name is the PDF's /T, a string PDF/A-2 limits to 32 767
    // bytes (ISO 19005-2 § 6.1.13); MAX_FIELD_NAME_CHARACTERS keeps it far
    // below, whatever the name's characters.
    static void check_field_name(const document::SignatureSlot& slot) {
        const std::u32string name = decode_utf8(slot.field_name, slot.where);
        if (name.size() <= MAX_FIELD_NAME_CHARACTERS) return;
        std::string start;
        for (size_t k = 0; k < 40; ++k) append_utf8(start, name[k]);
        fail(slot.where, "the signature field \"" + start + "...\" has a name of " + grouped(name.size()) +
                             " characters; the limit is " + grouped(MAX_FIELD_NAME_CHARACTERS),
             {"a signature field is named after its signer; is the name right?"});
    }

    // A signature row never stands alone at the top of a page: the last
    // LINES_KEPT_WITH_SIGNATURE lines before it (whatever items they belong
    // to) go with it.
    void keep_lines_before_signature() {
        size_t lines = 0;
        for (size_t k = m_elements.size(); k-- > 0 && lines < LINES_KEPT_WITH_SIGNATURE;) {
            Element& element = m_elements[k];
            if (element.kind == Element::Kind::Line) ++lines;
            element.break_after = false;
            if (element.hold == Hold::None) element.hold = Hold::Keep;
        }
    }

    // Counts the widow or orphan a page break moved: the break would have
    // come after the last line among the elements that fit ([start,
    // fits_end)), but that line was held for one of these reasons, so the
    // page ends earlier, at `end` (exclusive).
    void count_moved_break(size_t start, size_t fits_end, size_t end) {
        if (end >= fits_end) return;
        size_t k = fits_end;
        while (k > start && m_elements[k - 1].kind == Element::Kind::Space) --k;
        if (k == start || k <= end) return;
        const Hold hold = m_elements[k - 1].hold;
        if (hold == Hold::Widow) ++m_report.widows_avoided;
        else if (hold == Hold::Orphan) ++m_report.orphans_avoided;
    }

    void push(Element&& element) {
        if (element.kind == Element::Kind::Line) {
            m_recent_lines.push_back(m_dropped + m_elements.size());
            if (m_recent_lines.size() > LINES_KEPT_WITH_SIGNATURE) m_recent_lines.pop_front();
        }
        m_elements.push_back(std::move(element));
    }

    // How many of the held elements are final: a later signature row may
    // still hold the break after the last LINES_KEPT_WITH_SIGNATURE lines
    // (keep_lines_before_signature) and whatever follows them, nothing
    // before.
    size_t final_elements() const {
        if (m_recent_lines.size() < LINES_KEPT_WITH_SIGNATURE) return 0;
        return m_recent_lines.front() - m_dropped;
    }

    // Greedy and linear: each page scans forward from its first element to
    // the first that does not fit, then backs up to the last allowed break;
    // the next page starts there, so every element is looked at at most
    // twice. Called after every flow item: a page is made once its scan
    // stays within the final elements, so it is the page breaking all
    // elements at once would make; `at_end` makes the rest.
    void break_pages(bool at_end) {
        for (;;) {
            const size_t n = m_elements.size();
            const size_t ready = at_end ? n : final_elements();
            // Space is discarded at the top of a page.
            size_t i = 0;
            while (i < ready && m_elements[i].kind == Element::Kind::Space) ++i;
            if (i == ready) {
                if (at_end) drop(n);
                return;
            }
            const bool first_page = m_pages.empty();
            const double available = first_page ? m_available_first : m_available;
            const size_t start = i;
            double used = 0;
            size_t last_allowed = SIZE_MAX;
            size_t j = start;
            bool forced = false;
            while (j < n) {
                if (j >= ready) return;  // not final yet: wait for more of the flow
                const double height = m_elements[j].height;
                if (j > start && used + height > available + EPSILON) break;
                used += height;
                if (m_elements[j].break_after) last_allowed = j;
                ++j;
                if (m_elements[j - 1].force_break) {
                    forced = true;
                    break;
                }
            }
            size_t end;  // exclusive
            if (j == n || forced) {
                end = j;
            } else if (last_allowed != SIZE_MAX) {
                end = last_allowed + 1;
                count_moved_break(start, j, end);
            } else {
                end = j;
                m_page_warnings.push_back({m_elements[j].where,
                                           "no allowed page break fits on page " +
                                               std::to_string(m_pages.size() + 1) +
                                               " (a keep-with-next chain or signature row taller "
                                               "than the page); broken where it overflows"});
            }
            if (used > available + EPSILON && end == start + 1)
                m_page_warnings.push_back({m_elements[start].where,
                                           "an item taller than the page overflows page " +
                                               std::to_string(m_pages.size() + 1)});
            add_page(start, end, first_page ? m_top_first : m_top);
            drop(end);
        }
    }

    void add_page(size_t start, size_t end, double top) {
        if (m_pages.size() >= static_cast<size_t>(MAX_PAGES))
            fail(m_elements[start].where,
                 "the protocol would have more than " + grouped(MAX_PAGES) +
                     " pages (page " + grouped(MAX_PAGES + 1) + " would start here); the limit is " +
                     grouped(MAX_PAGES));
        Page page;
        size_t runs = 0;
        for (size_t k = start; k < end; ++k) runs += m_elements[k].content.runs.size();
        page.runs.reserve(runs);
        double y = top;
        for (size_t k = start; k < end; ++k) {
            shift_into(page, m_elements[k].content, y);
            y -= m_elements[k].height;
        }
        m_pages.push_back(std::move(page));
    }

    // Forgets the first `count` held elements (on a page, or space at its top).
    void drop(size_t count) {
        m_elements.erase(m_elements.begin(), m_elements.begin() + static_cast<std::ptrdiff_t>(count));
        m_dropped += count;
    }

    TextBlock with_page_numbers(const TextBlock& block, int page, int pages) {
        TextBlock copy = block;
        for (auto& run : copy.runs) run.text = substitute_page_numbers(run.text, page, pages);
        copy.marker = substitute_page_numbers(copy.marker, page, pages);
        return copy;
    }

    void add_images(Page& page, const std::vector<document::Image>& images) {
        for (const document::Image& image : images)
            page.images.push_back(
                {{image.x, image.y, image.x + image.width, image.y + image.height}, image.path,
                 image.element});
    }

    void add_header_and_footer(Page& page, int number, int total) {
        double y = m_page.height - m_page.header_top;
        for (const TextBlock& header : number == 1 ? m_page.first_header : m_page.header) {
            const TextBlock block = with_page_numbers(header, number, total);
            SetParagraph paragraph =
                set_paragraph(block, m_content_width - block.indent, m_metrics, m_warnings);
            for (const SetLine& line : paragraph.lines) {
                place_line(line, m_left + block.indent, y, page.runs, page.links);
                y -= block.style.leading;
            }
        }
        const TextBlock footer = with_page_numbers(m_page.footer, number, total);
        SetParagraph paragraph =
            set_paragraph(footer, m_content_width - footer.indent, m_metrics, m_warnings);
        // The last footer line sits on footer_bottom; more lines stack upwards.
        const size_t n = paragraph.lines.size();
        for (size_t k = 0; k < n; ++k) {
            const double baseline = m_page.footer_bottom + (n - 1 - k) * footer.style.leading;
            place_line(paragraph.lines[k], m_left + footer.indent, baseline, page.runs, page.links);
        }
    }

    const document::Document& m_document;
    const document::PageTemplate& m_page;
    const TextMeasure& m_metrics;
    Warnings& m_warnings;
    const std::shared_ptr<const Hyphenator> m_hyphenator;  // for the flow's justified text
    double m_left = 0, m_content_width = 0, m_top = 0, m_available = 0;
    double m_top_first = 0, m_available_first = 0;  // page 1 may have another top margin
    std::deque<Element> m_elements;  // set, not yet on a page
    size_t m_dropped = 0;            // elements before m_elements[0], all on pages
    // Where the last LINES_KEPT_WITH_SIGNATURE line elements are, counted
    // from the first element of the document.
    std::deque<size_t> m_recent_lines;
    std::vector<Page> m_pages;
    Warnings m_page_warnings;  // added after the paragraphs' warnings
    Report m_report;
    std::string m_signing_words;  // every field's signed_words, for Pages::reserved_characters
};

}  // namespace

std::string substitute_page_numbers(const std::string& text, int page, int pages) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 6, "{page}") == 0) {
            out += std::to_string(page);
            i += 6;
        } else if (text.compare(i, 7, "{pages}") == 0) {
            out += std::to_string(pages);
            i += 7;
        } else {
            out += text[i++];
        }
    }
    return out;
}

Pages paginate(const document::Document& document, const TextMeasure& metrics,
               Warnings& warnings) {
    return Paginator(document, metrics, warnings).run();
}

}  // namespace protokoll::typeset
