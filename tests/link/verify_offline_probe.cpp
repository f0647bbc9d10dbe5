// Links protokoll_verify alone — every object of it and of the stages under
// it, whole-archive (tests/link/CMakeLists.txt) — and verifies a signed
// file: were any of that code to call the network code (protokoll_net),
// this would not link. Prints the JSON report for the test to read.
#include "verify/hostile.h"
#include "verify/verify.h"

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: verify_offline_probe FILE.pdf\n";
        return 2;
    }
    const protokoll::sign::VerifyOutcome outcome = protokoll::sign::verify_guarded(argv[1], {});
    std::cout << outcome.json;
    return 0;
}
