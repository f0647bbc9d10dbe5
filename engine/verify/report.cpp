// The verification report as text for a person and as JSON for the archive.
// The JSON is written by hand (no dependency): a fixed key order, so the
// evidence kept beside a file reads the same from one version to the next.
#include "verify/verify.h"

#include "base/json.h"

#include <map>
#include <sstream>

namespace protokoll::sign {

namespace {

std::string quote(const std::string& text) { return json_string(text); }

const char* boolean(bool value) { return value ? "true" : "false"; }

std::string strings(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quote(items[i]);
    return out + "]";
}

std::string chain_json(const ChainReport& chain) {
    return "{\"status\": " + quote(to_string(chain.status)) + ", \"problem\": " + quote(chain.problem) +
           ", \"checked_at\": " + quote(chain.checked_at) + ", \"certificates\": " + strings(chain.certificates) + "}";
}

// null when the signature has no time-stamp token.
std::string timestamp_json(const TimestampReport& t) {
    if (!t.present) return "null";
    return "{\"time_utc\": " + quote(t.time_utc) + ", \"tsa\": " + quote(t.tsa) + ", \"serial\": " + quote(t.serial) +
           ", \"policy\": " + quote(t.policy) + ", \"digest_algorithm\": " + quote(t.digest_algorithm) +
           ", \"imprint_ok\": " + boolean(t.imprint_ok) + ", \"signature_ok\": " + boolean(t.signature_ok) +
           ",\n       \"chain\": " + chain_json(t.chain) + ", \"problem\": " + quote(t.problem) +
           ", \"tsa_not_after\": " + quote(t.tsa_not_after) + "}";
}

// Whether the signer is the field's person, for the text report.
std::string signer_line(const FieldReport& f, bool allowed) {
    if (f.signer_matches_field) return "the field's person (" + f.person + ")";
    return "NOT THE FIELD'S PERSON (" + f.person + ")" +
           std::string(f.signer_mismatch_acknowledged ? "; the signature records that the signer knew" : "") +
           (allowed ? "; accepted (--allow-signer-mismatch)" : "");
}

int signed_count(const VerifyReport& report) {
    int n = 0;
    for (const auto& f : report.fields) n += f.signed_ ? 1 : 0;
    return n;
}

}  // namespace

std::string to_string(PadesLevel level) {
    switch (level) {
    case PadesLevel::BB: return "B-B";
    case PadesLevel::BT: return "B-T";
    case PadesLevel::BLT: return "B-LT";
    case PadesLevel::BLTA: return "B-LTA";
    case PadesLevel::None: break;
    }
    return "none";
}

std::string to_string(ChainStatus status) {
    switch (status) {
    case ChainStatus::Trusted: return "trusted";
    case ChainStatus::Untrusted: return "untrusted";
    case ChainStatus::NotJudged: break;
    }
    return "not judged";
}

std::string report_json(const VerifyReport& report, const std::string& file) {
    std::ostringstream out;
    const std::vector<std::string> reasons = report.reasons();
    out << "{\n  \"format\": \"protokoll-verify/1\",\n  \"file\": " << quote(file)
        << ",\n  \"verdict\": " << quote(reasons.empty() ? "valid" : "invalid")
        << ",\n  \"reasons\": " << strings(reasons) << ",\n  \"trust_judged\": " << boolean(report.trust_judged)
        << ",\n  \"pdfa\": ";
    if (report.pdfa_part.empty())
        out << "null";
    else
        out << "{\"part\": " << quote(report.pdfa_part) << ", \"conformance\": " << quote(report.pdfa_conformance) << "}";
    out << ",\n  \"pdfua\": ";
    if (report.pdfua_part.empty())
        out << "null";
    else
        out << "{\"part\": " << quote(report.pdfua_part) << "}";
    out << ",\n  \"source_sha256\": " << quote(report.source_sha256);
    if (!report.variant.empty()) out << ",\n  \"variant\": " << quote(report.variant);
    out << ",\n  \"associated_files\": [";
    for (size_t i = 0; i < report.associated_files.size(); ++i) {
        const auto& f = report.associated_files[i];
        out << (i ? ", " : "") << "{\"name\": " << quote(f.name) << ", \"relationship\": " << quote(f.relationship)
            << ", \"mime_type\": " << quote(f.mime_type) << ", \"size\": " << f.size << ", \"sha256\": " << quote(f.sha256)
            << ", \"matches_source_sha256\": "
            << (report.source_sha256.empty() || f.sha256.empty() ? "null" : boolean(f.sha256 == report.source_sha256))
            << "}";
    }
    out << "]";
    out << ",\n  \"dss\": " << boolean(report.dss) << ",\n  \"file_problem\": " << quote(report.problem)
        << ",\n  \"last_signature_covers_file\": " << boolean(report.last_covers_file)
        << ",\n  \"signatures_total\": " << report.fields.size() << ",\n  \"signatures_signed\": " << signed_count(report)
        << ",\n  \"document_timestamps\": [";
    for (size_t i = 0; i < report.document_timestamps.size(); ++i) {
        const DocumentTimestampReport& t = report.document_timestamps[i];
        out << (i ? ",\n" : "\n") << "    {\"field\": " << quote(t.field) << ", \"time\": " << quote(t.time)
            << ", \"tsa\": " << quote(t.tsa) << ", \"covers\": " << t.covers << ", \"covers_dss\": " << boolean(t.covers_dss)
            << ", \"valid\": " << boolean(t.valid) << ", \"problem\": " << quote(t.problem)
            << ", \"tsa_not_after\": " << quote(t.tsa_not_after) << "}";
    }
    out << (report.document_timestamps.empty() ? "]" : "\n  ]") << ",\n  \"fields\": [";
    for (size_t i = 0; i < report.fields.size(); ++i) {
        const FieldReport& f = report.fields[i];
        out << (i ? ",\n" : "\n") << "    {\"name\": " << quote(f.field) << ", \"signed\": " << boolean(f.signed_);
        if (f.signed_) {
            const CertificateInfo& c = f.certificate;
            const PadesReport& p = f.pades;
            out << ",\n     \"signer\": " << quote(f.signer) << ",\n     \"certificate\": {\"subject\": " << quote(c.subject)
                << ", \"issuer\": " << quote(c.issuer) << ", \"serial\": " << quote(c.serial)
                << ", \"not_before\": " << quote(c.not_before) << ", \"not_after\": " << quote(c.not_after) << "}"
                << ",\n     \"claimed_time\": " << quote(f.time) << ", \"claimed_time_utc\": " << quote(f.time_utc)
                << ",\n     \"byte_range\": [";
            for (size_t k = 0; k < f.byte_range.size(); ++k) out << (k ? ", " : "") << f.byte_range[k];
            out << "], \"covers_revision\": " << boolean(f.covers_revision) << ", \"digest_ok\": " << boolean(f.digest_ok)
                << ", \"signature_ok\": " << boolean(f.signature_ok) << ",\n     \"pades\": {\"sub_filter\": "
                << quote(p.sub_filter) << ", \"digest_algorithm\": " << quote(p.digest_algorithm)
                << ", \"signing_certificate_v2\": " << boolean(p.signing_certificate_v2)
                << ", \"signing_certificate_matches\": " << boolean(p.signing_certificate_matches)
                << ", \"signing_time_attribute\": " << boolean(p.signing_time_attribute)
                << ", \"timestamp_token\": " << boolean(p.timestamp_token) << ", \"dss\": " << boolean(p.dss)
                << ", \"validation_data\": " << boolean(p.validation_data)
                << ", \"level\": " << quote(to_string(p.level)) << "},\n     \"chain\": " << chain_json(f.chain)
                << ",\n     \"timestamp\": " << timestamp_json(f.timestamp) << ",\n     \"key_usage_ok\": "
                << boolean(f.key_usage_ok) << ",\n     \"revocation\": {\"status\": " << quote(to_string(f.revocation.status))
                << ", \"source\": " << quote(to_string(f.revocation.source)) << ", \"checked_at\": " << quote(f.revocation.checked_at)
                << ", \"this_update\": " << quote(f.revocation.this_update)
                << ", \"revocation_time\": " << quote(f.revocation.revocation_time)
                << ", \"reason\": " << quote(f.revocation.reason) << ", \"note\": " << quote(f.revocation.note)
                << ", \"online\": " << boolean(f.revocation.online)
                << "},\n     \"later_changes\": {\"checked\": "
                << boolean(f.changes.checked) << ", \"later_revisions\": " << f.changes.later_revisions
                << ", \"permitted\": " << strings(f.changes.permitted)
                << ", \"disallowed\": " << strings(f.changes.disallowed)
                << ", \"level\": " << quote(to_string(f.changes.level)) << "}";
        }
        if (f.signed_) out << ",\n     \"docmdp\": " << f.docmdp;
        out << ",\n     \"problem\": " << quote(f.problem);
        if (f.signed_)
            out << ",\n     \"signer_matches_field\": " << boolean(f.signer_matches_field)
                << ", \"signer_mismatch_acknowledged\": " << boolean(f.signer_mismatch_acknowledged);
        out << "}";
    }
    out << (report.fields.empty() ? "]" : "\n  ]") << ",\n  \"allow_unsigned\": " << boolean(report.allow_unsigned)
        << ",\n  \"allow_signer_mismatch\": " << boolean(report.allow_signer_mismatch)
        << ",\n  \"proof_expires\": " << quote(report.proof_expires()) << ",\n  \"online_requests\": [";
    for (size_t i = 0; i < report.online_requests.size(); ++i) out << (i ? ", " : "") << quote(report.online_requests[i]);
    out << "]\n}\n";
    return out.str();
}

std::string report_text(const VerifyReport& report, const std::string& file) {
    std::ostringstream out;
    for (const auto& f : report.fields) {
        out << f.field << ": ";
        if (!f.signed_) {
            out << "not signed\n";
            continue;
        }
        const bool good = f.digest_ok && f.signature_ok && f.covers_revision && f.changes.disallowed.empty() &&
                          f.timestamp.problem.empty() && f.problem.empty();
        out << (good ? "valid" : "INVALID") << "; signed by " << f.signer << " at " << f.time << "; digest "
            << (f.digest_ok ? "ok" : "MISMATCH") << "; signature " << (f.signature_ok ? "ok" : "BAD") << "; byte range "
            << (f.covers_revision ? "covers its revision" : "DOES NOT COVER its revision");
        if (!f.problem.empty()) out << "; " << f.problem;
        out << '\n';
        out << "  certificate: " << f.certificate.subject << "; issuer " << f.certificate.issuer << "; serial "
            << f.certificate.serial << "; valid " << f.certificate.not_before << " to " << f.certificate.not_after << '\n';
        out << "  byte range: [";
        for (size_t k = 0; k < f.byte_range.size(); ++k) out << (k ? " " : "") << f.byte_range[k];
        out << "]\n  chain: " << to_string(f.chain.status);
        if (!f.chain.problem.empty()) out << " (" << f.chain.problem << ")";
        if (!f.chain.checked_at.empty() && f.chain.status != ChainStatus::NotJudged) out << " at " << f.chain.checked_at;
        out << "\n  timestamp: ";
        if (!f.timestamp.present) {
            out << "none";
        } else {
            const TimestampReport& t = f.timestamp;
            out << (t.time_utc.empty() ? "(no time)" : t.time_utc) << " by " << (t.tsa.empty() ? "(unknown TSA)" : t.tsa) << " ("
                << (t.problem.empty() ? "valid" : "INVALID: " + t.problem) << ")";
            if (t.chain.status != ChainStatus::NotJudged) {
                out << "; TSA chain " << to_string(t.chain.status);
                if (!t.chain.problem.empty()) out << " (" << t.chain.problem << ")";
            }
        }
        out << "\n  PAdES: " << to_string(f.pades.level) << " (" << f.pades.sub_filter << ", " << f.pades.digest_algorithm
            << "; signing-certificate-v2 " << (f.pades.signing_certificate_v2 ? "present" : "absent")
            << "; signingTime attribute " << (f.pades.signing_time_attribute ? "present (deviation)" : "absent")
            << "; timestamp " << (f.pades.timestamp_token ? "present" : "absent") << "; DSS "
            << (f.pades.dss ? "present" : "absent")
            << (f.pades.dss ? (f.pades.validation_data ? ", covering the chain" : ", not covering the chain") : "") << ")\n";
        out << "  key usage: " << (f.key_usage_ok ? "allows signing" : "DOES NOT ALLOW SIGNING") << '\n';
        out << "  signer: " << signer_line(f, report.allow_signer_mismatch) << '\n';
        out << "  revocation: " << to_string(f.revocation.status);
        if (f.revocation.source != RevocationSource::None)
            out << " (" << to_string(f.revocation.source) << (f.revocation.online ? ", fetched online," : "") << " of "
                << f.revocation.this_update << ")";
        if (!f.revocation.revocation_time.empty())
            out << "; revoked at " << f.revocation.revocation_time
                << (f.revocation.reason.empty() ? "" : " (" + f.revocation.reason + ")");
        if (!f.revocation.checked_at.empty()) out << "; judged at " << f.revocation.checked_at;
        if (!f.revocation.note.empty()) out << "; " << f.revocation.note;
        out << '\n';
        out << "  later revisions: " << f.changes.later_revisions;
        if (!f.changes.checked) out << " (could not be compared)";
        else if (f.changes.later_revisions > 0) out << "; the furthest change: " << to_string(f.changes.level);
        out << '\n';
        if (f.docmdp) out << "  certification signature: DocMDP /P " << f.docmdp << '\n';
        for (const auto& c : f.changes.permitted) out << "    permitted: " << c << '\n';
        for (const auto& c : f.changes.disallowed) out << "    NOT PERMITTED: " << c << '\n';
    }
    out << "PDF/A claim: "
        << (report.pdfa_part.empty() ? std::string("none") : "PDF/A-" + report.pdfa_part + report.pdfa_conformance) << '\n';
    out << "PDF/UA claim: " << (report.pdfua_part.empty() ? std::string("none") : "PDF/UA-" + report.pdfua_part) << '\n';
    if (!report.variant.empty()) {
        static const std::map<std::string, std::string> WHAT = {
            {"extract", "an extract (protokollsutdrag) of some of the protocol's paragraphs"},
            {"public", "a public copy of the protocol, without what it marks confidential"},
            {"public extract", "a public copy of an extract of the protocol"},
            {"notice", "the posting notice (anslagsbevis) of the protocol"}};
        auto what = WHAT.find(report.variant);
        out << "document: " << (what == WHAT.end() ? "\"" + report.variant + "\"" : what->second)
            << ", not the protocol itself\n";
    }
    for (const auto& f : report.associated_files) {
        out << "associated file \"" << f.name << "\" (" << (f.relationship.empty() ? "no relationship" : f.relationship)
            << (f.mime_type.empty() ? "" : ", " + f.mime_type) << ", " << f.size << " bytes): ";
        if (f.sha256.empty()) out << "its data cannot be read";
        else if (report.source_sha256.empty()) out << "SHA-256 " << f.sha256;
        else if (f.sha256 == report.source_sha256) out << "the XML source the XMP names (SHA-256 " << f.sha256 << ")";
        else out << "SHA-256 " << f.sha256 << ", not the XMP's sourceSHA256 " << report.source_sha256;
        out << '\n';
    }
    for (const auto& t : report.document_timestamps)
        out << "document timestamp " << t.field << ": " << (t.valid ? "valid" : "INVALID") << "; " << t.time << " by "
            << t.tsa << " (its certificate valid to " << t.tsa_not_after << "); covers " << t.covers << " bytes"
            << (t.covers_dss ? ", the /DSS included" : "")
            << (t.problem.empty() ? "" : "; " + t.problem) << '\n';
    for (const auto& request : report.online_requests) out << "online: " << request << '\n';
    if (!report.problem.empty()) out << "file: " << report.problem << '\n';
    const std::vector<std::string> reasons = report.reasons();
    for (const auto& reason : reasons) out << "reason: " << reason << '\n';
    const bool none = signed_count(report) == 0 && report.problem.empty();
    out << file << ": " << report.fields.size() << " signature fields, " << signed_count(report) << " signed, "
        << (!reasons.empty() ? "VERIFICATION FAILED"
                             : none ? "no signature (accepted: --allow-unsigned)" : "all signatures valid")
        << (report.trust_judged || none ? "" : " (certificate trust not judged)") << '\n';
    return out.str();
}

}  // namespace protokoll::sign
