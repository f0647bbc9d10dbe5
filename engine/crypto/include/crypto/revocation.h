// crypto: the closed sets a revocation judgement answers with (ltv::judge,
// and verify's report of it). Plain C++, no OpenSSL; their names as the
// reports write them come from to_string.
#pragma once

#include <string>

namespace protokoll::sign {

enum class RevocationStatus {
    NoData,   // "no data": nothing about the certificate
    Good,     // "good"
    Revoked,  // "revoked"
    Unknown,  // "unknown": evidence about the certificate that decides nothing
};

// What decided a revocation status.
enum class RevocationSource {
    None,  // "none"
    Ocsp,  // "ocsp"
    Crl,   // "crl"
};

std::string to_string(RevocationStatus status);
std::string to_string(RevocationSource source);

}  // namespace protokoll::sign
