// Parser: locations, errors, attributes and content models shared by the
// protocol and the layout walks.
#include "parser.h"

#include "parse/limits.h"

#include <charconv>

namespace protokoll::parse {

const Words<model::SectionKind> k_section_kinds = {
    {"decision", model::SectionKind::Decision}, {"summary", model::SectionKind::Summary},
    {"discussion", model::SectionKind::Discussion}, {"text", model::SectionKind::Text},
    {"basis", model::SectionKind::Basis}, {"vote", model::SectionKind::Vote},
    {"reservation", model::SectionKind::Reservation}, {"note", model::SectionKind::Note},
    {"distribution", model::SectionKind::Distribution}};

Parser::Parser(const std::string& xml, SourceText source) : m_source(std::move(source)) {
    m_doc.Parse(xml.data(), xml.size());
    if (m_doc.Error()) fail_xml();
    index_offsets(&m_doc);
}

// ---- locations and errors ----

size_t Parser::offset(const XMLElement* e) const {
    auto it = m_offsets.find(e);
    return it == m_offsets.end() ? SourceText::npos : it->second;
}

SourceLocation Parser::where(const XMLElement* e) const { return m_source.location(e->GetLineNum(), offset(e)); }

SourceLocation Parser::where(const XMLElement* e, const std::string& attribute) const {
    const XMLAttribute* a = e->FindAttribute(attribute.c_str());
    if (!a) return where(e);
    size_t from = a->GetLineNum() == e->GetLineNum() && offset(e) != SourceText::npos ? offset(e) + 1 : 0;
    return m_source.location(a->GetLineNum(), m_source.find_attribute(a->GetLineNum(), attribute, from));
}

// Where a text node's first word is: tinyxml2 gives only the line its
// leading white space starts on.
SourceLocation Parser::where_text(const XMLNode* text) const {
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

void Parser::error(const XMLElement* e, const std::string& message, std::vector<std::string> hints) const {
    fail(where(e), message, std::move(hints));
}

void Parser::bad_value(const XMLElement* e, const std::string& attribute, const std::string& value,
                       const std::string& expected) const {
    fail(where(e, attribute), "bad value \"" + value + "\" for attribute \"" + attribute + "\" on " + tag(e->Name()),
         {"expected " + expected});
}

// The well-formedness check (wellformed.h) runs first and catches what
// tinyxml2 reports here; this stays for what only tinyxml2 notices.
// tinyxml2's messages ("Error=XML_ERROR_MISMATCHED_ELEMENT ErrorID=14 …")
// are for programmers; say what is wrong in the file instead.
void Parser::fail_xml() const {
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
// elements of the same name on one line. The tree is no deeper than
// limits::depth (wellformed.h), so the recursion is bounded.
void Parser::index_offsets(const XMLNode* parent) {
    for (const XMLElement* e = parent->FirstChildElement(); e; e = e->NextSiblingElement()) {
        size_t at = m_source.find_tag(e->GetLineNum(), e->Name(), m_cursor);
        if (at != SourceText::npos) m_cursor = at + 1;
        m_offsets[e] = at;
        index_offsets(e);
    }
}

// ---- structure and attributes ----

const XMLElement* Parser::root(const std::string& name) const {
    const XMLElement* e = m_doc.RootElement();
    for (const XMLNode* n = m_doc.FirstChild(); n; n = n->NextSibling())
        if (n->ToText() && !is_blank(n->Value())) fail(where_text(n), "text outside the root element " + tag(name));
    if (!e) fail({m_source.path(), 1, 0}, "no root element: expected " + tag(name));
    if (e->Name() != name) error(e, "wrong root element " + tag(e->Name()) + ": expected " + tag(name));
    if (const XMLElement* second = e->NextSiblingElement())
        error(second, "a second root element " + tag(second->Name()) + " after " + tag(name));
    return e;
}

// Rejects attributes not in `allowed`. Namespace declarations and xsi:
// attributes (schema location for editors) are always fine.
void Parser::allow_attributes(const XMLElement* e, const std::vector<std::string>& allowed) const {
    for (const XMLAttribute* a = e->FirstAttribute(); a; a = a->Next()) {
        std::string name = a->Name();
        if (name.rfind("xmlns", 0) == 0 || name.rfind("xsi:", 0) == 0) continue;
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        fail(where(e, name), "unknown attribute \"" + name + "\" on " + tag(e->Name()),
             {allowed.empty() ? tag(e->Name()) + " takes no attributes" : "allowed attributes: " + join(allowed)});
    }
}

std::optional<std::string> Parser::optional(const XMLElement* e, const std::string& name) const {
    const char* value = e->Attribute(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
}

std::string Parser::required(const XMLElement* e, const std::string& name) const {
    auto value = optional(e, name);
    if (!value) error(e, "missing required attribute \"" + name + "\" on " + tag(e->Name()));
    if (trim(*value).empty())
        fail(where(e, name), "attribute \"" + name + "\" on " + tag(e->Name()) + " must not be empty");
    return *value;
}

std::string Parser::one_of(const XMLElement* e, const std::string& name, const std::vector<std::string>& values,
                           const std::string& fallback) const {
    auto value = optional(e, name);
    if (!value) return fallback;
    if (std::find(values.begin(), values.end(), *value) == values.end())
        bad_value(e, name, *value, "one of: " + join(values));
    return *value;
}

std::optional<std::string> Parser::matching(const XMLElement* e, const std::string& name,
                                            bool (*matches)(const std::string&), const std::string& expected) const {
    auto value = optional(e, name);
    if (value && !matches(*value)) bad_value(e, name, *value, expected);
    return value;
}

std::optional<std::string> Parser::date(const XMLElement* e, const std::string& name) const {
    return matching(e, name, is_date, "a date YYYY-MM-DD");
}

std::optional<int> Parser::positive_integer(const XMLElement* e, const std::string& name) const {
    auto value = optional(e, name);
    if (!value) return std::nullopt;
    int number = 0;
    auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (ec != std::errc() || end != value->data() + value->size() || number <= 0 || (*value)[0] == '+')
        bad_value(e, name, *value, "a positive integer");
    return number;
}

bool Parser::boolean(const XMLElement* e, const std::string& name) const {
    return choice<bool>(e, name, {{"true", true}, {"false", false}}, false);
}

// A length in the layout: "30mm" or "12pt", converted to pt.
double Parser::length(const XMLElement* e, const std::string& name, double fallback) const {
    auto value = optional(e, name);
    if (!value) return fallback;
    auto pt = parse_length(*value);
    if (!pt) bad_value(e, name, *value, "a length with unit mm or pt (\"25mm\", \"12pt\")");
    return *pt;
}

// A size in pt: "11", "11.5" or "11pt".
double Parser::points(const XMLElement* e, const std::string& name, double fallback) const {
    auto value = optional(e, name);
    if (!value) return fallback;
    auto pt = parse_points(*value);
    if (!pt) bad_value(e, name, *value, "a number of points (\"11\", \"10.5\")");
    return *pt;
}

model::Color Parser::color(const XMLElement* e, const std::string& name) const {
    auto value = matching(e, name, is_color, "a color #rrggbb");
    if (!value) return {};
    auto channel = [&](int i) { return std::stoi(value->substr(1 + 2 * i, 2), nullptr, 16) / 255.0; };
    return {channel(0), channel(1), channel(2)};
}

model::DocumentKind Parser::document_kind(const XMLElement* e) const {
    return choice<model::DocumentKind>(
        e, "kind", {{"protokoll", model::DocumentKind::Protocol}, {"anteckningar", model::DocumentKind::Notes}},
        model::DocumentKind::Protocol);
}

// ---- content models and text ----

// Checks the child elements of `e` against ordered slots and returns them
// in document order. Text other than white space is not allowed here.
std::vector<const XMLElement*> Parser::children(const XMLElement* e, const std::vector<Slot>& slots) const {
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
            fail(at, "text directly in " + tag(e->Name()), {"put it inside one of: " + join(all_names)});
        }
        const XMLElement* c = n->ToElement();
        if (!c) continue;
        std::string name = c->Name();
        size_t index = 0;
        while (index < slots.size() &&
               std::find(slots[index].names.begin(), slots[index].names.end(), name) == slots[index].names.end())
            ++index;
        if (index == slots.size())
            error(c, "unknown element " + tag(name) + " in " + tag(e->Name()),
                  {slots.empty() ? tag(e->Name()) + " must be empty" : "expected one of: " + join(all_names)});
        if (index < current)
            error(c, tag(name) + " is out of order in " + tag(e->Name()), {"expected order: " + join(all_names)});
        for (; current < index; ++current)
            if (counts[current] < slots[current].min)
                error(c, tag(e->Name()) + " needs a " + slot_names(slots[current]) + " before " + tag(name));
        if (++counts[index] > slots[index].max)
            error(c, slots[index].max == 1 ? tag(name) + " may appear only once in " + tag(e->Name())
                                           : "too many " + tag(name) + " in " + tag(e->Name()));
        out.push_back(c);
    }
    for (; current < slots.size(); ++current)
        if (counts[current] < slots[current].min) error(e, tag(e->Name()) + " needs a " + slot_names(slots[current]));
    return out;
}

const XMLElement* Parser::child(const std::vector<const XMLElement*>& kids, const std::string& name) {
    for (const XMLElement* c : kids)
        if (c->Name() == name) return c;
    return nullptr;
}

// Plain text content, white space collapsed and trimmed.
std::string Parser::text(const XMLElement* e) const {
    std::string raw;
    for (const XMLNode* n = e->FirstChild(); n; n = n->NextSibling()) {
        if (const XMLElement* c = n->ToElement())
            error(c, "element " + tag(c->Name()) + " is not allowed in " + tag(e->Name()),
                  {tag(e->Name()) + " holds plain text only"});
        if (n->ToText()) raw += n->Value();
    }
    std::string out = trim(collapse(raw));
    check_text_limits(out, where(e));
    return out;
}

std::string Parser::required_text(const XMLElement* e) const {
    std::string value = text(e);
    if (value.empty()) error(e, tag(e->Name()) + " must not be empty");
    return value;
}

// Characters are counted as UTF-8 lead bytes; words end at the spaces
// that collapse() left (a no-break space joins, as it does in print).
void Parser::check_text_limits(const std::string& text, const SourceLocation& where) const {
    size_t characters = 0, word = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
        ++characters;
        word = c == ' ' ? 0 : word + 1;
        if (word > limits::word_chars)
            fail(where, "a word longer than " + std::to_string(limits::word_chars) + " characters (limit " +
                            std::to_string(limits::word_chars) + ")",
                 {"put spaces between words; a long link belongs in href=\"…\""});
    }
    if (characters > limits::text_chars)
        fail(where, "a block of text longer than " + std::to_string(limits::text_chars) + " characters (limit " +
                        std::to_string(limits::text_chars) + ")",
             {"split it into several <p> or paragraphs"});
}

void Parser::Ids::add(const XMLElement* e, const std::string& attribute, const std::string& id) {
    auto [it, fresh] = m_lines.emplace(id, e->GetLineNum());
    if (!fresh)
        fail(m_parser.where(e, attribute), "duplicate " + m_what + " \"" + id + "\"",
             {"first used on line " + std::to_string(it->second)});
}

}  // namespace protokoll::parse
