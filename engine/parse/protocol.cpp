// Parser: the protocol (docs/format.md, "The protocol").
#include "parser.h"

#include "parse/limits.h"

#include <algorithm>

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
    std::vector<std::string> attributes = {"label", "confidential", "grounds"};
    if (s.kind == model::SectionKind::Decision) attributes.insert(attributes.end(), {"body", "lead-in"});
    if (s.kind == model::SectionKind::Reservation || s.kind == model::SectionKind::Note) attributes.push_back("ref");
    if (s.kind == model::SectionKind::Vote) attributes.insert(attributes.end(), {"yes", "no", "result"});
    allow_attributes(e, attributes);
    if (auto label = optional(e, "label")) s.label = trim(collapse(*label));
    s.confidential = boolean(e, "confidential");
    s.grounds = grounds(e, s.confidential);
    s.body = optional(e, "body").value_or("");
    if (auto lead_in = optional(e, "lead-in")) {
        if (s.body.empty())
            error(e, "lead-in=\"" + *lead_in + "\" without body=\"…\"",
                  {"a lead-in begins the decision of one body (\"{body} beslutar att\"); name it with body=\"…\""});
        s.lead_in = trim(collapse(*lead_in));
    }
    switch (s.kind) {
    case model::SectionKind::Basis: break;
    case model::SectionKind::Vote: s.vote = vote(e); return s;
    case model::SectionKind::Distribution:
        for (const XMLElement* r : children(e, {{{"recipient"}, 1, k_many}})) {
            allow_attributes(r, {});
            s.recipients.push_back(required_text(r));
        }
        return s;
    case model::SectionKind::Reservation:
        s.person = required(e, "ref");
        // A reservation may give no reasons: "Patrik Linde (S) reserverar sig mot beslutet."
        if (!e->FirstChildElement() && is_blank(e->GetText() ? e->GetText() : "")) return s;
        s.content = rich_text(e);
        return s;
    case model::SectionKind::Note:
        s.person = required(e, "ref");
        s.content = rich_text(e);
        return s;
    default: s.content = rich_text(e); return s;
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

// <vote yes="a" no="b" [result="a"]>: <proposal>+ then <cast>+. The
// proposals' ids are unique and name yes and no; whether the people are
// present, cast once and the result follows is resolve's to judge.
model::Vote Parser::vote(const XMLElement* e) const {
    model::Vote v;
    Ids ids(*this, "proposal id");
    for (const XMLElement* c : children(e, {{{"proposal"}, 2, k_many}, {{"cast"}, 1, k_many}})) {
        if (std::string(c->Name()) == "proposal") {
            allow_attributes(c, {"id", "by"});
            model::Proposal proposal;
            proposal.where = where(c);
            proposal.id = required(c, "id");
            ids.add(c, "id", proposal.id);
            proposal.by = required(c, "by");
            proposal.text = required_text(c);
            v.proposals.push_back(proposal);
        } else {
            allow_attributes(c, {"ref", "vote"});
            empty_element(c);
            model::Cast cast;
            cast.where = where(c);
            cast.ref = required(c, "ref");
            required(c, "vote");
            cast.choice = choice<model::Cast::Choice>(
                c, "vote", {{"ja", model::Cast::Choice::Yes}, {"nej", model::Cast::Choice::No},
                            {"avstår", model::Cast::Choice::Abstain}}, model::Cast::Choice::Yes);
            v.casts.push_back(cast);
        }
    }
    auto proposal = [&](const char* attribute, bool needed) {
        auto value = optional(e, attribute);
        if (!value) {
            if (needed) required(e, attribute);
            return std::string();
        }
        bool known = std::any_of(v.proposals.begin(), v.proposals.end(),
                                 [&](const model::Proposal& p) { return p.id == *value; });
        if (!known)
            error(e, std::string(attribute) + "=\"" + *value + "\" names no <proposal> of this vote",
                  {"name a proposal by its id"});
        return *value;
    };
    v.yes = proposal("yes", true);
    v.no = proposal("no", true);
    if (v.yes == v.no) error(e, "yes and no name the same proposal \"" + v.yes + "\"", {"a vote puts two proposals against each other"});
    v.result = proposal("result", false);
    if (!v.result.empty() && v.result != v.yes && v.result != v.no)
        error(e, "result=\"" + v.result + "\" is neither the yes nor the no proposal");
    return v;
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
        auto kids = children(pe, {{{"title"}, 1, 1},
                                  {{"recusal"}, 0, k_many},
                                  {{"decision", "summary", "discussion", "text", "basis", "vote", "reservation", "note",
                                    "distribution"},
                                   0, k_many}});
        for (const XMLElement* c : kids) {
            if (std::string(c->Name()) == "title") {
                allow_attributes(c, {});
                p.title = required_text(c);
            } else if (std::string(c->Name()) == "recusal") {
                allow_attributes(c, {"ref"});
                empty_element(c);
                p.recusals.push_back({required(c, "ref"), where(c)});
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
    // Notes may have only the person who kept them; a protocol's adjusters
    // are resolve's to require (it knows the document's kind).
    for (const XMLElement* c : children(e, {{{"secretary"}, 1, k_many}, {{"adjuster"}, 0, k_many}})) {
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
    allow_attributes(e, {"layout", "kind", "language", "title", "section-order", "appeal"});
    model::Protocol p;
    p.path = m_source.path();
    p.where = where(e);
    p.layout = required(e, "layout");
    matching(e, "layout", is_simple_name, "a layout name NAME for layouts/NAME.xml");
    if (optional(e, "kind")) p.kind = document_kind(e);
    p.language = choice<model::Language>(
        e, "language", {{"sv", model::Language::Swedish}, {"en", model::Language::English}}, model::Language::Swedish);
    p.title = trim(collapse(optional(e, "title").value_or("")));
    if (optional(e, "appeal")) p.appeal = boolean(e, "appeal");
    if (optional(e, "section-order")) {
        p.section_order = section_order(e, "section-order");
        p.section_order_where = where(e, "section-order");
    }
    auto kids = children(e, {{{"labels"}, 0, 1}, {{"meeting"}, 1, 1}, {{"attendance"}, 1, 1}, {{"paragraphs"}, 1, 1},
                             {{"signatures"}, 1, 1}, {{"closing"}, 0, 1}, {{"notice"}, 0, 1}});
    if (const XMLElement* labels = child(kids, "labels")) {
        allow_attributes(labels, {});
        label_entries(labels, p.labels);
    }
    p.meeting = meeting(child(kids, "meeting"));
    p.attendance = attendance(child(kids, "attendance"));
    p.paragraphs = paragraphs(child(kids, "paragraphs"));
    p.signers = signatures(child(kids, "signatures"));
    if (const XMLElement* closing = child(kids, "closing")) {
        allow_attributes(closing, {});
        p.closing = rich_text(closing);
        p.closing_where = where(closing);
    }
    if (const XMLElement* notice = child(kids, "notice")) {
        allow_attributes(notice, {"adjusted", "posted"});
        empty_element(notice);
        model::Notice n;
        n.where = where(notice);
        n.adjusted = date(notice, "adjusted").value_or("");
        n.posted = date(notice, "posted").value_or("");
        p.notice = n;
    }
    return p;
}

}  // namespace protokoll::parse
