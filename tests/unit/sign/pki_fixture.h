// The test PKI with its services for the sign tests that need a time-stamp
// authority (or OCSP, a CRL): tests/tools/test-pki.py serving on a free port
// of 127.0.0.1 and certificates from make-test-certs.sh that name its URL.
// The server runs as long as the object lives. Nothing leaves the machine.
#pragma once

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace protokoll::sign::testing {

class TestPki {
public:
    // Certificates, tsa.cnf and requests.log in `dir` (made if need be).
    explicit TestPki(const std::string& dir) : m_dir(dir) {
        ::mkdir(dir.c_str(), 0700);
        const std::string tools = std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools";
        const std::string script = tools + "/test-pki.py", port_file = dir + "/port", log = dir + "/server.log";
        std::remove(port_file.c_str());
        m_server = ::fork();
        REQUIRE(m_server >= 0);
        if (m_server == 0) {
            // A test that crashes (or an ASan abort) skips the destructor: the
            // server then goes with its parent instead of living on.
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() == 1) ::_exit(0);
            // The server's own messages (openssl's) go to server.log, not into the test output.
            int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (fd >= 0) ::dup2(fd, STDERR_FILENO), ::dup2(fd, STDOUT_FILENO);
            ::execlp("python3", "python3", script.c_str(), dir.c_str(), port_file.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        // Wait for the port file the server writes once it listens (or for its death).
        std::string port;
        for (int i = 0; i < 400 && port.empty(); ++i) {
            if (::waitpid(m_server, nullptr, WNOHANG) == m_server) {
                m_server = -1;
                break;
            }
            std::ifstream in(port_file);
            std::getline(in, port);
            if (port.empty()) ::usleep(25000);
        }
        REQUIRE(!port.empty());
        m_url = "http://127.0.0.1:" + port;
        REQUIRE(std::system(("sh '" + tools + "/make-test-certs.sh' '" + dir + "' '" + m_url + "' >/dev/null").c_str()) == 0);
    }
    ~TestPki() {
        if (m_server > 0) {
            ::kill(m_server, SIGTERM);
            ::waitpid(m_server, nullptr, 0);
        }
    }
    TestPki(const TestPki&) = delete;
    TestPki& operator=(const TestPki&) = delete;

    const std::string& dir() const { return m_dir; }
    const std::string& url() const { return m_url; }            // http://127.0.0.1:PORT
    std::string tsa_url() const { return m_url + "/tsa"; }

    // How many requests.log lines are exactly `line` ("POST /tsa 200").
    int requests(const std::string& line) const {
        std::ifstream in(m_dir + "/requests.log");
        int n = 0;
        for (std::string l; std::getline(in, l);) n += l == line ? 1 : 0;
        return n;
    }

private:
    std::string m_dir, m_url;
    pid_t m_server = -1;
};

}  // namespace protokoll::sign::testing
