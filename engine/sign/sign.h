// sign / verify: incremental CMS signatures (PoDoFo + OpenSSL) and their check.
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
// atomically. Throws Error(BadInput) for a missing field, an already signed
// field, a wrong password or an unreadable key.
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
    bool ok() const;          // every signed field verifies
};

VerifyReport verify_file(const std::string& path);

}  // namespace protokoll::sign
