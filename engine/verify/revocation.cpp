// Revocation of a signer's chain, judged offline at the signing time from the
// validation data in the file: the /DSS (its /VRI entry for the signature and
// its global arrays), CRLs in the CMS and an adbe-revocationInfoArchival
// signed attribute. The judgement of each certificate is ltv::judge, the one
// seal checks itself with.
#include "checks.h"

#include "crypto/ltv.h"

namespace protokoll::sign::verifying {

namespace {

// Adds a reference to `cert` to `pool`.
void add_copy(STACK_OF(X509)* pool, X509* cert) {
    if (cert && X509_up_ref(cert) == 1 && sk_X509_push(pool, cert) <= 0) X509_free(cert);
}

// The /VRI entry is keyed by the SHA-1 of /Contents as written (padding
// included, as seal and pyHanko write it) or, by some producers, of the
// DER alone.
const Dss::Entry* vri_entry(const Dss& dss, const std::string& contents) {
    std::string trimmed = contents;
    {
        const auto* p = reinterpret_cast<const unsigned char*>(contents.data());
        const unsigned char* start = p;
        ossl::Ptr<CMS_ContentInfo> probe(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(contents.size())));
        if (probe) trimmed.resize(static_cast<size_t>(p - start));
        ERR_clear_error();
    }
    const Dss::Entry* vri = nullptr;
    for (const std::string& key : {ltv::vri_key(contents), ltv::vri_key(trimmed)})
        if (auto found = dss.vri.find(key); found != dss.vri.end() && !vri) vri = &found->second;
    return vri;
}

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

// The evidence at hand: what the /DSS holds (its certificates go into
// `pool`), and all of it, with the CMS's CRLs and archival attribute.
struct Evidence {
    ltv::Evidence from_dss, all;
};

Evidence gather_evidence(STACK_OF(X509)* pool, CMS_ContentInfo* cms, CMS_SignerInfo* si, const Dss& dss,
                         const Dss::Entry* vri) {
    Evidence out;
    auto take = [&](const Dss::Entry& entry) {
        for (const auto& der : entry.certs)
            if (ossl::Ptr<X509> cert = ltv::certificate_from_der(der)) add_copy(pool, cert.get());
        for (const auto& der : entry.ocsps) out.from_dss.ocsps.push_back(der);
        for (const auto& der : entry.crls) out.from_dss.crls.push_back(der);
    };
    if (vri) take(*vri);
    take(dss.global);
    out.all = out.from_dss;
    STACK_OF(X509_CRL)* in_cms = CMS_get1_crls(cms);
    for (int i = 0; in_cms && i < sk_X509_CRL_num(in_cms); ++i) {
        X509_CRL* crl = sk_X509_CRL_value(in_cms, i);
        unsigned char* der = nullptr;
        const int len = i2d_X509_CRL(crl, &der);
        if (len > 0) out.all.crls.emplace_back(reinterpret_cast<char*>(der), static_cast<size_t>(len));
        OPENSSL_free(der);
    }
    sk_X509_CRL_pop_free(in_cms, X509_CRL_free);
    ERR_clear_error();
    read_revocation_archival(si, out.all);
    return out;
}

// The signer certificate's status, as the report gives it.
void report_signer_status(RevocationReport& r, const ltv::Status& status) {
    r.status = status.status;
    r.source = status.source;
    r.this_update = ltv::iso_time(status.checked_at);
    r.revocation_time = ltv::iso_time(status.revoked_at);
    r.reason = status.reason;
    r.note = status.note;
    if (status.status == RevocationStatus::NoData) r.note = "the file holds no revocation data for it";
}

// A certificate of the chain found revoked (`whose`, the signer's when
// `signer`). Revoked at or before the signing time `when`, it fails the
// signature; revoked later, it fails unless a timestamp proves the
// signature is older than the revocation (ETSI EN 319 102-1: without proof
// of existence the claimed /M could have been written after it).
void judge_revoked(FieldReport& report, const ltv::Status& status, const std::string& whose, bool signer,
                   std::time_t when, bool time_proven) {
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
        if (signer) report.revocation.note = why;
    } else if (signer) {
        report.revocation.note = "revoked after the timestamp-proven signing time " + ltv::iso_time(when) +
                                 ": the signature stays valid";
    }
}

}  // namespace

void check_revocation(FieldReport& report, CMS_ContentInfo* cms, CMS_SignerInfo* si, X509* signer,
                      STACK_OF(X509)* cms_certs, const std::string& contents, const Context& context,
                      std::time_t stamped_at) {
    const Dss empty;
    const Dss& dss = context.dss ? *context.dss : empty;
    ossl::Ptr<STACK_OF(X509)> pool(sk_X509_new_null());
    for (int i = 0; cms_certs && i < sk_X509_num(cms_certs); ++i) add_copy(pool.get(), sk_X509_value(cms_certs, i));
    for (int i = 0; context.anchors && i < sk_X509_num(context.anchors); ++i)
        add_copy(pool.get(), sk_X509_value(context.anchors, i));
    const Evidence evidence = gather_evidence(pool.get(), cms, si, dss, vri_entry(dss, contents));

    // The time of interest: when the signature was made. An intact
    // signature timestamp (whose TSA chain, when judged, is trusted) proves
    // it existed at genTime; otherwise /M claims a time, else now.
    const bool time_proven = stamped_at != 0 && report.timestamp.problem.empty() &&
                             report.timestamp.chain.status != ChainStatus::Untrusted;
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
        bool online = false;
        if (issuer) status = ltv::judge(cert, issuer, evidence.all, pool.get(), when);
        // What the file does not decide, an answer fetched online may (verify --online).
        if (issuer && !status.decided() && !(context.online.ocsps.empty() && context.online.crls.empty())) {
            ltv::Evidence with_online = evidence.all;
            with_online.ocsps.insert(with_online.ocsps.end(), context.online.ocsps.begin(), context.online.ocsps.end());
            with_online.crls.insert(with_online.crls.end(), context.online.crls.begin(), context.online.crls.end());
            if (const ltv::Status fetched = ltv::judge(cert, issuer, with_online, pool.get(), when); fetched.decided()) {
                status = fetched;
                online = true;
            }
        }
        if (!issuer || !ltv::judge(cert, issuer, evidence.from_dss, pool.get(), when).decided()) covered = false;
        if (i == 0) {
            report_signer_status(report.revocation, status);
            report.revocation.online = online;
            if (online) report.revocation.note = "decided by an answer fetched online (not in the file)";
        }
        if (status.status != RevocationStatus::Revoked) continue;
        const std::string whose = i == 0 ? "the signer's certificate (" + report.signer + ")"
                                         : "the CA certificate \"" + ltv::subject_of(cert) + "\"";
        judge_revoked(report, status, whose, i == 0, when, time_proven);
    }
    report.pades.validation_data = covered;
}

}  // namespace protokoll::sign::verifying
