// seal: long-term validation data (PAdES B-LT), document timestamps
// (B-LTA) and their renewal, added to a signed file as incremental updates.
#pragma once

#include "net/http.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace protokoll::sign {

// Sealing (PAdES B-LT): after the last signer, the validation data of every
// signature goes into the document so that it can be verified offline for
// as long as the archive keeps it.
struct SealOptions {
    // PEM files with trust anchors. The signers' chains are built from the
    // CMS's certificates and these; without anchors a chain must end at a
    // self-signed certificate the CMS carries. With anchors, the file must
    // also verify against them (chains trusted at signing time).
    std::vector<std::string> trust_files;
    // Seal although signature fields are still empty (nobody can sign them
    // afterwards: sign refuses a sealed file).
    bool allow_unsigned = false;
    // Per request to an OCSP responder or CRL server. OpenSSL retries a
    // refused connection until then, so an unreachable service costs all of it.
    int timeout_seconds = default_timeout_seconds;
    // PAdES B-LTA: after the /DSS, a document timestamp from the RFC 3161
    // time-stamp authority at this address (http://) over the whole file, in
    // a new invisible signature field. Empty: none (B-LT).
    std::string tsa_url;
    // Renewal (PAdES B-LTA, ISO 14533-2): the file is sealed already; its
    // /DSS gains fresh validation data (for its signatures and its document
    // timestamps' authorities), every earlier entry kept, and a new document
    // timestamp (tsa_url required) covers it all. Done before the newest
    // document timestamp's certificate expires, it extends how long the
    // file can be proven.
    bool renew = false;
    // Told what is worth knowing but does not stop sealing (a revoked
    // signer certificate, a timestamp certificate without revocation data).
    std::function<void(const std::string&)> warn;
    // Seal although a signer's certificate does not name the field's person
    // (VerifyOptions::allow_signer_mismatch for the check before sealing).
    bool allow_signer_mismatch = false;
};

struct SealReport {
    int signatures = 0;         // signatures given validation data (/VRI entries)
    int certificates = 0;       // streams in /DSS /Certs
    int ocsp_responses = 0;     // streams in /DSS /OCSPs
    int crls = 0;               // streams in /DSS /CRLs
    std::vector<std::string> fetched;  // what was asked, one line each: "OCSP http://… for \"CN=…\""
    size_t bytes_added = 0;     // the size of the incremental update(s)
    // With tsa_url: the document timestamp's genTime (ISO 8601 UTC), its
    // field and the size of its update (part of bytes_added).
    std::string document_timestamp;
    std::string document_timestamp_field;
    size_t timestamp_bytes_added = 0;
};

// Reads `input`, checks that it verifies (see SealOptions::trust_files), has
// at least one signature, no empty signature field (unless allow_unsigned) and
// no /DSS yet; builds each signer's chain (and each signature timestamp's)
// and, for every certificate but the root, fetches an OCSP response from
// every responder its authorityInfoAccess names and the CRL from every
// distribution point (plain http; answers checked: OCSP nonce, certificate ID
// and responder authorised by the issuer; CRL signed by the issuer). Writes
// `output` atomically as `input` plus one incremental update adding the
// catalog's /DSS: /Certs, /OCSPs and /CRLs (one stream per DER object) and
// /VRI, one entry per signature keyed by the upper-case hex SHA-1 of its
// /Contents (padding included) with /Cert, /OCSP and /CRL. Nothing but the
// fetched answers varies between runs. Throws Error(BadInput) for each
// refusal above and when revocation data cannot be fetched or does not
// decide a certificate's status, naming the certificate (and the URL).
SealReport seal_file(const std::string& input, const std::string& output, const SealOptions& options);

// What verify --online asks the network for: for every signature's chain
// (and its timestamps'), the answers of the OCSP responders and CRL
// distribution points the certificates name, fetched and checked as seal
// fetches them (SealOptions: trust_files, timeout_seconds), in a guarded
// child process. Nothing is refused: a service that does not answer, or an
// answer that decides nothing, becomes a line of `requests`.
struct OnlineRevocation {
    std::vector<std::string> ocsps, crls;  // DER
    std::vector<std::string> requests;     // "OCSP http://… for \"CN=…\"", "not decided: …"
};
OnlineRevocation fetch_revocation(const std::string& input, const SealOptions& options);

}  // namespace protokoll::sign
