// The protocol's facts read back from XMP packets as writers write them:
// finish's element form, other prefixes, attributes, rdf:Description items.
#include "parse/xmp.h"

#include "error_of.h"

#include <catch2/catch.hpp>

using namespace protokoll;

namespace {

const std::string HEAD =
    "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";
const std::string TAIL = "</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";

}  // namespace

TEST_CASE("xmp facts: the element form finish writes") {
    const std::string xmp = HEAD +
        "<rdf:Description rdf:about=\"\" xmlns:ptk=\"urn:x-protokoll:xmp:protocol:1/\"\n"
        " xmlns:ptkpara=\"urn:x-protokoll:xmp:protocol:1/paragraph/\" xmlns:ptksig=\"urn:x-protokoll:xmp:protocol:1/signer/\">\n"
        "<ptk:organisation>G&#246;teborgsregionens kommunalf&#246;rbund</ptk:organisation>\n"
        "<ptk:bodies><rdf:Seq><rdf:li>Styrgruppen A</rdf:li><rdf:li>Styrgruppen B</rdf:li></rdf:Seq></ptk:bodies>\n"
        "<ptk:kind>protokoll</ptk:kind><ptk:meetingDate>2021-01-22</ptk:meetingDate><ptk:layout>gr-x</ptk:layout>\n"
        "<ptk:sourceSHA256>abc123</ptk:sourceSHA256>\n"
        "<ptk:paragraphs><rdf:Seq>\n"
        " <rdf:li rdf:parseType=\"Resource\"><ptkpara:number>93</ptkpara:number><ptkpara:title>Tom &amp; Jerry &lt;3</ptkpara:title>"
        "<ptkpara:decision>Antecknas.</ptkpara:decision><ptkpara:references>GR 2020-1; GR 2020-2</ptkpara:references></rdf:li>\n"
        " <rdf:li rdf:parseType=\"Resource\"><ptkpara:number>94</ptkpara:number><ptkpara:title>Övrigt</ptkpara:title></rdf:li>\n"
        "</rdf:Seq></ptk:paragraphs>\n"
        "<ptk:signers><rdf:Seq><rdf:li rdf:parseType=\"Resource\"><ptksig:name>Sara N</ptksig:name>"
        "<ptksig:role>Sekreterare</ptksig:role><ptksig:kind>secretary</ptksig:kind></rdf:li></rdf:Seq></ptk:signers>\n"
        "</rdf:Description>\n" + TAIL;
    const auto facts = parse::facts_from_xmp(xmp, "x.pdf");
    REQUIRE(facts);
    CHECK(facts->organisation == "Göteborgsregionens kommunalförbund");
    CHECK(facts->bodies == std::vector<std::string>{"Styrgruppen A", "Styrgruppen B"});
    CHECK(facts->kind == "protokoll");
    CHECK(facts->date == "2021-01-22");
    CHECK(facts->layout == "gr-x");
    CHECK(facts->source_sha256 == "abc123");
    REQUIRE(facts->paragraphs.size() == 2);
    CHECK(facts->paragraphs[0].number == 93);
    CHECK(facts->paragraphs[0].title == "Tom & Jerry <3");
    CHECK(facts->paragraphs[0].decision == "Antecknas.");
    CHECK(facts->paragraphs[0].references == std::vector<std::string>{"GR 2020-1", "GR 2020-2"});
    CHECK(facts->paragraphs[1].number == 94);
    CHECK(facts->paragraphs[1].decision.empty());
    REQUIRE(facts->signers.size() == 1);
    CHECK(facts->signers[0].name == "Sara N");
    CHECK(facts->signers[0].role == "Sekreterare");
    CHECK(facts->signers[0].kind == "secretary");
}

TEST_CASE("xmp facts: namespaces by URI, whatever the prefix, simple properties as attributes, items as descriptions") {
    const std::string xmp = HEAD +
        "<rdf:Description rdf:about=\"\" xmlns:p=\"urn:x-protokoll:xmp:protocol:1/\" p:kind=\"anteckningar\""
        " p:meetingDate=\"2026-02-12\">\n"
        "<p:paragraphs><rdf:Seq><rdf:li><rdf:Description xmlns:q=\"urn:x-protokoll:xmp:protocol:1/paragraph/\""
        " q:number=\"7\" q:title=\"Punkt\"/></rdf:li></rdf:Seq></p:paragraphs>\n"
        "<ptk:kind xmlns:ptk=\"urn:other\">not this</ptk:kind>\n"
        "</rdf:Description>\n" + TAIL;
    const auto facts = parse::facts_from_xmp(xmp, "x.pdf");
    REQUIRE(facts);
    CHECK(facts->kind == "anteckningar");
    CHECK(facts->date == "2026-02-12");
    REQUIRE(facts->paragraphs.size() == 1);
    CHECK(facts->paragraphs[0].number == 7);
    CHECK(facts->paragraphs[0].title == "Punkt");
}

TEST_CASE("xmp facts: none in a packet without them or without a packet, bad input for broken or hostile XML") {
    CHECK_FALSE(parse::facts_from_xmp(HEAD + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                                             "<dc:format>application/pdf</dc:format></rdf:Description>" + TAIL, "x.pdf"));
    CHECK_FALSE(parse::facts_from_xmp("", "x.pdf"));
    CHECK_FALSE(parse::facts_from_xmp("no xmp here", "x.pdf"));
    const Error broken = error_of([] { parse::facts_from_xmp(HEAD + "<rdf:Description>" + TAIL, "broken.pdf"); });
    CHECK(broken.code() == ErrorCode::BadInput);
    CHECK(broken.where().file == "broken.pdf");
    std::string deep = HEAD;
    for (int i = 0; i < 100000; ++i) deep += "<a>";
    deep += TAIL;
    const Error hostile = error_of([&] { parse::facts_from_xmp(deep, "deep.pdf"); });
    CHECK(hostile.code() == ErrorCode::BadInput);
}
