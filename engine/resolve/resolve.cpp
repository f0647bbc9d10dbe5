// resolve: protocol + layout → flow document.
//
// Steps, in order:
//   1. look up everything the layout provides (labels, styles, bodies, groups,
//      roster) so that a missing piece fails early with the layout's location;
//   2. resolve the attendance: roster references, ids, who was present;
//   3. number the paragraphs (explicit numbers, else counted on) and refuse
//      numbers that go backwards;
//   4. check the signers: each must be a person present at the meeting;
//   5. build the flow: title, attendance, paragraphs, signature block;
//   6. the page template (first page with its header and logo, running
//      header, footer), hyphenation, and the fonts, verified against
//      fonts/manifest.txt.
//
// The layout arrives merged (resolve/merge.h); labels come from the
// protocol's language, without falling back to another language.
// This file: the entry point, step 1 and the text helpers (resolver.h).
#include "resolver.h"

#include "fonts.h"

#include <algorithm>

namespace protokoll::resolve {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::string capitalised(const std::string& text) {
    if (text.empty()) return text;
    static const std::pair<const char*, const char*> SWEDISH[] = {
        {"å", "Å"}, {"ä", "Ä"}, {"ö", "Ö"}, {"é", "É"}};
    for (const auto& [lower, upper] : SWEDISH)
        if (text.compare(0, 2, lower) == 0) return upper + text.substr(2);
    std::string out = text;
    if (out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

namespace {

Face face_of(model::Face face) {
    switch (face) {
    case model::Face::Bold: return Face::Bold;
    case model::Face::Italic: return Face::Italic;
    case model::Face::BoldItalic: return Face::BoldItalic;
    case model::Face::Regular: break;
    }
    return Face::Regular;
}

document::Align align_of(model::Align align) {
    switch (align) {
    case model::Align::Left: return document::Align::Left;
    case model::Align::Center: return document::Align::Center;
    case model::Align::Right: return document::Align::Right;
    case model::Align::Justify: break;
    }
    return document::Align::Justify;
}

}  // namespace

Resolver::Resolver(const model::Protocol& protocol, const model::Layout& layout, const Options& options)
    : m_protocol(protocol), m_layout(layout), m_options(options) {
    m_kind = protocol.kind.value_or(layout.kind);
    m_english = protocol.language == model::Language::English;
    m_extract = !options.extract.empty();
    m_notice = options.notice;
    m_labels = m_english ? layout.labels_en : layout.labels;
    for (const auto& [key, text] : protocol.labels) m_labels[key] = text;
}

document::Document Resolver::run() {
    collect_bodies();
    resolve_attendance();
    number_paragraphs();
    select_paragraphs();
    resolve_signers();
    check_recusals();

    document::Document doc;
    m_structure.add(document::Role::Document, -1);
    build_page_template(doc.page);
    doc.fonts = find_fonts(m_layout.fonts, m_options.fonts_dir, m_options.font_cache);
    build_hyphenation(doc.hyphenation);
    build_metadata(doc.metadata);
    build_facts(doc.metadata.facts);
    build_signing(doc.signing);
    build_title(doc.flow);
    if (m_notice) {
        build_notice(doc.flow, *notice_dates(true), true);
        build_signatures(doc.flow);
    } else {
        build_attendance(doc.flow);
        build_paragraphs(doc.flow);
        build_signatures(doc.flow);
        build_closing(doc.flow);
        // The layout's notice block, when the protocol already knows its dates.
        if (m_layout.notice && m_layout.notice->in_protocol)
            if (auto dates = notice_dates(false)) build_notice(doc.flow, *dates, false);
        build_appeal(doc.flow);
    }
    doc.structure = std::move(m_structure);
    return doc;
}

// Labels of the protocol's language. An English protocol takes no Swedish
// label: a half-translated document is worse than an error that names
// the missing key.
const std::map<std::string, std::string>& Resolver::labels() const { return m_labels; }

const std::string& Resolver::label(const std::string& key) const {
    auto it = labels().find(key);
    if (it == labels().end()) {
        const SourceLocation& at = m_english ? m_layout.labels_en_where : m_layout.labels_where;
        if (m_english)
            fail(at.line ? at : m_layout.where,
                 "layout \"" + m_layout.id + "\" has no English label \"" + key + "\" (language=\"en\")",
                 {"add <label key=\"" + key + "\">…</label> to its <labels lang=\"en\">"});
        fail(m_layout.where, "layout \"" + m_layout.id + "\" has no label \"" + key + "\"",
             {"add <label key=\"" + key + "\">…</label> to its <labels>"});
    }
    return it->second;
}

std::string Resolver::label_or(const std::string& key, const std::string& fallback) const {
    auto it = labels().find(key);
    return it == labels().end() ? fallback : it->second;
}

// A group's heading: its text in <groups> is the Swedish one; a
// "group-ID" label overrides it, and is required in English.
std::string Resolver::group_label(const model::GroupDefinition& definition) const {
    if (m_english) return label("group-" + definition.id);
    return label_or("group-" + definition.id, definition.label);
}

std::string Resolver::kind_word() const {
    return m_kind == DocumentKind::Protocol ? "protokoll" : "anteckningar";
}

std::string Resolver::title_word() const {
    if (m_notice) return label("title-notice");
    return label((m_extract ? "title-extract-" : "title-") + kind_word());
}

// A run of consecutive numbers as "93–99", others one by one: "95, 97".
std::string Resolver::numbers_text() const {
    std::vector<int> numbers;
    for (size_t i = 0; i < m_numbers.size(); ++i)
        if (m_included[i]) numbers.push_back(m_numbers[i]);
    if (numbers.empty()) return {};
    bool consecutive = true;
    for (size_t i = 1; i < numbers.size(); ++i) consecutive = consecutive && numbers[i] == numbers[i - 1] + 1;
    if (consecutive)
        return std::to_string(numbers.front()) +
               (numbers.size() > 1 ? "–" + std::to_string(numbers.back()) : std::string());
    std::string out;
    for (int n : numbers) out += (out.empty() ? "" : ", ") + std::to_string(n);
    return out;
}

document::Style Resolver::style(const std::string& name) const {
    auto it = m_layout.styles.find(name);
    if (it == m_layout.styles.end()) it = m_layout.styles.find("body");
    document::Style out;
    if (it == m_layout.styles.end()) return out;
    const model::TextStyle& in = it->second;
    out.face = face_of(in.face);
    out.align = align_of(in.align);
    out.size = in.size;
    out.leading = in.leading;
    out.space_before = in.space_before;
    out.space_after = in.space_after;
    out.color = {in.color.r, in.color.g, in.color.b};
    return out;
}

void Resolver::collect_bodies() {
    if (m_layout.bodies.empty()) fail(m_layout.where, "layout \"" + m_layout.id + "\" names no <body>");
    for (const auto& body : m_layout.bodies) m_body_names[body.id] = body.name;
    if (m_protocol.meeting.bodies.empty()) {
        for (const auto& body : m_layout.bodies) m_bodies.push_back(body.id);
    } else {
        for (const auto& id : m_protocol.meeting.bodies) {
            if (!m_body_names.count(id))
                fail(m_protocol.meeting.where, "unknown body \"" + id + "\"",
                     {"the layout \"" + m_layout.id + "\" defines: " + known_bodies()});
            m_bodies.push_back(id);
        }
    }
    m_meeting.insert(m_bodies.begin(), m_bodies.end());
}

std::string Resolver::known_bodies() const {
    std::string out;
    for (const auto& body : m_layout.bodies) out += (out.empty() ? "" : ", ") + body.id;
    return out;
}

void Resolver::check_body(const std::string& id, const SourceLocation& where) const {
    if (!id.empty() && !m_meeting.count(id))
        fail(where, "body \"" + id + "\" does not meet here", {"bodies of this meeting: " + known_bodies()});
}

std::string Resolver::body_names() const {
    std::string out;
    for (size_t i = 0; i < m_bodies.size(); ++i) {
        if (i > 0) out += i + 1 == m_bodies.size() ? " " + label_or("and", m_english ? "and" : "och") + " " : ", ";
        out += m_body_names.at(m_bodies[i]);
    }
    return out;
}

// A public copy's marks in the protocol's language (public_copy.h).
RemovalMark Resolver::removal_mark() const {
    return {label("removed"), label("removed-grounds")};
}

document::Document resolve(const model::Protocol& protocol, const model::Layout& layout, const Options& options) {
    if (!options.public_copy) return Resolver(protocol, layout, options).run();
    const model::Protocol copy = public_copy(protocol, Resolver(protocol, layout, options).removal_mark());
    return Resolver(copy, layout, options).run();
}

}  // namespace protokoll::resolve
