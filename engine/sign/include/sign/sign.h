// sign: incremental CMS signatures (PoDoFo + OpenSSL) into the empty
// signature fields finish made, in one step (sign_file) or two, for a signing
// service or an HSM that holds the key (prepare_file, inject_file).
#pragma once

#include "crypto/tsa.h"
#include "net/http.h"

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
    // Replace the field's appearance with the layout's words ("Justerat
    // digitalt av NAME"), the time in the layout's zone and the certificate
    // serial (docs/signing.md), in a font the document embeds.
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
    size_t timestamp_reserve = tsa::default_token_reserve;
    // Bounds each request to the TSA (OpenSSL retries a refused connection
    // until then), in seconds.
    int timeout_seconds = default_timeout_seconds;
    // Sign a field whose person the certificate does not name (its name is
    // not the field's, docs/signing.md "Whose field"). The signature records
    // it: /Reason "Signer mismatch acknowledged: …", which verify reports.
    bool signer_mismatch_ok = false;
    // Sign without asking the OCSP responder the certificate names whether it
    // is revoked (offline use; told through `warn`). Without it a revoked or
    // unknown certificate, or a responder that does not answer, is refused.
    bool no_revocation_check = false;
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
                 const std::string& tsa_url = {}, int timeout_seconds = default_timeout_seconds);

}  // namespace protokoll::sign
