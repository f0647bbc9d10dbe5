#include "stdout_buffer.h"

#include <unistd.h>

#include <cerrno>

namespace protokoll::cli {

int StdoutBuffer::overflow(int c) {
    if (c == traits_type::eof()) return sync() == 0 ? 0 : traits_type::eof();
    m_pending += static_cast<char>(c);
    if (m_pending.size() >= 65536) write_pending();
    return c;
}

std::streamsize StdoutBuffer::xsputn(const char* text, std::streamsize n) {
    m_pending.append(text, static_cast<size_t>(n));
    if (m_pending.size() >= 65536) write_pending();
    return n;
}

bool StdoutBuffer::write_pending() {
    for (size_t done = 0; done < m_pending.size() && m_error == 0;) {
        const ssize_t n = ::write(STDOUT_FILENO, m_pending.data() + done, m_pending.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) m_error = n < 0 ? errno : EIO;
        else done += static_cast<size_t>(n);
    }
    m_pending.clear();
    return m_error == 0;
}

}  // namespace protokoll::cli
