#include "fonts.h"

#include "base/files.h"

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/stat.h>

namespace protokoll::resolve {
namespace {

struct Pin {
    std::string sha256;
    std::string path;
};

std::map<std::string, Pin> read_manifest(const std::string& manifest_path) {
    std::ifstream in(manifest_path);
    if (!in) fail(SourceLocation{manifest_path, 0, 0}, "cannot read the font manifest");
    std::map<std::string, Pin> pins;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string name;
        Pin pin;
        if (!(fields >> name >> pin.sha256 >> pin.path) || pin.sha256.size() != 64)
            fail(SourceLocation{manifest_path, number, 1}, "expected: FILE SHA256 PATH");
        pins[name] = pin;
    }
    return pins;
}

// The cache file's lines: FACT IDENTITY... PATH (PATH last: it may hold
// spaces), FACT a font's SHA-256 or "sorted-bytewise". A line is trusted
// only when its fact is the one asked about and the file's identity is
// unchanged since the fact was found.
bool cached(const std::string& cache, const std::string& path, const std::string& id, const std::string& fact) {
    std::ifstream in(cache);
    std::string line;
    const std::string wanted = fact + ' ' + id + ' ' + path;
    while (std::getline(in, line))
        if (line == wanted) return true;
    return false;
}

void remember(const std::string& cache, const std::string& path, const std::string& id, const std::string& fact) {
    std::ifstream in(cache);
    std::string kept, line;
    // One line per path; at most a few dozen fonts, so the file stays small.
    while (std::getline(in, line) && kept.size() < 64 * 1024)
        if (line.size() < path.size() + 1 || line.compare(line.size() - path.size() - 1, std::string::npos, ' ' + path) != 0)
            kept += line + '\n';
    in.close();
    try {
        write_file_atomically(cache, kept + fact + ' ' + id + ' ' + path + '\n');
    } catch (const Error&) {
        // An unwritable cache costs the next process one check, nothing else.
    }
}

// Whether `fact` holds for the file at `path`, found by `check` once per
// process and file identity; with a cache file, a later process trusts what
// an earlier one found for the same unchanged file. Only a fact that holds
// is remembered in the file.
template <typename Check>
bool holds(const std::string& path, const std::string& fact, const std::string& cache, Check check) {
    static std::mutex mutex;
    static std::map<std::string, bool> seen;
    const std::string id = file_identity(path);
    if (id.empty()) return false;
    const std::string key = fact + '\n' + path + '\n' + id;
    std::lock_guard<std::mutex> lock(mutex);
    auto found = seen.find(key);
    if (found != seen.end()) return found->second;
    if (!cache.empty() && cached(cache, path, id, fact)) return seen[key] = true;
    const bool ok = check();
    seen[key] = ok;
    if (ok && !cache.empty()) remember(cache, path, id, fact);
    return ok;
}

// Checking a checksum reads the whole font (about 4 ms of a 30 ms render for
// the four faces).
bool verified_before(const std::string& path, const std::string& sha256, const std::string& cache) {
    return holds(path, sha256, cache, [&] { return sha256_hex(read_file(path)) == sha256; });
}

}  // namespace

document::FontFiles find_fonts(const model::FontFiles& fonts, const std::string& fonts_dir,
                               const std::string& cache) {
    const std::string manifest_path = fonts_dir + "/manifest.txt";
    const auto pins = read_manifest(manifest_path);
    const std::string* names[document::FACE_COUNT] = {&fonts.regular, &fonts.bold, &fonts.italic,
                                                      &fonts.bold_italic};
    document::FontFiles out;
    for (int face = 0; face < document::FACE_COUNT; ++face) {
        const std::string& name = *names[face];
        if (name.empty()) fail(fonts.where, "the layout's <fonts> names no file for every face");
        auto pin = pins.find(name);
        if (pin == pins.end())
            fail(fonts.where, "font \"" + name + "\" is not pinned in " + manifest_path,
                 {"add a line: " + name + " SHA256 /usr/share/fonts/…"});
        struct stat info {};
        if (stat(pin->second.path.c_str(), &info) != 0)
            fail(fonts.where, "font \"" + name + "\" is not installed: " + pin->second.path + " is missing",
                 {"run scripts/install-deps.sh"});
        if (!verified_before(pin->second.path, pin->second.sha256, cache))
            fail(fonts.where, "font file " + pin->second.path + " differs from the version pinned in " + manifest_path,
                 {"documents must not change with the machine; pin the new version deliberately"});
        out.path[face] = pin->second.path;
    }
    return out;
}

bool sorted_bytewise(const std::string& path, const std::string& cache) {
    return holds(path, "sorted-bytewise", cache, [&] {
        const MappedFile file(path);
        const std::string_view all = file.bytes();
        std::string_view before;
        for (size_t at = 0; at < all.size();) {
            size_t end = all.find('\n', at);
            if (end == std::string_view::npos) end = all.size();
            std::string_view line = all.substr(at, end - at);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty() || line < before) return false;
            before = line;
            at = end + 1;
        }
        return true;
    });
}

}  // namespace protokoll::resolve
