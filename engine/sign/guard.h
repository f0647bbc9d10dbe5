// Internal to sign/: how sign, prepare and seal put their PoDoFo-facing work
// behind the two lines of defence of hostile.h.
#pragma once

#include "sign/hostile.h"

#include <functional>
#include <string>

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

// A SealReport through the pipe.
std::string pack_seal_report(const SealReport& report);
SealReport unpack_seal_report(const std::string& packed);

}  // namespace protokoll::sign::detail
