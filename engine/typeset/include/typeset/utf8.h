// UTF-8 decoding and encoding for run text.
#pragma once

#include "base/diagnostic.h"

#include <string>
#include <string_view>

namespace protokoll::typeset {

// Decodes UTF-8; malformed input (bad lead byte, truncated or overlong
// sequence, surrogate, > U+10FFFF) is bad input and fails at `where`.
std::u32string decode_utf8(std::string_view text, const SourceLocation& where);

void append_utf8(std::string& out, char32_t c);

// "U+00E5 'å'": how messages name a character.
std::string describe_codepoint(char32_t c);

}  // namespace protokoll::typeset
