// The test PKI's certificates the DER seeds were made with
// (tests/fuzz/pki/*.der, one run of seeds/make-seeds.sh), loaded once.
#pragma once

#include "fuzz_support.h"
#include "crypto/ltv.h"

#include <openssl/x509_vfy.h>

#include <cstdlib>

namespace protokoll::fuzz {

struct Pki {
    X509* ca = nullptr;
    X509* sara = nullptr;   // a signer, "good" in the seeds until her revocation
    X509* kent = nullptr;   // a signer revoked in the seeds
    X509* ocsp = nullptr;   // the CA's OCSP responder
    X509* tsa = nullptr;
    X509_STORE* store = nullptr;        // the CA as trust anchor
    STACK_OF(X509)* anchors = nullptr;  // the CA
    STACK_OF(X509)* pool = nullptr;     // CA and responder: who may have signed OCSP responses
};

inline const Pki& pki() {
    static const Pki loaded = [] {
        auto load = [](const char* name) {
            X509* cert = sign::ltv::certificate_from_der(read_all(source_dir() + "/tests/fuzz/pki/" + name)).release();
            if (!cert) std::abort();
            return cert;
        };
        Pki p;
        p.ca = load("ca.der");
        p.sara = load("sara.der");
        p.kent = load("kent.der");
        p.ocsp = load("ocsp.der");
        p.tsa = load("tsa.der");
        p.store = X509_STORE_new();
        X509_STORE_add_cert(p.store, p.ca);
        p.anchors = sk_X509_new_null();
        X509_up_ref(p.ca);
        sk_X509_push(p.anchors, p.ca);
        p.pool = sk_X509_new_null();
        X509_up_ref(p.ca);
        sk_X509_push(p.pool, p.ca);
        X509_up_ref(p.ocsp);
        sk_X509_push(p.pool, p.ocsp);
        return p;
    }();
    return loaded;
}

}  // namespace protokoll::fuzz
