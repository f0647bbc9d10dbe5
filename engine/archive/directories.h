// archive: the directories of the object store and of a SIP, made as
// `mkdir -p` makes them (std::filesystem), a failure named as bad input.
#pragma once

#include "base/diagnostic.h"

#include <filesystem>
#include <string>
#include <system_error>

namespace protokoll::archive {

inline void make_directories(const std::filesystem::path& path) {
    std::error_code error;
    std::filesystem::create_directories(path, error);
    if (error) fail({path.string(), 0, 0}, "cannot create the directory: " + error.message());
}

inline bool exists(const std::filesystem::path& path) {
    std::error_code ignored;
    return std::filesystem::exists(path, ignored);
}

}  // namespace protokoll::archive
