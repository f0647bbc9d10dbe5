// protokoll — the command line. A thin layer: parse arguments, call the
// library, print diagnostics, map outcomes to exit codes:
//   0 success, 1 a verification that failed, 2 bad input or usage.
#include "base/diagnostic.h"
#include "base/files.h"
#include "base/json.h"
#include "pipeline/render.h"
#include "verify/hostile.h"
#include "sign/sign.h"
#include "seal/seal.h"
#include "verify/verify.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <cstring>
#include <ctime>
#include <iostream>
#include <map>
#include <sstream>
#include <streambuf>
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

const std::string USAGE = std::string(
    "usage:\n"
    "  protokoll render PROTOCOL.xml -o OUT.pdf [--pdfa 2b|1b] [--timestamp TIME] [--report[=json]] [--data DIR]\n"
    "  protokoll preview PROTOCOL.xml [-o DIR] [--dpi N] [--timestamp TIME] [--data DIR]\n"
    "  protokoll sign IN.pdf --field NAME --p12 KEY.p12 [--password-file FILE | --password-env NAME] -o OUT.pdf\n"
    "                 [--timestamp TIME] [--any-order] [--invisible] [--certify] [--tsa URL [--timeout SECONDS]]\n"
    "                 [--signer-mismatch-ok]\n"
    "  protokoll sign IN.pdf --field NAME --cert CERT.pem --prepare PREPARED.pdf [same options]\n"
    "  protokoll sign PREPARED.pdf --inject CMS.der -o OUT.pdf [--tsa URL]\n"
    "  protokoll seal FILE.pdf --ltv [-o OUT.pdf] [--trust CA.pem ...] [--tsa URL] [--allow-unsigned] [--renew] [--timeout SECONDS]\n"
    "                 [--allow-signer-mismatch]\n"
    "  protokoll verify FILE.pdf [--trust CA.pem ...] [--format text|json] [--allow-unsigned] [--allow-signer-mismatch]\n"
    "\n"
    "TIME is seconds since 1970 (@1700000000) or YYYY-MM-DDTHH:MM:SSZ; default: $SOURCE_DATE_EPOCH, else now.\n"
    "--data DIR holds layouts/ and fonts/; default: $PROTOKOLL_DATA, else " PROTOKOLL_DATA_DIR ".\n"
    "--report prints the typesetter's report (pages, lines, hyphenated, worst badness, overfull,\n"
    "  underfull, widows/orphans avoided, words broken by letters) to stdout; --report=json prints\n"
    "  it as one JSON object with the keys file, pages, lines, hyphenated_lines, worst_badness,\n"
    "  overfull_lines, underfull_lines, widows_avoided, orphans_avoided, words_broken_by_letters, warnings.\n"
    "preview renders to a temporary PDF and writes DIR/NAME-N.png per page with poppler's pdftoppm\n"
    "  (N the page number; default DIR: the current directory, default --dpi: 100); it prints the files written.\n"
    "sign reads the key's password from FILE, from the environment variable NAME, or asks on the\n"
    "  terminal (never from the command line). Fields are signed in the order of the form (the layout's\n"
    "  <signing-order>; gr-base: secretary first, chair last); --any-order allows another.\n"
    "  --invisible keeps the field's empty appearance.\n"
    "  sign refuses a certificate that is not valid at TIME (with --tsa: nor now), whose keyUsage does not\n"
    "  allow signing, or whose name (commonName, or givenName and surname) is not the field's person\n"
    "  (docs/signing.md: a middle name the protocol leaves out is fine); --signer-mismatch-ok signs another\n"
    "  person's field all the same and records that in the signature's /Reason (verify reports it).\n"
    "  --certify (the first signature only) certifies the document: DocMDP /P 2 allows later signatures only.\n"
    "  --tsa URL (PAdES B-T) has the RFC 3161 time-stamp authority at URL (http://) stamp the signature;\n"
    "  a TSA that cannot be reached or refuses fails the signing (exit 2, no output); --timeout bounds\n"
    "  the request (default 30 s). TIME is then only the claimed time (/M); the time-stamp proves when\n"
    "  the signature existed.\n"
    "  Two-step signing (a service or HSM holds the key): --prepare writes PREPARED.pdf with room for the\n"
    "  signature and prints the hex SHA-256 to sign (also in PREPARED.pdf.sha256); the service returns a\n"
    "  detached CAdES CMS over that digest, which --inject puts in place (checked against the file);\n"
    "  with --tsa, --prepare reserves room for a time-stamp and --inject adds one if the CMS has none.\n"
    "seal --ltv (after the last signer) adds the validation data of every signature (PAdES B-LT): the\n"
    "  certificates, an OCSP response and the CRL for each certificate but the root, fetched from the\n"
    "  addresses the certificates name, in the document's /DSS; verify then needs no network.\n"
    "  --tsa URL (PAdES B-LTA) then adds a document timestamp over the whole file, /DSS included.\n"
    "  --renew --tsa URL renews a sealed file: fresh validation data (every earlier entry kept) and a new\n"
    "  document timestamp over it all, before the last one's certificate expires.\n"
    "  Without -o the file is updated in place (an incremental update: earlier bytes stay as they were).\n"
    "  --timeout limits each request (default ") + std::to_string(sign::default_timeout_seconds) + " s; OpenSSL retries a refused connection until then).\n"
    "verify fails (exit 1) a file with no signature at all (--allow-unsigned accepts it) and a signer whose\n"
    "  certificate does not name the field's person (--allow-signer-mismatch accepts it; still reported).\n"
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

void print_report(const std::string& input, const typeset::Report& r, size_t warnings, bool json) {
    if (json) {
        std::cout << "{\"file\": " << json_string(input) << ", \"pages\": " << r.pages
                  << ", \"lines\": " << r.lines << ", \"hyphenated_lines\": " << r.hyphenated_lines
                  << ", \"worst_badness\": " << r.worst_badness
                  << ", \"overfull_lines\": " << r.overfull_lines
                  << ", \"underfull_lines\": " << r.underfull_lines
                  << ", \"widows_avoided\": " << r.widows_avoided
                  << ", \"orphans_avoided\": " << r.orphans_avoided
                  << ", \"words_broken_by_letters\": " << r.words_broken_by_letters
                  << ", \"warnings\": " << warnings << "}\n";
        return;
    }
    auto row = [](const char* label, const std::string& value) {
        char line[128];
        std::snprintf(line, sizeof line, "  %-26s %8s\n", label, value.c_str());
        std::cout << line;
    };
    std::ostringstream badness;
    badness.precision(1);
    badness << std::fixed << r.worst_badness;
    std::cout << input << '\n';
    row("pages", std::to_string(r.pages));
    row("lines set", std::to_string(r.lines));
    row("hyphenated lines", std::to_string(r.hyphenated_lines));
    row("worst line's badness", badness.str());
    row("overfull lines", std::to_string(r.overfull_lines));
    row("underfull lines", std::to_string(r.underfull_lines));
    row("widows avoided", std::to_string(r.widows_avoided));
    row("orphans avoided", std::to_string(r.orphans_avoided));
    row("words broken by letters", std::to_string(r.words_broken_by_letters));
    row("warnings", std::to_string(warnings));
}

void print_warnings(const Warnings& warnings) {
    for (const auto& warning : warnings) {
        if (!warning.where.file.empty()) std::cerr << warning.where.file << ':' << warning.where.line << ": ";
        std::cerr << "warning: " << warning.message << '\n';
    }
}

pipeline::RenderOptions render_options(const Arguments& args) {
    pipeline::RenderOptions options;
    options.data_dir = data_dir(args);
    options.timestamp = timestamp(args);
    std::string level = args.optional("--pdfa", "2b");
    if (level == "2b") options.level = finish::PdfA::Part2B;
    else if (level == "1b") options.level = finish::PdfA::Part1B;
    else usage_error("--pdfa takes 2b or 1b, not \"" + level + "\"");
    return options;
}

int render(int argc, char** argv) {
    Arguments args(argc, argv, 2, {"-o", "--pdfa", "--timestamp", "--data"},
                   {"--report", "--report=json"});
    std::string input = args.single_input("protocol file");
    std::string output = args.required("-o");
    const pipeline::RenderOptions options = render_options(args);

    pipeline::RenderResult result = pipeline::render_file(input, options);
    write_file_atomically(output, result.pdf);
    print_warnings(result.warnings);
    const bool json = args.flags.count("--report=json") > 0;
    if (json || args.flags.count("--report"))
        print_report(input, result.report, result.warnings.size(), json);
    return EXIT_OK;
}

// The first executable called `name` on $PATH, or "".
std::string find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) dir = ".";
        const std::string candidate = dir + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

// Runs a program without a shell (no quoting of file names needed); its exit status.
int run_program(const std::vector<std::string>& argv) {
    std::vector<char*> raw;
    for (const auto& arg : argv) raw.push_back(const_cast<char*>(arg.c_str()));
    raw.push_back(nullptr);
    std::cout.flush();
    const pid_t pid = fork();
    if (pid < 0) throw Error(ErrorCode::Internal, {}, std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);  // ours is ignored (see main); the program's is its own
        execv(raw[0], raw.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string file_stem(const std::string& path) {
    std::string name = path.substr(path.find_last_of('/') + 1);
    const size_t dot = name.rfind('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

bool is_file(const std::string& path) {
    struct stat st{};
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Render, then let poppler rasterise: the preview is exactly what the PDF
// shows, not a second rendering path of our own.
int preview(int argc, char** argv) {
    Arguments args(argc, argv, 2, {"-o", "--dpi", "--timestamp", "--data", "--pdfa"}, {});
    const std::string input = args.single_input("protocol file");
    const std::string dir = args.optional("-o", ".");
    const std::string dpi_text = args.optional("--dpi", "100");
    char* end = nullptr;
    const long dpi = std::strtol(dpi_text.c_str(), &end, 10);
    if (dpi_text.empty() || *end != '\0' || dpi < 10 || dpi > 1200)
        usage_error("--dpi takes a number from 10 to 1200, not \"" + dpi_text + "\"");
    const std::string pdftoppm = find_on_path("pdftoppm");
    if (pdftoppm.empty())
        throw Error(ErrorCode::BadInput, {}, "preview needs pdftoppm, which is not on $PATH",
                    {"install poppler-utils (apt-get install poppler-utils)"});
    // Like `mkdir -p`: a person asking for pictures wants them, not an error.
    std::error_code ignored;
    std::filesystem::create_directories(dir, ignored);
    struct stat st{};
    if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error(ErrorCode::BadInput, {}, "cannot create the output directory " + dir);

    pipeline::RenderResult result = pipeline::render_file(input, render_options(args));
    print_warnings(result.warnings);

    const char* tmpdir = std::getenv("TMPDIR");
    std::string temp = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/protokoll-preview-XXXXXX";
    const int fd = mkstemp(&temp[0]);
    if (fd < 0) throw Error(ErrorCode::BadInput, {}, "cannot create a temporary file " + temp);
    close(fd);
    int status = 0;
    const std::string prefix = dir + "/" + file_stem(input);
    try {
        write_file_atomically(temp, result.pdf);
        status = run_program({pdftoppm, "-png", "-r", std::to_string(dpi), temp, prefix});
    } catch (...) {
        std::remove(temp.c_str());
        throw;
    }
    std::remove(temp.c_str());
    if (status != 0)
        throw Error(ErrorCode::BadInput, {}, "pdftoppm failed (exit " + std::to_string(status) + ")");

    // pdftoppm pads page numbers to the width of the page count (-01 of 12).
    const int pages = result.report.pages;
    const int width = static_cast<int>(std::to_string(pages).size());
    for (int p = 1; p <= pages; ++p) {
        char number[16];
        std::snprintf(number, sizeof number, "%0*d", width, p);
        std::string file = prefix + "-" + number + ".png";
        if (!is_file(file)) file = prefix + "-" + std::to_string(p) + ".png";
        if (!is_file(file)) throw Error(ErrorCode::Internal, {}, "pdftoppm wrote no " + file);
        std::cout << file << '\n';
    }
    return EXIT_OK;
}

std::string read_password(const std::string& path) {
    std::string password = read_file(path);
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
    return password;
}

// Asks on the terminal with echo off. The terminal's settings are restored
// even when reading fails, or the user's shell would stay silent.
std::string prompt_password(const std::string& p12) {
    FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty) usage_error("no password source and no terminal to ask on; use --password-file or --password-env");
    int fd = ::fileno(tty);
    termios old{};
    bool restore = ::tcgetattr(fd, &old) == 0;
    if (restore) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(fd, TCSANOW, &quiet);
    }
    std::fprintf(tty, "Password for %s: ", p12.c_str());
    std::fflush(tty);
    std::string password;
    for (int c; (c = std::fgetc(tty)) != EOF && c != '\n';) password += static_cast<char>(c);
    if (restore) ::tcsetattr(fd, TCSANOW, &old);
    std::fclose(tty);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

// The PKCS#12 password, never from the command line (it would show in ps and
// the shell history): a file, an environment variable named by the user, or
// the terminal. Without any of them and no terminal on stdin: a usage error.
std::string sign_password(const Arguments& args, const std::string& p12) {
    std::string file = args.optional("--password-file"), env = args.optional("--password-env");
    if (!file.empty() && !env.empty()) usage_error("give --password-file or --password-env, not both");
    if (!file.empty()) return read_password(file);
    if (!env.empty()) {
        const char* value = std::getenv(env.c_str());
        if (!value) usage_error("environment variable " + env + " (from --password-env) is not set");
        return value;
    }
    if (!::isatty(STDIN_FILENO))
        usage_error("no password: give --password-file FILE or --password-env NAME (stdin is not a terminal to ask on)");
    return prompt_password(p12);
}

// --timeout SECONDS for requests to a TSA, OCSP responder or CRL.
int timeout_seconds(const Arguments& args) {
    if (!args.values.count("--timeout")) return sign::default_timeout_seconds;
    const std::string text = args.values.at("--timeout");
    char* end = nullptr;
    const long seconds = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || seconds < 1 || seconds > 600)
        usage_error("--timeout takes seconds from 1 to 600, not \"" + text + "\"");
    return static_cast<int>(seconds);
}

int sign(int argc, char** argv) {
    Arguments args(argc, argv, 2,
                   {"-o", "--field", "--p12", "--password-file", "--password-env", "--timestamp", "--cert", "--prepare",
                    "--inject", "--tsa", "--timeout"},
                   {"--any-order", "--invisible", "--certify", "--signer-mismatch-ok"});
    std::string input = args.single_input("PDF file");
    // Second step of two-step signing: only the service's CMS goes in.
    if (!args.optional("--inject").empty()) {
        sign::inject_file(input, args.optional("--inject"), args.required("-o"), args.optional("--tsa"),
                           timeout_seconds(args));
        return EXIT_OK;
    }
    sign::SignOptions options;
    options.field = args.required("--field");
    options.time = timestamp(args);
    options.any_order = args.flags.count("--any-order") > 0;
    options.visible = args.flags.count("--invisible") == 0;
    options.certify = args.flags.count("--certify") > 0;
    options.signer_mismatch_ok = args.flags.count("--signer-mismatch-ok") > 0;
    options.tsa_url = args.optional("--tsa");
    options.timeout_seconds = timeout_seconds(args);
    options.warn = [](const std::string& message) { std::cerr << "protokoll: warning: " << message << '\n'; };
    if (std::string prepared = args.optional("--prepare"); !prepared.empty()) {
        if (args.values.count("-o")) usage_error("--prepare names the output; -o is for signing and --inject");
        options.cert_path = args.required("--cert");
        std::string digest = sign::prepare_file(input, prepared, options);
        write_file_atomically(prepared + ".sha256", digest + "\n");
        std::cout << digest << '\n';
        return EXIT_OK;
    }
    options.p12_path = args.required("--p12");
    std::string output = args.required("-o");
    options.password = sign_password(args, options.p12_path);
    sign::sign_file(input, output, options);
    return EXIT_OK;
}

// --trust may be given more than once; Arguments keeps only the last value.
std::vector<std::string> trust_files(int argc, char** argv) {
    std::vector<std::string> out;
    for (int i = 2; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--trust") out.push_back(argv[++i]);
    return out;
}

int seal(int argc, char** argv) {
    Arguments args(argc, argv, 2, {"-o", "--trust", "--timeout", "--tsa"},
                   {"--ltv", "--allow-unsigned", "--renew", "--allow-signer-mismatch"});
    const std::string input = args.single_input("PDF file");
    if (!args.flags.count("--ltv")) usage_error("seal needs --ltv (validation data for PAdES B-LT, the one kind of seal there is)");
    sign::SealOptions options;
    options.trust_files = trust_files(argc, argv);
    options.allow_unsigned = args.flags.count("--allow-unsigned") > 0;
    options.allow_signer_mismatch = args.flags.count("--allow-signer-mismatch") > 0;
    options.renew = args.flags.count("--renew") > 0;
    options.tsa_url = args.optional("--tsa");
    options.timeout_seconds = timeout_seconds(args);
    options.warn = [](const std::string& message) { std::cerr << "protokoll: warning: " << message << '\n'; };
    const std::string output = args.optional("-o", input);
    const sign::SealReport report = sign::seal_file(input, output, options);
    std::cout << output << ": sealed " << report.signatures << (report.signatures == 1 ? " signature" : " signatures")
              << " (PAdES B-LT data): " << report.certificates << " certificates, " << report.ocsp_responses
              << " OCSP responses, " << report.crls << " CRLs";
    if (!report.document_timestamp_field.empty())
        std::cout << "; document timestamp (PAdES B-LTA) \"" << report.document_timestamp_field << "\" at "
                  << report.document_timestamp << ", " << report.timestamp_bytes_added << " bytes";
    std::cout << "; " << report.bytes_added << " bytes added\n";
    return EXIT_OK;
}

int verify(int argc, char** argv) {
    Arguments args(argc, argv, 2, {"--trust", "--format"}, {"--allow-unsigned", "--allow-signer-mismatch"});
    std::string input = args.single_input("PDF file");
    const std::string format = args.optional("--format", "text");
    if (format != "text" && format != "json") usage_error("--format takes text or json, not \"" + format + "\"");
    sign::VerifyOptions options;
    options.trust_files = trust_files(argc, argv);
    options.allow_unsigned = args.flags.count("--allow-unsigned") > 0;
    options.allow_signer_mismatch = args.flags.count("--allow-signer-mismatch") > 0;
    // In a child process: a file that crashes or exhausts the parser is a
    // verdict ("damaged or hostile file: …"), not a signal (verify/hostile.h).
    const sign::VerifyOutcome outcome = sign::verify_guarded(input, options);
    std::cout << (format == "json" ? outcome.json : outcome.text);
    return outcome.valid ? EXIT_OK : EXIT_VERIFY_FAILED;
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
    if (command == "preview") return preview(argc, argv);
    if (command == "sign") return sign(argc, argv);
    if (command == "seal") return seal(argc, argv);
    if (command == "verify") return verify(argc, argv);
    usage_error("unknown command \"" + command + "\"");
}

// std::cout's buffer: writes to standard output and keeps the first error's
// errno. A report that did not arrive (a full disk, a closed pipe) is a
// failure with its reason; stdio forgets the errno of a failed write.
class StdoutBuffer : public std::streambuf {
public:
    int error() const { return m_error; }

protected:
    int overflow(int c) override {
        if (c == traits_type::eof()) return sync() == 0 ? 0 : traits_type::eof();
        m_pending += static_cast<char>(c);
        if (m_pending.size() >= 65536) write_pending();
        return c;
    }
    std::streamsize xsputn(const char* text, std::streamsize n) override {
        m_pending.append(text, static_cast<size_t>(n));
        if (m_pending.size() >= 65536) write_pending();
        return n;
    }
    int sync() override { return write_pending() ? 0 : -1; }

private:
    bool write_pending() {
        for (size_t done = 0; done < m_pending.size() && m_error == 0;) {
            const ssize_t n = ::write(STDOUT_FILENO, m_pending.data() + done, m_pending.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) m_error = n < 0 ? errno : EIO;
            else done += static_cast<size_t>(n);
        }
        m_pending.clear();
        return m_error == 0;
    }
    std::string m_pending;
    int m_error = 0;
};

int run_reporting_errors(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const Error& error) {
        std::cerr << "protokoll: " << error.render() << '\n';
        return error.code() == ErrorCode::Verification ? EXIT_VERIFY_FAILED : EXIT_BAD_INPUT;
    } catch (const std::exception& error) {
        std::cerr << "protokoll: error: " << error.what() << '\n';
        return EXIT_BAD_INPUT;
    }
}

}  // namespace
}  // namespace protokoll::cli

int main(int argc, char** argv) {
    // A closed pipe on stdout is an error to report (EPIPE), not a silent death.
    signal(SIGPIPE, SIG_IGN);
    protokoll::cli::StdoutBuffer out;
    std::streambuf* const stdio = std::cout.rdbuf(&out);
    int code = protokoll::cli::run_reporting_errors(argc, argv);
    std::cout.flush();
    std::cout.rdbuf(stdio);
    if (out.error() != 0 || std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::cerr << "protokoll: error: cannot write to standard output: "
                  << std::strerror(out.error() ? out.error() : errno ? errno : EIO) << '\n';
        code = protokoll::cli::EXIT_BAD_INPUT;
    }
    return code;
}
