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

std::string write_pdf(const typeset::Pages& pages, const Options& options);

}  // namespace protokoll::write
