// verify: the offline check of a signed file. Integrity (digest, signature,
// coverage), what later revisions changed, the PAdES level and, given trust
// anchors, the certificate chains; the report as text and JSON. Nothing here
// reaches the network: protokoll_verify does not link protokoll_net.
#pragma once

#include "crypto/revocation.h"
#include "pdfsig/change_report.h"

#include <string>
#include <vector>

namespace protokoll::sign {

// The signer's certificate as an archivist reads it.
struct CertificateInfo {
    std::string subject;      // RFC 2253, UTF-8: "CN=Kent Lagrell,O=Protokoll Test,C=SE"
    std::string issuer;       // RFC 2253, UTF-8
    std::string serial;       // hexadecimal, upper case, no separators
    std::string not_before;   // ISO 8601 UTC, "2026-01-01T12:00:00Z"
    std::string not_after;
};

// The PAdES baseline level (ETSI EN 319 142-1) a signature meets; each builds
// on the one before.
enum class PadesLevel {
    None,  // "none": not even B-B
    BB,    // "B-B"
    BT,    // "B-T"
    BLT,   // "B-LT"
    BLTA,  // "B-LTA"
};

// A certificate chain judged against the --trust anchors.
enum class ChainStatus {
    NotJudged,  // "not judged": no anchors given
    Trusted,    // "trusted"
    Untrusted,  // "untrusted"
};

// The names the reports write (report_text, report_json).
std::string to_string(PadesLevel level);
std::string to_string(ChainStatus status);

// What the CMS says about the PAdES baseline (ETSI EN 319 142-1) it meets.
struct PadesReport {
    std::string sub_filter;               // /SubFilter as written
    std::string digest_algorithm;         // "sha256"
    bool signing_certificate_v2 = false;  // ESS signing-certificate-v2 signed attribute present
    bool signing_certificate_matches = false; // …and its hash names the embedded signer certificate
    bool signing_time_attribute = false;  // a CMS signingTime: a deviation from the baseline (time belongs in /M)
    bool timestamp_token = false;         // signature-time-stamp unsigned attribute present
    bool dss = false;                     // the document has a /DSS (validation data): long-term
    // The /DSS holds revocation data (its /VRI entry for this signature or
    // its global arrays) that decides the status of every certificate of
    // the signer's chain but the root: what B-LT adds to B-T.
    bool validation_data = false;
    // B-LTA (B-LT and a valid document timestamp over the /DSS), B-LT
    // (B-T and validation_data), B-T, B-B, or None when even B-B is not
    // met (e.g. adbe.pkcs7.detached, no signing-certificate-v2, or a
    // signingTime attribute). As in ETSI EN 319 142-1 the levels build on
    // each other: validation data without a signature timestamp stays B-B
    // (validation_data tells it is there).
    PadesLevel level = PadesLevel::None;
};

// A certificate chain judged against the --trust anchors at one time: the
// signer's at the time its signature-time-stamp proves (genTime) when it has
// an intact one, else at the claimed signing time (/M), else now; a TSA's at
// its token's genTime.
struct ChainReport {
    ChainStatus status = ChainStatus::NotJudged;
    std::string problem;                  // OpenSSL's reason when untrusted
    std::string checked_at;               // ISO 8601 UTC: the time the chain was judged at
    std::vector<std::string> certificates;// the chain built, signer first (subjects), when trusted
};

// The signature-time-stamp (PAdES B-T): an RFC 3161 token in the SignerInfo's
// unsigned attribute id-aa-signatureTimeStampToken, over the signature value.
// It proves that the signature existed at its time (genTime).
struct TimestampReport {
    bool present = false;         // the attribute is there (the first token is judged)
    std::string time_utc;         // genTime, ISO 8601 UTC
    std::string tsa;              // the TSA certificate's subject, RFC 2253, UTF-8
    std::string tsa_not_after;    // ISO 8601 UTC: when the TSA certificate expires
    std::string serial;           // the token's serial number, hexadecimal
    std::string policy;           // the TSA policy, dotted OID
    std::string digest_algorithm; // the imprint's hash, e.g. "sha256"
    bool imprint_ok = false;      // the token stamps this signature: its imprint is the hash of the signature value
    // Its CMS signature verifies with the TSA certificate it carries, which its
    // ESS signing-certificate attribute names and whose critical extended key
    // usage is timeStamping. Together with imprint_ok: the token is intact.
    bool signature_ok = false;
    ChainReport chain;            // the TSA certificate's chain, judged at genTime for time-stamping
    // Why the time-stamp fails, empty when fine: a token that is not intact, or
    // a claimed time (/M) more than 5 minutes after genTime (the signature
    // existed before the time it claims).
    std::string problem;
};

// The signer certificate's revocation status, judged offline from the
// validation data in the file: the /DSS (/VRI entry and global arrays), CRLs
// in the CMS and an adbe-revocationInfoArchival signed attribute.
struct RevocationReport {
    // Good: an authentic OCSP "good", or an issuer-signed CRL without the
    //   certificate, current at checked_at or issued after it;
    // Revoked: an authentic OCSP "revoked" or an issuer's CRL listing it;
    // Unknown: data about the certificate that decides nothing (OCSP
    //   "unknown", expired before checked_at, not signed by the issuer or a
    //   responder it authorised); NoData: the file has none for it.
    RevocationStatus status = RevocationStatus::NoData;
    RevocationSource source = RevocationSource::None;  // what decided
    std::string checked_at;           // ISO 8601 UTC: the signing time the status is judged for
    std::string this_update;          // ISO 8601 UTC: when the deciding OCSP response or CRL was issued
    std::string revocation_time;      // ISO 8601 UTC, when revoked
    std::string reason;               // when revoked and given: "keyCompromise", "superseded", …
    std::string note;                 // a sentence on what follows, e.g. why "unknown"
    // The deciding answer was fetched online (verify --online), not read from
    // the file: the file alone does not prove the status.
    bool online = false;
};

struct FieldReport {
    std::string field;
    bool signed_ = false;
    std::string signer;       // certificate subject common name
    std::string time;         // /M as written, e.g. D:20260101120000+01'00'
    std::string time_utc;     // /M as ISO 8601 UTC, empty when /M is missing or unreadable
    bool digest_ok = false;   // message digest matches the signed byte ranges
    bool signature_ok = false;// CMS signature verifies with the signer's certificate
    bool covers_revision = false; // byte range covers the file up to the end of its revision
    std::vector<long long> byte_range; // /ByteRange as written (4 numbers) when readable
    CertificateInfo certificate;
    PadesReport pades;
    ChainReport chain;
    TimestampReport timestamp;
    // The signer certificate allows signing: when it has a keyUsage
    // extension, digitalSignature or nonRepudiation is set.
    bool key_usage_ok = true;
    RevocationReport revocation;
    ChangeReport changes;
    // A certification signature (the catalog's /Perms /DocMDP names it): its
    // /P, 1 (no changes), 2 (form filling and signing) or 3 (also
    // annotations); 0 for an approval signature. With 1, every later revision
    // is a disallowed change.
    int docmdp = 0;
    std::string problem;      // why it failed, empty when fine
    // The person the field is for: its own name (/T), which finish writes as
    // the signer's name printed under it.
    std::string person;
    // The signer's certificate names `person` (its commonName, or its
    // givenName and surname; docs/signing.md "Whose field"). A mismatch fails
    // the signature unless VerifyOptions::allow_signer_mismatch.
    bool signer_matches_field = false;
    // The signature records that its signer knowingly signed another person's
    // field: /Reason starts "Signer mismatch acknowledged:" (sign --signer-mismatch-ok).
    bool signer_mismatch_acknowledged = false;
};

// A document timestamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161): an
// RFC 3161 token over the file up to it, which is what B-LTA adds.
struct DocumentTimestampReport {
    std::string field;        // the signature field holding it
    std::string time;         // the token's genTime, ISO 8601 UTC
    std::string tsa;          // the time-stamp authority's certificate subject, RFC 2253
    std::string tsa_not_after;// ISO 8601 UTC: when that certificate expires; renew (B-LTA) before
    long long covers = 0;     // it covers the file's first `covers` bytes (its /ByteRange end)
    bool covers_dss = false;  // the /DSS was there in what it covers
    bool valid = false;       // imprint matches the byte ranges, token signature verifies, range ends a revision
    std::string problem;      // why not valid, "" when valid
};

struct VerifyReport {
    std::vector<FieldReport> fields;
    std::vector<DocumentTimestampReport> document_timestamps;
    // File-level damage that no single field shows, e.g. bytes after the last
    // %%EOF (a truncated or half-written update); empty when fine.
    std::string problem;
    // The newest signature covers the file to its end (trailing whitespace
    // allowed): nothing was appended after the last signing. False when unsigned.
    bool last_covers_file = false;
    bool trust_judged = false;    // trust anchors were given: chains count for the verdict
    std::string pdfa_part;        // the XMP's pdfaid:part ("1", "2", …), empty when no claim
    std::string pdfa_conformance; // the XMP's pdfaid:conformance ("B", "A", "U")
    std::string pdfua_part;       // the XMP's pdfuaid:part ("1"), empty when no PDF/UA claim
    bool dss = false;             // the catalog has a /DSS
    // Files associated with the document (the catalog's /AF, PDF/A-3):
    // render --pdfa 3a embeds the protocol's XML with /AFRelationship /Source.
    struct AssociatedFile {
        std::string name;          // /UF, else /F
        std::string relationship;  // /AFRelationship (Source, Data, …); empty when none
        std::string mime_type;     // the embedded stream's /Subtype
        size_t size = 0;           // decoded bytes
        std::string sha256;        // of the decoded bytes, lower-case hex; empty when unreadable
    };
    std::vector<AssociatedFile> associated_files;
    std::string source_sha256;    // the XMP's ptk:sourceSHA256 (the XML it was rendered from); empty when none
    std::string variant;          // the XMP's ptk:variant: "extract", "public", "public extract"; empty: the protocol
    std::string xmp;              // the catalog's /Metadata stream, decoded; empty when none
    // What the verdict was reached under (VerifyOptions): a file without any
    // signature is accepted, a signer whose name is not the field's is accepted.
    bool allow_unsigned = false;
    bool allow_signer_mismatch = false;
    std::vector<std::string> online_requests;  // VerifyOptions::online_requests: what verify --online asked
    // Why verification fails, one line each; empty when it holds: every
    // signature intact and covering its revision, no disallowed change after
    // any signature, no file-level damage, every signature-time-stamp intact
    // and no later than the claimed time allows, and with trust anchors every
    // chain trusted at its signing time and every TSA's at its genTime; at
    // least one signature ("the file has no signature") unless allow_unsigned;
    // every signer's certificate naming its field's person unless
    // allow_signer_mismatch.
    std::vector<std::string> reasons() const;
    // reasons() is empty.
    bool ok() const;
    // ISO 8601 UTC: when the file's proof of time loses its TSA certificate —
    // the newest valid document timestamp's, else the earliest of the
    // signature-time-stamps' — and must be renewed (B-LTA) before; empty when
    // the file holds no time-stamp at all.
    std::string proof_expires() const;
};

struct VerifyOptions {
    // PEM files with trust anchors (any number of certificates each). Empty:
    // chains are "not judged" and do not count for the verdict.
    std::vector<std::string> trust_files;
    // A file with no signature at all verifies (without: "the file has no
    // signature", a failure). Fields left empty beside signed ones never fail.
    bool allow_unsigned = false;
    // A signer whose certificate does not name the field's person does not
    // fail the signature (it is still reported: signer_matches_field).
    bool allow_signer_mismatch = false;
    // Revocation data fetched online for this file (verify --online, through
    // seal's fetch_revocation; verify itself never touches the network):
    // judged where the file's own data decides nothing, and reported so.
    std::vector<std::string> online_ocsps, online_crls;
    std::vector<std::string> online_requests;  // what was asked, one line each, for the report
};

// Throws Error(BadInput) for a file that is no PDF at all or a trust file
// without a readable certificate; damage inside a PDF is reported, not thrown.
// The bytes are screened before PoDoFo sees them (pdfsig/screen.h): a file the
// screen refuses is reported with the problem "damaged or hostile file: …"
// and no fields. In this process: for files nobody vouches for, call
// verify_guarded (hostile.h), which also survives what the screen misses.
VerifyReport verify_file(const std::string& path, const VerifyOptions& options);
VerifyReport verify_file(const std::string& path);
// The same for bytes in memory; `name` stands for the file in messages.
VerifyReport verify_bytes(const std::string& bytes, const std::string& name, const VerifyOptions& options);

// The report as one JSON object, the evidence an archive keeps beside the file
// (format "protokoll-verify/1", described in docs/verify.md):
//   {"format", "file", "verdict": "valid"|"invalid", "reasons": [..],
//    "trust_judged", "pdfa": {"part","conformance"}|null, "pdfua": {"part"}|null, "dss", "file_problem",
//    "source_sha256", "variant" (absent on the protocol itself), "associated_files": [{"name", "relationship", "mime_type", "size", "sha256",
//      "matches_source_sha256"}],
//    "last_signature_covers_file", "signatures_total", "signatures_signed",
//    "document_timestamps": [{"field", "time", "tsa", "covers", "covers_dss", "valid", "problem", "tsa_not_after"}],
//    "fields": [{"name", "signed", and when signed: "signer", "certificate":
//      {"subject","issuer","serial","not_before","not_after"}, "claimed_time",
//      "claimed_time_utc", "byte_range", "covers_revision", "digest_ok",
//      "signature_ok", "pades": {"sub_filter","digest_algorithm",
//      "signing_certificate_v2","signing_certificate_matches",
//      "signing_time_attribute","timestamp_token","dss","validation_data","level"},
//      "chain": {"status","problem","checked_at","certificates"},
//      "timestamp": {"time_utc","tsa","serial","policy","digest_algorithm",
//        "imprint_ok","signature_ok","chain": {..},"problem","tsa_not_after"}|null, "key_usage_ok",
//      "revocation": {"status","source","checked_at","this_update","revocation_time","reason","note"},
//      "later_changes": {"checked","later_revisions","permitted","disallowed"}, "docmdp",
//      "problem", "signer_matches_field", "signer_mismatch_acknowledged"}],
//    "allow_unsigned", "allow_signer_mismatch", "proof_expires", "online_requests": [..]}
// ("revocation" also holds "online": the deciding answer was fetched, not in the file.)
// Keys are always present and in this order; new keys may be added, none removed.
std::string report_json(const VerifyReport& report, const std::string& file);
// The same as human-readable text; the line "FIELD: not signed" per empty field.
std::string report_text(const VerifyReport& report, const std::string& file);

}  // namespace protokoll::sign
