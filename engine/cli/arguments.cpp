#include "arguments.h"

#include "base/diagnostic.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <sys/stat.h>

#ifndef PROTOKOLL_DATA_DIR
#define PROTOKOLL_DATA_DIR "."
#endif

namespace protokoll::cli {

void usage_error(const std::string& message) {
    throw Error(ErrorCode::Usage, {}, message, {"run 'protokoll --help'"});
}

namespace {
bool among(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}
}  // namespace

Arguments::Arguments(int argc, char** argv, int first, const OptionSpec& spec) {
    for (int i = first; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.size() < 2 || arg[0] != '-') {
            m_positional.push_back(arg);
        } else if (among(spec.flags, arg)) {
            m_flags[arg] = true;
        } else if (among(spec.with_value, arg) || among(spec.repeatable, arg)) {
            if (i + 1 >= argc) usage_error("option " + arg + " needs a value");
            if (m_values.count(arg) && !among(spec.repeatable, arg))
                usage_error("option " + arg + " is given twice (\"" + m_values[arg].front() + "\" and \"" + argv[i + 1] +
                            "\"); give it once");
            m_values[arg].push_back(argv[++i]);
        } else {
            usage_error("unknown option " + arg);
        }
    }
}

std::string Arguments::required(const std::string& name) const {
    auto found = m_values.find(name);
    if (found == m_values.end()) usage_error("missing option " + name);
    return found->second.front();
}

std::string Arguments::optional(const std::string& name, const std::string& fallback) const {
    auto found = m_values.find(name);
    return found == m_values.end() ? fallback : found->second.front();
}

std::vector<std::string> Arguments::all(const std::string& name) const {
    auto found = m_values.find(name);
    return found == m_values.end() ? std::vector<std::string>{} : found->second;
}

std::string Arguments::single_input(const char* what) const {
    if (m_positional.size() != 1) usage_error(std::string("expected exactly one ") + what);
    return m_positional[0];
}

bool json_format(const Arguments& args) {
    const std::string format = args.optional("--format", "text");
    if (format != "text" && format != "json") usage_error("--format takes text or json, not \"" + format + "\"");
    return format == "json";
}

std::time_t parse_time(const std::string& text) {
    if (!text.empty() && text[0] == '@') {
        char* end = nullptr;
        long long value = std::strtoll(text.c_str() + 1, &end, 10);
        if (*end != '\0' || value < 0) usage_error("bad time \"" + text + "\"");
        return static_cast<std::time_t>(value);
    }
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end != '\0') usage_error("bad time \"" + text + "\"; write @SECONDS or YYYY-MM-DDTHH:MM:SSZ");
    return timegm(&tm);
}

std::time_t timestamp(const Arguments& args) {
    if (args.has("--timestamp")) return parse_time(args.required("--timestamp"));
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) return parse_time(std::string("@") + epoch);
    return std::time(nullptr);
}

std::string font_cache() {
    std::string dir;
    if (const char* env = std::getenv("PROTOKOLL_CACHE")) {
        if (!*env) return {};  // PROTOKOLL_CACHE= turns the cache off
        dir = env;
    } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
        dir = std::string(xdg) + "/protokoll";
    } else if (const char* home = std::getenv("HOME"); home && *home == '/') {
        dir = std::string(home) + "/.cache/protokoll";
    } else {
        return {};
    }
    // Create it as mkdir -p would; a directory we cannot make means no cache.
    for (size_t at = 1; at <= dir.size(); ++at)
        if (at == dir.size() || dir[at] == '/') {
            const std::string part = dir.substr(0, at);
            if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) return {};
        }
    return dir + "/verified-fonts";
}

std::string data_dir(const Arguments& args) {
    if (args.has("--data")) return args.required("--data");
    if (const char* env = std::getenv("PROTOKOLL_DATA")) return env;
    return PROTOKOLL_DATA_DIR;
}

int timeout_seconds(const Arguments& args, int default_seconds) {
    if (!args.has("--timeout")) return default_seconds;
    const std::string text = args.required("--timeout");
    char* end = nullptr;
    const long seconds = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || seconds < 1 || seconds > 600)
        usage_error("--timeout takes seconds from 1 to 600, not \"" + text + "\"");
    return static_cast<int>(seconds);
}

}  // namespace protokoll::cli
