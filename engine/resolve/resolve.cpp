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
#include "resolve/resolve.h"

#include "base/files.h"
#include "fonts.h"

#include <algorithm>
#include <unistd.h>
#include <fstream>
#include <map>
#include <set>
#include <sys/stat.h>

namespace protokoll::resolve {
namespace {

using document::Face;
using document::Run;
using document::TextBlock;
using model::DocumentKind;
using model::Person;

constexpr double LIST_INDENT = 18;       // pt per list level: room for "•" or "10." and a gap

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// First letter upper-cased; handles the Swedish lower-case letters too.
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

Face combine(Face base, bool strong, bool emphasis) {
    bool bold = strong || base == Face::Bold || base == Face::BoldItalic;
    bool italic = emphasis || base == Face::Italic || base == Face::BoldItalic;
    if (bold && italic) return Face::BoldItalic;
    if (bold) return Face::Bold;
    if (italic) return Face::Italic;
    return Face::Regular;
}

class Resolver {
public:
    Resolver(const model::Protocol& protocol, const model::Layout& layout, const Options& options)
        : m_protocol(protocol), m_layout(layout), m_options(options) {
        m_kind = protocol.kind.value_or(layout.kind);
        m_english = protocol.language == "en";
    }

    document::Document run() {
        collect_bodies();
        resolve_attendance();
        number_paragraphs();
        resolve_signers();

        document::Document doc;
        build_page_template(doc.page);
        doc.fonts = find_fonts(m_layout.fonts, m_options.fonts_dir);
        build_hyphenation(doc.hyphenation);
        build_metadata(doc.metadata);
        build_title(doc.flow);
        build_attendance(doc.flow);
        build_paragraphs(doc.flow);
        build_signatures(doc.flow);
        return doc;
    }

private:
    // ---- 1. what the layout provides --------------------------------------------------

    // Labels of the protocol's language. An English protocol takes no Swedish
    // label: a half-translated document is worse than an error that names
    // the missing key.
    const std::map<std::string, std::string>& labels() const {
        return m_english ? m_layout.labels_en : m_layout.labels;
    }

    const std::string& label(const std::string& key) const {
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

    std::string label_or(const std::string& key, const std::string& fallback) const {
        auto it = labels().find(key);
        return it == labels().end() ? fallback : it->second;
    }

    // A group's heading: its text in <groups> is the Swedish one; a
    // "group-ID" label overrides it, and is required in English.
    std::string group_label(const model::GroupDefinition& definition) const {
        if (m_english) return label("group-" + definition.id);
        return label_or("group-" + definition.id, definition.label);
    }

    std::string kind_word() const {
        return m_kind == DocumentKind::Protocol ? "protokoll" : "anteckningar";
    }

    document::Style style(const std::string& name) const {
        auto it = m_layout.styles.find(name);
        if (it == m_layout.styles.end()) it = m_layout.styles.find("body");
        document::Style out;
        if (it == m_layout.styles.end()) return out;
        const model::TextStyle& in = it->second;
        static const std::map<std::string, Face> FACES = {
            {"regular", Face::Regular}, {"bold", Face::Bold}, {"italic", Face::Italic},
            {"bold-italic", Face::BoldItalic}};
        static const std::map<std::string, document::Align> ALIGNS = {
            {"justify", document::Align::Justify}, {"left", document::Align::Left},
            {"center", document::Align::Center}, {"right", document::Align::Right}};
        auto face = FACES.find(in.face);
        auto align = ALIGNS.find(in.align);
        if (face == FACES.end()) fail(in.where, "unknown face \"" + in.face + "\"");
        if (align == ALIGNS.end()) fail(in.where, "unknown alignment \"" + in.align + "\"");
        out.face = face->second;
        out.align = align->second;
        out.size = in.size;
        out.leading = in.leading;
        out.space_before = in.space_before;
        out.space_after = in.space_after;
        out.color = {in.color.r, in.color.g, in.color.b};
        return out;
    }

    void collect_bodies() {
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
    }

    std::string known_bodies() const {
        std::string out;
        for (const auto& body : m_layout.bodies) out += (out.empty() ? "" : ", ") + body.id;
        return out;
    }

    void check_body(const std::string& id, const SourceLocation& where) const {
        if (!id.empty() && std::find(m_bodies.begin(), m_bodies.end(), id) == m_bodies.end())
            fail(where, "body \"" + id + "\" does not meet here", {"bodies of this meeting: " + known_bodies()});
    }

    std::string body_names() const {
        std::string out;
        for (size_t i = 0; i < m_bodies.size(); ++i) {
            if (i > 0) out += i + 1 == m_bodies.size() ? " " + label_or("and", m_english ? "and" : "och") + " " : ", ";
            out += m_body_names.at(m_bodies[i]);
        }
        return out;
    }

    // ---- 2. attendance ----------------------------------------------------------------

    struct Entry {
        Person person;            // roster merged with the protocol's overrides
        bool present = true;
    };
    struct Group {
        const model::GroupDefinition* definition;
        std::vector<Entry> entries;
    };

    void resolve_attendance() {
        std::map<std::string, const Person*> roster;
        for (const auto& person : m_layout.roster) roster[person.id] = &person;
        std::map<std::string, const model::GroupDefinition*> definitions;
        for (const auto& group : m_layout.groups) definitions[group.id] = &group;

        for (const auto& group : m_protocol.attendance) {
            auto definition = definitions.find(group.ref);
            if (definition == definitions.end()) {
                std::string known;
                for (const auto& g : m_layout.groups) known += (known.empty() ? "" : ", ") + g.id;
                fail(group.where, "unknown attendance group \"" + group.ref + "\"",
                     {"the layout \"" + m_layout.id + "\" defines: " + known});
            }
            Group resolved{definition->second, {}};
            bool present = definition->second->section != "absent";
            for (const auto& written : group.people) {
                Entry entry{merge(written, roster), present};
                check_body(entry.person.body, written.where);
                if (!entry.person.id.empty()) {
                    if (m_people.count(entry.person.id))
                        fail(written.where, "person id \"" + entry.person.id + "\" is used twice in the attendance");
                    m_people[entry.person.id] = {entry.person, present};
                }
                resolved.entries.push_back(std::move(entry));
            }
            m_groups.push_back(std::move(resolved));
        }
    }

    static Person merge(const Person& written, const std::map<std::string, const Person*>& roster) {
        if (written.ref.empty() || written.vacant) return written;
        auto found = roster.find(written.ref);
        if (found == roster.end())
            fail(written.where, "no person \"" + written.ref + "\" in the layout's roster",
                 {"check the spelling, or write the person out with name=\"…\""});
        Person out = *found->second;
        auto take = [](std::string& into, const std::string& from) { if (!from.empty()) into = from; };
        take(out.id, written.id);
        take(out.name, written.name);
        take(out.party, written.party);
        take(out.municipality, written.municipality);
        take(out.role, written.role);
        take(out.title, written.title);
        take(out.organisation, written.organisation);
        take(out.body, written.body);
        out.attended = written.attended;
        out.reason = written.reason;
        out.where = written.where;
        if (out.id.empty()) out.id = written.ref;
        return out;
    }

    // ---- 3. numbering -----------------------------------------------------------------

    void number_paragraphs() {
        int next = m_protocol.meeting.first_number.value_or(1);
        const model::Paragraph* previous = nullptr;
        for (const auto& paragraph : m_protocol.paragraphs) {
            int number = paragraph.number.value_or(next);
            if (previous && number <= m_numbers.back())
                fail(paragraph.where,
                     "paragraph number " + std::to_string(number) + " goes backwards (the previous paragraph is " +
                         std::to_string(m_numbers.back()) + ")",
                     {"numbers must increase; leave out number=\"…\" to count on"});
            m_numbers.push_back(number);
            next = number + 1;
            previous = &paragraph;
        }
    }

    // ---- 4. signers -------------------------------------------------------------------

    struct Signer {
        const model::Signer* written;
        Person person;
        std::string field;
    };

    void resolve_signers() {
        std::set<std::string> fields;
        for (const auto& signer : m_protocol.signers) {
            auto found = m_people.find(signer.ref);
            if (found == m_people.end())
                fail(signer.where, "signer \"" + signer.ref + "\" is not in the attendance",
                     {"a signer must be a person listed under <attendance>, referred to by id"});
            if (!found->second.second)
                fail(signer.where, "signer \"" + signer.ref + "\" is listed as absent",
                     {"only people present at the meeting can sign its " + kind_word()});
            check_body(signer.body, signer.where);
            Signer resolved{&signer, found->second.first, found->second.first.name};
            if (!fields.insert(resolved.field).second)
                fail(signer.where, "\"" + resolved.field + "\" signs twice");
            m_signers.push_back(std::move(resolved));
        }
    }

    // ---- 5. the flow ------------------------------------------------------------------

    TextBlock text_block(const std::string& style_name, const std::string& text,
                         const SourceLocation& where, bool keep_with_next = false) const {
        TextBlock block;
        block.style = style(style_name);
        block.runs.push_back(Run{text, block.style.face, {}, false});
        block.keep_with_next = keep_with_next;
        block.where = where;
        return block;
    }

    void build_title(std::vector<document::Item>& flow) const {
        std::string title = m_protocol.title.empty() ? label("title-" + kind_word()) : m_protocol.title;
        flow.push_back(text_block("title", title, m_protocol.where, true));
        flow.push_back(text_block("subtitle", body_names(), m_protocol.where, true));
    }

    std::string describe(const Entry& entry) const {
        const Person& p = entry.person;
        if (p.vacant) {
            std::string out = label("vacant");
            if (!p.party.empty()) out += " (" + p.party + ")";
            return out + ", " + p.municipality;
        }
        std::string out = p.name;
        if (!p.party.empty()) out += " (" + p.party + ")";
        for (const std::string* part : {&p.municipality, &p.role, &p.title, &p.organisation, &p.attended})
            if (!part->empty()) out += ", " + *part;
        if (!p.reason.empty()) out += " " + replace_all(label_or("absence-reason", "({reason})"), "{reason}", p.reason);
        return out;
    }

    void build_attendance(std::vector<document::Item>& flow) const {
        for (const char* section : {"present", "absent"}) {
            bool heading = false;
            for (const auto& definition : m_layout.groups) {
                if (definition.section != section) continue;
                for (const auto& group : m_groups) {
                    if (group.definition != &definition || group.entries.empty()) continue;
                    if (!heading) {
                        flow.push_back(text_block("heading", label(section), definition.where, true));
                        heading = true;
                    }
                    flow.push_back(text_block("group", group_label(definition), definition.where, true));
                    for (const auto& entry : group.entries) {
                        TextBlock line = text_block("attendance", describe(entry), entry.person.where);
                        line.runs.front().hyphenate = false;  // names and places
                        line.keep_together = true;
                        flow.push_back(std::move(line));
                    }
                }
            }
        }
    }

    std::string number_text(int number) const {
        return m_kind == DocumentKind::Protocol ? "§ " + std::to_string(number) : std::to_string(number);
    }

    void build_paragraphs(std::vector<document::Item>& flow) const {
        if (m_numbers.empty()) return;
        std::string range = std::to_string(m_numbers.front());
        if (m_numbers.back() != m_numbers.front()) range += "–" + std::to_string(m_numbers.back());
        std::string heading = label(m_kind == DocumentKind::Protocol ? "paragraphs" : "points");
        flow.push_back(text_block("heading", heading + " " + range, m_protocol.where, true));

        for (size_t i = 0; i < m_protocol.paragraphs.size(); ++i) {
            const auto& paragraph = m_protocol.paragraphs[i];
            // "§ 93." — the number and its title never part at a line end.
            std::string title = replace_all(number_text(m_numbers[i]), " ", "\u00a0") + ". " + paragraph.title;
            if (paragraph.attachment) title += " (" + label("attachment") + ")";
            flow.push_back(text_block("paragraph-title", title, paragraph.where, true));
            for (const model::Section* section : ordered(paragraph.sections)) build_section(*section, flow);
        }
    }

    // The layout's order (or the protocol's section-order) wins over the
    // written one: the kinds it names are sorted, stably, among the places
    // they occupy, so several decisions (one per body) keep their written
    // order and kinds it does not name stay where they were written.
    std::vector<const model::Section*> ordered(const std::vector<model::Section>& sections) const {
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

    void build_section(const model::Section& section, std::vector<document::Item>& flow) const {
        static const std::map<model::SectionKind, const char*> LABEL_KEYS = {
            {model::SectionKind::Decision, "decision"}, {model::SectionKind::Summary, "summary"},
            {model::SectionKind::Discussion, "discussion"}, {model::SectionKind::Basis, "basis"}};
        check_body(section.body, section.where);
        std::string heading;
        if (section.label) heading = *section.label;
        else if (auto key = LABEL_KEYS.find(section.kind); key != LABEL_KEYS.end()) heading = label(key->second);
        if (!heading.empty() && !section.body.empty() && m_bodies.size() > 1)
            heading += " – " + m_body_names.at(section.body);
        if (!heading.empty()) flow.push_back(text_block("label", heading, section.where, true));

        if (section.kind == model::SectionKind::Basis) {
            for (const auto& doc : section.documents) {
                std::string line = doc.title;
                if (!doc.date.empty()) line += ", " + doc.date;
                if (!doc.reference.empty()) line += ", dnr\u00a0" + doc.reference;
                TextBlock block = text_block("list", line, doc.where);
                block.runs.front().hyphenate = false;  // diarienummer, dates
                hang(block, "•", 0);
                flow.push_back(std::move(block));
            }
            return;
        }
        build_rich_text(section.content, 0, flow);
    }

    void hang(TextBlock& block, const std::string& marker, int level) const {
        block.marker = marker;
        block.marker_indent = level * LIST_INDENT;
        block.indent = (level + 1) * LIST_INDENT;
    }

    std::vector<Run> runs(const std::vector<model::Inline>& inlines, Face base) const {
        std::vector<Run> out;
        for (const auto& in : inlines) {
            Run run;
            if (in.kind == model::Inline::Kind::LineBreak) {
                run.line_break = true;
            } else {
                run.text = in.text;
                run.face = combine(base, in.strong, in.emphasis);
                run.link = in.href;
            }
            out.push_back(std::move(run));
        }
        return out;
    }

    static std::string list_marker(model::Block::Kind kind, int level, size_t index) {
        if (kind == model::Block::Kind::BulletList) return level == 0 ? "•" : "–";
        if (level == 0) return std::to_string(index + 1) + ".";
        return std::string(1, static_cast<char>('a' + index % 26)) + ")";
    }

    // Level 0 is a section's own text; level N > 0 the blocks of a list item
    // nested N deep, whose first paragraph carries the item's marker.
    void build_rich_text(const model::RichText& blocks, int level, std::vector<document::Item>& flow,
                         const std::string& marker = {}) const {
        bool first = true;
        for (const auto& block : blocks) {
            if (block.kind == model::Block::Kind::Paragraph) {
                TextBlock out;
                out.style = style(level == 0 ? "body" : "list");
                out.runs = runs(block.inlines, out.style.face);
                out.where = block.where;
                if (level > 0) hang(out, first ? marker : std::string(), level - 1);
                flow.push_back(std::move(out));
            } else {
                for (size_t i = 0; i < block.items.size(); ++i)
                    build_rich_text(block.items[i].blocks, level + 1, flow, list_marker(block.kind, level, i));
            }
            first = false;
        }
    }

    // Who signs when, by the layout's <signing-order> (docs/format.md): the
    // signer's place is the index of the step that takes it — the first step
    // with roles that selects it, else the first step without — and after
    // every step when none does. Signers in one place sign as written.
    int signing_order(const Signer& signer) const {
        using Who = model::SigningStep::Who;
        const std::vector<model::SigningStep>& steps = m_layout.signing_order;
        const std::string written_role = model::role_key(signer.written->role);
        const std::string person_role = model::role_key(signer.person.role);
        auto selects = [&](const model::SigningStep& step) {
            bool secretary = signer.written->kind == model::Signer::Kind::Secretary;
            if (step.who == Who::Secretary && !secretary) return false;
            if (step.who == Who::Adjuster && secretary) return false;
            if (step.roles.empty()) return true;
            for (const std::string& role : step.roles) {
                std::string key = model::role_key(role);
                if (key == written_role || key == person_role) return true;
            }
            return false;
        };
        for (bool with_roles : {true, false})
            for (size_t i = 0; i < steps.size(); ++i)
                if (steps[i].roles.empty() != with_roles && selects(steps[i])) return static_cast<int>(i);
        return static_cast<int>(steps.size());
    }

    void build_signatures(std::vector<document::Item>& flow) const {
        if (m_signers.empty()) return;
        auto row = [&](model::Signer::Kind kind) {
            document::SignatureRow out;
            out.style = style("signature");
            for (const auto& signer : m_signers) {
                if (signer.written->kind != kind) continue;
                std::string role = signer.written->role;
                if (role.empty()) role = capitalised(!signer.person.role.empty() ? signer.person.role : signer.person.title);
                if (!signer.written->body.empty() && m_bodies.size() > 1)
                    role += ", " + m_body_names.at(signer.written->body);
                out.slots.push_back({signer.field, signer.person.name, role, signing_order(signer), signer.written->where});
            }
            return out;
        };
        // The signature block never stands alone on a page: it keeps at least
        // the last lines of the last paragraph with it.
        if (!flow.empty())
            if (auto last = std::get_if<TextBlock>(&flow.back())) last->keep_with_next = true;
        document::SignatureRow secretaries = row(model::Signer::Kind::Secretary);
        document::SignatureRow adjusters = row(model::Signer::Kind::Adjuster);
        if (!secretaries.slots.empty()) {
            flow.push_back(text_block("signature-label", label("minutes-" + kind_word()), m_protocol.where, true));
            secretaries.keep_with_next = !adjusters.slots.empty();
            flow.push_back(std::move(secretaries));
        }
        if (!adjusters.slots.empty()) {
            flow.push_back(text_block("signature-label", label("adjusters"), m_protocol.where, true));
            flow.push_back(std::move(adjusters));
        }
    }

    // ---- 6. page, hyphenation and metadata ----------------------------------------------

    // People's names are never hyphenated, wherever they stand in the text:
    // every part of every name in the roster and the attendance becomes an
    // exception without a hyphen point.
    void build_hyphenation(document::Hyphenation& hyphenation) const {
        std::set<std::string> names;
        auto add_name = [&](const std::string& name) {
            size_t start = 0;
            while (start < name.size()) {
                size_t end = name.find_first_of(" -", start);
                if (end == std::string::npos) end = name.size();
                if (end > start) names.insert(name.substr(start, end - start));
                start = end + 1;
            }
        };
        for (const auto& person : m_layout.roster) add_name(person.name);
        for (const auto& group : m_groups)
            for (const auto& entry : group.entries) add_name(entry.person.name);
        // The layout's settings; unset ones keep the engine's defaults.
        const model::HyphenationSettings& settings = m_layout.hyphenation;
        if (settings.enabled) hyphenation.enabled = *settings.enabled;
        if (settings.left_min) hyphenation.left_min = *settings.left_min;
        if (settings.right_min) hyphenation.right_min = *settings.right_min;
        if (settings.max_consecutive) hyphenation.max_consecutive = *settings.max_consecutive;
        // Each language its own patterns: Swedish from hyphen-sv (the ones
        // LibreOffice uses), English from hyphen-en-gb.
        hyphenation.patterns = m_options.hyphenation_dir + (m_english ? "/hyph_en_GB.dic" : "/hyph_sv_SE.dic");
        if (hyphenation.enabled && access(hyphenation.patterns.c_str(), R_OK) != 0)
            fail(m_protocol.where, "no hyphenation patterns for language \"" + std::string(m_english ? "en" : "sv") +
                                       "\": " + hyphenation.patterns + " is missing",
                 {"run scripts/install-deps.sh (packages hyphen-sv, hyphen-en-gb)"});
        // The layout's words first; a name that is also a layout word keeps
        // the layout's hyphen points.
        std::set<std::string> plain_words;
        for (const std::string& word : settings.exceptions) {
            hyphenation.exceptions.push_back(word);
            plain_words.insert(replace_all(word, "-", ""));
        }
        for (const std::string& name : names)
            if (!plain_words.count(name)) hyphenation.exceptions.push_back(name);
    }

    std::string fill(const std::string& templ) const {
        const model::Meeting& meeting = m_protocol.meeting;
        std::string time;
        if (!meeting.start.empty()) {
            time = label_or("time", ", kl {start}–{end}");
            time = replace_all(replace_all(time, "{start}", meeting.start), "{end}", meeting.end);
            if (meeting.end.empty()) time = replace_all(time, "–", "");
        }
        // {label:KEY} first: a label may itself hold variables ("Sida {page} av {pages}").
        std::string out;
        for (size_t at = 0; at < templ.size();) {
            size_t open = templ.find("{label:", at);
            if (open == std::string::npos) {
                out += templ.substr(at);
                break;
            }
            size_t close = templ.find('}', open);
            if (close == std::string::npos) {
                out += templ.substr(at);
                break;
            }
            out += templ.substr(at, open - at) + label(templ.substr(open + 7, close - open - 7));
            at = close + 1;
        }
        out = replace_all(out, "{kind}", label("title-" + kind_word()));
        out = replace_all(out, "{Kind}", capitalised(label("title-" + kind_word())));
        out = replace_all(out, "{date}", meeting.date);
        out = replace_all(out, "{time}", time);
        out = replace_all(out, "{organisation}", m_layout.organisation);
        out = replace_all(out, "{place}", meeting.place);
        out = replace_all(out, "{body}", body_names());
        return out;
    }

    void build_page_template(document::PageTemplate& page) const {
        const model::PageGeometry& geometry = m_layout.page;
        page.width = geometry.width;
        page.height = geometry.height;
        page.margin_top = geometry.margin_top;
        page.margin_bottom = geometry.margin_bottom;
        page.margin_left = geometry.margin_left;
        page.margin_right = geometry.margin_right;
        page.header_top = geometry.header_top;
        page.footer_bottom = geometry.footer_bottom;
        page.margin_top_first = geometry.margin_top;
        for (const auto& line : m_layout.header_lines)
            page.header.push_back(text_block("header", fill(line), m_layout.where));
        page.first_header = page.header;
        page.footer = text_block("footer", fill(m_layout.footer), m_layout.where);
        // Without <first-page> the first page looks like the others.
        if (!m_layout.first_page) return;
        const model::FirstPage& first = *m_layout.first_page;
        if (first.margin_top) page.margin_top_first = *first.margin_top;
        page.first_header.clear();
        if (first.has_header)
            for (const auto& line : first.header_lines)
                page.first_header.push_back(text_block(m_layout.styles.count("first-header") ? "first-header" : "header",
                                                       fill(line), first.where));
        if (first.logo) page.first_images.push_back(image(*first.logo, page));
    }

    // A logo's file is found beside the layout file that names it (so a
    // parent's logo stays its own when a child in another place extends it).
    static document::Image image(const model::Logo& logo, const document::PageTemplate& page) {
        std::string dir = logo.where.file;
        size_t slash = dir.rfind('/');
        dir = slash == std::string::npos ? "." : dir.substr(0, slash);
        std::string path = dir + "/" + logo.src;
        struct stat info {};
        if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
            fail(logo.where, "logo \"" + logo.src + "\" not found: no file " + path,
                 {"logo files are looked up relative to the layout's directory (layouts/)"});
        // Width and height from the PNG header (IHDR): the signature, then
        // length, "IHDR", width and height as big-endian 32-bit numbers.
        std::ifstream in(path, std::ios::binary);
        unsigned char head[24] = {};
        in.read(reinterpret_cast<char*>(head), sizeof head);
        static const unsigned char SIGNATURE[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (in.gcount() < 24 || !std::equal(SIGNATURE, SIGNATURE + 8, head) ||
            std::string(reinterpret_cast<char*>(head + 12), 4) != "IHDR")
            fail(logo.where, "logo \"" + logo.src + "\" is not a PNG file", {"the logo must be a PNG image"});
        auto be32 = [&](int at) {
            return (double(head[at]) * 16777216.0) + head[at + 1] * 65536.0 + head[at + 2] * 256.0 + head[at + 3];
        };
        double pixels_wide = be32(16), pixels_high = be32(20);
        if (pixels_wide <= 0 || pixels_high <= 0) fail(logo.where, "logo \"" + logo.src + "\" has no pixels");
        document::Image out;
        out.path = path;
        out.width = logo.width;
        out.height = logo.height ? *logo.height : logo.width * pixels_high / pixels_wide;
        out.x = logo.x;
        out.y = page.height - logo.y - out.height;  // the layout measures from the top edge
        return out;
    }

    void build_metadata(document::Metadata& metadata) const {
        metadata.title = capitalised(label("title-" + kind_word())) + " " + m_protocol.meeting.date + " " + body_names();
        metadata.author = m_layout.organisation;
        metadata.subject = body_names();
        metadata.keywords = kind_word() + ", " + body_names() + ", " + m_protocol.meeting.date;
        metadata.language = m_protocol.language == "en" ? "en-GB" : "sv-SE";
    }

    const model::Protocol& m_protocol;
    const model::Layout& m_layout;
    const Options& m_options;
    DocumentKind m_kind;
    bool m_english = false;                                 // language="en": English labels
    std::map<std::string, std::string> m_body_names;
    std::vector<std::string> m_bodies;                      // ids of the bodies that meet
    std::vector<Group> m_groups;
    std::map<std::string, std::pair<Person, bool>> m_people;  // id → (person, present)
    std::vector<int> m_numbers;                             // per paragraph
    std::vector<Signer> m_signers;
};

}  // namespace

document::Document resolve(const model::Protocol& protocol, const model::Layout& layout, const Options& options) {
    return Resolver(protocol, layout, options).run();
}

}  // namespace protokoll::resolve
