// The resolver (private to resolve): one protocol and its merged layout,
// turned into a flow document step by step (resolve.cpp lists the steps).
// Its members live in five files by step: resolve.cpp (what the layout
// provides), attendance.cpp (people, numbers, signers), flow.cpp (title,
// attendance and paragraphs), signatures.cpp, page.cpp (page template,
// hyphenation, metadata).
#pragma once

#include "public_copy.h"
#include "resolve/resolve.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace protokoll::resolve {

using document::Face;
using document::Role;
using document::Run;
using document::TextBlock;
using model::DocumentKind;
using model::Person;

constexpr double LIST_INDENT = 18;  // pt per list level: room for "•" or "10." and a gap

std::string replace_all(std::string text, const std::string& from, const std::string& to);
std::string capitalised(const std::string& text);  // first letter upper-cased, Swedish letters too

class Resolver {
public:
    Resolver(const model::Protocol& protocol, const model::Layout& layout, const Options& options);

    document::Document run();
    RemovalMark removal_mark() const;   // the layout's "removed" and "removed-grounds" labels

private:
    struct Entry {
        Person person;  // roster merged with the protocol's overrides
        bool present = true;
    };
    struct Group {
        const model::GroupDefinition* definition;
        std::vector<Entry> entries;
    };
    struct Signer {
        const model::Signer* written;
        Person person;
        std::string field;
    };

    // ---- 1. what the layout provides (resolve.cpp) ----
    const std::map<std::string, std::string>& labels() const;
    const std::string& label(const std::string& key) const;
    std::string label_or(const std::string& key, const std::string& fallback) const;
    std::string group_label(const model::GroupDefinition& definition) const;
    std::string kind_word() const;
    std::string title_word() const;     // "Protokoll", or "Protokollsutdrag" for an extract
    std::string numbers_text() const;   // the included paragraphs' numbers: "93–99", "95, 97"
    document::Style style(const std::string& name) const;
    void collect_bodies();
    std::string known_bodies() const;
    void check_body(const std::string& id, const SourceLocation& where) const;
    std::string body_names() const;

    // ---- 2.–4. attendance, numbering, signers (attendance.cpp) ----
    void resolve_attendance();
    static Person merge(const Person& written, const std::map<std::string, const Person*>& roster);
    void number_paragraphs();
    void select_paragraphs();   // Options::extract
    void resolve_signers();

    // ---- 5. the flow (flow.cpp, signatures.cpp) ----
    TextBlock text_block(const std::string& style_name, const std::string& text, const SourceLocation& where,
                         bool keep_with_next = false) const;
    // The block's text as the content of a new element `role` under `parent`
    // (its links as Link elements inside it).
    TextBlock& tagged(TextBlock& block, document::Role role, int parent);
    int tag(document::Role role, int parent, std::string alt = {});
    void build_title(std::vector<document::Item>& flow);
    std::string describe(const Entry& entry) const;
    void build_attendance(std::vector<document::Item>& flow);
    std::string number_text(int number) const;
    void build_paragraphs(std::vector<document::Item>& flow);
    std::vector<const model::Section*> ordered(const std::vector<model::Section>& sections) const;
    void build_section(const model::Section& section, int parent, std::vector<document::Item>& flow);
    void hang(TextBlock& block, const std::string& marker, int level) const;
    // One item of the flat list `list`: LI > Lbl (the marker, hung) and LBody (the block).
    void list_item(std::vector<document::Item>& flow, int list, TextBlock block, const std::string& marker);
    // "Label: value", the label bold and the value never hyphenated, with no space after.
    TextBlock labelled_line(const std::string& label, const std::string& value, const SourceLocation& where) const;
    // The last block ends with a body paragraph's space (after a list or a run of lines).
    void end_with_paragraph_space(std::vector<document::Item>& flow) const;
    std::vector<Run> runs(const std::vector<model::Inline>& inlines, Face base) const;
    static std::string list_marker(const model::Block& list, int level, size_t index);
    // Blocks of a section (level 0, inside `parent`) or of a list item
    // (level N, inside its LBody `parent`, the first paragraph after the
    // item's marker, whose Lbl is `marker_element`).
    void build_rich_text(const model::RichText& blocks, int level, int parent, std::vector<document::Item>& flow,
                         const std::string& marker = {}, int marker_element = document::ARTIFACT);
    int signing_order(const Signer& signer) const;
    std::string printed_role(const Signer& signer) const;
    void build_signatures(std::vector<document::Item>& flow);

    // ---- votes, reservations, notes, distribution, recusals (proceedings.cpp) ----
    void check_recusals();
    std::string person_name(const std::string& id, const SourceLocation& where) const;  // "Kent Lagrell (M)"
    void build_recusals(const model::Paragraph& paragraph, int parent, std::vector<document::Item>& flow);
    void build_vote(const model::Section& section, int parent, std::vector<document::Item>& flow);
    void build_statement(const model::Section& section, int parent, std::vector<document::Item>& flow);
    void build_distribution(const model::Section& section, int parent, std::vector<document::Item>& flow);

    // ---- the posting notice (notice.cpp) ----
    struct NoticeDates {
        std::string adjusted, posted, appeal_until, taken_down;
    };
    std::optional<NoticeDates> notice_dates(bool required) const;
    void build_notice(std::vector<document::Item>& flow, const NoticeDates& dates, bool own_document);

    // ---- after the signatures (closing.cpp) ----
    void build_closing(std::vector<document::Item>& flow);
    void build_appeal(std::vector<document::Item>& flow);

    // ---- 6. page, hyphenation and metadata (page.cpp) ----
    void build_hyphenation(document::Hyphenation& hyphenation) const;
    std::string fill(const std::string& templ) const;
    void build_page_template(document::PageTemplate& page);
    static document::Image image(const model::Logo& logo, const document::PageTemplate& page);
    void build_metadata(document::Metadata& metadata) const;
    void build_signing(document::Signing& signing) const;
    void build_facts(document::Facts& facts) const;  // (facts.cpp)

    const model::Protocol& m_protocol;
    const model::Layout& m_layout;
    const Options& m_options;
    DocumentKind m_kind;
    bool m_english = false;                                   // language="en": English labels
    std::map<std::string, std::string> m_labels;              // the layout's in the protocol's language, the protocol's over them
    std::map<std::string, std::string> m_body_names;
    // The heading of the paragraph's previous section: body decisions with
    // a lead-in share one "Beslut".
    std::string m_previous_heading;
    std::vector<std::string> m_bodies;                        // ids of the bodies that meet, in order
    std::set<std::string> m_meeting;                          // the same ids, to look up
    std::vector<Group> m_groups;
    std::map<std::string, std::pair<Person, bool>> m_people;  // id → (person, present)
    std::vector<int> m_numbers;                               // per paragraph
    std::vector<bool> m_included;                             // per paragraph: all, or those extracted
    bool m_extract = false;                                   // Options::extract: a protokollsutdrag
    bool m_notice = false;                                    // Options::notice: the anslagsbevis alone
    std::map<std::string, std::vector<int>> m_recused;        // person id → numbers of the paragraphs they are recused from
    std::vector<Signer> m_signers;
    document::Structure m_structure;                          // built with the flow, in reading order
};

}  // namespace protokoll::resolve
