// The names of the structure roles (document.h), as ISO 32000-1 § 14.8.4 spells them.
#include "document/document.h"

namespace protokoll::document {

const char* role_name(Role role) {
    switch (role) {
    case Role::Document: return "Document";
    case Role::Sect: return "Sect";
    case Role::Div: return "Div";
    case Role::H1: return "H1";
    case Role::H2: return "H2";
    case Role::H3: return "H3";
    case Role::P: return "P";
    case Role::L: return "L";
    case Role::LI: return "LI";
    case Role::Lbl: return "Lbl";
    case Role::LBody: return "LBody";
    case Role::Link: return "Link";
    case Role::Span: return "Span";
    case Role::Figure: return "Figure";
    case Role::Form: return "Form";
    }
    return "Span";
}

}  // namespace protokoll::document
