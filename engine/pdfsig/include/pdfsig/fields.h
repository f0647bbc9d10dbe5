// pdfsig: the signature fields of a PoDoFo document, shared by sign and verify.
#pragma once

#include <podofo/podofo.h>

#include <optional>
#include <string>
#include <vector>

namespace protokoll::sign::detail {

struct SigField {
    std::string name;               // fully qualified /T, UTF-8 ("Parent.Child" for kids)
    PoDoFo::PdfObject* object;      // the field dictionary (carries /V when signed)
};

// Every terminal field of /AcroForm /Fields whose (inherited) /FT is /Sig, in
// document order. Tolerates cycles and odd types: a broken form gives fewer fields.
std::vector<SigField> signature_fields(PoDoFo::PdfMemDocument& doc);

// The person a signature field is for: the field's own name (/T), which
// finish writes as the signer's name printed under the field (resolve makes
// it unique per protocol). For a field without /T of its own, its full name.
std::string field_person(PoDoFo::PdfVecObjects& objects, const SigField& field);


// What sign draws in a field and seal names its field, and the zone signing
// times are shown in: the layout's, as finish stored them in the file
// (base/signing_keys.h). A file without them (made elsewhere) gets these
// English words and UTC; a value over 200 bytes is ignored as well.
struct SigningWords {
    std::string signed_by = "Digitally signed by {name}";
    std::string certificate = "Certificate no. {serial}";
    std::string time_zone = "UTC";
    std::string document_timestamp = "Document timestamp";
};
// The document's words, with `field`'s own signed_by when given.
SigningWords signing_words(PoDoFo::PdfMemDocument& doc, const SigField* field = nullptr);

// Follows a reference (once, to the object it names); nullptr stays nullptr.
PoDoFo::PdfObject* resolve(PoDoFo::PdfVecObjects& objects, PoDoFo::PdfObject* object);

// A readable one-liner for a PoDoFo exception: "invalid xref table (…info…)".
std::string describe(const PoDoFo::PdfError& error);

// While alive, PoDoFo prints nothing: it would dump every trailer it parses
// (debug) and "Error while loading object" for damage we report ourselves.
class QuietPodofo {
public:
    QuietPodofo() : m_debug(PoDoFo::PdfError::DebugEnabled()), m_log(PoDoFo::PdfError::LoggingEnabled()) {
        PoDoFo::PdfError::EnableDebug(false);
        PoDoFo::PdfError::EnableLogging(false);
    }
    ~QuietPodofo() {
        PoDoFo::PdfError::EnableDebug(m_debug);
        PoDoFo::PdfError::EnableLogging(m_log);
    }
    QuietPodofo(const QuietPodofo&) = delete;
    QuietPodofo& operator=(const QuietPodofo&) = delete;

private:
    bool m_debug;
    bool m_log;
};

// The /AcroForm dictionary object of the catalog, or nullptr.
PoDoFo::PdfObject* acro_form(PoDoFo::PdfMemDocument& doc);

// PoDoFo's Load stamps /Info /ModDate with the current time. Signing must
// not change /Info, and verification compares revisions loaded at different
// moments: both read the date the file really has and put it back.
std::optional<PoDoFo::PdfString> original_mod_date(const std::string& bytes);
void restore_mod_date(PoDoFo::PdfMemDocument& doc, const std::optional<PoDoFo::PdfString>& date);
// Loads `bytes` into `doc` with /Info /ModDate as the file has it (PdfError on damage).
void load_keeping_mod_date(PoDoFo::PdfMemDocument& doc, const std::string& bytes, bool load_on_demand);

// An incremental update whose signature dictionary has room in /Contents,
// written in memory (PoDoFo's PdfSignOutputDevice), as sign and seal make one:
//   PlaceholderUpdate update(room);   // then build the dictionary with
//                                     // update.device().GetSignatureBeacon()
//   update.write(doc, "signature");   // the bytes, /ByteRange filled in
//   update.fill(cms_or_token, input); // the final bytes
class PlaceholderUpdate {
public:
    explicit PlaceholderUpdate(size_t room);
    PoDoFo::PdfSignOutputDevice& device() { return m_device; }
    // Writes `doc` as an incremental update and sets /ByteRange; checks that
    // it frames /Contents (Error(Internal) naming `what` otherwise).
    void write(PoDoFo::PdfMemDocument& doc, const std::string& what);
    const std::string& bytes() const { return m_bytes; }
    // The bytes the /ByteRange covers: what a signature signs, a token stamps.
    std::string covered() const;
    // Puts `contents` into /Contents; returns the final bytes, checked to
    // start with `original` (an update never changes earlier bytes).
    const std::string& fill(const std::string& contents, const std::string& original);
    size_t range[4] = {0, 0, 0, 0};

private:
    PoDoFo::PdfRefCountedBuffer m_buffer;
    PoDoFo::PdfOutputDevice m_memory;
    PoDoFo::PdfSignOutputDevice m_device;
    std::string m_bytes;
};

}  // namespace protokoll::sign::detail
