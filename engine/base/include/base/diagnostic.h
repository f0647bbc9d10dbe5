// Errors that carry where they come from.
//
// Every stage reports bad input as a protokoll::Error: a source location
// (file, line, column; line 0 when there is none), a category, a message and
// optional hints. The CLI prints it as
//     examples/x.xml:42:7: error: unknown element <foo> in <paragraph>
//     hint: expected one of: title, decision, summary
// and maps the category to the exit code (2 for bad input and usage).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace protokoll {

struct SourceLocation {
    std::string file;
    int line = 0;    // 1-based; 0 = unknown
    int column = 0;  // 1-based; 0 = unknown
};

enum class ErrorCode {
    BadInput,       // malformed or invalid protocol/layout, missing file, wrong password…
    Usage,          // wrong command line
    Verification,   // a signature did not verify
    Internal,       // a library failed in a way that is our bug
};

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, SourceLocation where, std::string message,
          std::vector<std::string> hints = {});

    ErrorCode code() const { return m_code; }
    const SourceLocation& where() const { return m_where; }
    const std::string& message() const { return m_message; }
    const std::vector<std::string>& hints() const { return m_hints; }

    // "file:line:column: error: message\nhint: …" — what the CLI prints.
    std::string render() const;

private:
    ErrorCode m_code;
    SourceLocation m_where;
    std::string m_message;
    std::vector<std::string> m_hints;
};

// Shorthand for the common case.
[[noreturn]] void fail(const SourceLocation& where, const std::string& message,
                       std::vector<std::string> hints = {});
[[noreturn]] void fail(const std::string& message);

// Non-fatal findings (an overfull line, a fallback) are collected, printed as
// warnings and do not change the exit code.
struct Warning {
    SourceLocation where;
    std::string message;
};
using Warnings = std::vector<Warning>;

}  // namespace protokoll
