// verify in a child process (hostile.h); the screen runs inside the child
// too, before PoDoFo.
#include "verify/hostile.h"

#include "base/diagnostic.h"
#include "base/files.h"

#include <cstdlib>

namespace protokoll::sign {

VerifyOutcome verify_guarded(const std::string& path, const VerifyOptions& options, const HostileLimits& limits) {
    const IsolatedResult result = run_isolated(
        [&] {
            const VerifyReport report = verify_bytes(read_file(path), path, options, limits.screen);
            std::string levels;
            int signed_fields = 0, without_evidence = 0;
            for (const FieldReport& field : report.fields)
                if (field.signed_) {
                    ++signed_fields;
                    levels += static_cast<char>('0' + static_cast<int>(field.pades.level));
                    if (field.revocation.status != RevocationStatus::Good || field.revocation.online) ++without_evidence;
                }
            std::vector<std::string> parts{report.ok() ? "1" : "0",
                                           report_text(report, path),
                                           report_json(report, path),
                                           std::to_string(report.fields.size()),
                                           std::to_string(signed_fields),
                                           levels,
                                           report.pdfa_part + report.pdfa_conformance,
                                           report.xmp,
                                           report.proof_expires(),
                                           std::to_string(without_evidence)};
            const std::vector<std::string> reasons = report.reasons();
            parts.insert(parts.end(), reasons.begin(), reasons.end());
            return pack(parts);
        },
        limits.process);
    VerifyOutcome out;
    if (result.returned()) {
        const std::vector<std::string> parts = unpack(result.value);
        if (parts.size() < 10) throw Error(ErrorCode::Internal, {}, "a malformed answer from verify's child");
        out.valid = parts[0] == "1";
        out.text = parts[1];
        out.json = parts[2];
        out.fields = std::atoi(parts[3].c_str());
        out.signed_fields = std::atoi(parts[4].c_str());
        for (char level : parts[5]) out.levels.push_back(static_cast<PadesLevel>(level - '0'));
        out.pdfa = parts[6];
        out.xmp = parts[7];
        out.proof_expires = parts[8];
        out.without_revocation_evidence = std::atoi(parts[9].c_str());
        out.reasons.assign(parts.begin() + 10, parts.end());
        return out;
    }
    // The child died or was stopped: nothing of its report survives but why.
    VerifyReport report;
    report.trust_judged = !options.trust_files.empty();
    report.problem = hostile_file(result.problem);
    out.reasons = report.reasons();
    out.text = report_text(report, path);
    out.json = report_json(report, path);
    return out;
}

}  // namespace protokoll::sign
