// sign_file: one CMS signature into one empty signature field, as an incremental
// update, with PoDoFo 0.9.8's PdfSignOutputDevice (podofo/base/PdfSignOutputDevice.h).
#include "sign/sign.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "base/time.h"
#include "crypto/ossl.h"
#include "crypto/pkcs12.h"
#include "crypto/signer.h"
#include "crypto/tsa.h"
#include "net/fetch.h"
#include "pdfsig/appearance.h"
#include "pdfsig/fields.h"
#include "pdfsig/guard.h"
#include "revocation_check.h"

#include <openssl/pem.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <optional>

namespace protokoll::sign {

using namespace PoDoFo;

namespace {

// Room for the DER CMS in /Contents beyond the size of a trial signature made
// with the same key and chain: an RSA or ECDSA signature varies by a few bytes
// at most, the rest of the CMS not at all. Every reserved byte costs two in the
// file (hex), so a fixed 8 KB reservation was 16 KB per signature.
constexpr size_t signature_margin = 512;
// Two-step signing cannot measure the service's CMS beforehand: room for a
// chain of four 2048-bit certificates or a small timestamp token.
constexpr size_t prepare_reserve = 8192;

// The TSA's token did not fit the room SignOptions::timestamp_reserve left for
// it; `room` is what it needs. sign_file signs once more with that room.
struct TokenTooLarge {
    size_t room;
};

struct Credentials {
    ossl::Ptr<EVP_PKEY> key;
    ossl::Ptr<X509> cert;
    ossl::Ptr<STACK_OF(X509)> chain;
};

Credentials load_pkcs12(const std::string& path, const std::string& password) {
    std::string der = read_file(path);
    ossl::Ptr<BIO> bio(BIO_new_mem_buf(der.data(), static_cast<int>(der.size())));
    ossl::Ptr<PKCS12> p12(bio ? d2i_PKCS12_bio(bio.get(), nullptr) : nullptr);
    if (!p12) {
        ERR_clear_error();
        fail(SourceLocation{path, 0, 0}, "not a PKCS#12 key file");
    }
    // parse_pkcs12 (PKCS12_parse's result, with key derivations of our own)
    // checks the MAC itself before it decrypts the bags. Only when it fails
    // is the MAC asked again, to tell "wrong password" (the one failure the
    // user should hear exactly) from a file it cannot read.
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* chain = nullptr;
    if (parse_pkcs12(p12.get(), der, password, &key, &cert, &chain) != 1) {
        std::string why = ossl::last_error();
        const char* pass = password.c_str();
        const int length = static_cast<int>(password.size());
        const bool mac_ok = PKCS12_verify_mac(p12.get(), pass, length) == 1 ||
                            (password.empty() && PKCS12_verify_mac(p12.get(), nullptr, 0) == 1);
        ERR_clear_error();
        if (!mac_ok)
            fail(SourceLocation{}, "wrong password for " + path,
                 {"the password is used as given (from --password-file without its final newline, --password-env or the prompt)"});
        fail(SourceLocation{path, 0, 0}, "cannot read key and certificate: " + why,
             {"a PKCS#12 file exported with legacy algorithms (RC2, 3DES) needs re-exporting with AES"});
    }
    Credentials out{ossl::Ptr<EVP_PKEY>(key), ossl::Ptr<X509>(cert), ossl::Ptr<STACK_OF(X509)>(chain)};
    // PKCS12_parse takes as "the" certificate the one the key belongs to; a
    // key that belongs to none leaves every certificate in the chain.
    X509* own = out.cert ? out.cert.get() : detail::end_entity(out.chain.get());
    if (out.key && own && (!out.cert || X509_check_private_key(own, out.key.get()) != 1)) {
        ERR_clear_error();
        fail(SourceLocation{}, "the private key in " + path + " does not belong to its certificate (" +
                                   ossl::name_text(X509_get_subject_name(own)) + ")",
             {"export the PKCS#12 again from the key and the certificate issued for it"});
    }
    if (!out.key || !out.cert) fail(SourceLocation{path, 0, 0}, "the PKCS#12 file lacks a private key or its certificate");
    return out;
}

// The signer's certificate alone (PEM), for --prepare: name and serial for the
// appearance; the key stays in the signing service.
Credentials load_certificate(const std::string& path) {
    std::string pem = read_file(path);
    ossl::Ptr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    ossl::Ptr<X509> cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) {
        ERR_clear_error();
        fail(SourceLocation{path, 0, 0}, "not a PEM certificate");
    }
    // Certificates after the first are its chain (the issuer, for the revocation check).
    ossl::Ptr<STACK_OF(X509)> chain(sk_X509_new_null());
    while (X509* more = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        if (sk_X509_push(chain.get(), more) <= 0) X509_free(more);
    ERR_clear_error();
    return Credentials{nullptr, std::move(cert), std::move(chain)};
}

std::string to_hex(const unsigned char* data, size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < size; ++i) out += {digits[data[i] >> 4], digits[data[i] & 15]};
    return out;
}

// A PDF text string: plain when ASCII (readable in the file), else UTF-16BE.
PdfString text_string(const std::string& utf8) {
    for (unsigned char c : utf8)
        if (c >= 0x80) return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));
    return PdfString(utf8);
}

// DER of a SET OF the SignerInfo's signed attributes: the bytes the signature
// covers (RFC 5652 5.4: the [0] IMPLICIT tag is replaced by SET). DER sorts a
// SET OF by the encodings of its elements, as i2d does for the [0] field, so
// the signature verifies against what ends up in the file.
std::string signed_attributes_der(CMS_SignerInfo* signer) {
    std::vector<std::string> elements;
    for (int i = 0; i < CMS_signed_get_attr_count(signer); ++i) {
        X509_ATTRIBUTE* attr = CMS_signed_get_attr(signer, i);
        unsigned char* der = nullptr;
        int len = i2d_X509_ATTRIBUTE(attr, &der);
        if (len <= 0) throw Error(ErrorCode::Internal, {}, "cannot encode a signed attribute: " + ossl::last_error());
        elements.emplace_back(reinterpret_cast<char*>(der), static_cast<size_t>(len));
        OPENSSL_free(der);
    }
    std::sort(elements.begin(), elements.end(), [](const std::string& a, const std::string& b) {
        int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
        return c != 0 ? c < 0 : a.size() < b.size();
    });
    std::string body;
    for (const auto& e : elements) body += e;
    std::string out(1, '\x31');
    if (body.size() < 0x80) {
        out += static_cast<char>(body.size());
    } else {
        std::string len;
        for (size_t n = body.size(); n; n >>= 8) len.insert(len.begin(), static_cast<char>(n & 0xff));
        out += static_cast<char>(0x80 | len.size());
        out += len;
    }
    return out + body;
}

std::string cms_der(CMS_ContentInfo* cms) {
    int len = i2d_CMS_ContentInfo(cms, nullptr);
    if (len <= 0) throw Error(ErrorCode::Internal, {}, "cannot encode CMS: " + ossl::last_error());
    std::string der(static_cast<size_t>(len), '\0');
    auto* p = reinterpret_cast<unsigned char*>(der.data());
    i2d_CMS_ContentInfo(cms, &p);
    return der;
}

// PAdES B-T (ETSI EN 319 142-1 5.3; RFC 3161 appendix A): the TSA at `url`
// stamps the SignerInfo's signature value (the OCTET STRING's contents), and
// the token goes in as the unsigned attribute id-aa-signatureTimeStampToken.
// Unsigned: adding it changes neither the signed attributes nor the signature.
void add_signature_timestamp(CMS_SignerInfo* signer, const std::string& url, int timeout_seconds) {
    const ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(signer);
    const std::string signature(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                                static_cast<size_t>(ASN1_STRING_length(value)));
    const std::string token = net::request_token(url, signature, timeout_seconds);
    if (CMS_unsigned_add1_attr_by_NID(signer, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token.data(),
                                      static_cast<int>(token.size())) != 1)
        throw Error(ErrorCode::Internal, {}, "cannot add the time-stamp token to the CMS: " + ossl::last_error());
}

// Detached CMS for PAdES baseline B-B (ETSI EN 319 142-1): SHA-256, signed
// attributes contentType, messageDigest and ESS signing-certificate-v2, and no
// signingTime (PAdES puts the claimed time in /M only). OpenSSL's CMS_final /
// CMS_SignerInfo_sign always add a signingTime, so the SignerInfo is built with
// CMS_PARTIAL and signed here over the DER of its signed attributes. The chain
// from the PKCS#12 goes in so that a validator can build the path offline.
// With `tsa_url` the signature-time-stamp is added (B-T).
// size_only: the CMS a signature of this key would make, with its value
// zero-filled at the key's largest signature size: as long as the real one
// (RSA) or longer (ECDSA), for what the placeholder must hold, without
// spending a private-key operation on it.
std::string cms_sign(const std::string& data, const Credentials& creds, const std::string& tsa_url,
                     int timeout_seconds, bool size_only = false) {
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
    ossl::Ptr<CMS_ContentInfo> cms(CMS_sign(nullptr, nullptr, creds.chain.get(), nullptr, flags));
    if (!cms) throw Error(ErrorCode::Internal, {}, "CMS_sign failed: " + ossl::last_error());
    // CMS_CADES adds signing-certificate-v2 for SHA-256; CMS_NOSMIMECAP keeps
    // the e-mail capabilities attribute (meaningless in a PDF) out.
    CMS_SignerInfo* signer = CMS_add1_signer(cms.get(), creds.cert.get(), creds.key.get(), EVP_sha256(),
                                             CMS_BINARY | CMS_CADES | CMS_PARTIAL | CMS_NOSMIMECAP);
    if (!signer) throw Error(ErrorCode::Internal, {}, "CMS_add1_signer failed: " + ossl::last_error());

    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &digest_len, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorCode::Internal, {}, "SHA-256 failed: " + ossl::last_error());
    if (CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
        CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest,
                                    static_cast<int>(digest_len)) != 1)
        throw Error(ErrorCode::Internal, {}, "cannot add the CMS signed attributes: " + ossl::last_error());
    if (CMS_signed_get_attr_by_NID(signer, NID_pkcs9_signingTime, -1) >= 0)
        throw Error(ErrorCode::Internal, {}, "OpenSSL added a CMS signingTime attribute");

    std::string to_sign = signed_attributes_der(signer);
    ossl::Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    size_t sig_len = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, creds.key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &sig_len, reinterpret_cast<const unsigned char*>(to_sign.data()),
                       to_sign.size()) != 1)
        throw Error(ErrorCode::Internal, {}, "cannot start the signature: " + ossl::last_error());
    auto* sig = static_cast<unsigned char*>(OPENSSL_zalloc(sig_len));
    if (!sig || size_only) {
        if (!sig) throw Error(ErrorCode::Internal, {}, "out of memory for the signature");
        ASN1_STRING_set0(CMS_SignerInfo_get0_signature(signer), sig, static_cast<int>(sig_len));
        return cms_der(cms.get());
    }
    if (EVP_DigestSign(ctx.get(), sig, &sig_len, reinterpret_cast<const unsigned char*>(to_sign.data()),
                               to_sign.size()) != 1) {
        OPENSSL_free(sig);
        throw Error(ErrorCode::Internal, {}, "signing failed: " + ossl::last_error());
    }
    ASN1_STRING_set0(CMS_SignerInfo_get0_signature(signer), sig, static_cast<int>(sig_len));
    if (!tsa_url.empty()) add_signature_timestamp(signer, tsa_url, timeout_seconds);
    return cms_der(cms.get());
}

std::string names_of(const std::vector<detail::SigField>& fields) {
    std::string out;
    for (const auto& field : fields) out += (out.empty() ? "\"" : ", \"") + field.name + "\"";
    return out.empty() ? "(none)" : out;
}

// What sign refuses before it asks for the key: a sealed file, a missing or
// signed field, a file changed after its newest signature, certifying after
// someone signed, a field out of signing order. Returns the field to sign.
const detail::SigField* check_signable(PdfMemDocument& doc, const std::vector<detail::SigField>& fields,
                                       const std::string& original, const std::string& input_name,
                                       const SignOptions& options) {
    // A sealed file is final: its validation data (and a document
    // timestamp over it) would not cover a signature made now.
    if (PdfObject* catalog = doc.GetCatalog(); catalog && catalog->IsDictionary() && catalog->GetDictionary().HasKey("DSS"))
        fail(SourceLocation{input_name, 0, 0},
             "the file is sealed ('protokoll seal': it has validation data, /DSS): nobody can sign it any more",
             {"sign the file as the last signer left it, before sealing"});

    const detail::SigField* target = nullptr;
    for (const auto& field : fields)
        if (field.name == options.field) target = &field;
    if (!target)
        fail(SourceLocation{input_name, 0, 0},
             "no signature field \"" + options.field + "\"; the fields are: " + names_of(fields));
    PdfObject* value = detail::resolve(doc.GetObjects(), target->object->GetDictionary().GetKey("V"));
    if (value && !value->IsNull())
        fail(SourceLocation{input_name, 0, 0}, "signature field \"" + options.field + "\" is already signed");

    // Nothing may follow the newest signature: signing on top of a changed
    // file would lend the new signature to changes nobody signed.
    size_t covered = 0;
    std::string newest;
    for (const auto& field : fields) {
        PdfObject* v = detail::resolve(doc.GetObjects(), field.object->GetDictionary().GetKey("V"));
        if (!v || !v->IsDictionary()) continue;
        PdfObject* range = detail::resolve(doc.GetObjects(), v->GetDictionary().GetKey("ByteRange"));
        if (!range || !range->IsArray() || range->GetArray().size() != 4) continue;
        const PdfArray& a = range->GetArray();
        if (!a[2].IsNumber() || !a[3].IsNumber()) continue;
        size_t end = static_cast<size_t>(a[2].GetNumber() + a[3].GetNumber());
        if (end >= covered) covered = end, newest = field.name;
    }
    if (!newest.empty()) {
        size_t rest = covered;
        while (rest < original.size() && std::strchr(" \t\r\n", original[rest]) && original[rest] != '\0') ++rest;
        if (covered > original.size() || rest != original.size())
            fail(SourceLocation{input_name, 0, 0},
                 "the file was changed after the last signature (\"" + newest + "\"): its signed range ends at byte " +
                     std::to_string(covered) + " of " + std::to_string(original.size()),
                 {"sign the file as that signer left it, or have the protocol signed anew"});
    }

    if (options.certify && !newest.empty())
        fail(SourceLocation{input_name, 0, 0},
             "cannot certify: \"" + newest + "\" has signed already, and only the first signature may certify",
             {"certify with the secretary's signature, before anyone else signs"});

    if (!options.any_order) {
        for (const auto& field : fields) {
            if (&field == target) break;
            PdfObject* v = detail::resolve(doc.GetObjects(), field.object->GetDictionary().GetKey("V"));
            if (!v || v->IsNull())
                fail(SourceLocation{input_name, 0, 0},
                     "\"" + field.name + "\" must sign before \"" + options.field + "\"; the signing order is " +
                         names_of(fields),
                     {"--any-order signs out of order"});
        }
    }
    return target;
}

// `words` with every `placeholder` ("{name}") replaced by `value`.
std::string filled(std::string words, const std::string& placeholder, const std::string& value) {
    for (size_t at = words.find(placeholder); at != std::string::npos; at = words.find(placeholder, at + value.size()))
        words.replace(at, placeholder.size(), value);
    return words;
}

// The zone the document shows signing times in (the layout's).
TimeZone document_zone(const detail::SigningWords& words, const std::string& input_name) {
    try {
        return TimeZone::named(words.time_zone);
    } catch (const Error& e) {
        fail(SourceLocation{input_name, 0, 0}, "the document shows signing times in a zone this machine lacks: " + e.message(),
             {"install Debian's tzdata"});
    }
}

// The visible appearance in the layout's words ("Justerat digitalt av
// NAME"), the time in its zone and the certificate serial, in a font the
// document embeds.
void draw_appearance(PdfMemDocument& doc, const detail::SigField& field, X509* cert, const std::string& signer_name,
                     std::time_t now, const detail::SigningWords& words, const TimeZone& zone,
                     const SignOptions& options) {
    std::string serial = ossl::serial_hex(X509_get0_serialNumber(cert));
    // Lower case: a protocol's text more surely has "a"–"f" than "A"–"F".
    for (char& c : serial) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // The certificate's serial number, not the subject's serialNumber:
    // in Swedish e-ID certificates that is the personal identity number,
    // which must not be printed in a public protocol.
    const std::string who = signer_name.empty() ? options.field : signer_name;
    const TimeZone utc = TimeZone::utc();
    // Each line's later candidates say less with fewer characters, for a
    // document whose font lacks some of the first one's.
    std::vector<std::vector<std::string>> lines{
        {filled(words.signed_by, "{name}", who), who},
        {display_time(now, zone, true), display_time(now, utc, false) + " UTC", display_time(now, utc, false) + " Z"},
        {filled(words.certificate, "{serial}", serial), serial}};
    std::string why = detail::set_signed_appearance(doc, field.object, lines);
    if (!why.empty() && options.warn) options.warn("visible signature in \"" + options.field + "\": " + why);
}

// The DocMDP certification (ISO 32000-1 12.8.2.2) of the signature `sig`.
void add_certification(PdfMemDocument& doc, PdfObject* sig, PdfDictionary& dict, const std::string& input_name,
                       const SignOptions& options) {
    // ISO 32000-1 12.8.2.2: a signature reference with the DocMDP
    // transform, and the catalog's /Perms naming this signature. No
    // /DigestMethod etc.: PDF/A-2 (6.4.2) forbids them and readers
    // use the /ByteRange digest anyway.
    PdfDictionary params;
    params.AddKey("Type", PdfName("TransformParams"));
    if (options.certify_permissions < 1 || options.certify_permissions > 3)
        fail(SourceLocation{input_name, 0, 0}, "the certification's permissions must be 1, 2 or 3, not " +
                                                   std::to_string(options.certify_permissions));
    params.AddKey("P", PdfObject(static_cast<pdf_int64>(options.certify_permissions)));
    params.AddKey("V", PdfName("1.2"));
    PdfDictionary reference;
    reference.AddKey("Type", PdfName("SigRef"));
    reference.AddKey("TransformMethod", PdfName("DocMDP"));
    reference.AddKey("TransformParams", params);
    PdfArray references;
    references.push_back(reference);
    dict.AddKey("Reference", references);
    PdfDictionary perms;
    perms.AddKey("DocMDP", sig->Reference());
    doc.GetCatalog()->GetDictionary().AddKey("Perms", perms);
}

// The signature dictionary in `field`'s /V, written exactly as
// PdfSignatureField::SetSignature does: /ByteRange directly before
// /Contents, which AdjustByteRange relies on; /Contents is `update`'s beacon.
void add_signature_dictionary(PdfMemDocument& doc, const detail::SigField& field, detail::PlaceholderUpdate& update,
                              std::time_t now, const TimeZone& zone, const std::string& signer_name,
                              const std::string& reason, const std::string& input_name, const SignOptions& options) {
    PdfObject* sig = doc.GetObjects().CreateObject("Sig");
    PdfDictionary& dict = sig->GetDictionary();
    dict.AddKey("Filter", PdfName("Adobe.PPKLite"));
    dict.AddKey("SubFilter", PdfName("ETSI.CAdES.detached"));
    dict.AddKey("M", PdfString(pdf_date(now, zone)));
    if (!signer_name.empty()) dict.AddKey("Name", text_string(signer_name));
    if (!reason.empty()) dict.AddKey("Reason", text_string(reason));
    dict.AddKey("ByteRange", PdfVariant(PdfData("[ 0 1234567890 1234567890 1234567890]")));
    const std::string& beacon = update.device().GetSignatureBeacon()->data();
    std::string contents = "<" + beacon + ">";
    dict.AddKey("Contents", PdfVariant(PdfData(contents.data(), contents.size())));
    field.object->GetDictionary().AddKey("V", sig->Reference());
    if (options.certify) add_certification(doc, sig, dict, input_name, options);
}

// With `prepared_digest` set (two-step signing) no key is used: the signer's
// certificate comes from options.cert_path, /Contents is left all zeros with
// prepare_reserve bytes of room, and the SHA-256 of the byte ranges is stored.
std::string sign_bytes(const std::string& original, const std::string& input_name, const SignOptions& options,
                       std::string* prepared_digest = nullptr) {
    if (original.compare(0, 5, "%PDF-") != 0) fail(SourceLocation{input_name, 0, 0}, "not a PDF file");
    detail::refuse_hostile(original, input_name);
    // PoDoFo appends the update right after the last byte: after a bare "%%EOF"
    // the first "N 0 obj" would become part of that comment line.
    std::string input = original;
    if (input.back() != '\n' && input.back() != '\r') input += '\n';

    detail::QuietPodofo quiet;
    PdfMemDocument doc;
    std::optional<PdfString> mod_date;
    try {
        mod_date = detail::original_mod_date(input);
        doc.LoadFromBuffer(input.data(), static_cast<long>(input.size()), true);
    } catch (const PdfError& e) {
        fail(SourceLocation{input_name, 0, 0}, "cannot read PDF: " + detail::describe(e));
    }

    try {
        std::vector<detail::SigField> fields = detail::signature_fields(doc);
        const detail::SigField* target = check_signable(doc, fields, original, input_name, options);

        // The key last: a wrong field name should not cost a password prompt.
        Credentials creds = prepared_digest ? load_certificate(options.cert_path) : load_pkcs12(options.p12_path, options.password);
        std::time_t now = options.time ? options.time : std::time(nullptr);
        // Only what can be trusted later: valid at /M (and at the time-stamp's
        // time), allowed to sign, and the field's person (or knowingly not).
        const std::string reason = detail::check_signing_certificate(
            creds.cert.get(), prepared_digest ? options.cert_path : options.p12_path, detail::field_person(doc.GetObjects(), *target),
            now, options.tsa_url.empty() ? 0 : std::time(nullptr), options.signer_mismatch_ok);
        if (options.no_revocation_check) {
            if (options.warn) options.warn("the signer's certificate was not checked for revocation (--no-revocation-check)");
        } else {
            detail::check_not_revoked(creds.cert.get(), creds.chain.get(), std::time(nullptr), options.timeout_seconds);
        }

        detail::restore_mod_date(doc, mod_date);
        const std::string signer_name = ossl::common_name(creds.cert.get());

        // SigFlags 3 = SignaturesExist | AppendOnly: readers must keep later
        // changes incremental so that the signatures stay valid.
        PdfObject* form = detail::acro_form(doc);
        if (form->GetDictionary().GetKeyAsLong("SigFlags", 0) != 3) form->GetDictionary().AddKey("SigFlags", PdfObject(static_cast<pdf_int64>(3)));

        // PDF/A-1 wants "N 0 obj" on a line of its own; compact mode writes "obj<<".
        doc.SetWriteMode(ePdfWriteMode_Clean);

        const detail::SigningWords words = detail::signing_words(doc, target);
        const TimeZone zone = document_zone(words, input_name);
        if (options.visible) draw_appearance(doc, *target, creds.cert.get(), signer_name, now, words, zone, options);

        // A trial signature tells the size of the real one (see signature_margin);
        // a time-stamp token, asked for only once the signature exists, gets
        // the room options.timestamp_reserve says.
        const size_t trial_size = prepared_digest ? 0 : cms_sign(std::string(), creds, {}, 0, true).size();
        const size_t timestamp_room = options.tsa_url.empty() ? 0 : options.timestamp_reserve;
        const size_t signature_reserve =
            (prepared_digest ? prepare_reserve : trial_size + signature_margin) + timestamp_room;
        detail::PlaceholderUpdate update(signature_reserve);

        add_signature_dictionary(doc, *target, update, now, zone, signer_name, reason, input_name, options);

        update.write(doc, "signature");
        std::string out = update.bytes();
        const size_t* r = update.range;

        if (prepared_digest) {
            std::fill(out.begin() + static_cast<long>(r[1]) + 1, out.begin() + static_cast<long>(r[2]) - 1, '0');
            *prepared_digest = protokoll::sha256_hex(out.substr(r[0], r[1]) + out.substr(r[2], r[3]));
            if (out.compare(0, input.size(), input) != 0)
                throw Error(ErrorCode::Internal, {}, "the update changed bytes of the original file");
            return out;
        }
        std::string der = cms_sign(update.covered(), creds, options.tsa_url, options.timeout_seconds);
        if (der.size() > signature_reserve && !options.tsa_url.empty()) throw TokenTooLarge{der.size() - trial_size};
        if (der.size() > signature_reserve)
            throw Error(ErrorCode::Internal, {}, "the signature needs " + std::to_string(der.size()) +
                                                     " bytes but only " + std::to_string(signature_reserve) + " are reserved");
        return update.fill(der, input);
    } catch (const PdfError& e) {
        throw Error(ErrorCode::Internal, SourceLocation{input_name, 0, 0}, "PoDoFo failed while signing: " + detail::describe(e));
    }
}

// The OCSP question about the signer may wait this long.
int revocation_seconds(const SignOptions& options) { return options.no_revocation_check ? 0 : options.timeout_seconds; }

// A TSA request (and a second one for a larger token) and the OCSP question.
int online_seconds(const SignOptions& options) {
    return (options.tsa_url.empty() ? 0 : 4 * options.timeout_seconds) + revocation_seconds(options);
}

std::string sign_with_retry(const std::string& bytes, const std::string& input, const SignOptions& options) {
    std::string signed_pdf;
    try {
        signed_pdf = sign_bytes(bytes, input, options);
    } catch (const TokenTooLarge& first) {
        // A TSA whose token carries a long chain: sign once more with room for
        // its token (the new signature needs a new token: a second request).
        SignOptions again = options;
        again.timestamp_reserve = first.room;
        again.warn = nullptr;              // told the first time
        again.no_revocation_check = true;  // asked the first time
        try {
            signed_pdf = sign_bytes(bytes, input, again);
        } catch (const TokenTooLarge& second) {
            fail("the time-stamp token from " + options.tsa_url + " needs " + std::to_string(second.room) +
                 " bytes in the signature, more than the " + std::to_string(first.room) + " its first token needed");
        }
    }
    return signed_pdf;
}

}  // namespace

// PoDoFo reads the input in a child process (pdfsig/guard.h); only the signed
// bytes come back, and are written here.
void sign_file(const std::string& input, const std::string& output, const SignOptions& options) {
    const std::string bytes = read_file(input);
    const std::string signed_pdf =
        detail::run_guarded(input, options.warn, online_seconds(options), [&](const detail::Warn& warn) {
            SignOptions child = options;
            child.warn = warn;
            return sign_with_retry(bytes, input, child);
        });
    write_file_atomically(output, signed_pdf);
}

std::string prepare_file(const std::string& input, const std::string& output, const SignOptions& options) {
    const std::string bytes = read_file(input);
    const std::vector<std::string> parts = unpack(
        detail::run_guarded(input, options.warn, revocation_seconds(options), [&](const detail::Warn& warn) {
            SignOptions child = options;
            child.warn = warn;
            std::string digest;
            std::string prepared = sign_bytes(bytes, input, child, &digest);
            return pack({prepared, digest});
        }));
    write_file_atomically(output, parts.at(0));
    return parts.at(1);
}

void inject_file(const std::string& prepared, const std::string& cms_path, const std::string& output,
                 const std::string& tsa_url, int timeout_seconds) {
    std::string bytes = read_file(prepared);
    const SourceLocation where{prepared, 0, 0};
    // The newest signature dictionary is the one --prepare wrote; its range
    // must reach the end of the file and frame a /Contents of zeros.
    size_t at = bytes.rfind("/ByteRange");
    long long r[4] = {0, 0, 0, 0};
    size_t open = at == std::string::npos ? at : bytes.find('[', at);
    if (open == std::string::npos ||
        std::sscanf(bytes.c_str() + open + 1, "%lld %lld %lld %lld", &r[0], &r[1], &r[2], &r[3]) != 4 || r[0] != 0 ||
        r[1] <= 0 || r[2] <= r[1] + 1 || r[3] < 0 || static_cast<size_t>(r[2] + r[3]) != bytes.size() ||
        bytes[static_cast<size_t>(r[1])] != '<' || bytes[static_cast<size_t>(r[2]) - 1] != '>')
        fail(where, "not a file prepared by 'protokoll sign --prepare' (its last /ByteRange does not frame /Contents up to the end)");
    const size_t from = static_cast<size_t>(r[1]) + 1, to = static_cast<size_t>(r[2]) - 1;
    if (bytes.find_first_not_of('0', from) < to)
        fail(where, "the prepared signature is already filled in", {"inject into the file --prepare wrote"});
    const std::string signed_bytes = bytes.substr(0, static_cast<size_t>(r[1])) + bytes.substr(static_cast<size_t>(r[2]));

    std::string der = read_file(cms_path);
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    ossl::Ptr<CMS_ContentInfo> cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    if (!cms) {
        ERR_clear_error();
        fail(SourceLocation{cms_path, 0, 0}, "not a DER CMS signature");
    }
    // The CMS must sign exactly these bytes: a signature over another
    // document (or another preparation of it) would make an invalid file.
    ossl::Ptr<BIO> content(BIO_new_mem_buf(signed_bytes.data(), static_cast<int>(signed_bytes.size())));
    if (CMS_verify(cms.get(), nullptr, nullptr, content.get(), nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
        std::string why = ossl::last_error();
        fail(SourceLocation{cms_path, 0, 0}, "the CMS does not sign " + prepared + ": " + why,
             {"sign the SHA-256 that --prepare wrote, with detached content"});
    }
    // B-T for a service that does not stamp: the token is added here, when the
    // CMS has none (an unsigned attribute: the service's signature stays as it is).
    bool stamped = false;
    if (!tsa_url.empty()) {
        STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
        if (!signers || sk_CMS_SignerInfo_num(signers) != 1)
            fail(SourceLocation{cms_path, 0, 0}, "the CMS must hold exactly one signer to be time-stamped");
        CMS_SignerInfo* signer = sk_CMS_SignerInfo_value(signers, 0);
        if (CMS_unsigned_get_attr_by_NID(signer, NID_id_smime_aa_timeStampToken, -1) < 0) {
            add_signature_timestamp(signer, tsa_url, timeout_seconds);
            der = cms_der(cms.get());
            stamped = true;
            // Encoded anew: the signed parts must still verify as they are written now.
            const auto* q = reinterpret_cast<const unsigned char*>(der.data());
            ossl::Ptr<CMS_ContentInfo> again(d2i_CMS_ContentInfo(nullptr, &q, static_cast<long>(der.size())));
            ossl::Ptr<BIO> content_again(BIO_new_mem_buf(signed_bytes.data(), static_cast<int>(signed_bytes.size())));
            if (!again || CMS_verify(again.get(), nullptr, nullptr, content_again.get(), nullptr,
                                     CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1)
                fail(SourceLocation{cms_path, 0, 0},
                     "the CMS no longer verifies once re-encoded with its time-stamp: " + ossl::last_error(),
                     {"have the signing service add the time-stamp itself"});
        }
    }
    if (der.size() * 2 > to - from)
        fail(SourceLocation{cms_path, 0, 0},
             "the CMS " + std::string(stamped ? "with its time-stamp token " : "") + "has " + std::to_string(der.size()) +
                 " bytes; the prepared file has room for " + std::to_string((to - from) / 2),
             stamped ? std::vector<std::string>{"prepare with --tsa too: it reserves room for the token"}
                     : std::vector<std::string>{});
    std::string hex = to_hex(reinterpret_cast<const unsigned char*>(der.data()), der.size());
    bytes.replace(from, hex.size(), hex);
    write_file_atomically(output, bytes);
}

}  // namespace protokoll::sign
