#include "password.h"

#include "arguments.h"
#include "base/files.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace protokoll::cli {
namespace {

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

}  // namespace

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

}  // namespace protokoll::cli
