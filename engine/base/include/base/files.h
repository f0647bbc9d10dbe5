// Small file helpers shared by every stage.
#pragma once

#include <string>
#include <string_view>

namespace protokoll {

// Whole file as bytes; throws Error(BadInput) naming the path when it cannot be read.
std::string read_file(const std::string& path);

// A file's bytes mapped read-only, for a large file read often and kept (the
// Swedish word list, 1.27 MB): the kernel maps the page cache's pages rather
// than copying them into fresh ones (310 page faults and a copy, 0.4 ms of
// a render). A file that cannot be mapped (a pipe, an empty file) is read
// into memory instead. Throws like read_file. The mapping is private: a
// package upgrade that renames a new file over it leaves it as it was.
class MappedFile {
public:
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view bytes() const { return m_data ? std::string_view(m_data, m_size) : std::string_view(m_read); }

private:
    const char* m_data = nullptr;  // the mapping, or null
    size_t m_size = 0;
    std::string m_read;            // the bytes when not mapped
};

// What identifies a file's contents without reading it: device, inode,
// size, modification and status-change times to the nanosecond (as git's
// index does); "" when it cannot be stat'ed. Writing a file changes its
// mtime and ctime, and ctime cannot be set back; replacing it (a package
// upgrade renames a new file over it) changes the inode. What is missed: a
// rewrite in place, to the same size, within the file system's timestamp
// tick (a few milliseconds) of the earlier look.
std::string file_identity(const std::string& path);

// Writes all of bytes to fd (retrying short writes and EINTR); false with
// errno set when the descriptor refuses.
bool write_all(int fd, const std::string& bytes);

// Writes to PATH.tmp-PID-XXXXXX in the same directory, fsyncs it, renames it
// over PATH and fsyncs the directory, so that nothing half-written is ever left
// where an output belongs, whenever the process dies. Temporaries of earlier
// runs that were killed (their process is gone) are removed first. PATH may
// not be a symbolic link (the link would be replaced, not written through):
// that is bad input with a hint.
void write_file_atomically(const std::string& path, const std::string& bytes);

// Removes the temporaries of write_file_atomically(PATH) (PATH.tmp-PID-XXXXXX)
// whose process is gone: left by a run that was killed (kill -9, power loss).
// One whose process lives belongs to a run still writing and is left alone.
// The PID is this host's: a directory that processes on several hosts write
// at once is not told apart.
void remove_stale_temporaries(const std::string& path);

// SHA-256 of bytes as lowercase hex (used by the font manifest and for IDs).
std::string sha256_hex(const std::string& bytes);

// The MD5 of `bytes` followed by `more`: 16 bytes (PDF's /ID, an embedded
// file's /CheckSum).
std::string md5_digest(std::string_view bytes, std::string_view more = {});

}  // namespace protokoll
