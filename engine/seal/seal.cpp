// seal_file: PAdES B-LT — after the last signer, the validation data every
// signature needs (certificates, OCSP responses, CRLs) goes into the catalog's
// /DSS in one incremental update, so that the file can be verified offline
// long after the certificates have expired or their services have gone.
#include "seal/seal.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "crypto/ltv.h"
#include "crypto/ossl.h"
#include "crypto/trust.h"
#include "crypto/tsa.h"
#include "net/fetch.h"
#include "pdfsig/fields.h"
#include "pdfsig/guard.h"
#include "verify/verify.h"

#include <algorithm>
#include <map>
#include <set>

namespace protokoll::sign {

using namespace PoDoFo;

namespace {

// One signature as seal sees it: what identifies it in /VRI, its chain and
// the validation data gathered for it.
struct Signed {
    std::string field;
    std::string vri_key;
    std::vector<std::string> certificates;  // DER: chain, timestamp certificates, OCSP responders
    std::vector<std::string> ocsps;         // DER OCSPResponses
    std::vector<std::string> crls;          // DER CRLs
};

void add_unique(std::vector<std::string>& list, const std::string& item) {
    if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

void push_copy(STACK_OF(X509)* stack, X509* cert) {
    if (X509_up_ref(cert) != 1) return;
    if (sk_X509_push(stack, cert) <= 0) X509_free(cert);
}

// Fetches (once per URL and certificate) what the certificate's OCSP
// responders and CRL distribution points give, judges it at `when` and adds
// it to `sig`. Refuses when a service cannot be reached or its answer does
// not decide the certificate's status.
class Fetcher {
public:
    // `lenient` (verify --online): what cannot be fetched or decides
    // nothing is told (options.warn) and skipped, never a refusal.
    Fetcher(const SealOptions& options, SealReport& report, bool lenient = false)
        : m_options(options), m_report(report), m_lenient(lenient) {}

    void cover(X509* cert, X509* issuer, std::time_t when, STACK_OF(X509)* pool, Signed& sig) {
        if (!m_lenient) return cover_strictly(cert, issuer, when, pool, sig);
        try {
            cover_strictly(cert, issuer, when, pool, sig);
        } catch (const Error& e) {
            if (m_options.warn) m_options.warn(e.message());
        }
    }

private:
    void cover_strictly(X509* cert, X509* issuer, std::time_t when, STACK_OF(X509)* pool, Signed& sig) {
        const std::vector<std::string> ocsp = ltv::ocsp_urls(cert), crl = ltv::crl_urls(cert);
        const std::string who = "\"" + ltv::subject_of(cert) + "\"";
        if (ocsp.empty() && crl.empty())
            fail(SourceLocation{}, "no revocation data for " + who + ": its certificate names no OCSP responder and no CRL distribution point",
                 {"seal needs certificates from a CA that publishes revocation data (authorityInfoAccess OCSP or crlDistributionPoints)"});
        ltv::Evidence evidence;
        const std::string cert_der = ltv::der_of(cert);
        for (const auto& url : ocsp) {
            auto key = std::make_pair(cert_der, url);
            auto found = m_ocsp.find(key);
            if (found == m_ocsp.end()) {
                found = m_ocsp.emplace(key, net::fetch_ocsp(cert, issuer, url, m_options.timeout_seconds)).first;
                m_report.fetched.push_back("OCSP " + url + " for " + who);
            }
            evidence.ocsps.push_back(found->second);
        }
        for (const auto& url : crl) {
            auto found = m_crl.find(url);
            if (found == m_crl.end()) {
                found = m_crl.emplace(url, net::fetch_crl(cert, issuer, url, m_options.timeout_seconds)).first;
                m_report.fetched.push_back("CRL " + url);
            } else {
                // Fetched for another certificate: still must be this issuer's.
                ltv::fetch_crl_check(cert, issuer, url, found->second);
            }
            evidence.crls.push_back(found->second);
        }
        const ltv::Status status = ltv::judge(cert, issuer, evidence, pool, when);
        if (!status.decided())
            fail(SourceLocation{}, "the revocation data for " + who + " does not decide its status: " +
                                       (status.note.empty() ? std::string("none of it is about this certificate") : status.note));
        if (status.status == RevocationStatus::Revoked && m_options.warn)
            m_options.warn(who + " is revoked since " + ltv::iso_time(status.revoked_at) +
                           (status.reason.empty() ? "" : " (" + status.reason + ")") +
                           ": sealed all the same, as evidence; verify will judge the signature by it");
        for (const auto& der : evidence.ocsps) {
            add_unique(sig.ocsps, der);
            for (const auto& signer : ltv::ocsp_signer_certificates(der, pool)) add_unique(sig.certificates, signer);
        }
        for (const auto& der : evidence.crls) add_unique(sig.crls, der);
    }

    const SealOptions& m_options;
    SealReport& m_report;
    bool m_lenient;
    std::map<std::pair<std::string, std::string>, std::string> m_ocsp;
    std::map<std::string, std::string> m_crl;
};

// The signer's chain and the timestamp authorities' chains of one signature,
// with revocation data for every certificate but the roots.
// A document timestamp's token (`timestamp`) is gathered like a signature
// whose signer is the TSA, whose revocation data is welcome but not required.
Signed gather(const std::string& field, const std::string& contents, const std::string& time,
              STACK_OF(X509)* anchors, Fetcher& fetcher, const SealOptions& options, bool timestamp = false) {
    Signed sig;
    sig.field = field;
    sig.vri_key = ltv::vri_key(contents);
    const auto* p = reinterpret_cast<const unsigned char*>(contents.data());
    ossl::Ptr<CMS_ContentInfo> cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(contents.size())));
    STACK_OF(CMS_SignerInfo)* infos = cms ? CMS_get0_SignerInfos(cms.get()) : nullptr;
    if (!infos || sk_CMS_SignerInfo_num(infos) != 1) fail("signature field \"" + field + "\": /Contents is not a CMS with one signer");
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);

    ossl::Ptr<STACK_OF(X509)> pool(CMS_get1_certs(cms.get()));
    if (!pool) pool.reset(sk_X509_new_null());
    X509* signer = nullptr;
    for (int i = 0; i < sk_X509_num(pool.get()); ++i)
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(pool.get(), i)) == 0) signer = sk_X509_value(pool.get(), i);
    if (!signer) fail("signature field \"" + field + "\": the CMS does not contain the signer's certificate");
    for (int i = 0; i < sk_X509_num(anchors); ++i) push_copy(pool.get(), sk_X509_value(anchors, i));

    // The certificates of the signature's timestamps (B-T), whose authorities
    // need validation data as well.
    std::vector<X509*> stampers;
    std::vector<ossl::Ptr<CMS_ContentInfo>> tokens;
    for (const std::string& der : ltv::timestamp_tokens(si)) {
        const auto* q = reinterpret_cast<const unsigned char*>(der.data());
        ossl::Ptr<CMS_ContentInfo> token(d2i_CMS_ContentInfo(nullptr, &q, static_cast<long>(der.size())));
        if (!token) continue;
        ossl::Ptr<STACK_OF(X509)> certs(CMS_get1_certs(token.get()));
        STACK_OF(CMS_SignerInfo)* token_infos = CMS_get0_SignerInfos(token.get());
        for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i) {
            X509* cert = sk_X509_value(certs.get(), i);
            push_copy(pool.get(), cert);
            if (token_infos && sk_CMS_SignerInfo_num(token_infos) == 1 &&
                CMS_SignerInfo_cert_cmp(sk_CMS_SignerInfo_value(token_infos, 0), cert) == 0)
                stampers.push_back(sk_X509_value(pool.get(), sk_X509_num(pool.get()) - 1));
        }
        tokens.push_back(std::move(token));
    }
    ERR_clear_error();

    std::time_t when = 0;
    if (!ltv::parse_pdf_date(time, when)) when = std::time(nullptr);

    auto cover_chain = [&](X509* leaf, bool required) {
        ossl::Ptr<STACK_OF(X509)> chain = ltv::build_chain(leaf, pool.get());
        const int n = sk_X509_num(chain.get());
        X509* top = sk_X509_value(chain.get(), n - 1);
        if (!ltv::self_signed(top)) {
            if (!required) {
                if (options.warn) options.warn("signature field \"" + field + "\": the timestamp authority's chain ends at \"" +
                                               ltv::subject_of(top) + "\", whose issuer is not known; not covered");
                return;
            }
            fail(SourceLocation{}, "signature field \"" + field + "\": the issuer of \"" + ltv::subject_of(top) +
                                       "\" is neither in the signature nor in a --trust file",
                 {"give the CA's certificate with --trust CA.pem"});
        }
        for (int i = 0; i < n; ++i) add_unique(sig.certificates, ltv::der_of(sk_X509_value(chain.get(), i)));
        for (int i = 0; i + 1 < n; ++i) {
            X509* cert = sk_X509_value(chain.get(), i);
            if (!required && ltv::ocsp_urls(cert).empty() && ltv::crl_urls(cert).empty()) {
                if (options.warn)
                    options.warn("signature field \"" + field + "\": the timestamp certificate \"" + ltv::subject_of(cert) +
                                 "\" names no OCSP responder or CRL; it is stored without revocation data");
                continue;
            }
            fetcher.cover(cert, sk_X509_value(chain.get(), i + 1), when, pool.get(), sig);
        }
    };
    cover_chain(signer, !timestamp);
    for (X509* stamper : stampers) cover_chain(stamper, false);
    return sig;
}

std::string names_of(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "\"" : ", \"") + name + "\"";
    return out;
}

// Sealing adds evidence to signatures as they stand: they must verify
// (with --trust, chains included) and the file must be done being signed.
void check_sealable(const std::string& bytes, const std::string& input_name, const SealOptions& options) {
    const SourceLocation where{input_name, 0, 0};
    VerifyOptions verify_options;
    verify_options.trust_files = options.trust_files;
    verify_options.allow_signer_mismatch = options.allow_signer_mismatch;
    const VerifyReport checked = verify_bytes(bytes, input_name, verify_options);
    std::vector<std::string> unsigned_fields;
    int signed_count = 0;
    for (const auto& f : checked.fields) {
        if (f.signed_) ++signed_count;
        else unsigned_fields.push_back(f.field);
    }
    if (signed_count == 0) fail(where, "nothing to seal: the file has no signatures");
    if (checked.dss && !options.renew)
        fail(where, "the file is sealed already: it has validation data (/DSS)",
             {"seal the file as the last signer left it, or renew the seal (--renew --tsa URL: fresh validation data "
              "and a new document timestamp, PAdES B-LTA)"});
    if (options.renew && !checked.dss) fail(where, "nothing to renew: the file is not sealed (it has no /DSS)");
    if (options.renew && options.tsa_url.empty())
        fail(where, "renewing a seal adds a document timestamp over the file: give --tsa URL");
    if (const auto reasons = checked.reasons(); !reasons.empty()) {
        std::string why;
        for (const auto& reason : reasons) why += "\n  " + reason;
        fail(where, "cannot seal a file that does not verify:" + why);
    }
    if (!unsigned_fields.empty() && !options.allow_unsigned)
        fail(where, "cannot seal before the last signer: " + names_of(unsigned_fields) +
                        (unsigned_fields.size() == 1 ? " has" : " have") + " not signed",
             {"after sealing nobody can sign; --allow-unsigned seals the signatures there are"});
}

// Every signature and document timestamp of the form, with its chain and the
// validation data fetched for it.
std::vector<Signed> collect_signatures(PdfMemDocument& doc, STACK_OF(X509)* anchors, Fetcher& fetcher,
                                       const SealOptions& once, const SourceLocation& where, bool lenient = false) {
    std::vector<Signed> signatures;
    for (const auto& field : detail::signature_fields(doc)) {
        PdfObject* v = detail::resolve(doc.GetObjects(), field.object->GetDictionary().GetKey("V"));
        if (!v || !v->IsDictionary()) continue;
        const PdfDictionary& dict = v->GetDictionary();
        const PdfObject* sub_filter = detail::resolve(doc.GetObjects(), const_cast<PdfObject*>(dict.GetKey("SubFilter")));
        const bool timestamp = sub_filter && sub_filter->IsName() && sub_filter->GetName().GetName() == "ETSI.RFC3161";
        const PdfObject* contents = detail::resolve(doc.GetObjects(), const_cast<PdfObject*>(dict.GetKey("Contents")));
        const PdfObject* m = detail::resolve(doc.GetObjects(), const_cast<PdfObject*>(dict.GetKey("M")));
        if (!contents || !contents->IsHexString()) fail(where, "signature field \"" + field.name + "\" has no /Contents");
        const std::string bytes(contents->GetString().GetString(), contents->GetString().GetLength());
        // Leniently every chain is gathered as a timestamp's is: what is missing is told, not refused.
        signatures.push_back(gather(field.name, bytes, m && m->IsString() ? m->GetString().GetStringUtf8() : "",
                                    anchors, fetcher, once, timestamp || lenient));
    }
    return signatures;
}

// The /DSS being written (ETSI EN 319 142-1, ISO 32000-2): every
// certificate, OCSP response and CRL once as a stream, referenced from the
// global arrays and from each signature's /VRI entry.
struct DssWriter {
    explicit DssWriter(PdfMemDocument& document) : doc(document) {}

    PdfMemDocument& doc;
    std::map<std::string, PdfReference> streams;
    PdfArray certs, ocsps, crls;
    PdfDictionary vri;

    // Renewal: the /DSS keeps all it holds (verify permits additions only);
    // what is new is appended, and each /VRI entry there is kept as written.
    void keep(PdfObject* dss) {
        const PdfDictionary& had = dss->GetDictionary();
        for (auto [key, array] : {std::pair<const char*, PdfArray*>{"Certs", &certs}, {"OCSPs", &ocsps}, {"CRLs", &crls}}) {
            const PdfObject* items = detail::resolve(doc.GetObjects(), const_cast<PdfObject*>(had.GetKey(key)));
            for (size_t i = 0; items && items->IsArray() && i < items->GetArray().size(); ++i) {
                const PdfObject& item = items->GetArray()[i];
                array->push_back(item);
                PdfObject* stream = item.IsReference() ? doc.GetObjects().GetObject(item.GetReference()) : nullptr;
                if (!stream || !stream->HasStream()) continue;
                char* buffer = nullptr;
                pdf_long length = 0;
                stream->GetStream()->GetFilteredCopy(&buffer, &length);
                if (buffer) streams.emplace(std::string(buffer, static_cast<size_t>(length)), item.GetReference());
                podofo_free(buffer);
            }
        }
        if (const PdfObject* old = detail::resolve(doc.GetObjects(), const_cast<PdfObject*>(had.GetKey("VRI"))); old && old->IsDictionary())
            vri = old->GetDictionary();
    }

    PdfReference stream_of(const std::string& der, PdfArray& global) {
        auto found = streams.find(der);
        if (found != streams.end()) return found->second;
        PdfObject* object = doc.GetObjects().CreateObject();
        object->GetStream()->Set(der.data(), static_cast<pdf_long>(der.size()));
        global.push_back(object->Reference());
        return streams.emplace(der, object->Reference()).first->second;
    }

    void add(const Signed& sig) {
        if (vri.HasKey(PdfName(sig.vri_key))) return;  // kept as the earlier seal wrote it
        PdfDictionary entry;
        auto add_items = [&](const char* key, const std::vector<std::string>& items, PdfArray& global) {
            PdfArray refs;
            for (const auto& der : items) refs.push_back(stream_of(der, global));
            if (!refs.empty()) entry.AddKey(key, refs);
        };
        add_items("Cert", sig.certificates, certs);
        add_items("OCSP", sig.ocsps, ocsps);
        add_items("CRL", sig.crls, crls);
        vri.AddKey(PdfName(sig.vri_key), entry);
    }
};

std::string seal_bytes(const std::string& original, const std::string& input_name, const SealOptions& options,
                       SealReport& report) {
    const SourceLocation where{input_name, 0, 0};
    if (original.compare(0, 5, "%PDF-") != 0) fail(where, "not a PDF file");
    detail::refuse_hostile(original, input_name);

    // The same certificate (a TSA's) in every signature: told once.
    std::set<std::string> told;
    SealOptions once = options;
    if (options.warn)
        once.warn = [&told, &options](const std::string& message) {
            const size_t colon = message.find(": ");
            if (told.insert(colon == std::string::npos ? message : message.substr(colon + 2)).second) options.warn(message);
        };

    check_sealable(original, input_name, options);

    // PoDoFo appends right after the last byte; after a bare "%%EOF" the
    // update's first line would continue that comment (see sign.cpp).
    std::string input = original;
    if (input.back() != '\n' && input.back() != '\r') input += '\n';
    detail::QuietPodofo quiet;
    PdfMemDocument doc;
    try {
        detail::load_keeping_mod_date(doc, input, true);
    } catch (const PdfError& e) {
        fail(where, "cannot read PDF: " + detail::describe(e));
    }

    try {
        ossl::Ptr<STACK_OF(X509)> anchors = trust::read_anchors(options.trust_files);
        Fetcher fetcher(once, report);
        std::vector<Signed> signatures = collect_signatures(doc, anchors.get(), fetcher, once, where);

        DssWriter writer(doc);
        PdfObject* dss = detail::resolve(doc.GetObjects(), doc.GetCatalog()->GetDictionary().GetKey("DSS"));
        if (dss && !dss->IsDictionary()) fail(where, "the file's /DSS is not a dictionary");
        if (dss) writer.keep(dss);
        for (const Signed& sig : signatures) writer.add(sig);
        PdfArray &certs = writer.certs, &ocsps = writer.ocsps, &crls = writer.crls;
        PdfDictionary& vri = writer.vri;
        report.signatures = static_cast<int>(signatures.size());
        report.certificates = static_cast<int>(certs.size());
        report.ocsp_responses = static_cast<int>(ocsps.size());
        report.crls = static_cast<int>(crls.size());

        if (!dss) {
            dss = doc.GetObjects().CreateObject("DSS");
            doc.GetCatalog()->GetDictionary().AddKey("DSS", dss->Reference());
        }
        PdfDictionary& dss_dict = dss->GetDictionary();
        dss_dict.AddKey("Certs", certs);
        if (!ocsps.empty()) dss_dict.AddKey("OCSPs", ocsps);
        if (!crls.empty()) dss_dict.AddKey("CRLs", crls);
        dss_dict.AddKey("VRI", vri);

        // PDF/A-1 wants "N 0 obj" on a line of its own; compact mode writes "obj<<".
        doc.SetWriteMode(ePdfWriteMode_Clean);
        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        doc.WriteUpdate(&device, true);
        std::string out(buffer.GetBuffer(), device.GetLength());
        // The update must leave every earlier byte as it was: that is what keeps
        // the signatures valid. Check rather than trust.
        if (out.size() <= input.size() || out.compare(0, input.size(), input) != 0)
            throw Error(ErrorCode::Internal, {}, "the update changed bytes of the original file");
        report.bytes_added = out.size() - original.size();
        return out;
    } catch (const PdfError& e) {
        throw Error(ErrorCode::Internal, where, "PoDoFo failed while sealing: " + detail::describe(e));
    }
}

// The layout's name for the document timestamp's field ("Dokumenttidsstämpel"),
// with " 2", " 3", … when a field has it already (a renewal).
std::string timestamp_field_name(PdfMemDocument& doc) {
    const std::string base_name = detail::signing_words(doc).document_timestamp;
    std::string name = base_name;
    const std::vector<detail::SigField> fields = detail::signature_fields(doc);
    for (int n = 2; std::any_of(fields.begin(), fields.end(), [&](const detail::SigField& f) { return f.name == name; }); ++n)
        name = base_name + " " + std::to_string(n);
    return name;
}

// The page that takes the document timestamp's widget: the last page
// that already sets /Tabs (a tagged file's pages with annotations do, and
// PDF/UA wants /Tabs on every page that has one; the page dictionary
// itself must not change, so no other page can take it), else the first.
PdfPage* timestamp_page(PdfMemDocument& doc) {
    for (int i = doc.GetPageCount() - 1; i >= 0; --i) {
        PdfPage* page = doc.GetPage(i);
        if (page && page->GetObject()->GetDictionary().HasKey("Tabs")) return page;
    }
    return doc.GetPageCount() > 0 ? doc.GetPage(0) : nullptr;
}

// An invisible signature field NAME whose /V is `sig`: in /AcroForm /Fields,
// its widget in `page`'s /Annots.
void add_invisible_field(PdfMemDocument& doc, PdfObject& form, PdfPage& page, const std::string& name, PdfObject& sig) {
    PdfVecObjects& objects = doc.GetObjects();
    // Invisible: a zero /Rect, and /F Print (PDF/A wants it set, and
    // Hidden and NoView clear) | Locked. An empty appearance all the same,
    // for validators that want one on every widget.
    PdfArray zero;
    for (int i = 0; i < 4; ++i) zero.push_back(PdfObject(static_cast<pdf_int64>(0)));
    PdfObject* appearance = objects.CreateObject("XObject");
    appearance->GetDictionary().AddKey("Subtype", PdfName("Form"));
    appearance->GetDictionary().AddKey("BBox", zero);
    appearance->GetStream()->Set("", 0);
    PdfDictionary ap;
    ap.AddKey("N", appearance->Reference());

    PdfObject* widget = objects.CreateObject("Annot");
    PdfDictionary& w = widget->GetDictionary();
    w.AddKey("Subtype", PdfName("Widget"));
    w.AddKey("FT", PdfName("Sig"));
    w.AddKey("T", PdfString(reinterpret_cast<const pdf_utf8*>(name.c_str())));
    w.AddKey("Rect", zero);
    w.AddKey("F", PdfObject(static_cast<pdf_int64>(132)));  // Print (4) | Locked (128)
    w.AddKey("P", page.GetObject()->Reference());
    w.AddKey("AP", ap);
    w.AddKey("V", sig.Reference());

    auto append = [&](PdfObject* owner, const char* key) {
        PdfObject* value = owner->GetDictionary().GetKey(key);
        PdfObject* array = detail::resolve(objects, value);
        if (array && array->IsArray()) {
            // PoDoFo marks the array, and a dictionary holding it, dirty:
            // both are in the update.
            array->GetArray().push_back(widget->Reference());
        } else {
            PdfArray fresh;
            fresh.push_back(widget->Reference());
            owner->GetDictionary().AddKey(key, fresh);
        }
    };
    append(&form, "Fields");
    append(page.GetObject(), "Annots");
}

// A document timestamp (PAdES B-LTA, ISO 32000-2): an RFC 3161
// token over the whole file as sealed, in a signature dictionary /Type
// /DocTimeStamp /SubFilter /ETSI.RFC3161 of a new invisible signature field.
// Returns the file with it, or an empty string when the token needs more than
// `room` bytes (`needed` tells how many).
std::string add_document_timestamp(const std::string& input, const std::string& input_name, const std::string& url,
                                   int timeout_seconds, size_t room, size_t& needed, SealReport& report) {
    const SourceLocation where{input_name, 0, 0};
    detail::QuietPodofo quiet;
    PdfMemDocument doc;
    try {
        detail::load_keeping_mod_date(doc, input, true);
    } catch (const PdfError& e) {
        throw Error(ErrorCode::Internal, where, "cannot read the sealed PDF back: " + detail::describe(e));
    }
    try {
        PdfVecObjects& objects = doc.GetObjects();
        PdfObject* form = detail::acro_form(doc);
        PdfPage* page = timestamp_page(doc);
        if (!form || !page) throw Error(ErrorCode::Internal, where, "a signed file without a form or a page");

        const std::string name = timestamp_field_name(doc);
        detail::PlaceholderUpdate update(room);

        // Written as sign.cpp writes a signature dictionary: /ByteRange
        // directly before /Contents, which AdjustByteRange relies on.
        PdfObject* sig = objects.CreateObject("DocTimeStamp");
        PdfDictionary& dict = sig->GetDictionary();
        dict.AddKey("Filter", PdfName("Adobe.PPKLite"));
        dict.AddKey("SubFilter", PdfName("ETSI.RFC3161"));
        dict.AddKey("ByteRange", PdfVariant(PdfData("[ 0 1234567890 1234567890 1234567890]")));
        const std::string contents = "<" + update.device().GetSignatureBeacon()->data() + ">";
        dict.AddKey("Contents", PdfVariant(PdfData(contents.data(), contents.size())));

        add_invisible_field(doc, *form, *page, name, *sig);

        doc.SetWriteMode(ePdfWriteMode_Clean);
        update.write(doc, "timestamp");

        // The token stamps exactly the bytes the /ByteRange names.
        const std::string stamped = update.covered();
        const std::string token = net::request_token(url, stamped, timeout_seconds);
        if (token.size() > room) {
            needed = token.size() + 512;
            return {};
        }
        std::string out = update.fill(token, input);
        report.document_timestamp = tsa::inspect_token(token, stamped).time_utc;
        report.document_timestamp_field = name;
        return out;
    } catch (const PdfError& e) {
        throw Error(ErrorCode::Internal, where, "PoDoFo failed while adding the document timestamp: " + detail::describe(e));
    }
}

// Sealing in this process: the validation data, then the document timestamp.
std::string seal_here(const std::string& bytes, const std::string& input, const SealOptions& options,
                      SealReport& report) {
    std::string sealed = seal_bytes(bytes, input, options, report);
    if (!options.tsa_url.empty()) {
        const size_t dss_added = report.bytes_added;
        size_t needed = 0;
        std::string stamped = add_document_timestamp(sealed, input, options.tsa_url, options.timeout_seconds, tsa::default_token_reserve, needed, report);
        if (stamped.empty()) {
            // A TSA whose token carries a long chain: once more with room for it.
            const size_t first = needed;
            stamped = add_document_timestamp(sealed, input, options.tsa_url, options.timeout_seconds, first, needed, report);
            if (stamped.empty())
                fail("the time-stamp token from " + options.tsa_url + " needs " + std::to_string(needed) +
                     " bytes, more than the " + std::to_string(first) + " its first token needed");
        }
        report.timestamp_bytes_added = stamped.size() - sealed.size();
        report.bytes_added = dss_added + report.timestamp_bytes_added;
        sealed = std::move(stamped);
    }
    return sealed;
}

// A SealReport through the pipe from run_guarded's child.
std::string pack_seal_report(const SealReport& r) {
    return pack({std::to_string(r.signatures), std::to_string(r.certificates), std::to_string(r.ocsp_responses),
                 std::to_string(r.crls), pack(r.fetched), std::to_string(r.bytes_added), r.document_timestamp,
                 r.document_timestamp_field, std::to_string(r.timestamp_bytes_added)});
}

SealReport unpack_seal_report(const std::string& packed) {
    const std::vector<std::string> p = unpack(packed);
    if (p.size() != 9) throw Error(ErrorCode::Internal, {}, "a malformed seal report from the isolated work");
    SealReport r;
    r.signatures = std::stoi(p[0]);
    r.certificates = std::stoi(p[1]);
    r.ocsp_responses = std::stoi(p[2]);
    r.crls = std::stoi(p[3]);
    r.fetched = unpack(p[4]);
    r.bytes_added = std::stoull(p[5]);
    r.document_timestamp = p[6];
    r.document_timestamp_field = p[7];
    r.timestamp_bytes_added = std::stoull(p[8]);
    return r;
}

}  // namespace

// PoDoFo reads the input in a child process (pdfsig/guard.h), which fetches the
// validation data too; the sealed bytes and the report come back.
OnlineRevocation fetch_revocation(const std::string& input, const SealOptions& options) {
    const std::string bytes = read_file(input);
    const int online = 40 * options.timeout_seconds;
    std::vector<std::string> told;
    const detail::Warn tell = [&told](const std::string& message) { told.push_back(message); };
    const std::vector<std::string> parts = unpack(detail::run_guarded(input, tell, online, [&](const detail::Warn& warn) {
        const SourceLocation where{input, 0, 0};
        if (bytes.compare(0, 5, "%PDF-") != 0) fail(where, "not a PDF file");
        detail::refuse_hostile(bytes, input);
        detail::QuietPodofo quiet;
        PdfMemDocument doc;
        try {
            doc.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()), false);
        } catch (const PdfError& e) {
            fail(where, "cannot read PDF: " + detail::describe(e));
        }
        SealOptions child = options;
        child.warn = warn;
        SealReport report;
        Fetcher fetcher(child, report, /*lenient=*/true);
        ossl::Ptr<STACK_OF(X509)> anchors = trust::read_anchors(options.trust_files);
        std::vector<std::string> ocsps, crls;
        for (const Signed& sig : collect_signatures(doc, anchors.get(), fetcher, child, where, /*lenient=*/true)) {
            for (const auto& der : sig.ocsps) add_unique(ocsps, der);
            for (const auto& der : sig.crls) add_unique(crls, der);
        }
        return pack({pack(ocsps), pack(crls), pack(report.fetched)});
    }));
    OnlineRevocation out{unpack(parts.at(0)), unpack(parts.at(1)), unpack(parts.at(2))};
    for (const std::string& message : told) out.requests.push_back("not decided: " + message);
    return out;
}

SealReport seal_file(const std::string& input, const std::string& output, const SealOptions& options) {
    const std::string bytes = read_file(input);
    // Every certificate's OCSP responders and CRLs, each request up to the timeout.
    const int online = 40 * options.timeout_seconds;
    const std::vector<std::string> parts = unpack(
        detail::run_guarded(input, options.warn, online, [&](const detail::Warn& warn) {
            SealOptions child = options;
            child.warn = warn;
            SealReport report;
            std::string sealed = seal_here(bytes, input, child, report);
            return pack({pack_seal_report(report), sealed});
        }));
    write_file_atomically(output, parts.at(1));
    return unpack_seal_report(parts.at(0));
}

}  // namespace protokoll::sign
