// Issue 3 ("Layouts"): extends, first page and logo, labels per language,
// section order, hyphenation settings, and loading a chain of layouts.
#include "parse/parse.h"

#include "error_of.h"

#include <catch2/catch.hpp>

using namespace protokoll;

namespace {

const std::string k_fixtures = PROTOKOLL_SOURCE_DIR "/tests/fixtures/parse";
constexpr double k_mm = 72 / 25.4;

const model::Layout& extending() {
    static const model::Layout layout = parse::parse_layout_file(k_fixtures + "/extending-layout.xml");
    return layout;
}

std::string chain_error(const std::string& name) {
    try {
        parse::parse_layout_chain(k_fixtures + "/chain", name, {"p.xml", 7, 11});
    } catch (const Error& e) {
        return e.render();
    }
    return "no error";
}

}  // namespace

TEST_CASE("extends: names the parent and records what the file wrote") {
    const auto& l = extending();
    CHECK(l.id == "extending");
    CHECK(l.extends == "gr-base");
    CHECK(l.extends_where.line == 6);
    CHECK(l.extends_where.column == 24);
    CHECK(l.given == std::set<std::string>{"page", "first-page", "labels", "sections", "hyphenation"});
    CHECK(l.organisation.empty());
    CHECK(l.bodies.empty());
    CHECK(l.page.given == std::set<std::string>{"margin-top", "footer-bottom"});
    CHECK(l.page.margin_top == Approx(40 * k_mm));
}

TEST_CASE("an extending layout may leave out every element, a root layout may not") {
    auto l = parse::parse_layout("<layout id='x' extends='y'/>", "x.xml");
    CHECK(l.extends == "y");
    CHECK(l.given.empty());
    CHECK_THROWS_WITH(parse::parse_layout("<layout id='x'/>", "x.xml"),
                      Catch::Contains("<layout> needs a <organisation>"));
}

TEST_CASE("first page: margin, header lines and logo") {
    const auto& first = extending().first_page;
    REQUIRE(first);
    CHECK(first->margin_top == Approx(50 * k_mm));
    CHECK(first->has_header);
    CHECK(first->header_lines == std::vector<std::string>{"{organisation}", "{label:place}: {place}"});
    REQUIRE(first->logo);
    CHECK(first->logo->src == "images/logo.png");
    CHECK(first->logo->x == Approx(25 * k_mm));
    CHECK(first->logo->y == Approx(12 * k_mm));
    CHECK(first->logo->width == Approx(48 * k_mm));
    REQUIRE(first->logo->height);
    CHECK(*first->logo->height == Approx(12 * k_mm));
    CHECK(first->logo->where.line == 13);
    CHECK(first->logo->where.file == k_fixtures + "/extending-layout.xml");
}

TEST_CASE("a first page without header or logo") {
    auto l = parse::parse_layout("<layout id='x' extends='y'><first-page/></layout>", "x.xml");
    REQUIRE(l.first_page);
    CHECK_FALSE(l.first_page->has_header);
    CHECK_FALSE(l.first_page->logo);
    CHECK_FALSE(l.first_page->margin_top);
}

TEST_CASE("labels per language, group-ID keys") {
    const auto& l = extending();
    CHECK(l.labels.at("place") == "Plats");
    CHECK(l.labels.at("group-members") == "Ledamöter");
    CHECK(l.labels_en.at("place") == "Venue");
    CHECK(l.labels_en.at("page-of") == "Page {page} of {pages}");
    CHECK(l.labels_where.line == 15);
    CHECK(l.labels_en_where.line == 19);
}

TEST_CASE("section order and hyphenation settings") {
    const auto& l = extending();
    CHECK(l.section_order == std::vector<model::SectionKind>{model::SectionKind::Summary, model::SectionKind::Decision});
    const auto& h = l.hyphenation;
    CHECK(h.enabled == true);
    CHECK(h.left_min == 3);
    CHECK(h.right_min == 4);
    CHECK(h.max_consecutive == 1);
    CHECK(h.exceptions == std::vector<std::string>{"kompetens-försörjning", "Göteborgsregionen"});
}

TEST_CASE("sections order=\"written\" is an empty order, and is given") {
    auto l = parse::parse_layout("<layout id='x' extends='y'><sections order=' written '/></layout>", "x.xml");
    CHECK(l.section_order.empty());
    CHECK(l.given.count("sections"));
}

TEST_CASE("a protocol's section-order") {
    auto p = parse::parse_protocol(
        "<protocol layout='l' section-order='basis  text'><meeting date='2021-01-22'><place>P</place></meeting>"
        "<attendance/><paragraphs><paragraph><title>T</title></paragraph></paragraphs>"
        "<signatures><secretary ref='s'/><secretary ref='t'/><adjuster ref='a'/></signatures></protocol>",
        "p.xml");
    REQUIRE(p.section_order);
    CHECK(*p.section_order == std::vector<model::SectionKind>{model::SectionKind::Basis, model::SectionKind::Text});
    CHECK(p.signers.size() == 3);  // several secretaries (a joint meeting)
}

TEST_CASE("signing order: steps by kind and roles, as written") {
    using Who = model::SigningStep::Who;
    auto l = parse::parse_layout("<layout id='x' extends='y'>\n"
                                 "<signing-order>\n"
                                 "  <step role=' Ordförande | Chair '/>\n"
                                 "  <step who='adjuster'/>\n"
                                 "  <step who='secretary' role='sekreterare'/>\n"
                                 "  <step who='any'/>\n"
                                 "</signing-order>\n"
                                 "</layout>",
                                 "x.xml");
    CHECK(l.given.count("signing-order"));
    const auto& steps = l.signing_order;
    REQUIRE(steps.size() == 4);
    CHECK(steps[0].who == Who::Any);
    CHECK(steps[0].roles == std::vector<std::string>{"Ordförande", "Chair"});  // trimmed, as written
    CHECK(steps[0].where.line == 3);
    CHECK(steps[0].where.column == 3);
    CHECK(steps[1].who == Who::Adjuster);
    CHECK(steps[1].roles.empty());
    CHECK(steps[2].who == Who::Secretary);
    CHECK(steps[2].roles == std::vector<std::string>{"sekreterare"});
    CHECK(steps[3].who == Who::Any);
}

TEST_CASE("signing order: an empty <signing-order/> is given, without steps") {
    auto l = parse::parse_layout("<layout id='x' extends='y'><signing-order/></layout>", "x.xml");
    CHECK(l.given.count("signing-order"));
    CHECK(l.signing_order.empty());
    auto without = parse::parse_layout("<layout id='x' extends='y'/>", "x.xml");
    CHECK_FALSE(without.given.count("signing-order"));
}

TEST_CASE("signing order: gr-base declares the secretaries first, the adjusters, the chair last") {
    using Who = model::SigningStep::Who;
    auto l = parse::parse_layout_file(PROTOKOLL_SOURCE_DIR "/layouts/gr-base.xml");
    const auto& steps = l.signing_order;
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].who == Who::Secretary);
    CHECK(steps[0].roles.empty());
    CHECK(steps[1].who == Who::Adjuster);
    CHECK(steps[1].roles.empty());
    CHECK(steps[2].who == Who::Adjuster);
    CHECK(steps[2].roles == std::vector<std::string>{"ordförande", "chair"});
}

TEST_CASE("time zone: <time-zone> is given with its place, gr-base names Europe/Stockholm, a path or odd name is refused") {
    auto l = parse::parse_layout("<layout id='x' extends='y'>\n  <time-zone> Europe/Stockholm </time-zone>\n</layout>", "x.xml");
    CHECK(l.given.count("time-zone"));
    CHECK(l.time_zone == "Europe/Stockholm");
    CHECK(l.time_zone_where.line == 2);
    CHECK(l.time_zone_where.column == 3);
    CHECK(parse::parse_layout_file(PROTOKOLL_SOURCE_DIR "/layouts/gr-base.xml").time_zone == "Europe/Stockholm");
    for (const char* bad : {"../../etc/passwd", "/usr/share/zoneinfo/UTC", "Europe Stockholm", "Europe/Stockholm;x"}) {
        INFO(bad);
        const protokoll::Error e = error_of([&] {
            parse::parse_layout(std::string("<layout id='x' extends='y'>\n<time-zone>") + bad + "</time-zone></layout>", "x.xml");
        });
        CHECK(e.where().line == 2);
        CHECK_THAT(e.message(), Catch::Contains("<time-zone> must name a zone of the tz database"));
    }
}

TEST_CASE("role_key: white space collapsed, letters lower-cased, Swedish ones too") {
    CHECK(model::role_key("  Vice   ORDFÖRANDE ") == "vice ordförande");
    CHECK(model::role_key("ÅÄÖÉÜ åäö") == "åäöéü åäö");
    CHECK(model::role_key("Chair") == "chair");
    CHECK(model::role_key("×") == "×");  // U+00D7 is no letter
    CHECK(model::role_key("") == "");
}

TEST_CASE("a chain of layouts loads root first") {
    auto chain = parse::parse_layout_chain(k_fixtures + "/chain", "leaf", {"p.xml", 7, 11});
    REQUIRE(chain.size() == 3);
    CHECK(chain[0].id == "base");
    CHECK(chain[1].id == "middle");
    CHECK(chain[2].id == "leaf");
}

TEST_CASE("chain errors: missing layout, missing parent, cycle") {
    CHECK_THAT(chain_error("nope"), Catch::StartsWith("p.xml:7:11: error: layout \"nope\" not found: no file"));
    CHECK_THAT(chain_error("orphan"),
               Catch::Contains("orphan.xml:2:21: error: layout \"orphan\" extends \"no-such-parent\", which does not exist"));
    CHECK_THAT(chain_error("cycle-a"),
               Catch::Contains("cycle-b.xml:3:9: error: layout \"cycle-b\" extends \"cycle-a\", which extends it again: a cycle"));
    CHECK_THAT(chain_error("cycle-a"), Catch::Contains("cycle-a → cycle-b → cycle-a"));
}
