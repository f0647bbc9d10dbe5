// std::cout's buffer: writes to standard output and keeps the first error's
// errno. A report that did not arrive (a full disk, a closed pipe) is a
// failure with its reason; stdio forgets the errno of a failed write.
#pragma once

#include <streambuf>
#include <string>

namespace protokoll::cli {

class StdoutBuffer : public std::streambuf {
public:
    int error() const { return m_error; }

protected:
    int overflow(int c) override;
    std::streamsize xsputn(const char* text, std::streamsize n) override;
    int sync() override { return write_pending() ? 0 : -1; }

private:
    bool write_pending();
    std::string m_pending;
    int m_error = 0;
};

}  // namespace protokoll::cli
