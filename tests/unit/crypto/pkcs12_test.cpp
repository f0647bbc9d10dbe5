// parse_pkcs12 (crypto/pkcs12.h): PKCS12_parse's result for every PKCS#12
// profile `openssl pkcs12 -export` writes, read here for today's profiles,
// left to PKCS12_parse for the others. The files are made by the openssl
// command, not by the code under test.
#include "crypto/pkcs12.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace protokoll::sign;

namespace {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

void sh(const std::string& command) {
    INFO(command);
    REQUIRE(std::system((command + " >/dev/null 2>&1").c_str()) == 0);
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A signer's key and certificate issued by a CA, made once for the file.
struct Pki {
    std::string dir;
    Pki() {
        char name[] = "/tmp/protokoll-pkcs12-test-XXXXXX";
        REQUIRE(mkdtemp(name) != nullptr);
        dir = name;
        sh("cd " + dir + " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj '/CN=Test CA'"
           " && openssl req -newkey rsa:2048 -nodes -keyout signer.key -out signer.csr -subj '/CN=Test Signer'"
           " && openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out signer.pem -days 30"
           " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout signer-ec.key -out signer-ec.csr -subj '/CN=Test Signer'"
           " && openssl x509 -req -in signer-ec.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out signer-ec.pem -days 30");
    }
    ~Pki() { std::system(("rm -rf " + dir).c_str()); }
    // A PKCS#12 file exported with `options` (after -export), its bytes.
    // `signer`: "signer" (RSA) or "signer-ec" (P-256).
    std::string export_p12(const std::string& options, const std::string& password,
                           const std::string& signer = "signer") const {
        const std::string out = dir + "/out.p12";
        sh("cd " + dir + " && openssl pkcs12 -export -inkey " + signer + ".key -in " + signer +
           ".pem -certfile ca.pem -name 'Test Signer' " +
           options + " -passout pass:" + shell_quote(password) + " -out out.p12");
        return slurp(out);
    }
};

const Pki& pki() {
    static const Pki instance;
    return instance;
}

// The DER of a key (i2d_PrivateKey) or a certificate (i2d_X509); empty for none.
template <class T, class Encode>
std::string der_of(T* object, Encode encode) {
    unsigned char* der = nullptr;
    const int n = object ? encode(object, &der) : -1;
    std::string out = n > 0 ? std::string(reinterpret_cast<char*>(der), static_cast<size_t>(n)) : std::string();
    OPENSSL_free(der);
    return out;
}
std::string der_of(EVP_PKEY* key) { return der_of(key, i2d_PrivateKey); }
std::string der_of(X509* cert) { return der_of(cert, i2d_X509); }

struct Parsed {
    int result = 0;
    std::string key, cert, alias;
    std::vector<std::string> chain;
    bool operator==(const Parsed& o) const {
        return result == o.result && key == o.key && cert == o.cert && chain == o.chain && alias == o.alias;
    }
};

// parse_pkcs12 (here = true) or PKCS12_parse of the same bytes.
Parsed parse(const std::string& der, const std::string& password, bool ours, bool* read_here = nullptr) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    ossl::Ptr<PKCS12> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
    REQUIRE(p12);
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* chain = nullptr;
    Parsed out;
    out.result = ours ? parse_pkcs12(p12.get(), der, password, &key, &cert, &chain, read_here)
                      : PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &chain);
    ERR_clear_error();
    out.key = der_of(key);
    out.cert = der_of(cert);
    if (cert)
        if (const unsigned char* alias = X509_alias_get0(cert, nullptr)) out.alias = reinterpret_cast<const char*>(alias);
    for (int i = 0; chain && i < sk_X509_num(chain); ++i) out.chain.push_back(der_of(sk_X509_value(chain, i)));
    EVP_PKEY_free(key);
    X509_free(cert);
    sk_X509_pop_free(chain, X509_free);
    return out;
}

}  // namespace

TEST_CASE("pkcs12: today's profiles are read here and give what PKCS12_parse gives") {
    const std::string password = "correct horse";
    for (const char* options : {"",  // AES-256-CBC, PBKDF2 with HMAC-SHA-256, MAC SHA-256: OpenSSL 3's default
                                "-keypbe AES-128-CBC -certpbe AES-192-CBC -macalg sha1",
                                "-keypbe NONE -certpbe NONE",  // a key bag and certificates in the clear
                                "-iter 1", "-iter 30000"}) {
        INFO(options);
        const std::string der = pki().export_p12(options, password);
        bool here = false;
        const Parsed ours = parse(der, password, true, &here);
        const Parsed reference = parse(der, password, false);
        CHECK(here);
        CHECK(ours.result == 1);
        CHECK(!ours.key.empty());
        CHECK(!ours.cert.empty());
        CHECK(ours.chain.size() == 1);  // the CA
        CHECK(ours.alias == "Test Signer");
        CHECK(ours == reference);
    }
}

TEST_CASE("pkcs12: an RSA key read by its own template, an EC key by EVP_PKCS82PKEY, both as PKCS12_parse reads them") {
    const std::string password = "correct horse";
    for (const char* options : {"", "-keypbe NONE -certpbe NONE"}) {  // a shrouded key bag, a key bag in the clear
        for (const auto& [signer, type] : {std::pair<std::string, int>{"signer", EVP_PKEY_RSA}, {"signer-ec", EVP_PKEY_EC}}) {
            INFO(options << " " << signer);
            const std::string der = pki().export_p12(options, password, signer);
            bool here = false;
            const Parsed ours = parse(der, password, true, &here);
            CHECK(here);
            CHECK(ours.result == 1);
            CHECK(ours == parse(der, password, false));
            const auto* p = reinterpret_cast<const unsigned char*>(ours.key.data());
            EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(ours.key.size()));
            REQUIRE(key);
            CHECK(EVP_PKEY_get_base_id(key) == type);
            EVP_PKEY_free(key);
        }
    }
}

TEST_CASE("pkcs12: a password beyond ASCII is taken as OpenSSL takes it") {
    const std::string password = "l\xC3\xB6senord \xC3\xA5\xC3\xA4\xC3\xB6 \xE2\x82\xAC";  // "lösenord åäö €"
    const std::string der = pki().export_p12("", password);
    bool here = false;
    const Parsed ours = parse(der, password, true, &here);
    CHECK(here);
    CHECK(ours.result == 1);
    CHECK(ours == parse(der, password, false));
}

namespace {

// parse_pkcs12 of `der` left it to PKCS12_parse, and gave PKCS12_parse's result.
Parsed left_to_openssl(const std::string& der, const std::string& password) {
    bool here = true;
    const Parsed ours = parse(der, password, true, &here);
    CHECK_FALSE(here);
    CHECK(ours == parse(der, password, false));
    return ours;
}

}  // namespace

TEST_CASE("pkcs12: other profiles, the empty password and a wrong one are PKCS12_parse's") {
    const Pki& p = pki();
    CHECK(left_to_openssl(p.export_p12("-keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES", "secret"), "secret").result == 1);
    CHECK(left_to_openssl(p.export_p12("", ""), "").result == 1);  // the empty password
    CHECK(left_to_openssl(p.export_p12("-nomac", "secret"), "secret").result == 0);  // OpenSSL 3.0 wants the MAC
    const Parsed wrong = left_to_openssl(p.export_p12("", "secret"), "Secret");
    CHECK(wrong.result == 0);
    CHECK(wrong.key.empty());
    CHECK(wrong.cert.empty());
    CHECK(wrong.chain.empty());
    std::string damaged = p.export_p12("", "secret");  // a flipped byte inside
    damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x55);
    CHECK(left_to_openssl(damaged, "secret").result == 0);
}
