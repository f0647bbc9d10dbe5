// The well-formedness check that runs before tinyxml2 sees a file.
//
// tinyxml2 passes a raw "&" and unknown entities through as text and
// reports a raw "<" or a mismatched end tag by line only. This one pass
// over the (UTF-8) text rejects what an XML parser must reject in those
// cases, at the offending character, with a hint what to write instead,
// and enforces the structural limits (parse/limits.h: nesting depth,
// elements, attributes per element, attribute length) before anything
// recursive or quadratic runs. It keeps a stack of open elements no
// deeper than the depth limit and never recurses.
#pragma once

#include "source.h"

#include <string>

namespace protokoll::parse {

void check_well_formed(const std::string& text, const SourceText& source);

}  // namespace protokoll::parse
