// parse: XML → model, exactly as docs/format.md describes the two files.
//
// The walk is table-driven where it can be: every element states its allowed
// attributes (allow_attributes) and its content model as ordered slots
// (children), and the shared helpers produce the messages, so that every
// element reports errors the same way. Checks that need the whole document
// (paragraph numbering, signers against attendance, roster references) belong
// to resolve, not here.
#include "parse/parse.h"

#include "base/files.h"
#include "source.h"

#include <tinyxml2.h>

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <unordered_map>

namespace protokoll::parse {

namespace {

using tinyxml2::XMLAttribute;
using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

using model::Block;
using model::Inline;
using model::ListItem;
using model::RichText;

constexpr int k_many = INT_MAX;
constexpr double k_pt_per_mm = 72.0 / 25.4;

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Runs of XML white space become one space, as in HTML. U+00A0 is not XML
// white space, so a no-break space written as &#160; survives untouched.
std::string collapse(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool in_space = false;
    for (char c : text) {
        if (is_xml_space(c)) {
            if (!in_space) out += ' ';
            in_space = true;
        } else {
            out += c;
            in_space = false;
        }
    }
    return out;
}

std::string trim(const std::string& text) {
    size_t begin = 0, end = text.size();
    while (begin < end && is_xml_space(text[begin])) ++begin;
    while (end > begin && is_xml_space(text[end - 1])) --end;
    return text.substr(begin, end - begin);
}

bool is_blank(const char* text) {
    for (; text && *text; ++text)
        if (!is_xml_space(*text)) return false;
    return true;
}

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

std::string tag(const std::string& name) { return "<" + name + ">"; }

// One step of an element's content model: any of `names`, between min and
// max times, before the next slot's elements.
struct Slot {
    std::vector<std::string> names;
    int min = 0;
    int max = k_many;
};

// Formatting in force while walking inline content.
struct Format {
    bool strong = false;
    bool emphasis = false;
    bool link = false;
    std::string href;
};

bool same_format(const Inline& a, const Inline& b) {
    return a.kind == b.kind && a.strong == b.strong && a.emphasis == b.emphasis && a.link == b.link &&
           a.href == b.href;
}

bool valid_date(const std::string& text) {
    static const std::regex pattern("([0-9]{4})-([0-9]{2})-([0-9]{2})");
    std::smatch m;
    if (!std::regex_match(text, m, pattern)) return false;
    int year = std::stoi(m[1]), month = std::stoi(m[2]), day = std::stoi(m[3]);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

// What a secretary writes for a time: 9, 09, 9.00, 09:00.
bool valid_time(const std::string& text) {
    static const std::regex pattern("([0-9]{1,2})([:.]([0-9]{2}))?");
    std::smatch m;
    if (!std::regex_match(text, m, pattern)) return false;
    return std::stoi(m[1]) <= 24 && (!m[3].matched || std::stoi(m[3]) < 60);
}

double to_double(const std::string& digits) {
    double value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);  // locale-independent
    return value;
}

const std::vector<std::string> k_label_keys = {
    "title-protokoll", "title-anteckningar", "present", "absent", "paragraphs", "points",
    "decision", "summary", "discussion", "basis", "attachment", "minutes-protokoll",
    "minutes-anteckningar", "adjusters", "absence-reason", "vacant", "time", "place", "page-of", "and"};

// Besides the fixed keys, "group-ID" labels name attendance group ID in one
// language (its text in <groups> is the Swedish default).
bool valid_label_key(const std::string& key) {
    static const std::regex group_key("group-[A-Za-z0-9_][A-Za-z0-9._-]*");
    return std::find(k_label_keys.begin(), k_label_keys.end(), key) != k_label_keys.end() ||
           std::regex_match(key, group_key);
}

const std::vector<std::pair<std::string, model::SectionKind>> k_section_kinds = {
    {"decision", model::SectionKind::Decision}, {"summary", model::SectionKind::Summary},
    {"discussion", model::SectionKind::Discussion}, {"text", model::SectionKind::Text},
    {"basis", model::SectionKind::Basis}};

class Parser {
public:
    Parser(const std::string& xml, const std::string& path) : m_source(path, xml) {
        m_doc.Parse(xml.data(), xml.size());
        if (m_doc.Error()) fail_xml();
        index_offsets(&m_doc);
    }

    model::Protocol protocol_document() const;
    model::Layout layout_document() const;

private:
    // ---- locations and errors ----

    size_t offset(const XMLElement* e) const {
        auto it = m_offsets.find(e);
        return it == m_offsets.end() ? SourceText::npos : it->second;
    }

    SourceLocation where(const XMLElement* e) const { return m_source.location(e->GetLineNum(), offset(e)); }

    SourceLocation where(const XMLElement* e, const std::string& attribute) const {
        const XMLAttribute* a = e->FindAttribute(attribute.c_str());
        if (!a) return where(e);
        size_t from = a->GetLineNum() == e->GetLineNum() && offset(e) != SourceText::npos ? offset(e) + 1 : 0;
        return m_source.location(a->GetLineNum(), m_source.find_attribute(a->GetLineNum(), attribute, from));
    }

    // Where a text node's first word is: tinyxml2 gives only the line its
    // leading white space starts on.
    SourceLocation where_text(const XMLNode* text) const {
        std::string value = text->Value();
        size_t begin = 0;
        while (begin < value.size() && is_xml_space(value[begin])) ++begin;
        size_t end = begin;
        // Stop at characters that may have been written as entities.
        while (end < value.size() && !is_xml_space(value[end]) && value[end] != '&' && value[end] != '<' &&
               value[end] != '>' && value[end] != '"' && value[end] != '\'')
            ++end;
        size_t from = 0;
        const XMLElement* before = text->PreviousSiblingElement();
        const XMLElement* anchor = before ? before : text->Parent()->ToElement();
        if (anchor && offset(anchor) != SourceText::npos) from = offset(anchor);
        size_t at = m_source.find_word(text->GetLineNum(), value.substr(begin, end - begin), from);
        if (at == SourceText::npos) return {m_source.path(), text->GetLineNum(), 0};
        return m_source.location(at);
    }

    [[noreturn]] void error(const XMLElement* e, const std::string& message,
                            std::vector<std::string> hints = {}) const {
        fail(where(e), message, std::move(hints));
    }

    [[noreturn]] void bad_value(const XMLElement* e, const std::string& attribute, const std::string& value,
                                const std::string& expected) const {
        fail(where(e, attribute),
             "bad value \"" + value + "\" for attribute \"" + attribute + "\" on " + tag(e->Name()),
             {"expected " + expected});
    }

    // tinyxml2's messages ("Error=XML_ERROR_MISMATCHED_ELEMENT ErrorID=14 …")
    // are for programmers; say what is wrong in the file instead.
    [[noreturn]] void fail_xml() const {
        std::string detail = m_doc.ErrorStr() ? m_doc.ErrorStr() : "";
        std::string name;
        if (auto at = detail.rfind("name="); at != std::string::npos) name = detail.substr(at + 5);
        int line = m_doc.ErrorLineNum();
        SourceLocation where{m_source.path(), line, 0};
        if (!name.empty()) where = m_source.location(line, m_source.find_tag(line, name));
        std::string element = name.empty() ? std::string("an element") : tag(name);
        switch (m_doc.ErrorID()) {
        case tinyxml2::XML_ERROR_EMPTY_DOCUMENT:
            fail(where, "malformed XML: the document is empty");
        case tinyxml2::XML_ERROR_MISMATCHED_ELEMENT:
            fail(where, "malformed XML: " + element + " is not closed (missing or mismatched end tag)");
        case tinyxml2::XML_ERROR_PARSING_ATTRIBUTE:
            fail(where, "malformed XML: bad attribute on " + element,
                 {"write attributes as name=\"value\", each name once"});
        case tinyxml2::XML_ERROR_PARSING_ELEMENT:
            fail(where, "malformed XML: bad tag", {"a \"<\" in text must be written &lt;"});
        case tinyxml2::XML_ERROR_PARSING_TEXT:
            fail(where, "malformed XML: text runs to the end of the file (missing end tag?)");
        case tinyxml2::XML_ERROR_PARSING_COMMENT:
            fail(where, "malformed XML: comment not closed with -->");
        case tinyxml2::XML_ERROR_PARSING_CDATA:
            fail(where, "malformed XML: CDATA section not closed with ]]>");
        case tinyxml2::XML_ERROR_PARSING_DECLARATION:
            fail(where, "malformed XML: bad <?…?> declaration");
        case tinyxml2::XML_ELEMENT_DEPTH_EXCEEDED:
            fail(where, "malformed XML: elements nested too deep");
        case tinyxml2::XML_ERROR_PARSING:  // what tinyxml2 says when the file ends inside an element
            fail(where, "malformed XML: an element opened on this line has no end tag");
        default:
            fail(where, "malformed XML (" + std::string(m_doc.ErrorName()) + ")");
        }
    }

    // Where each element's "<name" starts. Elements come in document order,
    // so searching on from the previous one also tells apart several
    // elements of the same name on one line.
    void index_offsets(const XMLNode* parent) {
        for (const XMLElement* e = parent->FirstChildElement(); e; e = e->NextSiblingElement()) {
            size_t at = m_source.find_tag(e->GetLineNum(), e->Name(), m_cursor);
            if (at != SourceText::npos) m_cursor = at + 1;
            m_offsets[e] = at;
            index_offsets(e);
        }
    }

    // ---- structure ----

    const XMLElement* root(const std::string& name) const {
        const XMLElement* e = m_doc.RootElement();
        for (const XMLNode* n = m_doc.FirstChild(); n; n = n->NextSibling())
            if (n->ToText() && !is_blank(n->Value()))
                fail(where_text(n), "text outside the root element " + tag(name));
        if (!e) fail({m_source.path(), 1, 0}, "no root element: expected " + tag(name));
        if (e->Name() != name)
            error(e, "wrong root element " + tag(e->Name()) + ": expected " + tag(name));
        if (const XMLElement* second = e->NextSiblingElement())
            error(second, "a second root element " + tag(second->Name()) + " after " + tag(name));
        return e;
    }

    // Rejects attributes not in `allowed`. Namespace declarations and xsi:
    // attributes (schema location for editors) are always fine.
    void allow_attributes(const XMLElement* e, const std::vector<std::string>& allowed) const {
        for (const XMLAttribute* a = e->FirstAttribute(); a; a = a->Next()) {
            std::string name = a->Name();
            if (name.rfind("xmlns", 0) == 0 || name.rfind("xsi:", 0) == 0) continue;
            if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
            fail(where(e, name), "unknown attribute \"" + name + "\" on " + tag(e->Name()),
                 {allowed.empty() ? tag(e->Name()) + " takes no attributes"
                                  : "allowed attributes: " + join(allowed)});
        }
    }

    std::optional<std::string> optional(const XMLElement* e, const std::string& name) const {
        const char* value = e->Attribute(name.c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    }

    std::string required(const XMLElement* e, const std::string& name) const {
        auto value = optional(e, name);
        if (!value) error(e, "missing required attribute \"" + name + "\" on " + tag(e->Name()));
        if (trim(*value).empty())
            fail(where(e, name), "attribute \"" + name + "\" on " + tag(e->Name()) + " must not be empty");
        return *value;
    }

    std::string one_of(const XMLElement* e, const std::string& name, const std::vector<std::string>& values,
                       const std::string& fallback) const {
        auto value = optional(e, name);
        if (!value) return fallback;
        if (std::find(values.begin(), values.end(), *value) == values.end())
            bad_value(e, name, *value, "one of: " + join(values));
        return *value;
    }

    // A value that must match `pattern`; `expected` says what in words.
    std::optional<std::string> matching(const XMLElement* e, const std::string& name, const std::regex& pattern,
                                        const std::string& expected) const {
        auto value = optional(e, name);
        if (value && !std::regex_match(*value, pattern)) bad_value(e, name, *value, expected);
        return value;
    }

    std::optional<std::string> date(const XMLElement* e, const std::string& name) const {
        auto value = optional(e, name);
        if (value && !valid_date(*value)) bad_value(e, name, *value, "a date YYYY-MM-DD");
        return value;
    }

    std::optional<int> positive_integer(const XMLElement* e, const std::string& name) const {
        auto value = optional(e, name);
        if (!value) return std::nullopt;
        int number = 0;
        auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
        if (ec != std::errc() || end != value->data() + value->size() || number <= 0 || (*value)[0] == '+')
            bad_value(e, name, *value, "a positive integer");
        return number;
    }

    bool boolean(const XMLElement* e, const std::string& name) const {
        return one_of(e, name, {"true", "false"}, "false") == "true";
    }

    // A length in the layout: "30mm" or "12pt", converted to pt.
    double length(const XMLElement* e, const std::string& name, double fallback) const {
        static const std::regex pattern("([0-9]+(\\.[0-9]+)?)(mm|pt)");
        auto value = optional(e, name);
        if (!value) return fallback;
        std::smatch m;
        if (!std::regex_match(*value, m, pattern)) bad_value(e, name, *value, "a length with unit mm or pt (\"25mm\", \"12pt\")");
        double number = to_double(m[1]);
        return m[3] == "mm" ? number * k_pt_per_mm : number;
    }

    // A size in pt: "11", "11.5" or "11pt".
    double points(const XMLElement* e, const std::string& name, double fallback) const {
        static const std::regex pattern("([0-9]+(\\.[0-9]+)?)(pt)?");
        auto value = optional(e, name);
        if (!value) return fallback;
        std::smatch m;
        if (!std::regex_match(*value, m, pattern)) bad_value(e, name, *value, "a number of points (\"11\", \"10.5\")");
        return to_double(m[1]);
    }

    model::Color color(const XMLElement* e, const std::string& name) const {
        static const std::regex pattern("#[0-9a-fA-F]{6}");
        auto value = matching(e, name, pattern, "a color #rrggbb");
        if (!value) return {};
        auto channel = [&](int i) { return std::stoi(value->substr(1 + 2 * i, 2), nullptr, 16) / 255.0; };
        return {channel(0), channel(1), channel(2)};
    }

    // Checks the child elements of `e` against ordered slots and returns them
    // in document order. Text other than white space is not allowed here.
    std::vector<const XMLElement*> children(const XMLElement* e, const std::vector<Slot>& slots) const {
        std::vector<std::string> all_names;
        for (const auto& slot : slots) all_names.insert(all_names.end(), slot.names.begin(), slot.names.end());
        auto slot_names = [](const Slot& slot) {
            std::vector<std::string> tags;
            for (const auto& n : slot.names) tags.push_back(tag(n));
            return join(tags, " or ");
        };
        std::vector<const XMLElement*> out;
        std::vector<int> counts(slots.size(), 0);
        size_t current = 0;
        for (const XMLNode* n = e->FirstChild(); n; n = n->NextSibling()) {
            if (n->ToText() && !is_blank(n->Value())) {
                SourceLocation at = where_text(n);
                if (slots.empty()) fail(at, "text in " + tag(e->Name()) + ", which must be empty");
                fail(at, "text directly in " + tag(e->Name()),
                     {"put it inside one of: " + join(all_names)});
            }
            const XMLElement* c = n->ToElement();
            if (!c) continue;
            std::string name = c->Name();
            size_t index = 0;
            while (index < slots.size() &&
                   std::find(slots[index].names.begin(), slots[index].names.end(), name) == slots[index].names.end())
                ++index;
            if (index == slots.size()) {
                error(c, "unknown element " + tag(name) + " in " + tag(e->Name()),
                      {slots.empty() ? tag(e->Name()) + " must be empty"
                                     : "expected one of: " + join(all_names)});
            }
            if (index < current)
                error(c, tag(name) + " is out of order in " + tag(e->Name()),
                      {"expected order: " + join(all_names)});
            for (; current < index; ++current)
                if (counts[current] < slots[current].min)
                    error(c, tag(e->Name()) + " needs a " + slot_names(slots[current]) + " before " + tag(name));
            if (++counts[index] > slots[index].max)
                error(c, slots[index].max == 1 ? tag(name) + " may appear only once in " + tag(e->Name())
                                               : "too many " + tag(name) + " in " + tag(e->Name()));
            out.push_back(c);
        }
        for (; current < slots.size(); ++current)
            if (counts[current] < slots[current].min)
                error(e, tag(e->Name()) + " needs a " + slot_names(slots[current]));
        return out;
    }

    static const XMLElement* child(const std::vector<const XMLElement*>& kids, const std::string& name) {
        for (const XMLElement* c : kids)
            if (c->Name() == name) return c;
        return nullptr;
    }

    void empty_element(const XMLElement* e) const { children(e, {}); }

    // Plain text content, white space collapsed and trimmed.
    std::string text(const XMLElement* e) const {
        std::string raw;
        for (const XMLNode* n = e->FirstChild(); n; n = n->NextSibling()) {
            if (const XMLElement* c = n->ToElement())
                error(c, "element " + tag(c->Name()) + " is not allowed in " + tag(e->Name()),
                      {tag(e->Name()) + " holds plain text only"});
            if (n->ToText()) raw += n->Value();
        }
        return trim(collapse(raw));
    }

    std::string required_text(const XMLElement* e) const {
        std::string value = text(e);
        if (value.empty()) error(e, tag(e->Name()) + " must not be empty");
        return value;
    }

    // ---- rich text ----

    static void trim_trailing_space(std::vector<Inline>& runs) {
        while (!runs.empty() && runs.back().kind == Inline::Kind::Text) {
            std::string& t = runs.back().text;
            while (!t.empty() && t.back() == ' ') t.pop_back();
            if (!t.empty()) return;
            runs.pop_back();
        }
    }

    // Collapses white space across runs and trims it at the block's start
    // and end and around line breaks; merges runs that look the same.
    static std::vector<Inline> normalize(const std::vector<Inline>& raw) {
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
            if (!out.empty() && same_format(out.back(), run))
                out.back().text += t;
            else {
                Inline copy = run;
                copy.text = t;
                out.push_back(copy);
            }
            at_line_start = false;
        }
        trim_trailing_space(out);
        return out;
    }

    // Walks inline content from `first` on. Returns the first <ul>/<ol> when
    // `list_ends` (the end of a <li>'s inline part), else nullptr.
    const XMLElement* inline_content(const XMLNode* first, const XMLElement* parent, const Format& format,
                                     std::vector<Inline>& out, bool list_ends) const {
        bool after_text = false;
        for (const XMLNode* n = first; n; n = n->NextSibling()) {
            if (n->ToText()) {
                Inline run;
                run.text = n->Value();
                run.strong = format.strong;
                run.emphasis = format.emphasis;
                run.link = format.link;
                run.href = format.href;
                out.push_back(run);
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
            if (!after_text && m_source.whitespace_before(offset(c))) {
                Inline space;
                space.text = " ";
                space.strong = format.strong;
                space.emphasis = format.emphasis;
                space.link = format.link;
                space.href = format.href;
                out.push_back(space);
            }
            after_text = false;
            Format inner = format;
            if (name == "br") {
                allow_attributes(c, {});
                empty_element(c);
                Inline line_break;
                line_break.kind = Inline::Kind::LineBreak;
                out.push_back(line_break);
                continue;
            } else if (name == "em") {
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
            } else {
                std::vector<std::string> allowed = {"em", "strong", "a", "br"};
                if (list_ends) allowed.insert(allowed.end(), {"ul", "ol"});
                error(c, "unknown element " + tag(name) + " in " + tag(parent->Name()),
                      {"expected one of: " + join(allowed)});
            }
            inline_content(c->FirstChild(), c, inner, out, false);
        }
        return nullptr;
    }

    Block paragraph_block(const XMLNode* first, const XMLElement* parent) const {
        Block block;
        block.kind = Block::Kind::Paragraph;
        block.where = where(parent);
        std::vector<Inline> raw;
        inline_content(first, parent, {}, raw, false);
        block.inlines = normalize(raw);
        return block;
    }

    // A <ul>/<ol> at nesting `depth` (1 = top level).
    Block list(const XMLElement* e, int depth) const {
        if (depth > 2)
            error(e, "lists nest two deep at most: " + tag(e->Name()) + " inside a list inside a list");
        allow_attributes(e, {});
        Block block;
        block.kind = std::string(e->Name()) == "ol" ? Block::Kind::NumberedList : Block::Kind::BulletList;
        block.where = where(e);
        for (const XMLElement* li : children(e, {{{"li"}, 1, k_many}})) {
            allow_attributes(li, {});
            ListItem item;
            item.where = where(li);
            std::vector<Inline> raw;
            const XMLElement* nested = inline_content(li->FirstChild(), li, {}, raw, true);
            Block text;
            text.kind = Block::Kind::Paragraph;
            text.where = item.where;
            text.inlines = normalize(raw);
            if (!text.inlines.empty()) item.blocks.push_back(text);
            if (nested) {
                item.blocks.push_back(list(nested, depth + 1));
                for (const XMLNode* n = nested->NextSibling(); n; n = n->NextSibling()) {
                    if (n->ToElement())
                        error(n->ToElement(), "unexpected " + tag(n->ToElement()->Name()) + " after the nested list in <li>",
                              {"a <li> holds inline content, then at most one <ul> or <ol>, last"});
                    if (n->ToText() && !is_blank(n->Value()))
                        fail(where_text(n), "text after the nested list in <li>",
                             {"a <li> holds inline content, then at most one <ul> or <ol>, last"});
                }
            }
            if (item.blocks.empty()) error(li, "<li> must not be empty");
            block.items.push_back(item);
        }
        return block;
    }

    // Either inline content (one paragraph) or blocks <p>, <ul>, <ol>.
    RichText rich_text(const XMLElement* e) const {
        bool blocks = false;
        for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
            std::string name = c->Name();
            blocks = blocks || name == "p" || name == "ul" || name == "ol";
        }
        RichText out;
        if (!blocks) {
            Block block = paragraph_block(e->FirstChild(), e);
            if (!block.inlines.empty()) out.push_back(block);
        } else {
            for (const XMLNode* n = e->FirstChild(); n; n = n->NextSibling()) {
                if (n->ToText() && !is_blank(n->Value()))
                    fail(where_text(n), "text outside <p> in " + tag(e->Name()),
                         {"when " + tag(e->Name()) + " holds <p>, <ul> or <ol>, all its text goes inside them"});
                const XMLElement* c = n->ToElement();
                if (!c) continue;
                std::string name = c->Name();
                if (name == "p") {
                    allow_attributes(c, {});
                    Block block = paragraph_block(c->FirstChild(), c);
                    if (block.inlines.empty()) error(c, "<p> must not be empty");
                    out.push_back(block);
                } else if (name == "ul" || name == "ol") {
                    out.push_back(list(c, 1));
                } else {
                    error(c, "unknown element " + tag(name) + " in " + tag(e->Name()),
                          {"expected one of: p, ul, ol (or only inline content: em, strong, a, br)"});
                }
            }
        }
        if (out.empty()) error(e, tag(e->Name()) + " must not be empty");
        return out;
    }

    // ---- shared between protocol and layout ----

    model::DocumentKind document_kind(const XMLElement* e) const {
        return one_of(e, "kind", {"protokoll", "anteckningar"}, "protokoll") == "anteckningar"
                   ? model::DocumentKind::Notes
                   : model::DocumentKind::Protocol;
    }

    // <person> in an attendance group (roster = false) or in a layout's roster.
    model::Person person(const XMLElement* e, bool roster) const {
        std::vector<std::string> attributes = {"id", "name", "party", "municipality", "role", "title",
                                               "organisation", "attended", "reason", "body"};
        if (!roster) attributes.push_back("ref");
        allow_attributes(e, attributes);
        empty_element(e);
        model::Person p;
        p.where = where(e);
        auto field = [&](const char* name) { return optional(e, name).value_or(""); };
        if (roster) {
            p.id = required(e, "id");
            p.name = required(e, "name");
        } else {
            auto ref = optional(e, "ref");
            auto name = optional(e, "name");
            // With "ref", every other attribute (name too) overrides the roster's
            // value for this meeting: protocols print names as the secretary wrote them.
            if (!ref && !name)
                error(e, "<person> needs either \"ref\" (a roster id) or \"name\"");
            p.ref = ref ? required(e, "ref") : "";
            p.name = name ? required(e, "name") : "";
            p.id = optional(e, "id") ? required(e, "id") : p.ref;
        }
        p.party = field("party");
        p.municipality = field("municipality");
        p.role = field("role");
        p.title = field("title");
        p.organisation = field("organisation");
        p.attended = field("attended");
        p.reason = field("reason");
        p.body = field("body");
        return p;
    }

    // Remembers ids of one kind and fails on a second use.
    class Ids {
    public:
        Ids(const Parser& parser, std::string what) : m_parser(parser), m_what(std::move(what)) {}
        void add(const XMLElement* e, const std::string& attribute, const std::string& id) {
            auto [it, fresh] = m_lines.emplace(id, e->GetLineNum());
            if (!fresh)
                fail(m_parser.where(e, attribute), "duplicate " + m_what + " \"" + id + "\"",
                     {"first used on line " + std::to_string(it->second)});
        }

    private:
        const Parser& m_parser;
        std::string m_what;
        std::map<std::string, int> m_lines;
    };

    // ---- protocol ----

    model::Meeting meeting(const XMLElement* e) const {
        allow_attributes(e, {"date", "start", "end", "first-number", "bodies"});
        model::Meeting m;
        m.where = where(e);
        required(e, "date");
        m.date = *date(e, "date");
        for (const char* name : {"start", "end"}) {
            auto value = optional(e, name);
            if (value && !valid_time(*value)) bad_value(e, name, *value, "a time such as 9, 09, 9.00 or 09:00");
        }
        m.start = optional(e, "start").value_or("");
        m.end = optional(e, "end").value_or("");
        if (!m.end.empty() && m.start.empty())
            fail(where(e, "end"), "attribute \"end\" on <meeting> needs \"start\"");
        m.first_number = positive_integer(e, "first-number");
        if (auto bodies = optional(e, "bodies")) {
            std::string words = trim(collapse(*bodies));
            if (words.empty()) bad_value(e, "bodies", *bodies, "space-separated body ids");
            for (size_t at = 0; at <= words.size();) {
                size_t space = std::min(words.find(' ', at), words.size());
                m.bodies.push_back(words.substr(at, space - at));
                at = space + 1;
            }
        }
        auto kids = children(e, {{{"place"}, 1, 1}});
        m.place = required_text(child(kids, "place"));
        allow_attributes(child(kids, "place"), {});
        return m;
    }

    std::vector<model::AttendanceGroup> attendance(const XMLElement* e) const {
        allow_attributes(e, {});
        std::vector<model::AttendanceGroup> groups;
        // The same roster person may appear twice (ids defaulted from the same
        // ref), but an explicit id names one person: unique, and no other
        // entry's defaulted id.
        std::map<std::string, int> explicit_ids, defaulted_ids;
        auto check_id = [&](const XMLElement* c, const std::string& attribute, const std::string& id,
                            std::map<std::string, int>& mine, std::map<std::string, int>& other, bool unique) {
            auto clash = other.find(id);
            auto same = mine.find(id);
            int line = clash != other.end() ? clash->second : (unique && same != mine.end() ? same->second : 0);
            if (line)
                fail(where(c, attribute), "duplicate person id \"" + id + "\"",
                     {"first used on line " + std::to_string(line)});
            mine.emplace(id, c->GetLineNum());
        };
        for (const XMLElement* g : children(e, {{{"group"}, 0, k_many}})) {
            allow_attributes(g, {"ref"});
            model::AttendanceGroup group;
            group.where = where(g);
            group.ref = required(g, "ref");
            for (const XMLElement* c : children(g, {{{"person", "vacant"}, 0, k_many}})) {
                if (std::string(c->Name()) == "vacant") {
                    allow_attributes(c, {"municipality", "party", "body"});
                    empty_element(c);
                    model::Person p;
                    p.vacant = true;
                    p.where = where(c);
                    p.municipality = required(c, "municipality");
                    p.party = optional(c, "party").value_or("");
                    p.body = optional(c, "body").value_or("");
                    group.people.push_back(p);
                } else {
                    model::Person p = person(c, false);
                    if (optional(c, "id"))
                        check_id(c, "id", p.id, explicit_ids, defaulted_ids, true);
                    else if (!p.ref.empty())
                        check_id(c, "ref", p.ref, defaulted_ids, explicit_ids, false);
                    group.people.push_back(p);
                }
            }
            groups.push_back(group);
        }
        return groups;
    }

    model::Section section(const XMLElement* e) const {
        static const std::map<std::string, model::SectionKind> kinds = {
            {"decision", model::SectionKind::Decision}, {"summary", model::SectionKind::Summary},
            {"discussion", model::SectionKind::Discussion}, {"text", model::SectionKind::Text},
            {"basis", model::SectionKind::Basis}};
        model::Section s;
        s.kind = kinds.at(e->Name());
        s.where = where(e);
        if (s.kind == model::SectionKind::Decision)
            allow_attributes(e, {"label", "body"});
        else
            allow_attributes(e, {"label"});
        if (auto label = optional(e, "label")) s.label = trim(collapse(*label));
        s.body = optional(e, "body").value_or("");
        if (s.kind != model::SectionKind::Basis) {
            s.content = rich_text(e);
            return s;
        }
        for (const XMLElement* d : children(e, {{{"document"}, 1, k_many}})) {
            allow_attributes(d, {"date", "reference"});
            model::BasisDocument doc;
            doc.where = where(d);
            doc.date = date(d, "date").value_or("");
            doc.reference = optional(d, "reference").value_or("");
            doc.title = required_text(d);
            s.documents.push_back(doc);
        }
        return s;
    }

    std::vector<model::Paragraph> paragraphs(const XMLElement* e) const {
        allow_attributes(e, {});
        std::vector<model::Paragraph> out;
        Ids ids(*this, "paragraph id");
        for (const XMLElement* pe : children(e, {{{"paragraph"}, 1, k_many}})) {
            allow_attributes(pe, {"number", "id", "attachment"});
            model::Paragraph p;
            p.where = where(pe);
            p.number = positive_integer(pe, "number");
            if (optional(pe, "id")) {
                p.id = required(pe, "id");
                ids.add(pe, "id", p.id);
            }
            p.attachment = boolean(pe, "attachment");
            auto kids = children(pe, {{{"title"}, 1, 1},
                                      {{"decision", "summary", "discussion", "text", "basis"}, 0, k_many}});
            for (const XMLElement* c : kids) {
                if (std::string(c->Name()) == "title") {
                    allow_attributes(c, {});
                    p.title = required_text(c);
                } else {
                    p.sections.push_back(section(c));
                }
            }
            out.push_back(p);
        }
        return out;
    }

    std::vector<model::Signer> signatures(const XMLElement* e) const {
        allow_attributes(e, {});
        std::vector<model::Signer> out;
        for (const XMLElement* c : children(e, {{{"secretary"}, 1, k_many}, {{"adjuster"}, 1, k_many}})) {
            allow_attributes(c, {"ref", "role", "body"});
            empty_element(c);
            model::Signer s;
            s.kind = std::string(c->Name()) == "secretary" ? model::Signer::Kind::Secretary
                                                            : model::Signer::Kind::Adjuster;
            s.where = where(c);
            s.ref = required(c, "ref");
            s.role = optional(c, "role").value_or("");
            s.body = optional(c, "body").value_or("");
            out.push_back(s);
        }
        return out;
    }

    // ---- layout ----

    model::PageGeometry page(const XMLElement* e) const {
        allow_attributes(e, {"size", "margin-top", "margin-bottom", "margin-left", "margin-right", "header-top",
                             "footer-bottom"});
        empty_element(e);
        model::PageGeometry g;
        g.where = where(e);
        one_of(e, "size", {"A4"}, "A4");  // the only size; its dimensions are the model's defaults
        for (const char* name : {"margin-top", "margin-bottom", "margin-left", "margin-right", "header-top",
                                 "footer-bottom"})
            if (optional(e, name)) g.given.insert(name);
        g.margin_top = length(e, "margin-top", g.margin_top);
        g.margin_bottom = length(e, "margin-bottom", g.margin_bottom);
        g.margin_left = length(e, "margin-left", g.margin_left);
        g.margin_right = length(e, "margin-right", g.margin_right);
        g.header_top = length(e, "header-top", g.header_top);
        g.footer_bottom = length(e, "footer-bottom", g.footer_bottom);
        return g;
    }

    model::FontFiles fonts(const XMLElement* e) const {
        allow_attributes(e, {"regular", "bold", "italic", "bold-italic"});
        empty_element(e);
        model::FontFiles f;
        f.where = where(e);
        // A bare file name: fonts are looked up in fonts/ only.
        static const std::regex file_name("[A-Za-z0-9_][A-Za-z0-9._-]*");
        auto font = [&](const char* name) {
            required(e, name);
            return *matching(e, name, file_name, "a file name in fonts/, without a directory");
        };
        f.regular = font("regular");
        f.bold = font("bold");
        f.italic = font("italic");
        f.bold_italic = font("bold-italic");
        return f;
    }

    model::TextStyle style(const XMLElement* e) const {
        allow_attributes(e, {"name", "face", "size", "leading", "space-before", "space-after", "align", "color"});
        empty_element(e);
        model::TextStyle s;
        s.where = where(e);
        s.face = one_of(e, "face", {"regular", "bold", "italic", "bold-italic"}, s.face);
        s.size = points(e, "size", s.size);
        s.leading = points(e, "leading", s.leading);
        s.space_before = points(e, "space-before", s.space_before);
        s.space_after = points(e, "space-after", s.space_after);
        s.align = one_of(e, "align", {"justify", "left", "center", "right"}, s.align);
        s.color = color(e, "color");
        return s;
    }

    // "decision summary discussion basis" (each kind once), or "written":
    // the order the protocol writes them in (an empty list).
    std::vector<model::SectionKind> section_order(const XMLElement* e, const std::string& name) const {
        std::string value = *optional(e, name);
        std::string words = trim(collapse(value));
        std::vector<model::SectionKind> out;
        const std::string expected =
            "\"written\", or section kinds separated by spaces, each once: decision, summary, discussion, text, basis";
        if (words == "written") return out;
        if (words.empty()) bad_value(e, name, value, expected);
        std::vector<std::string> seen;
        for (size_t at = 0; at <= words.size();) {
            size_t space = std::min(words.find(' ', at), words.size());
            std::string word = words.substr(at, space - at);
            at = space + 1;
            auto kind = std::find_if(k_section_kinds.begin(), k_section_kinds.end(),
                                     [&](const auto& k) { return k.first == word; });
            if (kind == k_section_kinds.end() || std::count(seen.begin(), seen.end(), word))
                bad_value(e, name, value, expected);
            seen.push_back(word);
            out.push_back(kind->second);
        }
        return out;
    }

    std::vector<std::string> header_lines(const XMLElement* e) const {
        allow_attributes(e, {});
        std::vector<std::string> lines;
        for (const XMLElement* line : children(e, {{{"line"}, 0, k_many}})) {
            allow_attributes(line, {});
            lines.push_back(text(line));
        }
        return lines;
    }

    model::Logo logo(const XMLElement* e) const {
        allow_attributes(e, {"src", "x", "y", "width", "height"});
        empty_element(e);
        model::Logo l;
        l.where = where(e);
        // A relative path below the layout's directory: no "..", no absolute paths.
        static const std::regex png("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*\\.png");
        required(e, "src");
        l.src = *matching(e, "src", png, "a PNG file name relative to layouts/ (\"images/logo.png\"), without \"..\"");
        for (const char* name : {"x", "y", "width"}) required(e, name);
        l.x = length(e, "x", 0);
        l.y = length(e, "y", 0);
        l.width = length(e, "width", 0);
        if (l.width <= 0) bad_value(e, "width", *optional(e, "width"), "a length greater than 0");
        if (optional(e, "height")) {
            l.height = length(e, "height", 0);
            if (*l.height <= 0) bad_value(e, "height", *optional(e, "height"), "a length greater than 0");
        }
        return l;
    }

    model::FirstPage first_page(const XMLElement* e) const {
        allow_attributes(e, {"margin-top"});
        model::FirstPage f;
        f.where = where(e);
        if (optional(e, "margin-top")) f.margin_top = length(e, "margin-top", 0);
        for (const XMLElement* c : children(e, {{{"header"}, 0, 1}, {{"logo"}, 0, 1}})) {
            if (std::string(c->Name()) == "header") {
                f.has_header = true;
                f.header_lines = header_lines(c);
            } else {
                f.logo = logo(c);
            }
        }
        return f;
    }

    model::HyphenationSettings hyphenation(const XMLElement* e) const {
        allow_attributes(e, {"enabled", "left-min", "right-min", "max-consecutive"});
        model::HyphenationSettings h;
        h.where = where(e);
        if (optional(e, "enabled")) h.enabled = boolean(e, "enabled");
        h.left_min = positive_integer(e, "left-min");
        h.right_min = positive_integer(e, "right-min");
        h.max_consecutive = positive_integer(e, "max-consecutive");
        // One word, hyphen points marked with "-": no spaces, no empty parts.
        static const std::regex word("[^\\s-]+(-[^\\s-]+)*");
        for (const XMLElement* c : children(e, {{{"exception"}, 0, k_many}})) {
            allow_attributes(c, {});
            std::string value = required_text(c);
            if (!std::regex_match(value, word))
                error(c, "bad hyphenation exception \"" + value + "\"",
                      {"one word, hyphen points marked with \"-\" (\"kompetens-försörjning\"); no spaces"});
            h.exceptions.push_back(value);
        }
        return h;
    }

    // <signing-order>: steps that select signers by who and/or role. A step
    // that can never apply (an earlier step of the same sort — both with
    // roles, or both without — takes every signer it selects) is an error:
    // it would only mislead the reader of the layout.
    std::vector<model::SigningStep> signing_order(const XMLElement* e) const {
        using Who = model::SigningStep::Who;
        allow_attributes(e, {});
        static const std::map<std::string, Who> whos = {
            {"any", Who::Any}, {"secretary", Who::Secretary}, {"adjuster", Who::Adjuster}};
        std::vector<model::SigningStep> steps;
        std::vector<std::set<std::string>> keys;  // per step: its roles as compared
        std::vector<int> lines;
        for (const XMLElement* c : children(e, {{{"step"}, 0, k_many}})) {
            allow_attributes(c, {"who", "role"});
            empty_element(c);
            if (!optional(c, "who") && !optional(c, "role"))
                error(c, "<step> needs \"who\" or \"role\"",
                      {"who=\"secretary\", \"adjuster\" or \"any\"; role=\"ordförande|chair\" (any of the roles)"});
            model::SigningStep step;
            step.where = where(c);
            step.who = whos.at(one_of(c, "who", {"secretary", "adjuster", "any"}, "any"));
            std::set<std::string> key;
            if (auto role = optional(c, "role")) {
                const std::string expected = "role names separated by \"|\" (\"ordförande|chair\"), none empty";
                for (size_t at = 0; at <= role->size();) {
                    size_t bar = std::min(role->find('|', at), role->size());
                    std::string name = trim(collapse(role->substr(at, bar - at)));
                    at = bar + 1;
                    if (name.empty()) bad_value(c, "role", *role, expected);
                    step.roles.push_back(name);
                    key.insert(model::role_key(name));
                }
            }
            for (size_t i = 0; i < steps.size(); ++i) {
                const model::SigningStep& earlier = steps[i];
                bool covers_who = earlier.who == Who::Any || earlier.who == step.who;
                bool covers_roles = earlier.roles.empty() == step.roles.empty() &&
                                    std::includes(keys[i].begin(), keys[i].end(), key.begin(), key.end());
                if (covers_who && covers_roles)
                    error(c, "this <step> never applies: the <step> on line " + std::to_string(lines[i]) +
                                 " takes every signer it selects",
                          {"a signer takes the first step that selects it, a step with \"role\" before one without"});
            }
            steps.push_back(step);
            keys.push_back(key);
            lines.push_back(c->GetLineNum());
        }
        return steps;
    }

    SourceText m_source;
    XMLDocument m_doc;
    std::unordered_map<const XMLElement*, size_t> m_offsets;
    size_t m_cursor = 0;
};

model::Protocol Parser::protocol_document() const {
    const XMLElement* e = root("protocol");
    allow_attributes(e, {"layout", "kind", "language", "title", "section-order"});
    model::Protocol p;
    p.path = m_source.path();
    p.where = where(e);
    p.layout = required(e, "layout");
    static const std::regex layout_name("[A-Za-z0-9_][A-Za-z0-9._-]*");
    matching(e, "layout", layout_name, "a layout name NAME for layouts/NAME.xml");
    if (optional(e, "kind")) p.kind = document_kind(e);
    p.language = one_of(e, "language", {"sv", "en"}, "sv");
    p.title = trim(collapse(optional(e, "title").value_or("")));
    if (optional(e, "section-order")) {
        p.section_order = section_order(e, "section-order");
        p.section_order_where = where(e, "section-order");
    }
    auto kids = children(e, {{{"meeting"}, 1, 1}, {{"attendance"}, 1, 1}, {{"paragraphs"}, 1, 1},
                             {{"signatures"}, 1, 1}});
    p.meeting = meeting(child(kids, "meeting"));
    p.attendance = attendance(child(kids, "attendance"));
    p.paragraphs = paragraphs(child(kids, "paragraphs"));
    p.signers = signatures(child(kids, "signatures"));
    return p;
}

model::Layout Parser::layout_document() const {
    const XMLElement* e = root("layout");
    allow_attributes(e, {"id", "kind", "extends"});
    model::Layout l;
    l.path = m_source.path();
    l.where = where(e);
    l.id = required(e, "id");
    static const std::regex layout_name("[A-Za-z0-9_][A-Za-z0-9._-]*");
    if (optional(e, "extends")) {
        required(e, "extends");
        l.extends = *matching(e, "extends", layout_name, "a layout name NAME for layouts/NAME.xml");
        l.extends_where = where(e, "extends");
    }
    if (optional(e, "kind")) l.given.insert("kind");
    l.kind = document_kind(e);
    // An extending layout writes only what differs from its parent: every
    // element is optional there, and resolve merges (docs/format.md).
    int required_once = l.extends.empty() ? 1 : 0;
    auto kids = children(e, {{{"organisation"}, required_once, 1}, {{"body"}, 0, k_many},
                             {{"page"}, required_once, 1}, {{"fonts"}, required_once, 1},
                             {{"styles"}, required_once, 1}, {{"first-page"}, 0, 1},
                             {{"header"}, required_once, 1}, {{"footer"}, required_once, 1},
                             {{"labels"}, required_once, 2}, {{"sections"}, 0, 1}, {{"hyphenation"}, 0, 1},
                             {{"groups"}, required_once, 1}, {{"signing-order"}, 0, 1}, {{"roster"}, 0, 1}});
    Ids body_ids(*this, "body id"), style_names(*this, "style name"), group_ids(*this, "group id"),
        person_ids(*this, "person id"), languages(*this, "<labels> for language");
    for (const XMLElement* c : kids) {
        std::string name = c->Name();
        l.given.insert(name);
        if (name == "organisation") {
            allow_attributes(c, {});
            l.organisation = required_text(c);
        } else if (name == "body") {
            allow_attributes(c, {"id"});
            model::Body b;
            b.where = where(c);
            b.id = required(c, "id");
            body_ids.add(c, "id", b.id);
            b.name = required_text(c);
            l.bodies.push_back(b);
        } else if (name == "page") {
            l.page = page(c);
        } else if (name == "fonts") {
            l.fonts = fonts(c);
        } else if (name == "styles") {
            allow_attributes(c, {});
            for (const XMLElement* s : children(c, {{{"style"}, 0, k_many}})) {
                model::TextStyle st = style(s);
                std::string style_name = required(s, "name");
                style_names.add(s, "name", style_name);
                l.styles[style_name] = st;
            }
        } else if (name == "first-page") {
            l.first_page = first_page(c);
        } else if (name == "header") {
            l.header_lines = header_lines(c);
        } else if (name == "footer") {
            allow_attributes(c, {});
            l.footer = text(c);
        } else if (name == "labels") {
            allow_attributes(c, {"lang"});
            std::string lang = one_of(c, "lang", {"sv", "en"}, "sv");
            languages.add(c, optional(c, "lang") ? "lang" : "", lang);
            auto& labels = lang == "en" ? l.labels_en : l.labels;
            (lang == "en" ? l.labels_en_where : l.labels_where) = where(c);
            Ids label_keys(*this, "label key");
            for (const XMLElement* label : children(c, {{{"label"}, 0, k_many}})) {
                allow_attributes(label, {"key"});
                std::string key = required(label, "key");
                if (!valid_label_key(key))
                    bad_value(label, "key", key, "one of: " + join(k_label_keys) + ", or group-ID for a group");
                label_keys.add(label, "key", key);
                labels[key] = text(label);
            }
        } else if (name == "sections") {
            allow_attributes(c, {"order"});
            empty_element(c);
            required(c, "order");
            l.section_order = section_order(c, "order");
        } else if (name == "hyphenation") {
            l.hyphenation = hyphenation(c);
        } else if (name == "groups") {
            allow_attributes(c, {});
            for (const XMLElement* g : children(c, {{{"group"}, 0, k_many}})) {
                allow_attributes(g, {"id", "section"});
                model::GroupDefinition def;
                def.where = where(g);
                def.id = required(g, "id");
                group_ids.add(g, "id", def.id);
                required(g, "section");
                def.section = one_of(g, "section", {"present", "absent"}, "present");
                def.label = required_text(g);
                l.groups.push_back(def);
            }
        } else if (name == "signing-order") {
            l.signing_order = signing_order(c);
        } else if (name == "roster") {
            allow_attributes(c, {});
            for (const XMLElement* pe : children(c, {{{"person"}, 0, k_many}})) {
                model::Person p = person(pe, true);
                person_ids.add(pe, "id", p.id);
                l.roster.push_back(p);
            }
        }
    }
    return l;
}

}  // namespace

model::Protocol parse_protocol(const std::string& xml, const std::string& path) {
    return Parser(xml, path).protocol_document();
}

model::Protocol parse_protocol_file(const std::string& path) { return parse_protocol(read_file(path), path); }

model::Layout parse_layout(const std::string& xml, const std::string& path) {
    return Parser(xml, path).layout_document();
}

model::Layout parse_layout_file(const std::string& path) { return parse_layout(read_file(path), path); }

std::vector<model::Layout> parse_layout_chain(const std::string& layouts_dir, const std::string& name,
                                              const SourceLocation& requested_at) {
    std::vector<model::Layout> chain;  // child first while loading
    std::string wanted = name;
    SourceLocation asked_at = requested_at;
    std::string asked_by;  // the layout whose extends="…" asked, empty for the protocol
    while (true) {
        std::string path = layouts_dir + "/" + wanted + ".xml";
        struct stat info {};
        if (stat(path.c_str(), &info) != 0) {
            if (asked_by.empty())
                fail(asked_at, "layout \"" + wanted + "\" not found: no file " + path,
                     {"layouts are looked up in " + layouts_dir + "/"});
            fail(asked_at, "layout \"" + asked_by + "\" extends \"" + wanted + "\", which does not exist: no file " + path,
                 {"layouts are looked up in " + layouts_dir + "/"});
        }
        for (const auto& seen : chain) {
            if (seen.id != wanted && seen.path != path) continue;
            std::string cycle;
            for (auto it = chain.begin(); it != chain.end(); ++it) cycle += it->id + " → ";
            fail(asked_at, "layout \"" + asked_by + "\" extends \"" + wanted + "\", which extends it again: a cycle",
                 {"the chain: " + cycle + wanted});
        }
        chain.push_back(parse_layout_file(path));
        if (chain.back().extends.empty()) break;
        wanted = chain.back().extends;
        asked_at = chain.back().extends_where;
        asked_by = chain.back().id;
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
}

}  // namespace protokoll::parse
