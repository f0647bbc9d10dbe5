// Running work that reads files nobody vouches for in a child process, so
// that a crash, an endless loop or an allocation without end in a library we
// cannot fix (PoDoFo) becomes an answer instead of taking the caller down.
//
//   IsolatedResult r = run_isolated([&] { return parse(bytes); }, IsolationLimits{});
//   if (!r.returned()) report("damaged or hostile file: " + r.problem);
//
// POSIX only (fork, setrlimit, a pipe). The work runs in a copy of the
// process: what it changes in memory is lost, only its returned string (and
// a protokoll::Error it throws) come back.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace protokoll {

struct IsolationLimits {
    // CPU time of the child (RLIMIT_CPU; SIGXCPU, then SIGKILL a second later).
    int cpu_seconds = 20;
    // Time until the child is killed, waiting included.
    int wall_seconds = 60;
    // Address space of the child (RLIMIT_AS). AddressSanitizer reserves
    // terabytes of address space, so in an ASan build the limit is instead
    // enforced on the child's resident memory, sampled by the parent. 0: none.
    size_t memory_bytes = size_t(4) << 30;
    // The largest answer the parent accepts.
    size_t max_answer_bytes = size_t(1) << 30;
    // Names the work in problem texts: "the parser crashed (SIGSEGV)".
    std::string who = "the parser";
};

struct IsolatedResult {
    enum class Outcome {
        Returned,     // the work returned `value`
        Crashed,      // killed by a signal, or exited without an answer
        CpuLimit,
        MemoryLimit,  // an allocation failed under the limit, or the resident memory passed it
        WallLimit,
        AnswerLimit,  // the answer was larger than max_answer_bytes
    };
    Outcome outcome = Outcome::Crashed;
    std::string value;
    // Unless Returned: one phrase, e.g. "the parser crashed (SIGSEGV)",
    // "the parser used more than 20 s of CPU", "the parser used more than
    // 4096 MB of memory", "the parser took more than 60 s".
    std::string problem;
    bool returned() const { return outcome == Outcome::Returned; }
};

// Runs `work` in a child process under `limits` and waits for it. A
// protokoll::Error the work throws is thrown here again (code, location,
// message, hints); any other exception becomes Error(Internal) with its
// what(). std::cout and stdout are flushed before the fork, so that the child
// does not print the parent's buffered output again. Throws Error(Internal)
// when no child can be started.
IsolatedResult run_isolated(const std::function<std::string()>& work, const IsolationLimits& limits);

// True when built with AddressSanitizer (no RLIMIT_AS then, see memory_bytes).
bool built_with_address_sanitizer();

// Several strings as one (length-prefixed), for an answer made of parts.
std::string pack(const std::vector<std::string>& parts);
// The parts again; Error(Internal) when `packed` was not made by pack.
std::vector<std::string> unpack(const std::string& packed);

}  // namespace protokoll
