// write: pages → PDF bytes with libharu. The only stage that includes hpdf.h.
// The result is a plain PDF; finish makes it PDF/A and adds form fields.
#pragma once

#include "typeset/pages.h"

#include <ctime>
#include <string>

namespace protokoll::write {

struct Options {
    std::time_t timestamp = 0;  // CreationDate; same input + timestamp = same bytes
};

// Text, images and rules of an element are drawn as marked content
// ("/P <</MCID 3>> BDC … EMC"), everything else as an /Artifact;
// `marked` learns which element each MCID holds. A document without
// structure (Pages::structure empty) is drawn without marked content.
std::string write_pdf(const typeset::Pages& pages, const Options& options, typeset::MarkedContent& marked);
std::string write_pdf(const typeset::Pages& pages, const Options& options);
// The same, dropping each page's glyph runs once the page is drawn
// (typeset::release_glyph_runs keeps their characters, all finish needs of
// them): a long protocol's runs are the largest thing in memory while it is
// written, and libharu's pages grow as they go.
std::string write_pdf_releasing_runs(typeset::Pages& pages, const Options& options, typeset::MarkedContent& marked);

}  // namespace protokoll::write
