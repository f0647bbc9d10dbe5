// A signature dictionary read as verify reads it: /M, /Reason, /SubFilter,
// the /ByteRange and the bytes it signs, and the CMS in /Contents (cms.cpp);
// a document timestamp's token over its range; and every /ByteRange in the
// raw bytes, for the signatures damage has cut off from the form.
#include "checks.h"

#include "crypto/ltv.h"
#include "crypto/signer.h"
#include "crypto/tsa.h"
#include "pdfsig/changes.h"
#include "pdfsig/fields.h"

#include <cstring>

namespace protokoll::sign::verifying {

using namespace PoDoFo;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
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

}  // namespace

size_t check_signature(FieldReport& report, PdfVecObjects& objects, PdfObject* sig, const std::string& bytes,
                       Gap& gap, const Context& context) {
    const PdfDictionary& dict = sig->GetDictionary();
    if (const PdfObject* m = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("M"))); m && m->IsString())
        report.time = m->GetString().GetStringUtf8();
    if (std::time_t t = 0; ltv::parse_pdf_date(report.time, t)) report.time_utc = ltv::iso_time(t);
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
    t.tsa_not_after = info.tsa_not_after;
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
    else if (context.store && chain.status != ChainStatus::Trusted)
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

// PoDoFo only shows the signatures reachable from the
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


}  // namespace protokoll::sign::verifying
