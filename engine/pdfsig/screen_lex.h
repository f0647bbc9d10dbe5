// Internal to the screen (screen.h): a tokenizer with PoDoFo 0.9.8's
// lexical rules (PdfTokenizer: whitespace, delimiters, comments, literal and
// hex strings) and a reader of one PDF value that never recurses, so that it
// can measure what PoDoFo's recursive parser would do with the same bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace protokoll::sign::screen {

enum class Tok {
    End,        // no more bytes
    Number,     // digits, '+', '-' only (PoDoFo's integer)
    Real,       // the same with a '.'
    Name,       // '/' and what follows
    String,     // ( … ), balanced, escapes skipped
    HexString,  // < … >
    DictOpen,   // <<
    DictClose,  // >>
    ArrayOpen,  // [
    ArrayClose, // ]
    Keyword,    // any other run of regular characters: obj, R, true, stream, …
    Other,      // a delimiter that starts no value: ) > { }
};

struct Token {
    Tok kind = Tok::End;
    size_t start = 0, end = 0;  // [start, end) in the lexer's bytes
    long long number = 0;       // Number: its value, saturated at ±(2^62)
};

class Lexer {
public:
    Lexer(std::string_view bytes, size_t pos = 0) : m_bytes(bytes), m_pos(pos) {}
    Token next();
    size_t pos() const { return m_pos; }
    void seek(size_t pos) { m_pos = pos; }
    std::string_view text(const Token& t) const { return m_bytes.substr(t.start, t.end - t.start); }
    std::string_view bytes() const { return m_bytes; }
    // Skips whitespace and comments; the position of the next token.
    size_t skip_space();

    static bool is_space(unsigned char c) { return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32; }
    static bool is_delimiter(unsigned char c) {
        return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
               c == '/' || c == '%';
    }

private:
    std::string_view m_bytes;
    size_t m_pos;
};

// What the screen keeps of a value: scalars, and containers down to a few
// levels (a stream dictionary's /Filter, /DecodeParms, /W, /Index, /Kids).
struct Value {
    enum class Kind { Null, Bool, Number, Real, Name, String, Ref, Array, Dict, Dropped };
    Kind kind = Kind::Null;
    long long number = 0;  // Number; Ref: the object number
    std::string name;      // Name, #xx escapes decoded
    std::vector<Value> items;                           // Array
    std::vector<std::pair<std::string, Value>> entries; // Dict, in file order

    const Value* get(std::string_view key) const;  // the last entry with that key (PoDoFo keeps the last)
    bool is(Kind k) const { return kind == k; }
};

// Reading one value: what the screen learnt, or why it refuses.
struct ReadResult {
    Value value;
    bool complete = false;    // a whole value (PoDoFo would not stop with an error inside it)
    size_t end = 0;           // where reading stopped
    std::string problem;      // a hostile structure: "nesting deeper than 64 levels at byte 1234"
};

struct ReadLimits {
    int max_depth = 64;
    size_t* values = nullptr;        // counts every value read (shared by all reads of one screen)
    size_t max_values = 0;
    size_t offset = 0;               // added to byte positions in problems (a stream's place in the file)
    std::string where;               // appended to problems, e.g. " (in the object stream at byte 99)"
};

// Reads the value that starts at the lexer's position, as PoDoFo's
// GetNextVariant would: numbers followed by "G R" are references, a
// dictionary key must be a name (a container in its place is read first,
// then the dictionary ends), an unknown keyword or a stray delimiter ends
// the reading as PoDoFo's error would. Never recursive.
ReadResult read_value(Lexer& lexer, const ReadLimits& limits);

}  // namespace protokoll::sign::screen
