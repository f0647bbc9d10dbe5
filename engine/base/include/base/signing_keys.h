// The private keys in which a rendered PDF carries what sign and seal show
// later, decided by the layout (docs/signing.md, "Words and time zone"):
// finish writes them, pdfsig reads them. Third-class names (ISO 32000-1
// annex E) with the prefix PTK_; readers ignore keys they do not know.
#pragma once

namespace protokoll::signing_keys {

// In each signature field: the words of its signed appearance, "{name}"
// standing for the signer ("Justerat digitalt av {name}").
constexpr const char* SIGNED_BY = "PTK_SignedBy";
// In /AcroForm: the tz database zone signature times are shown in.
constexpr const char* TIME_ZONE = "PTK_TimeZone";
// In /AcroForm: the certificate line, "{serial}" standing for its serial number.
constexpr const char* CERTIFICATE = "PTK_Certificate";
// In /AcroForm: the name of seal's invisible document-timestamp field.
constexpr const char* DOCUMENT_TIMESTAMP = "PTK_DocumentTimestamp";

}  // namespace protokoll::signing_keys
