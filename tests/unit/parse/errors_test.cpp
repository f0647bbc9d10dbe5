// Bad input: each case names the message (a substring), the line and the
// column the error must carry. Inputs are small documents built from a
// minimal valid one with single lines replaced, so the expected line is the
// replaced line.
#include "parse/parse.h"

#include <catch2/catch.hpp>

#include <map>

using namespace protokoll;

namespace {

const char* k_file = "bad.xml";

using Lines = std::map<int, std::string>;

std::string build(std::vector<std::string> lines, const Lines& replaced) {
    for (const auto& [line, text] : replaced) lines.at(line - 1) = text;
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
}

// Lines: 1 <protocol>, 2 meeting, 3 attendance, 4 paragraphs, 5 signatures, 6 </protocol>.
std::string protocol(const Lines& replaced) {
    return build({R"(<protocol layout="l">)",
                  R"(<meeting date="2021-01-22"><place>P</place></meeting>)",
                  R"(<attendance/>)",
                  R"(<paragraphs><paragraph><title>T</title></paragraph></paragraphs>)",
                  R"(<signatures><secretary ref="s"/><adjuster ref="a"/></signatures>)",
                  R"(</protocol>)"},
                 replaced);
}

// Line 4 holds one paragraph with the given content after its title.
std::string paragraph_content(const std::string& content) {
    return protocol({{4, "<paragraphs><paragraph><title>T</title>" + content + "</paragraph></paragraphs>"}});
}

// Lines: 1 <layout>, 2 organisation, 3 body, 4 page, 5 fonts, 6 styles,
// 7 header, 8 footer, 9 labels, 10 groups, 11 roster, 12 </layout>.
std::string layout(const Lines& replaced) {
    return build({R"(<layout id="l">)",
                  R"(<organisation>O</organisation>)",
                  R"(<body id="b">B</body>)",
                  R"(<page/>)",
                  R"(<fonts regular="r.ttf" bold="b.ttf" italic="i.ttf" bold-italic="bi.ttf"/>)",
                  R"(<styles><style name="body"/></styles>)",
                  R"(<header/>)",
                  R"(<footer/>)",
                  R"(<labels/>)",
                  R"(<groups/>)",
                  R"(<roster/>)",
                  R"(</layout>)"},
                 replaced);
}

struct Bad {
    const char* what;
    std::string xml;
    const char* message;  // substring of Error::message()
    int line;
    int column;           // -1: not checked
    const char* hint = nullptr;  // substring of one hint, if any
};

template <typename Parse>
void check_bad(const Bad& bad, Parse parse) {
    INFO(bad.what << "\n" << bad.xml);
    try {
        parse(bad.xml, k_file);
        FAIL("no error");
    } catch (const Error& e) {
        INFO(e.render());
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK_THAT(e.message(), Catch::Contains(bad.message));
        CHECK(e.where().file == k_file);
        CHECK(e.where().line == bad.line);
        if (bad.column >= 0) CHECK(e.where().column == bad.column);
        if (bad.hint) {
            bool found = false;
            for (const auto& hint : e.hints()) found = found || hint.find(bad.hint) != std::string::npos;
            CHECK(found);
        }
    }
}

}  // namespace

TEST_CASE("bad protocols") {
    const Bad cases[] = {
        // Malformed XML: at the offending character (wellformed.cpp), with the other position when there is one
        {"mismatched end tag", protocol({{4, "<paragraphs><paragraph><title>T</paragraph></paragraphs>"}}),
         "malformed XML: <title> (line 4, column 24) is not closed before </paragraph>", 4, 32, "</title> first"},
        {"attribute without quotes", protocol({{2, "<meeting date=2021-01-22><place>P</place></meeting>"}}),
         "malformed XML: the value of attribute \"date\" on <meeting> is not in quotes", 2, 15, "write date=\"…\""},
        {"duplicate attribute", protocol({{1, R"(<protocol layout="l" layout="m">)"}}),
         "malformed XML: attribute \"layout\" appears twice on <protocol>", 1, 22, "write each attribute once"},
        {"unclosed comment", protocol({{3, "<attendance/><!-- oops"}}), "comment not closed", 3, 14},
        {"stray <", paragraph_content("<text>a < b</text>"), "malformed XML: a \"<\" that starts no tag", 4, 48, "write &lt;"},
        {"empty document", "", "the document is empty", 0, 0},
        {"missing end tag", protocol({{6, ""}}), "malformed XML: <protocol> is not closed: the file ends before </protocol>", 1, 1},
        {"text to the end", "<protocol layout='l'>\n<meeting>text\n", "<meeting> is not closed: the file ends", 2, 1},
        {"wrong root", "<layout id='x'/>", "wrong root element <layout>: expected <protocol>", 1, 1},
        {"second root", protocol({{6, "</protocol><protocol/>"}}), "a second root element <protocol>", 6, 12},

        // Structure
        {"unknown element", paragraph_content("<foo/>"), "unknown element <foo> in <paragraph>", 4, 40,
         "expected one of: title, recusal, decision, summary, discussion, text, basis, vote"},
        {"missing meeting", protocol({{2, "<attendance/>"}, {3, R"(<meeting date="2021-01-22"><place>P</place></meeting>)"}}),
         "<protocol> needs a <meeting> before <attendance>", 2, 1},
        {"out of order", protocol({{3, R"(<attendance/><meeting date="2021-01-22"><place>P</place></meeting>)"}}),
         "<meeting> is out of order in <protocol>", 3, 14, "expected order: labels, meeting, attendance"},
        {"missing title", protocol({{4, "<paragraphs><paragraph><text>x</text></paragraph></paragraphs>"}}),
         "<paragraph> needs a <title>", 4, 24},
        {"empty paragraph", protocol({{4, "<paragraphs><paragraph/></paragraphs>"}}),
         "<paragraph> needs a <title>", 4, 13},
        {"no paragraphs", protocol({{4, "<paragraphs/>"}}), "<paragraphs> needs a <paragraph>", 4, 1},
        {"two titles", paragraph_content("<title>U</title>"), "<title> may appear only once in <paragraph>", 4, 40},
        {"missing secretary", protocol({{5, R"(<signatures><adjuster ref="a"/></signatures>)"}}),
         "<signatures> needs a <secretary> before <adjuster>", 5, 13},
        {"missing signatures", protocol({{5, ""}}), "<protocol> needs a <signatures>", 1, 1},
        {"section order", protocol({{1, R"(<protocol layout="l" section-order="decision,summary">)"}}),
         "bad value \"decision,summary\" for attribute \"section-order\" on <protocol>", 1, 22},
        {"empty section order", protocol({{1, R"(<protocol layout="l" section-order=" ">)"}}),
         "bad value \" \" for attribute \"section-order\"", 1, 22},
        {"text in paragraph", paragraph_content("stray"), "text directly in <paragraph>", 4, 40},
        {"element in title", protocol({{4, "<paragraphs><paragraph><title>T <em>x</em></title></paragraph></paragraphs>"}}),
         "element <em> is not allowed in <title>", 4, 33},
        {"content in an empty element", protocol({{5, R"(<signatures><secretary ref="s">x</secretary><adjuster ref="a"/></signatures>)"}}),
         "text in <secretary>, which must be empty", 5, 32},

        // Attributes
        {"unknown attribute", protocol({{2, R"(<meeting date="2021-01-22" colour="red"><place>P</place></meeting>)"}}),
         "unknown attribute \"colour\" on <meeting>", 2, 28, "allowed attributes: date, start, end"},
        {"missing date", protocol({{2, "<meeting><place>P</place></meeting>"}}),
         "missing required attribute \"date\" on <meeting>", 2, 1},
        {"missing layout", protocol({{1, "<protocol>"}}), "missing required attribute \"layout\" on <protocol>", 1, 1},
        {"empty layout", protocol({{1, R"(<protocol layout=" ">)"}}), "attribute \"layout\" on <protocol> must not be empty", 1, 11},
        {"layout with a path", protocol({{1, R"(<protocol layout="../x">)"}}), "bad value \"../x\" for attribute \"layout\"", 1, 11},
        {"bad kind", protocol({{1, R"(<protocol layout="l" kind="protocol">)"}}),
         "bad value \"protocol\" for attribute \"kind\" on <protocol>", 1, 22, "one of: protokoll, anteckningar"},
        {"bad language", protocol({{1, R"(<protocol layout="l" language="de">)"}}),
         "bad value \"de\" for attribute \"language\"", 1, 22},
        {"date not YYYY-MM-DD", protocol({{2, R"(<meeting date="22/1/2021"><place>P</place></meeting>)"}}),
         "bad value \"22/1/2021\" for attribute \"date\" on <meeting>", 2, 10, "a date YYYY-MM-DD"},
        {"date out of range", protocol({{2, R"(<meeting date="2021-02-29"><place>P</place></meeting>)"}}),
         "bad value \"2021-02-29\"", 2, 10},
        {"bad start", protocol({{2, R"(<meeting date="2021-01-22" start="9:5"><place>P</place></meeting>)"}}),
         "bad value \"9:5\" for attribute \"start\"", 2, 28},
        {"end without start", protocol({{2, R"(<meeting date="2021-01-22" end="12"><place>P</place></meeting>)"}}),
         "attribute \"end\" on <meeting> needs \"start\"", 2, 28},
        {"first-number not a number", protocol({{2, R"(<meeting date="2021-01-22" first-number="x"><place>P</place></meeting>)"}}),
         "bad value \"x\" for attribute \"first-number\"", 2, 28, "a positive integer"},
        {"number zero", protocol({{4, R"(<paragraphs><paragraph number="0"><title>T</title></paragraph></paragraphs>)"}}),
         "bad value \"0\" for attribute \"number\" on <paragraph>", 4, 24, "a positive integer"},
        {"number negative", protocol({{4, R"(<paragraphs><paragraph number="-3"><title>T</title></paragraph></paragraphs>)"}}),
         "bad value \"-3\" for attribute \"number\"", 4, 24},
        {"number with junk", protocol({{4, R"(<paragraphs><paragraph number="3a"><title>T</title></paragraph></paragraphs>)"}}),
         "bad value \"3a\" for attribute \"number\"", 4, 24},
        {"attachment not true/false", protocol({{4, R"(<paragraphs><paragraph attachment="yes"><title>T</title></paragraph></paragraphs>)"}}),
         "bad value \"yes\" for attribute \"attachment\"", 4, 24, "one of: true, false"},
        {"body on a summary", paragraph_content(R"(<summary body="x">s</summary>)"),
         "unknown attribute \"body\" on <summary>", 4, 49},
        {"missing signer ref", protocol({{5, R"(<signatures><secretary/><adjuster ref="a"/></signatures>)"}}),
         "missing required attribute \"ref\" on <secretary>", 5, 13},

        // Attendance
        {"person with neither ref nor name", protocol({{3, R"(<attendance><group ref="members"><person party="S"/></group></attendance>)"}}),
         "<person> needs either \"ref\" (a roster id) or \"name\"", 3, 34},
        {"duplicate person id", protocol({{3, R"(<attendance><group ref="m"><person id="x" name="A"/><person id="x" name="B"/></group></attendance>)"}}),
         "duplicate person id \"x\"", 3, 61, "first used on line 3"},
        {"explicit id equal to a roster ref", protocol({{3, R"(<attendance><group ref="m"><person ref="x"/><person id="x" name="B"/></group></attendance>)"}}),
         "duplicate person id \"x\"", 3, 53, "first used on line 3"},
        {"roster ref equal to an explicit id", protocol({{3, R"(<attendance><group ref="m"><person id="x" name="B"/><person ref="x"/></group></attendance>)"}}),
         "duplicate person id \"x\"", 3, 61},
        {"text in a group", protocol({{3, R"(<attendance><group ref="m"> <person ref="x"/> Anna</group></attendance>)"}}),
         "text directly in <group>", 3, 47, "person, vacant"},
        {"vacant without municipality", protocol({{3, R"(<attendance><group ref="m"><vacant/></group></attendance>)"}}),
         "missing required attribute \"municipality\" on <vacant>", 3, 28},
        {"group without ref", protocol({{3, R"(<attendance><group/></attendance>)"}}),
         "missing required attribute \"ref\" on <group>", 3, 13},
        {"empty place", protocol({{2, R"(<meeting date="2021-01-22"><place>  </place></meeting>)"}}),
         "<place> must not be empty", 2, 28},
        {"duplicate paragraph id", protocol({{4, R"(<paragraphs><paragraph id="p"><title>T</title></paragraph><paragraph id="p"><title>U</title></paragraph></paragraphs>)"}}),
         "duplicate paragraph id \"p\"", 4, 70},

        // Rich text
        {"empty decision", paragraph_content("<decision/>"), "<decision> must not be empty", 4, 40},
        {"empty basis", paragraph_content("<basis/>"), "<basis> needs a <document>", 4, 40},
        {"empty document title", paragraph_content("<basis><document date='2021-01-01'/></basis>"),
         "<document> must not be empty", 4, 47},
        {"basis document date", paragraph_content("<basis><document date='2021-1-1'>D</document></basis>"),
         "bad value \"2021-1-1\" for attribute \"date\" on <document>", 4, 57},
        {"unknown inline element", paragraph_content("<text>a <u>b</u></text>"),
         "unknown element <u> in <text>", 4, 48, "expected one of: em, strong, a, span, confidential, br"},
        {"span without a language", paragraph_content("<text><span>a</span></text>"),
         "missing required attribute \"lang\" on <span>", 4, 46},
        {"span with a bad language tag", paragraph_content("<text>a <span lang='english language'>b</span></text>"),
         "lang=\"english language\" is not a language tag", 4, 48, "BCP 47"},
        {"span with a one-letter language", paragraph_content("<text><span lang='e'>b</span></text>"),
         "lang=\"e\" is not a language tag", 4, 46},
        {"unknown attribute on a span", paragraph_content("<text><span lang='en' dir='ltr'>b</span></text>"),
         "unknown attribute \"dir\" on <span>", 4, 62, "allowed attributes: lang"},
        {"unknown block element", paragraph_content("<text><p>a</p><table/></text>"),
         "unknown element <table> in <text>", 4, 54, "expected one of: p, ul, ol"},
        {"text outside <p>", paragraph_content("<text>loose<p>a</p></text>"), "text outside <p> in <text>", 4, 46},
        {"link in link", paragraph_content("<text><a href='x'>a <a>b</a></a></text>"), "a link inside a link", 4, 60},
        {"unknown attribute on a link", paragraph_content("<text><a target='x'>a</a></text>"),
         "unknown attribute \"target\" on <a>", 4, 49, "allowed attributes: href"},
        {"list nested three deep", paragraph_content("<text><ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul></text>"),
         "lists nest two deep at most", 4, 64},
        {"list item with text outside its paragraphs", paragraph_content("<text><ul><li>a<p>b</p></li></ul></text>"),
         "text outside <p> in <li>", 4, 54, "all its text goes inside them"},
        {"list item with paragraphs that begins with a list",
         paragraph_content("<text><ul><li><ul><li>x</li></ul><p>b</p></li></ul></text>"),
         "a <li> with paragraphs begins with a <p>", 4, 50, "number or bullet"},
        {"list item with paragraphs nesting three deep",
         paragraph_content("<text><ul><li><p>a</p><ul><li>b<ul><li>c</li></ul></li></ul></li></ul></text>"),
         "lists nest two deep at most", 4, 71},
        {"list item with an unknown block", paragraph_content("<text><ul><li><p>a</p><table/></li></ul></text>"),
         "unknown element <table> in <li>", 4, 62},
        {"lead-in without a body", paragraph_content("<decision lead-in='Vi beslutar att'>x</decision>"),
         "lead-in=\"Vi beslutar att\" without body", 4, 40, "body=\""},
        {"text after a nested list", paragraph_content("<text><ul><li>a<ol><li>b</li></ol>c</li></ul></text>"),
         "text after the nested list in <li>", 4, 74},
        {"empty list", paragraph_content("<text><ul/></text>"), "<ul> needs a <li>", 4, 46},
        {"empty list item", paragraph_content("<text><ul><li> </li></ul></text>"), "<li> must not be empty", 4, 50},
        {"empty p", paragraph_content("<text><p/></text>"), "<p> must not be empty", 4, 46},
        {"attribute on br", paragraph_content("<text>a<br clear='all'/>b</text>"), "unknown attribute \"clear\" on <br>", 4, 51},

        // Votes, reservations, notes, jäv, distribution
        {"vote naming no proposal", paragraph_content("<vote yes='a' no='c'><proposal id='a' by='x'>A</proposal><proposal id='b' by='y'>B</proposal><cast ref='x' vote='ja'/></vote>"),
         "no=\"c\" names no <proposal> of this vote", 4, 40, "by its id"},
        {"vote of a proposal against itself", paragraph_content("<vote yes='a' no='a'><proposal id='a' by='x'>A</proposal><proposal id='b' by='y'>B</proposal><cast ref='x' vote='ja'/></vote>"),
         "yes and no name the same proposal \"a\"", 4, 40},
        {"a vote that is not ja, nej or avstår", paragraph_content("<vote yes='a' no='b'><proposal id='a' by='x'>A</proposal><proposal id='b' by='y'>B</proposal><cast ref='x' vote='kanske'/></vote>"),
         "bad value \"kanske\" for attribute \"vote\" on <cast>", 4, -1, "ja, nej, avstår"},
        {"one proposal", paragraph_content("<vote yes='a' no='b'><proposal id='a' by='x'>A</proposal><cast ref='x' vote='ja'/></vote>"),
         "<proposal>", 4, -1},
        {"two proposals with one id", paragraph_content("<vote yes='a' no='b'><proposal id='a' by='x'>A</proposal><proposal id='a' by='y'>B</proposal><cast ref='x' vote='ja'/></vote>"),
         "proposal id \"a\"", 4, -1},
        {"result that is neither", paragraph_content("<vote yes='a' no='b' result='c'><proposal id='a' by='x'>A</proposal><proposal id='b' by='y'>B</proposal><proposal id='c' by='y'>C</proposal><cast ref='x' vote='ja'/></vote>"),
         "result=\"c\" is neither the yes nor the no proposal", 4, 40},
        {"reservation without a person", paragraph_content("<reservation>Skäl.</reservation>"),
         "missing required attribute \"ref\" on <reservation>", 4, 40},
        {"recusal after a decision", paragraph_content("<decision>D</decision><recusal ref='x'/>"),
         "<recusal> is out of order in <paragraph>", 4, -1},
        {"distribution without recipients", paragraph_content("<distribution/>"), "<distribution> needs a <recipient>", 4, 40},

        // A document's own words and list numbering
        {"unknown label key in a protocol", protocol({{1, "<protocol layout='l'><labels><label key='titel'>T</label></labels>"}}),
         "bad value \"titel\" for attribute \"key\" on <label>", 1, -1, "or group-ID for a group"},
        {"a label twice in a protocol", protocol({{1, "<protocol layout='l'><labels><label key='points'/><label key='points'/></labels>"}}),
         "label key \"points\"", 1, -1},
        {"roman numbering", paragraph_content("<text><ol type='i'><li>a</li></ol></text>"),
         "bad value \"i\" for attribute \"type\" on <ol>", 4, -1, "1, a, A"},
        {"a bullet list that starts at 3", paragraph_content("<text><ul start='3'><li>a</li></ul></text>"),
         "unknown attribute \"start\" on <ul>", 4, -1},
        {"a numbered list that starts at 0", paragraph_content("<text><ol start='0'><li>a</li></ol></text>"),
         "\"start\"", 4, -1},

        // The posting notice's dates
        {"notice with a bad date", protocol({{6, "<notice posted='2026-3-1'/></protocol>"}}),
         "bad value \"2026-3-1\" for attribute \"posted\" on <notice>", 6, -1},
        {"notice with text", protocol({{6, "<notice>x</notice></protocol>"}}), "<notice>", 6, -1},
        {"notice before the signatures", protocol({{4, "<paragraphs><paragraph><title>T</title></paragraph></paragraphs><notice/>"}}),
         "<protocol> needs a <signatures> before <notice>", 4, -1},

        // Words after the signatures, and whether the layout's appeal instructions follow
        {"closing before the signatures", protocol({{4, "<paragraphs><paragraph><title>T</title></paragraph></paragraphs><closing>x</closing>"}}),
         "<protocol> needs a <signatures> before <closing>", 4, -1},
        {"closing after the notice", protocol({{6, "<notice/><closing>x</closing></protocol>"}}),
         "<closing> is out of order in <protocol>", 6, 10},
        {"closing with a label", protocol({{6, "<closing label='Slut'>x</closing></protocol>"}}),
         "unknown attribute \"label\" on <closing>", 6, -1},
        {"appeal not a boolean", protocol({{1, "<protocol layout='l' appeal='nej'>"}}),
         "bad value \"nej\" for attribute \"appeal\" on <protocol>", 1, -1},

        // Confidential parts (what a public copy leaves out)
        {"grounds on a public paragraph", protocol({{4, "<paragraphs><paragraph grounds='OSL 26 kap. 1 §'><title>T</title></paragraph></paragraphs>"}}),
         "grounds=\"OSL 26 kap. 1 §\" on <paragraph> that is not confidential", 4, 13, "confidential=\"true\""},
        {"empty grounds", protocol({{4, "<paragraphs><paragraph confidential='true' grounds=' '><title>T</title></paragraph></paragraphs>"}}),
         "grounds=\"\" is empty", 4, 13, "OSL 26 kap. 1 §"},
        {"confidential not a boolean", protocol({{4, "<paragraphs><paragraph confidential='ja'><title>T</title></paragraph></paragraphs>"}}),
         "\"confidential\"", 4, -1},
        {"grounds on a public section", paragraph_content("<discussion grounds='OSL'>a</discussion>"),
         "grounds=\"OSL\" on <discussion> that is not confidential", 4, 40},
        {"confidential inside confidential", paragraph_content("<text><confidential>a <confidential>b</confidential></confidential></text>"),
         "<confidential> inside <confidential>", 4, 62},
        {"unknown attribute on confidential", paragraph_content("<text><confidential reason='x'>a</confidential></text>"),
         "unknown attribute \"reason\" on <confidential>", 4, -1, "allowed attributes: grounds"},
        {"confidential with empty grounds", paragraph_content("<text><confidential grounds=''>a</confidential></text>"),
         "grounds=\"\" is empty", 4, -1},
    };
    for (const auto& bad : cases) check_bad(bad, parse::parse_protocol);
}

TEST_CASE("bad layouts") {
    const Bad cases[] = {
        {"unknown style attribute", layout({{6, R"(<styles><style name="body" colour="#000000"/></styles>)"}}),
         "unknown attribute \"colour\" on <style>", 6, 28, "allowed attributes: name, face, size"},
        {"length without unit", layout({{4, R"(<page margin-top="30"/>)"}}),
         "bad value \"30\" for attribute \"margin-top\" on <page>", 4, 7, "unit mm or pt"},
        {"length in cm", layout({{4, R"(<page margin-left="3cm"/>)"}}), "bad value \"3cm\"", 4, 7},
        {"page size", layout({{4, R"(<page size="A5"/>)"}}), "bad value \"A5\" for attribute \"size\"", 4, 7, "one of: A4"},
        {"color name", layout({{6, R"(<styles><style name="body" color="red"/></styles>)"}}),
         "bad value \"red\" for attribute \"color\" on <style>", 6, 28, "#rrggbb"},
        {"short color", layout({{6, R"(<styles><style name="body" color="#12345"/></styles>)"}}), "bad value \"#12345\"", 6, 28},
        {"align", layout({{6, R"(<styles><style name="body" align="middle"/></styles>)"}}),
         "bad value \"middle\" for attribute \"align\"", 6, 28, "justify, left, center, right"},
        {"face", layout({{6, R"(<styles><style name="body" face="heavy"/></styles>)"}}),
         "bad value \"heavy\" for attribute \"face\"", 6, 28},
        {"size", layout({{6, R"(<styles><style name="body" size="large"/></styles>)"}}), "bad value \"large\" for attribute \"size\"", 6, 28},
        {"style without name", layout({{6, R"(<styles><style size="11"/></styles>)"}}), "missing required attribute \"name\" on <style>", 6, 9},
        {"duplicate style", layout({{6, R"(<styles><style name="body"/><style name="body"/></styles>)"}}),
         "duplicate style name \"body\"", 6, 36},
        {"section", layout({{10, R"(<groups><group id="m" section="maybe">M</group></groups>)"}}),
         "bad value \"maybe\" for attribute \"section\"", 10, 23, "present, absent"},
        {"group without label", layout({{10, R"(<groups><group id="m" section="present"/></groups>)"}}), "<group> must not be empty", 10, 9},
        {"unknown label key", layout({{9, R"(<labels><label key="presnt">X</label></labels>)"}}),
         "bad value \"presnt\" for attribute \"key\" on <label>", 9, 16, "present"},
        {"duplicate label", layout({{9, R"(<labels><label key="present">X</label><label key="present">Y</label></labels>)"}}),
         "duplicate label key \"present\"", 9, 46},
        {"roster person without id", layout({{11, R"(<roster><person name="A"/></roster>)"}}),
         "missing required attribute \"id\" on <person>", 11, 9},
        {"roster person with ref", layout({{11, R"(<roster><person id="a" name="A" ref="b"/></roster>)"}}),
         "unknown attribute \"ref\" on <person>", 11, 33},
        {"duplicate roster id", layout({{11, R"(<roster><person id="a" name="A"/><person id="a" name="B"/></roster>)"}}),
         "duplicate person id \"a\"", 11, 42},
        {"missing fonts", layout({{5, ""}}), "<layout> needs a <fonts> before <styles>", 6, 1},
        {"missing font face", layout({{5, R"(<fonts regular="r.ttf" bold="b.ttf" italic="i.ttf"/>)"}}),
         "missing required attribute \"bold-italic\" on <fonts>", 5, 1},
        {"font with a directory", layout({{5, R"(<fonts regular="../r.ttf" bold="b.ttf" italic="i.ttf" bold-italic="bi.ttf"/>)"}}),
         "bad value \"../r.ttf\" for attribute \"regular\"", 5, 8},
        {"empty body", layout({{3, R"(<body id="b"></body>)"}}), "<body> must not be empty", 3, 1},
        {"missing layout id", layout({{1, "<layout>"}}), "missing required attribute \"id\" on <layout>", 1, 1},
        {"element in footer", layout({{8, "<footer>Sida <b>1</b></footer>"}}), "element <b> is not allowed in <footer>", 8, 14},

        // Issue 3: extends, languages, first page, logo, section order, hyphenation
        {"bad parent name", layout({{1, R"(<layout id="l" extends="../x">)"}}),
         "bad value \"../x\" for attribute \"extends\" on <layout>", 1, 16},
        {"empty parent name", layout({{1, R"(<layout id="l" extends="">)"}}),
         "attribute \"extends\" on <layout> must not be empty", 1, 16},
        {"missing header without extends", layout({{7, ""}}), "<layout> needs a <header> before <footer>", 8, 1},
        {"labels language", layout({{9, R"(<labels lang="de"/>)"}}), "bad value \"de\" for attribute \"lang\" on <labels>", 9, 9,
         "one of: sv, en"},
        {"labels twice for one language", layout({{9, R"(<labels/><labels lang="sv"/>)"}}),
         "duplicate <labels> for language \"sv\"", 9, 18},
        {"three labels", layout({{9, R"(<labels/><labels lang="en"/><labels/>)"}}), "too many <labels> in <layout>", 9, 29},
        {"group label key", layout({{9, R"(<labels lang="en"><label key="group-">G</label></labels>)"}}),
         "bad value \"group-\" for attribute \"key\" on <label>", 9, 26, "group-ID"},
        {"section order word", layout({{9, R"(<labels/><sections order="decision beslut"/>)"}}),
         "bad value \"decision beslut\" for attribute \"order\" on <sections>", 9, 20, "each once"},
        {"section order twice", layout({{9, R"(<labels/><sections order="summary summary"/>)"}}),
         "bad value \"summary summary\" for attribute \"order\"", 9, 20},
        {"sections before labels", layout({{9, R"(<sections order="decision"/><labels/>)"}}),
         "<layout> needs a <labels> before <sections>", 9, 1},
        {"first page after header", layout({{7, R"(<header/><first-page/>)"}}),
         "<first-page> is out of order in <layout>", 7, 10},
        {"logo without width", layout({{7, R"(<first-page><logo src="a.png" x="1mm" y="1mm"/></first-page><header/>)"}}),
         "missing required attribute \"width\" on <logo>", 7, 13},
        {"logo outside layouts/", layout({{7, R"(<first-page><logo src="../a.png" x="1mm" y="1mm" width="9mm"/></first-page><header/>)"}}),
         "bad value \"../a.png\" for attribute \"src\" on <logo>", 7, 19, "without \"..\""},
        {"logo not a png name", layout({{7, R"(<first-page><logo src="logo.svg" x="1mm" y="1mm" width="9mm"/></first-page><header/>)"}}),
         "bad value \"logo.svg\" for attribute \"src\"", 7, 19},
        {"logo of no width", layout({{7, R"(<first-page><logo src="a.png" x="1mm" y="1mm" width="0mm"/></first-page><header/>)"}}),
         "bad value \"0mm\" for attribute \"width\" on <logo>", 7, 47, "greater than 0"},
        {"two logos", layout({{7, R"(<first-page><logo src="a.png" x="1mm" y="1mm" width="9mm"/><logo src="a.png" x="1mm" y="1mm" width="9mm"/></first-page><header/>)"}}),
         "<logo> may appear only once in <first-page>", 7, 60},
        {"first page margin", layout({{7, R"(<first-page margin-top="5"/><header/>)"}}),
         "bad value \"5\" for attribute \"margin-top\" on <first-page>", 7, 13, "unit mm or pt"},
        {"hyphenation minimum", layout({{9, R"(<labels/><hyphenation left-min="0"/>)"}}),
         "bad value \"0\" for attribute \"left-min\" on <hyphenation>", 9, 23, "a positive integer"},
        {"hyphenation exception with a space", layout({{9, R"(<labels/><hyphenation><exception>social tjänst</exception></hyphenation>)"}}),
         "bad hyphenation exception \"social tjänst\"", 9, 23, "no spaces"},
        {"hyphenation exception with a double hyphen", layout({{9, R"(<labels/><hyphenation><exception>a--b</exception></hyphenation>)"}}),
         "bad hyphenation exception \"a--b\"", 9, 23},
        {"empty hyphenation exception", layout({{9, R"(<labels/><hyphenation><exception/></hyphenation>)"}}),
         "<exception> must not be empty", 9, 23},

        // Appeal instructions
        {"appeal twice for one language", layout({{11, R"(<appeal>A</appeal><appeal lang="sv">B</appeal><roster/>)"}}),
         "duplicate <appeal> for language \"sv\"", 11, -1},
        {"appeal in German", layout({{11, R"(<appeal lang="de">A</appeal><roster/>)"}}),
         "bad value \"de\" for attribute \"lang\" on <appeal>", 11, -1, "one of: sv, en"},
        {"appeal page not a boolean", layout({{11, R"(<appeal page="ja">A</appeal><roster/>)"}}),
         "bad value \"ja\" for attribute \"page\" on <appeal>", 11, -1},
        {"appeal after the roster", layout({{11, R"(<roster/><appeal>A</appeal>)"}}),
         "<appeal> is out of order in <layout>", 11, 10},

        // Signing order
        {"unknown who", layout({{10, R"(<groups/><signing-order><step who="chair"/></signing-order>)"}}),
         "bad value \"chair\" for attribute \"who\" on <step>", 10, 31, "one of: secretary, adjuster, any"},
        {"unknown step attribute", layout({{10, R"(<groups/><signing-order><step who="any" rank="1"/></signing-order>)"}}),
         "unknown attribute \"rank\" on <step>", 10, 41, "allowed attributes: who, role"},
        {"step selecting nothing in particular", layout({{10, R"(<groups/><signing-order><step/></signing-order>)"}}),
         "<step> needs \"who\" or \"role\"", 10, 25, "who=\"secretary\""},
        {"empty role alternative", layout({{10, R"(<groups/><signing-order><step role="ordförande||chair"/></signing-order>)"}}),
         "bad value \"ordförande||chair\" for attribute \"role\" on <step>", 10, 31, "separated by \"|\""},
        {"blank role", layout({{10, R"(<groups/><signing-order><step who="adjuster" role=" "/></signing-order>)"}}),
         "bad value \" \" for attribute \"role\" on <step>", 10, 46},
        {"step after one for anyone", layout({{10, R"(<groups/><signing-order><step who="any"/><step who="secretary"/></signing-order>)"}}),
         "this <step> never applies: the <step> on line 10 takes every signer it selects", 10, 42,
         "a step with \"role\" before one without"},
        {"step with roles the same as an earlier one's", layout({{10, R"(<groups/><signing-order><step role="Ordförande"/><step who="adjuster" role=" ORDFÖRANDE "/></signing-order>)"}}),
         "this <step> never applies", 10, 50},
        {"unknown element in signing-order", layout({{10, R"(<groups/><signing-order><rule/></signing-order>)"}}),
         "unknown element <rule> in <signing-order>", 10, 25, "expected one of: step"},
        {"attribute on signing-order", layout({{10, R"(<groups/><signing-order order="x"/>)"}}),
         "unknown attribute \"order\" on <signing-order>", 10, 25, "takes no attributes"},
        {"signing-order after roster", layout({{11, R"(<roster/><signing-order/>)"}}),
         "<signing-order> is out of order in <layout>", 11, 10},
        {"signing-order twice", layout({{10, R"(<groups/><signing-order/><signing-order/>)"}}),
         "<signing-order> may appear only once in <layout>", 10, 26},
        {"text in a step", layout({{10, R"(<groups/><signing-order><step who="any">x</step></signing-order>)"}}),
         "text in <step>, which must be empty", 10, 41},
    };
    for (const auto& bad : cases) check_bad(bad, parse::parse_layout);
}

TEST_CASE("a file that cannot be read") {
    try {
        parse::parse_protocol_file("/nonexistent/protocol.xml");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.where().file == "/nonexistent/protocol.xml");
        CHECK_THAT(e.message(), Catch::Contains("cannot read file"));
    }
    CHECK_THROWS_AS(parse::parse_layout_file("/nonexistent/layout.xml"), Error);
}

TEST_CASE("columns count characters and survive several elements on a line") {
    // "Ö" is two bytes in UTF-8 but one column.
    std::string xml = protocol({{3, R"(<attendance><group ref="Ö"><person ref="a"/><person ref="b" nme="B"/></group></attendance>)"}});
    try {
        parse::parse_protocol(xml, k_file);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.where().line == 3);
        CHECK(e.where().column == 61);
        CHECK(e.render() == "bad.xml:3:61: error: unknown attribute \"nme\" on <person>\n"
                            "hint: allowed attributes: id, name, party, municipality, role, title, organisation, "
                            "attended, reason, body, ref");
    }
}

TEST_CASE("attributes on a later line than their element") {
    std::string xml = protocol({{2, "<meeting\n   date=\"2021-01-22\"  start=\"25:00\"><place>P</place></meeting>"}});
    try {
        parse::parse_protocol(xml, k_file);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.where().line == 3);
        CHECK(e.where().column == 23);
    }
}
