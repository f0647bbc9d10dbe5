// sign_file: one CMS signature into one empty signature field, as an incremental
// update, with PoDoFo 0.9.8's PdfSignOutputDevice (see shared/notes/pdf-toolchain.md).
#include "sign.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "fields.h"
#include "ossl.h"

#include <cstdio>
#include <cstring>
#include <optional>

namespace protokoll::sign {

using namespace PoDoFo;

namespace {

// Room for the DER CMS in /Contents: a signature with two certificates is ~3 KB;
// 8 KB leaves room for a longer chain without wasting much.
constexpr size_t signature_reserve = 8192;

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
    // Check the MAC first: it is the one failure that means "wrong password",
    // and the user should hear exactly that. An empty password may be encoded
    // either as no password or as an empty string.
    const char* pass = password.c_str();
    bool mac_ok = PKCS12_verify_mac(p12.get(), pass, static_cast<int>(password.size())) == 1;
    if (!mac_ok && password.empty() && PKCS12_verify_mac(p12.get(), nullptr, 0) == 1) {
        mac_ok = true;
        pass = nullptr;
    }
    if (!mac_ok) {
        ERR_clear_error();
        fail(SourceLocation{}, "wrong password for " + path,
             {"the password file is read as is: check it for a trailing newline"});
    }
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* chain = nullptr;
    if (PKCS12_parse(p12.get(), pass, &key, &cert, &chain) != 1) {
        std::string why = ossl::last_error();
        fail(SourceLocation{path, 0, 0}, "cannot read key and certificate: " + why,
             {"a PKCS#12 file exported with legacy algorithms (RC2, 3DES) needs re-exporting with AES"});
    }
    Credentials out{ossl::Ptr<EVP_PKEY>(key), ossl::Ptr<X509>(cert), ossl::Ptr<STACK_OF(X509)>(chain)};
    if (!out.key || !out.cert) fail(SourceLocation{path, 0, 0}, "the PKCS#12 file lacks a private key or its certificate");
    if (X509_check_private_key(out.cert.get(), out.key.get()) != 1) {
        ERR_clear_error();
        fail(SourceLocation{path, 0, 0}, "the private key does not belong to the certificate");
    }
    return out;
}

// D:YYYYMMDDHHmmSS+HH'mm' in local time with its offset ("Z" for UTC): PDF/A
// validators reject the "Z00'00'" form.
std::string pdf_date(std::time_t time) {
    std::tm tm{};
    localtime_r(&time, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "D:%Y%m%d%H%M%S", &tm);
    std::string out = buf;
    long offset = tm.tm_gmtoff;
    if (offset == 0) return out + "Z";
    char sign = offset < 0 ? '-' : '+';
    if (offset < 0) offset = -offset;
    std::snprintf(buf, sizeof buf, "%c%02ld'%02ld'", sign, offset / 3600, (offset % 3600) / 60);
    return out + buf;
}

// A PDF text string: plain when ASCII (readable in the file), else UTF-16BE.
PdfString text_string(const std::string& utf8) {
    for (unsigned char c : utf8)
        if (c >= 0x80) return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));
    return PdfString(utf8);
}

// Detached CAdES CMS (SHA-256) over `data`, with the signer's chain included so
// that a validator can build the path without fetching anything.
std::string cms_sign(const std::string& data, const Credentials& creds, std::time_t time) {
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
    ossl::Ptr<CMS_ContentInfo> cms(CMS_sign(nullptr, nullptr, creds.chain.get(), nullptr, flags));
    if (!cms) throw Error(ErrorCode::Internal, {}, "CMS_sign failed: " + ossl::last_error());
    CMS_SignerInfo* signer = CMS_add1_signer(cms.get(), creds.cert.get(), creds.key.get(), EVP_sha256(),
                                             CMS_BINARY | CMS_CADES);
    if (!signer) throw Error(ErrorCode::Internal, {}, "CMS_add1_signer failed: " + ossl::last_error());
    // OpenSSL would add its own clock's signingTime; make it the same instant as /M.
    ossl::Ptr<ASN1_TIME> when(ASN1_TIME_set(nullptr, time));
    if (!when || CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_signingTime, ASN1_STRING_type(when.get()),
                                             ASN1_STRING_get0_data(when.get()), ASN1_STRING_length(when.get())) != 1)
        throw Error(ErrorCode::Internal, {}, "cannot set CMS signingTime: " + ossl::last_error());
    ossl::Ptr<BIO> content(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
    if (!content || CMS_final(cms.get(), content.get(), nullptr, flags & ~CMS_PARTIAL) != 1)
        throw Error(ErrorCode::Internal, {}, "CMS_final failed: " + ossl::last_error());
    int len = i2d_CMS_ContentInfo(cms.get(), nullptr);
    if (len <= 0) throw Error(ErrorCode::Internal, {}, "cannot encode CMS: " + ossl::last_error());
    std::string der(static_cast<size_t>(len), '\0');
    auto* p = reinterpret_cast<unsigned char*>(der.data());
    i2d_CMS_ContentInfo(cms.get(), &p);
    return der;
}

// What /Info /ModDate said in the file before PoDoFo's Load overwrote it
// (PdfInfo's constructor stamps "now"); nullopt when there was none.
std::optional<PdfString> original_mod_date(const std::string& bytes) {
    PdfVecObjects objects;
    objects.SetAutoDelete(true);  // the parser's objects are ours to free
    PdfParser parser(&objects);
    parser.ParseFile(bytes.data(), static_cast<long>(bytes.size()), true);
    const PdfObject* trailer = parser.GetTrailer();
    if (!trailer || !trailer->IsDictionary()) return std::nullopt;
    const PdfObject* info = trailer->GetDictionary().GetKey("Info");
    if (info && info->IsReference()) info = objects.GetObject(info->GetReference());
    if (!info || !info->IsDictionary()) return std::nullopt;
    const PdfObject* date = info->GetDictionary().GetKey("ModDate");
    if (!date || !date->IsString()) return std::nullopt;
    return date->GetString();
}

void restore_mod_date(PdfMemDocument& doc, const std::optional<PdfString>& date) {
    PdfInfo* info = doc.GetInfo();
    if (!info) return;
    PdfDictionary& dict = info->GetObject()->GetDictionary();
    if (date)
        dict.AddKey("ModDate", *date);
    else
        dict.RemoveKey("ModDate");
    // The Info dictionary is as it was: keep it out of the incremental update.
    dict.SetDirty(false);
}

std::string names_of(const std::vector<detail::SigField>& fields) {
    std::string out;
    for (const auto& field : fields) out += (out.empty() ? "\"" : ", \"") + field.name + "\"";
    return out.empty() ? "(none)" : out;
}

std::string sign_bytes(const std::string& original, const std::string& input_name, const SignOptions& options) {
    if (original.compare(0, 5, "%PDF-") != 0) fail(SourceLocation{input_name, 0, 0}, "not a PDF file");
    // PoDoFo appends the update right after the last byte: after a bare "%%EOF"
    // the first "N 0 obj" would become part of that comment line.
    std::string input = original;
    if (input.back() != '\n' && input.back() != '\r') input += '\n';

    detail::QuietPodofo quiet;
    PdfMemDocument doc;
    std::optional<PdfString> mod_date;
    try {
        mod_date = original_mod_date(input);
        doc.LoadFromBuffer(input.data(), static_cast<long>(input.size()), true);
    } catch (const PdfError& e) {
        fail(SourceLocation{input_name, 0, 0}, "cannot read PDF: " + detail::describe(e));
    }

    try {
        std::vector<detail::SigField> fields = detail::signature_fields(doc);
        const detail::SigField* target = nullptr;
        for (const auto& field : fields)
            if (field.name == options.field) target = &field;
        if (!target)
            fail(SourceLocation{input_name, 0, 0},
                 "no signature field \"" + options.field + "\"; the fields are: " + names_of(fields));
        PdfObject* value = detail::resolve(doc.GetObjects(), target->object->GetDictionary().GetKey("V"));
        if (value && !value->IsNull())
            fail(SourceLocation{input_name, 0, 0}, "signature field \"" + options.field + "\" is already signed");

        // The key last: a wrong field name should not cost a password prompt.
        Credentials creds = load_pkcs12(options.p12_path, options.password);
        std::time_t now = options.time ? options.time : std::time(nullptr);

        restore_mod_date(doc, mod_date);

        // SigFlags 3 = SignaturesExist | AppendOnly: readers must keep later
        // changes incremental so that the signatures stay valid.
        PdfObject* form = detail::acro_form(doc);
        if (form->GetDictionary().GetKeyAsLong("SigFlags", 0) != 3) form->GetDictionary().AddKey("SigFlags", PdfObject(static_cast<pdf_int64>(3)));

        // PDF/A-1 wants "N 0 obj" on a line of its own; compact mode writes "obj<<".
        doc.SetWriteMode(ePdfWriteMode_Clean);

        PdfRefCountedBuffer buffer;
        PdfOutputDevice memory(&buffer);
        PdfSignOutputDevice device(&memory);
        device.SetSignatureSize(signature_reserve);

        // The signature dictionary, written exactly as PdfSignatureField::SetSignature
        // does: /ByteRange directly before /Contents, which AdjustByteRange relies on.
        PdfObject* sig = doc.GetObjects().CreateObject("Sig");
        PdfDictionary& dict = sig->GetDictionary();
        dict.AddKey("Filter", PdfName("Adobe.PPKLite"));
        dict.AddKey("SubFilter", PdfName("ETSI.CAdES.detached"));
        dict.AddKey("M", PdfString(pdf_date(now)));
        std::string signer_name = ossl::common_name(creds.cert.get());
        if (!signer_name.empty()) dict.AddKey("Name", text_string(signer_name));
        dict.AddKey("ByteRange", PdfVariant(PdfData("[ 0 1234567890 1234567890 1234567890]")));
        const std::string& beacon = device.GetSignatureBeacon()->data();
        std::string contents = "<" + beacon + ">";
        dict.AddKey("Contents", PdfVariant(PdfData(contents.data(), contents.size())));
        target->object->GetDictionary().AddKey("V", sig->Reference());

        doc.WriteUpdate(&device, true);
        if (!device.HasSignaturePosition())
            throw Error(ErrorCode::Internal, {}, "PoDoFo wrote no signature placeholder");
        PdfArray range = device.AdjustByteRange();
        device.Flush();

        std::string out(buffer.GetBuffer(), memory.GetLength());
        if (range.size() != 4) throw Error(ErrorCode::Internal, {}, "unexpected /ByteRange");
        size_t r[4];
        for (int i = 0; i < 4; ++i) r[i] = static_cast<size_t>(range[i].GetNumber());
        if (r[0] != 0 || r[1] >= r[2] || r[2] + r[3] != out.size() || out[r[1]] != '<' || out[r[2] - 1] != '>')
            throw Error(ErrorCode::Internal, {}, "PoDoFo's /ByteRange does not frame /Contents");

        std::string der = cms_sign(out.substr(r[0], r[1]) + out.substr(r[2], r[3]), creds, now);
        if (der.size() > signature_reserve)
            throw Error(ErrorCode::Internal, {}, "the signature needs " + std::to_string(der.size()) +
                                                     " bytes but only " + std::to_string(signature_reserve) + " are reserved");
        device.SetSignature(PdfData(der.data(), der.size()));
        device.Flush();

        out.assign(buffer.GetBuffer(), memory.GetLength());
        // An incremental update never touches the bytes before it: that is what keeps
        // earlier signatures valid. Check rather than trust.
        if (out.size() <= input.size() || out.compare(0, input.size(), input) != 0)
            throw Error(ErrorCode::Internal, {}, "the update changed bytes of the original file");
        return out;
    } catch (const PdfError& e) {
        throw Error(ErrorCode::Internal, SourceLocation{input_name, 0, 0}, "PoDoFo failed while signing: " + detail::describe(e));
    }
}

}  // namespace

void sign_file(const std::string& input, const std::string& output, const SignOptions& options) {
    std::string bytes = read_file(input);
    std::string signed_pdf = sign_bytes(bytes, input, options);
    write_file_atomically(output, signed_pdf);
}

}  // namespace protokoll::sign
