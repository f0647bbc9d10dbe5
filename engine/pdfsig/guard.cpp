// The two lines of defence (guard.h): the screen, then a child process.
#include "pdfsig/guard.h"

#include "base/diagnostic.h"
#include "base/files.h"

namespace protokoll::sign {

std::string hostile_file(const std::string& what) { return "damaged or hostile file: " + what; }

namespace detail {

void refuse_hostile(const std::string& bytes, const std::string& input_name, const ScreenLimits& limits) {
    const std::string why = screen_pdf(bytes, limits);
    if (!why.empty()) fail(SourceLocation{input_name, 0, 0}, hostile_file(why));
}

std::string run_guarded(const std::string& input_name, const Warn& warn, int online_seconds,
                        const std::function<std::string(const Warn&)>& work) {
    HostileLimits limits;
    limits.process.wall_seconds += online_seconds;
    const IsolatedResult result = run_isolated(
        [&] {
            std::vector<std::string> warnings;
            const std::string value = work([&warnings](const std::string& message) { warnings.push_back(message); });
            return pack({pack(warnings), value});
        },
        limits.process);
    if (!result.returned()) fail(SourceLocation{input_name, 0, 0}, hostile_file(result.problem));
    const std::vector<std::string> parts = unpack(result.value);
    if (parts.size() != 2) throw Error(ErrorCode::Internal, {}, "a malformed answer from the isolated work");
    if (warn)
        for (const std::string& message : unpack(parts[0])) warn(message);
    return parts[1];
}

}  // namespace detail

}  // namespace protokoll::sign
