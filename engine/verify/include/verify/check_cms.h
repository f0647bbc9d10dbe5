// verify: verify's check of one signature's CMS on its own, for
// the CMS fuzz target (tests/fuzz/cms_fuzzer.cpp) — the part of verify_file
// that reads a /Contents DER, without a PDF around it.
#pragma once

#include "verify/verify.h"

#include <openssl/x509_vfy.h>

#include <string>

namespace protokoll::sign::detail {

// What verify_file does with a signature's DER (`der`, zero padding after
// it allowed) and the bytes its /ByteRange covers (`content`): digest and
// signature, the signing-certificate attribute, the signature-time-stamp,
// key usage, revocation from the CMS's own CRLs and revocation archival
// attribute (no /DSS here) and, with `store`, the chains. `anchors` are the
// store's certificates (for the revocation chain); either may be null.
void check_cms_der(FieldReport& report, const std::string& der, const std::string& content, X509_STORE* store,
                   STACK_OF(X509)* anchors);

}  // namespace protokoll::sign::detail
