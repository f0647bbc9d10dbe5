#include "crypto/trust.h"

#include "base/diagnostic.h"
#include "base/files.h"

#include <openssl/pem.h>

namespace protokoll::sign::trust {

ossl::Ptr<STACK_OF(X509)> read_anchors(const std::vector<std::string>& files) {
    ossl::Ptr<STACK_OF(X509)> out(sk_X509_new_null());
    for (const auto& file : files) {
        const std::string pem = read_file(file);
        ossl::Ptr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
        int count = 0;
        while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
            if (sk_X509_push(out.get(), cert) <= 0) X509_free(cert);
            ++count;
        }
        ERR_clear_error();
        if (count == 0) fail(SourceLocation{file, 0, 0}, "no PEM certificate in the trust file");
    }
    return out;
}

ossl::Ptr<X509_STORE> store_of(STACK_OF(X509)* anchors) {
    if (!anchors || sk_X509_num(anchors) == 0) return nullptr;
    ossl::Ptr<X509_STORE> store(X509_STORE_new());
    for (int i = 0; i < sk_X509_num(anchors); ++i) X509_STORE_add_cert(store.get(), sk_X509_value(anchors, i));
    ERR_clear_error();
    return store;
}

}  // namespace protokoll::sign::trust
