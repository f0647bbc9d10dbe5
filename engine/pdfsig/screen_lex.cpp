#include "screen_lex.h"

#include <utility>

namespace protokoll::sign::screen {

namespace {

constexpr long long number_cap = 1LL << 62;

bool is_regular(unsigned char c) { return !Lexer::is_space(c) && !Lexer::is_delimiter(c); }

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// strtol's reading of a token: sign, digits, the rest ignored; saturated.
long long number_of(std::string_view text) {
    size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    long long value = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
        value = value >= number_cap / 10 ? number_cap : value * 10 + (text[i] - '0');
    return negative ? -value : value;
}

// PdfName::FromEscaped: #xx is the byte xx.
std::string unescape_name(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '#' && i + 2 < text.size()) {
            const int hi = hex_digit(text[i + 1]), lo = hex_digit(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace

size_t Lexer::skip_space() {
    while (m_pos < m_bytes.size()) {
        const unsigned char c = static_cast<unsigned char>(m_bytes[m_pos]);
        if (is_space(c)) {
            ++m_pos;
        } else if (c == '%') {
            while (m_pos < m_bytes.size() && m_bytes[m_pos] != '\r' && m_bytes[m_pos] != '\n') ++m_pos;
        } else {
            break;
        }
    }
    return m_pos;
}

Token Lexer::next() {
    Token t;
    t.start = skip_space();
    const size_t size = m_bytes.size();
    if (m_pos >= size) {
        t.end = m_pos;
        return t;
    }
    const char c = m_bytes[m_pos];
    const char after = m_pos + 1 < size ? m_bytes[m_pos + 1] : '\0';
    switch (c) {
        case '(': {
            // Balanced parentheses need no escape; a backslash takes the next byte.
            int depth = 0;
            for (++m_pos; m_pos < size;) {
                const char ch = m_bytes[m_pos++];
                if (ch == '\\') {
                    if (m_pos < size) ++m_pos;
                } else if (ch == '(') {
                    ++depth;
                } else if (ch == ')') {
                    if (depth == 0) break;
                    --depth;
                }
            }
            t.kind = Tok::String;
            break;
        }
        case '<':
            if (after == '<') {
                m_pos += 2;
                t.kind = Tok::DictOpen;
            } else {
                for (++m_pos; m_pos < size && m_bytes[m_pos] != '>';) ++m_pos;
                if (m_pos < size) ++m_pos;
                t.kind = Tok::HexString;
            }
            break;
        case '>':
            m_pos += after == '>' ? 2 : 1;
            t.kind = after == '>' ? Tok::DictClose : Tok::Other;
            break;
        case '[': ++m_pos; t.kind = Tok::ArrayOpen; break;
        case ']': ++m_pos; t.kind = Tok::ArrayClose; break;
        case ')': case '{': case '}': ++m_pos; t.kind = Tok::Other; break;
        case '/': {
            // PdfTokenizer::ReadName: whitespace right after '/' is an empty
            // name; otherwise the next token (comments skipped, as
            // GetNextToken skips them), unless that is a delimiter.
            ++m_pos;
            t.kind = Tok::Name;
            if (m_pos < size && m_bytes[m_pos] == '%') {
                const size_t at = skip_space();
                if (at < size && is_regular(static_cast<unsigned char>(m_bytes[at]))) {
                    while (m_pos < size && is_regular(static_cast<unsigned char>(m_bytes[m_pos]))) ++m_pos;
                    t.start = at - 1;  // text() gives "/" + the name's bytes after the comment
                } else {
                    m_pos = at;
                    t.end = t.start + 1;
                    return t;
                }
            } else {
                while (m_pos < size && is_regular(static_cast<unsigned char>(m_bytes[m_pos]))) ++m_pos;
            }
            break;
        }
        default: {
            bool numeric = true, real = false;
            while (m_pos < size && is_regular(static_cast<unsigned char>(m_bytes[m_pos]))) {
                const char ch = m_bytes[m_pos++];
                if (ch == '.') real = true;
                else if (!((ch >= '0' && ch <= '9') || ch == '+' || ch == '-')) numeric = false;
            }
            t.kind = !numeric ? Tok::Keyword : real ? Tok::Real : Tok::Number;
            t.end = m_pos;
            if (t.kind == Tok::Number) t.number = number_of(text(t));
            return t;
        }
    }
    t.end = m_pos;
    return t;
}

const Value* Value::get(std::string_view key) const {
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
        if (it->first == key) return &it->second;
    return nullptr;
}

namespace {

// Containers deeper than this are measured but not kept.
constexpr size_t keep_depth = 4;
// Items kept per read (a /Kids of a flat page tree can be long).
constexpr size_t keep_items = size_t(1) << 20;

struct Frame {
    Value value;
    bool dict = false;
    bool expect_key = true;
    std::string key;
};

class Reader {
public:
    Reader(Lexer& lexer, const ReadLimits& limits) : m_lx(lexer), m_limits(limits) {}

    ReadResult run() {
        for (;;) {
            const Token t = m_lx.next();
            if (t.kind == Tok::End) return stop();
            if (t.kind != Tok::DictClose && t.kind != Tok::ArrayClose && t.kind != Tok::Other && m_limits.values &&
                ++*m_limits.values > m_limits.max_values && m_limits.max_values > 0) {
                m_result.problem = "more than " + std::to_string(m_limits.max_values) + " values in the objects" + m_limits.where;
                return stop();
            }
            if (!step(t)) return finish();
        }
    }

private:
    // false when the value is complete or reading must stop.
    bool step(const Token& t) {
        switch (t.kind) {
            case Tok::DictOpen:
            case Tok::ArrayOpen:
                if (m_stack.size() + 1 > static_cast<size_t>(m_limits.max_depth)) {
                    m_result.problem = "nesting deeper than " + std::to_string(m_limits.max_depth) + " levels at byte " +
                                       std::to_string(m_limits.offset + t.start) + m_limits.where;
                    return false;
                }
                m_stack.emplace_back();
                m_stack.back().dict = t.kind == Tok::DictOpen;
                m_stack.back().value.kind = m_stack.size() > keep_depth ? Value::Kind::Dropped
                                            : m_stack.back().dict ? Value::Kind::Dict : Value::Kind::Array;
                return true;
            case Tok::DictClose:
                if (m_stack.empty() || !m_stack.back().dict || !m_stack.back().expect_key) return false;
                return close();
            case Tok::ArrayClose:
                if (m_stack.empty() || m_stack.back().dict) return false;
                return close();
            case Tok::Number: return emit(number_or_reference(t));
            case Tok::Real: return emit(scalar(Value::Kind::Real));
            case Tok::String:
            case Tok::HexString: return emit(scalar(Value::Kind::String));
            case Tok::Name: {
                Value v = scalar(Value::Kind::Name);
                v.name = unescape_name(m_lx.text(t).substr(1));
                return emit(std::move(v));
            }
            case Tok::Keyword: {
                const std::string_view word = m_lx.text(t);
                // PoDoFo compares the first bytes only (strncmp).
                if (word.substr(0, 4) == "null") return emit(scalar(Value::Kind::Null));
                if (word.substr(0, 4) == "true" || word.substr(0, 5) == "false") return emit(scalar(Value::Kind::Bool));
                return false;  // PoDoFo: "invalid data type"
            }
            default: return false;
        }
    }

    static Value scalar(Value::Kind kind) {
        Value v;
        v.kind = kind;
        return v;
    }

    // "N G R" is a reference, as PdfTokenizer::DetermineDataType reads ahead.
    Value number_or_reference(const Token& t) {
        Value v = scalar(Value::Kind::Number);
        v.number = t.number;
        const size_t back = m_lx.pos();
        const Token generation = m_lx.next();
        if (generation.kind == Tok::Number) {
            const Token r = m_lx.next();
            if (r.kind == Tok::Keyword && m_lx.text(r) == "R") {
                v.kind = Value::Kind::Ref;
                return v;
            }
        }
        m_lx.seek(back);
        return v;
    }

    bool close() {
        Value v = std::move(m_stack.back().value);
        m_stack.pop_back();
        return emit(std::move(v));
    }

    bool emit(Value v) {
        if (m_stack.empty()) {
            m_result.value = std::move(v);
            m_result.complete = true;
            return false;
        }
        Frame& f = m_stack.back();
        const bool keep = f.value.kind != Value::Kind::Dropped && m_kept < keep_items;
        if (f.dict) {
            if (f.expect_key) {
                if (v.kind != Value::Kind::Name) return false;  // PoDoFo: a key must be a name
                f.key = std::move(v.name);
                f.expect_key = false;
                return true;
            }
            if (keep) {
                f.value.entries.emplace_back(std::move(f.key), std::move(v));
                ++m_kept;
            }
            f.expect_key = true;
            return true;
        }
        if (keep) {
            f.value.items.push_back(std::move(v));
            ++m_kept;
        }
        return true;
    }

    ReadResult stop() {
        m_result.complete = false;
        return finish();
    }

    ReadResult finish() {
        m_result.end = m_lx.pos();
        if (!m_result.problem.empty()) m_result.complete = false;
        return std::move(m_result);
    }

    Lexer& m_lx;
    const ReadLimits& m_limits;
    std::vector<Frame> m_stack;
    size_t m_kept = 0;
    ReadResult m_result;
};

}  // namespace

ReadResult read_value(Lexer& lexer, const ReadLimits& limits) { return Reader(lexer, limits).run(); }

}  // namespace protokoll::sign::screen
