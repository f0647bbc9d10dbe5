// verify_file: every signature field and, for each signature, whether its CMS
// matches the bytes it claims to cover, what later revisions changed, which
// PAdES level the CMS reaches and, given trust anchors, whether the signer's
// chain was valid at the claimed signing time.
#include "verify/verify.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "pdfsig/changes.h"
#include "verify/check_cms.h"
#include "pdfsig/fields.h"
#include "verify/hostile.h"
#include "crypto/ltv.h"
#include "crypto/ossl.h"
#include "crypto/signer.h"
#include "crypto/tsa.h"

#include <openssl/ess.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace protokoll::sign {

using namespace PoDoFo;

std::vector<std::string> VerifyReport::reasons() const {
    std::vector<std::string> out;
    if (!problem.empty()) out.push_back(problem);
    if (problem.empty() && !allow_unsigned &&
        std::none_of(fields.begin(), fields.end(), [](const FieldReport& f) { return f.signed_; }))
        out.push_back("the file has no signature");
    for (const auto& t : document_timestamps)
        if (!t.valid) out.push_back("document timestamp \"" + t.field + "\": " + (t.problem.empty() ? std::string("does not verify") : t.problem));
    for (const auto& f : fields) {
        const std::string who = "signature field \"" + f.field + "\": ";
        if (!f.problem.empty()) out.push_back(who + f.problem);
        if (!f.signed_) continue;
        const bool intact = f.digest_ok && f.signature_ok && f.covers_revision;
        if (!intact && f.problem.empty()) out.push_back(who + "the signature does not verify");
        if (intact && !f.changes.checked)
            out.push_back(who + "the revision it signs cannot be read, so later changes cannot be judged");
        for (const auto& change : f.changes.disallowed) out.push_back(who + "changed after signing: " + change);
        if (trust_judged && f.chain.status != "trusted")
            out.push_back(who + "certificate not trusted at signing time: " +
                          (f.chain.problem.empty() ? f.chain.status : f.chain.problem));
        if (!f.timestamp.problem.empty())
            out.push_back(who + "signature-time-stamp: " + f.timestamp.problem);
        else if (f.timestamp.present && trust_judged && f.timestamp.chain.status != "trusted")
            out.push_back(who + "time-stamp authority not trusted at " + f.timestamp.time_utc + ": " +
                          (f.timestamp.chain.problem.empty() ? f.timestamp.chain.status : f.timestamp.chain.problem));
    }
    return out;
}

bool VerifyReport::ok() const { return reasons().empty(); }

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void set_problem(FieldReport& report, const std::string& problem) {
    if (report.problem.empty()) report.problem = problem;
}

size_t set_problem_0(FieldReport& report, const std::string& problem) {
    set_problem(report, problem);
    return 0;
}

struct StoreFree {
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
    void operator()(ESS_SIGNING_CERT_V2* p) const { ESS_SIGNING_CERT_V2_free(p); }
};
template <class T>
using OwnedBy = std::unique_ptr<T, StoreFree>;

using ltv::iso_time;  // one ISO 8601 formatter for verify, seal and sign

CertificateInfo certificate_info(X509* cert) {
    CertificateInfo info;
    info.subject = ossl::name_text(X509_get_subject_name(cert));
    info.issuer = ossl::name_text(X509_get_issuer_name(cert));
    if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr)) {
        if (char* hex = BN_bn2hex(bn)) {
            info.serial = hex;
            OPENSSL_free(hex);
        }
        BN_free(bn);
    }
    info.not_before = ossl::asn1_time_iso(X509_get0_notBefore(cert));
    info.not_after = ossl::asn1_time_iso(X509_get0_notAfter(cert));
    return info;
}

// /M as seconds since 1970 (ltv.h; seal reads it the same way).
using ltv::parse_pdf_date;

// The chain from `cert` to one of the trust anchors, with `untrusted` as
// intermediates, judged at `when` (and for `purpose`, 0 for any): a
// certificate that has expired since is still fine, one that had expired (or
// was not yet valid) then is not. Without a store: "not judged".
void judge_chain(ChainReport& report, X509_STORE* store, X509* cert, STACK_OF(X509)* untrusted, std::time_t when,
                 int purpose = 0) {
    report.checked_at = iso_time(when);
    if (!store) return;  // "not judged"
    OwnedBy<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store, cert, untrusted) != 1 ||
        (purpose && X509_STORE_CTX_set_purpose(ctx.get(), purpose) != 1)) {
        report.status = "untrusted";
        report.problem = "cannot set up certificate verification: " + ossl::last_error();
        return;
    }
    X509_STORE_CTX_set_time(ctx.get(), 0, when);
    const bool trusted = X509_verify_cert(ctx.get()) == 1;
    if (trusted) {
        report.status = "trusted";
        STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
        for (int i = 0; chain && i < sk_X509_num(chain); ++i)
            report.certificates.push_back(ossl::name_text(X509_get_subject_name(sk_X509_value(chain, i))));
    } else {
        report.status = "untrusted";
        report.problem = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
    }
    ERR_clear_error();
}

// The token is intact: it stamps this signature and its TSA signed it. (Its
// TSA's trust is judged apart, in its chain.)
bool intact(const TimestampReport& timestamp) {
    return timestamp.present && timestamp.imprint_ok && timestamp.signature_ok && !timestamp.time_utc.empty();
}

// The signer's chain, with the CMS's certificates as intermediates, judged at
// the best time there is for when it signed: the genTime of an intact
// signature-time-stamp (proven), else the claimed /M, else now.
void check_chain(FieldReport& report, X509_STORE* store, X509* signer, STACK_OF(X509)* untrusted,
                 std::time_t stamped_at) {
    std::time_t when = stamped_at;
    const bool have_time = intact(report.timestamp) || parse_pdf_date(report.time, when);
    if (!have_time) when = std::time(nullptr);
    judge_chain(report.chain, store, signer, untrusted, when);
    if (!have_time && store)
        report.chain.problem += (report.chain.problem.empty() ? "" : "; ") +
                                std::string("no readable /M: judged at the current time");
}

// Claims and proof may differ by a clock's error and the round trip to the
// TSA; a claimed time later than that is no error of clocks.
constexpr std::time_t claimed_time_tolerance = 5 * 60;

// The signature-time-stamp (PAdES B-T): the first token of the unsigned
// attribute id-aa-signatureTimeStampToken, checked against the signature
// value it must stamp; its TSA's chain against the trust anchors at genTime.
// Returns genTime (0 when there is no intact token).
std::time_t check_timestamp(FieldReport& report, CMS_SignerInfo* si, X509_STORE* store) {
    const int index = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    if (index < 0) return 0;
    TimestampReport& ts = report.timestamp;
    ts.present = true;
    const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, index), 0);
    if (!value || value->type != V_ASN1_SEQUENCE) {
        ts.problem = "the signature-time-stamp attribute holds no token";
        return 0;
    }
    const std::string token(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.sequence)),
                            static_cast<size_t>(ASN1_STRING_length(value->value.sequence)));
    const ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(si);
    const tsa::TokenInfo info = tsa::inspect_token(
        token, std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(signature)),
                           static_cast<size_t>(ASN1_STRING_length(signature))));
    ts.time_utc = info.time_utc;
    ts.tsa = info.tsa_subject;
    ts.serial = info.serial;
    ts.policy = info.policy;
    ts.digest_algorithm = info.digest_algorithm;
    ts.imprint_ok = info.imprint_matches;
    ts.signature_ok = info.signature_ok;
    if (info.parsed && !info.imprint_matches)
        ts.problem = "the token does not stamp this signature: its message imprint is not the hash of the signature value";
    else if (!info.problem.empty())
        ts.problem = info.problem;
    if (!intact(ts)) return 0;

    ossl::Ptr<STACK_OF(X509)> certs(sk_X509_new_null());
    for (const auto& der : info.certificates_der) {
        const auto* p = reinterpret_cast<const unsigned char*>(der.data());
        if (X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size())); cert && sk_X509_push(certs.get(), cert) <= 0)
            X509_free(cert);
    }
    if (sk_X509_num(certs.get()) > 0)
        judge_chain(ts.chain, store, sk_X509_value(certs.get(), 0), certs.get(), info.time, X509_PURPOSE_TIMESTAMP_SIGN);
    std::time_t claimed = 0;
    if (parse_pdf_date(report.time, claimed) && claimed > info.time + claimed_time_tolerance)
        ts.problem = "the claimed signing time /M (" + report.time_utc + ") is more than 5 minutes after the time-stamp (" +
                     ts.time_utc + "): the signature existed before the time it claims";
    return info.time;
}

// The PAdES-relevant attributes of the SignerInfo; the level is decided once
// the document's /DSS is known.
void check_pades(FieldReport& report, CMS_SignerInfo* si, X509* signer, const EVP_MD* md) {
    std::string name = OBJ_nid2sn(EVP_MD_get_type(md));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    report.pades.digest_algorithm = name;
    report.pades.signing_time_attribute = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0;
    report.pades.timestamp_token = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) >= 0;
    report.pades.signing_certificate_v2 =
        CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0;
    if (!report.pades.signing_certificate_v2) return;
    // The attribute binds the signer's certificate into the signed data: a
    // certificate swapped in afterwards no longer matches its hash.
    const auto* value = static_cast<const ASN1_STRING*>(CMS_signed_get0_data_by_OBJ(
        si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE));
    if (!value) return;
    const unsigned char* p = ASN1_STRING_get0_data(value);
    OwnedBy<ESS_SIGNING_CERT_V2> ess(d2i_ESS_SIGNING_CERT_V2(nullptr, &p, ASN1_STRING_length(value)));
    ossl::Ptr<STACK_OF(X509)> chain(sk_X509_new_null());
    if (ess && chain && X509_up_ref(signer) == 1) {
        if (sk_X509_push(chain.get(), signer) <= 0) X509_free(signer);
        else report.pades.signing_certificate_matches = OSSL_ESS_check_signing_certs(nullptr, ess.get(), chain.get(), 1) > 0;
    }
    ERR_clear_error();
}

// The document's validation data (/DSS): every certificate, OCSP response
// and CRL it holds, and its /VRI entries by key.
struct Dss {
    struct Entry {
        std::vector<std::string> certs, ocsps, crls;
    };
    Entry global;
    std::map<std::string, Entry> vri;
};

// What every signature is checked with: the --trust anchors (as a store
// and as certificates, for chains built by hand) and the /DSS.
struct Context {
    X509_STORE* store = nullptr;
    STACK_OF(X509)* anchors = nullptr;
    const Dss* dss = nullptr;
    bool allow_signer_mismatch = false;
};

// An adbe-revocationInfoArchival signed attribute (Adobe's PDF signatures,
// OID 1.2.840.113583.1.1.8): SEQUENCE { crl [0] EXPLICIT SEQUENCE OF
// CertificateList OPTIONAL, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse
// OPTIONAL, otherRevInfo [2] … }. Its CRLs and OCSP responses, DER.
void read_revocation_archival(CMS_SignerInfo* si, ltv::Evidence& out) {
    ASN1_OBJECT* object = OBJ_txt2obj("1.2.840.113583.1.1.8", 1);
    if (!object) return;
    const int at = CMS_signed_get_attr_by_OBJ(si, object, -1);
    ASN1_OBJECT_free(object);
    if (at < 0) return;
    ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, at), 0);
    if (!value || value->type != V_ASN1_SEQUENCE) return;
    ltv::read_revocation_archival(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.sequence)),
                                              static_cast<size_t>(ASN1_STRING_length(value->value.sequence))),
                                  out);
}

// The signer certificate may sign documents: with a keyUsage extension,
// digitalSignature or nonRepudiation (contentCommitment) must be set.
bool key_usage_allows_signing(X509* cert) {
    if (!(X509_get_extension_flags(cert) & EXFLAG_KUSAGE)) return true;
    return (X509_get_key_usage(cert) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
}

// Revocation of the signer's chain, judged offline at the signing time from
// the file's validation data; and whether the /DSS alone covers the chain
// (PAdES B-LT). A certificate revoked at or before the signing time fails
// the signature; revoked later, it fails unless a timestamp proves the
// signature is older than the revocation (ETSI EN 319 102-1: without proof
// of existence the claimed /M could have been written after it).
void check_revocation(FieldReport& report, CMS_ContentInfo* cms, CMS_SignerInfo* si, X509* signer,
                      STACK_OF(X509)* cms_certs, const std::string& contents, const Context& context,
                      std::time_t stamped_at) {
    const Dss empty;
    const Dss& dss = context.dss ? *context.dss : empty;
    ossl::Ptr<STACK_OF(X509)> pool(sk_X509_new_null());
    auto add = [&](X509* cert) {
        if (cert && X509_up_ref(cert) == 1 && sk_X509_push(pool.get(), cert) <= 0) X509_free(cert);
    };
    for (int i = 0; cms_certs && i < sk_X509_num(cms_certs); ++i) add(sk_X509_value(cms_certs, i));
    for (int i = 0; context.anchors && i < sk_X509_num(context.anchors); ++i) add(sk_X509_value(context.anchors, i));

    // The /VRI entry is keyed by the SHA-1 of /Contents as written (padding
    // included, as seal and pyHanko write it) or, by some producers, of the
    // DER alone.
    const Dss::Entry* vri = nullptr;
    std::string trimmed = contents;
    {
        const auto* p = reinterpret_cast<const unsigned char*>(contents.data());
        const unsigned char* start = p;
        ossl::Ptr<CMS_ContentInfo> probe(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(contents.size())));
        if (probe) trimmed.resize(static_cast<size_t>(p - start));
        ERR_clear_error();
    }
    for (const std::string& key : {ltv::vri_key(contents), ltv::vri_key(trimmed)})
        if (auto found = dss.vri.find(key); found != dss.vri.end() && !vri) vri = &found->second;

    ltv::Evidence from_dss, all;
    auto take = [&](const Dss::Entry& entry) {
        for (const auto& der : entry.certs)
            if (ossl::Ptr<X509> cert = ltv::certificate_from_der(der)) add(cert.get());
        for (const auto& der : entry.ocsps) from_dss.ocsps.push_back(der);
        for (const auto& der : entry.crls) from_dss.crls.push_back(der);
    };
    if (vri) take(*vri);
    take(dss.global);
    all = from_dss;
    {
        STACK_OF(X509_CRL)* in_cms = CMS_get1_crls(cms);
        for (int i = 0; in_cms && i < sk_X509_CRL_num(in_cms); ++i) {
            X509_CRL* crl = sk_X509_CRL_value(in_cms, i);
            unsigned char* der = nullptr;
            const int len = i2d_X509_CRL(crl, &der);
            if (len > 0) all.crls.emplace_back(reinterpret_cast<char*>(der), static_cast<size_t>(len));
            OPENSSL_free(der);
        }
        sk_X509_CRL_pop_free(in_cms, X509_CRL_free);
        ERR_clear_error();
    }
    read_revocation_archival(si, all);

    // The time of interest: when the signature was made. An intact
    // signature timestamp (whose TSA chain, when judged, is trusted) proves
    // it existed at genTime; otherwise /M claims a time, else now.
    const bool time_proven = stamped_at != 0 && report.timestamp.problem.empty() &&
                             report.timestamp.chain.status != "untrusted";
    std::time_t when = stamped_at;
    if (!time_proven && !ltv::parse_pdf_date(report.time, when)) when = std::time(nullptr);
    report.revocation.checked_at = ltv::iso_time(when);

    ossl::Ptr<STACK_OF(X509)> chain = ltv::build_chain(signer, pool.get());
    const int n = sk_X509_num(chain.get());
    // The root (self-signed, or a --trust anchor) needs no revocation data.
    auto is_root = [&](X509* cert) {
        if (ltv::self_signed(cert)) return true;
        for (int i = 0; context.anchors && i < sk_X509_num(context.anchors); ++i)
            if (X509_cmp(cert, sk_X509_value(context.anchors, i)) == 0) return true;
        return false;
    };
    bool covered = n > 0 && is_root(sk_X509_value(chain.get(), n - 1));
    for (int i = 0; i < n; ++i) {
        X509* cert = sk_X509_value(chain.get(), i);
        if (is_root(cert)) break;
        X509* issuer = i + 1 < n ? sk_X509_value(chain.get(), i + 1) : nullptr;
        ltv::Status status;
        if (issuer) status = ltv::judge(cert, issuer, all, pool.get(), when);
        if (!issuer || !ltv::judge(cert, issuer, from_dss, pool.get(), when).decided()) covered = false;
        const std::string whose = i == 0 ? "the signer's certificate (" + report.signer + ")"
                                         : "the CA certificate \"" + ltv::subject_of(cert) + "\"";
        if (i == 0) {
            RevocationReport& r = report.revocation;
            r.status = status.status;
            r.source = status.source;
            r.this_update = ltv::iso_time(status.checked_at);
            r.revocation_time = ltv::iso_time(status.revoked_at);
            r.reason = status.reason;
            r.note = status.note;
            if (status.status == "no data") r.note = "the file holds no revocation data for it";
        }
        if (status.status != "revoked") continue;
        const std::string revoked = whose + " was revoked at " + ltv::iso_time(status.revoked_at) +
                                    (status.reason.empty() ? "" : " (" + status.reason + ")");
        std::string why;
        if (status.revoked_at <= when)
            why = revoked + ", before the signing time " + ltv::iso_time(when);
        else if (!time_proven)
            why = revoked + ", after the claimed signing time " + ltv::iso_time(when) +
                  ", but no timestamp proves the signature existed before the revocation";
        if (!why.empty()) {
            set_problem(report, why);
            if (i == 0) report.revocation.note = why;
        } else if (i == 0) {
            report.revocation.note = "revoked after the timestamp-proven signing time " + ltv::iso_time(when) +
                                     ": the signature stays valid";
        }
    }
    report.pades.validation_data = covered;
}

void check_integrity(FieldReport& report, CMS_ContentInfo* cms, CMS_SignerInfo* si, X509* signer_cert,
                     const std::string& content);

// The CMS part: digest over the signed bytes against messageDigest, and the
// signature over the signed attributes with the embedded signer certificate;
// then the certificate, the PAdES attributes, the chain, the key usage and
// revocation.
void check_cms(FieldReport& report, const std::string& der, const std::string& content, const Context& context) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    // /Contents is zero-padded after the DER; d2i stops at the DER's own length.
    ossl::Ptr<CMS_ContentInfo> cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    if (!cms) {
        ERR_clear_error();
        return set_problem(report, "/Contents is not a CMS signature");
    }
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    if (!infos || sk_CMS_SignerInfo_num(infos) != 1)
        return set_problem(report, "the CMS must hold exactly one signer");
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);

    ossl::Ptr<STACK_OF(X509)> certs(CMS_get1_certs(cms.get()));
    X509* signer_cert = nullptr;
    for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i)
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs.get(), i)) == 0) signer_cert = sk_X509_value(certs.get(), i);
    if (!signer_cert) return set_problem(report, "the CMS does not contain the signer's certificate");
    CMS_SignerInfo_set1_signer_cert(si, signer_cert);
    report.signer = ossl::common_name(signer_cert);
    report.certificate = certificate_info(signer_cert);
    const std::time_t stamped_at = check_timestamp(report, si, context.store);
    check_chain(report, context.store, signer_cert, certs.get(), stamped_at);
    check_integrity(report, cms.get(), si, signer_cert, content);
    // After the integrity checks, so that their problem comes first.
    report.key_usage_ok = key_usage_allows_signing(signer_cert);
    if (!report.key_usage_ok)
        set_problem(report, "the signer's certificate does not allow signing (keyUsage has neither digitalSignature nor nonRepudiation)");
    report.signer_matches_field = detail::certificate_names_person(signer_cert, report.person);
    if (!report.signer_matches_field && !context.allow_signer_mismatch)
        set_problem(report, "signed by " + detail::quoted_names(signer_cert) + " (" + report.certificate.subject +
                                "), whose certificate does not name the field's person \"" + report.person + "\"" +
                                (report.signer_mismatch_acknowledged
                                     ? "; the signature records that the signer knew (/Reason: signer mismatch acknowledged)"
                                     : ""));
    check_revocation(report, cms.get(), si, signer_cert, certs.get(), der, context, stamped_at);
}

// Digest and signature of the CMS, and the PAdES attributes.
void check_integrity(FieldReport& report, CMS_ContentInfo* cms, CMS_SignerInfo* si, X509* signer_cert,
                     const std::string& content) {
    X509_ALGOR* digest_alg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest_alg, nullptr);
    const ASN1_OBJECT* digest_oid = nullptr;
    if (digest_alg) X509_ALGOR_get0(&digest_oid, nullptr, nullptr, digest_alg);
    const EVP_MD* md = digest_oid ? EVP_get_digestbyobj(digest_oid) : nullptr;
    if (!md) return set_problem(report, "unknown digest algorithm in the CMS");
    check_pades(report, si, signer_cert, md);

    ossl::Ptr<BIO> data(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
    if (CMS_signed_get_attr_count(si) < 0) {
        // No signed attributes (plain PKCS#7): the signature is over the content
        // itself, so digest and signature stand or fall together.
        bool ok = CMS_verify(cms, nullptr, nullptr, data.get(), nullptr,
                             CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
        ERR_clear_error();
        report.digest_ok = report.signature_ok = ok;
        if (!ok) set_problem(report, "the CMS signature does not match the signed bytes");
        return;
    }

    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    EVP_Digest(content.data(), content.size(), digest, &digest_len, md, nullptr);
    const auto* message_digest = static_cast<const ASN1_OCTET_STRING*>(
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
    report.digest_ok = message_digest && static_cast<unsigned>(ASN1_STRING_length(message_digest)) == digest_len &&
                       std::memcmp(ASN1_STRING_get0_data(message_digest), digest, digest_len) == 0;
    report.signature_ok = CMS_SignerInfo_verify(si) == 1;
    ERR_clear_error();
    if (!report.digest_ok) set_problem(report, "the signed bytes were changed: digest does not match the CMS messageDigest");
    if (!report.signature_ok) set_problem(report, "the CMS signature does not verify with the signer's certificate");
    if (report.digest_ok && report.signature_ok) {
        // Second opinion from OpenSSL's own complete check (digest + signature).
        if (CMS_verify(cms, nullptr, nullptr, data.get(), nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
            set_problem(report, "OpenSSL CMS_verify rejects the signature: " + ossl::last_error());
            report.signature_ok = false;
        }
    }
    if (report.pades.signing_certificate_v2 && !report.pades.signing_certificate_matches)
        set_problem(report, "the signing-certificate-v2 attribute does not name the embedded signer certificate");
}

using Gap = std::pair<size_t, size_t>;  // the unsigned hole of a /ByteRange: [b, c)

// Returns where the signature's byte range ends, 0 when it has none usable;
// `gap` receives the range's hole.
size_t read_signed_range(FieldReport& report, PdfVecObjects& objects, const PdfDictionary& dict, const std::string& bytes,
                         Gap& gap, std::string& der, std::string& content);

size_t check_signature(FieldReport& report, PdfVecObjects& objects, PdfObject* sig, const std::string& bytes,
                       Gap& gap, const Context& context) {
    const PdfDictionary& dict = sig->GetDictionary();
    if (const PdfObject* m = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("M"))); m && m->IsString())
        report.time = m->GetString().GetStringUtf8();
    if (std::time_t t = 0; parse_pdf_date(report.time, t)) report.time_utc = iso_time(t);
    if (const PdfObject* reason = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("Reason")));
        reason && (reason->IsString() || reason->IsHexString()))
        report.signer_mismatch_acknowledged = detail::records_mismatch(reason->GetString().GetStringUtf8());
    if (const PdfObject* sub = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("SubFilter")));
        sub && sub->IsName())
        report.pades.sub_filter = sub->GetName().GetName();
    if (const PdfObject* sub = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("SubFilter")));
        !sub || !sub->IsName() ||
        (sub->GetName().GetName() != "ETSI.CAdES.detached" && sub->GetName().GetName() != "adbe.pkcs7.detached"))
        return set_problem_0(report, "unsupported /SubFilter (expected ETSI.CAdES.detached or adbe.pkcs7.detached)");
    std::string der, content;
    const size_t end = read_signed_range(report, objects, dict, bytes, gap, der, content);
    if (!der.empty()) check_cms(report, der, content, context);
    return end;
}

// The /ByteRange of a signature (or document timestamp) dictionary: sets
// report.byte_range, covers_revision and problem, `gap` to its hole, `der` to
// the /Contents bytes when the hole is exactly that hex string (else empty)
// and `content` to the signed bytes. Returns where the range ends, 0 when
// it has none usable.
size_t read_signed_range(FieldReport& report, PdfVecObjects& objects, const PdfDictionary& dict, const std::string& bytes,
                         Gap& gap, std::string& der, std::string& content) {
    const PdfObject* range = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("ByteRange")));
    if (!range || !range->IsArray() || range->GetArray().size() != 4)
        return set_problem_0(report, "missing or malformed /ByteRange");
    long long r[4];
    for (int i = 0; i < 4; ++i) {
        const PdfObject& n = range->GetArray()[i];
        if (!n.IsNumber()) return set_problem_0(report, "malformed /ByteRange");
        r[i] = n.GetNumber();
    }
    report.byte_range.assign(r, r + 4);
    const long long size = static_cast<long long>(bytes.size());
    if (r[0] != 0 || r[1] <= 0 || r[2] <= r[1] + 1 || r[3] < 0 || r[1] > size || r[2] > size || r[3] > size - r[2])
        return set_problem_0(report, "/ByteRange [" + std::to_string(r[0]) + " " + std::to_string(r[1]) + " " +
                                       std::to_string(r[2]) + " " + std::to_string(r[3]) + "] does not fit the file");
    const size_t a = static_cast<size_t>(r[1]), b = static_cast<size_t>(r[2]), end = b + static_cast<size_t>(r[3]);
    gap = {a, b};

    // The gap must be exactly the /Contents hex string, so that nothing but the
    // signature itself is left unsigned.
    bool gap_ok = bytes[a] == '<' && bytes[b - 1] == '>' && (b - a - 2) % 2 == 0;
    for (size_t i = a + 1; gap_ok && i + 1 < b; i += 2) {
        int hi = hex_value(bytes[i]), lo = hex_value(bytes[i + 1]);
        if (hi < 0 || lo < 0) gap_ok = false;
        else der += static_cast<char>(hi * 16 + lo);
    }
    const PdfObject* contents = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("Contents")));
    if (!gap_ok || !contents || !contents->IsHexString() ||
        std::string(contents->GetString().GetString(), contents->GetString().GetLength()) != der) {
        set_problem(report, "the gap in /ByteRange is not exactly the /Contents hex string");
        gap_ok = false;
    }

    // A revision ends after its %%EOF (detail::revision_ends) or the end of line after it.
    for (size_t revision_end : detail::revision_ends(bytes)) {
        size_t e = revision_end;
        if (e == end || (e < bytes.size() && bytes[e] == '\r' && ++e == end) || (e < bytes.size() && bytes[e] == '\n' && ++e == end))
            report.covers_revision = gap_ok;
    }
    if (!report.covers_revision && gap_ok)
        set_problem(report, "/ByteRange ends at " + std::to_string(end) + ", not at the end of a revision (%%EOF)");

    if (!gap_ok) {
        der.clear();
        return end;
    }
    content = bytes.substr(0, a) + bytes.substr(b, end - b);
    return end;
}

// A signature dictionary that is a document timestamp (/Type /DocTimeStamp,
// /SubFilter /ETSI.RFC3161) rather than someone's signature.
bool is_document_timestamp(PdfVecObjects& objects, const PdfDictionary& dict) {
    const PdfObject* sub = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("SubFilter")));
    const PdfObject* type = dict.GetKey("Type");
    return (type && type->IsName() && type->GetName().GetName() == "DocTimeStamp") ||
           (sub && sub->IsName() && sub->GetName().GetName() == "ETSI.RFC3161");
}

// A document timestamp: its token must stamp exactly its byte ranges (the
// SHA-256, or whatever it names, of the file up to it but its /Contents), be
// signed by the TSA it carries and end a revision; with --trust the TSA's
// chain must be trusted for time-stamping at genTime. Whether the /DSS was
// there in what it covers is read from that revision. Returns its range end.
size_t check_document_timestamp(DocumentTimestampReport& t, PdfVecObjects& objects, const PdfDictionary& dict,
                                const std::string& bytes, Gap& gap, const Context& context) {
    FieldReport range;
    std::string der, content;
    const size_t end = read_signed_range(range, objects, dict, bytes, gap, der, content);
    t.covers = static_cast<long long>(end);
    if (der.empty()) {
        t.problem = range.problem.empty() ? "unreadable /ByteRange or /Contents" : range.problem;
        return end;
    }
    const tsa::TokenInfo info = tsa::inspect_token(der, content);
    t.time = info.time_utc;
    t.tsa = info.tsa_subject;
    ChainReport chain;
    ossl::Ptr<STACK_OF(X509)> certs(sk_X509_new_null());
    for (const auto& cert_der : info.certificates_der)
        if (ossl::Ptr<X509> cert = ltv::certificate_from_der(cert_der); cert && sk_X509_push(certs.get(), cert.get()) > 0)
            cert.release();
    if (sk_X509_num(certs.get()) > 0)
        judge_chain(chain, context.store, sk_X509_value(certs.get(), 0), certs.get(), info.time, X509_PURPOSE_TIMESTAMP_SIGN);
    if (!range.problem.empty())
        t.problem = range.problem;
    else if (info.parsed && !info.imprint_matches)
        t.problem = "the token does not stamp this file: its message imprint is not the hash of the byte ranges";
    else if (!info.problem.empty())
        t.problem = info.problem;
    else if (context.store && chain.status != "trusted")
        t.problem = "the time-stamp authority is not trusted at " + info.time_utc + ": " + chain.problem;
    t.valid = t.problem.empty() && range.covers_revision && info.parsed && info.imprint_matches && info.signature_ok;
    try {
        PdfMemDocument then;
        then.LoadFromBuffer(bytes.data(), static_cast<long>(end), false);
        PdfObject* catalog = then.GetCatalog();
        t.covers_dss = catalog && catalog->IsDictionary() && catalog->GetDictionary().HasKey("DSS");
    } catch (const PdfError&) {
        t.covers_dss = false;
    }
    return end;
}

// Every "/ByteRange [a b c d]" in the raw bytes, as its hole, or as {offset, 0}
// when it cannot be read. PoDoFo only shows the signatures reachable from the
// form; this finds the ones that damage has cut off from it.
std::vector<std::pair<size_t, Gap>> raw_byte_ranges(const std::string& bytes) {
    std::vector<std::pair<size_t, Gap>> out;
    const std::string key = "/ByteRange";
    for (size_t at = bytes.find(key); at != std::string::npos; at = bytes.find(key, at + 1)) {
        size_t i = at + key.size();
        auto skip_space = [&] { while (i < bytes.size() && std::strchr(" \t\r\n\f", bytes[i]) && bytes[i]) ++i; };
        unsigned long long r[4] = {0, 0, 0, 0};
        bool ok = true;
        skip_space();
        if (i >= bytes.size() || bytes[i] != '[') ok = false;
        ++i;
        for (int n = 0; ok && n < 4; ++n) {
            skip_space();
            size_t digits = 0;
            while (i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9' && digits < 18) {
                r[n] = r[n] * 10 + static_cast<unsigned>(bytes[i] - '0');
                ++i, ++digits;
            }
            if (digits == 0 || digits >= 18) ok = false;
        }
        skip_space();
        if (ok && (i >= bytes.size() || bytes[i] != ']')) ok = false;
        out.push_back({at, ok ? Gap{static_cast<size_t>(r[1]), static_cast<size_t>(r[2])} : Gap{at, 0}});
    }
    return out;
}


// The PDF/A claim of the XMP in /Metadata: pdfaid:part and pdfaid:conformance,
// written as attributes or as elements.
std::string xmp_value(const std::string& xmp, const std::string& name) {
    size_t at = xmp.find(name);
    while (at != std::string::npos) {
        size_t i = at + name.size();
        while (i < xmp.size() && (xmp[i] == ' ' || xmp[i] == '\n' || xmp[i] == '\r' || xmp[i] == '\t')) ++i;
        if (i < xmp.size() && (xmp[i] == '=' || xmp[i] == '>')) {
            const bool attribute = xmp[i] == '=';
            ++i;
            while (attribute && i < xmp.size() && xmp[i] == ' ') ++i;
            if (attribute && i < xmp.size() && (xmp[i] == '"' || xmp[i] == '\'')) {
                size_t close = xmp.find(xmp[i], i + 1);
                if (close != std::string::npos) return xmp.substr(i + 1, close - i - 1);
            } else if (!attribute) {
                size_t close = xmp.find('<', i);
                if (close != std::string::npos) return xmp.substr(i, close - i);
            }
        }
        at = xmp.find(name, at + 1);
    }
    return {};
}

void read_pdfa_claim(VerifyReport& report, PdfMemDocument& doc) {
    try {
        PdfObject* catalog = doc.GetCatalog();
        if (!catalog || !catalog->IsDictionary()) return;
        report.dss = catalog->GetDictionary().HasKey("DSS");
        PdfObject* metadata = detail::resolve(doc.GetObjects(), catalog->GetDictionary().GetKey("Metadata"));
        if (!metadata || !metadata->HasStream()) return;
        char* buffer = nullptr;
        pdf_long length = 0;
        metadata->GetStream()->GetFilteredCopy(&buffer, &length);
        std::string xmp = buffer ? std::string(buffer, static_cast<size_t>(length)) : std::string();
        podofo_free(buffer);
        report.pdfa_part = xmp_value(xmp, "pdfaid:part");
        report.pdfa_conformance = xmp_value(xmp, "pdfaid:conformance");
    } catch (const PdfError&) {
        // No readable claim: reported as none.
    }
}

// PAdES baseline levels build on each other: B-B (CAdES detached with
// signing-certificate-v2 naming the signer, no signingTime), + an intact
// signature timestamp = B-T, + validation data in the document = B-LT.
void decide_pades_level(PadesReport& pades, const TimestampReport& timestamp) {
    const bool bb = pades.sub_filter == "ETSI.CAdES.detached" && pades.signing_certificate_v2 &&
                    pades.signing_certificate_matches && !pades.signing_time_attribute;
    const bool bt = pades.timestamp_token && intact(timestamp);
    pades.level = !bb ? "none" : !bt ? "B-B" : !(pades.dss && pades.validation_data) ? "B-T" : "B-LT";
}

// The streams' data of an array of stream references (/Certs, /OCSP, …).
std::vector<std::string> stream_data(PdfVecObjects& objects, const PdfObject* array) {
    std::vector<std::string> out;
    const PdfObject* value = detail::resolve(objects, const_cast<PdfObject*>(array));
    if (!value || !value->IsArray()) return out;
    for (const PdfObject& item : value->GetArray()) {
        PdfObject* stream = detail::resolve(objects, const_cast<PdfObject*>(&item));
        if (!stream || !stream->HasStream()) continue;
        try {
            char* buffer = nullptr;
            pdf_long length = 0;
            stream->GetStream()->GetFilteredCopy(&buffer, &length);
            if (buffer) out.emplace_back(buffer, static_cast<size_t>(length));
            podofo_free(buffer);
        } catch (const PdfError&) {
            // An undecodable stream is no evidence.
        }
    }
    return out;
}

// The catalog's /DSS: global arrays and /VRI entries (ISO 32000-2, ETSI EN 319 142-1).
Dss read_dss(PdfMemDocument& doc) {
    Dss out;
    try {
        PdfVecObjects& objects = doc.GetObjects();
        PdfObject* catalog = doc.GetCatalog();
        PdfObject* dss = catalog && catalog->IsDictionary() ? detail::resolve(objects, catalog->GetDictionary().GetKey("DSS")) : nullptr;
        if (!dss || !dss->IsDictionary()) return out;
        const PdfDictionary& dict = dss->GetDictionary();
        out.global.certs = stream_data(objects, dict.GetKey("Certs"));
        out.global.ocsps = stream_data(objects, dict.GetKey("OCSPs"));
        out.global.crls = stream_data(objects, dict.GetKey("CRLs"));
        PdfObject* vri = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("VRI")));
        if (vri && vri->IsDictionary()) {
            for (const auto& [name, value] : vri->GetDictionary().GetKeys()) {
                PdfObject* entry = detail::resolve(objects, value);
                if (!entry || !entry->IsDictionary()) continue;
                std::string key = name.GetName();
                std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::toupper(c); });
                Dss::Entry& e = out.vri[key];
                e.certs = stream_data(objects, entry->GetDictionary().GetKey("Cert"));
                e.ocsps = stream_data(objects, entry->GetDictionary().GetKey("OCSP"));
                e.crls = stream_data(objects, entry->GetDictionary().GetKey("CRL"));
            }
        }
    } catch (const PdfError&) {
        // A damaged /DSS gives what could be read.
    }
    return out;
}

// The certificates of the --trust files (trust_store has checked them).
ossl::Ptr<STACK_OF(X509)> trust_certificates(const std::vector<std::string>& files) {
    ossl::Ptr<STACK_OF(X509)> out(sk_X509_new_null());
    for (const auto& file : files) {
        const std::string pem = read_file(file);
        ossl::Ptr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
        while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
            if (sk_X509_push(out.get(), cert) <= 0) X509_free(cert);
        ERR_clear_error();
    }
    return out;
}

// The trust anchors of --trust as a store; BadInput when a file has none.
OwnedBy<X509_STORE> trust_store(const std::vector<std::string>& files) {
    if (files.empty()) return nullptr;
    OwnedBy<X509_STORE> store(X509_STORE_new());
    for (const auto& file : files) {
        const std::string pem = read_file(file);
        ossl::Ptr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
        int count = 0;
        while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
            X509_STORE_add_cert(store.get(), cert);
            X509_free(cert);
            ++count;
        }
        ERR_clear_error();
        if (count == 0) fail(SourceLocation{file, 0, 0}, "no PEM certificate in the trust file");
    }
    return store;
}

}  // namespace

void detail::check_cms_der(FieldReport& report, const std::string& der, const std::string& content, X509_STORE* store,
                           STACK_OF(X509)* anchors) {
    const Dss none;
    Context context;
    context.store = store;
    context.anchors = anchors;
    context.dss = &none;
    check_cms(report, der, content, context);
}

VerifyReport verify_file(const std::string& path) { return verify_file(path, VerifyOptions{}); }

VerifyReport verify_file(const std::string& path, const VerifyOptions& options) {
    return verify_bytes(read_file(path), path, options);
}

VerifyReport verify_bytes(const std::string& bytes, const std::string& path, const VerifyOptions& options) {
    return verify_bytes(bytes, path, options, ScreenLimits{});
}

VerifyReport verify_bytes(const std::string& bytes, const std::string& path, const VerifyOptions& options,
                          const ScreenLimits& limits) {
    OwnedBy<X509_STORE> store = trust_store(options.trust_files);
    ossl::Ptr<STACK_OF(X509)> anchors = trust_certificates(options.trust_files);
    if (bytes.compare(0, 5, "%PDF-") != 0) fail(SourceLocation{path, 0, 0}, "not a PDF file");
    detail::QuietPodofo quiet;
    VerifyReport report;
    report.trust_judged = store != nullptr;
    report.allow_unsigned = options.allow_unsigned;
    report.allow_signer_mismatch = options.allow_signer_mismatch;
    // Before PoDoFo: what would crash, hang or exhaust it (hostile.h).
    if (const std::string why = screen_pdf(bytes, limits); !why.empty()) {
        report.problem = hostile_file(why);
        return report;
    }
    PdfMemDocument doc;
    std::vector<detail::SigField> fields;
    try {
        detail::load_keeping_mod_date(doc, bytes, false);
        fields = detail::signature_fields(doc);
    } catch (const PdfError& e) {
        // It claims to be a PDF but cannot be read: damage, which fails
        // verification (exit 1) rather than being bad input.
        report.problem = "cannot read PDF: " + detail::describe(e);
        return report;
    }
    // A file must end with %%EOF (and whitespace): anything else after the last
    // one is an update cut short, which PoDoFo would silently skip.
    size_t last_eof = bytes.rfind("%%EOF");
    size_t tail = last_eof == std::string::npos ? bytes.size() : last_eof + 5;
    while (tail < bytes.size() && std::strchr(" \t\r\n\f", bytes[tail]) && bytes[tail] != '\0') ++tail;
    if (last_eof == std::string::npos)
        report.problem = "no %%EOF: the file is truncated";
    else if (tail != bytes.size())
        report.problem = std::to_string(bytes.size() - tail) +
                         " bytes follow the last %%EOF: the file is truncated or an update is incomplete";

    read_pdfa_claim(report, doc);
    detail::History history(bytes, doc);
    const Dss dss = read_dss(doc);
    Context context;
    context.store = store.get();
    context.anchors = anchors.get();
    context.dss = &dss;
    context.allow_signer_mismatch = options.allow_signer_mismatch;

    size_t newest_end = 0;
    std::vector<Gap> checked;
    for (const auto& field : fields) {
        FieldReport r;
        r.field = field.name;
        try {
            r.person = detail::field_person(doc.GetObjects(), field);
            const PdfObject* v = field.object->GetDictionary().GetKey("V");
            r.signed_ = v && !v->IsNull();  // even when it turns out unreadable
            PdfObject* value = detail::resolve(doc.GetObjects(), const_cast<PdfObject*>(v));
            if (r.signed_ && value && value->IsDictionary() && is_document_timestamp(doc.GetObjects(), value->GetDictionary())) {
                // Not a signer's: reported apart (B-LTA).
                DocumentTimestampReport t;
                t.field = field.name;
                Gap gap{0, 0};
                newest_end = std::max(newest_end, check_document_timestamp(t, doc.GetObjects(), value->GetDictionary(), bytes, gap, context));
                checked.push_back(gap);
                report.document_timestamps.push_back(std::move(t));
                continue;
            }
            if (r.signed_) {
                Gap gap{0, 0};
                if (value && value->IsDictionary()) {
                    r.pades.dss = report.dss;
                    const size_t end = check_signature(r, doc.GetObjects(), value, bytes, gap, context);
                    newest_end = std::max(newest_end, end);
                    r.docmdp = detail::docmdp_permissions(doc, v);
                    if (end > 0 && r.covers_revision) r.changes = history.judge(end, r.docmdp);
                    r.pades.dss = report.dss;
                    decide_pades_level(r.pades, r.timestamp);
                } else
                    set_problem(r, "/V is not a signature dictionary");
                checked.push_back(gap);
            }
        } catch (const PdfError& e) {
            // A broken object inside one signature fails that signature, not the report.
            set_problem(r, "cannot read the signature: " + detail::describe(e));
        }
        report.fields.push_back(std::move(r));
    }
    // B-LTA: B-LT, and a valid document timestamp over the /DSS.
    const bool archived = std::any_of(report.document_timestamps.begin(), report.document_timestamps.end(),
                                      [](const DocumentTimestampReport& t) { return t.valid && t.covers_dss; });
    for (auto& f : report.fields)
        if (archived && f.pades.level == "B-LT") f.pades.level = "B-LTA";
    // Covers the file to its end: bytes appended without a %%EOF count too.
    size_t content_end = bytes.size();
    while (content_end > 0 && std::strchr(" \t\r\n\f", bytes[content_end - 1]) && bytes[content_end - 1] != '\0')
        --content_end;
    report.last_covers_file = newest_end > 0 && newest_end >= content_end;
    if (report.problem.empty()) {
        for (const auto& [offset, gap] : raw_byte_ranges(bytes)) {
            if (gap.second == 0) {
                report.problem = "unreadable /ByteRange at byte " + std::to_string(offset);
                break;
            }
            if (std::find(checked.begin(), checked.end(), gap) == checked.end()) {
                report.problem = "the signature whose /ByteRange is at byte " + std::to_string(offset) +
                                 " belongs to no signature field: the document structure was changed or damaged";
                break;
            }
        }
    }
    return report;
}

}  // namespace protokoll::sign
