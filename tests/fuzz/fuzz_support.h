// Shared by the fuzz targets: a scratch file for the APIs that take a path,
// the test PKI's certificates (tests/fuzz/pki/, DER) and where a DER element
// ends. Header-only so that each target stays one translation unit.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

#ifndef PROTOKOLL_SOURCE_DIR
#error "PROTOKOLL_SOURCE_DIR must name the source tree (tests/fuzz/CMakeLists.txt sets it)"
#endif

namespace protokoll::fuzz {

inline std::string source_dir() { return PROTOKOLL_SOURCE_DIR; }

inline std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fuzz: cannot read %s\n", path.c_str());
        std::abort();
    }
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A file of this process's own in $TMPDIR (or /tmp), rewritten for each
// input and removed at exit; the replay tests run in parallel, so the name
// carries the process id.
class ScratchFile {
public:
    explicit ScratchFile(const std::string& suffix) {
        const char* dir = std::getenv("TMPDIR");
        m_path = std::string(dir && *dir ? dir : "/tmp") + "/protokoll-fuzz-" + std::to_string(getpid()) + suffix;
    }
    ~ScratchFile() { std::remove(m_path.c_str()); }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    const std::string& write(const uint8_t* data, size_t size) {
        std::ofstream out(m_path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        out.close();
        if (!out) {
            std::fprintf(stderr, "fuzz: cannot write %s\n", m_path.c_str());
            std::abort();
        }
        return m_path;
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

// The length of the DER element at the start of `data` (tag, length and
// content), or `size` when it is not one that fits: the DER targets take
// "a DER object, then the bytes it is about" (a CMS and the content it
// signs, a time-stamp token and the data it stamps), as /Contents holds a
// DER and its zero padding.
inline size_t der_length(const uint8_t* data, size_t size) {
    if (size < 2) return size;
    size_t i = 1;
    if ((data[0] & 0x1f) == 0x1f) {  // high tag number form
        while (i < size && (data[i] & 0x80)) ++i;
        ++i;
    }
    if (i >= size) return size;
    const uint8_t first = data[i++];
    size_t length = first;
    if (first & 0x80) {
        const size_t bytes = first & 0x7f;
        if (bytes == 0 || bytes > 4 || i + bytes > size) return size;
        length = 0;
        for (size_t k = 0; k < bytes; ++k) length = length << 8 | data[i++];
    }
    return length <= size - i ? i + length : size;
}

}  // namespace protokoll::fuzz
