// A layout that uses every element and attribute parses into the model.
#include "parse/parse.h"

#include <catch2/catch.hpp>

using namespace protokoll;

namespace {

const model::Layout& full() {
    static const model::Layout layout =
        parse::parse_layout_file(PROTOKOLL_SOURCE_DIR "/tests/fixtures/parse/full-layout.xml");
    return layout;
}

}  // namespace

TEST_CASE("layout: identity, organisation, bodies") {
    const auto& l = full();
    CHECK(l.id == "test-layout");
    CHECK(l.kind == model::DocumentKind::Notes);
    CHECK(l.organisation == "Göteborgsregionens kommunalförbund");
    REQUIRE(l.bodies.size() == 2);
    CHECK(l.bodies[0].id == "social");
    CHECK(l.bodies[1].name == "Styrgruppen för välfärd");
    CHECK(l.bodies[1].where.line == 8);
    CHECK(l.bodies[1].where.column == 3);
}

TEST_CASE("layout: page lengths convert to pt") {
    const auto& page = full().page;
    CHECK(page.width == Approx(595.276));
    CHECK(page.height == Approx(841.89));
    CHECK(page.margin_top == Approx(30 * 72 / 25.4));
    CHECK(page.margin_bottom == Approx(72));
    CHECK(page.margin_left == Approx(72));
    CHECK(page.margin_right == Approx(25 * 72 / 25.4));
    CHECK(page.header_top == Approx(12 * 72 / 25.4));
    CHECK(page.footer_bottom == Approx(10));
    CHECK(page.where.line == 9);
}

TEST_CASE("layout: fonts") {
    const auto& f = full().fonts;
    CHECK(f.regular == "R.ttf");
    CHECK(f.bold == "B.ttf");
    CHECK(f.italic == "I.ttf");
    CHECK(f.bold_italic == "BI.ttf");
}

TEST_CASE("layout: styles by name") {
    const auto& styles = full().styles;
    REQUIRE(styles.size() == 2);
    const auto& body = styles.at("body");
    CHECK(body.face == model::Face::Regular);
    CHECK(body.size == Approx(11));
    CHECK(body.leading == Approx(14.5));
    CHECK(body.space_before == Approx(0));
    CHECK(body.space_after == Approx(6));
    CHECK(body.align == model::Align::Justify);
    CHECK(body.color.r == 0);
    const auto& title = styles.at("title");
    CHECK(title.face == model::Face::BoldItalic);
    CHECK(title.size == Approx(18));
    CHECK(title.space_before == Approx(3));
    CHECK(title.align == model::Align::Center);
    CHECK(title.color.r == Approx(1));
    CHECK(title.color.g == Approx(128 / 255.0));
    CHECK(title.color.b == Approx(0));
    CHECK(title.where.line == 14);
}

TEST_CASE("layout: header, footer, labels, groups") {
    const auto& l = full();
    CHECK(l.header_lines == std::vector<std::string>{"{Kind} {date}{time}", "{organisation}"});
    CHECK(l.footer == "Sida {page} av {pages}");
    CHECK(l.labels.size() == 2);
    CHECK(l.labels.at("present") == "NÄRVARANDE");
    CHECK(l.labels.at("time") == ", kl {start}-{end}");
    REQUIRE(l.groups.size() == 2);
    CHECK(l.groups[0].id == "members");
    CHECK(l.groups[0].label == "Ledamöter");
    CHECK(l.groups[0].section == model::Attendance::Present);
    CHECK(l.groups[1].section == model::Attendance::Absent);
}

TEST_CASE("layout: roster") {
    const auto& roster = full().roster;
    REQUIRE(roster.size() == 2);
    CHECK(roster[0].id == "kent-lagrell");
    CHECK(roster[0].name == "Kent Lagrell");
    CHECK(roster[0].party == "M");
    CHECK(roster[0].municipality == "Öckerö");
    CHECK(roster[0].role == "ordförande");
    CHECK(roster[1].title == "avdelningschef");
    CHECK(roster[1].organisation == "GR");
    CHECK(roster[1].body == "social");
    CHECK(roster[1].attended == "§ 3");
    CHECK(roster[1].reason == "sjuk");
    CHECK(roster[1].where.line == 33);
}

TEST_CASE("layout: signing order") {
    const auto& steps = full().signing_order;
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].who == model::SigningStep::Who::Adjuster);
    CHECK(steps[0].roles == std::vector<std::string>{"ordförande", "chair"});
    CHECK(steps[0].where.line == 30);
    CHECK(steps[1].who == model::SigningStep::Who::Any);
    CHECK(steps[1].roles.empty());
}

TEST_CASE("layout: page defaults are A4 with the model's margins") {
    auto l = parse::parse_layout(
        "<layout id='x'><organisation>O</organisation><body id='b'>B</body><page/>"
        "<fonts regular='r' bold='b' italic='i' bold-italic='bi'/><styles/><header/><footer/>"
        "<labels/><groups/><roster/></layout>",
        "x.xml");
    model::PageGeometry defaults;
    CHECK(l.kind == model::DocumentKind::Protocol);
    CHECK(l.page.width == Approx(595.276));
    CHECK(l.page.margin_top == Approx(defaults.margin_top));
    CHECK(l.footer.empty());
    CHECK(l.header_lines.empty());
}

TEST_CASE("layout: appeal instructions per language, as a block or a page") {
    const model::Layout l = parse::parse_layout(
        "<layout id='l' extends='p'>\n"
        "<appeal page='true'><p>Överklaga inom tre veckor.</p><ul><li>ett</li></ul></appeal>\n"
        "<appeal lang='en'>Appeal within three weeks.</appeal>\n"
        "</layout>",
        "l.xml");
    REQUIRE(l.appeal);
    CHECK(l.appeal->own_page);
    CHECK(l.appeal->content.size() == 2);
    CHECK(l.appeal->where.line == 2);
    REQUIRE(l.appeal_en);
    CHECK_FALSE(l.appeal_en->own_page);
    REQUIRE(l.appeal_en->content.size() == 1);
    CHECK(l.appeal_en->content[0].inlines[0].text == "Appeal within three weeks.");
}
