// render A.xml B.xml DIR/ … -o OUT/: many protocols in one process, so the
// program, the hyphenation patterns, the word list and the fonts' checksums
// are loaded once. --jobs N forks N workers (each with its own share of the
// documents: libharu, PoDoFo and FreeType keep per-process state that is not
// shared between threads here); every worker tells the parent through a pipe
// when a document is done or failed, and the parent prints a progress line on
// a terminal. A bad document is reported with its file and line and the rest
// still render; the exit code is 2 when any failed.
#include "batch.h"

#include "base/files.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <iostream>
#include <map>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace protokoll::cli {

bool is_directory(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

namespace {

// A directory's *.xml files, by name (not its subdirectories).
std::vector<std::string> xml_files_in(const std::string& dir) {
    std::vector<std::string> out;
    DIR* d = opendir(dir.c_str());
    if (!d) throw Error(ErrorCode::BadInput, {dir, 0, 0}, std::string("cannot read the directory: ") + std::strerror(errno));
    while (const dirent* entry = readdir(d)) {
        const std::string name = entry->d_name;
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".xml") == 0 && !is_directory(dir + "/" + name))
            out.push_back(dir + (dir.back() == '/' ? "" : "/") + name);
    }
    closedir(d);
    std::sort(out.begin(), out.end());
    if (out.empty()) throw Error(ErrorCode::BadInput, {dir, 0, 0}, "the directory holds no .xml protocol");
    return out;
}

std::string output_for(const std::string& input, const std::string& out_dir) {
    const size_t slash = input.rfind('/');
    std::string name = slash == std::string::npos ? input : input.substr(slash + 1);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".xml") == 0) name.resize(name.size() - 4);
    return out_dir + (out_dir.back() == '/' ? "" : "/") + name + ".pdf";
}

// One document; the error text when it fails (what main would have printed).
std::string render_one(const std::string& input, const std::string& output, const pipeline::RenderOptions& options) {
    try {
        pipeline::RenderResult result = pipeline::render_file(input, options);
        write_file_atomically(output, result.pdf);
        print_warnings(result.warnings);
        return {};
    } catch (const Error& error) {
        return error.render();
    } catch (const std::exception& error) {
        return std::string("error: ") + error.what();
    }
}

class Progress {
public:
    explicit Progress(size_t total) : m_total(total), m_shown(isatty(STDERR_FILENO) == 1) {}
    void done(size_t count) {
        if (!m_shown) return;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        const double rate = seconds > 0 ? static_cast<double>(count) / seconds : 0;
        char line[160];
        if (rate > 0 && count < m_total)
            std::snprintf(line, sizeof line, "\r%zu/%zu documents, %.1f a second, %.0f s left   ", count, m_total, rate,
                          static_cast<double>(m_total - count) / rate);
        else
            std::snprintf(line, sizeof line, "\r%zu/%zu documents, %.1f a second            ", count, m_total, rate);
        std::cerr << line << std::flush;
        m_drawn = true;
    }
    // Before a message of its own: the progress line ends first.
    void interrupt() {
        if (m_shown && m_drawn) std::cerr << '\n';
        m_drawn = false;
    }
    void finish() { interrupt(); }

private:
    size_t m_total;
    bool m_shown;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

// A worker's messages: "INDEX\n" when done, "INDEX ERROR-TEXT\0" when failed.
void report(int fd, size_t index, const std::string& error) {
    std::string message = std::to_string(index);
    message += error.empty() ? std::string("\n") : " " + error + '\0';
    write_all(fd, message);
}

}  // namespace

std::vector<std::string> batch_inputs(const std::vector<std::string>& positional) {
    std::vector<std::string> inputs;
    for (const std::string& arg : positional) {
        if (is_directory(arg)) {
            for (std::string& file : xml_files_in(arg)) inputs.push_back(std::move(file));
        } else {
            inputs.push_back(arg);
        }
    }
    return inputs;
}

int render_batch(const std::vector<std::string>& inputs, const std::string& out_dir,
                 const pipeline::RenderOptions& options, int jobs) {
    if (!is_directory(out_dir) && mkdir(out_dir.c_str(), 0777) != 0)
        throw Error(ErrorCode::BadInput, {out_dir, 0, 0}, std::string("cannot make the output directory: ") + std::strerror(errno));
    std::vector<std::string> outputs;
    std::map<std::string, std::string> seen;  // output -> the input that makes it
    for (const std::string& input : inputs) {
        outputs.push_back(output_for(input, out_dir));
        auto [at, added] = seen.emplace(outputs.back(), input);
        if (!added) usage_error(input + " and " + at->second + " would both be written to " + outputs.back());
    }
    Progress progress(inputs.size());
    size_t done = 0, failed = 0;
    auto note = [&](size_t index, const std::string& error) {
        ++done;
        if (!error.empty()) {
            ++failed;
            progress.interrupt();
            // Most errors name their file already ("FILE:LINE:COL: error: …").
            const bool named = error.compare(0, inputs[index].size(), inputs[index]) == 0;
            std::cerr << "protokoll: " << (named ? "" : inputs[index] + ": ") << error << '\n';
        }
        progress.done(done);
    };

    jobs = std::max(1, std::min<int>(jobs, static_cast<int>(inputs.size())));
    if (jobs == 1) {
        for (size_t i = 0; i < inputs.size(); ++i) note(i, render_one(inputs[i], outputs[i], options));
    } else {
        std::cout.flush();
        std::cerr.flush();
        std::vector<pid_t> workers;
        std::vector<int> pipes;
        for (int k = 0; k < jobs; ++k) {
            int fds[2];
            if (pipe(fds) != 0) throw Error(ErrorCode::BadInput, {}, std::string("pipe: ") + std::strerror(errno));
            const pid_t pid = fork();
            if (pid < 0) throw Error(ErrorCode::BadInput, {}, std::string("fork: ") + std::strerror(errno));
            if (pid == 0) {
                ::close(fds[0]);
                for (int other : pipes) ::close(other);
                for (size_t i = static_cast<size_t>(k); i < inputs.size(); i += static_cast<size_t>(jobs))
                    report(fds[1], i, render_one(inputs[i], outputs[i], options));
                std::cerr.flush();
                _exit(0);
            }
            ::close(fds[1]);
            workers.push_back(pid);
            pipes.push_back(fds[0]);
        }
        std::vector<std::string> pending(pipes.size());
        std::vector<pollfd> polled;
        for (int fd : pipes) polled.push_back({fd, POLLIN, 0});
        size_t open = pipes.size();
        while (open > 0) {
            if (poll(polled.data(), polled.size(), -1) < 0) {
                if (errno == EINTR) continue;
                break;
            }
            for (size_t k = 0; k < polled.size(); ++k) {
                if (polled[k].fd < 0 || !(polled[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                char buf[4096];
                const ssize_t n = ::read(polled[k].fd, buf, sizeof buf);
                if (n <= 0) {
                    ::close(polled[k].fd);
                    polled[k].fd = -1;
                    --open;
                    continue;
                }
                pending[k].append(buf, static_cast<size_t>(n));
                // Complete messages: a number ending in '\n' (done), or "N text" ending in '\0'.
                for (;;) {
                    std::string& p = pending[k];
                    const size_t digits = p.find_first_not_of("0123456789");
                    if (digits == std::string::npos || digits == 0) break;
                    const size_t index = std::stoul(p.substr(0, digits));
                    if (p[digits] == '\n') {
                        note(index, {});
                        p.erase(0, digits + 1);
                    } else {
                        const size_t end = p.find('\0', digits);
                        if (end == std::string::npos) break;
                        note(index, p.substr(digits + 1, end - digits - 1));
                        p.erase(0, end + 1);
                    }
                }
            }
        }
        for (pid_t pid : workers) {
            int status = 0;
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        }
        // A worker that died (a crash, the OOM killer) leaves documents unreported.
        if (done < inputs.size()) {
            progress.interrupt();
            std::cerr << "protokoll: error: " << inputs.size() - done
                      << " document(s) were not rendered: a worker process ended early\n";
            failed += inputs.size() - done;
        }
    }
    progress.finish();
    if (failed > 0) {
        std::cerr << "protokoll: " << failed << " of " << inputs.size() << " documents failed\n";
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

}  // namespace protokoll::cli
