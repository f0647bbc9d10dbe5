// Layout inheritance: a layout that extends="PARENT" writes only what differs
// from its parent. merge_layouts applies one child to its (already merged)
// parent; the rules are in docs/format.md ("Extending a layout").
#pragma once

#include "model/layout.h"

#include <vector>

namespace protokoll::resolve {

model::Layout merge_layouts(const model::Layout& parent, const model::Layout& child);

// A chain as parse::parse_layout_chain returns it (root first): merged from
// the root down, the last layout's identity.
model::Layout merge_layout_chain(const std::vector<model::Layout>& chain);

}  // namespace protokoll::resolve
