#include "pipeline/render.h"

#include "parse/parse.h"
#include "resolve/resolve.h"
#include "typeset/typeset.h"
#include "write/write.h"

#include <sys/stat.h>

namespace protokoll::pipeline {

static bool exists(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0;
}

RenderResult render_file(const std::string& protocol_path, const RenderOptions& options) {
    model::Protocol protocol = parse::parse_protocol_file(protocol_path);

    std::string layout_path = options.data_dir + "/layouts/" + protocol.layout + ".xml";
    if (!exists(layout_path))
        fail(protocol.where, "layout \"" + protocol.layout + "\" not found: no file " + layout_path,
             {"layouts are looked up in " + options.data_dir + "/layouts/"});
    model::Layout layout = parse::parse_layout_file(layout_path);

    resolve::Options resolve_options;
    resolve_options.fonts_dir = options.data_dir + "/fonts";
    document::Document document = resolve::resolve(protocol, layout, resolve_options);

    RenderResult result;
    typeset::Pages pages = typeset::typeset(document, result.warnings);
    result.report = pages.report;

    write::Options write_options;
    write_options.timestamp = options.timestamp;
    std::string plain = write::write_pdf(pages, write_options);

    finish::Options finish_options;
    finish_options.level = options.level;
    finish_options.timestamp = options.timestamp;
    finish_options.icc_profile = options.icc_profile;
    result.pdf = finish::finish_pdf(plain, pages, finish_options);
    return result;
}

}  // namespace protokoll::pipeline
