// Hostile input is bounded: each limit of parse/limits.h, when passed, is an
// error that names it ("… (limit N)") at the place it was passed, and
// nothing crashes: not the 30 000-character value that overflowed
// std::regex, not a 1 000 000-deep nesting.
#include "parse/limits.h"
#include "parse/parse.h"

#include "error_of.h"

#include <catch2/catch.hpp>

#include <string>

using namespace protokoll;

namespace {

std::string protocol_with(const std::string& protocol_attributes, const std::string& paragraphs,
                          const std::string& meeting_attributes = "") {
    return "<protocol layout=\"l\"" + protocol_attributes + ">\n<meeting date=\"2021-01-22\"" + meeting_attributes +
           "><place>P</place></meeting><attendance/>\n<paragraphs>" + paragraphs +
           "</paragraphs>\n<signatures><secretary ref=\"s\"/><adjuster ref=\"a\"/></signatures>\n</protocol>\n";
}

std::string paragraph(const std::string& content) { return "<paragraph><title>T</title>" + content + "</paragraph>"; }

// Lines: 1 <layout>, 2 <styles>/`middle`, 3 </layout>: enough for the limits, which come first.
std::string layout_with(const std::string& attributes, const std::string& middle) {
    return "<layout id=\"l\"" + attributes + ">\n" + middle + "\n</layout>\n";
}

Error protocol_error(const std::string& xml) {
    return error_of([&] { parse::parse_protocol(xml, "big.xml"); });
}

std::string limit(size_t n) { return "(limit " + std::to_string(n) + ")"; }

}  // namespace

TEST_CASE("the 30 000-character value that crashed std::regex is refused by the attribute limit") {
    Error e = protocol_error("<protocol layout=\"" + std::string(30000, 'a') + "\"/>");
    CHECK(e.message() == "malformed XML: the value of attribute \"layout\" on <protocol> is longer than 4096 characters " +
                             limit(parse::limits::attribute_chars));
    CHECK(e.where().line == 1);
    CHECK(e.where().column == 11);
}

TEST_CASE("values just under the attribute limit go through every former regex without a crash") {
    const std::string long_value(parse::limits::attribute_chars - 2, '9');
    const std::string word(parse::limits::attribute_chars - 2, 'a');
    // Each is a bad value: the matcher must say so, in time and without recursion.
    std::string bad_layout = protocol_with("", paragraph(""));
    bad_layout.replace(bad_layout.find("layout=\"l\""), 10, "layout=\"" + word + "/\"");
    CHECK_THAT(protocol_error(bad_layout).message(), Catch::Contains("bad value"));
    CHECK_THAT(protocol_error(protocol_with("", paragraph(""), " start=\"" + long_value + "\"")).message(),
               Catch::Contains("bad value"));
    CHECK_THAT(protocol_error(protocol_with("", paragraph("<basis><document date=\"" + long_value + "\">D</document></basis>")))
                   .message(),
               Catch::Contains("bad value"));
    auto layout_error = [&](const std::string& attributes, const std::string& middle) {
        return error_of([&] { parse::parse_layout(layout_with(attributes, middle), "l.xml"); }).message();
    };
    CHECK_THAT(layout_error(" extends=\"" + word + "/\"", ""), Catch::Contains("bad value"));
    CHECK_THAT(layout_error(" extends=\"p\"", "<page margin-top=\"" + long_value + "m\"/>"), Catch::Contains("bad value"));
    CHECK_THAT(layout_error(" extends=\"p\"", "<styles><style name=\"x\" size=\"" + long_value + "x\"/></styles>"),
               Catch::Contains("bad value"));
    CHECK_THAT(layout_error(" extends=\"p\"", "<styles><style name=\"x\" color=\"#" + long_value + "\"/></styles>"),
               Catch::Contains("bad value"));
    CHECK_THAT(layout_error(" extends=\"p\"", "<labels><label key=\"group-" + word.substr(8) + "/\">x</label></labels>"),
               Catch::Contains("bad value"));
    CHECK_THAT(layout_error(" extends=\"p\"", "<first-page><logo src=\"" + word.substr(8) + "/.png\" x=\"0mm\" y=\"0mm\" "
                                              "width=\"9mm\"/></first-page>"),
               Catch::Contains("bad value"));
    // A number too large for a double is a bad value, not 0; a long but ordinary one is a length.
    CHECK_THAT(layout_error(" extends=\"p\"", "<page margin-top=\"" + long_value + "pt\"/>"),
               Catch::Contains("bad value"));
    auto l = parse::parse_layout(
        layout_with(" extends=\"p\"", "<page margin-top=\"" + std::string(4000, '0') + "12.5pt\"/>"), "l.xml");
    CHECK(l.page.margin_top == 12.5);
}

TEST_CASE("file size: a protocol over 16 MiB and a layout over 1 MiB are refused before parsing") {
    Error protocol = protocol_error(std::string(parse::limits::protocol_bytes + 1, ' '));
    CHECK(protocol.message() == "protocol file is larger than 16 MiB (limit 16777216 bytes)");
    CHECK(protocol.where().file == "big.xml");
    Error layout = error_of([] { parse::parse_layout(std::string(parse::limits::layout_bytes + 1, ' '), "l.xml"); });
    CHECK(layout.message() == "layout file is larger than 1 MiB (limit 1048576 bytes)");
}

TEST_CASE("nesting depth: one level past the limit is refused, and so is a 1 000 000-deep file, without a crash") {
    auto nested = [](size_t depth) {
        std::string open, close;
        for (size_t i = 0; i < depth; ++i) {
            open += "<em>";
            close += "</em>";
        }
        return protocol_with("", paragraph("<text>" + open + "x" + close + "</text>"));
    };
    // <protocol>, <paragraphs>, <paragraph>, <text>: four levels around the <em>s.
    CHECK_NOTHROW(parse::parse_protocol(nested(parse::limits::depth - 4), "deep.xml"));
    Error past = protocol_error(nested(parse::limits::depth - 3));
    CHECK(past.message() == "malformed XML: elements nested deeper than 64 " + limit(64));
    CHECK(past.where().line == 3);
    CHECK(past.where().column == 46 + 4 * (parse::limits::depth - 4));  // the first <em> past the limit
    Error deep = protocol_error(nested(1000000));
    CHECK_THAT(deep.message(), Catch::EndsWith(limit(parse::limits::depth)));
}

TEST_CASE("elements and attributes per element") {
    std::string many;
    for (size_t i = 0; i <= parse::limits::elements; ++i) many += "<br/>";
    Error elements = protocol_error(protocol_with("", paragraph("<text>" + many + "</text>")));
    CHECK(elements.message() == "malformed XML: more than 200000 elements in the file " + limit(parse::limits::elements));
    CHECK(elements.where().line == 3);

    std::string attributes;
    for (size_t i = 0; i <= parse::limits::attributes; ++i) attributes += " a" + std::to_string(i) + "=\"\"";
    Error too_many = protocol_error(protocol_with(attributes, paragraph("")));
    CHECK(too_many.message() == "malformed XML: more than 64 attributes on <protocol> " + limit(parse::limits::attributes));
    CHECK(too_many.where().line == 1);
}

TEST_CASE("paragraphs: the 10 001st is refused where it stands") {
    std::string paragraphs;
    for (size_t i = 0; i < parse::limits::paragraphs; ++i) paragraphs += paragraph("") + "\n";
    CHECK(parse::parse_protocol(protocol_with("", paragraphs), "many.xml").paragraphs.size() == parse::limits::paragraphs);
    Error e = protocol_error(protocol_with("", paragraphs + paragraph("")));
    CHECK(e.message() == "more than 10000 paragraphs in one protocol " + limit(parse::limits::paragraphs));
    CHECK(e.where().line == 3 + static_cast<int>(parse::limits::paragraphs));
    CHECK(e.where().column == 1);
}

TEST_CASE("text: a word over 1 000 characters and a block over 100 000 characters are refused") {
    std::string word(parse::limits::word_chars, 'a');
    CHECK_NOTHROW(parse::parse_protocol(protocol_with("", paragraph("<text>" + word + "</text>")), "w.xml"));
    Error long_word = protocol_error(protocol_with("", paragraph("<text>x <em>" + word + "a</em></text>")));
    CHECK(long_word.message() == "a word longer than 1000 characters " + limit(parse::limits::word_chars));
    CHECK(long_word.where().line == 3);
    CHECK(long_word.where().column == 40);  // the <text> the block belongs to
    // In plain text too (a title), and counted in characters, not bytes.
    std::string letters;
    for (size_t i = 0; i <= parse::limits::word_chars; ++i) letters += "å";
    Error title = protocol_error(protocol_with("", "<paragraph><title>" + letters + "</title></paragraph>"));
    CHECK(title.message() == "a word longer than 1000 characters " + limit(parse::limits::word_chars));
    std::string half(letters.begin(), letters.begin() + 2 * 900);
    CHECK_NOTHROW(parse::parse_protocol(protocol_with("", "<paragraph><title>" + half + "</title></paragraph>"), "t.xml"));

    std::string block;
    while (block.size() <= parse::limits::text_chars) block += "ord ";
    Error long_block = protocol_error(protocol_with("", paragraph("<text><p>a</p><p>" + block + "</p></text>")));
    CHECK(long_block.message() == "a block of text longer than 100000 characters " + limit(parse::limits::text_chars));
    CHECK(long_block.where().column == 54);  // its <p>
}

TEST_CASE("signing order: more than 64 steps are refused (each is compared with every earlier one)") {
    std::string steps;
    for (size_t i = 0; i <= parse::limits::signing_steps; ++i) steps += "<step role=\"r" + std::to_string(i) + "\"/>";
    Error e = error_of([&] {
        parse::parse_layout(layout_with(" extends=\"p\"", "<signing-order>" + steps + "</signing-order>"), "l.xml");
    });
    CHECK(e.message() == "more than 64 <step> in <signing-order> " + limit(parse::limits::signing_steps));
    CHECK(e.where().line == 2);
}
