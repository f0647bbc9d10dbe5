// protokoll — the command line. A thin layer: parse arguments, call the
// library, print diagnostics, map outcomes to exit codes:
//   0 success, 1 a verification that failed, 2 bad input or usage.
#include "base/diagnostic.h"
#include "base/files.h"
#include "pipeline/render.h"
#include "sign/sign.h"

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#ifndef PROTOKOLL_VERSION
#define PROTOKOLL_VERSION "dev"
#endif
#ifndef PROTOKOLL_DATA_DIR
#define PROTOKOLL_DATA_DIR "."
#endif

namespace protokoll::cli {
namespace {

constexpr int EXIT_OK = 0;
constexpr int EXIT_VERIFY_FAILED = 1;
constexpr int EXIT_BAD_INPUT = 2;

const char* USAGE =
    "usage:\n"
    "  protokoll render PROTOCOL.xml -o OUT.pdf [--pdfa 2b|1b] [--timestamp TIME] [--report] [--data DIR]\n"
    "  protokoll sign IN.pdf --field NAME --p12 KEY.p12 --password-file FILE -o OUT.pdf [--timestamp TIME]\n"
    "  protokoll verify FILE.pdf\n"
    "\n"
    "TIME is seconds since 1970 (@1700000000) or YYYY-MM-DDTHH:MM:SSZ; default: $SOURCE_DATE_EPOCH, else now.\n"
    "DIR holds layouts/ and fonts/; default: $PROTOKOLL_DATA, else " PROTOKOLL_DATA_DIR ".\n"
    "Exit codes: 0 success, 1 a signature did not verify, 2 bad input or usage.\n";

[[noreturn]] void usage_error(const std::string& message) {
    throw Error(ErrorCode::Usage, {}, message, {"run 'protokoll --help'"});
}

// Options of one command: "--name value" pairs, flags, and positional arguments.
struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::map<std::string, bool> flags;

    Arguments(int argc, char** argv, int first, const std::vector<std::string>& with_value,
              const std::vector<std::string>& flag_names) {
        for (int i = first; i < argc; ++i) {
            std::string arg = argv[i];
            if (arg.size() > 1 && arg[0] == '-') {
                if (std::find(flag_names.begin(), flag_names.end(), arg) != flag_names.end()) {
                    flags[arg] = true;
                } else if (std::find(with_value.begin(), with_value.end(), arg) != with_value.end()) {
                    if (i + 1 >= argc) usage_error("option " + arg + " needs a value");
                    values[arg] = argv[++i];
                } else {
                    usage_error("unknown option " + arg);
                }
            } else {
                positional.push_back(arg);
            }
        }
    }

    std::string required(const std::string& name) const {
        auto found = values.find(name);
        if (found == values.end()) usage_error("missing option " + name);
        return found->second;
    }
    std::string optional(const std::string& name, const std::string& fallback = {}) const {
        auto found = values.find(name);
        return found == values.end() ? fallback : found->second;
    }
    std::string single_input(const char* what) const {
        if (positional.size() != 1) usage_error(std::string("expected exactly one ") + what);
        return positional[0];
    }
};

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
    if (args.values.count("--timestamp")) return parse_time(args.values.at("--timestamp"));
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) return parse_time(std::string("@") + epoch);
    return std::time(nullptr);
}

std::string data_dir(const Arguments& args) {
    if (args.values.count("--data")) return args.values.at("--data");
    if (const char* env = std::getenv("PROTOKOLL_DATA")) return env;
    return PROTOKOLL_DATA_DIR;
}

int render(int argc, char** argv) {
    Arguments args(argc, argv, 2, {"-o", "--pdfa", "--timestamp", "--data"}, {"--report"});
    std::string input = args.single_input("protocol file");
    std::string output = args.required("-o");
    pipeline::RenderOptions options;
    options.data_dir = data_dir(args);
    options.timestamp = timestamp(args);
    std::string level = args.optional("--pdfa", "2b");
    if (level == "2b") options.level = finish::PdfA::Part2B;
    else if (level == "1b") options.level = finish::PdfA::Part1B;
    else usage_error("--pdfa takes 2b or 1b, not \"" + level + "\"");

    pipeline::RenderResult result = pipeline::render_file(input, options);
    write_file_atomically(output, result.pdf);
    for (const auto& warning : result.warnings) {
        if (!warning.where.file.empty()) std::cerr << warning.where.file << ':' << warning.where.line << ": ";
        std::cerr << "warning: " << warning.message << '\n';
    }
    if (args.flags.count("--report")) {
        const auto& r = result.report;
        std::cout << input << ": " << r.pages << " pages, " << r.lines << " lines, " << r.hyphenated_lines
                  << " hyphenated, " << r.overfull_lines << " overfull, " << r.underfull_lines
                  << " underfull, worst badness " << r.worst_badness << '\n';
    }
    return EXIT_OK;
}

std::string read_password(const std::string& path) {
    std::string password = read_file(path);
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
    return password;
}

int sign(int argc, char** argv) {
    Arguments args(argc, argv, 2, {"-o", "--field", "--p12", "--password-file", "--timestamp"}, {});
    std::string input = args.single_input("PDF file");
    sign::SignOptions options;
    options.field = args.required("--field");
    options.p12_path = args.required("--p12");
    options.password = read_password(args.required("--password-file"));
    options.time = timestamp(args);
    sign::sign_file(input, args.required("-o"), options);
    return EXIT_OK;
}

int verify(int argc, char** argv) {
    Arguments args(argc, argv, 2, {}, {});
    std::string input = args.single_input("PDF file");
    sign::VerifyReport report = sign::verify_file(input);
    int signatures = 0;
    for (const auto& field : report.fields) {
        std::cout << field.field << ": ";
        if (!field.signed_) {
            std::cout << "not signed\n";
            continue;
        }
        ++signatures;
        bool good = field.digest_ok && field.signature_ok && field.covers_revision;
        std::cout << (good ? "valid" : "INVALID") << "; signed by " << field.signer << " at " << field.time
                  << "; digest " << (field.digest_ok ? "ok" : "MISMATCH") << "; signature "
                  << (field.signature_ok ? "ok" : "BAD") << "; byte range "
                  << (field.covers_revision ? "covers its revision" : "DOES NOT COVER its revision");
        if (!field.problem.empty()) std::cout << "; " << field.problem;
        std::cout << '\n';
    }
    std::cout << input << ": " << report.fields.size() << " signature fields, " << signatures << " signed, "
              << (report.ok() ? "all signatures valid" : "VERIFICATION FAILED") << '\n';
    return report.ok() ? EXIT_OK : EXIT_VERIFY_FAILED;
}

int run(int argc, char** argv) {
    if (argc < 2) usage_error("no command given");
    std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << USAGE;
        return EXIT_OK;
    }
    if (command == "--version") {
        std::cout << "protokoll " PROTOKOLL_VERSION "\n";
        return EXIT_OK;
    }
    if (command == "render") return render(argc, argv);
    if (command == "sign") return sign(argc, argv);
    if (command == "verify") return verify(argc, argv);
    usage_error("unknown command \"" + command + "\"");
}

}  // namespace
}  // namespace protokoll::cli

int main(int argc, char** argv) {
    try {
        return protokoll::cli::run(argc, argv);
    } catch (const protokoll::Error& error) {
        std::cerr << "protokoll: " << error.render() << '\n';
        return error.code() == protokoll::ErrorCode::Verification ? protokoll::cli::EXIT_VERIFY_FAILED
                                                                  : protokoll::cli::EXIT_BAD_INPUT;
    } catch (const std::exception& error) {
        std::cerr << "protokoll: error: " << error.what() << '\n';
        return protokoll::cli::EXIT_BAD_INPUT;
    }
}
