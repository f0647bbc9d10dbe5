#include "commands.h"

#include "base/files.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace protokoll::cli {
namespace {

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

}  // namespace

// Render, then let poppler rasterise: the preview is exactly what the PDF
// shows, not a second rendering path of our own.
int preview(int argc, char** argv) {
    Arguments args(argc, argv, 2, {{"-o", "--dpi", "--timestamp", "--data", "--pdfa"}, {}, {}});
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
    // A private file pdftoppm reads once and that is removed after: written
    // straight to its descriptor (no rename, no fsync).
    const bool written = write_all(fd, result.pdf);
    const int err = errno;
    if (::close(fd) != 0 || !written) {
        std::remove(temp.c_str());
        throw Error(ErrorCode::BadInput, {}, "cannot write the temporary file " + temp + ": " + std::strerror(written ? errno : err));
    }
    int status = 0;
    const std::string prefix = dir + "/" + file_stem(input);
    try {
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

}  // namespace protokoll::cli
