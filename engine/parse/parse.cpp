// parse: XML → model, exactly as docs/format.md describes the two files.
//
// A file goes through four steps, each of which can refuse it with the
// file, line and column and what to do:
//   1. read, no more than its size limit (parse/limits.h);
//   2. to UTF-8 (encoding.h): declared legacy encodings converted, bad bytes named;
//   3. well-formed (wellformed.h): raw "&" and "<", entities, end tags,
//      nesting depth and the other structural limits, before tinyxml2;
//   4. tinyxml2's tree walked into the model (parser.h).
#include "parse/parse.h"

#include "encoding.h"
#include "parser.h"
#include "wellformed.h"

#include "base/files.h"
#include "parse/limits.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace protokoll::parse {

namespace {

std::string megabytes(size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

[[noreturn]] void too_large(const std::string& path, const std::string& what, size_t limit) {
    fail({path, 0, 0}, what + " file is larger than " + megabytes(limit) + " (limit " + std::to_string(limit) + " bytes)",
         {"is it the right file? A " + what + " is text of a few kilobytes"});
}

// The whole file, refused as soon as it passes `limit` bytes (a FIFO or a
// device has no size to check beforehand).
std::string read_bounded(const std::string& path, size_t limit, const std::string& what) {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!file) fail({path, 0, 0}, std::string("cannot read file: ") + std::strerror(errno));
    struct stat info {};
    if (fstat(fileno(file.get()), &info) == 0 && S_ISDIR(info.st_mode))
        fail({path, 0, 0}, "cannot read file: it is a directory");
    if (S_ISREG(info.st_mode) && static_cast<size_t>(info.st_size) > limit) too_large(path, what, limit);
    std::string bytes;
    char buffer[65536];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) {
        bytes.append(buffer, n);
        if (bytes.size() > limit) too_large(path, what, limit);
    }
    if (std::ferror(file.get())) fail({path, 0, 0}, std::string("cannot read file: ") + std::strerror(errno));
    return bytes;
}

// Steps 2 to 4; the line index of the text serves the check and the walk.
template <typename Walk>
auto parse_text(std::string bytes, const std::string& path, size_t limit, const std::string& what, Walk walk) {
    if (bytes.size() > limit) too_large(path, what, limit);
    const std::string text = to_utf8(std::move(bytes), path);
    SourceText source(path, text);
    check_well_formed(text, source);
    Parser parser(text, std::move(source));
    return walk(parser);
}

model::Protocol protocol_from(std::string bytes, const std::string& path) {
    // The bytes as given, before any conversion: what an archive compares
    // with the source file it is handed.
    std::string source_sha256 = sha256_hex(bytes);
    model::Protocol protocol = parse_text(std::move(bytes), path, limits::protocol_bytes, "protocol",
                                          [](Parser& parser) { return parser.protocol_document(); });
    protocol.source_sha256 = std::move(source_sha256);
    return protocol;
}

model::Layout layout_from(std::string bytes, const std::string& path) {
    return parse_text(std::move(bytes), path, limits::layout_bytes, "layout",
                      [](Parser& parser) { return parser.layout_document(); });
}

}  // namespace

model::Protocol parse_protocol(const std::string& xml, const std::string& path) { return protocol_from(xml, path); }

std::string read_protocol_source(const std::string& path) {
    return read_bounded(path, limits::protocol_bytes, "protocol");
}

model::Protocol parse_protocol_file(const std::string& path) { return protocol_from(read_protocol_source(path), path); }

model::Layout parse_layout(const std::string& xml, const std::string& path) { return layout_from(xml, path); }

model::Layout parse_layout_file(const std::string& path) {
    return layout_from(read_bounded(path, limits::layout_bytes, "layout"), path);
}

std::vector<model::Layout> parse_layout_chain(const std::string& layouts_dir, const std::string& name,
                                              const SourceLocation& requested_at) {
    std::vector<model::Layout> chain;  // child first while loading
    std::string wanted = name;
    SourceLocation asked_at = requested_at;
    std::string asked_by;  // the layout whose extends="…" asked, empty for the protocol
    while (true) {
        std::string path = layouts_dir + "/" + wanted + ".xml";
        struct stat info {};
        if (stat(path.c_str(), &info) != 0) {
            if (asked_by.empty())
                fail(asked_at, "layout \"" + wanted + "\" not found: no file " + path,
                     {"layouts are looked up in " + layouts_dir + "/"});
            fail(asked_at, "layout \"" + asked_by + "\" extends \"" + wanted + "\", which does not exist: no file " + path,
                 {"layouts are looked up in " + layouts_dir + "/"});
        }
        for (const auto& seen : chain) {
            if (seen.id != wanted && seen.path != path) continue;
            std::string cycle;
            for (auto it = chain.begin(); it != chain.end(); ++it) cycle += it->id + " → ";
            fail(asked_at, "layout \"" + asked_by + "\" extends \"" + wanted + "\", which extends it again: a cycle",
                 {"the chain: " + cycle + wanted});
        }
        chain.push_back(parse_layout_file(path));
        if (chain.back().extends.empty()) break;
        wanted = chain.back().extends;
        asked_at = chain.back().extends_where;
        asked_by = chain.back().id;
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
}

}  // namespace protokoll::parse
