// sign / verify: incremental CMS signatures (PoDoFo + OpenSSL) and their check.
// verify checks integrity only (digest, signature, coverage); whether the
// signer's certificate is trusted is not judged here.
#pragma once

#include <ctime>
#include <string>
#include <vector>

namespace protokoll::sign {

struct SignOptions {
    std::string field;        // name of an existing, empty signature field
    std::string p12_path;     // PKCS#12 with key and certificate
    std::string password;     // read by the CLI from a file, never the command line
    std::time_t time = 0;     // signing time written to /M; 0 = now
};

// Reads `input`, appends an incremental update signing `field`, writes `output`
// atomically (on any error `output` is not written). The output starts with
// the input's exact bytes, so earlier signatures stay valid. The signature is a
// detached CAdES CMS (SHA-256, /SubFilter /ETSI.CAdES.detached) with the
// certificate chain from the PKCS#12; /AcroForm /SigFlags becomes 3 and /Info
// is left as it was. Throws Error(BadInput) for a missing field (the message
// lists the fields there are), an already signed field, a wrong password
// ("wrong password for <p12_path>") or an unreadable key or PDF.
void sign_file(const std::string& input, const std::string& output, const SignOptions& options);

struct FieldReport {
    std::string field;
    bool signed_ = false;
    std::string signer;       // certificate subject common name
    std::string time;         // /M as written, e.g. D:20260101120000+01'00'
    bool digest_ok = false;   // message digest matches the signed byte ranges
    bool signature_ok = false;// CMS signature verifies with the signer's certificate
    bool covers_revision = false; // byte range covers the file up to the end of its revision
    std::string problem;      // why it failed, empty when fine
};

struct VerifyReport {
    std::vector<FieldReport> fields;
    // File-level damage that no single field shows, e.g. bytes after the last
    // %%EOF (a truncated or half-written update); empty when fine.
    std::string problem;
    // The newest signature covers the file to its end (trailing whitespace
    // allowed): nothing was appended after the last signing. False when unsigned.
    bool last_covers_file = false;
    // Every signed field verifies, no field reports a problem and `problem` is
    // empty. True for a file with no signatures at all: look at `signed_`.
    bool ok() const;
};

VerifyReport verify_file(const std::string& path);

}  // namespace protokoll::sign
