// Files nobody vouches for. Two lines of defence around PoDoFo:
//   1. the screen (screen.h) refuses, before PoDoFo sees them, the
//      structures known to crash it, hang it or exhaust memory;
//   2. the PoDoFo-facing work runs in a child process (base/isolate.h) with
//      CPU, memory and wall-clock limits, so that a bug nobody foresaw
//      becomes a verdict, never a signal.
// Either way the verdict reads "damaged or hostile file: <what>". sign,
// prepare and seal put their work behind both lines with refuse_hostile and
// run_guarded (Error(BadInput)); verify_guarded (verify/hostile.h) is verify
// as the archive should call it.
#pragma once

#include "base/isolate.h"
#include "pdfsig/screen.h"

#include <functional>
#include <string>

namespace protokoll::sign {

struct HostileLimits {
    ScreenLimits screen;
    // Defaults: 20 s of CPU, 4 GB of address space, 60 s on the clock.
    IsolationLimits process;
};

// "damaged or hostile file: " + what.
std::string hostile_file(const std::string& what);

}  // namespace protokoll::sign

namespace protokoll::sign::detail {

using Warn = std::function<void(const std::string&)>;

// Error(BadInput) naming `input_name`, "damaged or hostile file: …", when
// the screen refuses `bytes`.
void refuse_hostile(const std::string& bytes, const std::string& input_name, const ScreenLimits& limits = {});

// Runs `work` in a child process (HostileLimits' defaults; the wall clock
// `online_seconds` longer for work that waits on the network). The child's
// warnings, given to the Warn it is handed, reach `warn` here in order. A
// protokoll::Error from the work is thrown again; a crash or a limit is
// Error(BadInput) naming `input_name`: "damaged or hostile file: the parser
// crashed (SIGSEGV)". Returns what the work returned.
std::string run_guarded(const std::string& input_name, const Warn& warn, int online_seconds,
                        const std::function<std::string(const Warn&)>& work);

}  // namespace protokoll::sign::detail
