// parse: the protocol's facts from an XMP packet (docs/metadata.md), as an
// archive reads them from a PDF nobody vouches for.
#pragma once

#include "document/document.h"

#include <optional>
#include <string>

namespace protokoll::parse {

// The facts of protokoll's extension schema in `xmp` (the packet, or the
// x:xmpmeta element); nullopt when the packet holds none (a PDF made
// elsewhere). Namespaces are resolved by their URIs, not their prefixes;
// simple properties may be elements or attributes of their rdf:Description.
// Throws Error(BadInput) naming `name` for XML that is not well-formed or
// breaks parse's limits (docs/limits.md).
std::optional<document::Facts> facts_from_xmp(const std::string& xmp, const std::string& name);

}  // namespace protokoll::parse
