// parse: XML → model. The only stage that includes tinyxml2.
// Every error names file:line:column and what is wrong (protokoll::Error, BadInput).
#pragma once

#include "model/layout.h"
#include "model/protocol.h"

#include <string>
#include <vector>

namespace protokoll::parse {

model::Protocol parse_protocol_file(const std::string& path);
model::Protocol parse_protocol(const std::string& xml, const std::string& path);
// The protocol file's bytes as parse_protocol_file reads them (bounded in
// size), for a caller that keeps the source beside what it parses: parse
// those same bytes with parse_protocol, never the file a second time.
std::string read_protocol_source(const std::string& path);

model::Layout parse_layout_file(const std::string& path);
model::Layout parse_layout(const std::string& xml, const std::string& path);

// Layout NAME (layouts_dir/NAME.xml) and every layout it extends, the root
// first and NAME last, unmerged (resolve::merge_layouts merges them). A
// missing file is an error at `requested_at` (where NAME was asked for); a
// missing parent or a cycle is an error at the extends="…" that names it.
std::vector<model::Layout> parse_layout_chain(const std::string& layouts_dir, const std::string& name,
                                              const SourceLocation& requested_at);

}  // namespace protokoll::parse
