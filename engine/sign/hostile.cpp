// The second line of defence (hostile.h): verify, sign, prepare and seal in
// a child process; the first (the screen) runs inside the child too, before
// PoDoFo.
#include "guard.h"

#include "base/diagnostic.h"
#include "base/files.h"

namespace protokoll::sign {

std::string hostile_file(const std::string& what) { return "damaged or hostile file: " + what; }

VerifyOutcome verify_guarded(const std::string& path, const VerifyOptions& options, const HostileLimits& limits) {
    const IsolatedResult result = run_isolated(
        [&] {
            const VerifyReport report = verify_bytes(read_file(path), path, options, limits.screen);
            std::vector<std::string> parts{report.ok() ? "1" : "0", report_text(report, path), report_json(report, path)};
            const std::vector<std::string> reasons = report.reasons();
            parts.insert(parts.end(), reasons.begin(), reasons.end());
            return pack(parts);
        },
        limits.process);
    VerifyOutcome out;
    if (result.returned()) {
        const std::vector<std::string> parts = unpack(result.value);
        if (parts.size() < 3) throw Error(ErrorCode::Internal, {}, "a malformed answer from verify's child");
        out.valid = parts[0] == "1";
        out.text = parts[1];
        out.json = parts[2];
        out.reasons.assign(parts.begin() + 3, parts.end());
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

namespace detail {

void refuse_hostile(const std::string& bytes, const std::string& input_name, const ScreenLimits& limits) {
    const std::string why = screen_pdf(bytes, limits);
    if (!why.empty()) fail(SourceLocation{input_name, 0, 0}, hostile_file(why));
}

std::string run_guarded(const std::string& input_name, const Warn& warn, int online_seconds,
                        const std::function<std::string(const Warn&)>& work) {
    HostileLimits limits;
    limits.process.wall_seconds += online_seconds;
    const IsolatedResult result = run_isolated(
        [&] {
            std::vector<std::string> warnings;
            const std::string value = work([&warnings](const std::string& message) { warnings.push_back(message); });
            return pack({pack(warnings), value});
        },
        limits.process);
    if (!result.returned()) fail(SourceLocation{input_name, 0, 0}, hostile_file(result.problem));
    const std::vector<std::string> parts = unpack(result.value);
    if (parts.size() != 2) throw Error(ErrorCode::Internal, {}, "a malformed answer from the isolated work");
    if (warn)
        for (const std::string& message : unpack(parts[0])) warn(message);
    return parts[1];
}

std::string pack_seal_report(const SealReport& r) {
    return pack({std::to_string(r.signatures), std::to_string(r.certificates), std::to_string(r.ocsp_responses),
                 std::to_string(r.crls), pack(r.fetched), std::to_string(r.bytes_added), r.document_timestamp,
                 r.document_timestamp_field, std::to_string(r.timestamp_bytes_added)});
}

SealReport unpack_seal_report(const std::string& packed) {
    const std::vector<std::string> p = unpack(packed);
    if (p.size() != 9) throw Error(ErrorCode::Internal, {}, "a malformed seal report from the isolated work");
    SealReport r;
    r.signatures = std::stoi(p[0]);
    r.certificates = std::stoi(p[1]);
    r.ocsp_responses = std::stoi(p[2]);
    r.crls = std::stoi(p[3]);
    r.fetched = unpack(p[4]);
    r.bytes_added = std::stoull(p[5]);
    r.document_timestamp = p[6];
    r.document_timestamp_field = p[7];
    r.timestamp_bytes_added = std::stoull(p[8]);
    return r;
}

}  // namespace detail

}  // namespace protokoll::sign
