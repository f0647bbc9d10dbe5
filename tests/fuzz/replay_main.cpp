// Runs a fuzz target over files and directories of inputs, as CTest does with
// the corpus. Every input that once crashed stays in the corpus, named after
// what it found.
//
//   NAME_fuzz_replay [-rss_limit_mb=N] [-timeout=S] PATH...
//
// As in a libFuzzer run, an input that takes more than S seconds (a hang) or
// leaves the process with more than N MB resident at its peak (an
// out-of-memory) fails the replay, naming the input: so an input that once
// ran out of memory is a regression test too. Defaults: 2048 MB, 30 s, the
// limits scripts/fuzz.sh gives libFuzzer.
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

const char* current = "";

void on_alarm(int) {
    const char* text = "replay: timeout on ";
    (void)!write(2, text, std::strlen(text));
    (void)!write(2, current, std::strlen(current));
    (void)!write(2, "\n", 1);
    _exit(1);
}

long peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;  // KB on Linux
}

}  // namespace

int main(int argc, char** argv) {
    long rss_limit_mb = 2048;
    unsigned timeout = 30;
    std::vector<std::filesystem::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("-rss_limit_mb=", 0) == 0) {
            rss_limit_mb = std::atol(arg.c_str() + 14);
            continue;
        }
        if (arg.rfind("-timeout=", 0) == 0) {
            timeout = static_cast<unsigned>(std::atol(arg.c_str() + 9));
            continue;
        }
        std::filesystem::path path = arg;
        if (std::filesystem::is_directory(path)) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
                if (entry.is_regular_file()) inputs.push_back(entry.path());
        } else if (std::filesystem::is_regular_file(path)) {
            inputs.push_back(path);
        } else {
            std::fprintf(stderr, "replay: no such input %s\n", arg.c_str());
            return 1;
        }
    }
    std::sort(inputs.begin(), inputs.end());
    std::signal(SIGALRM, on_alarm);
    for (const auto& path : inputs) {
        const std::string name = path.string();
        current = name.c_str();
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        alarm(timeout);
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        // Every prefix too: truncated files are the commonest damage.
        for (size_t cut = 1; cut < bytes.size(); cut += 1 + bytes.size() / 64) {
            alarm(timeout);
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), cut);
        }
        alarm(0);
        if (peak_rss_mb() > rss_limit_mb) {
            std::fprintf(stderr, "replay: out of memory on %s: %ld MB resident, the limit is %ld MB\n", name.c_str(),
                         peak_rss_mb(), rss_limit_mb);
            return 1;
        }
    }
    std::printf("replayed %zu inputs and their prefixes (peak %ld MB)\n", inputs.size(), peak_rss_mb());
    return inputs.empty() ? 1 : 0;
}
