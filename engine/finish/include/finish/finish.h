// finish: PoDoFo post-processing of write's output into an archival PDF/A
// file with empty, visible signature fields.
#pragma once

#include "typeset/pages.h"

#include <ctime>
#include <string>

namespace protokoll::finish {

// 2A: tagged, PDF/A-2a and PDF/UA-1 in one file (the default); 3A the same
// as PDF/A-3a with the protocol's XML source embedded as an associated file
// (/AF, /AFRelationship /Source); 2B and 1B the same tagged file claiming
// only PDF/A-2b or PDF/A-1b.
enum class PdfA { Part1B, Part2B, Part2A, Part3A };

// The source a PDF/A-3a file carries: the XML's bytes as parsed and the
// name it is given inside the PDF (the source file's base name).
struct Source {
    std::string bytes;
    std::string name;
};

struct Options {
    PdfA level = PdfA::Part2A;
    std::time_t timestamp = 0;     // CreationDate = ModDate = the source's /ModDate
    std::string icc_profile;       // path to an sRGB ICC v2 profile
    Source source;                 // embedded for Part3A only (and required there)
};

// `pdf` is write_pdf's output for `pages`, `marked` what write_pdf said of its
// marked content; fields, metadata and structure come from `pages`. A
// PDF/A-2a file needs the structure: without it (pages.structure empty) 2A
// is an internal error, and so is 3A without a source. `pdf` is taken by
// value: moved in, it is freed as soon as PoDoFo has read it.
std::string finish_pdf(std::string pdf, const typeset::Pages& pages, const typeset::MarkedContent& marked,
                       const Options& options);

}  // namespace protokoll::finish
