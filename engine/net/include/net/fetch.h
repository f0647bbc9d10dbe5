// net: what seal and sign ask services on the network for — OCSP responses,
// CRLs and RFC 3161 time-stamp tokens. The queries are made and the answers
// checked in crypto (crypto/ltv.h, crypto/tsa.h); this sends them (http.h).
// verify never links this: it judges only what the file holds.
#pragma once

#include "net/http.h"

#include <openssl/x509.h>

#include <string>

namespace protokoll::sign::net {

// Asks the OCSP responder at `url` about `cert` (a request with a nonce,
// POSTed as application/ocsp-request) and checks the answer
// (ltv::ocsp_answer_check). Returns the DER OCSPResponse. Throws
// Error(BadInput) naming the certificate and the URL.
std::string fetch_ocsp(X509* cert, X509* issuer, const std::string& url, int timeout_seconds);

// GETs the CRL at `url` (DER, RFC 5280 4.2.1.13) and checks that `issuer`
// issued and signed it (ltv::fetch_crl_check). Returns the DER CRL. Throws
// Error(BadInput) naming the certificate and the URL.
std::string fetch_crl(X509* cert, X509* issuer, const std::string& url, int timeout_seconds);

// Asks the TSA at `url` (plain http://) for a token over the SHA-256 of
// `data` (tsa::token_query) and checks the answer (tsa::token_from_reply).
// Returns the DER TimeStampToken. Throws Error(BadInput) naming the URL and
// what is wrong. `timeout_seconds` bounds the whole exchange.
std::string request_token(const std::string& url, const std::string& data,
                          int timeout_seconds = default_timeout_seconds);

}  // namespace protokoll::sign::net
