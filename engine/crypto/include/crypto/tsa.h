// crypto: RFC 3161 time-stamp tokens — the query for a time-stamp
// authority (TSA; net/fetch.h sends it), its answer and any token checked. Used for a signature's
// signature-time-stamp (PAdES B-T) and for document timestamps (B-LTA).
#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <vector>

namespace protokoll::sign::tsa {

// A time-stamp query (DER TimeStampReq) over the SHA-256 of `data`, with a
// random nonce and certReq set (the token is to carry the TSA's
// certificate); `nonce` is the nonce as a DER INTEGER, for the answer's check.
// Room left in /Contents for a time-stamp token, as DER bytes: a signature's
// (sign --tsa) and a document timestamp's (seal); sign grows it when a TSA's
// token is larger.
constexpr size_t default_token_reserve = 6144;

struct TokenQuery {
    std::string der;
    std::string nonce;
};
TokenQuery token_query(const std::string& data);

// The token in the TSA's `reply` (DER TimeStampResp from `url`) to `query`,
// checked: status granted, the message imprint and the nonce are ours, and
// the token's CMS signature verifies with the certificate it carries.
// Returns the DER TimeStampToken (a CMS ContentInfo with SignedData). Throws
// Error(BadInput) naming the URL and what is wrong.
std::string token_from_reply(const TokenQuery& query, const std::string& url, const std::string& reply,
                             const std::string& data);

// What a token says, checked against the bytes it claims to stamp.
struct TokenInfo {
    bool parsed = false;           // a TimeStampToken at all
    bool imprint_matches = false;  // its message imprint is the hash of `data`
    // Its CMS signature verifies with the TSA certificate it carries, which its
    // ESS signing-certificate attribute names and which is for time-stamping
    // (critical extended key usage timeStamping, RFC 3161 2.3). Not judged:
    // whether the TSA is trusted (its chain; see certificates_der).
    bool signature_ok = false;
    std::string time_utc;          // genTime, ISO 8601 UTC ("2026-11-23T21:58:28Z")
    std::time_t time = 0;          // genTime in seconds since 1970 (fractions dropped); 0 when unreadable
    std::string tsa_subject;       // the TSA certificate's subject, RFC 2253
    std::string tsa_not_after;     // ISO 8601 UTC: when the TSA certificate expires (the token's proof needs renewal before)
    std::string serial;            // the token's serial number, hexadecimal
    std::string policy;            // the TSA policy OID, dotted
    std::string digest_algorithm;  // the imprint's hash, e.g. "sha256"
    std::string problem;           // empty when all the above hold
    std::vector<std::string> certificates_der; // the certificates the token carries (TSA first when found)
};
TokenInfo inspect_token(const std::string& token_der, const std::string& data);

}  // namespace protokoll::sign::tsa
