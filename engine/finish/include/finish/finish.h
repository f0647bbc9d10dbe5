// finish: PoDoFo post-processing of write's output into an archival PDF/A
// file with empty, visible signature fields.
#pragma once

#include "typeset/pages.h"

#include <ctime>
#include <string>

namespace protokoll::finish {

enum class PdfA { Part1B, Part2B };

struct Options {
    PdfA level = PdfA::Part2B;
    std::time_t timestamp = 0;     // CreationDate = ModDate
    std::string icc_profile;       // path to an sRGB ICC v2 profile
};

// `pdf` is write_pdf's output for `pages`; fields and metadata come from `pages`.
std::string finish_pdf(const std::string& pdf, const typeset::Pages& pages, const Options& options);

}  // namespace protokoll::finish
