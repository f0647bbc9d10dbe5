// The shipped layouts and examples validate against the schemas (when
// xmllint is installed) and parse, so that schema, parser and files stay in step.
#include "parse/parse.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace protokoll;
namespace fs = std::filesystem;

namespace {

const fs::path k_root = PROTOKOLL_SOURCE_DIR;

std::vector<fs::path> xml_files(const fs::path& dir) {
    std::vector<fs::path> out;
    if (fs::is_directory(dir))
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().extension() == ".xml") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

bool have_xmllint() { return std::system("xmllint --version >/dev/null 2>&1") == 0; }

void validate(const fs::path& file, const char* schema) {
    // CI installs xmllint: without it the schema half of this test cannot run, so it fails.
    REQUIRE(have_xmllint());
    // Quiet on success ("… validates"), the messages on failure.
    std::string command = "out=$(xmllint --noout --schema '" + (k_root / "schema" / schema).string() + "' '" +
                          file.string() + "' 2>&1) || { echo \"$out\"; exit 1; }";
    INFO(command);
    CHECK(std::system(command.c_str()) == 0);
}

template <typename Parse>
void parses(const fs::path& file, Parse parse) {
    INFO(file.string());
    try {
        parse(file.string());
    } catch (const Error& e) {
        FAIL_CHECK(e.render());
    }
}

}  // namespace

TEST_CASE("layouts validate and parse") {
    auto files = xml_files(k_root / "layouts");
    files.push_back(k_root / "tests/fixtures/parse/full-layout.xml");
    files.push_back(k_root / "tests/fixtures/parse/extending-layout.xml");
    for (const auto& file : xml_files(k_root / "tests/fixtures/parse/chain")) files.push_back(file);
    for (const auto& file : xml_files(k_root / "tests/fixtures/e2e/layouts")) files.push_back(file);
    for (const auto& file : files) {
        validate(file, "layout.xsd");
        parses(file, parse::parse_layout_file);
    }
}

TEST_CASE("examples validate and parse") {
    auto files = xml_files(k_root / "examples");
    files.push_back(k_root / "tests/fixtures/parse/full-protocol.xml");
    for (const auto& file : files) {
        validate(file, "protocol.xsd");
        parses(file, parse::parse_protocol_file);
    }
}

TEST_CASE("every shipped layout loads with the layouts it extends") {
    for (const auto& file : xml_files(k_root / "layouts")) {
        INFO(file.string());
        try {
            auto chain = parse::parse_layout_chain((k_root / "layouts").string(), file.stem().string(), {});
            CHECK(chain.back().id == file.stem().string());  // id = file name
            CHECK(chain.front().id == "gr-base");
        } catch (const Error& e) {
            FAIL_CHECK(e.render());
        }
    }
}
