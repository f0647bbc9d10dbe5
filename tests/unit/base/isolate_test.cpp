// run_isolated: the second line of defence for files nobody vouches for. A
// child that crashes, loops, sleeps or allocates without end becomes an
// answer with a reason; what the child returns or throws comes back intact.
#include "base/diagnostic.h"
#include "base/isolate.h"

#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <vector>

using namespace protokoll;

namespace {

using Outcome = IsolatedResult::Outcome;

IsolationLimits small_limits() {
    IsolationLimits limits;
    limits.cpu_seconds = 2;
    limits.wall_seconds = 30;
    limits.memory_bytes = size_t(768) << 20;
    return limits;
}

}  // namespace

TEST_CASE("isolate: what the work returns comes back, large answers included") {
    IsolatedResult small = run_isolated([] { return std::string("hej"); }, small_limits());
    CHECK(small.returned());
    CHECK(small.value == "hej");
    CHECK(small.problem.empty());

    // Larger than a pipe's buffer many times over, with every byte value.
    std::string big(8 << 20, '\0');
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 + (i >> 13));
    IsolatedResult large = run_isolated([&] { return big; }, small_limits());
    REQUIRE(large.returned());
    CHECK(large.value == big);
}

TEST_CASE("isolate: the child's memory is its own") {
    int counter = 0;
    IsolatedResult r = run_isolated([&] { counter = 42; return std::to_string(counter); }, small_limits());
    CHECK(r.value == "42");
    CHECK(counter == 0);
}

TEST_CASE("isolate: a protokoll::Error thrown in the child is thrown again in the parent") {
    try {
        run_isolated([]() -> std::string {
            throw Error(ErrorCode::BadInput, SourceLocation{"a.pdf", 3, 7}, "bad: x:y", {"first hint", "second: hint"});
        }, small_limits());
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK(e.where().file == "a.pdf");
        CHECK(e.where().line == 3);
        CHECK(e.where().column == 7);
        CHECK(e.message() == "bad: x:y");
        CHECK(e.hints() == std::vector<std::string>{"first hint", "second: hint"});
    }
    try {
        run_isolated([]() -> std::string { throw std::runtime_error("boom"); }, small_limits());
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Internal);
        CHECK(std::string(e.what()).find("boom") != std::string::npos);
    }
}

TEST_CASE("isolate: a crash becomes a reason, not a signal in the parent") {
    IsolatedResult r = run_isolated([]() -> std::string {
        ::raise(SIGSEGV);
        return "survived";
    }, small_limits());
    CHECK(r.outcome == Outcome::Crashed);
    CHECK(r.problem == "the parser crashed (SIGSEGV)");

    IsolatedResult aborted = run_isolated([]() -> std::string { std::abort(); }, small_limits());
    CHECK(aborted.outcome == Outcome::Crashed);
    CHECK(aborted.problem == "the parser crashed (SIGABRT)");

    IsolatedResult quiet = run_isolated([]() -> std::string { _exit(0); }, small_limits());
    CHECK(quiet.outcome == Outcome::Crashed);
    CHECK(quiet.problem == "the parser crashed (it stopped with exit status 0 and no answer)");
}

TEST_CASE("isolate: an endless loop is stopped by the CPU limit") {
    IsolationLimits limits = small_limits();
    limits.cpu_seconds = 1;
    limits.who = "the loop";
    IsolatedResult r = run_isolated([]() -> std::string {
        volatile unsigned long n = 0;
        for (;;) n = n + 1;
    }, limits);
    CHECK(r.outcome == Outcome::CpuLimit);
    CHECK(r.problem == "the loop used more than 1 s of CPU");
}

TEST_CASE("isolate: a child that waits forever is stopped by the wall clock") {
    IsolationLimits limits = small_limits();
    limits.wall_seconds = 1;
    IsolatedResult r = run_isolated([]() -> std::string {
        for (;;) ::pause();
    }, limits);
    CHECK(r.outcome == Outcome::WallLimit);
    CHECK(r.problem == "the parser took more than 1 s");
}

TEST_CASE("isolate: allocating without end is stopped by the memory limit") {
    IsolationLimits limits = small_limits();
    limits.memory_bytes = size_t(512) << 20;
    limits.cpu_seconds = 20;
    IsolatedResult r = run_isolated([]() -> std::string {
        std::vector<char*> blocks;
        for (;;) {
            char* block = new char[1 << 20];
            std::memset(block, 1, 1 << 20);  // resident, not only reserved
            blocks.push_back(block);
        }
    }, limits);
    CHECK(r.outcome == Outcome::MemoryLimit);
    CHECK(r.problem == "the parser used more than 512 MB of memory");
}

TEST_CASE("isolate: an answer larger than allowed is refused") {
    IsolationLimits limits = small_limits();
    limits.max_answer_bytes = 1 << 20;
    IsolatedResult r = run_isolated([] { return std::string(4 << 20, 'x'); }, limits);
    CHECK(r.outcome == Outcome::AnswerLimit);
    CHECK(r.problem == "the parser's answer was larger than 1 MB");
}

TEST_CASE("isolate: output buffered before the fork is not printed twice") {
    // The child inherits stdio buffers; run_isolated flushes them first.
    // Checked through a pipe of our own as stdout.
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::cout.flush();
    const int saved = ::dup(1);
    ::dup2(fds[1], 1);
    std::cout << "once";
    run_isolated([] { return std::string(); }, small_limits());
    std::cout.flush();
    ::dup2(saved, 1);
    ::close(saved);
    ::close(fds[1]);
    char buffer[64] = {};
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer - 1);
    ::close(fds[0]);
    CHECK(std::string(buffer, n > 0 ? static_cast<size_t>(n) : 0) == "once");
}

TEST_CASE("isolate: pack and unpack") {
    const std::vector<std::string> parts{"", "a", std::string("\0:9:", 4), std::string(100000, 'z')};
    CHECK(unpack(pack(parts)) == parts);
    CHECK(unpack("").empty());
    CHECK_THROWS_AS(unpack("5:abc"), Error);
    CHECK_THROWS_AS(unpack("x:abc"), Error);
}
