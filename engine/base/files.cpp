// SHA-256 and MD5 by OpenSSL's functions below EVP (deprecated since 3.0,
// in every 3.x; PoDoFo's own MD5 uses them too): a process's first EVP
// digest fetches the algorithm through the provider machinery (the name map
// of every algorithm, the configuration), 5.9 M instructions, 3 % of a
// render, to hash a 17 KB protocol. Defined before any include reaches
// OpenSSL's headers.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "base/files.h"

#include "base/diagnostic.h"

#include <openssl/md5.h>
#include <openssl/sha.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace protokoll {

std::string file_identity(const std::string& path) {
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) return {};
    std::ostringstream out;
    out << info.st_dev << ' ' << info.st_ino << ' ' << info.st_size << ' ' << info.st_mtim.tv_sec << '.'
        << info.st_mtim.tv_nsec << ' ' << info.st_ctim.tv_sec << '.' << info.st_ctim.tv_nsec;
    return out.str();
}

// One read(2) into a string of the file's size (a stream copied through an
// ostringstream cost two copies and a byte loop); a file that is not regular
// (a pipe) or changes size while read is read to its end in blocks.
std::string read_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(SourceLocation{path, 0, 0}, std::string("cannot read file: ") + std::strerror(errno));
    struct stat info {};
    std::string out;
    // One byte more than the file, so that the read which finds its end
    // needs no larger buffer (growing it zeroed a copy of the whole file).
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0)
        out.resize(static_cast<size_t>(info.st_size) + 1);
    size_t used = 0;
    for (;;) {
        if (used == out.size()) out.resize(used + (used < 65536 ? 65536 : used));
        const ssize_t n = ::read(fd, &out[used], out.size() - used);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            fail(SourceLocation{path, 0, 0}, std::string("cannot read file: ") + std::strerror(err));
        }
        if (n == 0) break;
        used += static_cast<size_t>(n);
    }
    ::close(fd);
    out.resize(used);
    return out;
}

MappedFile::MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(SourceLocation{path, 0, 0}, std::string("cannot read file: ") + std::strerror(errno));
    struct stat info {};
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
        void* mapped = ::mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (mapped != MAP_FAILED) {
            m_data = static_cast<const char*>(mapped);
            m_size = static_cast<size_t>(info.st_size);
        }
    }
    ::close(fd);
    if (!m_data) m_read = read_file(path);
}

MappedFile::~MappedFile() {
    if (m_data) ::munmap(const_cast<char*>(m_data), m_size);
}

namespace {

[[noreturn]] void output_error(const std::string& path, const std::string& what, int err) {
    fail(SourceLocation{path, 0, 0}, what + ": " + std::strerror(err));
}

std::string directory_of(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// The rename is durable only once the directory entry is on disk.
void sync_directory(const std::string& path) {
    const int fd = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) output_error(path, "cannot open the output's directory to sync it", errno);
    const int status = ::fsync(fd), err = errno;
    ::close(fd);
    // EINVAL: a file system that cannot sync directories; the rename stands.
    if (status != 0 && err != EINVAL) output_error(path, "cannot sync the output's directory", err);
}

}  // namespace

void remove_stale_temporaries(const std::string& path) {
    const std::string dir = directory_of(path);
    const std::string prefix = path.substr(path.find_last_of('/') + 1) + ".tmp-";
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (const dirent* entry = ::readdir(d)) {
        const std::string name = entry->d_name;
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        char* end = nullptr;
        const long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
        if (pid <= 0 || *end != '-' || std::strlen(end) != 7) continue;  // not one of ours
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) ::unlink((dir + "/" + name).c_str());
    }
    ::closedir(d);
}

bool write_all(int fd, const std::string& bytes) {
    for (size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
    struct stat st{};
    if (::lstat(path.c_str(), &st) == 0) {
        if (S_ISLNK(st.st_mode))
            fail(SourceLocation{path, 0, 0}, "the output is a symbolic link; protokoll replaces files, it does not "
                                             "write through links",
                 {"name the file the link points to, or remove the link"});
        if (!S_ISREG(st.st_mode)) fail(SourceLocation{path, 0, 0}, "the output exists and is not a regular file");
    }
    remove_stale_temporaries(path);
    std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-XXXXXX";
    int fd = mkstemp(tmp.data());
    if (fd < 0) output_error(path, "cannot create output", errno);
    auto give_up = [&](const char* what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        output_error(path, what, err);
    };
    if (!write_all(fd, bytes)) give_up("cannot write output");
    // Outputs are documents for people: readable by others like any other file.
    if (::fchmod(fd, 0644) != 0) give_up("cannot set the output's permissions");
    // The bytes reach the disk before the name points at them: after a crash
    // PATH is the old file or the whole new one, never a torn one.
    if (::fsync(fd) != 0) give_up("cannot sync output");
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        output_error(path, "cannot write output", err);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        output_error(path, "cannot write output", err);
    }
    sync_directory(path);
}

std::string sha256_hex(const std::string& bytes) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256_CTX ctx;
    if (!SHA256_Init(&ctx) || !SHA256_Update(&ctx, bytes.data(), bytes.size()) || !SHA256_Final(digest, &ctx))
        throw Error(ErrorCode::Internal, SourceLocation{}, "SHA-256 failed");
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char byte : digest) {
        out += hex[byte >> 4];
        out += hex[byte & 15];
    }
    return out;
}

std::string md5_digest(std::string_view bytes, std::string_view more) {
    unsigned char digest[MD5_DIGEST_LENGTH];
    MD5_CTX ctx;
    if (!MD5_Init(&ctx) || !MD5_Update(&ctx, bytes.data(), bytes.size()) ||
        !MD5_Update(&ctx, more.data(), more.size()) || !MD5_Final(digest, &ctx))
        throw Error(ErrorCode::Internal, SourceLocation{}, "MD5 failed");
    return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

}  // namespace protokoll
