// Parser: rich text (paragraphs, lists nested two deep, inline runs).
#include "parser.h"

namespace protokoll::parse {

namespace {

using model::Block;
using model::Inline;
using model::ListItem;

bool same_format(const Inline& a, const Inline& b) {
    return a.kind == b.kind && a.strong == b.strong && a.emphasis == b.emphasis && a.link == b.link &&
           a.href == b.href && a.lang == b.lang && a.confidential == b.confidential;
}

void trim_trailing_space(std::vector<Inline>& runs) {
    while (!runs.empty() && runs.back().kind == Inline::Kind::Text) {
        std::string& t = runs.back().text;
        while (!t.empty() && t.back() == ' ') t.pop_back();
        if (!t.empty()) return;
        runs.pop_back();
    }
}

Inline run_of(const std::string& text, const Format& format) {
    Inline run;
    run.text = text;
    run.strong = format.strong;
    run.emphasis = format.emphasis;
    run.link = format.link;
    run.href = format.href;
    run.lang = format.lang;
    run.confidential = format.confidential;
    run.grounds = format.grounds;
    return run;
}

const char* const k_li_content =
    "a <li> holds inline content, then at most one <ul> or <ol>, last; or <p> paragraphs with lists between them";

}  // namespace

// Collapses white space across runs and trims it at the block's start
// and end and around line breaks; merges runs that look the same. The
// block's text is then held to the text limits as a whole.
std::vector<Inline> Parser::normalize(const std::vector<Inline>& raw, const SourceLocation& where) const {
    std::vector<Inline> out;
    bool at_line_start = true;
    for (const Inline& run : raw) {
        if (run.kind == Inline::Kind::LineBreak) {
            trim_trailing_space(out);
            out.push_back(run);
            at_line_start = true;
            continue;
        }
        std::string t = collapse(run.text);
        bool after_space = at_line_start || (!out.empty() && out.back().kind == Inline::Kind::Text &&
                                             !out.back().text.empty() && out.back().text.back() == ' ');
        if (after_space && !t.empty() && t[0] == ' ') t.erase(0, 1);
        if (t.empty()) continue;
        if (!out.empty() && same_format(out.back(), run)) {
            out.back().text += t;
        } else {
            Inline copy = run;
            copy.text = t;
            out.push_back(copy);
        }
        at_line_start = false;
    }
    trim_trailing_space(out);
    std::string all;
    for (const Inline& run : out) all += run.kind == Inline::Kind::LineBreak ? std::string(" ") : run.text;
    check_text_limits(all, where);
    return out;
}

namespace {

// A language tag as BCP 47 spells its common forms: a primary language of
// 2–3 letters, then subtags of 1–8 letters or digits ("en", "en-GB",
// "sr-Latn", "de-CH-1996"). Checked for form, not against the registry.
bool language_tag(const std::string& tag) {
    size_t start = 0;
    for (size_t part = 0;; ++part) {
        size_t end = tag.find('-', start);
        if (end == std::string::npos) end = tag.size();
        const size_t length = end - start;
        if (part == 0 ? (length < 2 || length > 3) : (length < 1 || length > 8)) return false;
        for (size_t i = start; i < end; ++i) {
            const char c = tag[i];
            const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (part == 0 || c < '0' || c > '9')) return false;
        }
        if (end == tag.size()) return true;
        start = end + 1;
    }
}

}  // namespace

// The formatting inside inline element `c` (<em>, <strong>, <a>, <span>);
// any other element is an error.
Format Parser::inline_element(const XMLElement* c, const XMLElement* parent, const Format& format,
                              bool list_ends) const {
    std::string name = c->Name();
    Format inner = format;
    if (name == "em") {
        allow_attributes(c, {});
        inner.emphasis = true;
    } else if (name == "strong") {
        allow_attributes(c, {});
        inner.strong = true;
    } else if (name == "a") {
        allow_attributes(c, {"href"});
        if (format.link) error(c, "a link inside a link");
        inner.link = true;
        inner.href = trim(optional(c, "href").value_or(""));
    } else if (name == "span") {
        allow_attributes(c, {"lang"});
        const std::string lang = required(c, "lang");
        if (!language_tag(lang))
            error(c, "lang=\"" + lang + "\" is not a language tag", {"expected a BCP 47 tag such as en, en-GB or de-CH"});
        inner.lang = lang;
    } else if (name == "confidential") {
        allow_attributes(c, {"grounds"});
        if (format.confidential) error(c, "<confidential> inside <confidential>");
        inner.confidential = ++m_confidential;
        inner.grounds = grounds(c, true);
    } else {
        std::vector<std::string> allowed = {"em", "strong", "a", "span", "confidential", "br"};
        if (list_ends) allowed.insert(allowed.end(), {"ul", "ol"});
        error(c, "unknown element " + tag(name) + " in " + tag(parent->Name()), {"expected one of: " + join(allowed)});
    }
    return inner;
}

// Walks inline content from `first` on. Returns the first <ul>/<ol> when
// `list_ends` (the end of a <li>'s inline part), else nullptr. Recurses
// once per nested element: no deeper than limits::depth (wellformed.h).
const XMLElement* Parser::inline_content(const XMLNode* first, const XMLElement* parent, const Format& format,
                                         std::vector<Inline>& out, bool list_ends) const {
    bool after_text = false;
    for (const XMLNode* n = first; n; n = n->NextSibling()) {
        if (n->ToText()) {
            out.push_back(run_of(n->Value(), format));
            after_text = true;
            continue;
        }
        const XMLElement* c = n->ToElement();
        if (!c) {
            after_text = false;
            continue;
        }
        std::string name = c->Name();
        if (list_ends && (name == "ul" || name == "ol")) return c;
        // tinyxml2 drops white space between two elements ("<em>a</em> <strong>b</strong>").
        if (!after_text && m_source.whitespace_before(offset(c))) out.push_back(run_of(" ", format));
        after_text = false;
        if (name == "br") {
            allow_attributes(c, {});
            empty_element(c);
            Inline line_break;
            line_break.kind = Inline::Kind::LineBreak;
            line_break.confidential = format.confidential;
            out.push_back(line_break);
            continue;
        }
        inline_content(c->FirstChild(), c, inline_element(c, parent, format, list_ends), out, false);
    }
    return nullptr;
}

Block Parser::paragraph_block(const XMLNode* first, const XMLElement* parent) const {
    Block block;
    block.kind = Block::Kind::Paragraph;
    block.where = where(parent);
    std::vector<Inline> raw;
    inline_content(first, parent, {}, raw, false);
    block.inlines = normalize(raw, block.where);
    return block;
}

// A <li>: inline content and at most one list after it, or, when it holds
// a <p>, blocks like a section's (several paragraphs, lists between them).
ListItem Parser::list_item(const XMLElement* li, int depth) const {
    allow_attributes(li, {});
    ListItem item;
    item.where = where(li);
    if (li->FirstChildElement("p")) {
        item.blocks = blocks(li, depth);
        if (item.blocks.front().kind != Block::Kind::Paragraph)
            error(li, "a <li> with paragraphs begins with a <p>", {"the first paragraph carries the item's number or bullet"});
        return item;
    }
    std::vector<Inline> raw;
    const XMLElement* nested = inline_content(li->FirstChild(), li, {}, raw, true);
    Block text;
    text.kind = Block::Kind::Paragraph;
    text.where = item.where;
    text.inlines = normalize(raw, item.where);
    if (!text.inlines.empty()) item.blocks.push_back(text);
    if (nested) {
        item.blocks.push_back(list(nested, depth + 1));
        for (const XMLNode* n = nested->NextSibling(); n; n = n->NextSibling()) {
            if (n->ToElement())
                error(n->ToElement(), "unexpected " + tag(n->ToElement()->Name()) + " after the nested list in <li>",
                      {k_li_content});
            if (n->ToText() && !is_blank(n->Value()))
                fail(where_text(n), "text after the nested list in <li>", {k_li_content});
        }
    }
    if (item.blocks.empty()) error(li, "<li> must not be empty");
    return item;
}

// A <ul>/<ol> at nesting `depth` (1 = top level).
Block Parser::list(const XMLElement* e, int depth) const {
    if (depth > 2) error(e, "lists nest two deep at most: " + tag(e->Name()) + " inside a list inside a list");
    Block block;
    block.kind = std::string(e->Name()) == "ol" ? Block::Kind::NumberedList : Block::Kind::BulletList;
    block.where = where(e);
    if (block.kind == Block::Kind::NumberedList) {
        allow_attributes(e, {"start", "type"});
        block.start = positive_integer(e, "start").value_or(1);
        if (optional(e, "type")) block.numbering = one_of(e, "type", {"1", "a", "A"}, "1")[0];
    } else {
        allow_attributes(e, {});
    }
    for (const XMLElement* li : children(e, {{{"li"}, 1, k_many}})) block.items.push_back(list_item(li, depth));
    return block;
}

// Either inline content (one paragraph) or blocks <p>, <ul>, <ol>.
model::RichText Parser::rich_text(const XMLElement* e) const {
    bool any_block = false;
    for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
        std::string name = c->Name();
        any_block = any_block || name == "p" || name == "ul" || name == "ol";
    }
    model::RichText out;
    if (!any_block) {
        Block block = paragraph_block(e->FirstChild(), e);
        if (!block.inlines.empty()) out.push_back(block);
    } else {
        out = blocks(e, 0);
    }
    if (out.empty()) error(e, tag(e->Name()) + " must not be empty");
    return out;
}

// The blocks <p>, <ul>, <ol> of `e`: a section's text (depth 0) or a <li>
// of a list nested `depth` deep, whose lists nest one deeper.
model::RichText Parser::blocks(const XMLElement* e, int depth) const {
    model::RichText out;
    for (const XMLNode* n = e->FirstChild(); n; n = n->NextSibling()) {
        if (n->ToText() && !is_blank(n->Value()))
            fail(where_text(n), "text outside <p> in " + tag(e->Name()),
                 {"when " + tag(e->Name()) + " holds <p>" + (depth == 0 ? ", <ul> or <ol>" : "") +
                  ", all its text goes inside them"});
        const XMLElement* c = n->ToElement();
        if (!c) continue;
        std::string name = c->Name();
        if (name == "p") {
            allow_attributes(c, {});
            Block block = paragraph_block(c->FirstChild(), c);
            if (block.inlines.empty()) error(c, "<p> must not be empty");
            out.push_back(block);
        } else if (name == "ul" || name == "ol") {
            out.push_back(list(c, depth + 1));
        } else {
            error(c, "unknown element " + tag(name) + " in " + tag(e->Name()),
                  {"expected one of: p, ul, ol (or only inline content: em, strong, a, span, confidential, br)"});
        }
    }
    return out;
}

}  // namespace protokoll::parse
