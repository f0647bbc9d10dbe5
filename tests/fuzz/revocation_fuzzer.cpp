// Fuzz target for the revocation data verify and seal judge (ltv.h): one DER
// object taken as an OCSP response, as a CRL, as an
// adbe-revocationInfoArchival value and as a certificate.
//   - ltv::judge of the test signers (sara, kent; issuer the test CA, pool
//     the CA and its OCSP responder) with the bytes as OCSP evidence, as CRL
//     evidence and as what read_revocation_archival finds in them, at times
//     before and long after the seeds were made;
//   - ocsp_signer_certificates, and fetch_crl_check (seal's check of a
//     fetched CRL: Error or nothing);
//   - as a certificate: its OCSP and CRL addresses, its chain, its names and
//     its revocation judged against itself as issuer.
//
// Contract: for any bytes, no crash, out-of-bounds access, leak, or
// exception other than protokoll::Error from fetch_crl_check.
// Seeds: tests/fuzz/corpus/revocation/ (the test PKI's OCSP responder and
// CRLs about tests/fuzz/pki/sara.der and kent.der).
#include "base/diagnostic.h"
#include "fuzz_support.h"
#include "pki.h"
#include "crypto/ltv.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace protokoll::sign;
    const protokoll::fuzz::Pki& pki = protokoll::fuzz::pki();
    const std::string der(reinterpret_cast<const char*>(data), size);

    ltv::Evidence as_ocsp, as_crl, archived;
    as_ocsp.ocsps.push_back(der);
    as_crl.crls.push_back(der);
    ltv::read_revocation_archival(der, archived);
    for (const std::string& item : archived.ocsps)
        if (item.size() > der.size()) std::abort();  // an element of `der` cannot be larger than it
    for (const std::string& item : archived.crls)
        if (item.size() > der.size()) std::abort();
    for (X509* cert : {pki.sara, pki.kent})
        for (const ltv::Evidence* evidence : {&as_ocsp, &as_crl, &archived})
            for (const std::time_t when : {std::time_t{1}, std::time_t{2000000000}}) {
                const ltv::Status status = ltv::judge(cert, pki.ca, *evidence, pki.pool, when);
                (void)ltv::iso_time(status.checked_at);
                (void)ltv::iso_time(status.revoked_at);
            }
    for (const std::string& signer : ltv::ocsp_signer_certificates(der, pki.pool))
        if (!ltv::certificate_from_der(signer)) std::abort();
    try {
        ltv::fetch_crl_check(pki.sara, pki.ca, "http://127.0.0.1/fuzz.crl", der);
    } catch (const protokoll::Error&) {
    }
    (void)ltv::vri_key(der);

    if (ossl::Ptr<X509> cert = ltv::certificate_from_der(der)) {
        (void)ltv::ocsp_urls(cert.get());
        (void)ltv::crl_urls(cert.get());
        (void)ltv::subject_of(cert.get());
        (void)ossl::common_name(cert.get());
        (void)ossl::name_text(X509_get_issuer_name(cert.get()));
        (void)ltv::iso_time(ltv::seconds_of(X509_get0_notAfter(cert.get())));
        (void)ltv::self_signed(cert.get());
        (void)ltv::der_of(cert.get());
        (void)ltv::build_chain(cert.get(), pki.pool);
        (void)ltv::judge(cert.get(), cert.get(), as_ocsp, pki.pool, 1);
    }
    return 0;
}
