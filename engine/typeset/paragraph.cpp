#include "paragraph.h"

#include "grouped.h"
#include "set_lines.h"

#include "typeset/utf8.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>

namespace protokoll::typeset {

namespace {

using document::Align;

struct Char {
    char32_t c;
    Face face;
    int link;
    double width;
    bool hyphenate;           // from Run::hyphenate
    int element;              // from Run::element
    bool soft_after = false;  // a U+00AD followed this character in the input
};

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r'; }
bool is_dash(char32_t c) { return c == U'-' || c == U'\u2013'; }
// A line may end after an en dash without more ado. After a hyphen-minus of
// the input it may too, but poppler's pdftotext takes a hyphen-minus (and an
// ActualText "-") at a line end for a hyphenation and joins the two lines'
// words without it ("Vinnovafinansierat"), and U+2010 or U+2011 drawn there
// come back as themselves with a line break. What works (tried with
// pdftotext 22.12): /ActualText on the first half saying the whole word and
// an empty /ActualText on the second half; set_paragraph does that
// (GlyphRun::actual_text). Such breaks are Cut::RealHyphen below.
bool line_may_end_after(char32_t c) { return c == U'\u2013'; }
bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_ascii_punctuation(char32_t c) {
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
}
// After these a word wider than the line may break (URLs, paths, e-mail).
bool is_url_break_after(char32_t c) {
    return c == U'/' || c == U'.' || c == U'-' || c == U'?' || c == U'&' || c == U'=' || c == U'_';
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


// ---- ties -----------------------------------------------------------------
//
// A space is a tie (no line may end there) when the line break would
// separate what a reader takes in as one thing (Svenska skrivregler,
// Språkrådet, "fast mellanslag"):
//  - "§ 93", "§§ 93–95": the sign and its number;
//  - digit groups: "8 200", "92 093", "1 200 000" (a group of 1–3 digits
//    followed by exactly three digits);
//  - a number and its unit or month: "8 200 kr", "7,7 mkr", "60 %",
//    "15 feb", "31 oktober" (UNITS below);
//  - "äldreomsorgs- och": the space after a suspended compound.

// Lower-case units and months a number is tied to. Short on purpose: what
// protocols write after numbers; anything else breaks normally.
const char32_t* const UNITS[] = {
    U"kr", U"kronor", U"tkr", U"mkr", U"mnkr", U"mdkr", U"miljoner", U"miljarder", U"miljon",
    U"%", U"procent", U"st", U"st.", U"år", U"dagar", U"timmar", U"tim", U"h", U"min",
    U"km", U"m", U"m²", U"kvm", U"kg", U"ton", U"°c", U"sek", U"eur",
    U"jan", U"feb", U"mar", U"apr", U"maj", U"jun", U"jul", U"aug", U"sep", U"sept", U"okt",
    U"nov", U"dec", U"januari", U"februari", U"mars", U"april", U"juni", U"juli", U"augusti",
    U"september", U"oktober", U"november", U"december"};

std::u32string lower_ascii_latin1(std::u32string s) {
    for (char32_t& c : s)
        if ((c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) c += 0x20;
    return s;
}

bool all_digits(const std::u32string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

bool is_tie(const std::u32string& before, const std::u32string& after) {
    if (before.empty() || after.empty()) return false;
    if (before.back() == U'-') return true;
    if ((before == U"§" || before == U"§§") && is_digit(after[0])) return true;
    if (all_digits(before) && before.size() <= 3 && after.size() >= 3 && is_digit(after[0]) &&
        is_digit(after[1]) && is_digit(after[2]) && (after.size() == 3 || !is_digit(after[3])))
        return true;
    if (is_digit(before.back())) {
        std::u32string unit = lower_ascii_latin1(after);
        while (unit.size() > 1 && (unit.back() == U',' || unit.back() == U';' || unit.back() == U':' ||
                                   unit.back() == U')' || (unit.back() == U'.' && unit != U"st.")))
            unit.pop_back();
        for (const char32_t* u : UNITS)
            if (unit == u) return true;
    }
    return false;
}

// ---- items ----------------------------------------------------------------

std::u32string text_of(const std::vector<Char>& chars) {
    std::u32string s;
    for (const Char& ch : chars) s.push_back(ch.c);
    return s;
}

// Turns the paragraph's words, spaces and forced breaks into items as they
// come, one word at a time: only the word being read is held as characters.
class ItemBuilder {
public:
    ItemBuilder(double size, double measure, const TextMeasure& metrics, const SourceLocation& where,
                const Hyphenator* hyphenator)
        : m_size(size), m_measure(measure), m_metrics(metrics), m_where(where),
          m_hyphenator(hyphenator) {}

    ParagraphItems& result() { return m_result; }

    void word(const std::vector<Char>& chars) {
        std::u32string text = text_of(chars);
        if (m_pending_space) {
            // Only between two words of one line: spaces at a line's start
            // or end are dropped.
            if (is_tie(m_previous_word, text)) m_result.items.push_back(Item::penalty_item(INFINITE_PENALTY));
            const double w = m_pending_width;
            m_result.items.push_back(Item::glue(w, w * SPACE_STRETCH, w * SPACE_SHRINK));
            m_pending_space = false;
        }
        add_word(chars, text);
        m_previous_word = std::move(text);
        m_after_word = true;
    }

    // One gap between words (the caller merges a run of spaces).
    void space(double width) {
        m_pending_space = m_after_word && m_box_on_line;
        m_pending_width = width;
        m_after_word = false;
    }

    void line_break() {
        m_pending_space = m_after_word = false;
        append_paragraph_end(m_result.items);
        m_box_on_line = false;
        m_result.empty = false;
    }

    void finish() {
        // A forced break at the very end already ends the paragraph; another
        // end would add an empty line.
        if (m_box_on_line || m_result.items.empty()) append_paragraph_end(m_result.items);
    }

private:
    enum class Cut { None, Dash, RealHyphen, Hyphen, WeakHyphen, Url, Letter };

    // `text`: the word's code points (text_of(chars)), which word() has already.
    void add_word(const std::vector<Char>& chars, const std::u32string& text) {
        const size_t n = chars.size();
        if (n == 0) return;
        const std::vector<double> kern = kerns(chars);
        std::vector<Cut> cut = word_cuts(chars, text);
        // A piece between break points that is wider than the line gets
        // the last resorts: first URL points; a piece still too wide after
        // that also gets letters.
        widen(chars, kern, Cut::Url, cut);
        widen(chars, kern, Cut::Letter, cut);
        std::string utf8;
        for (const Char& ch : chars) append_utf8(utf8, ch.c);
        const auto word = std::make_shared<const std::string>(std::move(utf8));
        add_boxes(chars, kern, cut, word);
        m_box_on_line = true;
        m_result.empty = false;
        ++m_word_count;
    }

    // kern[i]: between chars[i] and chars[i + 1], when both are in one face
    // (none across a face change).
    std::vector<double> kerns(const std::vector<Char>& chars) const {
        std::vector<double> kern(chars.size(), 0);
        for (size_t i = 0; i + 1 < chars.size(); ++i)
            if (chars[i].face == chars[i + 1].face)
                kern[i] = m_metrics.kerning(chars[i].face, chars[i].c, chars[i + 1].c) * m_size;
        return kern;
    }

    // cut[i]: a break opportunity after chars[i] at a dash, a hyphen of the
    // input or a hyphenation point.
    std::vector<Cut> word_cuts(const std::vector<Char>& chars, const std::u32string& text) const {
        const size_t n = chars.size();
        const std::u32string lowered = lower_ascii_latin1(text);
        const bool url_like = lowered.find(U"://") != std::u32string::npos ||
                              lowered.find(U"www.") != std::u32string::npos ||
                              lowered.find(U'@') != std::u32string::npos;
        std::vector<Cut> cut(n, Cut::None);
        for (size_t i = 1; i + 1 < n; ++i) {
            if (!dash_breakable(chars[i - 1].c, chars[i + 1].c)) continue;
            if (line_may_end_after(chars[i].c)) cut[i] = Cut::Dash;
            // A hyphen in the input breaks too; extraction is kept exact by
            // /ActualText (set_paragraph). Not in URLs and e-mail addresses,
            // where the long-word rules decide.
            if (chars[i].c == U'-' && !url_like) cut[i] = Cut::RealHyphen;
        }
        std::vector<size_t> weak;
        for (size_t k : hyphenation_points(chars, weak))
            if (k > 0 && k < n && cut[k - 1] == Cut::None) cut[k - 1] = Cut::Hyphen;
        for (size_t k : weak)
            if (k > 0 && k < n && cut[k - 1] == Cut::Hyphen) cut[k - 1] = Cut::WeakHyphen;
        return cut;
    }

    // Soft hyphens when the word has any, else the hyphenator's points; none
    // when part of the word is in a run that is not hyphenated.
    std::vector<size_t> hyphenation_points(const std::vector<Char>& chars, std::vector<size_t>& weak) const {
        std::u32string typed;
        bool any_soft = false;
        for (const Char& ch : chars) {
            typed.push_back(ch.c);
            if (ch.soft_after) {
                typed.push_back(SOFT_HYPHEN);
                any_soft = true;
            }
        }
        const bool all_hyphenate =
            std::all_of(chars.begin(), chars.end(), [](const Char& ch) { return ch.hyphenate; });
        std::vector<size_t> points;
        if (any_soft && all_hyphenate) {
            strip_soft_hyphens(typed, &points);
        } else if (m_hyphenator && all_hyphenate) {
            points = m_hyphenator->points(typed, &weak);
        }
        return points;
    }

    // Gives every piece between cuts that is wider than the line the cuts of
    // `kind` (URL points, or between any two letters).
    void widen(const std::vector<Char>& chars, const std::vector<double>& kern, Cut kind,
               std::vector<Cut>& cut) const {
        const size_t n = chars.size();
        size_t piece_start = 0;
        double piece_width = 0;
        for (size_t i = 0; i < n; ++i) {
            piece_width += chars[i].width + kern[i];
            if (i + 1 < n && cut[i] == Cut::None) continue;
            if (piece_width > m_measure && i > piece_start) {
                for (size_t j = piece_start; j < i; ++j) {
                    if (kind == Cut::Url && is_url_break_after(chars[j].c)) cut[j] = Cut::Url;
                    if (kind == Cut::Letter && cut[j] == Cut::None) cut[j] = Cut::Letter;
                }
            }
            piece_start = i + 1;
            piece_width = 0;
        }
    }

    // The word's boxes, cut at every break opportunity, kerned pair and face
    // or link change, with a penalty at each break opportunity.
    void add_boxes(const std::vector<Char>& chars, const std::vector<double>& kern,
                   const std::vector<Cut>& cut, const std::shared_ptr<const std::string>& word) {
        const size_t n = chars.size();
        Segment segment;
        bool open = false;
        for (size_t i = 0; i < n; ++i) {
            const Char& ch = chars[i];
            if (!open) {
                segment = Segment{};
                segment.face = ch.face;
                segment.link = ch.link;
                segment.element = ch.element;
                open = true;
            }
            append_utf8(segment.text, ch.c);
            segment.width += ch.width;
            const bool last = i + 1 == n;
            const bool boundary = last || cut[i] != Cut::None || kern[i] != 0 ||
                                  chars[i + 1].face != ch.face || chars[i + 1].link != ch.link ||
                                  chars[i + 1].element != ch.element;
            if (!boundary) continue;
            segment.kern_after = kern[i];
            segment.width += kern[i];
            m_result.items.push_back(Item::box(segment.width, static_cast<int>(m_result.segments.size())));
            m_result.segments.push_back(std::move(segment));
            open = false;
            if (!last && cut[i] != Cut::None) add_break(cut[i], ch, kern[i], word);
        }
    }

    // The penalty of a break inside a word after `ch`, and its note.
    void add_break(Cut kind, const Char& ch, double kern, const std::shared_ptr<const std::string>& word) {
        BreakNote note;
        note.word = word;
        note.word_id = m_word_count;
        double penalty = DASH_PENALTY;
        bool flagged = true;
        // Broken here, the kern to the next character is not on this line.
        double penalty_width = -kern;
        switch (kind) {
            case Cut::RealHyphen:
                note.real_hyphen = true;
                break;
            case Cut::Hyphen:
            case Cut::WeakHyphen:
                penalty = kind == Cut::WeakHyphen ? WEAK_HYPHEN_PENALTY : HYPHEN_PENALTY;
                note.hyphen = true;
                penalty_width += m_metrics.advance(ch.face, U'-', m_where) * m_size;
                break;
            case Cut::Url:
                penalty = URL_BREAK_PENALTY;
                flagged = false;
                note.url = true;
                break;
            case Cut::Letter:
                penalty = LETTER_BREAK_PENALTY;
                flagged = false;
                note.letters = true;
                break;
            default:
                break;
        }
        Item item = Item::penalty_item(penalty, flagged, penalty_width);
        item.payload = static_cast<int>(m_result.notes.size());
        m_result.notes.push_back(std::move(note));
        m_result.items.push_back(item);
    }

    double m_size;
    double m_measure;
    const TextMeasure& m_metrics;
    const SourceLocation& m_where;
    const Hyphenator* m_hyphenator;
    ParagraphItems m_result;
    bool m_box_on_line = false;  // spaces before the first box are dropped
    int m_word_count = 0;
    // The gap after the last word, made glue only when another word follows.
    std::u32string m_previous_word;
    bool m_after_word = false;
    bool m_pending_space = false;
    double m_pending_width = 0;
};

}  // namespace

ParagraphItems build_items(const std::vector<document::Run>& runs, double size, double measure,
                           const TextMeasure& metrics, const SourceLocation& where,
                           Warnings& warnings, const Hyphenator* hyphenator) {
    (void)warnings;  // words wider than the line are reported where they are broken
    size_t characters = 0;
    for (const document::Run& run : runs)
        for (unsigned char byte : run.text) characters += (byte & 0xC0) != 0x80;
    if (characters > MAX_PARAGRAPH_CHARACTERS)
        fail(where,
             "the paragraph has " + grouped(characters) + " characters; the limit is " +
                 grouped(MAX_PARAGRAPH_CHARACTERS),
             {"split the text into several paragraphs"});
    ItemBuilder builder(size, measure, metrics, where, hyphenator);
    auto& links = builder.result().links;
    std::vector<Char> word;  // the word being read
    bool after_space = false;
    auto end_word = [&] {
        if (word.empty()) return;
        builder.word(word);
        word.clear();
    };
    for (const document::Run& run : runs) {
        if (run.line_break) {
            end_word();
            builder.line_break();
            after_space = false;
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
                // One space per gap: the first one's face gives its width.
                if (!after_space) {
                    end_word();
                    builder.space(metrics.advance(run.face, U' ', where) * size);
                    after_space = true;
                }
            } else if (c == SOFT_HYPHEN) {
                // Never drawn unless broken at (then as '-'), never sent to the PDF.
                if (!word.empty()) word.back().soft_after = true;
            } else {
                word.push_back({c, run.face, link, metrics.advance(run.face, c, where) * size,
                                run.hyphenate, run.element});
                after_space = false;
            }
        }
    }
    end_word();
    builder.finish();
    return std::move(builder.result());
}

// Built once per thread rather than per paragraph or document (building
// lowercases every exception, a few hundred names; and it remembers each
// word part's points, which a batch's protocols share). Rebuilt when the
// settings differ from the last ones seen.
std::shared_ptr<const Hyphenator> thread_hyphenator(const document::Hyphenation& settings) {
    struct Cache {
        document::Hyphenation settings;
        std::shared_ptr<const Hyphenator> hyphenator;
    };
    thread_local Cache cache;
    const document::Hyphenation& old = cache.settings;
    const bool same = cache.hyphenator && old.enabled == settings.enabled &&
                      old.patterns == settings.patterns && old.word_list == settings.word_list &&
                      old.left_min == settings.left_min && old.right_min == settings.right_min &&
                      old.exceptions == settings.exceptions;
    if (!same) {
        cache.hyphenator = std::make_shared<const Hyphenator>(settings);
        cache.settings = settings;
    }
    return cache.hyphenator;
}

SetParagraph set_paragraph(const document::TextBlock& block, double measure,
                           const TextMeasure& metrics, Warnings& warnings,
                           const document::Hyphenation* hyphenation, const Hyphenator* given) {
    SetParagraph paragraph;
    const bool justify = block.style.align == Align::Justify;
    const std::shared_ptr<const Hyphenator> shared =
        hyphenation && justify && !given ? thread_hyphenator(*hyphenation) : nullptr;
    const Hyphenator* hyphenator = hyphenation && justify ? (given ? given : shared.get()) : nullptr;
    ParagraphItems built =
        build_items(block.runs, block.style.size, measure, metrics, block.where, warnings, hyphenator);
    if (built.empty) return paragraph;
    if (justify) {
        // Font expansion: every box, and a hyphen drawn at a break, may be
        // widened or narrowed by EXPANSION_LIMIT of its width.
        for (Item& item : built.items) {
            if (item.kind == Item::Kind::Glue) continue;
            item.stretch = item.shrink = item.width * EXPANSION_LIMIT;
        }
    }
    BreakParams params;
    params.max_ratio = JUSTIFIED_MAX_RATIO;
    params.max_consecutive_flagged = hyphenation ? hyphenation->max_consecutive : 2;
    const LineBreaks breaks = justify ? break_justified(built.items, measure, params)
                                      : break_first_fit(built.items, measure, Shrink::No);
    paragraph.method = breaks.method;
    set_lines(block, measure, metrics, built, breaks, warnings, paragraph);
    return paragraph;
}

}  // namespace protokoll::typeset
