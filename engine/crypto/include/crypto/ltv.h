// crypto: long-term validation data (PAdES B-LT) — certificate
// chains, revocation data (OCSP, CRLs) asked for by `seal` (net/fetch.h sends
// the requests) and judged offline by `verify`, and the DSS's VRI key. Both
// commands use the same judgement, so a file that `seal` accepts is one that
// `verify` finds covered.
#pragma once

#include "crypto/ossl.h"
#include "crypto/revocation.h"

#include <openssl/ocsp.h>

#include <ctime>
#include <string>
#include <vector>

namespace protokoll::sign::ltv {

struct LtvFree {
    void operator()(X509_CRL* p) const { X509_CRL_free(p); }
    void operator()(OCSP_RESPONSE* p) const { OCSP_RESPONSE_free(p); }
    void operator()(OCSP_BASICRESP* p) const { OCSP_BASICRESP_free(p); }
    void operator()(OCSP_REQUEST* p) const { OCSP_REQUEST_free(p); }
    void operator()(OCSP_CERTID* p) const { OCSP_CERTID_free(p); }
};
template <class T>
using Own = std::unique_ptr<T, LtvFree>;

// DER in and out. The parsers return nullptr for bytes that are not one.
std::string der_of(X509* cert);
ossl::Ptr<X509> certificate_from_der(const std::string& der);
Own<X509_CRL> crl_from_der(const std::string& der);
Own<OCSP_RESPONSE> ocsp_from_der(const std::string& der);

// Times: ASN1_TIME as seconds since 1970 (0 when absent or unreadable) and as
// ISO 8601 UTC ("2026-01-01T12:00:00Z"; "" for 0).
std::time_t seconds_of(const ASN1_TIME* time);
std::string iso_time(std::time_t time);

// A PDF date (/M: "D:YYYYMMDDHHmmSS" with Z, +HH'mm' or -HH'mm'; trailing
// parts optional) as seconds since 1970; false when it is no PDF date.
bool parse_pdf_date(const std::string& text, std::time_t& out);

// The subject as RFC 2253 with UTF-8 left as UTF-8: "CN=Åsa Öberg,O=…".
std::string subject_of(X509* cert);

bool self_signed(X509* cert);

// `cert` and its issuers found in `pool` (by name, key identifier and
// signature, X509_check_issued), ending at a self-signed certificate or where
// no issuer is found. The stack holds its own references.
ossl::Ptr<STACK_OF(X509)> build_chain(X509* cert, STACK_OF(X509)* pool);

// The certificate's OCSP responders (authorityInfoAccess) and CRL
// distribution points (fullName URIs), in the order written.
std::vector<std::string> ocsp_urls(X509* cert);
std::vector<std::string> crl_urls(X509* cert);

// "CN=Sara Nordenhielm,O=Protokoll Test,C=SE" (serial 02): which
// certificate, for messages.
std::string describe(X509* cert);

// --- What `seal` asks for (net/fetch.h sends it) and the answers' checks ----
// An OCSP request about `cert` (its SHA-1 certificate ID under `issuer`) with
// a nonce, and its DER.
struct OcspQuery {
    Own<OCSP_REQUEST> request;
    std::string der;
};
OcspQuery ocsp_query(X509* cert, X509* issuer);
// The responder's answer at `url` to `query`: status successful, our nonce
// back (when the responder echoes one), a response for exactly this
// certificate ID, signed by the issuer or a responder the issuer authorised
// (OCSPSigning). Throws Error(BadInput) naming the certificate and the URL.
void ocsp_answer_check(const OcspQuery& query, X509* cert, X509* issuer, const std::string& url,
                       const std::string& answer);
// A CRL fetched from `url`: DER, issued and signed by `issuer`. Throws
// Error(BadInput) naming the certificate and the URL.
void fetch_crl_check(X509* cert, X509* issuer, const std::string& url, const std::string& crl_der);

// --- Offline: what `verify` (and `seal`, to check itself) judges --------------
// Revocation data at hand: DER OCSPResponses and CRLs.
struct Evidence {
    std::vector<std::string> ocsps;
    std::vector<std::string> crls;
};

// What the evidence says about one certificate at the time of interest `when`
// (the signing time).
struct Status {
    // Good: an authentic OCSP "good" or a CRL of the issuer without the
    //   certificate, either current at `when` or issued after it;
    // Revoked: an authentic OCSP "revoked" or an issuer's CRL listing it;
    // Unknown: evidence for this certificate exists but none of it decides
    //   (OCSP "unknown", expired before `when`, a signature that fails);
    // NoData: nothing about this certificate.
    RevocationStatus status = RevocationStatus::NoData;
    RevocationSource source = RevocationSource::None;  // what decided
    std::time_t checked_at = 0;    // thisUpdate of the deciding response or CRL
    std::time_t revoked_at = 0;    // when revoked
    std::string reason;            // RFC 5280 reason, e.g. "keyCompromise"; "" when none given
    std::string note;              // why Unknown, in a sentence
    // Status is good or revoked: the evidence decides for this certificate.
    bool decided() const { return status == RevocationStatus::Good || status == RevocationStatus::Revoked; }
};

// `pool`: certificates that may have signed an OCSP response (the CMS's and
// the DSS's) besides those the response carries.
Status judge(X509* cert, X509* issuer, const Evidence& evidence, STACK_OF(X509)* pool, std::time_t when);

// Adds the CRLs and OCSP responses of an adbe-revocationInfoArchival value
// (the DER SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CertificateList OPTIONAL,
// ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, … }) to `out`; what is
// malformed is skipped.
void read_revocation_archival(const std::string& der, Evidence& out);

// The OCSP responder certificates of the responses (DER), for /Certs.
std::vector<std::string> ocsp_signer_certificates(const std::string& ocsp_der, STACK_OF(X509)* pool);

// The DER TimeStampTokens in a SignerInfo's signature-time-stamp unsigned
// attributes (RFC 3161 / PAdES B-T), in the order written.
std::vector<std::string> timestamp_tokens(CMS_SignerInfo* signer);

// The DSS's /VRI key of a signature: the upper-case hex SHA-1 of its
// /Contents string as it is in the file, zero padding included: "the SHA-1
// of the signature" of ETSI EN 319 142-1 / ISO 32000-2 as pyHanko, the EU's
// DSS library and PDFBox compute it (verify also accepts the key of the DER
// without the padding).
std::string vri_key(const std::string& contents);

}  // namespace protokoll::sign::ltv
