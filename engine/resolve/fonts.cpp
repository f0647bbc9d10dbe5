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

// The cache file's lines: SHA256 IDENTITY... PATH (PATH last: it may hold spaces).
// A line is trusted only when its checksum is the pinned one and the file's
// identity is unchanged since it was hashed.
bool cached(const std::string& cache, const std::string& path, const std::string& id, const std::string& sha256) {
    std::ifstream in(cache);
    std::string line;
    const std::string wanted = sha256 + ' ' + id + ' ' + path;
    while (std::getline(in, line))
        if (line == wanted) return true;
    return false;
}

void remember(const std::string& cache, const std::string& path, const std::string& id, const std::string& sha256) {
    std::ifstream in(cache);
    std::string kept, line;
    // One line per path; at most a few dozen fonts, so the file stays small.
    while (std::getline(in, line) && kept.size() < 64 * 1024)
        if (line.size() < path.size() + 1 || line.compare(line.size() - path.size() - 1, std::string::npos, ' ' + path) != 0)
            kept += line + '\n';
    in.close();
    try {
        write_file_atomically(cache, kept + sha256 + ' ' + id + ' ' + path + '\n');
    } catch (const Error&) {
        // An unwritable cache costs the next process one checksum, nothing else.
    }
}

// Checking a checksum reads the whole font (about 4 ms of a 30 ms render for
// the four faces). A process checks each file once (keyed by its identity);
// with a cache file, a later process trusts a checksum an earlier one
// computed for the same unchanged file.
bool verified_before(const std::string& path, const std::string& sha256, const std::string& cache) {
    static std::mutex mutex;
    static std::map<std::string, std::string> seen;
    const std::string id = file_identity(path);
    if (id.empty()) return false;
    const std::string key = path + '\n' + id;
    std::lock_guard<std::mutex> lock(mutex);
    auto found = seen.find(key);
    if (found != seen.end()) return found->second == sha256;
    if (!cache.empty() && cached(cache, path, id, sha256)) {
        seen[key] = sha256;
        return true;
    }
    std::string actual = sha256_hex(read_file(path));
    seen[key] = actual;
    if (actual == sha256 && !cache.empty()) remember(cache, path, id, sha256);
    return actual == sha256;
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

}  // namespace protokoll::resolve
