#include "validation_data.h"

#include "crypto/ltv.h"

#include <openssl/cms.h>
#include <zlib.h>

#include <map>
#include <vector>

namespace protokoll::sign::detail {

using namespace PoDoFo;

namespace {

// No certificate, OCSP response or CRL of a real PKI comes near this.
constexpr size_t max_validation_object = 16 << 20;

const std::set<std::string> dss_keys = {"Type", "Certs", "OCSPs", "CRLs", "VRI"};
const std::set<std::string> vri_keys = {"Type", "Cert", "OCSP", "CRL", "TU", "TS"};
const std::set<std::string> stream_keys = {"Length", "Filter", "DecodeParms", "Type"};

enum class Kind { Certificate, Ocsp, Crl, Token };

const char* kind_name(Kind kind) {
    switch (kind) {
    case Kind::Certificate: return "certificate";
    case Kind::Ocsp: return "OCSP response";
    case Kind::Crl: return "CRL";
    default: return "timestamp token";
    }
}

// The DER is one whole object of its kind, nothing before or after it.
bool is_der_of(Kind kind, const std::string& der) {
    const auto* start = reinterpret_cast<const unsigned char*>(der.data());
    const unsigned char* p = start;
    const long n = static_cast<long>(der.size());
    bool ok = false;
    switch (kind) {
    case Kind::Certificate:
        if (X509* x = d2i_X509(nullptr, &p, n)) ok = true, X509_free(x);
        break;
    case Kind::Ocsp:
        if (OCSP_RESPONSE* o = d2i_OCSP_RESPONSE(nullptr, &p, n)) ok = true, OCSP_RESPONSE_free(o);
        break;
    case Kind::Crl:
        if (X509_CRL* c = d2i_X509_CRL(nullptr, &p, n)) ok = true, X509_CRL_free(c);
        break;
    case Kind::Token:
        if (CMS_ContentInfo* c = d2i_CMS_ContentInfo(nullptr, &p, n)) ok = true, CMS_ContentInfo_free(c);
        break;
    }
    ERR_clear_error();
    return ok && p == start + n;
}

struct Checker {
    const Snapshot& s;
    std::string problem;
    std::map<Kind, std::set<Ref>> seen;  // distinct objects per kind

    void fail(const std::string& why) {
        if (problem.empty()) problem = why;
    }

    void stream(const PdfObject* item, Kind kind, const std::string& where) {
        if (!item || !item->IsReference()) return fail(where + " holds " + type_text(item) + ", not a stream reference");
        const PdfObject* object = s.resolve(item);
        if (!object || !object->HasStream()) return fail(where + " refers to " + type_text(object) + ", not a stream");
        for (const auto& [name, value] : object->GetDictionary().GetKeys())
            if (!stream_keys.count(name.GetName())) return fail(where + ": a stream with /" + name.GetName());
        std::string data, why;
        if (!bounded_stream_data(s, object, max_validation_object, data, why)) return fail(where + ": " + why);
        if (!is_der_of(kind, data))
            return fail(where + ": object " + ref_text(key_of(item->GetReference())) + " is not a DER " + kind_name(kind));
        seen[kind].insert(key_of(item->GetReference()));
    }

    void streams(const PdfObject* dict, const char* key, Kind kind, const std::string& where) {
        const PdfObject* value = dict->GetDictionary().GetKey(key);
        if (!value) return;
        const PdfObject* array = s.resolve(value);
        if (!array || !array->IsArray()) return fail(where + " /" + key + " is " + type_text(array) + ", not an array");
        for (const PdfObject& item : array->GetArray()) stream(&item, kind, where + " /" + key);
    }

    void vri_entry(const std::string& name, const PdfObject* entry) {
        const std::string where = "/VRI /" + name;
        if (!entry || !entry->IsDictionary()) return fail(where + " is " + type_text(entry) + ", not a dictionary");
        for (const auto& [key, value] : entry->GetDictionary().GetKeys())
            if (!vri_keys.count(key.GetName())) return fail(where + " has /" + key.GetName());
        if (std::string t = name_value(s.objects(), entry, "Type"); !t.empty() && t != "VRI") return fail(where + " has /Type /" + t);
        streams(entry, "Cert", Kind::Certificate, where);
        streams(entry, "OCSP", Kind::Ocsp, where);
        streams(entry, "CRL", Kind::Crl, where);
        if (const PdfObject* ts = entry->GetDictionary().GetKey("TS")) stream(ts, Kind::Token, where + " /TS");
        if (const PdfObject* tu = s.resolve(entry->GetDictionary().GetKey("TU")); tu && !tu->IsString())
            fail(where + " /TU is " + type_text(tu) + ", not a date");
    }
};

std::vector<Ref> refs_in(const Snapshot& s, const PdfObject* dict, const char* key) {
    std::vector<Ref> out;
    const PdfObject* array = dict ? s.resolve(dict->GetDictionary().GetKey(key)) : nullptr;
    if (array && array->IsArray())
        for (const PdfObject& item : array->GetArray())
            if (item.IsReference()) out.push_back(key_of(item.GetReference()));
    return out;
}

std::string count(size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

}  // namespace

bool bounded_stream_data(const Snapshot& s, const PdfObject* object, size_t limit, std::string& out, std::string& problem) {
    const PdfObject* filter = lookup(s.objects(), object, "Filter");
    std::vector<std::string> filters;
    if (filter && filter->IsName()) filters.push_back(filter->GetName().GetName());
    else if (filter && filter->IsArray())
        for (const PdfObject& f : filter->GetArray()) filters.push_back(f.IsName() ? f.GetName().GetName() : "?");
    else if (filter) return problem = "a /Filter that is " + type_text(filter), false;
    if (filters.size() > 1 || (filters.size() == 1 && filters[0] != "FlateDecode") || lookup(s.objects(), object, "DecodeParms"))
        return problem = "a stream filtered other than by /FlateDecode alone", false;
    const auto* stream = dynamic_cast<const PdfMemStream*>(object->GetStream());
    if (!stream) return problem = "a stream that cannot be read", false;
    const std::string raw = stream->Get() ? std::string(stream->Get(), static_cast<size_t>(stream->GetLength())) : std::string();
    if (filters.empty()) {
        if (raw.size() > limit) return problem = "a stream larger than " + std::to_string(limit) + " bytes", false;
        out = raw;
        return true;
    }
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return problem = "zlib cannot start", false;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = static_cast<uInt>(raw.size());
    char chunk[16384];
    int status = Z_OK;
    out.clear();
    while (status == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        status = inflate(&z, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - z.avail_out);
        if (out.size() > limit) {
            inflateEnd(&z);
            return problem = "a stream that inflates to more than " + std::to_string(limit) + " bytes", false;
        }
        if (status == Z_BUF_ERROR && z.avail_in == 0) break;  // truncated, but what there is is there
    }
    inflateEnd(&z);
    if (status != Z_STREAM_END && status != Z_BUF_ERROR) return problem = "a /FlateDecode stream that does not inflate", false;
    return true;
}

DssVerdict judge_dss(Comparer& compare, const Snapshot& older, const Snapshot& newer) {
    DssVerdict verdict;
    const PdfObject* before = older.catalog ? older.resolve(older.catalog->GetDictionary().GetKey("DSS")) : nullptr;
    const PdfObject* after = newer.catalog ? newer.resolve(newer.catalog->GetDictionary().GetKey("DSS")) : nullptr;
    if (!before && !after) return verdict;
    if (!after) return verdict.problem = "removed", verdict;
    if (before && !compare.compare(before, after)) return verdict;
    if (!after->IsDictionary()) return verdict.problem = "/DSS is " + type_text(after) + ", not a dictionary", verdict;
    for (const auto& [key, value] : after->GetDictionary().GetKeys())
        if (!dss_keys.count(key.GetName())) return verdict.problem = "/DSS has /" + key.GetName() + ", which is no validation data", verdict;
    Checker check{newer, {}, {}};
    if (std::string t = name_value(newer.objects(), after, "Type"); !t.empty() && t != "DSS") check.fail("/DSS has /Type /" + t);
    check.streams(after, "Certs", Kind::Certificate, "/DSS");
    check.streams(after, "OCSPs", Kind::Ocsp, "/DSS");
    check.streams(after, "CRLs", Kind::Crl, "/DSS");
    size_t vri_entries = 0;
    if (const PdfObject* vri = after->GetDictionary().GetKey("VRI")) {
        const PdfObject* dict = newer.resolve(vri);
        if (!dict || !dict->IsDictionary()) check.fail("/DSS /VRI is " + type_text(dict) + ", not a dictionary");
        else
            for (const auto& [name, entry] : dict->GetDictionary().GetKeys()) {
                check.vri_entry(name.GetName(), newer.resolve(entry));
                ++vri_entries;
            }
    }
    if (!check.problem.empty()) return verdict.problem = check.problem, verdict;
    // What the /DSS held stays: validation data is only ever added.
    if (before && before->IsDictionary()) {
        for (const char* key : {"Certs", "OCSPs", "CRLs"}) {
            const std::vector<Ref> had = refs_in(older, before, key), has = refs_in(newer, after, key);
            const std::set<Ref> now(has.begin(), has.end());
            for (const Ref& r : had)
                if (!now.count(r)) return verdict.problem = std::string("/") + key + " lost object " + ref_text(r), verdict;
        }
        const PdfObject* had = older.resolve(before->GetDictionary().GetKey("VRI"));
        const PdfObject* has = newer.resolve(after->GetDictionary().GetKey("VRI"));
        if (had && had->IsDictionary())
            for (const auto& [name, entry] : had->GetDictionary().GetKeys()) {
                const PdfObject* now = has && has->IsDictionary() ? has->GetDictionary().GetKey(name) : nullptr;
                if (!now) return verdict.problem = "/VRI lost its entry /" + name.GetName(), verdict;
                if (auto d = compare.compare(entry, now)) return verdict.problem = "/VRI /" + name.GetName() + " changed: " + d->text(), verdict;
            }
    }
    verdict.summary = std::string(before ? "updated" : "added") + ": " +
                      count(check.seen[Kind::Certificate].size(), "certificate", "certificates") + ", " +
                      count(check.seen[Kind::Ocsp].size(), "OCSP response", "OCSP responses") + ", " +
                      count(check.seen[Kind::Crl].size(), "CRL", "CRLs") + ", " + count(vri_entries, "/VRI entry", "/VRI entries");
    return verdict;
}

}  // namespace protokoll::sign::detail
