// Fuzz target for the RFC 3161 time-stamp token check: a DER token followed
// by the data it stamps (fuzz_support.h, der_length), through
// tsa::inspect_token — d2i of the CMS and its TSTInfo, genTime, serial,
// policy, the message imprint, the signer and its certificate, CMS_verify,
// the ESS signing-certificate attribute and the TSA certificate's purpose —
// as verify calls it for signature-time-stamps and document timestamps.
// The token's certificates are then parsed back and their chain built, as
// verify does before judging the TSA.
//
// Contract: for any bytes, inspect_token returns a TokenInfo; no crash,
// out-of-bounds access, leak or exception.
// Seeds: tests/fuzz/corpus/tsa/ (openssl ts -reply of the test TSA, and the
// document timestamp of a sealed seed).
#include "fuzz_support.h"
#include "pki.h"
#include "crypto/ltv.h"
#include "crypto/tsa.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace protokoll::sign;
    const protokoll::fuzz::Pki& pki = protokoll::fuzz::pki();
    const size_t split = protokoll::fuzz::der_length(data, size);
    const std::string token(reinterpret_cast<const char*>(data), split);
    const std::string stamped(reinterpret_cast<const char*>(data) + split, size - split);
    const tsa::TokenInfo info = tsa::inspect_token(token, stamped);
    (void)ltv::iso_time(info.time);
    ossl::Ptr<STACK_OF(X509)> certs(sk_X509_new_null());
    for (const std::string& der : info.certificates_der) {
        ossl::Ptr<X509> cert = ltv::certificate_from_der(der);
        if (!cert) std::abort();  // inspect_token wrote it from a parsed certificate
        (void)ltv::subject_of(cert.get());
        if (sk_X509_push(certs.get(), cert.get()) > 0) cert.release();
    }
    if (sk_X509_num(certs.get()) > 0) {
        X509_up_ref(pki.ca);
        if (sk_X509_push(certs.get(), pki.ca) <= 0) X509_free(pki.ca);
        (void)ltv::build_chain(sk_X509_value(certs.get(), 0), certs.get());
    }
    return 0;
}
