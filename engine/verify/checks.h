// What verify's parts share (verify.cpp reads the file and puts the report
// together; cms.cpp checks one signature's CMS, revocation.cpp its chain's
// revocation, signature.cpp its /ByteRange and document timestamps,
// document.cpp what the document as a whole claims and holds).
#pragma once

#include "verify/verify.h"

#include "crypto/ltv.h"
#include "crypto/ossl.h"

#include <podofo/podofo.h>

#include <ctime>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace protokoll::sign::verifying {

// The first problem found is the one reported.
inline void set_problem(FieldReport& report, const std::string& problem) {
    if (report.problem.empty()) report.problem = problem;
}
inline size_t set_problem_0(FieldReport& report, const std::string& problem) {
    set_problem(report, problem);
    return 0;
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
    ltv::Evidence online;  // fetched by verify --online (VerifyOptions::online_ocsps, online_crls)
};

using Gap = std::pair<size_t, size_t>;  // the unsigned hole of a /ByteRange: [b, c)

// --- cms.cpp ------------------------------------------------------------------
// The chain from `cert` to one of the trust anchors, with `untrusted` as
// intermediates, judged at `when` (and for `purpose`, 0 for any): a
// certificate that has expired since is still fine, one that had expired (or
// was not yet valid) then is not. Without a store: not judged.
void judge_chain(ChainReport& report, X509_STORE* store, X509* cert, STACK_OF(X509)* untrusted, std::time_t when,
                 int purpose = 0);
// The token is intact: it stamps this signature and its TSA signed it. (Its
// TSA's trust is judged apart, in its chain.)
bool intact(const TimestampReport& timestamp);
// The CMS part: digest over the signed bytes against messageDigest, and the
// signature over the signed attributes with the embedded signer certificate;
// then the certificate, the PAdES attributes, the chain, the key usage and
// revocation.
void check_cms(FieldReport& report, const std::string& der, const std::string& content, const Context& context);
// PAdES baseline levels build on each other: B-B (CAdES detached with
// signing-certificate-v2 naming the signer, no signingTime), + an intact
// signature timestamp = B-T, + validation data in the document = B-LT.
void decide_pades_level(PadesReport& pades, const TimestampReport& timestamp);

// --- revocation.cpp -----------------------------------------------------------
// Revocation of the signer's chain, judged offline at the signing time from
// the file's validation data; and whether the /DSS alone covers the chain
// (PAdES B-LT).
void check_revocation(FieldReport& report, CMS_ContentInfo* cms, CMS_SignerInfo* si, X509* signer,
                      STACK_OF(X509)* cms_certs, const std::string& contents, const Context& context,
                      std::time_t stamped_at);

// --- signature.cpp ------------------------------------------------------------
// A signature dictionary: /M, /Reason, /SubFilter, its /ByteRange and its
// CMS. Returns where its byte range ends, 0 when it has none usable; `gap`
// receives the range's hole.
size_t check_signature(FieldReport& report, PoDoFo::PdfVecObjects& objects, PoDoFo::PdfObject* sig,
                       const std::string& bytes, Gap& gap, const Context& context);
// A signature dictionary that is a document timestamp (/Type /DocTimeStamp,
// /SubFilter /ETSI.RFC3161) rather than someone's signature.
bool is_document_timestamp(PoDoFo::PdfVecObjects& objects, const PoDoFo::PdfDictionary& dict);
// A document timestamp's token, range and TSA chain. Returns its range end.
size_t check_document_timestamp(DocumentTimestampReport& t, PoDoFo::PdfVecObjects& objects,
                                const PoDoFo::PdfDictionary& dict, const std::string& bytes, Gap& gap,
                                const Context& context);
// Every "/ByteRange [a b c d]" in the raw bytes, as its hole, or as {offset, 0}
// when it cannot be read.
std::vector<std::pair<size_t, Gap>> raw_byte_ranges(const std::string& bytes);

// --- document.cpp -------------------------------------------------------------
// The catalog's /DSS flag and the XMP's PDF/A claim, into `report`.
void read_pdfa_claim(VerifyReport& report, PoDoFo::PdfMemDocument& doc);
// The catalog's /DSS: global arrays and /VRI entries (ISO 32000-2, ETSI EN 319 142-1).
Dss read_dss(PoDoFo::PdfMemDocument& doc);

}  // namespace protokoll::sign::verifying
