#include "net/http.h"

#include "base/diagnostic.h"
#include "crypto/ossl.h"

#include <openssl/http.h>

namespace protokoll::sign::http {
namespace {

struct Url {
    std::string host, port, path;
    bool loopback = false;
};

Url parse(const std::string& url) {
    int ssl = 0;
    char *host = nullptr, *port = nullptr, *path = nullptr, *query = nullptr;
    if (!OSSL_HTTP_parse_url(url.c_str(), &ssl, nullptr, &host, &port, nullptr, &path, &query, nullptr)) {
        ERR_clear_error();
        fail("not an http:// address: \"" + url + "\"");
    }
    Url out{host, port, path};
    if (query && *query) out.path += std::string("?") + query;
    OPENSSL_free(host);
    OPENSSL_free(port);
    OPENSSL_free(path);
    OPENSSL_free(query);
    if (ssl) fail(SourceLocation{}, "https is not supported for \"" + url + "\"", {"time-stamp, OCSP and CRL services answer on plain http:// (their answers are signed)"});
    out.loopback = out.host == "127.0.0.1" || out.host == "::1" || out.host == "[::1]" || out.host == "localhost";
    return out;
}

std::string read_all(BIO* bio) {
    std::string out;
    char buf[8192];
    int n;
    while ((n = BIO_read(bio, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
}

// "" disables the proxy; nullptr lets OpenSSL consult http_proxy / no_proxy.
//
// Every answer is read as DER (expect_asn1 = 1): OpenSSL then reads the whole
// body into memory by its ASN.1 length. With expect_asn1 = 0 OpenSSL 3.0
// hands back the connection to stream from, and body bytes that arrived with
// the headers (already read into its buffer) are lost: an empty answer, at
// random, about every second time against tests/tools/test-pki.py.
const char* proxy_for(const Url& url) { return url.loopback ? "" : nullptr; }

}  // namespace

std::string post(const std::string& url, const std::string& content_type, const std::string& body,
                 const std::string& expected_content_type, int timeout_seconds, size_t max_bytes) {
    Url where = parse(url);
    ossl::Ptr<BIO> request(BIO_new_mem_buf(body.data(), static_cast<int>(body.size())));
    ERR_clear_error();
    BIO* response = OSSL_HTTP_transfer(nullptr, where.host.c_str(), where.port.c_str(), where.path.c_str(), 0,
                                       proxy_for(where), nullptr, nullptr, nullptr, nullptr, nullptr, 0, nullptr,
                                       content_type.c_str(), request.get(),
                                       expected_content_type.empty() ? nullptr : expected_content_type.c_str(), 1,
                                       max_bytes, timeout_seconds, 0);
    if (!response) fail("HTTP POST to " + url + " failed: " + ossl::last_error());
    ossl::Ptr<BIO> owned(response);
    return read_all(response);
}

std::string get(const std::string& url, int timeout_seconds, size_t max_bytes) {
    Url where = parse(url);
    ERR_clear_error();
    BIO* response = OSSL_HTTP_get(url.c_str(), proxy_for(where), nullptr, nullptr, nullptr, nullptr, nullptr, 0,
                                  nullptr, nullptr, 1, max_bytes, timeout_seconds);
    if (!response) fail("HTTP GET of " + url + " failed: " + ossl::last_error());
    ossl::Ptr<BIO> owned(response);
    return read_all(response);
}

}  // namespace protokoll::sign::http
