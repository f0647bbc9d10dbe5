// Resolver, step 6 continued: the protocol's facts for an archive
// (document::Facts; finish writes them into the XMP, docs/metadata.md).
#include "resolver.h"

#include <algorithm>

namespace protokoll::resolve {

namespace {

// The words of rich text, blocks and list items one space apart.
void append_plain(const model::RichText& blocks, std::string& out) {
    auto add = [&](const std::string& text) {
        if (text.empty()) return;
        if (!out.empty() && out.back() != ' ') out += ' ';
        out += text;
    };
    for (const model::Block& block : blocks) {
        for (const model::Inline& in : block.inlines) add(in.text);
        for (const model::ListItem& item : block.items) append_plain(item.blocks, out);
    }
}

}  // namespace

void Resolver::build_facts(document::Facts& facts) const {
    facts.organisation = m_layout.organisation;
    for (const std::string& id : m_bodies) facts.bodies.push_back(m_body_names.at(id));
    facts.kind = kind_word();
    if (m_notice) facts.variant = "notice";
    else if (m_options.public_copy) facts.variant = m_extract ? "public extract" : "public";
    else if (m_extract) facts.variant = "extract";
    facts.date = m_protocol.meeting.date;
    facts.layout = m_layout.id;
    facts.source_sha256 = m_protocol.source_sha256;
    for (size_t i = 0; i < m_protocol.paragraphs.size(); ++i) {
        if (!m_included[i]) continue;
        const model::Paragraph& written = m_protocol.paragraphs[i];
        document::Facts::Paragraph paragraph;
        paragraph.number = m_numbers[i];
        paragraph.title = written.title;
        for (const model::Section& section : written.sections) {
            if (section.kind == model::SectionKind::Decision) append_plain(section.content, paragraph.decision);
            for (const model::BasisDocument& basis : section.documents)
                if (!basis.reference.empty()) paragraph.references.push_back(basis.reference);
        }
        facts.paragraphs.push_back(std::move(paragraph));
    }
    // Each signer's place in the order, found once, then as written within a place.
    std::vector<std::pair<int, const Signer*>> signers;
    for (const Signer& signer : m_signers) signers.emplace_back(signing_order(signer), &signer);
    std::stable_sort(signers.begin(), signers.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [order, signer] : signers) {
        const bool secretary = signer->written->kind == model::Signer::Kind::Secretary;
        facts.signers.push_back({signer->person.name, printed_role(*signer), secretary ? "secretary" : "adjuster"});
    }
}

}  // namespace protokoll::resolve
