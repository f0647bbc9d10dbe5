// The whole render path as one library call:
// parse → resolve → typeset → write → finish.
#pragma once

#include "base/diagnostic.h"
#include "finish/finish.h"
#include "typeset/pages.h"

#include <ctime>
#include <string>
#include <vector>

namespace protokoll::pipeline {

struct RenderOptions {
    std::string data_dir;              // holds layouts/ and fonts/
    std::string font_cache;            // resolve::Options::font_cache
    finish::PdfA level = finish::PdfA::Part2A;
    std::time_t timestamp = 0;         // CreationDate; same input + timestamp = same bytes
    std::string icc_profile = "/usr/share/color/icc/sRGB.icc";
    bool outline = false;              // fill RenderResult::tags
    std::vector<int> extract;          // paragraph numbers: a protokollsutdrag of them (resolve::Options)
    bool public_copy = false;          // leave out what is confidential (resolve::Options)
    bool notice = false;               // the posting notice alone (resolve::Options)
    std::string adjusted, posted;      // its dates, YYYY-MM-DD; empty: the protocol's <notice>
};

struct RenderResult {
    std::string pdf;
    typeset::Report report;
    Warnings warnings;
    std::string tags;                  // the structure tree as text (RenderOptions::outline)
};

RenderResult render_file(const std::string& protocol_path, const RenderOptions& options);

}  // namespace protokoll::pipeline
