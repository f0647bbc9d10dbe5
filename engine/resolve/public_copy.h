// A public copy of a protocol (private to resolve): the same protocol with
// what it marks confidential, and personal identity numbers found by
// pattern, replaced by a visible mark. The removed text is gone from the
// model before anything is laid out, so nothing downstream (text, tags,
// metadata, the font subset) can hold it.
#pragma once

#include "model/protocol.h"

#include <string>

namespace protokoll::resolve {

struct RemovalMark {
    std::string words;           // "[Uppgift borttagen enligt {grounds}]"
    std::string default_grounds; // for identity numbers and confidential="true" without grounds
    std::string text(const std::string& grounds) const;
};

model::Protocol public_copy(const model::Protocol& written, const RemovalMark& mark);

// `text` with every Swedish personal identity number (personnummer or
// samordningsnummer: YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN, and bare
// YYYYMMDDNNNN or YYMMDDNNNN whose check digit holds) replaced by `mark`.
std::string without_identity_numbers(const std::string& text, const std::string& mark);

}  // namespace protokoll::resolve
