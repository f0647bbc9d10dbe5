// A signer's PKCS#12 file, opened with key derivations of our own.
//
// A PKCS#12 file of today's profile (what `openssl pkcs12 -export` writes,
// and the e-ID exports alike) protects its MAC with the PKCS#12 KDF and
// each encrypted part (the certificates, the key) with PBES2: PBKDF2 of 2 048
// HMAC iterations, or more. OpenSSL 3 runs every HMAC iteration through its
// provider machinery (copying three digest contexts each time): 50 M
// instructions of a signing process's 106 M went to opening the file. Here
// each iteration is two SHA compressions from precomputed HMAC states
// (SHA-1 and SHA-256 below EVP: deprecated since 3.0, in every 3.x, as in
// base/files.cpp), the MAC key a chain of plain digests; the rest, ASN.1
// and AES-CBC, is OpenSSL's. The result is what PKCS12_parse gives, split
// the same way (the certificate the key belongs to, the others in order).
// Whatever is not that profile, or fails (a wrong password, a damaged
// file), goes to PKCS12_parse itself, so its behaviour and its errors stay
// the reference.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "crypto/pkcs12.h"

#include <openssl/crypto.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace protokoll::sign {
namespace {

// More iterations than this are left to OpenSSL (a file that asks for them
// costs that much either way).
constexpr long MAX_ITERATIONS = 10'000'000;

void put_be32(unsigned char* out, uint32_t v) {
    for (int k = 0; k < 4; ++k) out[k] = static_cast<unsigned char>(v >> (24 - 8 * k));
}

// A hash below EVP, and its compression of one block (`transform`) and the
// chaining value as a digest (`state`), for inputs of one block's room.
struct Sha1 {
    using Context = SHA_CTX;
    static constexpr size_t SIZE = SHA_DIGEST_LENGTH, BLOCK = SHA_CBLOCK;
    static void init(Context& c) { SHA1_Init(&c); }
    static void update(Context& c, const void* data, size_t n) { SHA1_Update(&c, data, n); }
    static void final(unsigned char* out, Context& c) { SHA1_Final(out, &c); }
    static void transform(Context& c, const unsigned char* block) { SHA1_Transform(&c, block); }
    static void state(const Context& c, unsigned char* out) {
        const SHA_LONG h[] = {c.h0, c.h1, c.h2, c.h3, c.h4};
        for (int i = 0; i < 5; ++i) put_be32(out + 4 * i, h[i]);
    }
};

struct Sha256 {
    using Context = SHA256_CTX;
    static constexpr size_t SIZE = SHA256_DIGEST_LENGTH, BLOCK = SHA256_CBLOCK;
    static void init(Context& c) { SHA256_Init(&c); }
    static void update(Context& c, const void* data, size_t n) { SHA256_Update(&c, data, n); }
    static void final(unsigned char* out, Context& c) { SHA256_Final(out, &c); }
    static void transform(Context& c, const unsigned char* block) { SHA256_Transform(&c, block); }
    static void state(const Context& c, unsigned char* out) {
        for (int i = 0; i < 8; ++i) put_be32(out + 4 * i, c.h[i]);
    }
};

// The last block of a message whose final H::SIZE bytes fill its start and
// whose whole length is `length` bytes: the digest there, the padding
// (0x80, zeros, the length in bits, big-endian) after it.
template <class H>
struct FinalBlock {
    explicit FinalBlock(uint64_t length) {
        bytes[H::SIZE] = 0x80;
        for (int k = 0; k < 8; ++k) bytes[H::BLOCK - 1 - k] = static_cast<unsigned char>((length * 8) >> (8 * k));
    }
    unsigned char bytes[H::BLOCK] = {};
};

// HMAC (RFC 2104) with the key's inner and outer states computed once.
template <class H>
class Hmac {
public:
    explicit Hmac(std::string_view key) {
        unsigned char block[H::BLOCK] = {};
        if (key.size() > H::BLOCK) {
            typename H::Context c;
            H::init(c);
            H::update(c, key.data(), key.size());
            H::final(block, c);
            OPENSSL_cleanse(&c, sizeof c);
        } else {
            std::memcpy(block, key.data(), key.size());
        }
        unsigned char pad[H::BLOCK];
        for (size_t i = 0; i < H::BLOCK; ++i) pad[i] = block[i] ^ 0x36;
        H::init(m_inner);
        H::update(m_inner, pad, sizeof pad);
        for (size_t i = 0; i < H::BLOCK; ++i) pad[i] = block[i] ^ 0x5c;
        H::init(m_outer);
        H::update(m_outer, pad, sizeof pad);
        OPENSSL_cleanse(block, sizeof block);
        OPENSSL_cleanse(pad, sizeof pad);
    }
    ~Hmac() {
        OPENSSL_cleanse(&m_inner, sizeof m_inner);
        OPENSSL_cleanse(&m_outer, sizeof m_outer);
        OPENSSL_cleanse(m_block.bytes, H::SIZE);
    }
    Hmac(const Hmac&) = delete;
    Hmac& operator=(const Hmac&) = delete;

    // The MAC of one digest's worth of bytes, `out` (H::SIZE bytes) may be
    // `data`: two compressions from the stored states, no padding work
    // beyond copying the digest in (PBKDF2's every iteration).
    void mac_digest(const unsigned char* data, unsigned char* out) const {
        std::memcpy(m_block.bytes, data, H::SIZE);
        typename H::Context c = m_inner;
        H::transform(c, m_block.bytes);
        H::state(c, m_block.bytes);
        c = m_outer;
        H::transform(c, m_block.bytes);
        H::state(c, out);
    }

    // `out` (H::SIZE bytes) may be `data`.
    void mac(const void* data, size_t n, unsigned char* out) const {
        unsigned char inner[H::SIZE];
        typename H::Context c = m_inner;
        H::update(c, data, n);
        H::final(inner, c);
        c = m_outer;
        H::update(c, inner, sizeof inner);
        H::final(out, c);
        OPENSSL_cleanse(&c, sizeof c);
    }

private:
    typename H::Context m_inner, m_outer;
    mutable FinalBlock<H> m_block{H::BLOCK + H::SIZE};  // after the key's pad block
};

// PBKDF2 (RFC 8018 § 5.2) with HMAC-H.
template <class H>
std::string pbkdf2(std::string_view password, std::string_view salt, long iterations, size_t length) {
    const Hmac<H> prf(password);
    std::string out;
    std::string first(salt);
    first.append(4, '\0');
    for (uint32_t index = 1; out.size() < length; ++index) {
        for (int k = 0; k < 4; ++k) first[salt.size() + k] = static_cast<char>(index >> (24 - 8 * k));
        unsigned char u[H::SIZE], t[H::SIZE];
        prf.mac(first.data(), first.size(), u);
        std::memcpy(t, u, sizeof t);
        for (long i = 1; i < iterations; ++i) {
            prf.mac_digest(u, u);
            for (size_t b = 0; b < H::SIZE; ++b) t[b] ^= u[b];
        }
        out.append(reinterpret_cast<const char*>(t), std::min(H::SIZE, length - out.size()));
        OPENSSL_cleanse(u, sizeof u);
        OPENSSL_cleanse(t, sizeof t);
    }
    return out;
}

// The MAC key (RFC 7292 appendix B.2, ID 3, one digest long): the digest,
// `iterations` times over, of D || S || P, D 64 bytes of 3, S the salt and P
// the password (BMPString with its two zero bytes) each repeated to a
// whole number of 64-byte blocks.
template <class H>
std::string pkcs12_mac_key(std::string_view bmp_password, std::string_view salt, long iterations) {
    std::string input(H::BLOCK, '\3');
    for (std::string_view part : {salt, bmp_password}) {
        if (part.empty()) continue;
        const size_t length = (part.size() + H::BLOCK - 1) / H::BLOCK * H::BLOCK;
        for (size_t i = 0; i < length; ++i) input += part[i % part.size()];
    }
    unsigned char digest[H::SIZE];
    typename H::Context c;
    H::init(c);
    H::update(c, input.data(), input.size());
    H::final(digest, c);
    FinalBlock<H> block(H::SIZE);  // a digest of a digest: one block
    for (long i = 1; i < iterations; ++i) {
        std::memcpy(block.bytes, digest, H::SIZE);
        H::init(c);
        H::transform(c, block.bytes);
        H::state(c, digest);
    }
    OPENSSL_cleanse(block.bytes, H::SIZE);
    OPENSSL_cleanse(&input[0], input.size());
    std::string out(reinterpret_cast<const char*>(digest), sizeof digest);
    OPENSSL_cleanse(digest, sizeof digest);
    return out;
}

// The password as PKCS#12's MAC takes it: UTF-16BE and two zero bytes, as
// OpenSSL converts valid UTF-8; none for a character beyond the BMP.
std::optional<std::string> bmp_password(const std::string& utf8) {
    std::string out;
    for (size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const int extra = lead < 0x80 ? 0 : (lead & 0xE0) == 0xC0 ? 1 : (lead & 0xF0) == 0xE0 ? 2 : -1;
        if (extra < 0 || i + static_cast<size_t>(extra) >= utf8.size()) return std::nullopt;  // 4 bytes: beyond the BMP
        uint32_t c = extra == 0 ? lead : extra == 1 ? (lead & 0x1F) : (lead & 0x0F);
        for (int k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(utf8[i + k]);
            if ((next & 0xC0) != 0x80) return std::nullopt;
            c = (c << 6) | (next & 0x3F);
        }
        const uint32_t least = extra == 0 ? 0 : extra == 1 ? 0x80 : 0x800;
        if (c < least || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
        out += static_cast<char>(c >> 8);
        out += static_cast<char>(c & 0xFF);
        i += 1 + static_cast<size_t>(extra);
    }
    out.append(2, '\0');
    return out;
}

std::string_view bytes(const ASN1_STRING* s) {
    return s ? std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), static_cast<size_t>(ASN1_STRING_length(s)))
             : std::string_view();
}

struct FreeContent {
    void operator()(PKCS7* p) const { PKCS7_free(p); }
};

// The authenticated safe's content octets, which the MAC covers: PFX ::=
// SEQUENCE { version INTEGER, authSafe ContentInfo (data), macData ... }.
// OpenSSL keeps them inside its PKCS12, which it does not show.
std::optional<std::string> authenticated_safe(std::string_view der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    const unsigned char* const end = p + der.size();
    long length = 0;
    int tag = 0, cls = 0;
    int r = ASN1_get_object(&p, &length, &tag, &cls, end - p);
    if (r != V_ASN1_CONSTRUCTED || tag != V_ASN1_SEQUENCE) return std::nullopt;  // also refuses indefinite lengths
    const unsigned char* q = p;
    r = ASN1_get_object(&q, &length, &tag, &cls, end - q);
    if (r != 0 || tag != V_ASN1_INTEGER || length > end - q) return std::nullopt;
    q += length;
    std::unique_ptr<PKCS7, FreeContent> content(d2i_PKCS7(nullptr, &q, end - q));
    if (!content || OBJ_obj2nid(content->type) != NID_pkcs7_data || !content->d.data) return std::nullopt;
    return std::string(bytes(content->d.data));
}

template <class H>
bool mac_matches(std::string_view bmp, std::string_view salt, long iterations, std::string_view data,
                 std::string_view expected) {
    if (expected.size() != H::SIZE) return false;
    const std::string key = pkcs12_mac_key<H>(bmp, salt, iterations);
    unsigned char mac[H::SIZE];
    Hmac<H>(key).mac(data.data(), data.size(), mac);
    return CRYPTO_memcmp(mac, expected.data(), H::SIZE) == 0;
}

// The MAC checked as PKCS12_parse checks it. A file without one is left to
// PKCS12_parse, which in OpenSSL 3.0 refuses it when given a password.
bool mac_verified(PKCS12* p12, std::string_view der, const std::string& bmp) {
    if (!PKCS12_mac_present(p12)) return false;
    const ASN1_OCTET_STRING* mac = nullptr;
    const X509_ALGOR* algorithm = nullptr;
    const ASN1_OCTET_STRING* salt = nullptr;
    const ASN1_INTEGER* iter = nullptr;
    PKCS12_get0_mac(&mac, &algorithm, &salt, &iter, p12);
    if (!mac || !algorithm || !salt) return false;
    const ASN1_OBJECT* object = nullptr;
    X509_ALGOR_get0(&object, nullptr, nullptr, algorithm);
    const long iterations = iter ? ASN1_INTEGER_get(iter) : 1;
    if (iterations < 1 || iterations > MAX_ITERATIONS) return false;
    const std::optional<std::string> data = authenticated_safe(der);
    if (!data) return false;
    switch (OBJ_obj2nid(object)) {
    case NID_sha1: return mac_matches<Sha1>(bmp, bytes(salt), iterations, *data, bytes(mac));
    case NID_sha256: return mac_matches<Sha256>(bmp, bytes(salt), iterations, *data, bytes(mac));
    default: return false;
    }
}

struct FreePbe2 {
    void operator()(PBE2PARAM* p) const { PBE2PARAM_free(p); }
    void operator()(PBKDF2PARAM* p) const { PBKDF2PARAM_free(p); }
    void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};

// The plaintext of `data` encrypted under PBES2 (PBKDF2 with HMAC-SHA-1 or
// SHA-256, AES-CBC); none for another scheme or when decryption fails.
std::optional<std::string> pbes2_decrypt(const X509_ALGOR* algorithm, std::string_view data,
                                         const std::string& password) {
    if (!algorithm || OBJ_obj2nid(algorithm->algorithm) != NID_pbes2 || !algorithm->parameter) return std::nullopt;
    std::unique_ptr<PBE2PARAM, FreePbe2> scheme(
        static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), algorithm->parameter)));
    if (!scheme || !scheme->keyfunc || !scheme->encryption || OBJ_obj2nid(scheme->keyfunc->algorithm) != NID_id_pbkdf2 ||
        !scheme->keyfunc->parameter)
        return std::nullopt;
    std::unique_ptr<PBKDF2PARAM, FreePbe2> kdf(
        static_cast<PBKDF2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), scheme->keyfunc->parameter)));
    if (!kdf || !kdf->salt || kdf->salt->type != V_ASN1_OCTET_STRING || !kdf->iter) return std::nullopt;
    const EVP_CIPHER* cipher = nullptr;
    switch (OBJ_obj2nid(scheme->encryption->algorithm)) {
    case NID_aes_128_cbc: cipher = EVP_aes_128_cbc(); break;
    case NID_aes_192_cbc: cipher = EVP_aes_192_cbc(); break;
    case NID_aes_256_cbc: cipher = EVP_aes_256_cbc(); break;
    default: return std::nullopt;
    }
    const ASN1_TYPE* iv = scheme->encryption->parameter;
    if (!cipher || !iv || iv->type != V_ASN1_OCTET_STRING ||
        ASN1_STRING_length(iv->value.octet_string) != EVP_CIPHER_get_iv_length(cipher))
        return std::nullopt;
    const size_t key_length = static_cast<size_t>(EVP_CIPHER_get_key_length(cipher));
    if (kdf->keylength && ASN1_INTEGER_get(kdf->keylength) != static_cast<long>(key_length)) return std::nullopt;
    const long iterations = ASN1_INTEGER_get(kdf->iter);
    if (iterations < 1 || iterations > MAX_ITERATIONS) return std::nullopt;
    const std::string_view salt = bytes(kdf->salt->value.octet_string);
    std::string key;
    switch (kdf->prf ? OBJ_obj2nid(kdf->prf->algorithm) : NID_hmacWithSHA1) {
    case NID_hmacWithSHA1: key = pbkdf2<Sha1>(password, salt, iterations, key_length); break;
    case NID_hmacWithSHA256: key = pbkdf2<Sha256>(password, salt, iterations, key_length); break;
    default: return std::nullopt;
    }
    std::unique_ptr<EVP_CIPHER_CTX, FreePbe2> context(EVP_CIPHER_CTX_new());
    std::string plain(data.size() + static_cast<size_t>(EVP_CIPHER_get_block_size(cipher)), '\0');
    int written = 0, last = 0;
    const bool ok =
        context && data.size() <= static_cast<size_t>(INT32_MAX) &&
        EVP_DecryptInit_ex(context.get(), cipher, nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                           ASN1_STRING_get0_data(iv->value.octet_string)) == 1 &&
        EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(&plain[0]), &written,
                          reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size())) == 1 &&
        EVP_DecryptFinal_ex(context.get(), reinterpret_cast<unsigned char*>(&plain[0]) + written, &last) == 1;
    OPENSSL_cleanse(&key[0], key.size());
    if (!ok) {
        OPENSSL_cleanse(&plain[0], plain.size());
        return std::nullopt;
    }
    plain.resize(static_cast<size_t>(written + last));
    return plain;
}

struct FreeBags {
    void operator()(STACK_OF(PKCS7)* p) const { sk_PKCS7_pop_free(p, PKCS7_free); }
    void operator()(STACK_OF(PKCS12_SAFEBAG)* p) const { sk_PKCS12_SAFEBAG_pop_free(p, PKCS12_SAFEBAG_free); }
    void operator()(PKCS8_PRIV_KEY_INFO* p) const { PKCS8_PRIV_KEY_INFO_free(p); }
};

// The key of a PKCS#8 structure. An RSA key is read by the RSAPrivateKey
// template itself (deprecated since 3.0, like the digests above):
// EVP_PKCS82PKEY builds an OSSL_DECODER chain for it, 4.1 M instructions
// of a signing process's 94 M; anything else goes to EVP_PKCS82PKEY.
EVP_PKEY* private_key(const PKCS8_PRIV_KEY_INFO* info) {
    const ASN1_OBJECT* type = nullptr;
    const unsigned char* der = nullptr;
    int length = 0;
    const X509_ALGOR* algorithm = nullptr;
    if (!PKCS8_pkey_get0(&type, &der, &length, &algorithm, info) || OBJ_obj2nid(type) != NID_rsaEncryption)
        return EVP_PKCS82PKEY(info);
    const unsigned char* const end = der + length;
    RSA* rsa = d2i_RSAPrivateKey(nullptr, &der, length);
    if (!rsa || der != end) {
        RSA_free(rsa);
        return EVP_PKCS82PKEY(info);  // its error, its result
    }
    EVP_PKEY* key = EVP_PKEY_new();
    if (!key || !EVP_PKEY_assign_RSA(key, rsa)) {
        EVP_PKEY_free(key);
        RSA_free(rsa);
        return nullptr;
    }
    return key;
}

// What parse_bag in OpenSSL's p12_kiss.c takes from a bag: the first key,
// every X.509 certificate with its localKeyID and friendlyName. False for
// what this reader leaves to OpenSSL (nested safe contents, an attribute
// of an unexpected type, a key it cannot decrypt).
bool read_bag(PKCS12_SAFEBAG* bag, const std::string& password, ossl::Ptr<EVP_PKEY>& key,
              std::vector<ossl::Ptr<X509>>& certificates) {
    const ASN1_BMPSTRING* name = nullptr;
    const ASN1_OCTET_STRING* key_id = nullptr;
    if (const ASN1_TYPE* a = PKCS12_SAFEBAG_get0_attr(bag, NID_friendlyName)) {
        if (a->type != V_ASN1_BMPSTRING) return false;
        name = a->value.bmpstring;
    }
    if (const ASN1_TYPE* a = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID)) {
        if (a->type != V_ASN1_OCTET_STRING) return false;
        key_id = a->value.octet_string;
    }
    switch (PKCS12_SAFEBAG_get_nid(bag)) {
    case NID_keyBag:
        if (key) return true;
        key.reset(private_key(PKCS12_SAFEBAG_get0_p8inf(bag)));
        return key != nullptr;
    case NID_pkcs8ShroudedKeyBag: {
        if (key) return true;
        const X509_SIG* shrouded = PKCS12_SAFEBAG_get0_pkcs8(bag);
        if (!shrouded) return false;
        const X509_ALGOR* algorithm = nullptr;
        const ASN1_OCTET_STRING* data = nullptr;
        X509_SIG_get0(shrouded, &algorithm, &data);
        std::optional<std::string> plain = pbes2_decrypt(algorithm, bytes(data), password);
        if (!plain) return false;
        const auto* p = reinterpret_cast<const unsigned char*>(plain->data());
        std::unique_ptr<PKCS8_PRIV_KEY_INFO, FreeBags> info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(plain->size())));
        OPENSSL_cleanse(&(*plain)[0], plain->size());
        if (!info) return false;
        key.reset(private_key(info.get()));
        return key != nullptr;
    }
    case NID_certBag: {
        if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate) return true;
        ossl::Ptr<X509> certificate(PKCS12_SAFEBAG_get1_cert(bag));
        if (!certificate) return false;
        if (key_id && !X509_keyid_set1(certificate.get(), key_id->data, key_id->length)) return false;
        if (name) {
            unsigned char* utf8 = nullptr;
            const int length = ASN1_STRING_to_UTF8(&utf8, name);
            if (length >= 0) {
                const int set = X509_alias_set1(certificate.get(), utf8, length);
                OPENSSL_free(utf8);
                if (!set) return false;
            }
        }
        certificates.push_back(std::move(certificate));
        return true;
    }
    case NID_safeContentsBag: return false;
    default: return true;
    }
}

// The whole file read here; false leaves it to PKCS12_parse.
bool read_here(PKCS12* p12, std::string_view der, const std::string& password, ossl::Ptr<EVP_PKEY>& key,
               std::vector<ossl::Ptr<X509>>& certificates) {
    if (password.empty()) return false;  // no password or the empty one: PKCS12_parse tells them apart
    const std::optional<std::string> bmp = bmp_password(password);
    if (!bmp || !mac_verified(p12, der, *bmp)) return false;
    std::unique_ptr<STACK_OF(PKCS7), FreeBags> safes(PKCS12_unpack_authsafes(p12));
    if (!safes) return false;
    for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
        PKCS7* safe = sk_PKCS7_value(safes.get(), i);
        std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), FreeBags> bags;
        switch (OBJ_obj2nid(safe->type)) {
        case NID_pkcs7_data: bags.reset(PKCS12_unpack_p7data(safe)); break;
        case NID_pkcs7_encrypted: {
            const PKCS7_ENC_CONTENT* content = safe->d.encrypted ? safe->d.encrypted->enc_data : nullptr;
            if (!content || !content->enc_data) return false;
            std::optional<std::string> plain = pbes2_decrypt(content->algorithm, bytes(content->enc_data), password);
            if (!plain) return false;
            const auto* p = reinterpret_cast<const unsigned char*>(plain->data());
            bags.reset(reinterpret_cast<STACK_OF(PKCS12_SAFEBAG)*>(
                ASN1_item_d2i(nullptr, &p, static_cast<long>(plain->size()), ASN1_ITEM_rptr(PKCS12_SAFEBAGS))));
            OPENSSL_cleanse(&(*plain)[0], plain->size());
            break;
        }
        default: continue;
        }
        if (!bags) return false;
        for (int b = 0; b < sk_PKCS12_SAFEBAG_num(bags.get()); ++b)
            if (!read_bag(sk_PKCS12_SAFEBAG_value(bags.get(), b), password, key, certificates)) return false;
    }
    return true;
}

}  // namespace

int parse_pkcs12(PKCS12* p12, std::string_view der, const std::string& password, EVP_PKEY** key, X509** cert,
                 STACK_OF(X509)** chain, bool* read_here_out) {
    *key = nullptr;
    *cert = nullptr;
    ossl::Ptr<EVP_PKEY> own_key;
    std::vector<ossl::Ptr<X509>> certificates;
    ERR_set_mark();
    const bool here = p12 && read_here(p12, der, password, own_key, certificates);
    ERR_pop_to_mark();  // what the reader met is no error of the caller's
    if (read_here_out) *read_here_out = here;
    if (!here) return PKCS12_parse(p12, password.c_str(), key, cert, chain);
    // As PKCS12_parse splits them: the first certificate the key belongs to,
    // the others after any already in *chain.
    ossl::Ptr<X509> own;
    for (ossl::Ptr<X509>& certificate : certificates) {
        if (own_key && !own) {
            ERR_set_mark();
            const bool match = X509_check_private_key(certificate.get(), own_key.get()) == 1;
            ERR_pop_to_mark();
            if (match) {
                own = std::move(certificate);
                continue;
            }
        }
        if (!*chain && !(*chain = sk_X509_new_null())) return 0;
        if (sk_X509_push(*chain, certificate.get()) <= 0) return 0;
        certificate.release();
    }
    *key = own_key.release();
    *cert = own.release();
    return 1;
}

}  // namespace protokoll::sign
