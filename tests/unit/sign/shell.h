// Running the independent judges (openssl, pdfsig, qpdf) from the sign tests.
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <utility>

namespace protokoll::sign::testing {

// An independent judge the test needs; missing, it fails the test (a skipped
// check would pass unseen): scripts/install-deps.sh installs them all.
inline bool have(const char* tool) {
    const bool there = std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
    if (!there) FAIL(tool << " is not installed (run scripts/install-deps.sh)");
    return there;
}

// stdout+stderr of a shell command, and its exit status.
inline std::pair<int, std::string> run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return {-1, out};
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace protokoll::sign::testing
