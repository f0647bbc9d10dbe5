// The bytes of an XML file as UTF-8, before anything parses them.
//
// A file that declares ISO-8859-1 (latin1), ISO-8859-15 or windows-1252
// (cp1252), or is UTF-16 with a byte order mark, is converted with iconv;
// every other file must be UTF-8, and a byte that is not is an error at
// its own line and column. Conversion keeps lines and columns: each
// character of the converted text was one character of the file, so an
// error found later still points into the file as the secretary sees it.
#pragma once

#include <string>

namespace protokoll::parse {

// Taken by value: a file that is UTF-8 already is moved through, not copied.
std::string to_utf8(std::string bytes, const std::string& path);

}  // namespace protokoll::parse
