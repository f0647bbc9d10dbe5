// The raw text of an XML file, kept beside the parsed tree because tinyxml2
// reports only line numbers: columns are found by locating "<name" or
// "name=" on the reported line. Private to the parse stage; no tinyxml2 here.
#pragma once

#include "base/diagnostic.h"

#include <cstddef>
#include <string>
#include <vector>

namespace protokoll::parse {

class SourceText {
public:
    static constexpr size_t npos = std::string::npos;

    SourceText(std::string path, const std::string& text);

    const std::string& path() const { return m_path; }

    // Byte offset of "<name" (followed by a delimiter) on `line` at or after
    // byte offset `from`; npos when not there.
    size_t find_tag(int line, const std::string& name, size_t from = 0) const;

    // Byte offset of the attribute `name` (preceded by white space, followed
    // by "=") on `line` at or after `from`; npos when not there.
    size_t find_attribute(int line, const std::string& name, size_t from = 0) const;

    // Byte offset of `word` at or after `from`, looking on `line` and the
    // few lines after it (text nodes start with their leading white space);
    // npos when not there.
    size_t find_word(int line, const std::string& word, size_t from = 0) const;

    // file:line:column for a byte offset on `line`; column 0 when offset is npos.
    SourceLocation location(int line, size_t offset) const;

    // file:line:column for a byte offset anywhere; line and column 0 when npos.
    SourceLocation location(size_t offset) const;

    // Whether the byte before `offset` is XML white space: tinyxml2 drops
    // white-space-only text between two elements, which matters in inline text.
    bool whitespace_before(size_t offset) const;

private:
    // [begin, end) of a 1-based line; empty range for lines out of range.
    std::pair<size_t, size_t> line_range(int line) const;

    // Characters (UTF-8 lead bytes) before byte offset `offset`.
    size_t characters_before(size_t offset) const;

    std::string m_path;
    const std::string& m_text;
    std::vector<size_t> m_line_starts;
    // Characters before every k_stride-th byte: a column costs at most
    // k_stride steps however long the line (a whole file on one line has
    // an element every few bytes, each asking for its column).
    static constexpr size_t k_stride = 256;
    std::vector<size_t> m_characters;
};

}  // namespace protokoll::parse
