// A protocol that uses every element and attribute parses into the model.
#include "parse/parse.h"

#include <catch2/catch.hpp>

using namespace protokoll;
using model::Block;
using model::Inline;

namespace {

const std::string k_fixture = PROTOKOLL_SOURCE_DIR "/tests/fixtures/parse/full-protocol.xml";

const model::Protocol& full() {
    static const model::Protocol protocol = parse::parse_protocol_file(k_fixture);
    return protocol;
}

// The text of a paragraph block, with "|" for line breaks: easy to compare.
std::string plain(const Block& block) {
    std::string out;
    for (const Inline& run : block.inlines) out += run.kind == Inline::Kind::LineBreak ? "|" : run.text;
    return out;
}

model::Protocol parse_text(const std::string& text) {
    return parse::parse_protocol(
        "<protocol layout='l'><meeting date='2021-01-22'><place>P</place></meeting><attendance/>"
        "<paragraphs><paragraph><title>T</title><text>" + text + "</text></paragraph></paragraphs>"
        "<signatures><secretary ref='s'/><adjuster ref='a'/></signatures></protocol>",
        "t.xml");
}

}  // namespace

TEST_CASE("protocol attributes") {
    const auto& p = full();
    CHECK(p.path == k_fixture);
    CHECK(p.layout == "test-layout");
    REQUIRE(p.kind);
    CHECK(*p.kind == model::DocumentKind::Notes);
    CHECK(p.language == model::Language::English);
    CHECK(p.title == "Särskilt möte");
    CHECK(p.where.line == 3);
    CHECK(p.where.column == 1);
}

TEST_CASE("protocol defaults") {
    auto p = parse_text("x");
    CHECK_FALSE(p.kind);
    CHECK(p.language == model::Language::Swedish);
    CHECK(p.title.empty());
    CHECK(p.meeting.start.empty());
    CHECK_FALSE(p.meeting.first_number);
    CHECK(p.meeting.bodies.empty());
    CHECK(p.paragraphs[0].number == std::nullopt);
    CHECK_FALSE(p.paragraphs[0].attachment);
}

TEST_CASE("meeting") {
    const auto& m = full().meeting;
    CHECK(m.date == "2021-01-22");
    CHECK(m.start == "9");  // kept as written
    CHECK(m.end == "12.30");
    CHECK(m.first_number == 93);
    CHECK(m.bodies == std::vector<std::string>{"social", "valfard"});
    CHECK(m.place == "Digitalt via Teams");
    CHECK(m.where.line == 6);
    CHECK(m.where.column == 3);
}

TEST_CASE("attendance") {
    const auto& groups = full().attendance;
    REQUIRE(groups.size() == 4);
    CHECK(groups[0].ref == "members");
    CHECK(groups[0].where.line == 12);
    CHECK(groups[0].where.column == 5);
    REQUIRE(groups[0].people.size() == 3);

    const auto& kent = groups[0].people[0];
    CHECK(kent.ref == "kent-lagrell");
    CHECK(kent.id == "kent-lagrell");  // id defaults to the roster ref
    CHECK(kent.name.empty());
    CHECK(kent.where.line == 13);
    CHECK(kent.where.column == 7);

    const auto& per = groups[0].people[1];
    CHECK(per.role == "tjänstgörande ersättare");
    CHECK(per.attended == "§\u00a03–7");

    const auto& anna = groups[0].people[2];
    CHECK(anna.ref.empty());
    CHECK(anna.id.empty());
    CHECK(anna.name == "Anna Exempel");
    CHECK(anna.party == "S");
    CHECK(anna.municipality == "Ale");
    CHECK(anna.role == "ersättare");
    CHECK(anna.body == "social");

    const auto& sara = groups[1].people[0];
    CHECK(sara.id == "sara");
    CHECK(sara.organisation == "Göteborgsregionen");

    const auto& cecilia = groups[2].people[0];
    CHECK(cecilia.title == "planeringsledare");
    CHECK(cecilia.attended == "§ 95");

    const auto& vacant = groups[3].people[0];
    CHECK(vacant.vacant);
    CHECK(vacant.municipality == "Lilla Edet");
    CHECK(vacant.party == "M");
    CHECK(vacant.body == "valfard");
    CHECK(groups[3].people[1].reason == "avböjt");
    CHECK_FALSE(groups[3].people[1].vacant);
}

TEST_CASE("paragraphs and sections") {
    const auto& ps = full().paragraphs;
    REQUIRE(ps.size() == 2);
    CHECK_FALSE(ps[0].number);
    CHECK(ps[0].title == "Val av justerare");
    REQUIRE(ps[0].sections.size() == 1);
    CHECK(ps[0].sections[0].kind == model::SectionKind::Text);
    CHECK_FALSE(ps[0].sections[0].label);

    const auto& p = ps[1];
    CHECK(p.number == 95);
    CHECK(p.id == "yr");
    CHECK(p.attachment);
    CHECK(p.where.line == 35);
    CHECK(p.where.column == 5);
    REQUIRE(p.sections.size() == 4);
    CHECK(p.sections[0].kind == model::SectionKind::Decision);
    CHECK(p.sections[0].label == std::optional<std::string>("Beslut i styrgruppen"));
    CHECK(p.sections[0].body == "social");
    CHECK(p.sections[1].kind == model::SectionKind::Summary);
    CHECK(p.sections[2].kind == model::SectionKind::Discussion);
    CHECK(p.sections[2].label == std::optional<std::string>(""));  // "" = no heading
    CHECK(p.sections[3].kind == model::SectionKind::Basis);
    CHECK(p.sections[3].label == std::optional<std::string>("Underlag"));
    CHECK(p.sections[3].where.line == 50);

    const auto& docs = p.sections[3].documents;
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].title == "Tjänsteskrivelse");
    CHECK(docs[0].date == "2021-01-10");
    CHECK(docs[0].reference == "GR 2021-00012");
    CHECK(docs[1].title == "Bilaga 1");
    CHECK(docs[1].date.empty());
    CHECK(docs[1].where.line == 52);
}

TEST_CASE("rich text: blocks, lists and inline runs") {
    const auto& summary = full().paragraphs[1].sections[1].content;
    REQUIRE(summary.size() == 2);
    REQUIRE(summary[0].kind == Block::Kind::Paragraph);
    CHECK(plain(summary[0]) ==
          "Nicholas Singleton informerar om Yrkesresan nu. Länk till film. Länk utan mål.");
    const auto& runs = summary[0].inlines;
    REQUIRE(runs.size() == 8);
    CHECK(runs[1].text == "Yrkesresan");
    CHECK(runs[1].emphasis);
    CHECK(runs[2].text == " ");  // the space between </em> and <strong>
    CHECK(runs[3].text == "nu");
    CHECK(runs[3].strong);
    CHECK(runs[5].link);
    CHECK(runs[5].href == "https://example.org/film");
    CHECK(runs[7].text == "Länk utan mål.");
    CHECK(runs[7].link);
    CHECK(runs[7].href.empty());
    CHECK_FALSE(runs[6].link);

    const Block& list = summary[1];
    REQUIRE(list.kind == Block::Kind::BulletList);
    CHECK(list.where.line == 41);
    REQUIRE(list.items.size() == 2);
    REQUIRE(list.items[0].blocks.size() == 1);
    CHECK(plain(list.items[0].blocks[0]) == "Millennium|Cerner-Licensavgift, betalas vid avrop");
    CHECK(list.items[0].blocks[0].inlines[1].kind == Inline::Kind::LineBreak);

    const auto& second = list.items[1];
    CHECK(second.where.line == 44);
    REQUIRE(second.blocks.size() == 2);
    CHECK(plain(second.blocks[0]) == "Punkt med underlista");
    REQUIRE(second.blocks[1].kind == Block::Kind::NumberedList);
    REQUIRE(second.blocks[1].items.size() == 2);
    CHECK(plain(second.blocks[1].items[1].blocks[0]) == "andra");
    CHECK(second.blocks[1].items[1].where.column == 32);  // the second <li> on the line, counted in characters ("ö")
}

TEST_CASE("rich text: nested emphasis combines and no-break spaces stay") {
    const auto& discussion = full().paragraphs[1].sections[2].content;
    REQUIRE(discussion.size() == 1);
    const auto& runs = discussion[0].inlines;
    REQUIRE(runs.size() == 4);
    CHECK(runs[0].text == "Styrgruppen ");
    CHECK(runs[1].text == "diskuterar ");
    CHECK(runs[1].strong);
    CHECK_FALSE(runs[1].emphasis);
    CHECK(runs[2].text == "noga");
    CHECK(runs[2].strong);
    CHECK(runs[2].emphasis);
    CHECK(runs[3].text == " 8\u00a0200\u00a0kr.");
}

TEST_CASE("rich text: a span in another language carries its tag, inside and around other formatting") {
    const model::Protocol p = parse_text("F\u00f6ljer <span lang='en'>Housing <em>First</em></span> och "
                                  "<a href='u'><span lang='en-GB'>the Handbook</span></a>, "
                                  "<span lang='de-CH-1996'>Gr\u00fcezi</span>.");
    const auto& runs = p.paragraphs[0].sections[0].content.at(0).inlines;
    REQUIRE(runs.size() == 8);
    CHECK(runs[0].lang.empty());
    CHECK(runs[1].text == "Housing ");
    CHECK(runs[1].lang == "en");
    CHECK(runs[2].text == "First");
    CHECK(runs[2].lang == "en");
    CHECK(runs[2].emphasis);
    CHECK(runs[3].lang.empty());
    CHECK(runs[4].lang == "en-GB");
    CHECK(runs[4].link);
    CHECK(runs[6].lang == "de-CH-1996");
    CHECK(runs[7].text == ".");
}

TEST_CASE("rich text: white space collapses and trims as in HTML") {
    struct Case {
        std::string xml;
        std::string text;
    };
    const Case cases[] = {
        {"  a \n\t b  ", "a b"},
        {"a<em> b </em> c", "a b c"},
        {"<em>a</em>\n<em>b</em>", "a b"},
        {"<em>a</em><em>b</em>", "ab"},
        {"a <br/> b", "a|b"},
        {"a<br/><br/>b", "a||b"},
        {"<p> a </p><p>b\n</p>", "a"},
        {"a&#160; b", "a\u00a0 b"},
        {"<strong> </strong>a", "a"},
    };
    for (const auto& c : cases) {
        INFO(c.xml);
        auto content = parse_text(c.xml).paragraphs[0].sections[0].content;
        REQUIRE_FALSE(content.empty());
        CHECK(plain(content[0]) == c.text);
    }
}

TEST_CASE("signatures") {
    const auto& s = full().signers;
    REQUIRE(s.size() == 3);
    CHECK(s[0].kind == model::Signer::Kind::Secretary);
    CHECK(s[0].ref == "sara");
    CHECK(s[0].role == "Beredningsansvarig");
    CHECK(s[1].kind == model::Signer::Kind::Adjuster);
    CHECK(s[1].body == "social");
    CHECK(s[2].role.empty());
    CHECK(s[2].where.line == 60);
    CHECK(s[2].where.column == 5);
}

TEST_CASE("times as a secretary writes them") {
    for (std::string time : {"9", "09", "9.00", "09:00", "23:59"}) {
        auto p = parse::parse_protocol(
            "<protocol layout='l'><meeting date='2021-01-22' start='" + time + "'><place>P</place></meeting>"
            "<attendance/><paragraphs><paragraph><title>T</title></paragraph></paragraphs>"
            "<signatures><secretary ref='s'/><adjuster ref='a'/></signatures></protocol>",
            "t.xml");
        CHECK(p.meeting.start == time);
    }
}

TEST_CASE("a list item holds paragraphs with a list between them") {
    const model::Protocol p = parse_text(
        "<ol><li><p>Mål.</p>\n<ul><li>delmål</li></ul>\n<p>Bakgrund.</p></li><li>kort</li></ol>");
    const model::RichText& content = p.paragraphs[0].sections[0].content;
    REQUIRE(content.size() == 1);
    REQUIRE(content[0].items.size() == 2);
    const auto& blocks = content[0].items[0].blocks;
    REQUIRE(blocks.size() == 3);
    CHECK(plain(blocks[0]) == "Mål.");
    REQUIRE(blocks[1].kind == Block::Kind::BulletList);
    CHECK(plain(blocks[1].items[0].blocks[0]) == "delmål");
    CHECK(plain(blocks[2]) == "Bakgrund.");
    CHECK(plain(content[0].items[1].blocks[0]) == "kort");
}

TEST_CASE("a decision's lead-in belongs to its body") {
    const model::Protocol p = parse::parse_protocol(
        "<protocol layout='l'><meeting date='2021-01-22'><place>P</place></meeting><attendance/>"
        "<paragraphs><paragraph><title>T</title><decision body='am' lead-in=' {body}  beslutar att: '>"
        "<ol><li>x</li></ol></decision></paragraph></paragraphs>"
        "<signatures><secretary ref='s'/><adjuster ref='a'/></signatures></protocol>",
        "t.xml");
    const model::Section& decision = p.paragraphs[0].sections[0];
    CHECK(decision.body == "am");
    REQUIRE(decision.lead_in);
    CHECK(*decision.lead_in == "{body} beslutar att:");
}

TEST_CASE("the closing after the signatures, and a protocol without appeal instructions") {
    const model::Protocol p = parse::parse_protocol(
        "<protocol layout='l' appeal='false'><meeting date='2021-01-22'><place>P</place></meeting><attendance/>"
        "<paragraphs><paragraph><title>T</title></paragraph></paragraphs>"
        "<signatures><secretary ref='s'/><adjuster ref='a'/></signatures>\n"
        "<closing><p>Några kommande aktiviteter:</p><ul><li><strong>12 mars</strong> – temadag</li></ul></closing>"
        "</protocol>",
        "t.xml");
    CHECK_FALSE(p.appeal);
    REQUIRE(p.closing.size() == 2);
    CHECK(plain(p.closing[0]) == "Några kommande aktiviteter:");
    CHECK(p.closing[1].kind == Block::Kind::BulletList);
    CHECK(p.closing_where.line == 2);
    CHECK(parse::parse_protocol("<protocol layout='l'><meeting date='2021-01-22'><place>P</place></meeting>"
                                "<attendance/><paragraphs><paragraph><title>T</title></paragraph></paragraphs>"
                                "<signatures><secretary ref='s'/><adjuster ref='a'/></signatures></protocol>",
                                "t.xml")
              .appeal);
}
