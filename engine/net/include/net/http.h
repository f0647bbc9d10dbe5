// net: the little HTTP a signer needs — POST a time-stamp query
// (RFC 3161) or an OCSP request, GET a CRL. OpenSSL's own HTTP client
// (OSSL_HTTP_transfer, OpenSSL 3) does the work: no further library.
// Plain http:// only; an https:// address is refused with a clear message
// (time-stamp, OCSP and CRL services are plain HTTP by convention, their
// answers are signed).
#pragma once

#include <cstddef>
#include <string>

namespace protokoll::sign {

// How long one request to a time-stamp authority, an OCSP responder or a
// CRL server may take by default, in seconds (sign, seal and the CLI's
// --timeout). OpenSSL retries a refused connection until then.
constexpr int default_timeout_seconds = 30;

}  // namespace protokoll::sign

namespace protokoll::sign::http {

// Proxies: the http_proxy / no_proxy environment applies, except for loopback
// addresses (127.0.0.1, ::1, localhost), which are always reached directly.
// Throws Error(BadInput) naming the URL: for a malformed or https URL, and
// with OpenSSL's reason when the server cannot be reached or answers with an
// HTTP error, the wrong content type, an answer that is not DER (time-stamp
// and OCSP responses and CRLs all are) or more than `max_bytes`.
std::string post(const std::string& url, const std::string& content_type, const std::string& body,
                 const std::string& expected_content_type, int timeout_seconds = default_timeout_seconds,
                 size_t max_bytes = 1 << 20);
std::string get(const std::string& url, int timeout_seconds = default_timeout_seconds, size_t max_bytes = 16 << 20);

}  // namespace protokoll::sign::http
