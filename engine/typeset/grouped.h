// Numbers in typeset's messages about its limits. Private to typeset.
#pragma once

#include <cstddef>
#include <string>

namespace protokoll::typeset {

// 1234567 -> "1 234 567", digits grouped by plain spaces.
inline std::string grouped(size_t value) {
    const std::string digits = std::to_string(value);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    return out;
}

}  // namespace protokoll::typeset
