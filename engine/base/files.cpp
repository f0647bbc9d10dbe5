#include "files.h"

#include "diagnostic.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace protokoll {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(SourceLocation{path, 0, 0}, std::string("cannot read file: ") + std::strerror(errno));
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
    std::string tmp = path + ".tmp-XXXXXX";
    int fd = mkstemp(tmp.data());
    if (fd < 0) fail(SourceLocation{path, 0, 0}, std::string("cannot create output: ") + std::strerror(errno));
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            fail(SourceLocation{path, 0, 0}, std::string("cannot write output: ") + std::strerror(err));
        }
        done += static_cast<size_t>(n);
    }
    // Outputs are documents for people: readable by others like any other file.
    fchmod(fd, 0644);
    if (::close(fd) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        fail(SourceLocation{path, 0, 0}, std::string("cannot write output: ") + std::strerror(err));
    }
}

std::string sha256_hex(const std::string& bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

}  // namespace protokoll
