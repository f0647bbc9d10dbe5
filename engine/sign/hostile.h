// Files nobody vouches for. Two lines of defence around PoDoFo:
//   1. the screen (screen.h) refuses, before PoDoFo sees them, the
//      structures known to crash it, hang it or exhaust memory;
//   2. the PoDoFo-facing work runs in a child process (base/isolate.h) with
//      CPU, memory and wall-clock limits, so that a bug nobody foresaw
//      becomes a verdict, never a signal.
// Either way the verdict reads "damaged or hostile file: <what>". sign_file,
// prepare_file and seal_file use both lines on their own (Error(BadInput));
// verify_guarded is verify as the archive should call it.
#pragma once

#include "base/isolate.h"
#include "sign/screen.h"
#include "sign/sign.h"

#include <string>
#include <vector>

namespace protokoll::sign {

struct HostileLimits {
    ScreenLimits screen;
    // Defaults: 20 s of CPU, 4 GB of address space, 60 s on the clock.
    IsolationLimits process;
};

// "damaged or hostile file: " + what.
std::string hostile_file(const std::string& what);

// verify_bytes (sign.h) with other screen limits.
VerifyReport verify_bytes(const std::string& bytes, const std::string& name, const VerifyOptions& options,
                          const ScreenLimits& limits);

// What verify concluded, as text and as the JSON evidence (report_text,
// report_json), made in the child that did the work.
struct VerifyOutcome {
    bool valid = false;                 // the JSON's verdict is "valid" (exit 0)
    std::vector<std::string> reasons;   // VerifyReport::reasons()
    std::string text;
    std::string json;
};

// verify_file in a child process under `limits`. A crash or a limit of the
// child is a report like any other: verdict "invalid", the reason (and the
// file's problem) "damaged or hostile file: the parser crashed (SIGSEGV)"
// or "…: the parser used more than 20 s of CPU". Bad input (no such file,
// not a PDF, a trust file without a certificate) throws Error(BadInput) as
// verify_file does.
VerifyOutcome verify_guarded(const std::string& path, const VerifyOptions& options, const HostileLimits& limits = {});

}  // namespace protokoll::sign
