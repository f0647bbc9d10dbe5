// Parser: the protocol (docs/format.md, "The protocol").
#include "parser.h"

#include "parse/limits.h"

namespace protokoll::parse {

// <person> in an attendance group (roster = false) or in a layout's roster.
model::Person Parser::person(const XMLElement* e, bool roster) const {
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
        if (!ref && !name) error(e, "<person> needs either \"ref\" (a roster id) or \"name\"");
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

model::Meeting Parser::meeting(const XMLElement* e) const {
    allow_attributes(e, {"date", "start", "end", "first-number", "bodies"});
    model::Meeting m;
    m.where = where(e);
    required(e, "date");
    m.date = *date(e, "date");
    for (const char* name : {"start", "end"}) matching(e, name, is_time, "a time such as 9, 09, 9.00 or 09:00");
    m.start = optional(e, "start").value_or("");
    m.end = optional(e, "end").value_or("");
    if (!m.end.empty() && m.start.empty()) fail(where(e, "end"), "attribute \"end\" on <meeting> needs \"start\"");
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

std::vector<model::AttendanceGroup> Parser::attendance(const XMLElement* e) const {
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
            fail(where(c, attribute), "duplicate person id \"" + id + "\"", {"first used on line " + std::to_string(line)});
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

// grounds="…": the provision that keeps the text secret, printed in a
// public copy's mark; only where something is confidential.
std::string Parser::grounds(const XMLElement* e, bool confidential) const {
    auto written = optional(e, "grounds");
    if (!written) return {};
    if (!confidential)
        error(e, "grounds=\"" + *written + "\" on " + tag(e->Name()) + " that is not confidential",
              {"add confidential=\"true\", or leave grounds out"});
    std::string out = trim(collapse(*written));
    if (out.empty()) error(e, "grounds=\"\" is empty", {"name the provision, e.g. grounds=\"OSL 26 kap. 1 §\", or leave it out"});
    return out;
}

model::Section Parser::section(const XMLElement* e) const {
    model::Section s;
    for (const auto& [word, kind] : k_section_kinds)
        if (word == e->Name()) s.kind = kind;
    s.where = where(e);
    if (s.kind == model::SectionKind::Decision)
        allow_attributes(e, {"label", "body", "confidential", "grounds"});
    else
        allow_attributes(e, {"label", "confidential", "grounds"});
    if (auto label = optional(e, "label")) s.label = trim(collapse(*label));
    s.confidential = boolean(e, "confidential");
    s.grounds = grounds(e, s.confidential);
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

std::vector<model::Paragraph> Parser::paragraphs(const XMLElement* e) const {
    allow_attributes(e, {});
    std::vector<model::Paragraph> out;
    Ids ids(*this, "paragraph id");
    auto elements = children(e, {{{"paragraph"}, 1, k_many}});
    if (elements.size() > limits::paragraphs)
        error(elements[limits::paragraphs], "more than " + std::to_string(limits::paragraphs) +
                                                " paragraphs in one protocol (limit " +
                                                std::to_string(limits::paragraphs) + ")",
              {"split the protocol into several files"});
    for (const XMLElement* pe : elements) {
        allow_attributes(pe, {"number", "id", "attachment", "confidential", "grounds"});
        model::Paragraph p;
        p.where = where(pe);
        p.number = positive_integer(pe, "number");
        if (optional(pe, "id")) {
            p.id = required(pe, "id");
            ids.add(pe, "id", p.id);
        }
        p.attachment = boolean(pe, "attachment");
        p.confidential = boolean(pe, "confidential");
        p.grounds = grounds(pe, p.confidential);
        auto kids = children(pe, {{{"title"}, 1, 1}, {{"decision", "summary", "discussion", "text", "basis"}, 0, k_many}});
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

std::vector<model::Signer> Parser::signatures(const XMLElement* e) const {
    allow_attributes(e, {});
    std::vector<model::Signer> out;
    for (const XMLElement* c : children(e, {{{"secretary"}, 1, k_many}, {{"adjuster"}, 1, k_many}})) {
        allow_attributes(c, {"ref", "role", "body"});
        empty_element(c);
        model::Signer s;
        s.kind = std::string(c->Name()) == "secretary" ? model::Signer::Kind::Secretary : model::Signer::Kind::Adjuster;
        s.where = where(c);
        s.ref = required(c, "ref");
        s.role = optional(c, "role").value_or("");
        s.body = optional(c, "body").value_or("");
        out.push_back(s);
    }
    return out;
}

model::Protocol Parser::protocol_document() const {
    const XMLElement* e = root("protocol");
    allow_attributes(e, {"layout", "kind", "language", "title", "section-order"});
    model::Protocol p;
    p.path = m_source.path();
    p.where = where(e);
    p.layout = required(e, "layout");
    matching(e, "layout", is_simple_name, "a layout name NAME for layouts/NAME.xml");
    if (optional(e, "kind")) p.kind = document_kind(e);
    p.language = choice<model::Language>(
        e, "language", {{"sv", model::Language::Swedish}, {"en", model::Language::English}}, model::Language::Swedish);
    p.title = trim(collapse(optional(e, "title").value_or("")));
    if (optional(e, "section-order")) {
        p.section_order = section_order(e, "section-order");
        p.section_order_where = where(e, "section-order");
    }
    auto kids = children(e, {{{"meeting"}, 1, 1}, {{"attendance"}, 1, 1}, {{"paragraphs"}, 1, 1}, {{"signatures"}, 1, 1}});
    p.meeting = meeting(child(kids, "meeting"));
    p.attendance = attendance(child(kids, "attendance"));
    p.paragraphs = paragraphs(child(kids, "paragraphs"));
    p.signers = signatures(child(kids, "signatures"));
    return p;
}

}  // namespace protokoll::parse
