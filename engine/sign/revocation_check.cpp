#include "revocation_check.h"

#include "base/diagnostic.h"
#include "crypto/ltv.h"
#include "net/fetch.h"

namespace protokoll::sign::detail {

std::string check_not_revoked(X509* cert, STACK_OF(X509)* chain, std::time_t when, int timeout_seconds) {
    const std::vector<std::string> urls = ltv::ocsp_urls(cert);
    if (urls.empty()) return {};
    const std::string who = "the signer's certificate \"" + ltv::subject_of(cert) + "\"";
    const std::vector<std::string> offline = {"--no-revocation-check signs without asking (offline); the signature is "
                                              "then only as good as the certificate turns out to be"};
    X509* issuer = nullptr;
    for (int i = 0; chain && i < sk_X509_num(chain) && !issuer; ++i)
        if (X509_check_issued(sk_X509_value(chain, i), cert) == X509_V_OK) issuer = sk_X509_value(chain, i);
    if (!issuer)
    {
        std::vector<std::string> hints = {"a PEM file given with --cert carries the issuer's certificate after the signer's"};
        hints.insert(hints.end(), offline.begin(), offline.end());
        fail(SourceLocation{}, "cannot ask whether " + who + " is revoked: its issuer's certificate is not in the key file",
             hints);
    }
    ltv::Evidence evidence;
    std::string asked;
    for (const std::string& url : urls) {
        try {
            evidence.ocsps.push_back(net::fetch_ocsp(cert, issuer, url, timeout_seconds));
            asked = url;
            break;
        } catch (const Error& e) {
            if (url == urls.back())
                fail(SourceLocation{}, "cannot ask whether " + who + " is revoked: " + e.message(), offline);
        }
    }
    ossl::Ptr<STACK_OF(X509)> pool(sk_X509_new_null());
    for (int i = 0; chain && i < sk_X509_num(chain); ++i)
        if (X509_up_ref(sk_X509_value(chain, i)) == 1 && sk_X509_push(pool.get(), sk_X509_value(chain, i)) <= 0)
            X509_free(sk_X509_value(chain, i));
    const ltv::Status status = ltv::judge(cert, issuer, evidence, pool.get(), when);
    if (status.status == RevocationStatus::Revoked)
        fail(SourceLocation{}, who + " is revoked since " + ltv::iso_time(status.revoked_at) +
                                   (status.reason.empty() ? "" : " (" + status.reason + ")") + " (OCSP " + asked +
                                   "): sign does not sign with it",
             {"sign with a certificate that is in force"});
    if (status.status != RevocationStatus::Good)
        fail(SourceLocation{}, "the OCSP responder " + asked + " does not say that " + who + " is good" +
                                   (status.note.empty() ? std::string() : ": " + status.note),
             offline);
    return "good (OCSP " + asked + ", " + ltv::iso_time(status.checked_at) + ")";
}

}  // namespace protokoll::sign::detail
