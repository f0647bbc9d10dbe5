// One signature's CMS: integrity (digest and signature), the signer's
// certificate, its chain, the signature-time-stamp and the PAdES attributes.
#include "checks.h"

#include "crypto/ltv.h"
#include "crypto/signer.h"
#include "crypto/tsa.h"
#include "verify/check_cms.h"

#include <openssl/ess.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstring>

namespace protokoll::sign::verifying {

using ltv::iso_time;  // one ISO 8601 formatter for verify, seal and sign
using ltv::parse_pdf_date;  // /M as seconds since 1970 (seal reads it the same way)

namespace {

CertificateInfo certificate_info(X509* cert) {
    CertificateInfo info;
    info.subject = ossl::name_text(X509_get_subject_name(cert));
    info.issuer = ossl::name_text(X509_get_issuer_name(cert));
    info.serial = ossl::serial_hex(X509_get0_serialNumber(cert));
    info.not_before = ltv::iso_time(ltv::seconds_of(X509_get0_notBefore(cert)));
    info.not_after = ltv::iso_time(ltv::seconds_of(X509_get0_notAfter(cert)));
    return info;
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
    ts.tsa_not_after = info.tsa_not_after;
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
    ossl::Ptr<ESS_SIGNING_CERT_V2> ess(d2i_ESS_SIGNING_CERT_V2(nullptr, &p, ASN1_STRING_length(value)));
    ossl::Ptr<STACK_OF(X509)> chain(sk_X509_new_null());
    if (ess && chain && X509_up_ref(signer) == 1) {
        if (sk_X509_push(chain.get(), signer) <= 0) X509_free(signer);
        else report.pades.signing_certificate_matches = OSSL_ESS_check_signing_certs(nullptr, ess.get(), chain.get(), 1) > 0;
    }
    ERR_clear_error();
}

// The signer certificate may sign documents: with a keyUsage extension,
// digitalSignature or nonRepudiation (contentCommitment) must be set.
bool key_usage_allows_signing(X509* cert) {
    if (!(X509_get_extension_flags(cert) & EXFLAG_KUSAGE)) return true;
    return (X509_get_key_usage(cert) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
}

void check_integrity(FieldReport& report, CMS_ContentInfo* cms, CMS_SignerInfo* si, X509* signer_cert,
                     const std::string& content);

}  // namespace

void judge_chain(ChainReport& report, X509_STORE* store, X509* cert, STACK_OF(X509)* untrusted, std::time_t when,
                 int purpose) {
    report.checked_at = iso_time(when);
    if (!store) return;  // not judged
    ossl::Ptr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store, cert, untrusted) != 1 ||
        (purpose && X509_STORE_CTX_set_purpose(ctx.get(), purpose) != 1)) {
        report.status = ChainStatus::Untrusted;
        report.problem = "cannot set up certificate verification: " + ossl::last_error();
        return;
    }
    X509_STORE_CTX_set_time(ctx.get(), 0, when);
    const bool trusted = X509_verify_cert(ctx.get()) == 1;
    if (trusted) {
        report.status = ChainStatus::Trusted;
        STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
        for (int i = 0; chain && i < sk_X509_num(chain); ++i)
            report.certificates.push_back(ossl::name_text(X509_get_subject_name(sk_X509_value(chain, i))));
    } else {
        report.status = ChainStatus::Untrusted;
        report.problem = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
    }
    ERR_clear_error();
}

bool intact(const TimestampReport& timestamp) {
    return timestamp.present && timestamp.imprint_ok && timestamp.signature_ok && !timestamp.time_utc.empty();
}

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

namespace {

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

}  // namespace

void decide_pades_level(PadesReport& pades, const TimestampReport& timestamp) {
    const bool bb = pades.sub_filter == "ETSI.CAdES.detached" && pades.signing_certificate_v2 &&
                    pades.signing_certificate_matches && !pades.signing_time_attribute;
    const bool bt = pades.timestamp_token && intact(timestamp);
    pades.level = !bb                                   ? PadesLevel::None
                  : !bt                                 ? PadesLevel::BB
                  : !(pades.dss && pades.validation_data) ? PadesLevel::BT
                                                        : PadesLevel::BLT;
}

}  // namespace protokoll::sign::verifying

namespace protokoll::sign {

void detail::check_cms_der(FieldReport& report, const std::string& der, const std::string& content, X509_STORE* store,
                           STACK_OF(X509)* anchors) {
    const verifying::Dss none;
    verifying::Context context;
    context.store = store;
    context.anchors = anchors;
    context.dss = &none;
    verifying::check_cms(report, der, content, context);
}

}  // namespace protokoll::sign
