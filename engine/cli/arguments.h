// The command line of one command: options with a value (some repeatable),
// flags and positional arguments; and the values every command reads the same
// way (time, data directory, network timeout).
#pragma once

#include <ctime>
#include <map>
#include <string>
#include <vector>

namespace protokoll::cli {

constexpr int EXIT_OK = 0;
constexpr int EXIT_VERIFY_FAILED = 1;
constexpr int EXIT_BAD_INPUT = 2;

// Throws the usage error the CLI prints with exit 2 and a pointer to --help.
[[noreturn]] void usage_error(const std::string& message);

struct OptionSpec {
    std::vector<std::string> with_value;  // "--name VALUE", at most once
    std::vector<std::string> repeatable;  // "--name VALUE", any number of times, in order
    std::vector<std::string> flags;       // "--name"
};

class Arguments {
public:
    // Reads argv[first..argc); an unknown option, a missing value or a
    // non-repeatable option given twice is a usage error.
    Arguments(int argc, char** argv, int first, const OptionSpec& spec);

    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    std::string required(const std::string& name) const;
    std::string optional(const std::string& name, const std::string& fallback = {}) const;
    // Every value of a repeatable option, in the order given.
    std::vector<std::string> all(const std::string& name) const;
    std::string single_input(const char* what) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::vector<std::string>> m_values;
    std::map<std::string, bool> m_flags;
};

// --format text|json (default text): true for json; anything else is a usage error.
bool json_format(const Arguments& args);

// @SECONDS or YYYY-MM-DDTHH:MM:SSZ.
std::time_t parse_time(const std::string& text);
// --timestamp, else $SOURCE_DATE_EPOCH, else now: the clock is an input.
std::time_t timestamp(const Arguments& args);
// --data, else $PROTOKOLL_DATA, else the source tree the program was built from.
std::string data_dir(const Arguments& args);
// The file where fonts' verified checksums are kept between runs:
// $PROTOKOLL_CACHE, else $XDG_CACHE_HOME/protokoll, else ~/.cache/protokoll,
// then /verified-fonts; "" (no cache) when PROTOKOLL_CACHE is empty or the
// directory cannot be made.
std::string font_cache();
// --timeout SECONDS for a TSA, OCSP responder or CRL (1..600), else the default.
int timeout_seconds(const Arguments& args, int default_seconds);

}  // namespace protokoll::cli
