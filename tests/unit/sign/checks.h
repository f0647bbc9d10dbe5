// Reading verify's reports and the judges' outputs in the sign tests.
#pragma once

#include "verify/verify.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace protokoll::sign::testing {

// The report of field `name`; fails the test when there is none.
inline const FieldReport& field(const VerifyReport& report, const std::string& name) {
    for (const auto& f : report.fields)
        if (f.field == name) return f;
    FAIL("no field " << name);
    throw;
}

// Some line contains `part`.
inline bool mentions(const std::vector<std::string>& lines, const std::string& part) {
    for (const auto& line : lines)
        if (line.find(part) != std::string::npos) return true;
    return false;
}

inline size_t count(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace protokoll::sign::testing
