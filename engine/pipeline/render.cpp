#include "pipeline/render.h"

#include "parse/parse.h"
#include "resolve/merge.h"
#include "resolve/resolve.h"
#include "typeset/outline.h"
#include "typeset/typeset.h"
#include "write/write.h"

namespace protokoll::pipeline {

RenderResult render_file(const std::string& protocol_path, const RenderOptions& options) {
    // The source holds what a public copy leaves out.
    if (options.public_copy && options.level == finish::PdfA::Part3A)
        fail({protocol_path, 0, 0}, "a public copy cannot be PDF/A-3a: it would embed the XML source, "
                                    "confidential parts and all",
             {"render the public copy with --pdfa 2a (the default)"});
    // Read once: a PDF/A-3a file embeds the very bytes that were parsed.
    std::string source = parse::read_protocol_source(protocol_path);
    model::Protocol protocol = parse::parse_protocol(source, protocol_path);

    // The layout and the layouts it extends, merged from the root down.
    model::Layout layout = resolve::merge_layout_chain(
        parse::parse_layout_chain(options.data_dir + "/layouts", protocol.layout, protocol.where));

    resolve::Options resolve_options;
    resolve_options.fonts_dir = options.data_dir + "/fonts";
    resolve_options.font_cache = options.font_cache;
    resolve_options.extract = options.extract;
    resolve_options.public_copy = options.public_copy;
    resolve_options.notice = options.notice;
    resolve_options.adjusted = options.adjusted;
    resolve_options.posted = options.posted;
    document::Document document = resolve::resolve(protocol, layout, resolve_options);
    // Each stage's input is dropped once the next has its output: a long
    // protocol would otherwise hold its text four times over at the peak.
    protocol = model::Protocol{};
    layout = model::Layout{};
    if (options.level != finish::PdfA::Part3A) std::string().swap(source);  // only PDF/A-3a embeds it

    RenderResult result;
    typeset::Pages pages = typeset::typeset(document, result.warnings);
    document = document::Document{};
    result.report = pages.report;
    if (options.outline) result.tags = typeset::structure_outline(pages);

    write::Options write_options;
    write_options.timestamp = options.timestamp;
    typeset::MarkedContent marked;
    std::string plain = write::write_pdf_releasing_runs(pages, write_options, marked);

    finish::Options finish_options;
    finish_options.level = options.level;
    finish_options.timestamp = options.timestamp;
    finish_options.icc_profile = options.icc_profile;
    if (options.level == finish::PdfA::Part3A) {
        const size_t slash = protocol_path.rfind('/');
        finish_options.source.name = slash == std::string::npos ? protocol_path : protocol_path.substr(slash + 1);
        finish_options.source.bytes = std::move(source);
    }
    result.pdf = finish::finish_pdf(std::move(plain), pages, marked, finish_options);
    return result;
}

}  // namespace protokoll::pipeline
