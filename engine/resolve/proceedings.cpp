// Resolver, step 5 continued: what the law asks a protocol to show of how
// a decision was reached (kommunallagen 5 kap. 69 §): the proposals and the
// order they were put in, a vote by name and its result, reservations,
// protocol notes, who receives the decision, and jäv (6 kap. 28 §: a member
// who is disqualified takes no part in the matter), in the paragraph and in
// the attendance.
#include "resolver.h"

#include <algorithm>

namespace protokoll::resolve {

std::string Resolver::person_name(const std::string& id, const SourceLocation& where) const {
    auto found = m_people.find(id);
    if (found == m_people.end())
        fail(where, "\"" + id + "\" is not in the attendance", {"refer to a person listed under <attendance>, by id"});
    if (!found->second.second)
        fail(where, "\"" + id + "\" is listed as absent", {"only people present at the meeting take part in it"});
    const Person& p = found->second.first;
    return p.party.empty() ? p.name : p.name + " (" + p.party + ")";
}

void Resolver::check_recusals() {
    for (size_t i = 0; i < m_protocol.paragraphs.size(); ++i) {
        const model::Paragraph& paragraph = m_protocol.paragraphs[i];
        std::set<std::string> seen;
        for (const model::Recusal& recusal : paragraph.recusals) {
            person_name(recusal.ref, recusal.where);
            if (!seen.insert(recusal.ref).second) fail(recusal.where, "\"" + recusal.ref + "\" is recused twice here");
            if (m_included[i]) m_recused[recusal.ref].push_back(m_numbers[i]);
        }
        // Who is recused takes no part: moves nothing, casts no vote, reserves nothing.
        auto takes_part = [&](const std::string& id, const SourceLocation& where, const char* what) {
            if (seen.count(id))
                fail(where, "\"" + id + "\" is recused from this paragraph and cannot " + what,
                     {"a member with jäv takes no part in the matter (kommunallagen 6 kap. 28 §)"});
        };
        for (const model::Section& section : paragraph.sections) {
            for (const model::Proposal& proposal : section.vote.proposals) takes_part(proposal.by, proposal.where, "make a proposal");
            for (const model::Cast& cast : section.vote.casts) takes_part(cast.ref, cast.where, "vote");
            if (section.kind == model::SectionKind::Reservation) takes_part(section.person, section.where, "reserve against the decision");
        }
    }
}

void Resolver::build_recusals(const model::Paragraph& paragraph, int parent, std::vector<document::Item>& flow) {
    for (const model::Recusal& recusal : paragraph.recusals) {
        TextBlock block = text_block("body", replace_all(label("recusal"), "{name}", person_name(recusal.ref, recusal.where)),
                                     recusal.where);
        block.runs.front().hyphenate = false;
        flow.push_back(tagged(block, Role::P, parent));
    }
}

// The proposals as a list ("a) Kent Lagrell (M) yrkar …"), the order of
// propositions, who voted how, grouped with their counts, and the result.
void Resolver::build_vote(const model::Section& section, int parent, std::vector<document::Item>& flow) {
    const model::Vote& vote = section.vote;
    const int list = tag(Role::L, parent);
    for (const model::Proposal& proposal : vote.proposals) {
        std::string line = replace_all(label("vote-proposal"), "{name}", person_name(proposal.by, proposal.where));
        list_item(flow, list, text_block("list", replace_all(line, "{text}", proposal.text), proposal.where, true),
                  proposal.id + ")");
    }
    end_with_paragraph_space(flow);
    std::string order = replace_all(replace_all(label("vote-order"), "{yes}", vote.yes), "{no}", vote.no);
    TextBlock order_block = text_block("body", order, section.where, true);
    flow.push_back(tagged(order_block, Role::P, parent));

    std::set<std::string> voted;
    std::vector<std::string> names[3];  // ja, nej, avstår
    for (const model::Cast& cast : vote.casts) {
        const std::string name = person_name(cast.ref, cast.where);
        if (!voted.insert(cast.ref).second) fail(cast.where, "\"" + cast.ref + "\" votes twice");
        names[static_cast<int>(cast.choice)].push_back(name);
    }
    const char* keys[3] = {"vote-yes", "vote-no", "vote-abstain"};
    for (int choice = 0; choice < 3; ++choice) {
        if (names[choice].empty()) continue;
        std::string who;
        for (const std::string& name : names[choice]) who += (who.empty() ? "" : ", ") + name;
        TextBlock block =
            labelled_line(label(keys[choice]) + " (" + std::to_string(names[choice].size()) + "): ", who, section.where);
        flow.push_back(tagged(block, Role::P, parent));
    }
    end_with_paragraph_space(flow);

    const size_t yes = names[0].size(), no = names[1].size(), abstain = names[2].size();
    const std::string majority = yes > no ? vote.yes : no > yes ? vote.no : std::string();
    if (majority.empty() && vote.result.empty())
        fail(section.where, "the vote ties " + std::to_string(yes) + "–" + std::to_string(no) + ": say which proposal won",
             {"result=\"…\" names the proposal the chair's casting vote decides (kommunallagen 5 kap. 57 §)"});
    if (!majority.empty() && !vote.result.empty() && vote.result != majority)
        fail(section.where, "result=\"" + vote.result + "\" is not what the votes give: " + std::to_string(yes) + " ja, " +
                                std::to_string(no) + " nej make proposal " + majority + " the winner",
             {"leave result out unless the votes tie"});
    std::string result = label("vote-result");
    result = replace_all(result, "{yes}", std::to_string(yes));
    result = replace_all(result, "{no}", std::to_string(no));
    result = replace_all(result, "{abstain}", std::to_string(abstain));
    result = replace_all(result, "{result}", majority.empty() ? vote.result : majority);
    if (majority.empty()) result += " " + label("vote-casting");
    TextBlock result_block = text_block("body", result, section.where);
    flow.push_back(tagged(result_block, Role::P, parent));
}

// A reservation or a protocol note: who, in the layout's words, then the
// text as written (none in a reservation without reasons).
void Resolver::build_statement(const model::Section& section, int parent, std::vector<document::Item>& flow) {
    if (!section.person.empty()) {
        const char* key = section.kind == model::SectionKind::Reservation ? "reservation-by" : "note-by";
        TextBlock who = text_block("body", replace_all(label(key), "{name}", person_name(section.person, section.where)),
                                   section.where, !section.content.empty());
        who.runs.front().hyphenate = false;
        flow.push_back(tagged(who, Role::P, parent));
    }
    if (!section.content.empty()) build_rich_text(section.content, 0, parent, flow);
}

void Resolver::build_distribution(const model::Section& section, int parent, std::vector<document::Item>& flow) {
    const int list = tag(Role::L, parent);
    for (const std::string& recipient : section.recipients)
        list_item(flow, list, text_block("list", recipient, section.where), "•");
    end_with_paragraph_space(flow);
}

}  // namespace protokoll::resolve
