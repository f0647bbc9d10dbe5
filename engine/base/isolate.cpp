#include "base/isolate.h"

#include "base/diagnostic.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define PROTOKOLL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROTOKOLL_ASAN 1
#endif
#endif

namespace protokoll {

bool built_with_address_sanitizer() {
#ifdef PROTOKOLL_ASAN
    return true;
#else
    return false;
#endif
}

namespace {

// The child's answer on the pipe: one tag byte, then the payload.
constexpr char answer_value = 'R';   // the work's string
constexpr char answer_error = 'E';   // a protokoll::Error, packed
constexpr char answer_memory = 'M';  // an allocation failed
constexpr char answer_other = 'X';   // another exception's what()

int child_fd = -1;  // the pipe, for the new-handler

bool write_all(int fd, const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

[[noreturn]] void answer_and_exit(char tag, const std::string& payload) {
    const std::string message = std::string(1, tag) + payload;
    _exit(write_all(child_fd, message.data(), message.size()) ? 0 : 3);
}

// Under RLIMIT_AS an allocation fails; libraries may catch std::bad_alloc
// and carry on with a misleading error, so the child answers at once.
void out_of_memory() {
    static const char tag = answer_memory;
    (void)!::write(child_fd, &tag, 1);
    _exit(0);
}

[[noreturn]] void run_child(const std::function<std::string()>& work, const IsolationLimits& limits, int fd,
                            pid_t parent) {
    child_fd = fd;
    // Dies with the parent (a killed test, an impatient archive).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(4);
    struct rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);  // no core files from hostile input
    // A crash ends the child plainly: the parent's handlers (a test
    // framework's, a crash reporter's, a sanitizer's) are not for it.
    for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGXCPU})
        ::signal(sig, SIG_DFL);
    if (limits.cpu_seconds > 0) {
        struct rlimit cpu{static_cast<rlim_t>(limits.cpu_seconds), static_cast<rlim_t>(limits.cpu_seconds) + 1};
        setrlimit(RLIMIT_CPU, &cpu);
    }
    if (limits.memory_bytes > 0 && !built_with_address_sanitizer()) {
        struct rlimit memory{static_cast<rlim_t>(limits.memory_bytes), static_cast<rlim_t>(limits.memory_bytes)};
        setrlimit(RLIMIT_AS, &memory);
    }
    std::set_new_handler(out_of_memory);
    try {
        answer_and_exit(answer_value, work());
    } catch (const Error& error) {
        std::vector<std::string> parts{std::to_string(static_cast<int>(error.code())), error.where().file,
                                       std::to_string(error.where().line), std::to_string(error.where().column),
                                       error.message()};
        parts.insert(parts.end(), error.hints().begin(), error.hints().end());
        answer_and_exit(answer_error, pack(parts));
    } catch (const std::bad_alloc&) {
        answer_and_exit(answer_memory, {});
    } catch (const std::exception& error) {
        answer_and_exit(answer_other, error.what());
    } catch (...) {
        answer_and_exit(answer_other, "an unknown exception");
    }
}

size_t resident_bytes(pid_t pid) {
    std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
    size_t pages = 0, resident = 0;
    if (!(statm >> pages >> resident)) return 0;
    return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

const char* signal_name(int sig) {
    switch (sig) {
        case SIGSEGV: return "SIGSEGV";
        case SIGBUS: return "SIGBUS";
        case SIGABRT: return "SIGABRT";
        case SIGFPE: return "SIGFPE";
        case SIGILL: return "SIGILL";
        case SIGKILL: return "SIGKILL";
        case SIGTERM: return "SIGTERM";
        case SIGPIPE: return "SIGPIPE";
        case SIGTRAP: return "SIGTRAP";
        case SIGSYS: return "SIGSYS";
        default: return nullptr;
    }
}

std::string megabytes(size_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

// What the parent saw of the child: why it was killed (by us), how it ended,
// what it wrote.
struct Watch {
    IsolatedResult::Outcome killed_for = IsolatedResult::Outcome::Returned;  // Returned: not killed by us
    int status = 0;
    struct rusage usage{};
    std::string answer;
};

void watch_child(pid_t pid, int fd, const IsolationLimits& limits, Watch& w) {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::seconds(limits.wall_seconds > 0 ? limits.wall_seconds : 1 << 30);
    auto kill_for = [&](IsolatedResult::Outcome why) {
        if (w.killed_for == IsolatedResult::Outcome::Returned) w.killed_for = why;
        ::kill(pid, SIGKILL);
    };
    bool open = true;
    char buffer[65536];
    for (;;) {
        if (open) {
            struct pollfd p{fd, POLLIN, 0};
            const int ready = ::poll(&p, 1, 20);
            if (ready > 0) {
                const ssize_t n = ::read(fd, buffer, sizeof buffer);
                if (n > 0) {
                    w.answer.append(buffer, static_cast<size_t>(n));
                    if (w.answer.size() > limits.max_answer_bytes + 1) {
                        kill_for(IsolatedResult::Outcome::AnswerLimit);
                        open = false;
                    }
                } else if (n == 0 || errno != EINTR) {
                    open = false;
                }
            }
        } else {
            ::usleep(5000);
        }
        const pid_t done = ::wait4(pid, &w.status, WNOHANG, &w.usage);
        if (done == pid) {
            // Whatever it wrote before it ended is still in the pipe. Not
            // blocking: a process the work started may hold the pipe open.
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
            for (ssize_t n; open && (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
                if (n < 0 && errno == EINTR) continue;
                if (n < 0 || w.answer.size() > limits.max_answer_bytes + 1) break;
                w.answer.append(buffer, static_cast<size_t>(n));
            }
            return;
        }
        if (clock::now() > deadline) kill_for(IsolatedResult::Outcome::WallLimit);
        if (limits.memory_bytes > 0 && resident_bytes(pid) > limits.memory_bytes)
            kill_for(IsolatedResult::Outcome::MemoryLimit);
    }
}

[[noreturn]] void rethrow(const std::string& packed) {
    const std::vector<std::string> parts = unpack(packed);
    if (parts.size() < 5) throw Error(ErrorCode::Internal, {}, "a malformed error from the isolated work");
    std::vector<std::string> hints(parts.begin() + 5, parts.end());
    throw Error(static_cast<ErrorCode>(std::stoi(parts[0])), SourceLocation{parts[1], std::stoi(parts[2]), std::stoi(parts[3])},
                parts[4], hints);
}

IsolatedResult judge(Watch& w, const IsolationLimits& limits) {
    using Outcome = IsolatedResult::Outcome;
    IsolatedResult r;
    const std::string& who = limits.who;
    const double cpu = static_cast<double>(w.usage.ru_utime.tv_sec + w.usage.ru_stime.tv_sec) +
                       static_cast<double>(w.usage.ru_utime.tv_usec + w.usage.ru_stime.tv_usec) / 1e6;
    const bool cpu_spent = limits.cpu_seconds > 0 && cpu >= limits.cpu_seconds - 0.05;
    auto set = [&](Outcome outcome, const std::string& problem) {
        r.outcome = outcome;
        r.problem = problem;
        return r;
    };
    const std::string cpu_text = who + " used more than " + std::to_string(limits.cpu_seconds) + " s of CPU";
    const std::string memory_text = who + " used more than " + megabytes(limits.memory_bytes) + " of memory";
    switch (w.killed_for) {
        case Outcome::WallLimit:
            return set(cpu_spent ? Outcome::CpuLimit : Outcome::WallLimit,
                       cpu_spent ? cpu_text : who + " took more than " + std::to_string(limits.wall_seconds) + " s");
        case Outcome::MemoryLimit: return set(Outcome::MemoryLimit, memory_text);
        case Outcome::AnswerLimit:
            return set(Outcome::AnswerLimit, who + "'s answer was larger than " + megabytes(limits.max_answer_bytes));
        default: break;
    }
    if (WIFSIGNALED(w.status)) {
        const int sig = WTERMSIG(w.status);
        if (sig == SIGXCPU || (sig == SIGKILL && cpu_spent)) return set(Outcome::CpuLimit, cpu_text);
        const char* name = signal_name(sig);
        return set(Outcome::Crashed, who + " crashed (" + (name ? name : "signal " + std::to_string(sig)) + ")");
    }
    const int code = WIFEXITED(w.status) ? WEXITSTATUS(w.status) : -1;
    if (code != 0 || w.answer.empty())
        return set(Outcome::Crashed, who + " crashed (it stopped with exit status " + std::to_string(code) +
                                         " and no answer)");
    const char tag = w.answer[0];
    w.answer.erase(0, 1);  // no copy of what may be a whole PDF
    switch (tag) {
        case answer_value: r.outcome = Outcome::Returned; r.value = std::move(w.answer); return r;
        case answer_error: rethrow(w.answer);
        case answer_memory: return set(Outcome::MemoryLimit, memory_text);
        case answer_other: throw Error(ErrorCode::Internal, {}, who + " failed: " + w.answer);
        default: return set(Outcome::Crashed, who + " crashed (a garbled answer)");
    }
}

}  // namespace

IsolatedResult run_isolated(const std::function<std::string()>& work, const IsolationLimits& limits) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw Error(ErrorCode::Internal, {}, std::string("cannot isolate the work: pipe: ") + std::strerror(errno));
    std::cout.flush();
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        throw Error(ErrorCode::Internal, {}, std::string("cannot isolate the work: fork: ") + std::strerror(err));
    }
    if (pid == 0) {
        ::close(fds[0]);
        run_child(work, limits, fds[1], parent);
    }
    ::close(fds[1]);
    Watch w;
    watch_child(pid, fds[0], limits, w);
    ::close(fds[0]);
    return judge(w, limits);
}

std::string pack(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += std::to_string(part.size()) + ':' + part;
    return out;
}

std::vector<std::string> unpack(const std::string& packed) {
    std::vector<std::string> out;
    size_t at = 0;
    while (at < packed.size()) {
        const size_t colon = packed.find(':', at);
        if (colon == std::string::npos || colon == at || colon - at > 19)
            throw Error(ErrorCode::Internal, {}, "a malformed packed answer");
        size_t length = 0;
        for (size_t i = at; i < colon; ++i) {
            if (packed[i] < '0' || packed[i] > '9') throw Error(ErrorCode::Internal, {}, "a malformed packed answer");
            length = length * 10 + static_cast<size_t>(packed[i] - '0');
        }
        if (length > packed.size() - colon - 1) throw Error(ErrorCode::Internal, {}, "a malformed packed answer");
        out.push_back(packed.substr(colon + 1, length));
        at = colon + 1 + length;
    }
    return out;
}

}  // namespace protokoll
