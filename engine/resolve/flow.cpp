// Resolver, step 5: the flow of title, attendance and paragraphs.
#include "resolver.h"

#include <algorithm>
#include <iterator>

namespace protokoll::resolve {

namespace {

Face combine(Face base, bool strong, bool emphasis) {
    bool bold = strong || base == Face::Bold || base == Face::BoldItalic;
    bool italic = emphasis || base == Face::Italic || base == Face::BoldItalic;
    if (bold && italic) return Face::BoldItalic;
    if (bold) return Face::Bold;
    if (italic) return Face::Italic;
    return Face::Regular;
}

// Whether language tags `a` and `b` name one language: their primary
// subtags ("en" of "en-GB") agree, in any case.
bool same_language(const std::string& a, const std::string& b) {
    auto primary = [](const std::string& tag) {
        std::string out = tag.substr(0, tag.find('-'));
        for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return out;
    };
    return primary(a) == primary(b);
}

}  // namespace

TextBlock Resolver::text_block(const std::string& style_name, const std::string& text,
                     const SourceLocation& where, bool keep_with_next) const {
    TextBlock block;
    block.style = style(style_name);
    block.runs.push_back(Run{text, block.style.face, {}, false});
    block.keep_with_next = keep_with_next;
    block.where = where;
    return block;
}

int Resolver::tag(Role role, int parent, std::string alt) {
    return m_structure.add(role, parent, std::move(alt));
}

TextBlock& Resolver::tagged(TextBlock& block, Role role, int parent) {
    block.element = tag(role, parent);
    // Consecutive runs with one URI are one link (as typeset draws them);
    // consecutive runs in one other language, outside links, one Span. A
    // link's words in another language give the Link that /Lang.
    const std::string* open_link = nullptr;
    const std::string* open_span = nullptr;
    int link = document::ARTIFACT, span = document::ARTIFACT;
    for (Run& run : block.runs) {
        if (!run.link.empty()) {
            open_span = nullptr;
            if (!open_link || *open_link != run.link || m_structure.elements[link].lang != run.lang) {
                link = tag(Role::Link, block.element);
                m_structure.elements[link].lang = run.lang;
            }
            open_link = &run.link;
            run.element = link;
        } else if (!run.lang.empty()) {
            open_link = nullptr;
            if (!open_span || *open_span != run.lang) {
                span = tag(Role::Span, block.element);
                m_structure.elements[span].lang = run.lang;
            }
            open_span = &run.lang;
            run.element = span;
        } else if (!run.line_break) {
            open_link = open_span = nullptr;
        }
    }
    return block;
}

void Resolver::build_title(std::vector<document::Item>& flow) {
    std::string title = m_protocol.title.empty() || m_extract ? title_word() : m_protocol.title;
    TextBlock heading = text_block("title", title, m_protocol.where, true);
    flow.push_back(tagged(heading, Role::H1, 0));
    // The bodies that met, unless the document's words leave them out (subtitle "").
    const std::string subtitle = replace_all(label_or("subtitle", "{body}"), "{body}", body_names());
    if (subtitle.empty()) return;
    TextBlock bodies = text_block("subtitle", subtitle, m_protocol.where, true);
    flow.push_back(tagged(bodies, Role::P, 0));
}

std::string Resolver::describe(const Entry& entry) const {
    const Person& p = entry.person;
    if (p.vacant) {
        std::string out = label("vacant");
        if (!p.party.empty()) out += " (" + p.party + ")";
        return out + ", " + p.municipality;
    }
    std::string out = p.name;
    if (!p.party.empty()) out += " (" + p.party + ")";
    for (const std::string* part : {&p.municipality, &p.role, &p.title, &p.organisation})
        if (!part->empty()) out += ", " + *part;
    // Partial attendance as written: "(från pkt. 3)" follows a space, "§ 95" a comma.
    if (!p.attended.empty()) out += (p.attended[0] == '(' ? " " : ", ") + p.attended;
    if (!p.reason.empty()) out += " " + replace_all(label_or("absence-reason", "({reason})"), "{reason}", p.reason);
    if (auto recused = m_recused.find(p.id); recused != m_recused.end() && entry.present) {
        std::string numbers;
        for (int n : recused->second) numbers += (numbers.empty() ? "" : ", ") + number_text(n);
        out += ", " + replace_all(label("recused-in"), "{paragraphs}", numbers);
    }
    return out;
}

// The layout's groups in its order under each heading, each with the
// protocol's groups that fill it (looked up once: groups × definitions
// would be quadratic on a hostile file).
void Resolver::build_attendance(std::vector<document::Item>& flow) {
    std::map<const model::GroupDefinition*, std::vector<const Group*>> filled;
    for (const auto& group : m_groups)
        if (!group.entries.empty()) filled[group.definition].push_back(&group);
    const std::pair<model::Attendance, const char*> sections[] = {{model::Attendance::Present, "present"},
                                                                  {model::Attendance::Absent, "absent"}};
    for (const auto& [section, label_key] : sections) {
        bool heading = false;
        int sect = document::ARTIFACT;
        for (const auto& definition : m_layout.groups) {
            if (definition.section != section) continue;
            auto groups = filled.find(&definition);
            if (groups == filled.end()) continue;
            for (const Group* group_pointer : groups->second) {
                const Group& group = *group_pointer;
                if (!heading) {
                    sect = tag(Role::Sect, 0);
                    TextBlock block = text_block("heading", label(label_key), definition.where, true);
                    flow.push_back(tagged(block, Role::H2, sect));
                    heading = true;
                }
                TextBlock name = text_block("group", group_label(definition), definition.where, true);
                flow.push_back(tagged(name, Role::H3, sect));
                // The people of a group: a list (LI, LBody) under its heading.
                const int list = tag(Role::L, sect);
                for (const auto& entry : group.entries) {
                    TextBlock line = text_block("attendance", describe(entry), entry.person.where);
                    line.runs.front().hyphenate = false;  // names and places
                    line.keep_together = true;
                    flow.push_back(tagged(line, Role::LBody, tag(Role::LI, list)));
                }
            }
        }
    }
}

std::string Resolver::number_text(int number) const {
    return m_kind == DocumentKind::Protocol ? "§ " + std::to_string(number) : std::to_string(number);
}

void Resolver::build_paragraphs(std::vector<document::Item>& flow) {
    if (m_numbers.empty()) return;
    // "PARAGRAFER 93–99"; a label "" prints no overview (a document that has none).
    std::string heading = label(m_kind == DocumentKind::Protocol ? "paragraphs" : "points");
    if (!heading.empty()) {
        TextBlock overview = text_block("heading", heading + " " + numbers_text(), m_protocol.where, true);
        flow.push_back(tagged(overview, Role::H2, 0));
    }

    for (size_t i = 0; i < m_protocol.paragraphs.size(); ++i) {
        if (!m_included[i]) continue;
        const auto& paragraph = m_protocol.paragraphs[i];
        // "§ 93." — the number and its title never part at a line end.
        std::string title = replace_all(number_text(m_numbers[i]), " ", "\u00a0") + ". " + paragraph.title;
        if (paragraph.attachment) title += " (" + label("attachment") + ")";
        // Each § a Sect: its title an H2, its sections' labels H3.
        const int sect = tag(Role::Sect, 0);
        TextBlock block = text_block("paragraph-title", title, paragraph.where, true);
        flow.push_back(tagged(block, Role::H2, sect));
        build_recusals(paragraph, sect, flow);
        m_previous_heading.clear();
        for (const model::Section* section : ordered(paragraph.sections)) build_section(*section, sect, flow);
    }
}

// The layout's order (or the protocol's section-order) wins over the
// written one: the kinds it names are sorted, stably, among the places
// they occupy, so several decisions (one per body) keep their written
// order and kinds it does not name stay where they were written.
std::vector<const model::Section*> Resolver::ordered(const std::vector<model::Section>& sections) const {
    const std::vector<model::SectionKind>& order =
        m_protocol.section_order ? *m_protocol.section_order : m_layout.section_order;
    std::vector<const model::Section*> out;
    for (const auto& section : sections) out.push_back(&section);
    if (order.empty()) return out;
    auto rank = [&](const model::Section* s) {
        return std::find(order.begin(), order.end(), s->kind) - order.begin();
    };
    auto named = [&](const model::Section* s) { return rank(s) < static_cast<long>(order.size()); };
    std::vector<const model::Section*> sorted;
    std::copy_if(out.begin(), out.end(), std::back_inserter(sorted), named);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const model::Section* a, const model::Section* b) { return rank(a) < rank(b); });
    auto next = sorted.begin();
    for (auto& slot : out)
        if (named(slot)) slot = *next++;
    return out;
}

void Resolver::build_section(const model::Section& section, int parent, std::vector<document::Item>& flow) {
    static const std::map<model::SectionKind, const char*> LABEL_KEYS = {
        {model::SectionKind::Decision, "decision"}, {model::SectionKind::Summary, "summary"},
        {model::SectionKind::Discussion, "discussion"}, {model::SectionKind::Basis, "basis"},
        {model::SectionKind::Vote, "vote"}, {model::SectionKind::Reservation, "reservation"},
        {model::SectionKind::Note, "note"}, {model::SectionKind::Distribution, "distribution"}};
    check_body(section.body, section.where);
    std::string heading;
    if (section.label) heading = *section.label;
    else if (auto key = LABEL_KEYS.find(section.kind); key != LABEL_KEYS.end()) heading = label(key->second);
    // A body's decision: its lead-in ("Styrgruppen för arbetsmarknad
    // beslutar att") names the body, so the heading does not, and the
    // bodies' decisions that follow one another share it; without a
    // lead-in, at a joint meeting, the heading names the body.
    std::string lead_in;
    if (section.kind == model::SectionKind::Decision && !section.body.empty())
        lead_in = replace_all(section.lead_in ? *section.lead_in : label_or("decision-lead-in", ""), "{body}",
                              m_body_names.at(section.body));
    if (!heading.empty() && !section.body.empty() && m_bodies.size() > 1 && lead_in.empty())
        heading += " – " + m_body_names.at(section.body);
    const bool shared = !lead_in.empty() && heading == m_previous_heading;
    m_previous_heading = heading;
    if (!heading.empty() && !shared) {
        TextBlock block = text_block("label", heading, section.where, true);
        flow.push_back(tagged(block, Role::H3, parent));
    }
    if (!lead_in.empty() && !section.content.empty()) {
        model::RichText content = section.content;
        model::Inline words;
        words.text = lead_in;
        // Before a list, or ending in ":", the lead-in is a paragraph of its
        // own; else the decision's first sentence continues it.
        if (content.front().kind == model::Block::Kind::Paragraph && lead_in.back() != ':') {
            words.text += ' ';
            content.front().inlines.insert(content.front().inlines.begin(), words);
        } else {
            model::Block paragraph;
            paragraph.kind = model::Block::Kind::Paragraph;
            paragraph.inlines.push_back(words);
            paragraph.where = section.where;
            content.insert(content.begin(), paragraph);
        }
        build_rich_text(content, 0, parent, flow);
        return;
    }

    if (section.kind == model::SectionKind::Basis) {
        const int list = section.documents.empty() ? document::ARTIFACT : tag(Role::L, parent);
        for (const auto& doc : section.documents) {
            std::string line = doc.title;
            if (!doc.date.empty()) line += ", " + replace_all(label_or("basis-date", "{date}"), "{date}", doc.date);
            if (!doc.reference.empty())
                line += ", " + replace_all(label_or("basis-reference", "dnr\u00a0{reference}"), "{reference}", doc.reference);
            TextBlock block = text_block("list", line, doc.where);
            block.runs.front().hyphenate = false;  // diarienummer, dates
            list_item(flow, list, std::move(block), "•");
        }
        return;
    }
    const bool removed = !section.content.empty();  // a public copy's mark in place of a vote or distribution
    switch (section.kind) {
    case model::SectionKind::Vote:
        if (removed) break;
        build_vote(section, parent, flow);
        return;
    case model::SectionKind::Reservation:
    case model::SectionKind::Note: build_statement(section, parent, flow); return;
    case model::SectionKind::Distribution:
        if (removed) break;
        build_distribution(section, parent, flow);
        return;
    default: break;
    }
    build_rich_text(section.content, 0, parent, flow);
}

void Resolver::hang(TextBlock& block, const std::string& marker, int level) const {
    block.marker = marker;
    block.marker_indent = level * LIST_INDENT;
    block.indent = (level + 1) * LIST_INDENT;
}

void Resolver::list_item(std::vector<document::Item>& flow, int list, TextBlock block, const std::string& marker) {
    hang(block, marker, 0);
    const int item = tag(Role::LI, list);
    block.marker_element = tag(Role::Lbl, item);
    flow.push_back(tagged(block, Role::LBody, item));
}

TextBlock Resolver::labelled_line(const std::string& label, const std::string& value, const SourceLocation& where) const {
    TextBlock line = text_block("body", label, where, true);
    line.runs.front().face = Face::Bold;
    line.runs.push_back(Run{value, line.style.face, {}, false});
    line.runs.back().hyphenate = false;
    line.style.space_after = 0;
    return line;
}

void Resolver::end_with_paragraph_space(std::vector<document::Item>& flow) const {
    if (auto* last = flow.empty() ? nullptr : std::get_if<TextBlock>(&flow.back()))
        last->style.space_after = style("body").space_after;
}

std::vector<Run> Resolver::runs(const std::vector<model::Inline>& inlines, Face base) const {
    std::vector<Run> out;
    for (const auto& in : inlines) {
        Run run;
        if (in.kind == model::Inline::Kind::LineBreak) {
            run.line_break = true;
        } else {
            run.text = in.text;
            run.face = combine(base, in.strong, in.emphasis);
            run.link = in.href;
            if (!in.lang.empty() && !same_language(in.lang, m_english ? "en" : "sv")) {
                run.lang = in.lang;
                run.hyphenate = false;  // the protocol's patterns would break it wrongly
            }
        }
        out.push_back(std::move(run));
    }
    return out;
}

// "•" / "–"; "1." / "a)" by default, or as <ol start type> says ("3.", "a.", "B)").
std::string Resolver::list_marker(const model::Block& list, int level, size_t index) {
    if (list.kind == model::Block::Kind::BulletList) return level == 0 ? "•" : "–";
    const char numbering = list.numbering ? list.numbering : (level == 0 ? '1' : 'a');
    const long n = static_cast<long>(list.start) + static_cast<long>(index);
    const std::string suffix = level == 0 ? "." : ")";
    if (numbering == '1') return std::to_string(n) + suffix;
    // a … z, aa … zz, as spreadsheets count columns.
    std::string letters;
    for (long k = n; k > 0; k = (k - 1) / 26) letters.insert(letters.begin(), static_cast<char>((numbering == 'A' ? 'A' : 'a') + (k - 1) % 26));
    return letters + suffix;
}

// Level 0 is a section's own text; level N > 0 the blocks of a list item
// nested N deep, whose first paragraph carries the item's marker.
void Resolver::build_rich_text(const model::RichText& blocks, int level, int parent,
                               std::vector<document::Item>& flow, const std::string& marker, int marker_element) {
    bool first = true;
    for (size_t b = 0; b < blocks.size(); ++b) {
        const model::Block& block = blocks[b];
        if (block.kind == model::Block::Kind::Paragraph) {
            TextBlock out;
            out.style = style(level == 0 ? "body" : "list");
            out.runs = runs(block.inlines, out.style.face);
            out.where = block.where;
            if (level > 0) hang(out, first ? marker : std::string(), level - 1);
            if (first && !out.marker.empty()) out.marker_element = marker_element;
            // A paragraph that introduces a list ("… beslutar att:") is
            // never left alone at the foot of a page: its last line goes
            // with the list's first.
            out.keep_with_next = b + 1 < blocks.size() && blocks[b + 1].kind != model::Block::Kind::Paragraph;
            flow.push_back(tagged(out, Role::P, parent));
        } else {
            // L > LI > (Lbl, LBody > P…, nested L…)
            const int list = tag(Role::L, parent);
            for (size_t i = 0; i < block.items.size(); ++i) {
                const int item = tag(Role::LI, list);
                const int label_element = tag(Role::Lbl, item);
                const int body = tag(Role::LBody, item);
                build_rich_text(block.items[i].blocks, level + 1, body, flow, list_marker(block, level, i),
                                label_element);
            }
            // A list ends with the space a paragraph of its own level ends
            // with: the paragraph after it stands as far from it as from
            // another paragraph, not at the list items' closer spacing.
            if (auto* last = flow.empty() ? nullptr : std::get_if<TextBlock>(&flow.back()))
                last->style.space_after = std::max(last->style.space_after, style(level == 0 ? "body" : "list").space_after);
        }
        first = false;
    }
}

}  // namespace protokoll::resolve
