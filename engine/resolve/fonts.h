// Finding the layout's fonts: each file name must be pinned in
// FONTS_DIR/manifest.txt, and the installed file must have the pinned SHA-256.
#pragma once

#include "document/document.h"
#include "model/layout.h"

#include <string>

namespace protokoll::resolve {

// `cache`: a file of checksums earlier processes computed (Options::font_cache);
// empty: every process hashes each font once.
document::FontFiles find_fonts(const model::FontFiles& fonts, const std::string& fonts_dir,
                               const std::string& cache = {});

// Whether the file at `path` holds non-empty lines ("\n" or "\r\n" ends)
// in bytewise ascending order, as typeset searches a word list in place
// (document::Hyphenation::word_list_sorted); checked once per unchanged file
// with the same cache.
bool sorted_bytewise(const std::string& path, const std::string& cache = {});

}  // namespace protokoll::resolve
