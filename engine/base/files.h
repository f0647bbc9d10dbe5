// Small file helpers shared by every stage.
#pragma once

#include <string>

namespace protokoll {

// Whole file as bytes; throws Error(BadInput) naming the path when it cannot be read.
std::string read_file(const std::string& path);

// Writes to PATH.tmp-XXXX in the same directory, then renames over PATH, so that
// nothing half-written is ever left where an output belongs.
void write_file_atomically(const std::string& path, const std::string& bytes);

// SHA-256 of bytes as lowercase hex (used by the font manifest and for IDs).
std::string sha256_hex(const std::string& bytes);

}  // namespace protokoll
