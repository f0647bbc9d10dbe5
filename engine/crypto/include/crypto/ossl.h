// crypto: owning pointers for the OpenSSL objects sign and verify use,
// so that every early return and every exception frees them.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <string>

namespace protokoll::sign::ossl {

struct Free {
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(STACK_OF(X509)* p) const { sk_X509_pop_free(p, X509_free); }
    void operator()(PKCS12* p) const { PKCS12_free(p); }
    void operator()(ASN1_TIME* p) const { ASN1_TIME_free(p); }
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
    void operator()(ESS_SIGNING_CERT* p) const { ESS_SIGNING_CERT_free(p); }
    void operator()(ESS_SIGNING_CERT_V2* p) const { ESS_SIGNING_CERT_V2_free(p); }
};

template <class T>
using Ptr = std::unique_ptr<T, Free>;

// The queued OpenSSL errors as one line (and clears the queue), for messages
// that end up in an Error rather than on stderr.
inline std::string last_error() {
    std::string out;
    while (unsigned long code = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        if (!out.empty()) out += "; ";
        out += buf;
    }
    return out.empty() ? "unknown OpenSSL error" : out;
}

// An ASN.1 INTEGER (a certificate's or a token's serial number) in upper-case
// hex, as BN_bn2hex writes it; empty when there is none.
inline std::string serial_hex(const ASN1_INTEGER* n) {
    std::string out;
    if (!n) return out;
    Ptr<BIGNUM> bn(ASN1_INTEGER_to_BN(n, nullptr));
    if (char* hex = bn ? BN_bn2hex(bn.get()) : nullptr) {
        out = hex;
        OPENSSL_free(hex);
    }
    return out;
}

// The certificate subject's attribute `nid` as UTF-8; empty when it has none.
inline std::string subject_entry(X509* cert, int nid) {
    X509_NAME* subject = X509_get_subject_name(cert);
    int index = X509_NAME_get_index_by_NID(subject, nid, -1);
    if (index < 0) return {};
    unsigned char* utf8 = nullptr;
    int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    if (len < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
    OPENSSL_free(utf8);
    return out;
}

// The certificate subject's common name as UTF-8; empty when it has none.
inline std::string common_name(X509* cert) { return subject_entry(cert, NID_commonName); }

// RFC 2253 with UTF-8 left as UTF-8 (not \xx escaped): names like "Åsa Öberg".
inline std::string name_text(const X509_NAME* name) {
    Ptr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) return {};
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

}  // namespace protokoll::sign::ossl
