// base: the one JSON string writer, for every report the engine writes as
// JSON (verify's evidence, the CLI's render report).
#pragma once

#include <string>

namespace protokoll {

// A JSON string: quotes, backslashes and control characters escaped; UTF-8
// passes through (JSON text is UTF-8), invalid bytes become U+FFFD so that the
// output always parses.
std::string json_string(const std::string& text);

}  // namespace protokoll
