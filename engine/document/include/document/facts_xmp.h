// document: the protocol's facts (Facts) as XMP in protokoll's extension
// schema (docs/metadata.md) — written into every rendered PDF by finish, and
// beside an archived object whose facts the archivist gave (archive ingest of
// a file made elsewhere); parse::facts_from_xmp reads both.
#pragma once

#include "document/document.h"

#include <string>

namespace protokoll::document {

// The namespace of the facts (prefix ptk) and of the fields of its two
// structured types (ptkpara, ptksig). URNs: nobody's web address.
constexpr const char* FACTS_NAMESPACE = "urn:x-protokoll:xmp:protocol:1/";
constexpr const char* PARAGRAPH_NAMESPACE = "urn:x-protokoll:xmp:protocol:1/paragraph/";
constexpr const char* SIGNER_NAMESPACE = "urn:x-protokoll:xmp:protocol:1/signer/";

// One rdf:Description (rdf:about="") holding `facts`, for an rdf:RDF
// element; empty facts are left out.
std::string facts_rdf(const Facts& facts);

// A whole XMP packet holding only `facts`.
std::string facts_packet(const Facts& facts);

}  // namespace protokoll::document
