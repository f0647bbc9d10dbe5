// verify_file: every signature field and, for each signature, whether its CMS
// matches the bytes it claims to cover, what later revisions changed, which
// PAdES level the CMS reaches and, given trust anchors, whether the signer's
// chain was valid at the claimed signing time. This file reads the document
// and puts the report together; checks.h names the parts that judge.
#include "verify/verify.h"

#include "checks.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "crypto/trust.h"
#include "pdfsig/changes.h"
#include "pdfsig/fields.h"
#include "verify/hostile.h"

#include <algorithm>
#include <cstring>

namespace protokoll::sign {

using namespace PoDoFo;
using namespace verifying;

std::vector<std::string> VerifyReport::reasons() const {
    std::vector<std::string> out;
    if (!problem.empty()) out.push_back(problem);
    if (problem.empty() && !allow_unsigned &&
        std::none_of(fields.begin(), fields.end(), [](const FieldReport& f) { return f.signed_; }))
        out.push_back("the file has no signature");
    for (const auto& t : document_timestamps)
        if (!t.valid) out.push_back("document timestamp \"" + t.field + "\": " + (t.problem.empty() ? std::string("does not verify") : t.problem));
    for (const auto& f : fields) {
        const std::string who = "signature field \"" + f.field + "\": ";
        if (!f.problem.empty()) out.push_back(who + f.problem);
        if (!f.signed_) continue;
        const bool intact = f.digest_ok && f.signature_ok && f.covers_revision;
        if (!intact && f.problem.empty()) out.push_back(who + "the signature does not verify");
        if (intact && !f.changes.checked)
            out.push_back(who + "the revision it signs cannot be read, so later changes cannot be judged");
        for (const auto& change : f.changes.disallowed) out.push_back(who + "changed after signing: " + change);
        if (trust_judged && f.chain.status != ChainStatus::Trusted)
            out.push_back(who + "certificate not trusted at signing time: " +
                          (f.chain.problem.empty() ? to_string(f.chain.status) : f.chain.problem));
        if (!f.timestamp.problem.empty())
            out.push_back(who + "signature-time-stamp: " + f.timestamp.problem);
        else if (f.timestamp.present && trust_judged && f.timestamp.chain.status != ChainStatus::Trusted)
            out.push_back(who + "time-stamp authority not trusted at " + f.timestamp.time_utc + ": " +
                          (f.timestamp.chain.problem.empty() ? to_string(f.timestamp.chain.status)
                                                             : f.timestamp.chain.problem));
    }
    return out;
}

bool VerifyReport::ok() const { return reasons().empty(); }

std::string VerifyReport::proof_expires() const {
    // The newest document timestamp carries the proof for everything before it.
    const DocumentTimestampReport* newest = nullptr;
    for (const DocumentTimestampReport& t : document_timestamps)
        if (t.valid && (!newest || t.covers > newest->covers)) newest = &t;
    if (newest) return newest->tsa_not_after;
    std::string earliest;
    for (const FieldReport& f : fields)
        if (f.signed_ && f.timestamp.present && !f.timestamp.tsa_not_after.empty() &&
            (earliest.empty() || f.timestamp.tsa_not_after < earliest))
            earliest = f.timestamp.tsa_not_after;
    return earliest;
}

namespace {

bool is_space(char c) { return c != '\0' && std::strchr(" \t\r\n\f", c); }

// A file must end with %%EOF (and whitespace): anything else after the last
// one is an update cut short, which PoDoFo would silently skip. "" when fine.
std::string tail_problem(const std::string& bytes) {
    const size_t last_eof = bytes.rfind("%%EOF");
    if (last_eof == std::string::npos) return "no %%EOF: the file is truncated";
    size_t tail = last_eof + 5;
    while (tail < bytes.size() && is_space(bytes[tail])) ++tail;
    if (tail == bytes.size()) return {};
    return std::to_string(bytes.size() - tail) +
           " bytes follow the last %%EOF: the file is truncated or an update is incomplete";
}

// The document as verify judges it: loaded once, its revisions' history and
// validation data read once, for every field.
struct Document {
    Document(const std::string& b, PdfMemDocument& d, detail::History& h, const Context& c, VerifyReport& r)
        : bytes(b), doc(d), history(h), context(c), report(r) {}

    const std::string& bytes;
    PdfMemDocument& doc;
    detail::History& history;
    const Context& context;
    VerifyReport& report;
    size_t newest_end = 0;      // where the newest signature's range ends
    std::vector<Gap> checked;   // the holes of the signatures and timestamps checked
};

// One signature field: a document timestamp (reported apart, B-LTA), a
// signature (checked with what changed after it), or an empty field.
void check_field(Document& d, const detail::SigField& field) {
    PdfVecObjects& objects = d.doc.GetObjects();
    FieldReport r;
    r.field = field.name;
    try {
        r.person = detail::field_person(objects, field);
        const PdfObject* v = field.object->GetDictionary().GetKey("V");
        r.signed_ = v && !v->IsNull();  // even when it turns out unreadable
        PdfObject* value = detail::resolve(objects, const_cast<PdfObject*>(v));
        if (r.signed_ && value && value->IsDictionary() && is_document_timestamp(objects, value->GetDictionary())) {
            DocumentTimestampReport t;
            t.field = field.name;
            Gap gap{0, 0};
            d.newest_end = std::max(
                d.newest_end, check_document_timestamp(t, objects, value->GetDictionary(), d.bytes, gap, d.context));
            d.checked.push_back(gap);
            d.report.document_timestamps.push_back(std::move(t));
            return;
        }
        if (r.signed_) {
            Gap gap{0, 0};
            if (value && value->IsDictionary()) {
                r.pades.dss = d.report.dss;
                const size_t end = check_signature(r, objects, value, d.bytes, gap, d.context);
                d.newest_end = std::max(d.newest_end, end);
                r.docmdp = detail::docmdp_permissions(d.doc, v);
                if (end > 0 && r.covers_revision) r.changes = d.history.judge(end, r.docmdp);
                r.pades.dss = d.report.dss;
                decide_pades_level(r.pades, r.timestamp);
            } else
                set_problem(r, "/V is not a signature dictionary");
            d.checked.push_back(gap);
        }
    } catch (const PdfError& e) {
        // A broken object inside one signature fails that signature, not the report.
        set_problem(r, "cannot read the signature: " + detail::describe(e));
    }
    d.report.fields.push_back(std::move(r));
}

// A /ByteRange in the raw bytes that no field's signature has: a signature
// cut off from the form, or one that cannot be read. "" when none.
std::string stray_signature_problem(const std::string& bytes, const std::vector<Gap>& checked) {
    for (const auto& [offset, gap] : raw_byte_ranges(bytes)) {
        if (gap.second == 0) return "unreadable /ByteRange at byte " + std::to_string(offset);
        if (std::find(checked.begin(), checked.end(), gap) == checked.end())
            return "the signature whose /ByteRange is at byte " + std::to_string(offset) +
                   " belongs to no signature field: the document structure was changed or damaged";
    }
    return {};
}

}  // namespace

VerifyReport verify_file(const std::string& path) { return verify_file(path, VerifyOptions{}); }

VerifyReport verify_file(const std::string& path, const VerifyOptions& options) {
    return verify_bytes(read_file(path), path, options);
}

VerifyReport verify_bytes(const std::string& bytes, const std::string& path, const VerifyOptions& options) {
    return verify_bytes(bytes, path, options, ScreenLimits{});
}

VerifyReport verify_bytes(const std::string& bytes, const std::string& path, const VerifyOptions& options,
                          const ScreenLimits& limits) {
    ossl::Ptr<STACK_OF(X509)> anchors = trust::read_anchors(options.trust_files);
    ossl::Ptr<X509_STORE> store = trust::store_of(anchors.get());
    if (bytes.compare(0, 5, "%PDF-") != 0) fail(SourceLocation{path, 0, 0}, "not a PDF file");
    detail::QuietPodofo quiet;
    VerifyReport report;
    report.trust_judged = store != nullptr;
    report.allow_unsigned = options.allow_unsigned;
    report.allow_signer_mismatch = options.allow_signer_mismatch;
    // Before PoDoFo: what would crash, hang or exhaust it (pdfsig/guard.h).
    if (const std::string why = screen_pdf(bytes, limits); !why.empty()) {
        report.problem = hostile_file(why);
        return report;
    }
    PdfMemDocument doc;
    std::vector<detail::SigField> fields;
    try {
        detail::load_keeping_mod_date(doc, bytes, false);
        fields = detail::signature_fields(doc);
    } catch (const PdfError& e) {
        // It claims to be a PDF but cannot be read: damage, which fails
        // verification (exit 1) rather than being bad input.
        report.problem = "cannot read PDF: " + detail::describe(e);
        return report;
    }
    report.problem = tail_problem(bytes);

    read_pdfa_claim(report, doc);
    detail::History history(bytes, doc);
    const Dss dss = read_dss(doc);
    Context context;
    context.store = store.get();
    context.anchors = anchors.get();
    context.dss = &dss;
    context.allow_signer_mismatch = options.allow_signer_mismatch;
    context.online.ocsps = options.online_ocsps;
    context.online.crls = options.online_crls;
    report.online_requests = options.online_requests;

    Document document(bytes, doc, history, context, report);
    for (const auto& field : fields) check_field(document, field);
    // B-LTA: B-LT, and a valid document timestamp over the /DSS.
    const bool archived = std::any_of(report.document_timestamps.begin(), report.document_timestamps.end(),
                                      [](const DocumentTimestampReport& t) { return t.valid && t.covers_dss; });
    for (auto& f : report.fields)
        if (archived && f.pades.level == PadesLevel::BLT) f.pades.level = PadesLevel::BLTA;
    // Covers the file to its end: bytes appended without a %%EOF count too.
    size_t content_end = bytes.size();
    while (content_end > 0 && is_space(bytes[content_end - 1])) --content_end;
    report.last_covers_file = document.newest_end > 0 && document.newest_end >= content_end;
    if (report.problem.empty()) report.problem = stray_signature_problem(bytes, document.checked);
    return report;
}

}  // namespace protokoll::sign
