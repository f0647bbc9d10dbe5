// base: the one XML text escaper, for every XML the engine writes (the XMP
// packet, an archive's METS and PREMIS).
#pragma once

#include <string>

namespace protokoll {

// `text` as XML character data or an attribute value: & < > " ' escaped.
std::string xml_escape(const std::string& text);

}  // namespace protokoll
