// finish: the XMP metadata packet — Dublin Core, XMP basic, Adobe PDF and
// pdfaid matching the Info dictionary, and the protocol's facts in
// protokoll's extension schema, declared the PDF/A way (docs/metadata.md).
#pragma once

#include "document/document.h"

#include <string>

namespace protokoll::finish {

constexpr const char* CREATOR = "protokoll";
constexpr const char* PRODUCER = "protokoll (libharu 2.3, PoDoFo 0.9.8)";

// `date` is ISO 8601 (iso8601_date); `pdfa_part` 1 or 2, `conformance` 'A'
// or 'B'; `pdfua`: claims PDF/UA-1 too (pdfuaid:part, declared).
std::string build_xmp(const document::Metadata& metadata, const std::string& date, int pdfa_part,
                      char conformance, bool pdfua);

}  // namespace protokoll::finish
