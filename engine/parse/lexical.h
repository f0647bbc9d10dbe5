// Small hand-written matchers for attribute values and text helpers.
// No std::regex: libstdc++'s recurses per character and overflows the
// stack on a long value (a 30 000-character layout="…" was a SIGSEGV).
// Each matcher is one loop over the value, linear in its length.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace protokoll::parse {

bool is_xml_space(char c);

// Runs of XML white space become one space; trim drops it at both ends.
std::string collapse(const std::string& text);
std::string trim(const std::string& text);
bool is_blank(const char* text);

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");
std::string tag(const std::string& name);  // "<name>"

// [A-Za-z0-9_][A-Za-z0-9._-]*: layout names, font file names, ids in keys.
bool is_simple_name(const std::string& text);

// NAME(/NAME)*.png with NAME a simple name: a PNG below the layout's directory.
bool is_png_path(const std::string& text);

// "group-" followed by a simple name.
bool is_group_key(const std::string& text);

// YYYY-MM-DD, a date that exists.
bool is_date(const std::string& text);

// What a secretary writes for a time: 9, 09, 9.00, 09:00 (hour up to 24).
bool is_time(const std::string& text);

// "30mm" or "12.5pt", in pt; nullopt when not a length.
std::optional<double> parse_length(const std::string& text);

// "11", "10.5" or "11pt", in pt; nullopt when not a number of points.
std::optional<double> parse_points(const std::string& text);

// "#rrggbb".
bool is_color(const std::string& text);

// One word, hyphen points marked with "-": no white space, no empty parts.
bool is_hyphenated_word(const std::string& text);

}  // namespace protokoll::parse
