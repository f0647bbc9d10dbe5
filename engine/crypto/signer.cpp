// Who may sign a field with which certificate: see signer.h and docs/signing.md.
#include "crypto/signer.h"

#include "base/diagnostic.h"
#include "crypto/ltv.h"
#include "crypto/names.h"
#include "crypto/ossl.h"

#include <openssl/x509v3.h>

namespace protokoll::sign::detail {

namespace {

using ltv::iso_time;

// Every value of the subject's attribute `nid`, UTF-8, in the order written.
std::vector<std::string> subject_values(X509* cert, int nid) {
    std::vector<std::string> out;
    X509_NAME* subject = X509_get_subject_name(cert);
    for (int i = X509_NAME_get_index_by_NID(subject, nid, -1); i >= 0; i = X509_NAME_get_index_by_NID(subject, nid, i)) {
        unsigned char* utf8 = nullptr;
        const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i)));
        if (len >= 0) out.emplace_back(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
        OPENSSL_free(utf8);
    }
    return out;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : " ") + part;
    return out;
}

// Why `cert` was not valid at `t` ("expired at …", "is not valid before …"), "" when it was.
std::string validity_problem(X509* cert, std::time_t t) {
    if (ASN1_TIME_cmp_time_t(X509_get0_notBefore(cert), t) > 0)
        return "is not valid before " + ltv::iso_time(ltv::seconds_of(X509_get0_notBefore(cert)));
    if (ASN1_TIME_cmp_time_t(X509_get0_notAfter(cert), t) < 0)
        return "expired at " + ltv::iso_time(ltv::seconds_of(X509_get0_notAfter(cert)));
    return {};
}

// The key usages a certificate has, as RFC 5280 names them.
std::string key_usage_names(uint32_t usage) {
    static const std::pair<uint32_t, const char*> names[] = {
        {KU_DIGITAL_SIGNATURE, "digitalSignature"}, {KU_NON_REPUDIATION, "nonRepudiation"},
        {KU_KEY_ENCIPHERMENT, "keyEncipherment"},   {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
        {KU_KEY_AGREEMENT, "keyAgreement"},         {KU_KEY_CERT_SIGN, "keyCertSign"},
        {KU_CRL_SIGN, "cRLSign"},                   {KU_ENCIPHER_ONLY, "encipherOnly"},
        {KU_DECIPHER_ONLY, "decipherOnly"}};
    std::string out;
    for (const auto& [bit, name] : names)
        if (usage & bit) out += (out.empty() ? "" : ", ") + std::string(name);
    return out.empty() ? "none" : out;
}

void check_validity(X509* cert, const std::string& who, std::time_t signing_time, std::time_t stamp_time) {
    if (const std::string why = validity_problem(cert, signing_time); !why.empty())
        fail(SourceLocation{}, who + " " + why + "; the signing time is " + iso_time(signing_time),
             {"a signature counts only while its certificate is valid: sign with one that is valid at the signing "
              "time (--timestamp, else now)"});
    if (stamp_time == 0) return;
    if (const std::string why = validity_problem(cert, stamp_time); !why.empty())
        fail(SourceLocation{}, who + " " + why + "; the time-stamp (--tsa) will prove the signature at " + iso_time(stamp_time) +
                                   ", and verify judges the certificate at that time",
             {"sign with a certificate that is valid now"});
}

}  // namespace

std::vector<std::string> certificate_person_names(X509* cert) {
    std::vector<std::string> out = subject_values(cert, NID_commonName);
    const std::vector<std::string> given = subject_values(cert, NID_givenName), surname = subject_values(cert, NID_surname);
    if (!given.empty() && !surname.empty()) out.push_back(joined(given) + " " + joined(surname));
    return out;
}

bool certificate_names_person(X509* cert, const std::string& person) {
    for (const auto& name : certificate_person_names(cert))
        if (same_person(person, name)) return true;
    return false;
}

X509* end_entity(STACK_OF(X509)* certs) {
    for (int i = 0; certs && i < sk_X509_num(certs); ++i)
        if (X509_check_ca(sk_X509_value(certs, i)) == 0) return sk_X509_value(certs, i);
    return nullptr;
}

std::string quoted_names(X509* cert) {
    std::string out;
    for (const auto& name : certificate_person_names(cert)) out += (out.empty() ? "\"" : " / \"") + name + "\"";
    return out.empty() ? "(no name)" : out;
}

std::string mismatch_reason(const std::string& signer, const std::string& person) {
    return "Signer mismatch acknowledged: " + signer + " knowingly signs the field of " + person +
           ", whose name the certificate does not carry";
}

bool records_mismatch(const std::string& reason) { return reason.rfind("Signer mismatch acknowledged:", 0) == 0; }

std::string check_signing_certificate(X509* cert, const std::string& cert_file, const std::string& person,
                                      std::time_t signing_time, std::time_t stamp_time, bool mismatch_ok) {
    const std::string who = "the certificate in " + cert_file + " (" + ossl::name_text(X509_get_subject_name(cert)) + ")";
    check_validity(cert, who, signing_time, stamp_time);
    if ((X509_get_extension_flags(cert) & EXFLAG_KUSAGE) &&
        !(X509_get_key_usage(cert) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)))
        fail(SourceLocation{}, who + " does not allow signing: its keyUsage has neither digitalSignature nor nonRepudiation (it has " +
                                   key_usage_names(X509_get_key_usage(cert)) + ")",
             {"sign with the certificate your e-ID issued for signatures, not the one for encryption or for a CA"});
    if (certificate_names_person(cert, person)) return {};
    const std::string names = quoted_names(cert);
    if (!mismatch_ok)
        fail(SourceLocation{}, who + " is not " + person + "'s: it names " + names + ", not the field's person \"" + person + "\"",
             {"sign the field with your own name; --signer-mismatch-ok signs it all the same and records in the "
              "signature (/Reason) that you did so knowingly (verify then reports the mismatch)"});
    const std::vector<std::string> all = certificate_person_names(cert);
    return mismatch_reason(all.empty() ? ossl::name_text(X509_get_subject_name(cert)) : all.front(), person);
}

}  // namespace protokoll::sign::detail
