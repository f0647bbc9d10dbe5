// sign / verify: incremental CMS signatures (PoDoFo + OpenSSL) and their check.
// verify checks integrity (digest, signature, coverage), what later revisions
// changed, the PAdES level and, given trust anchors, the certificate chain.
#pragma once

#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace protokoll::sign {

struct SignOptions {
    std::string field;        // name of an existing, empty signature field
    std::string p12_path;     // PKCS#12 with key and certificate
    std::string password;     // read by the CLI from a file, never the command line
    std::time_t time = 0;     // signing time written to /M; 0 = now
    // Signing order: the order of the signature fields in /AcroForm /Fields
    // (depth first), which finish writes in the layout's <signing-order>. A field
    // is refused while an earlier one is empty, unless this is set.
    bool any_order = false;
    // Replace the field's appearance with "Justerat digitalt av NAME", the time
    // with its zone and the certificate serial, in a font the document embeds.
    bool visible = true;
    // Told why a visible appearance could not be drawn (the field then keeps
    // its old appearance and the signature is made all the same); may be empty.
    std::function<void(const std::string&)> warn;
    // Certify (DocMDP, /P 2): the document's first signature, by the secretary,
    // locks the document except for filling in forms and signing; the adjusters'
    // later signatures stay allowed. Refused when a field is already signed.
    bool certify = false;
    // With certify: the DocMDP /P — 1 no change at all (validation data and
    // document timestamps aside), 2 signing, 3 signing and annotations.
    int certify_permissions = 2;
    // prepare_file only: the signer's certificate (PEM) instead of the PKCS#12.
    std::string cert_path;
    // PAdES B-T: the http:// address of an RFC 3161 time-stamp authority. Its
    // token over the signature value goes into the CMS as the unsigned
    // attribute id-aa-signatureTimeStampToken. Empty: no time-stamp (B-B).
    // prepare_file only reserves the room (the token is added by inject_file).
    std::string tsa_url;
    // Room in /Contents for the token, in bytes (with tsa_url). A token that
    // turns out larger is asked for once more with room for its size.
    size_t timestamp_reserve = 6144;
    // Bounds each request to the TSA (OpenSSL retries a refused connection
    // until then), in seconds.
    int timeout_seconds = 30;
    // Sign a field whose person the certificate does not name (its name is
    // not the field's, docs/signing.md "Whose field"). The signature records
    // it: /Reason "Signer mismatch acknowledged: …", which verify reports.
    bool signer_mismatch_ok = false;
};

// Reads `input`, appends an incremental update signing `field`, writes `output`
// atomically (on any error `output` is not written). The output starts with
// the input's exact bytes, so earlier signatures stay valid. The signature is a
// detached CAdES CMS (SHA-256, /SubFilter /ETSI.CAdES.detached) with the
// certificate chain from the PKCS#12; /AcroForm /SigFlags becomes 3 and /Info
// is left as it was. Throws Error(BadInput) for a missing field (the message
// lists the fields there are), an already signed field, a sealed file (one
// with a /DSS, see seal_file), a field out of
// signing order (see any_order), a file changed after its last signature (the
// last /ByteRange must reach the end of the file), a wrong password
// ("wrong password for <p12_path>"), an unreadable key or PDF, a key that
// does not belong to its certificate, a certificate that is not valid at
// options.time (nor, with tsa_url, now), whose keyUsage does not allow
// signing or whose name is not the field's person (see signer_mismatch_ok), and with
// tsa_url a time-stamp authority that cannot be reached, refuses or answers
// with an unusable token (the message names the URL).
void sign_file(const std::string& input, const std::string& output, const SignOptions& options);

// Two-step signing for a signing service or an HSM that holds the key.
// prepare_file does what sign_file does (all checks, appearance, certify) up
// to the signature: `output` gets the signature dictionary with an all-zero
// /Contents of 8 KB, and the result is the hex SHA-256 of its /ByteRange, the
// digest the service signs (CAdES detached; its CMS messageDigest). The
// signer's certificate is read from options.cert_path (and checked as
// sign_file checks it); p12_path and password are not used. With options.tsa_url /Contents has timestamp_reserve bytes
// more, for the token inject_file adds.
std::string prepare_file(const std::string& input, const std::string& output, const SignOptions& options);

// Completes a prepared file with the service's DER CMS (`cms_path`). Throws
// Error(BadInput) when `prepared` is not an unfilled preparation, when the CMS
// does not verify over its byte ranges (another document, a wrong digest) or
// does not fit. With `tsa_url` a CMS without a signature-time-stamp gets one
// (B-T), as sign_file adds it. The output is written atomically.
void inject_file(const std::string& prepared, const std::string& cms_path, const std::string& output,
                 const std::string& tsa_url = {}, int timeout_seconds = 30);

// Sealing (PAdES B-LT): after the last signer, the validation data of every
// signature goes into the document so that it can be verified offline for
// as long as the archive keeps it.
struct SealOptions {
    // PEM files with trust anchors. The signers' chains are built from the
    // CMS's certificates and these; without anchors a chain must end at a
    // self-signed certificate the CMS carries. With anchors, the file must
    // also verify against them (chains trusted at signing time).
    std::vector<std::string> trust_files;
    // Seal although signature fields are still empty (nobody can sign them
    // afterwards: sign refuses a sealed file).
    bool allow_unsigned = false;
    // Per request to an OCSP responder or CRL server. OpenSSL retries a
    // refused connection until then, so an unreachable service costs all of it.
    int timeout_seconds = 30;
    // PAdES B-LTA: after the /DSS, a document timestamp from the RFC 3161
    // time-stamp authority at this address (http://) over the whole file, in
    // a new invisible signature field. Empty: none (B-LT).
    std::string tsa_url;
    // Renewal (PAdES B-LTA, ISO 14533-2): the file is sealed already; its
    // /DSS gains fresh validation data (for its signatures and its document
    // timestamps' authorities), every earlier entry kept, and a new document
    // timestamp (tsa_url required) covers it all. Done before the newest
    // document timestamp's certificate expires, it extends how long the
    // file can be proven.
    bool renew = false;
    // Told what is worth knowing but does not stop sealing (a revoked
    // signer certificate, a timestamp certificate without revocation data).
    std::function<void(const std::string&)> warn;
    // Seal although a signer's certificate does not name the field's person
    // (VerifyOptions::allow_signer_mismatch for the check before sealing).
    bool allow_signer_mismatch = false;
};

struct SealReport {
    int signatures = 0;         // signatures given validation data (/VRI entries)
    int certificates = 0;       // streams in /DSS /Certs
    int ocsp_responses = 0;     // streams in /DSS /OCSPs
    int crls = 0;               // streams in /DSS /CRLs
    std::vector<std::string> fetched;  // what was asked, one line each: "OCSP http://… for \"CN=…\""
    size_t bytes_added = 0;     // the size of the incremental update(s)
    // With tsa_url: the document timestamp's genTime (ISO 8601 UTC), its
    // field and the size of its update (part of bytes_added).
    std::string document_timestamp;
    std::string document_timestamp_field;
    size_t timestamp_bytes_added = 0;
};

// Reads `input`, checks that it verifies (see SealOptions::trust_files), has
// at least one signature, no empty signature field (unless allow_unsigned) and
// no /DSS yet; builds each signer's chain (and each signature timestamp's)
// and, for every certificate but the root, fetches an OCSP response from
// every responder its authorityInfoAccess names and the CRL from every
// distribution point (plain http; answers checked: OCSP nonce, certificate ID
// and responder authorised by the issuer; CRL signed by the issuer). Writes
// `output` atomically as `input` plus one incremental update adding the
// catalog's /DSS: /Certs, /OCSPs and /CRLs (one stream per DER object) and
// /VRI, one entry per signature keyed by the upper-case hex SHA-1 of its
// /Contents (padding included) with /Cert, /OCSP and /CRL. Nothing but the
// fetched answers varies between runs. Throws Error(BadInput) for each
// refusal above and when revocation data cannot be fetched or does not
// decide a certificate's status, naming the certificate (and the URL).
SealReport seal_file(const std::string& input, const std::string& output, const SealOptions& options);

// The signer's certificate as an archivist reads it.
struct CertificateInfo {
    std::string subject;      // RFC 2253, UTF-8: "CN=Kent Lagrell,O=Protokoll Test,C=SE"
    std::string issuer;       // RFC 2253, UTF-8
    std::string serial;       // hexadecimal, upper case, no separators
    std::string not_before;   // ISO 8601 UTC, "2026-01-01T12:00:00Z"
    std::string not_after;
};

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
    // "B-LTA" (B-LT and a valid document timestamp over the /DSS), "B-LT"
    // (B-T and validation_data), "B-T", "B-B", or "none" when even
    // B-B is not met (e.g. adbe.pkcs7.detached, no signing-certificate-v2,
    // or a signingTime attribute). As in ETSI EN 319 142-1 the levels build
    // on each other: validation data without a signature timestamp stays
    // "B-B" (validation_data tells it is there).
    std::string level = "none";
};

// A certificate chain judged against the --trust anchors at one time: the
// signer's at the time its signature-time-stamp proves (genTime) when it has
// an intact one, else at the claimed signing time (/M), else now; a TSA's at
// its token's genTime.
struct ChainReport {
    std::string status = "not judged";    // "trusted", "untrusted" or "not judged" (no anchors given)
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

// What later revisions (after the one a signature covers) changed, judged
// by what each revision shows and means (docs/verify.md, "Changes after a
// signature"). Permitted after every signature: validation data (/DSS) and
// document timestamps; after an approval signature or a certification with
// DocMDP /P 2 also an empty signature field signed, with its appearance; with
// /P 3 also annotations. Everything else is disallowed: the page tree, a
// page's content, resources or annotations, the catalog, /Info, the XMP, a
// signed field's value or appearance, new visible or unsigned fields.
struct ChangeReport {
    bool checked = false;                 // false when the signed revision could not be read
    int later_revisions = 0;              // incremental updates after the signed one
    std::vector<std::string> permitted;   // one line each, e.g. "revision 3: field \"Kent Lagrell\": signed"
    std::vector<std::string> disallowed;  // one line each, e.g. "revision 3: page 1: /Contents (object 12 0 R): its stream data differs"
    // The furthest-reaching change, permitted or not: "none", "validation
    // data", "signing", "annotations" or "other".
    std::string level = "none";
};

// The signer certificate's revocation status, judged offline from the
// validation data in the file: the /DSS (/VRI entry and global arrays), CRLs
// in the CMS and an adbe-revocationInfoArchival signed attribute.
struct RevocationReport {
    // "good": an authentic OCSP "good", or an issuer-signed CRL without the
    //   certificate, current at checked_at or issued after it;
    // "revoked": an authentic OCSP "revoked" or an issuer's CRL listing it;
    // "unknown": data about the certificate that decides nothing (OCSP
    //   "unknown", expired before checked_at, not signed by the issuer or a
    //   responder it authorised); "no data": the file has none for it.
    std::string status = "no data";
    std::string source = "none";      // "ocsp", "crl" or "none": what decided
    std::string checked_at;           // ISO 8601 UTC: the signing time the status is judged for
    std::string this_update;          // ISO 8601 UTC: when the deciding OCSP response or CRL was issued
    std::string revocation_time;      // ISO 8601 UTC, when revoked
    std::string reason;               // when revoked and given: "keyCompromise", "superseded", …
    std::string note;                 // a sentence on what follows, e.g. why "unknown"
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
    bool dss = false;             // the catalog has a /DSS
    // What the verdict was reached under (VerifyOptions): a file without any
    // signature is accepted, a signer whose name is not the field's is accepted.
    bool allow_unsigned = false;
    bool allow_signer_mismatch = false;
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
};

// Throws Error(BadInput) for a file that is no PDF at all or a trust file
// without a readable certificate; damage inside a PDF is reported, not thrown.
// The bytes are screened before PoDoFo sees them (screen.h): a file the
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
//    "trust_judged", "pdfa": {"part","conformance"}|null, "dss", "file_problem",
//    "last_signature_covers_file", "signatures_total", "signatures_signed",
//    "document_timestamps": [{"field", "time", "tsa", "covers", "covers_dss", "valid", "problem"}],
//    "fields": [{"name", "signed", and when signed: "signer", "certificate":
//      {"subject","issuer","serial","not_before","not_after"}, "claimed_time",
//      "claimed_time_utc", "byte_range", "covers_revision", "digest_ok",
//      "signature_ok", "pades": {"sub_filter","digest_algorithm",
//      "signing_certificate_v2","signing_certificate_matches",
//      "signing_time_attribute","timestamp_token","dss","validation_data","level"},
//      "chain": {"status","problem","checked_at","certificates"},
//      "timestamp": {"time_utc","tsa","serial","policy","digest_algorithm",
//        "imprint_ok","signature_ok","chain": {..},"problem"}|null, "key_usage_ok",
//      "revocation": {"status","source","checked_at","this_update","revocation_time","reason","note"},
//      "later_changes": {"checked","later_revisions","permitted","disallowed"}, "docmdp",
//      "problem", "signer_matches_field", "signer_mismatch_acknowledged"}],
//    "allow_unsigned", "allow_signer_mismatch"}
// Keys are always present and in this order; new keys may be added, none removed.
std::string report_json(const VerifyReport& report, const std::string& file);
// The same as human-readable text; the line "FIELD: not signed" per empty field.
std::string report_text(const VerifyReport& report, const std::string& file);

}  // namespace protokoll::sign
