// Resolver: what follows the signatures. The protocol's own closing words
// (<closing>: "Några kommande aktiviteter:" and a list), and the layout's
// appeal instructions (överklagandehänvisning, <appeal>): how a member of
// the municipality appeals a decision (kommunallagen 13 kap.), which a
// protocol and every copy made of it carries, as a block or a page.
#include "resolver.h"

#include <algorithm>

namespace protokoll::resolve {

using document::Role;
using document::TextBlock;

// The closing is the protocol's, so an extract of some paragraphs leaves
// it out; a public copy keeps it (public_copy.cpp has removed what it
// marks confidential).
void Resolver::build_closing(std::vector<document::Item>& flow) {
    if (m_protocol.closing.empty() || m_extract) return;
    const int sect = tag(Role::Sect, 0);
    const size_t first = flow.size();
    build_rich_text(m_protocol.closing, 0, sect, flow);
    // Set off from the last signature as a heading is from what precedes it.
    for (size_t k = first; k < flow.size(); ++k)
        if (auto* block = std::get_if<TextBlock>(&flow[k])) {
            block->style.space_before = std::max(block->style.space_before, style("heading").space_before);
            break;
        }
    end_with_paragraph_space(flow);
}

// Not in notes (anteckningar decide nothing that can be appealed), not when
// the protocol says appeal="false"; in a protocol, its extracts and its
// public copies. The heading is a label, the text the layout's in the
// protocol's language: there is no fallback to Swedish.
void Resolver::build_appeal(std::vector<document::Item>& flow) {
    if (m_kind != DocumentKind::Protocol || !m_protocol.appeal) return;
    const auto& appeal = m_english ? m_layout.appeal_en : m_layout.appeal;
    if (!appeal) {
        const auto& other = m_english ? m_layout.appeal : m_layout.appeal_en;
        if (other)
            fail(other->where,
                 "layout \"" + m_layout.id + "\" has appeal instructions only in " +
                     (m_english ? "Swedish" : "English") + ", the protocol is in " + (m_english ? "English" : "Swedish"),
                 {std::string("add <appeal lang=\"") + (m_english ? "en" : "sv") + "\">…</appeal> to the layout",
                  "or appeal=\"false\" on the protocol"});
        return;
    }
    const int sect = tag(Role::Sect, 0);
    TextBlock heading = text_block("heading", label("appeal"), appeal->where, true);
    heading.page_break_before = appeal->own_page;
    flow.push_back(tagged(heading, Role::H2, sect));
    build_rich_text(appeal->content, 0, sect, flow);
}

}  // namespace protokoll::resolve
