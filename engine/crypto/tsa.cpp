// RFC 3161 time-stamp tokens with OpenSSL's TS and CMS code: a request with
// a SHA-256 imprint, a random nonce and certReq (net::request_token sends it); the
// answer and any token checked without a trust store (whether the TSA is
// trusted is the caller's judgement: verify judges its chain against --trust).
#include "crypto/tsa.h"

#include "base/diagnostic.h"
#include "crypto/ltv.h"
#include "crypto/ossl.h"

#include <openssl/ess.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace protokoll::sign::tsa {
namespace {

struct TsFree {
    void operator()(TS_REQ* p) const { TS_REQ_free(p); }
    void operator()(TS_RESP* p) const { TS_RESP_free(p); }
    void operator()(TS_MSG_IMPRINT* p) const { TS_MSG_IMPRINT_free(p); }
    void operator()(TS_TST_INFO* p) const { TS_TST_INFO_free(p); }
    void operator()(X509_ALGOR* p) const { X509_ALGOR_free(p); }
    void operator()(ASN1_INTEGER* p) const { ASN1_INTEGER_free(p); }
};
template <class T>
using Owned = std::unique_ptr<T, TsFree>;

std::string oid_text(const ASN1_OBJECT* oid) {
    char buf[128];
    int len = oid ? OBJ_obj2txt(buf, sizeof buf, oid, 1) : -1;
    return len > 0 ? std::string(buf, std::min(static_cast<size_t>(len), sizeof buf - 1)) : std::string();
}

std::string sha256(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorCode::Internal, {}, "SHA-256 failed: " + ossl::last_error());
    return std::string(reinterpret_cast<char*>(digest), len);
}

// The DER of an ASN.1 object with OpenSSL's i2d_* function for it.
template <class T>
std::string der_of(const T* object, int (*i2d)(const T*, unsigned char**)) {
    unsigned char* der = nullptr;
    int len = i2d(object, &der);
    if (len <= 0) throw Error(ErrorCode::Internal, {}, "cannot encode: " + ossl::last_error());
    std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
    return out;
}

// A failure status as a person reads it: "rejection: unaccepted policy (text)".
std::string status_text(const TS_STATUS_INFO* info) {
    static const char* statuses[] = {"granted", "granted with modifications", "rejection", "waiting",
                                     "revocation warning", "revocation notification"};
    static const std::pair<int, const char*> failures[] = {
        {TS_INFO_BAD_ALG, "unrecognized or unsupported algorithm"},
        {TS_INFO_BAD_REQUEST, "transaction not permitted or supported"},
        {TS_INFO_BAD_DATA_FORMAT, "the data submitted has the wrong format"},
        {TS_INFO_TIME_NOT_AVAILABLE, "the TSA's time source is not available"},
        {TS_INFO_UNACCEPTED_POLICY, "the requested TSA policy is not supported"},
        {TS_INFO_UNACCEPTED_EXTENSION, "the requested extension is not supported"},
        {TS_INFO_ADD_INFO_NOT_AVAILABLE, "the additional information requested is not available"},
        {TS_INFO_SYSTEM_FAILURE, "system failure"}};
    const long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(info));
    std::string out = status >= 0 && status < 6 ? statuses[status] : "status " + std::to_string(status);
    if (const ASN1_BIT_STRING* bits = TS_STATUS_INFO_get0_failure_info(info))
        for (const auto& [bit, text] : failures)
            if (ASN1_BIT_STRING_get_bit(bits, bit)) out += std::string(": ") + text;
    if (const STACK_OF(ASN1_UTF8STRING)* texts = TS_STATUS_INFO_get0_text(info))
        for (int i = 0; i < sk_ASN1_UTF8STRING_num(texts); ++i) {
            const ASN1_UTF8STRING* text = sk_ASN1_UTF8STRING_value(texts, i);
            out += " (" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                                      static_cast<size_t>(ASN1_STRING_length(text))) + ")";
        }
    return out;
}

// The ESS signing-certificate (v1 or v2) attribute RFC 3161 requires binds the
// TSA certificate into the signed attributes; true when it names `tsa_cert`.
bool signing_certificate_named(CMS_SignerInfo* si, X509* tsa_cert) {
    ossl::Ptr<STACK_OF(X509)> chain(sk_X509_new_null());
    if (!chain || X509_up_ref(tsa_cert) != 1) return false;
    if (sk_X509_push(chain.get(), tsa_cert) <= 0) {
        X509_free(tsa_cert);
        return false;
    }
    ossl::Ptr<ESS_SIGNING_CERT> v1;
    ossl::Ptr<ESS_SIGNING_CERT_V2> v2;
    if (const auto* value = static_cast<const ASN1_STRING*>(CMS_signed_get0_data_by_OBJ(
            si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE))) {
        const unsigned char* p = ASN1_STRING_get0_data(value);
        v2.reset(d2i_ESS_SIGNING_CERT_V2(nullptr, &p, ASN1_STRING_length(value)));
    }
    if (const auto* value = static_cast<const ASN1_STRING*>(CMS_signed_get0_data_by_OBJ(
            si, OBJ_nid2obj(NID_id_smime_aa_signingCertificate), -3, V_ASN1_SEQUENCE))) {
        const unsigned char* p = ASN1_STRING_get0_data(value);
        v1.reset(d2i_ESS_SIGNING_CERT(nullptr, &p, ASN1_STRING_length(value)));
    }
    const bool named = (v1 || v2) && OSSL_ESS_check_signing_certs(v1.get(), v2.get(), chain.get(), 1) > 0;
    ERR_clear_error();
    return named;
}

void set_problem(TokenInfo& info, const std::string& problem) {
    if (info.problem.empty()) info.problem = problem;
}

}  // namespace

TokenInfo inspect_token(const std::string& token_der, const std::string& data) {
    TokenInfo info;
    const auto* p = reinterpret_cast<const unsigned char*>(token_der.data());
    ossl::Ptr<CMS_ContentInfo> cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(token_der.size())));
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed ||
        OBJ_obj2nid(CMS_get0_eContentType(cms.get())) != NID_id_smime_ct_TSTInfo) {
        ERR_clear_error();
        info.problem = "not a time-stamp token (a CMS SignedData with TSTInfo content)";
        return info;
    }
    ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
    const unsigned char* q = content && *content ? ASN1_STRING_get0_data(*content) : nullptr;
    Owned<TS_TST_INFO> tst(q ? d2i_TS_TST_INFO(nullptr, &q, ASN1_STRING_length(*content)) : nullptr);
    if (!tst) {
        ERR_clear_error();
        info.problem = "the time-stamp token's TSTInfo cannot be read";
        return info;
    }
    info.parsed = true;

    const ASN1_GENERALIZEDTIME* gen_time = TS_TST_INFO_get_time(tst.get());
    info.time = ltv::seconds_of(gen_time);
    info.time_utc = ltv::iso_time(info.time);
    info.serial = ossl::serial_hex(TS_TST_INFO_get_serial(tst.get()));
    info.policy = oid_text(TS_TST_INFO_get_policy_id(tst.get()));
    if (info.time_utc.empty()) set_problem(info, "the time-stamp token's genTime cannot be read");

    // The imprint: the hash the token names, of exactly `data`.
    TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(tst.get());
    const ASN1_OBJECT* alg_oid = nullptr;
    X509_ALGOR_get0(&alg_oid, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(imprint));
    const EVP_MD* md = alg_oid ? EVP_get_digestbyobj(alg_oid) : nullptr;
    if (md) {
        info.digest_algorithm = OBJ_nid2sn(EVP_MD_get_type(md));
        std::transform(info.digest_algorithm.begin(), info.digest_algorithm.end(), info.digest_algorithm.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        const ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(imprint);
        info.imprint_matches = EVP_Digest(data.data(), data.size(), digest, &len, md, nullptr) == 1 && msg &&
                               static_cast<unsigned>(ASN1_STRING_length(msg)) == len &&
                               std::memcmp(ASN1_STRING_get0_data(msg), digest, len) == 0;
        if (!info.imprint_matches) set_problem(info, "its message imprint is not the " + info.digest_algorithm + " of the stamped data");
    } else {
        set_problem(info, "the message imprint's hash algorithm " + oid_text(alg_oid) + " is unknown");
    }

    // The signature, by the TSA certificate the token carries.
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
    if (!signers || sk_CMS_SignerInfo_num(signers) != 1) {
        set_problem(info, "the time-stamp token must have exactly one signer");
        return info;
    }
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(signers, 0);
    ossl::Ptr<STACK_OF(X509)> certs(CMS_get1_certs(cms.get()));
    X509* tsa_cert = nullptr;
    for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i)
        if (!tsa_cert && CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs.get(), i)) == 0) tsa_cert = sk_X509_value(certs.get(), i);
    if (tsa_cert) info.certificates_der.push_back(der_of<X509>(tsa_cert, i2d_X509));
    for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i)
        if (sk_X509_value(certs.get(), i) != tsa_cert) info.certificates_der.push_back(der_of<X509>(sk_X509_value(certs.get(), i), i2d_X509));
    if (!tsa_cert) {
        set_problem(info, "the time-stamp token does not carry the TSA's certificate");
        return info;
    }
    info.tsa_subject = ossl::name_text(X509_get_subject_name(tsa_cert));
    info.tsa_not_after = ltv::iso_time(ltv::seconds_of(X509_get0_notAfter(tsa_cert)));
    // The content digest and the signature over the signed attributes; whether
    // the TSA is trusted is judged elsewhere (no trust store here).
    const bool verifies =
        CMS_verify(cms.get(), nullptr, nullptr, nullptr, nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
    std::string why = verifies ? std::string() : ossl::last_error();
    const bool named = signing_certificate_named(si, tsa_cert);
    // RFC 3161 2.3: the TSA's certificate has exactly one extended key usage,
    // id-kp-timeStamping, marked critical. OpenSSL's purpose check says so.
    const bool for_time_stamping = X509_check_purpose(tsa_cert, X509_PURPOSE_TIMESTAMP_SIGN, 0) == 1;
    ERR_clear_error();
    info.signature_ok = verifies && named && for_time_stamping;
    if (!verifies) set_problem(info, "the time-stamp token's signature does not verify: " + why);
    else if (!named) set_problem(info, "the time-stamp token's ESS signing-certificate attribute does not name the TSA certificate");
    else if (!for_time_stamping)
        set_problem(info, "the TSA certificate (" + info.tsa_subject + ") is not for time-stamping: it needs a critical extended key usage timeStamping and no other");
    return info;
}

TokenQuery token_query(const std::string& data) {
    const std::string digest = sha256(data);
    Owned<TS_REQ> req(TS_REQ_new());
    Owned<TS_MSG_IMPRINT> imprint(TS_MSG_IMPRINT_new());
    Owned<X509_ALGOR> alg(X509_ALGOR_new());
    ossl::Ptr<BIGNUM> nonce_bn(BN_new());
    // 64 random bits: enough that an old answer cannot be replayed as this one.
    if (!req || !imprint || !alg || !nonce_bn || BN_rand(nonce_bn.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
        throw Error(ErrorCode::Internal, {}, "cannot make a time-stamp request: " + ossl::last_error());
    Owned<ASN1_INTEGER> nonce(BN_to_ASN1_INTEGER(nonce_bn.get(), nullptr));
    if (!nonce || X509_ALGOR_set0(alg.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) != 1 ||
        TS_MSG_IMPRINT_set_algo(imprint.get(), alg.get()) != 1 ||
        TS_MSG_IMPRINT_set_msg(imprint.get(), reinterpret_cast<unsigned char*>(const_cast<char*>(digest.data())),
                               static_cast<int>(digest.size())) != 1 ||
        TS_REQ_set_version(req.get(), 1) != 1 || TS_REQ_set_msg_imprint(req.get(), imprint.get()) != 1 ||
        TS_REQ_set_nonce(req.get(), nonce.get()) != 1 || TS_REQ_set_cert_req(req.get(), 1) != 1)
        throw Error(ErrorCode::Internal, {}, "cannot make a time-stamp request: " + ossl::last_error());
    return TokenQuery{der_of<TS_REQ>(req.get(), i2d_TS_REQ), der_of<ASN1_INTEGER>(nonce.get(), i2d_ASN1_INTEGER)};
}

std::string token_from_reply(const TokenQuery& query, const std::string& url, const std::string& reply,
                             const std::string& data) {
    const auto* n = reinterpret_cast<const unsigned char*>(query.nonce.data());
    Owned<ASN1_INTEGER> nonce(d2i_ASN1_INTEGER(nullptr, &n, static_cast<long>(query.nonce.size())));
    if (!nonce) throw Error(ErrorCode::Internal, {}, "a time-stamp query without its nonce");
    const auto* p = reinterpret_cast<const unsigned char*>(reply.data());
    Owned<TS_RESP> resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(reply.size())));
    if (!resp) {
        ERR_clear_error();
        fail(SourceLocation{}, "the time-stamp authority at " + url + " sent no RFC 3161 time-stamp response",
             {"check that " + url + " is the address of a time-stamp service"});
    }
    const TS_STATUS_INFO* status = TS_RESP_get_status_info(resp.get());
    const long code = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(status));
    if (code != 0 && code != 1)  // granted, granted with modifications
        fail("the time-stamp authority at " + url + " refused the request: " + status_text(status));
    PKCS7* token = TS_RESP_get_token(resp.get());
    TS_TST_INFO* tst = TS_RESP_get_tst_info(resp.get());
    if (!token || !tst) fail("the time-stamp authority at " + url + " granted the request but sent no token");
    if (TS_TST_INFO_get_version(tst) != 1)
        fail("the time-stamp token from " + url + " has version " + std::to_string(TS_TST_INFO_get_version(tst)) + ", not 1");
    const ASN1_INTEGER* their_nonce = TS_TST_INFO_get_nonce(tst);
    if (!their_nonce || ASN1_INTEGER_cmp(their_nonce, nonce.get()) != 0)
        fail("the time-stamp token from " + url + " does not answer this request (its nonce differs)");

    std::string der = der_of<PKCS7>(token, i2d_PKCS7);
    TokenInfo info = inspect_token(der, data);
    if (info.parsed && info.imprint_matches && info.digest_algorithm != "sha256")
        set_problem(info, "it stamps a " + info.digest_algorithm + " imprint where SHA-256 was asked for");
    if (!info.problem.empty()) fail("the time-stamp token from " + url + " is not usable: " + info.problem);
    return der;
}

}  // namespace protokoll::sign::tsa
