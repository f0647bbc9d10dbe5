// The walk over tinyxml2's tree that builds the model (private to parse).
//
// The walk is table-driven where it can be: every element states its allowed
// attributes (allow_attributes) and its content model as ordered slots
// (children), and the shared helpers produce the messages, so that every
// element reports errors the same way. Checks that need the whole document
// (paragraph numbering, signers against attendance, roster references) belong
// to resolve, not here.
//
// Its members live in four files by meaning: parser.cpp (locations, errors,
// attributes, content models), rich_text.cpp, protocol.cpp, layout.cpp.
#pragma once

#include "lexical.h"
#include "source.h"

#include "model/layout.h"
#include "model/protocol.h"

#include <tinyxml2.h>

#include <algorithm>
#include <climits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace protokoll::parse {

using tinyxml2::XMLAttribute;
using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

constexpr int k_many = INT_MAX;

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
    std::string lang;
    int confidential = 0;
    std::string grounds;
};

// A closed set as written in the file: each word and its value.
template <typename T>
using Words = std::vector<std::pair<std::string, T>>;

extern const Words<model::SectionKind> k_section_kinds;

class Parser {
public:
    // `xml` is UTF-8 (encoding.h) and well-formed (wellformed.h); it must outlive the parser.
    // `source` is the same text, already indexed (the well-formedness check used it).
    Parser(const std::string& xml, SourceText source);

    model::Protocol protocol_document() const;
    model::Layout layout_document() const;

private:
    // ---- locations and errors (parser.cpp) ----
    size_t offset(const XMLElement* e) const;
    SourceLocation where(const XMLElement* e) const;
    SourceLocation where(const XMLElement* e, const std::string& attribute) const;
    SourceLocation where_text(const XMLNode* text) const;
    [[noreturn]] void error(const XMLElement* e, const std::string& message, std::vector<std::string> hints = {}) const;
    [[noreturn]] void bad_value(const XMLElement* e, const std::string& attribute, const std::string& value,
                                const std::string& expected) const;
    [[noreturn]] void fail_xml() const;
    void index_offsets(const XMLNode* parent);

    // ---- structure and attributes (parser.cpp) ----
    const XMLElement* root(const std::string& name) const;
    void allow_attributes(const XMLElement* e, const std::vector<std::string>& allowed) const;
    std::optional<std::string> optional(const XMLElement* e, const std::string& name) const;
    std::string required(const XMLElement* e, const std::string& name) const;
    std::string one_of(const XMLElement* e, const std::string& name, const std::vector<std::string>& values,
                       const std::string& fallback) const;
    // A value that must satisfy `matches`; `expected` says what in words.
    std::optional<std::string> matching(const XMLElement* e, const std::string& name,
                                        bool (*matches)(const std::string&), const std::string& expected) const;
    std::optional<std::string> date(const XMLElement* e, const std::string& name) const;
    std::optional<int> positive_integer(const XMLElement* e, const std::string& name) const;
    bool boolean(const XMLElement* e, const std::string& name) const;
    double length(const XMLElement* e, const std::string& name, double fallback) const;
    double points(const XMLElement* e, const std::string& name, double fallback) const;
    model::Color color(const XMLElement* e, const std::string& name) const;
    model::DocumentKind document_kind(const XMLElement* e) const;

    // A word of a closed set: its value, `fallback` when the attribute is absent.
    template <typename T>
    T choice(const XMLElement* e, const std::string& name, const Words<T>& words, T fallback) const {
        auto value = optional(e, name);
        if (!value) return fallback;
        for (const auto& [word, meaning] : words)
            if (word == *value) return meaning;
        std::vector<std::string> expected;
        for (const auto& entry : words) expected.push_back(entry.first);
        bad_value(e, name, *value, "one of: " + join(expected));
    }

    std::vector<const XMLElement*> children(const XMLElement* e, const std::vector<Slot>& slots) const;
    static const XMLElement* child(const std::vector<const XMLElement*>& kids, const std::string& name);
    void empty_element(const XMLElement* e) const { children(e, {}); }
    std::string text(const XMLElement* e) const;
    std::string required_text(const XMLElement* e) const;
    // Refuses a block of text or a word past its limit (parse/limits.h).
    void check_text_limits(const std::string& text, const SourceLocation& where) const;

    // Remembers ids of one kind and fails on a second use.
    class Ids {
    public:
        Ids(const Parser& parser, std::string what) : m_parser(parser), m_what(std::move(what)) {}
        void add(const XMLElement* e, const std::string& attribute, const std::string& id);

    private:
        const Parser& m_parser;
        std::string m_what;
        std::map<std::string, int> m_lines;
    };

    // ---- rich text (rich_text.cpp) ----
    std::vector<model::Inline> normalize(const std::vector<model::Inline>& raw, const SourceLocation& where) const;
    const XMLElement* inline_content(const XMLNode* first, const XMLElement* parent, const Format& format,
                                     std::vector<model::Inline>& out, bool list_ends) const;
    Format inline_element(const XMLElement* c, const XMLElement* parent, const Format& format, bool list_ends) const;
    model::Block paragraph_block(const XMLNode* first, const XMLElement* parent) const;
    model::Block list(const XMLElement* e, int depth) const;
    model::ListItem list_item(const XMLElement* li, int depth) const;
    model::RichText rich_text(const XMLElement* e) const;
    model::RichText blocks(const XMLElement* e, int depth) const;

    // ---- protocol (protocol.cpp) ----
    model::Person person(const XMLElement* e, bool roster) const;
    model::Meeting meeting(const XMLElement* e) const;
    std::vector<model::AttendanceGroup> attendance(const XMLElement* e) const;
    std::string grounds(const XMLElement* e, bool confidential) const;
    model::Section section(const XMLElement* e) const;
    void label_entries(const XMLElement* c, std::map<std::string, std::string>& labels) const;
    model::Vote vote(const XMLElement* e) const;
    std::vector<model::Paragraph> paragraphs(const XMLElement* e) const;
    std::vector<model::Signer> signatures(const XMLElement* e) const;

    // ---- layout (layout.cpp) ----
    model::PageGeometry page(const XMLElement* e) const;
    model::FontFiles fonts(const XMLElement* e) const;
    model::TextStyle style(const XMLElement* e) const;
    std::vector<model::SectionKind> section_order(const XMLElement* e, const std::string& name) const;
    std::vector<std::string> header_lines(const XMLElement* e) const;
    model::Logo logo(const XMLElement* e) const;
    model::FirstPage first_page(const XMLElement* e) const;
    model::HyphenationSettings hyphenation(const XMLElement* e) const;
    std::vector<model::SigningStep> signing_order(const XMLElement* e) const;
    void labels(const XMLElement* c, model::Layout& l, Ids& languages) const;
    void groups(const XMLElement* c, model::Layout& l) const;
    struct LayoutIds;  // the ids a layout must not repeat (layout.cpp)
    void layout_part(const XMLElement* c, model::Layout& l, LayoutIds& ids) const;

    SourceText m_source;
    mutable int m_confidential = 0;  // <confidential> elements seen so far: each run knows its own
    XMLDocument m_doc;
    std::unordered_map<const XMLElement*, size_t> m_offsets;
    size_t m_cursor = 0;
};

}  // namespace protokoll::parse
