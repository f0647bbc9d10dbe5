// sign: is the signer's certificate revoked? Asked before signing, of the
// OCSP responder the certificate names (docs/signing.md, "Revocation").
#pragma once

#include <openssl/x509.h>

#include <ctime>
#include <string>

namespace protokoll::sign::detail {

// When `cert` names an OCSP responder (authorityInfoAccess), asks it about
// `cert` (its issuer found in `chain`, the PKCS#12's or PEM's other
// certificates) and judges the answer at `when`; a certificate that names no
// responder has nothing to ask. Throws Error(BadInput):
// revoked (with time and reason), unknown to the responder, no answer, or
// the issuer not at hand — sign refuses all of them.
void check_not_revoked(X509* cert, STACK_OF(X509)* chain, std::time_t when, int timeout_seconds);

}  // namespace protokoll::sign::detail
