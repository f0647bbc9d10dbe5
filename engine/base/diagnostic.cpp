#include "base/diagnostic.h"

namespace protokoll {

static std::string format(const SourceLocation& where, const std::string& message,
                          const std::vector<std::string>& hints) {
    std::string out;
    if (!where.file.empty()) {
        out += where.file;
        if (where.line > 0) {
            out += ':' + std::to_string(where.line);
            if (where.column > 0) out += ':' + std::to_string(where.column);
        }
        out += ": ";
    }
    out += "error: " + message;
    for (const auto& hint : hints) out += "\nhint: " + hint;
    return out;
}

Error::Error(ErrorCode code, SourceLocation where, std::string message,
             std::vector<std::string> hints)
    : std::runtime_error(format(where, message, hints)),
      m_code(code),
      m_where(std::move(where)),
      m_message(std::move(message)),
      m_hints(std::move(hints)) {}

std::string Error::render() const { return what(); }

void fail(const SourceLocation& where, const std::string& message, std::vector<std::string> hints) {
    throw Error(ErrorCode::BadInput, where, message, std::move(hints));
}

void fail(const std::string& message) { throw Error(ErrorCode::BadInput, {}, message); }

}  // namespace protokoll
