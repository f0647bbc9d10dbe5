#include "crypto/ltv.h"

#include "base/diagnostic.h"

#include <openssl/x509v3.h>

#include <algorithm>

namespace protokoll::sign::ltv {

namespace {

template <class T, class Encode>
std::string encode(T* object, Encode i2d) {
    if (!object) return {};
    int len = i2d(object, nullptr);
    if (len <= 0) return {};
    std::string out(static_cast<size_t>(len), '\0');
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    i2d(object, &p);
    return out;
}

std::string hex_upper(const unsigned char* data, size_t size) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < size; ++i) out += {digits[data[i] >> 4], digits[data[i] & 15]};
    return out;
}

const char* reason_text(int reason) {
    if (reason < 0) return "";
    return OCSP_crl_reason_str(reason);
}

// The OCSP responder `signer` may answer for certificates of `issuer`: it is
// the issuer itself, or a certificate the issuer signed for the purpose
// (extendedKeyUsage OCSPSigning, RFC 6960 4.2.2.2).
bool authorised_responder(X509* signer, X509* issuer) {
    if (X509_cmp(signer, issuer) == 0) return true;
    if (X509_check_issued(issuer, signer) != X509_V_OK) return false;
    EVP_PKEY* key = X509_get0_pubkey(issuer);
    if (!key || X509_verify(signer, key) != 1) return false;
    return (X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) && (X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN);
}

// The responder's certificate: from the response or from `pool`.
X509* responder_of(OCSP_BASICRESP* basic, STACK_OF(X509)* pool) {
    X509* signer = nullptr;
    if (OCSP_resp_get0_signer(basic, &signer, pool) != 1) signer = nullptr;
    ERR_clear_error();
    return signer;
}

// The response's signature verifies with its signer's key (the signer
// found as responder_of finds it). Whether the signer may answer is
// authorised_responder's question.
bool signature_verifies(OCSP_BASICRESP* basic, STACK_OF(X509)* pool) {
    const bool ok = OCSP_basic_verify(basic, pool, nullptr, OCSP_NOVERIFY) == 1;
    ERR_clear_error();
    return ok;
}

// The single response of `basic` about `cert` (whatever hash its certID
// uses), or nullptr.
OCSP_SINGLERESP* single_for(OCSP_BASICRESP* basic, X509* cert, X509* issuer) {
    for (int i = 0; i < OCSP_resp_count(basic); ++i) {
        OCSP_SINGLERESP* single = OCSP_resp_get0(basic, i);
        const OCSP_CERTID* id = OCSP_SINGLERESP_get0_id(single);
        ASN1_OBJECT* md_oid = nullptr;
        if (!id || OCSP_id_get0_info(nullptr, &md_oid, nullptr, nullptr, const_cast<OCSP_CERTID*>(id)) != 1) continue;
        const EVP_MD* md = md_oid ? EVP_get_digestbyobj(md_oid) : nullptr;
        if (!md) continue;
        Own<OCSP_CERTID> ours(OCSP_cert_to_id(md, cert, issuer));
        if (ours && OCSP_id_cmp(ours.get(), id) == 0) return single;
    }
    ERR_clear_error();
    return nullptr;
}

}  // namespace

// "CN=Sara Nordenhielm,O=Protokoll Test,C=SE (serial 02)": which certificate, for messages.
std::string describe(X509* cert) {
    return "\"" + subject_of(cert) + "\" (serial " + ossl::serial_hex(X509_get0_serialNumber(cert)) + ")";
}

std::string der_of(X509* cert) { return encode(cert, i2d_X509); }

ossl::Ptr<X509> certificate_from_der(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    ossl::Ptr<X509> out(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    ERR_clear_error();
    return out;
}

Own<X509_CRL> crl_from_der(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Own<X509_CRL> out(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
    ERR_clear_error();
    return out;
}

Own<OCSP_RESPONSE> ocsp_from_der(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Own<OCSP_RESPONSE> out(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
    ERR_clear_error();
    return out;
}

std::time_t seconds_of(const ASN1_TIME* time) {
    std::tm tm{};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1) return 0;
    return timegm(&tm);
}

std::string iso_time(std::time_t time) {
    if (time == 0) return {};
    std::tm tm{};
    gmtime_r(&time, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

bool parse_pdf_date(const std::string& text, std::time_t& out) {
    size_t i = text.rfind("D:", 0) == 0 ? 2 : 0;
    auto number = [&](size_t digits, int& value) {
        if (i + digits > text.size()) return false;
        value = 0;
        for (size_t k = 0; k < digits; ++k, ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    };
    int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    if (!number(4, year)) return false;
    // Each further part is optional, but present parts must be whole.
    for (int* part : {&month, &day, &hour, &minute, &second}) {
        if (i >= text.size() || text[i] < '0' || text[i] > '9') break;
        if (!number(2, *part)) return false;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
    long offset = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        const int sign = text[i] == '+' ? 1 : -1;
        ++i;
        int oh = 0, om = 0;
        if (!number(2, oh)) return false;
        if (i < text.size() && text[i] == '\'') ++i;
        if (i < text.size() && text[i] >= '0' && text[i] <= '9' && !number(2, om)) return false;
        offset = sign * (oh * 3600L + om * 60L);
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    out = timegm(&tm) - offset;
    return true;
}

std::string subject_of(X509* cert) { return ossl::name_text(X509_get_subject_name(cert)); }

bool self_signed(X509* cert) {
    bool out = X509_check_issued(cert, cert) == X509_V_OK;
    ERR_clear_error();
    return out;
}

ossl::Ptr<STACK_OF(X509)> build_chain(X509* cert, STACK_OF(X509)* pool) {
    ossl::Ptr<STACK_OF(X509)> chain(sk_X509_new_null());
    X509* current = cert;
    // A pool with a cycle of cross-signed certificates must not loop: a chain
    // never needs more links than the pool has certificates.
    for (int depth = 0; current && depth <= (pool ? sk_X509_num(pool) : 0) + 1; ++depth) {
        if (X509_up_ref(current) != 1) break;
        if (sk_X509_push(chain.get(), current) <= 0) {
            X509_free(current);
            break;
        }
        if (self_signed(current)) break;
        X509* issuer = nullptr;
        for (int i = 0; pool && i < sk_X509_num(pool) && !issuer; ++i) {
            X509* candidate = sk_X509_value(pool, i);
            EVP_PKEY* key = X509_get0_pubkey(candidate);
            if (X509_check_issued(candidate, current) == X509_V_OK && key && X509_verify(current, key) == 1)
                issuer = candidate;
        }
        ERR_clear_error();
        current = issuer;
    }
    return chain;
}

std::vector<std::string> ocsp_urls(X509* cert) {
    std::vector<std::string> out;
    STACK_OF(OPENSSL_STRING)* urls = X509_get1_ocsp(cert);
    for (int i = 0; urls && i < sk_OPENSSL_STRING_num(urls); ++i) out.emplace_back(sk_OPENSSL_STRING_value(urls, i));
    X509_email_free(urls);  // frees a stack of strings, which is what this is
    return out;
}

std::vector<std::string> crl_urls(X509* cert) {
    std::vector<std::string> out;
    auto* points = static_cast<CRL_DIST_POINTS*>(X509_get_ext_d2i(cert, NID_crl_distribution_points, nullptr, nullptr));
    for (int i = 0; points && i < sk_DIST_POINT_num(points); ++i) {
        DIST_POINT* point = sk_DIST_POINT_value(points, i);
        if (!point->distpoint || point->distpoint->type != 0) continue;  // 0: fullName
        GENERAL_NAMES* names = point->distpoint->name.fullname;
        for (int k = 0; names && k < sk_GENERAL_NAME_num(names); ++k) {
            GENERAL_NAME* name = sk_GENERAL_NAME_value(names, k);
            if (name->type != GEN_URI) continue;
            const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
            out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                             static_cast<size_t>(ASN1_STRING_length(uri)));
        }
    }
    CRL_DIST_POINTS_free(points);
    ERR_clear_error();
    return out;
}

// ---- Asking for and checking OCSP responses (net sends them) --------------

OcspQuery ocsp_query(X509* cert, X509* issuer) {
    OcspQuery query;
    query.request.reset(OCSP_REQUEST_new());
    OCSP_CERTID* id = OCSP_cert_to_id(nullptr, cert, issuer);  // SHA-1: what every responder understands
    if (!query.request || !id || !OCSP_request_add0_id(query.request.get(), id)) {
        OCSP_CERTID_free(id);
        throw Error(ErrorCode::Internal, {}, "cannot build an OCSP request: " + ossl::last_error());
    }
    if (OCSP_request_add1_nonce(query.request.get(), nullptr, -1) != 1)
        throw Error(ErrorCode::Internal, {}, "cannot add an OCSP nonce: " + ossl::last_error());
    query.der = encode(query.request.get(), i2d_OCSP_REQUEST);
    return query;
}

void ocsp_answer_check(const OcspQuery& query, X509* cert, X509* issuer, const std::string& url,
                       const std::string& answer) {
    auto refuse = [&](const std::string& why) {
        fail(SourceLocation{}, "no revocation data for " + describe(cert) + ": the OCSP responder " + url + " " + why);
    };
    Own<OCSP_RESPONSE> response = ocsp_from_der(answer);
    if (!response) return refuse("did not answer with an OCSP response");
    const int status = OCSP_response_status(response.get());
    if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL)
        return refuse(std::string("answered \"") + OCSP_response_status_str(status) + "\"");
    Own<OCSP_BASICRESP> basic(OCSP_response_get1_basic(response.get()));
    if (!basic) return refuse("sent no basic response");
    // 1: our nonce came back; -1: the responder sent none (pre-produced
    // responses), which the freshness check covers; 0: another nonce.
    const int nonce = OCSP_check_nonce(query.request.get(), basic.get());
    ERR_clear_error();
    if (nonce == 0) return refuse("answered with another request's nonce");
    X509* signer = responder_of(basic.get(), nullptr);
    if (!signer) return refuse("sent a response without its signer's certificate");
    if (!signature_verifies(basic.get(), nullptr)) {
        return refuse("sent a response whose signature does not verify");
    }
    if (!authorised_responder(signer, issuer))
        return refuse("is not authorised by the issuer: \"" + subject_of(signer) + "\" signed the response");
    if (!single_for(basic.get(), cert, issuer)) return refuse("answered about another certificate");
}

void fetch_crl_check(X509* cert, X509* issuer, const std::string& url, const std::string& body) {
    Own<X509_CRL> crl = crl_from_der(body);
    const std::string where = "no revocation data for " + describe(cert) + ": the CRL at " + url + " ";
    if (!crl) fail(SourceLocation{}, where + "is not a DER CRL");
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(issuer)) != 0)
        fail(SourceLocation{}, where + "is not issued by \"" + subject_of(issuer) + "\"");
    if (X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer)) != 1) {
        ERR_clear_error();
        fail(SourceLocation{}, where + "is not signed by its issuer \"" + subject_of(issuer) + "\"");
    }
}

std::vector<std::string> timestamp_tokens(CMS_SignerInfo* signer) {
    std::vector<std::string> out;
    for (int at = CMS_unsigned_get_attr_by_NID(signer, NID_id_smime_aa_timeStampToken, -1); at >= 0;
         at = CMS_unsigned_get_attr_by_NID(signer, NID_id_smime_aa_timeStampToken, at)) {
        X509_ATTRIBUTE* attr = CMS_unsigned_get_attr(signer, at);
        for (int i = 0; attr && i < X509_ATTRIBUTE_count(attr); ++i) {
            ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attr, i);
            if (!value || value->type != V_ASN1_SEQUENCE) continue;
            out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.sequence)),
                             static_cast<size_t>(ASN1_STRING_length(value->value.sequence)));
        }
    }
    ERR_clear_error();
    return out;
}

// ---- Offline ----------------------------------------------------------------

namespace {

// What the evidence about one certificate says, one response or CRL at a
// time: revoked by any evidence wins (of several, the earliest revocation);
// else good by the newest current evidence, OCSP before CRL; else unknown
// with the first reason evidence did not decide.
class Verdict {
public:
    Verdict(X509* cert, X509* issuer, STACK_OF(X509)* pool, std::time_t when)
        : m_cert(cert), m_issuer(issuer), m_pool(pool), m_when(when) {}

    void ocsp(const std::string& der) {
        Own<OCSP_RESPONSE> response = ocsp_from_der(der);
        if (!response || OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) return;
        Own<OCSP_BASICRESP> basic(OCSP_response_get1_basic(response.get()));
        if (!basic) return;
        OCSP_SINGLERESP* single = single_for(basic.get(), m_cert, m_issuer);
        if (!single) return;  // about another certificate
        X509* signer = responder_of(basic.get(), m_pool);
        if (!signer) return unknown("an OCSP response without its signer's certificate");
        if (!signature_verifies(basic.get(), m_pool)) return unknown("an OCSP response whose signature does not verify");
        if (!authorised_responder(signer, m_issuer))
            return unknown("an OCSP response signed by \"" + subject_of(signer) + "\", whom the issuer did not authorise");
        int reason = -1;
        ASN1_GENERALIZEDTIME *revoked_time = nullptr, *this_update = nullptr, *next_update = nullptr;
        const int status = OCSP_single_get0_status(single, &reason, &revoked_time, &this_update, &next_update);
        const std::time_t this_t = seconds_of(this_update), next_t = seconds_of(next_update);
        if (status == V_OCSP_CERTSTATUS_REVOKED) {
            revoked(RevocationSource::Ocsp, this_t, seconds_of(revoked_time), reason);
        } else if (status == V_OCSP_CERTSTATUS_GOOD && current(this_t, next_t)) {
            // The newest response; OCSP is preferred to any CRL.
            if (m_good.source != RevocationSource::Ocsp || this_t > m_good.checked_at) good(RevocationSource::Ocsp, this_t);
        } else if (status == V_OCSP_CERTSTATUS_GOOD) {
            unknown("the OCSP response (" + iso_time(this_t) + ") expired before the signing time");
        } else {
            unknown("the OCSP responder answered \"unknown\"");
        }
    }

    void crl(const std::string& der) {
        Own<X509_CRL> crl = crl_from_der(der);
        if (!crl || X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_issuer_name(m_cert)) != 0) return;
        EVP_PKEY* key = X509_get0_pubkey(m_issuer);
        if (!key || X509_CRL_verify(crl.get(), key) != 1) {
            ERR_clear_error();
            return unknown("a CRL in the issuer's name that its key did not sign");
        }
        const std::time_t this_t = seconds_of(X509_CRL_get0_lastUpdate(crl.get()));
        const std::time_t next_t = seconds_of(X509_CRL_get0_nextUpdate(crl.get()));
        X509_REVOKED* entry = nullptr;
        if (X509_CRL_get0_by_cert(crl.get(), &entry, m_cert) == 1 && entry) {
            const std::time_t at = seconds_of(X509_REVOKED_get0_revocationDate(entry));
            int reason = -1;
            if (auto* code = static_cast<ASN1_ENUMERATED*>(X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nullptr, nullptr))) {
                reason = static_cast<int>(ASN1_ENUMERATED_get(code));
                ASN1_ENUMERATED_free(code);
            }
            revoked(RevocationSource::Crl, this_t, at, reason);
        } else if (current(this_t, next_t)) {
            // A newer CRL, never over an OCSP answer.
            if (m_good.status != RevocationStatus::Good ||
                (m_good.source == RevocationSource::Crl && this_t > m_good.checked_at))
                good(RevocationSource::Crl, this_t);
        } else {
            unknown("the CRL (" + iso_time(this_t) + ") expired before the signing time");
        }
        ERR_clear_error();
    }

    Status result() const {
        if (m_revoked.status == RevocationStatus::Revoked) return m_revoked;
        if (m_good.status == RevocationStatus::Good) return m_good;
        Status out;
        if (!m_unknown.empty()) {
            out.status = RevocationStatus::Unknown;
            out.note = m_unknown;
        }
        return out;
    }

private:
    // Good evidence must speak for the time of interest: issued after it, or
    // still current then (its nextUpdate not passed).
    bool current(std::time_t this_update, std::time_t next_update) const {
        return this_update >= m_when || (next_update != 0 && next_update >= m_when);
    }
    void unknown(const std::string& why) {
        if (m_unknown.empty()) m_unknown = why;
    }
    void revoked(RevocationSource source, std::time_t checked_at, std::time_t at, int reason) {
        if (m_revoked.status == RevocationStatus::Revoked && at >= m_revoked.revoked_at) return;
        m_revoked.status = RevocationStatus::Revoked;
        m_revoked.source = source;
        m_revoked.checked_at = checked_at;
        m_revoked.revoked_at = at;
        m_revoked.reason = reason_text(reason);
    }
    void good(RevocationSource source, std::time_t checked_at) {
        m_good.status = RevocationStatus::Good;
        m_good.source = source;
        m_good.checked_at = checked_at;
    }

    X509* m_cert;
    X509* m_issuer;
    STACK_OF(X509)* m_pool;
    std::time_t m_when;
    Status m_revoked, m_good;
    std::string m_unknown;
};

}  // namespace

Status judge(X509* cert, X509* issuer, const Evidence& evidence, STACK_OF(X509)* pool, std::time_t when) {
    Verdict verdict(cert, issuer, pool, when);
    for (const std::string& der : evidence.ocsps) verdict.ocsp(der);
    for (const std::string& der : evidence.crls) verdict.crl(der);
    return verdict.result();
}

namespace {

// One DER element at `at`: its tag, where its content starts and how long
// it is. False when it does not fit in `der` (or uses the indefinite form).
bool element(const std::string& der, size_t at, unsigned char& tag, size_t& content, size_t& length) {
    if (at + 2 > der.size()) return false;
    tag = static_cast<unsigned char>(der[at]);
    size_t i = at + 1;
    const auto first = static_cast<unsigned char>(der[i++]);
    if (first < 0x80) {
        length = first;
    } else {
        const size_t bytes = first & 0x7f;
        if (bytes == 0 || bytes > 4 || i + bytes > der.size()) return false;
        length = 0;
        for (size_t k = 0; k < bytes; ++k) length = length << 8 | static_cast<unsigned char>(der[i++]);
    }
    content = i;
    return length <= der.size() - content;
}

// The elements of a SEQUENCE OF whose content is der[from, from + length),
// each with its header.
std::vector<std::string> elements_of(const std::string& der, size_t from, size_t length) {
    std::vector<std::string> out;
    for (size_t at = from; at < from + length;) {
        unsigned char tag;
        size_t content, len;
        if (!element(der, at, tag, content, len) || content + len > from + length) break;
        out.push_back(der.substr(at, content + len - at));
        at = content + len;
    }
    return out;
}

}  // namespace

void read_revocation_archival(const std::string& der, Evidence& out) {
    unsigned char tag;
    size_t content, length;
    if (!element(der, 0, tag, content, length) || tag != 0x30) return;
    for (const std::string& field : elements_of(der, content, length)) {
        unsigned char field_tag, inner_tag;
        size_t field_content, field_length, inner_content, inner_length;
        if (!element(field, 0, field_tag, field_content, field_length) ||
            !element(field, field_content, inner_tag, inner_content, inner_length) || inner_tag != 0x30)
            continue;
        std::vector<std::string>* into = field_tag == 0xa0 ? &out.crls : field_tag == 0xa1 ? &out.ocsps : nullptr;
        if (!into) continue;  // otherRevInfo
        for (auto& item : elements_of(field, inner_content, inner_length)) into->push_back(std::move(item));
    }
}

std::vector<std::string> ocsp_signer_certificates(const std::string& ocsp_der, STACK_OF(X509)* pool) {
    std::vector<std::string> out;
    Own<OCSP_RESPONSE> response = ocsp_from_der(ocsp_der);
    if (!response) return out;
    Own<OCSP_BASICRESP> basic(OCSP_response_get1_basic(response.get()));
    ERR_clear_error();
    if (!basic) return out;
    if (X509* signer = responder_of(basic.get(), pool)) out.push_back(der_of(signer));
    return out;
}

std::string vri_key(const std::string& contents) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(contents.data(), contents.size(), digest, &len, EVP_sha1(), nullptr);
    return hex_upper(digest, len);
}

}  // namespace protokoll::sign::ltv

namespace protokoll::sign {

std::string to_string(RevocationStatus status) {
    switch (status) {
    case RevocationStatus::Good: return "good";
    case RevocationStatus::Revoked: return "revoked";
    case RevocationStatus::Unknown: return "unknown";
    case RevocationStatus::NoData: break;
    }
    return "no data";
}

std::string to_string(RevocationSource source) {
    switch (source) {
    case RevocationSource::Ocsp: return "ocsp";
    case RevocationSource::Crl: return "crl";
    case RevocationSource::None: break;
    }
    return "none";
}

}  // namespace protokoll::sign
