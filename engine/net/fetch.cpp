// The network half of revocation data and time-stamps: crypto makes the
// queries and checks the answers, http carries them.
#include "net/fetch.h"

#include "base/diagnostic.h"
#include "crypto/ltv.h"
#include "crypto/tsa.h"

namespace protokoll::sign::net {

std::string fetch_ocsp(X509* cert, X509* issuer, const std::string& url, int timeout_seconds) {
    const ltv::OcspQuery query = ltv::ocsp_query(cert, issuer);
    std::string answer;
    try {
        answer = http::post(url, "application/ocsp-request", query.der, "application/ocsp-response", timeout_seconds);
    } catch (const Error& e) {
        fail(SourceLocation{}, "no revocation data for " + ltv::describe(cert) + ": " + e.message());
    }
    ltv::ocsp_answer_check(query, cert, issuer, url, answer);
    return answer;
}

std::string fetch_crl(X509* cert, X509* issuer, const std::string& url, int timeout_seconds) {
    std::string body;
    try {
        body = http::get(url, timeout_seconds);
    } catch (const Error& e) {
        fail(SourceLocation{}, "no revocation data for " + ltv::describe(cert) + ": " + e.message());
    }
    ltv::fetch_crl_check(cert, issuer, url, body);
    return body;
}

std::string request_token(const std::string& url, const std::string& data, int timeout_seconds) {
    const tsa::TokenQuery query = tsa::token_query(data);
    const std::string reply =
        http::post(url, "application/timestamp-query", query.der, "application/timestamp-reply", timeout_seconds);
    return tsa::token_from_reply(query, url, reply, data);
}

}  // namespace protokoll::sign::net
