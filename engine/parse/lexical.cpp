#include "lexical.h"

#include <charconv>

namespace protokoll::parse {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_';
}

bool is_name_char(char c) { return is_name_start(c) || c == '.' || c == '-'; }

bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Digits, then optionally "." and digits: the length of that prefix, 0 when none.
size_t decimal_prefix(const std::string& text) {
    size_t at = 0;
    while (at < text.size() && is_digit(text[at])) ++at;
    if (at == 0) return 0;
    if (at < text.size() && text[at] == '.') {
        size_t fraction = at + 1;
        while (fraction < text.size() && is_digit(text[fraction])) ++fraction;
        if (fraction == at + 1) return 0;  // "12." is no number
        at = fraction;
    }
    return at;
}

// Locale-independent; nullopt when out of a double's range (a number of
// thousands of digits is no length, and must not become 0).
std::optional<double> to_double(const std::string& digits) {
    double value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return value;
}

int two_digits(const std::string& text, size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); }

}  // namespace

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// U+00A0 is not XML white space, so a no-break space written as &#160; survives untouched.
std::string collapse(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool in_space = false;
    for (char c : text) {
        if (is_xml_space(c)) {
            if (!in_space) out += ' ';
            in_space = true;
        } else {
            out += c;
            in_space = false;
        }
    }
    return out;
}

std::string trim(const std::string& text) {
    size_t begin = 0, end = text.size();
    while (begin < end && is_xml_space(text[begin])) ++begin;
    while (end > begin && is_xml_space(text[end - 1])) --end;
    return text.substr(begin, end - begin);
}

bool is_blank(const char* text) {
    for (; text && *text; ++text)
        if (!is_xml_space(*text)) return false;
    return true;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

std::string tag(const std::string& name) { return "<" + name + ">"; }

bool is_simple_name(const std::string& text) {
    if (text.empty() || !is_name_start(text[0])) return false;
    for (char c : text)
        if (!is_name_char(c)) return false;
    return true;
}

bool is_png_path(const std::string& text) {
    const std::string suffix = ".png";
    if (text.size() <= suffix.size() || text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    std::string rest = text.substr(0, text.size() - suffix.size());
    for (size_t at = 0; at <= rest.size();) {
        size_t slash = rest.find('/', at);
        if (slash == std::string::npos) slash = rest.size();
        if (!is_simple_name(rest.substr(at, slash - at))) return false;
        at = slash + 1;
    }
    return true;
}

bool is_group_key(const std::string& text) {
    return text.compare(0, 6, "group-") == 0 && is_simple_name(text.substr(6));
}

bool is_date(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!is_digit(text[i])) return false;
    int year = two_digits(text, 0) * 100 + two_digits(text, 2);
    int month = two_digits(text, 5), day = two_digits(text, 8);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

bool is_time(const std::string& text) {
    size_t hour_digits = 0;
    while (hour_digits < text.size() && hour_digits < 3 && is_digit(text[hour_digits])) ++hour_digits;
    if (hour_digits < 1 || hour_digits > 2) return false;
    int hour = hour_digits == 1 ? text[0] - '0' : two_digits(text, 0);
    if (hour > 24) return false;
    if (text.size() == hour_digits) return true;
    if (text.size() != hour_digits + 3 || (text[hour_digits] != ':' && text[hour_digits] != '.')) return false;
    if (!is_digit(text[hour_digits + 1]) || !is_digit(text[hour_digits + 2])) return false;
    return two_digits(text, hour_digits + 1) < 60;
}

std::optional<double> parse_length(const std::string& text) {
    constexpr double pt_per_mm = 72.0 / 25.4;
    size_t number = decimal_prefix(text);
    if (number == 0) return std::nullopt;
    std::string unit = text.substr(number);
    auto value = to_double(text.substr(0, number));
    if (!value || (unit != "mm" && unit != "pt")) return std::nullopt;
    return unit == "mm" ? *value * pt_per_mm : *value;
}

std::optional<double> parse_points(const std::string& text) {
    size_t number = decimal_prefix(text);
    if (number == 0) return std::nullopt;
    std::string unit = text.substr(number);
    if (!unit.empty() && unit != "pt") return std::nullopt;
    return to_double(text.substr(0, number));  // nullopt when out of range
}

bool is_color(const std::string& text) {
    if (text.size() != 7 || text[0] != '#') return false;
    for (size_t i = 1; i < 7; ++i)
        if (!is_hex(text[i])) return false;
    return true;
}

bool is_hyphenated_word(const std::string& text) {
    if (text.empty() || text.front() == '-' || text.back() == '-') return false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') return false;
        if (c == '-' && text[i + 1] == '-') return false;
    }
    return true;
}

}  // namespace protokoll::parse
