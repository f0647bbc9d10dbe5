// The structure tree as a person reads it (`render --tags`): each element
// that holds content, indented under its parent, with the start of its text
// and the pages it is on. It is the tree finish writes: finish leaves out
// the same empty elements.
#include "typeset/outline.h"

#include "typeset/utf8.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace protokoll::typeset {
namespace {

constexpr size_t EXCERPT_CHARACTERS = 60;

struct Holding {
    std::string text;
    int first_page = 0, last_page = 0;  // 1-based; 0: no content of its own
    bool content = false;               // it or an element under it holds content
};

void append_words(std::string& to, const std::string& words, bool joins) {
    if (words.empty()) return;
    if (!joins && !to.empty() && to.back() != ' ' && words.front() != ' ') to += ' ';
    to += words;
}

void held_on(Holding& holding, int page) {
    if (holding.first_page == 0) holding.first_page = page;
    holding.last_page = page;
}

std::string excerpt(const std::string& text) {
    const std::u32string characters = decode_utf8(text, SourceLocation{});
    if (characters.size() <= EXCERPT_CHARACTERS) return text;
    std::string out;
    for (size_t i = 0; i < EXCERPT_CHARACTERS; ++i) append_utf8(out, characters[i]);
    return out + "\u2026";
}

}  // namespace

std::string structure_outline(const Pages& pages) {
    const std::vector<document::Element>& elements = pages.structure.elements;
    if (elements.empty()) return "(untagged)\n";
    std::vector<Holding> holding(elements.size());
    auto valid = [&](int e) { return e >= 0 && static_cast<size_t>(e) < elements.size(); };
    for (size_t p = 0; p < pages.pages.size(); ++p) {
        const Page& page = pages.pages[p];
        const int number = static_cast<int>(p) + 1;
        for (const GlyphRun& run : page.runs) {
            if (!valid(run.element)) continue;
            append_words(holding[run.element].text, run.has_actual_text() ? *run.actual_text : run.text,
                         run.joins_previous);
            held_on(holding[run.element], number);
        }
        for (const ImageBox& image : page.images)
            if (valid(image.element)) held_on(holding[image.element], number);
        for (const LinkArea& link : page.links)
            if (valid(link.element)) held_on(holding[link.element], number);
        for (const FieldArea& field : page.fields)
            if (valid(field.element)) held_on(holding[field.element], number);
    }
    std::vector<std::vector<int>> kids(elements.size());
    for (size_t e = elements.size(); e-- > 1;) {
        if (holding[e].first_page) holding[e].content = true;
        const int parent = elements[e].parent;
        if (!holding[e].content || !valid(parent) || parent >= static_cast<int>(e)) continue;
        holding[parent].content = true;
    }
    for (size_t e = 1; e < elements.size(); ++e) {
        const int parent = elements[e].parent;
        if (holding[e].content && valid(parent) && parent < static_cast<int>(e)) kids[parent].push_back(static_cast<int>(e));
    }

    std::string out;
    std::function<void(int, int)> print = [&](int e, int depth) {
        const document::Element& element = elements[e];
        const Holding& h = holding[e];
        out.append(static_cast<size_t>(depth) * 2, ' ');
        out += document::role_name(element.role);
        if (!element.alt.empty()) out += " [" + excerpt(element.alt) + "]";
        if (!element.lang.empty()) out += " (" + element.lang + ")";
        if (!h.text.empty()) out += " \u201c" + excerpt(h.text) + "\u201d";
        if (h.first_page) {
            out += "  p. " + std::to_string(h.first_page);
            if (h.last_page != h.first_page) out += "\u2013" + std::to_string(h.last_page);
        }
        out += '\n';
        for (int kid : kids[e]) print(kid, depth + 1);
    };
    print(0, 0);
    return out;
}

}  // namespace protokoll::typeset
