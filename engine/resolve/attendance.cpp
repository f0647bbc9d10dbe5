// Resolver, steps 2–4: the attendance (roster references, who was
// present), paragraph numbers, and the signers.
#include "resolver.h"

#include <algorithm>


namespace protokoll::resolve {

void Resolver::resolve_attendance() {
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
        bool present = definition->second->section == model::Attendance::Present;
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

Person Resolver::merge(const Person& written, const std::map<std::string, const Person*>& roster) {
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

void Resolver::number_paragraphs() {
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

// An extract names paragraphs by their numbers; each must be one of the
// protocol's, and it keeps them in the protocol's order.
void Resolver::select_paragraphs() {
    m_included.assign(m_numbers.size(), !m_extract && !m_notice);
    for (int wanted : m_options.extract) {
        auto at = std::lower_bound(m_numbers.begin(), m_numbers.end(), wanted);  // numbers increase
        if (at == m_numbers.end() || *at != wanted) {
            m_included.assign(m_numbers.size(), true);
            const bool protocol = m_kind == DocumentKind::Protocol;
            fail(m_protocol.where, std::string("no ") + (protocol ? "§ " : "point ") + std::to_string(wanted) +
                                       (protocol ? " in this protocol to extract: it has § " :
                                                   " in these notes to extract: they have points ") + numbers_text(),
                 {"--extract takes the numbers of paragraphs the protocol has"});
        }
        m_included[at - m_numbers.begin()] = true;
    }
}

void Resolver::resolve_signers() {
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
    // A protocol is adjusted (kommunallagen 5 kap. 69 §); notes may be kept by one person.
    const bool adjusted = std::any_of(m_protocol.signers.begin(), m_protocol.signers.end(), [](const model::Signer& s) {
        return s.kind == model::Signer::Kind::Adjuster;
    });
    if (m_kind == DocumentKind::Protocol && !adjusted && !m_protocol.signers.empty())
        fail(m_protocol.signers.back().where, "a protocol needs an <adjuster> (justerare) in <signatures>",
             {"only notes (kind=\"anteckningar\") may be signed by the person who kept them alone"});
    // An extract is certified by the secretary alone ("Rätt utdraget
    // intygar"), a notice signed by the secretary alone: the first
    // secretary who signs the protocol.
    if (m_extract || m_notice) {
        auto secretary = std::find_if(m_signers.begin(), m_signers.end(), [](const Signer& signer) {
            return signer.written->kind == model::Signer::Kind::Secretary;
        });
        std::vector<Signer> certifier;
        if (secretary != m_signers.end()) certifier.push_back(*secretary);
        m_signers = std::move(certifier);
    }
}

}  // namespace protokoll::resolve
