// parse: XML → model. The only stage that includes tinyxml2.
// Every error names file:line:column and what is wrong (protokoll::Error, BadInput).
#pragma once

#include "model/layout.h"
#include "model/protocol.h"

#include <string>

namespace protokoll::parse {

model::Protocol parse_protocol_file(const std::string& path);
model::Protocol parse_protocol(const std::string& xml, const std::string& path);

model::Layout parse_layout_file(const std::string& path);
model::Layout parse_layout(const std::string& xml, const std::string& path);

}  // namespace protokoll::parse
