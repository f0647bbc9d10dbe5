// Fuzz target for `protokoll verify`: arbitrary bytes as a PDF file, through
// the library as the CLI calls it (verify_file, then both reports).
//
// Contract: for any bytes, verify_file returns a report or throws
// protokoll::Error (not a PDF at all); it never crashes, hangs, reads or
// writes out of bounds, leaks, or throws anything else. The reports are
// written for every input (their escaping of names from the file is our
// code too).
//
// Built twice from this file: verify_fuzzer without trust anchors, and with
// PROTOKOLL_FUZZ_TRUST (verify_trust_fuzzer) with the test CA of
// tests/fuzz/pki/ca.der as --trust, so that chains are built and judged
// (and a CA-signed file's revocation data is judged against it). The seeds
// (tests/fuzz/corpus/verify/) were signed by that CA: see seeds/make-seeds.sh.
#include "base/diagnostic.h"
#include "fuzz_support.h"
#include "verify/verify.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

#ifdef PROTOKOLL_FUZZ_TRUST
// The test CA as a PEM trust file (verify reads --trust files as PEM).
const std::string& trust_file() {
    static protokoll::fuzz::ScratchFile file("-ca.pem");
    static bool written = false;
    if (!written) {
        const std::string der = protokoll::fuzz::read_all(protokoll::fuzz::source_dir() + "/tests/fuzz/pki/ca.der");
        const auto* p = reinterpret_cast<const unsigned char*>(der.data());
        X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
        BIO* bio = BIO_new(BIO_s_mem());
        if (!cert || !bio || PEM_write_bio_X509(bio, cert) != 1) std::abort();
        char* pem = nullptr;
        const long len = BIO_get_mem_data(bio, &pem);
        file.write(reinterpret_cast<const uint8_t*>(pem), static_cast<size_t>(len));
        BIO_free(bio);
        X509_free(cert);
        written = true;
    }
    return file.path();
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static protokoll::fuzz::ScratchFile pdf(".pdf");
    protokoll::sign::VerifyOptions options;
#ifdef PROTOKOLL_FUZZ_TRUST
    options.trust_files.push_back(trust_file());
#endif
    const std::string& path = pdf.write(data, size);
    try {
        const protokoll::sign::VerifyReport report = protokoll::sign::verify_file(path, options);
        (void)report.ok();
        (void)protokoll::sign::report_json(report, "fuzz.pdf");
        (void)protokoll::sign::report_text(report, "fuzz.pdf");
    } catch (const protokoll::Error&) {
    }
    return 0;
}
