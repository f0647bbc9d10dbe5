#include "revocation_check.h"

#include "base/diagnostic.h"
#include "crypto/ltv.h"
#include "net/fetch.h"

namespace protokoll::sign::detail {

void check_not_revoked(X509* cert, STACK_OF(X509)* chain, std::time_t when, int timeout_seconds) {
    const std::vector<std::string> urls = ltv::ocsp_urls(cert);
    if (urls.empty()) return;
    const std::string who = "the signer's certificate \"" + ltv::subject_of(cert) + "\"";
    const std::vector<std::string> offline = {"--no-revocation-check signs without asking (offline); the signature is "
                                              "then only as good as the certificate turns out to be"};
    // The signer's chain as far as the key file has it (crypto's issuer search).
    const ossl::Ptr<STACK_OF(X509)> path = ltv::build_chain(cert, chain);
    X509* issuer = sk_X509_num(path.get()) > 1 ? sk_X509_value(path.get(), 1) : nullptr;
    if (!issuer)
        fail(SourceLocation{}, "cannot ask whether " + who + " is revoked: its issuer's certificate is not in the key file",
             {"a PEM file given with --cert carries the issuer's certificate after the signer's", offline[0]});
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
    const ltv::Status status = ltv::judge(cert, issuer, evidence, path.get(), when);
    if (status.status == RevocationStatus::Revoked)
        fail(SourceLocation{}, who + " is revoked since " + ltv::iso_time(status.revoked_at) +
                                   (status.reason.empty() ? "" : " (" + status.reason + ")") + " (OCSP " + asked +
                                   "): sign does not sign with it",
             {"sign with a certificate that is in force"});
    if (status.status != RevocationStatus::Good)
        fail(SourceLocation{}, "the OCSP responder " + asked + " does not say that " + who + " is good" +
                                   (status.note.empty() ? std::string() : ": " + status.note),
             offline);
}

}  // namespace protokoll::sign::detail
