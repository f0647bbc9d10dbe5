// Resolver, step 5 continued: the signature block and the order of signing.
#include "resolver.h"

#include "base/time.h"

namespace protokoll::resolve {

// Who signs when, by the layout's <signing-order> (docs/format.md): the
// signer's place is the index of the step that takes it — the first step
// with roles that selects it, else the first step without — and after
// every step when none does. Signers in one place sign as written.
int Resolver::signing_order(const Signer& signer) const {
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

// The role printed under a signer's name: as written, else the person's
// role or title; at a joint meeting with the body it signs for.
std::string Resolver::printed_role(const Signer& signer) const {
    std::string role = signer.written->role;
    if (role.empty()) role = capitalised(!signer.person.role.empty() ? signer.person.role : signer.person.title);
    if (!signer.written->body.empty() && m_bodies.size() > 1) role += ", " + m_body_names.at(signer.written->body);
    return role;
}

void Resolver::build_signatures(std::vector<document::Item>& flow) {
    if (m_signers.empty()) return;
    auto row = [&](model::Signer::Kind kind) {
        document::SignatureRow out;
        out.style = style("signature");
        for (const auto& signer : m_signers) {
            if (signer.written->kind != kind) continue;
            const std::string role = printed_role(signer);
            const char* words = kind == model::Signer::Kind::Secretary ? "signed-by-secretary" : "signed-by-adjuster";
            out.slots.push_back(
                {signer.field, signer.person.name, role, signing_order(signer), label_or(words, ""), signer.written->where});
        }
        return out;
    };
    // Each signature: a Div of its field (Form), the name and the role.
    auto tag_row = [&](document::SignatureRow& row, int parent) {
        for (document::SignatureSlot& slot : row.slots) {
            const int div = tag(Role::Div, parent);
            std::string description = replace_all(label_or("signature-field", "{name}, {role}"), "{name}", slot.name);
            description = replace_all(description, "{role}", slot.role);
            if (slot.role.empty()) description = replace_all(description, ", ", "");
            slot.element = tag(Role::Form, div, description);
            slot.name_element = tag(Role::P, div);
            if (!slot.role.empty()) slot.role_element = tag(Role::P, div);
        }
    };
    // The signature block never stands alone on a page: it keeps at least
    // the last lines of the last paragraph with it.
    if (!flow.empty())
        if (auto last = std::get_if<TextBlock>(&flow.back())) last->keep_with_next = true;
    document::SignatureRow secretaries = row(model::Signer::Kind::Secretary);
    document::SignatureRow adjusters = row(model::Signer::Kind::Adjuster);
    if (!secretaries.slots.empty()) {
        const int sect = tag(Role::Sect, 0);
        const std::string words = m_notice    ? label("notice-signature")
                                  : m_extract ? label("extract-certified")
                                              : label("minutes-" + kind_word());
        TextBlock heading = text_block("signature-label", words, m_protocol.where, true);
        flow.push_back(tagged(heading, Role::H2, sect));
        secretaries.keep_with_next = !adjusters.slots.empty();
        tag_row(secretaries, sect);
        flow.push_back(std::move(secretaries));
    }
    if (!adjusters.slots.empty()) {
        const int sect = tag(Role::Sect, 0);
        TextBlock heading = text_block("signature-label", label("adjusters"), m_protocol.where, true);
        flow.push_back(tagged(heading, Role::H2, sect));
        tag_row(adjusters, sect);
        flow.push_back(std::move(adjusters));
    }
}

// The zone and the words sign and seal use later (docs/format.md). A
// layout without the words leaves them out: sign and seal then use their
// neutral English ones (pdfsig/fields.h, SigningWords).
void Resolver::build_signing(document::Signing& signing) const {
    if (!m_layout.time_zone.empty()) {
        try {
            TimeZone::named(m_layout.time_zone);
        } catch (const Error& e) {
            fail(m_layout.time_zone_where, e.message(), e.hints());
        }
        signing.time_zone = m_layout.time_zone;
    }
    signing.certificate_words = label_or("signature-certificate", "");
    signing.document_timestamp = label_or("document-timestamp", "");
}

}  // namespace protokoll::resolve
