// Fuzz target for verify's CMS path: a signature's DER as /Contents holds
// it, followed by the bytes its /ByteRange covers (fuzz_support.h,
// der_length), through detail::check_cms_der — d2i, the signer and its
// certificate, digest and signature (by hand and by CMS_verify), the
// signing-certificate-v2 attribute, the signature-time-stamp token, key
// usage, revocation from the CMS's CRLs and adbe-revocationInfoArchival —
// once without and once with the test CA as trust anchor; then the reports.
//
// Contract: for any bytes, the check fills a FieldReport and returns; no
// crash, out-of-bounds access, leak or exception.
// Seeds: tests/fuzz/corpus/cms/ (openssl cms -sign -cades over a short text,
// and the /Contents of the verify seeds).
#include "fuzz_support.h"
#include "pki.h"
#include "verify/check_cms.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace protokoll::sign;
    const protokoll::fuzz::Pki& pki = protokoll::fuzz::pki();
    const size_t split = protokoll::fuzz::der_length(data, size);
    const std::string der(reinterpret_cast<const char*>(data), split);
    const std::string content(reinterpret_cast<const char*>(data) + split, size - split);
    for (const bool trusted : {false, true}) {
        VerifyReport report;
        report.trust_judged = trusted;
        FieldReport field;
        field.field = "fuzz";
        field.signed_ = true;
        field.time = "D:20261203120000Z";
        // The whole /Contents, as verify passes it: the DER and what follows.
        detail::check_cms_der(field, der + content, content, trusted ? pki.store : nullptr,
                              trusted ? pki.anchors : nullptr);
        report.fields.push_back(std::move(field));
        (void)report.reasons();
        (void)report_json(report, "fuzz.pdf");
        (void)report_text(report, "fuzz.pdf");
    }
    return 0;
}
