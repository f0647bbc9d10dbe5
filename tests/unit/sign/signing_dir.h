// A temporary directory with a fresh test PKI (tests/tools/make-test-certs.sh)
// for the sign tests: signing options per test key, the CA as trust anchor.
// Removed afterwards unless PROTOKOLL_KEEP_TEST_FILES is set.
#pragma once

#include "base/files.h"
#include "sign/sign.h"
#include "verify/verify.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <string>
#include <unistd.h>

namespace protokoll::sign::testing {

struct SigningDir {
    std::string dir, certs, password;

    explicit SigningDir(const std::string& name) {
        std::string tmpl = "/tmp/protokoll-" + name + "-XXXXXX";
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        dir = tmpl;
        certs = dir + "/certs";
        REQUIRE(std::system((std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools/make-test-certs.sh " + certs + " >/dev/null").c_str()) == 0);
        password = read_file(certs + "/password.txt");
    }
    ~SigningDir() {
        if (!std::getenv("PROTOKOLL_KEEP_TEST_FILES")) std::system(("rm -rf '" + dir + "'").c_str());
    }
    SigningDir(const SigningDir&) = delete;
    SigningDir& operator=(const SigningDir&) = delete;

    // Signing `field` with the test key KEY.p12 at `time`.
    SignOptions options(const std::string& field, const std::string& key, std::time_t time) const {
        SignOptions o;
        o.field = field;
        o.p12_path = certs + "/" + key + ".p12";
        o.password = password;
        o.time = time;
        return o;
    }
    std::string path(const std::string& name) const { return dir + "/" + name; }
    VerifyOptions trust() const {
        VerifyOptions o;
        o.trust_files = {certs + "/ca.pem"};
        return o;
    }
};

}  // namespace protokoll::sign::testing
