// crypto: who may sign a field with which certificate, shared by
// sign (which refuses) and verify (which reports). docs/signing.md, "What sign
// refuses to sign with" and "Whose field".
#pragma once

#include <openssl/x509.h>

#include <ctime>
#include <string>
#include <vector>

namespace protokoll::sign::detail {

// The names a certificate gives its subject, each a candidate for the
// person: every commonName, and the givenName(s) followed by the surname(s)
// when it has both (Swedish e-ID certificates carry them).
std::vector<std::string> certificate_person_names(X509* cert);

// Some name of `cert` is `person`'s (same_person in names.h).
bool certificate_names_person(X509* cert, const std::string& person);

// What sign checks before it signs `person`'s field with `cert` (read from
// `cert_file`): valid at `signing_time` (the claimed /M) and, when a
// time-stamp will be asked for, at `stamp_time` (now: the genTime verify will
// judge the chain at; 0 for none); a keyUsage, if any, that allows signing;
// a name that is `person`'s. Throws Error(BadInput) naming the file, the
// certificate and the time. A name that is not the person's passes only with
// `mismatch_ok`; then the result is the /Reason that records it (else "").
std::string check_signing_certificate(X509* cert, const std::string& cert_file, const std::string& person,
                                      std::time_t signing_time, std::time_t stamp_time, bool mismatch_ok);

// The /Reason sign writes with --signer-mismatch-ok, and whether a /Reason
// is one: it starts with "Signer mismatch acknowledged:".
std::string mismatch_reason(const std::string& signer, const std::string& person);
bool records_mismatch(const std::string& reason);

// The first certificate of `certs` that is not a CA's (the one a PKCS#12's
// key should belong to), nullptr when there is none.
X509* end_entity(STACK_OF(X509)* certs);

// The certificate's names as the messages quote them: "Kent Lagrell", or
// "Kent Olof Lagrell" / "Kent Lagrell"; "(no name)" when it has none.
std::string quoted_names(X509* cert);

}  // namespace protokoll::sign::detail
