// Malformed XML as a secretary writes it by hand: each case is refused at
// the offending character with a hint, and xmllint (an independent XML
// parser) agrees that the file is not well-formed. Well-formed cases that
// look alike are accepted by both. The test fails when xmllint is missing.
#include "parse/parse.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

using namespace protokoll;

namespace {

// Line 1 <protocol>, 2 meeting, 3 paragraphs with `title` as the title, 4 signatures, 5 </protocol>.
std::string with_title(const std::string& title, const std::string& before = "") {
    return before + "<protocol layout=\"l\">\n"
                    "<meeting date=\"2021-01-22\"><place>P</place></meeting><attendance/>\n"
                    "<paragraphs><paragraph><title>" +
           title +
           "</title></paragraph></paragraphs>\n"
           "<signatures><secretary ref=\"s\"/><adjuster ref=\"a\"/></signatures>\n"
           "</protocol>\n";
}

std::string scratch_file(const std::string& text) {
    static int count = 0;
    std::string path = "/tmp/protokoll-wellformed-" + std::to_string(getpid()) + "-" + std::to_string(++count) + ".xml";
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

bool xmllint_accepts(const std::string& text) {
    REQUIRE(std::system("xmllint --version >/dev/null 2>&1") == 0);  // the independent checker must be there
    std::string path = scratch_file(text);
    int status = std::system(("xmllint --noout " + path + " >/dev/null 2>&1").c_str());
    std::remove(path.c_str());
    return status == 0;
}

struct Malformed {
    const char* what;
    std::string xml;
    const char* message;
    int line, column;
    const char* hint;
};

}  // namespace

TEST_CASE("malformed XML is refused at the offending character, as xmllint refuses it") {
    const Malformed cases[] = {
        {"raw ampersand in text", with_title("Svensson & Co"), "a raw \"&\" that starts no entity", 3, 40, "write &amp;"},
        {"raw ampersand at the end of a word", with_title("A&"), "a raw \"&\"", 3, 32, "write &amp;"},
        {"raw ampersand in an attribute", "<protocol layout=\"a&b\"/>", "a raw \"&\"", 1, 20, "write &amp;"},
        {"raw less-than in text", with_title("Barn <40 år"), "a \"<\" that starts no tag", 3, 36, "write &lt;"},
        {"less-than in an attribute", "<protocol layout=\"a<b\"/>", "a \"<\" in the value of attribute \"layout\"", 1, 20,
         "write &lt;"},
        {"unknown entity", with_title("Kl&nbsp;9"), "unknown entity &nbsp;", 3, 33, "&#160;"},
        {"character reference to no character", with_title("a&#0;b"), "is not a character XML allows", 3, 32, nullptr},
        {"character reference without digits", with_title("a&#x;b"), "bad character reference", 3, 32, "&#NNN;"},
        {"mismatched end tag", with_title("T</paragraph>"), "<title> (line 3, column 24) is not closed before </paragraph>",
         3, 32, "</title> first"},
        {"end tag of nothing", with_title("T") + "</protocol>\n", "end tag </protocol> closes no element", 6, 1, "remove it"},
        {"double hyphen in a comment", with_title("T", "<!-- a -- b -->\n"), "\"--\" inside a comment", 1, 8, nullptr},
        {"declaration after a blank line", with_title("T", "\n<?xml version=\"1.0\"?>\n"),
         "the XML declaration <?xml …?> must come first", 2, 1, "nothing, not even a blank line"},
        {"control character", with_title("a\x01" "b"), "control character U+0001 is not allowed", 3, 32, nullptr},
        {"]]> in text", with_title("a]]>b"), "\"]]>\" is not allowed in text", 3, 32, "]]&gt;"},
        {"attributes without space between", "<protocol layout=\"l\"kind=\"protokoll\"/>",
         "expected white space, \">\" or \"/>\"", 1, 21, nullptr},
        {"attribute without value", "<protocol layout/>", "attribute \"layout\" on <protocol> has no value", 1, 11,
         "write layout="},
        {"unclosed start tag", "<protocol layout=\"l\"", "<protocol> is not closed with \">\": the file ends in it", 1, 1, nullptr},
        {"file ends inside an element", "<protocol>\n<meeting>", "<meeting> is not closed: the file ends", 2, 1, nullptr},
    };
    for (const auto& bad : cases) {
        INFO(bad.what << "\n" << bad.xml);
        CHECK_FALSE(xmllint_accepts(bad.xml));
        try {
            parse::parse_protocol(bad.xml, "bad.xml");
            FAIL("no error");
        } catch (const Error& e) {
            INFO(e.render());
            CHECK(e.code() == ErrorCode::BadInput);
            CHECK_THAT(e.message(), Catch::StartsWith("malformed XML: ") && Catch::Contains(bad.message));
            CHECK(e.where().file == "bad.xml");
            CHECK(e.where().line == bad.line);
            CHECK(e.where().column == bad.column);
            if (bad.hint) {
                bool found = false;
                for (const auto& hint : e.hints()) found = found || hint.find(bad.hint) != std::string::npos;
                CHECK(found);
            }
        }
    }
}

TEST_CASE("references and markup that look alike but are well-formed are accepted, as xmllint accepts them") {
    const std::pair<std::string, std::string> cases[] = {
        {"Svensson &amp; Co", "Svensson & Co"},
        {"&lt;40 år &gt; 3", "<40 år > 3"},
        {"&quot;x&quot; &apos;y&apos;", "\"x\" 'y'"},
        {"kl&#160;9&#x2013;12", "kl\u00a09\u201312"},
        {"a <!-- a - b --> b", "a b"},
        {"<![CDATA[a < b & c]]>", "a < b & c"},
    };
    for (const auto& [written, title] : cases) {
        INFO(written);
        std::string xml = with_title(written);
        CHECK(xmllint_accepts(xml));
        CHECK(parse::parse_protocol(xml, "good.xml").paragraphs.at(0).title == title);
    }
}

TEST_CASE("a DOCTYPE is refused: protocols and layouts use no DTD, so no entity can be defined") {
    std::string xml = with_title("&big;", "<!DOCTYPE protocol [<!ENTITY big \"xxxxxxxx\">]>\n");
    try {
        parse::parse_protocol(xml, "dtd.xml");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.message() == "malformed XML: a <!DOCTYPE> is not allowed");
        CHECK(e.where().line == 1);
        CHECK(e.where().column == 1);
    }
}
