// What parse accepts at most (docs/limits.md). Each limit is far above any
// real protocol or layout and keeps memory linear and time bounded on
// hostile input; reaching one is an error that names it: "… (limit N)".
#pragma once

#include <cstddef>

namespace protokoll::parse::limits {

constexpr size_t protocol_bytes = 16u << 20;       // a protocol file: 16 MiB
constexpr size_t layout_bytes = 1u << 20;          // a layout file: 1 MiB
constexpr int depth = 64;                          // elements nested inside each other
constexpr size_t elements = 200000;                // elements in one file (~300 bytes of memory each)
constexpr size_t attributes = 64;                  // attributes on one element
constexpr size_t attribute_chars = 4096;           // characters in one attribute value
constexpr size_t paragraphs = 10000;               // <paragraph> elements in a protocol
constexpr size_t text_chars = 100000;              // characters in one block of text (a <p>, a <li>, a <title>, …)
constexpr size_t word_chars = 1000;                // characters in one word (between spaces)
constexpr size_t signing_steps = 64;               // <step> elements in <signing-order>

}  // namespace protokoll::parse::limits
