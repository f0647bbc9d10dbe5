// The main of every Catch2 test executable: Catch2's own, with two warnings
// always on, however the program is started (CTest or by hand):
//   NoTests       a test name that matches nothing fails (CMake cuts
//                 discovered names at ";", which once ran nothing and passed);
//   NoAssertions  a test case or section that asserts nothing fails.
// Catch2 v2 accepts "-w" only once on its command line, hence this main.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
    Catch::Session session;
    if (int status = session.applyCommandLine(argc, argv); status != 0) return status;
    auto& config = session.configData();
    config.warnings = static_cast<Catch::WarnAbout::What>(config.warnings | Catch::WarnAbout::NoAssertions |
                                                          Catch::WarnAbout::NoTests);
    return session.run();
}
