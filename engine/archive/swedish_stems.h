// archive: Swedish words reduced to their stems (Snowball's Swedish
// algorithm, libstemmer: the one PostgreSQL's 'swedish' text search uses), so
// that SQLite's full-text index finds "yrkesresa" in "Yrkesresor" as
// PostgreSQL does. The index holds the stems; a query is stemmed the same way.
#pragma once

#include <string>

namespace protokoll::archive {

// The words of UTF-8 `text` — runs of letters and digits; punctuation,
// symbols and spaces separate them — lower-cased and stemmed, joined by single
// spaces, in the order they came ("" when the text has no words).
std::string swedish_stems(const std::string& text);

}  // namespace protokoll::archive
