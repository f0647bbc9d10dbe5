// verify_file: every signature field and, for each signature, whether its CMS
// matches the bytes it claims to cover. Integrity only; trust in the signer's
// certificate is a separate question (no chain is built here).
#include "sign.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "fields.h"
#include "ossl.h"

#include <algorithm>
#include <cstring>

namespace protokoll::sign {

using namespace PoDoFo;

bool VerifyReport::ok() const {
    if (!problem.empty()) return false;
    for (const auto& field : fields) {
        if (!field.problem.empty()) return false;
        if (field.signed_ && !(field.digest_ok && field.signature_ok && field.covers_revision)) return false;
    }
    return true;
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Offsets just past each "%%EOF" (and its end-of-line): where a revision ends.
std::vector<size_t> revision_ends(const std::string& bytes) {
    std::vector<size_t> out;
    for (size_t at = bytes.find("%%EOF"); at != std::string::npos; at = bytes.find("%%EOF", at + 5)) {
        size_t end = at + 5;
        out.push_back(end);
        if (end < bytes.size() && bytes[end] == '\r') ++end;
        if (end < bytes.size() && bytes[end] == '\n') ++end;
        if (end != at + 5) out.push_back(end);
    }
    return out;
}

void set_problem(FieldReport& report, const std::string& problem) {
    if (report.problem.empty()) report.problem = problem;
}

size_t set_problem_0(FieldReport& report, const std::string& problem) {
    set_problem(report, problem);
    return 0;
}

// The CMS part: digest over the signed bytes against messageDigest, and the
// signature over the signed attributes with the embedded signer certificate.
void check_cms(FieldReport& report, const std::string& der, const std::string& content) {
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

    X509_ALGOR* digest_alg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest_alg, nullptr);
    const ASN1_OBJECT* digest_oid = nullptr;
    if (digest_alg) X509_ALGOR_get0(&digest_oid, nullptr, nullptr, digest_alg);
    const EVP_MD* md = digest_oid ? EVP_get_digestbyobj(digest_oid) : nullptr;
    if (!md) return set_problem(report, "unknown digest algorithm in the CMS");

    ossl::Ptr<BIO> data(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
    if (CMS_signed_get_attr_count(si) < 0) {
        // No signed attributes (plain PKCS#7): the signature is over the content
        // itself, so digest and signature stand or fall together.
        bool ok = CMS_verify(cms.get(), nullptr, nullptr, data.get(), nullptr,
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
        if (CMS_verify(cms.get(), nullptr, nullptr, data.get(), nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
            set_problem(report, "OpenSSL CMS_verify rejects the signature: " + ossl::last_error());
            report.signature_ok = false;
        }
    }
}

using Gap = std::pair<size_t, size_t>;  // the unsigned hole of a /ByteRange: [b, c)

// Returns where the signature's byte range ends, 0 when it has none usable;
// `gap` receives the range's hole.
size_t check_signature(FieldReport& report, PdfVecObjects& objects, PdfObject* sig, const std::string& bytes,
                       Gap& gap) {
    const PdfDictionary& dict = sig->GetDictionary();
    if (const PdfObject* m = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("M"))); m && m->IsString())
        report.time = m->GetString().GetStringUtf8();
    if (const PdfObject* sub = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("SubFilter")));
        !sub || !sub->IsName() ||
        (sub->GetName().GetName() != "ETSI.CAdES.detached" && sub->GetName().GetName() != "adbe.pkcs7.detached"))
        return set_problem_0(report, "unsupported /SubFilter (expected ETSI.CAdES.detached or adbe.pkcs7.detached)");

    const PdfObject* range = detail::resolve(objects, const_cast<PdfObject*>(dict.GetKey("ByteRange")));
    if (!range || !range->IsArray() || range->GetArray().size() != 4)
        return set_problem_0(report, "missing or malformed /ByteRange");
    long long r[4];
    for (int i = 0; i < 4; ++i) {
        const PdfObject& n = range->GetArray()[i];
        if (!n.IsNumber()) return set_problem_0(report, "malformed /ByteRange");
        r[i] = n.GetNumber();
    }
    const long long size = static_cast<long long>(bytes.size());
    if (r[0] != 0 || r[1] <= 0 || r[2] <= r[1] + 1 || r[3] < 0 || r[1] > size || r[2] > size || r[3] > size - r[2])
        return set_problem_0(report, "/ByteRange [" + std::to_string(r[0]) + " " + std::to_string(r[1]) + " " +
                                       std::to_string(r[2]) + " " + std::to_string(r[3]) + "] does not fit the file");
    const size_t a = static_cast<size_t>(r[1]), b = static_cast<size_t>(r[2]), end = b + static_cast<size_t>(r[3]);
    gap = {a, b};

    // The gap must be exactly the /Contents hex string, so that nothing but the
    // signature itself is left unsigned.
    std::string der;
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

    for (size_t revision_end : revision_ends(bytes))
        if (revision_end == end) report.covers_revision = gap_ok;
    if (!report.covers_revision && gap_ok)
        set_problem(report, "/ByteRange ends at " + std::to_string(end) + ", not at the end of a revision (%%EOF)");

    if (!gap_ok) return end;
    check_cms(report, der, bytes.substr(0, a) + bytes.substr(b, end - b));
    return end;
}

// Every "/ByteRange [a b c d]" in the raw bytes, as its hole, or as {offset, 0}
// when it cannot be read. PoDoFo only shows the signatures reachable from the
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

}  // namespace

VerifyReport verify_file(const std::string& path) {
    std::string bytes = read_file(path);
    if (bytes.compare(0, 5, "%PDF-") != 0) fail(SourceLocation{path, 0, 0}, "not a PDF file");
    detail::QuietPodofo quiet;
    VerifyReport report;
    PdfMemDocument doc;
    std::vector<detail::SigField> fields;
    try {
        doc.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()), false);
        fields = detail::signature_fields(doc);
    } catch (const PdfError& e) {
        fail(SourceLocation{path, 0, 0}, "cannot read PDF: " + detail::describe(e));
    }
    // A file must end with %%EOF (and whitespace): anything else after the last
    // one is an update cut short, which PoDoFo would silently skip.
    size_t last_eof = bytes.rfind("%%EOF");
    size_t tail = last_eof == std::string::npos ? bytes.size() : last_eof + 5;
    while (tail < bytes.size() && std::strchr(" \t\r\n\f", bytes[tail]) && bytes[tail] != '\0') ++tail;
    if (last_eof == std::string::npos)
        report.problem = "no %%EOF: the file is truncated";
    else if (tail != bytes.size())
        report.problem = std::to_string(bytes.size() - tail) +
                         " bytes follow the last %%EOF: the file is truncated or an update is incomplete";

    size_t newest_end = 0;
    std::vector<Gap> checked;
    for (const auto& field : fields) {
        FieldReport r;
        r.field = field.name;
        try {
            const PdfObject* v = field.object->GetDictionary().GetKey("V");
            r.signed_ = v && !v->IsNull();  // even when it turns out unreadable
            PdfObject* value = detail::resolve(doc.GetObjects(), const_cast<PdfObject*>(v));
            if (r.signed_) {
                Gap gap{0, 0};
                if (value && value->IsDictionary())
                    newest_end = std::max(newest_end, check_signature(r, doc.GetObjects(), value, bytes, gap));
                else
                    set_problem(r, "/V is not a signature dictionary");
                checked.push_back(gap);
            }
        } catch (const PdfError& e) {
            // A broken object inside one signature fails that signature, not the report.
            set_problem(r, "cannot read the signature: " + detail::describe(e));
        }
        report.fields.push_back(std::move(r));
    }
    report.last_covers_file = newest_end > 0 && newest_end >= tail;
    if (report.problem.empty()) {
        for (const auto& [offset, gap] : raw_byte_ranges(bytes)) {
            if (gap.second == 0) {
                report.problem = "unreadable /ByteRange at byte " + std::to_string(offset);
                break;
            }
            if (std::find(checked.begin(), checked.end(), gap) == checked.end()) {
                report.problem = "the signature whose /ByteRange is at byte " + std::to_string(offset) +
                                 " belongs to no signature field: the document structure was changed or damaged";
                break;
            }
        }
    }
    return report;
}

}  // namespace protokoll::sign
