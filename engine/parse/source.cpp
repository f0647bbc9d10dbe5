#include "source.h"

#include <algorithm>

namespace protokoll::parse {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Characters that end an XML name.
bool ends_name(char c) { return is_space(c) || c == '/' || c == '>' || c == '='; }

}  // namespace

SourceText::SourceText(std::string path, const std::string& text)
    : m_path(std::move(path)), m_text(text) {
    m_line_starts.push_back(0);
    m_characters.reserve(text.size() / k_stride + 1);
    size_t characters = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (i % k_stride == 0) m_characters.push_back(characters);
        if (text[i] == '\n') m_line_starts.push_back(i + 1);
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++characters;
    }
}

size_t SourceText::characters_before(size_t offset) const {
    size_t block = offset / k_stride;
    if (block >= m_characters.size()) block = m_characters.empty() ? 0 : m_characters.size() - 1;
    size_t characters = m_characters.empty() ? 0 : m_characters[block];
    for (size_t i = block * k_stride; i < offset && i < m_text.size(); ++i)
        if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++characters;
    return characters;
}

std::pair<size_t, size_t> SourceText::line_range(int line) const {
    if (line < 1 || static_cast<size_t>(line) > m_line_starts.size()) return {0, 0};
    size_t begin = m_line_starts[line - 1];
    size_t end = static_cast<size_t>(line) < m_line_starts.size() ? m_line_starts[line] : m_text.size();
    return {begin, end};
}

size_t SourceText::find_tag(int line, const std::string& name, size_t from) const {
    auto [begin, end] = line_range(line);
    std::string needle = "<" + name;
    for (size_t at = m_text.find(needle, std::max(begin, from)); at != npos && at + needle.size() <= end;
         at = m_text.find(needle, at + 1)) {
        size_t after = at + needle.size();
        if (after >= m_text.size() || ends_name(m_text[after])) return at;
    }
    return npos;
}

size_t SourceText::find_attribute(int line, const std::string& name, size_t from) const {
    auto [begin, end] = line_range(line);
    for (size_t at = m_text.find(name, std::max(begin, from)); at != npos && at + name.size() <= end;
         at = m_text.find(name, at + 1)) {
        if (at == 0 || !is_space(m_text[at - 1])) continue;
        size_t after = at + name.size();
        while (after < m_text.size() && is_space(m_text[after])) ++after;
        if (after < m_text.size() && m_text[after] == '=') return at;
    }
    return npos;
}

size_t SourceText::find_word(int line, const std::string& word, size_t from) const {
    if (word.empty()) return npos;
    auto [begin, end] = line_range(line);
    if (end == begin) return npos;
    size_t limit = static_cast<size_t>(line) + 8 < m_line_starts.size() ? m_line_starts[line + 8] : m_text.size();
    size_t at = m_text.find(word, std::max(begin, from));
    return at != npos && at < limit ? at : npos;
}

SourceLocation SourceText::location(size_t offset) const {
    if (offset == npos || offset > m_text.size()) return {m_path, 0, 0};
    auto after = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    return location(static_cast<int>(after - m_line_starts.begin()), offset);
}

SourceLocation SourceText::location(int line, size_t offset) const {
    SourceLocation where{m_path, line, 0};
    auto [begin, end] = line_range(line);
    if (offset == npos || offset < begin || offset >= end) return where;
    // A byte order mark is no column.
    if (begin == 0 && m_text.compare(0, 3, "\xEF\xBB\xBF") == 0 && offset >= 3) begin = 3;
    // Columns count characters, not bytes (UTF-8 continuation bytes are none).
    where.column = static_cast<int>(characters_before(offset) - characters_before(begin)) + 1;
    return where;
}

bool SourceText::whitespace_before(size_t offset) const {
    return offset != npos && offset > 0 && offset <= m_text.size() && is_space(m_text[offset - 1]);
}

}  // namespace protokoll::parse
