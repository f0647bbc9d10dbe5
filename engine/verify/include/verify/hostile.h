// verify as the archive should call it, for files nobody vouches for: behind
// the screen and in a child process (pdfsig/guard.h), so that a crash or a
// limit becomes a verdict, never a signal.
#pragma once

#include "pdfsig/guard.h"
#include "verify/verify.h"

#include <string>
#include <vector>

namespace protokoll::sign {

// verify_bytes (verify.h) with other screen limits.
VerifyReport verify_bytes(const std::string& bytes, const std::string& name, const VerifyOptions& options,
                          const ScreenLimits& limits);

// What verify concluded, as text and as the JSON evidence (report_text,
// report_json), made in the child that did the work.
struct VerifyOutcome {
    bool valid = false;                 // the JSON's verdict is "valid" (exit 0)
    std::vector<std::string> reasons;   // VerifyReport::reasons()
    std::string text;
    std::string json;
    // What an archive's policy asks beyond the verdict (VerifyReport).
    int fields = 0, signed_fields = 0;  // signature fields, and of them signed
    std::vector<PadesLevel> levels;     // each signed field's PAdES level
    std::string pdfa;                   // the PDF/A claim, "2B"; empty when none
    std::string xmp;                    // the XMP packet, for the facts it holds
    std::string proof_expires;          // VerifyReport::proof_expires()
    // Signed fields whose signer is not proven good by revocation data in the
    // file itself (status other than good, or decided only online).
    int without_revocation_evidence = 0;
};

// verify_file in a child process under `limits`. A crash or a limit of the
// child is a report like any other: verdict "invalid", the reason (and the
// file's problem) "damaged or hostile file: the parser crashed (SIGSEGV)"
// or "…: the parser used more than 20 s of CPU". Bad input (no such file,
// not a PDF, a trust file without a certificate) throws Error(BadInput) as
// verify_file does.
VerifyOutcome verify_guarded(const std::string& path, const VerifyOptions& options, const HostileLimits& limits = {});

}  // namespace protokoll::sign
