// Issue 3 ("Layouts"): merging a layout with its parent, languages, section
// order, the first page and its logo, hyphenation settings.
#include "resolve/merge.h"
#include "resolve/resolve.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

using namespace protokoll;
using document::TextBlock;
using model::SectionKind;

namespace {

const std::string k_root = PROTOKOLL_SOURCE_DIR;

model::Layout base() {
    model::Layout l;
    l.id = "base";
    l.path = "layouts/base.xml";
    l.where = {"layouts/base.xml", 1, 1};
    l.organisation = "Göteborgsregionens kommunalförbund";
    l.bodies.push_back({"sv", "Styrgruppen för social välfärd", {}});
    l.fonts = {"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
               "LiberationSans-BoldItalic.ttf", {"layouts/base.xml", 5, 3}};
    l.header_lines = {"{Kind} {date}", "{label:place}: {place}"};
    l.footer = "{label:page-of}";
    l.labels = {{"title-protokoll", "protokoll"}, {"present", "NÄRVARANDE"}, {"absent", "EJ NÄRVARANDE"},
                {"paragraphs", "PARAGRAFER"}, {"decision", "Beslut"}, {"summary", "Sammanfattning"},
                {"discussion", "Diskussion"}, {"minutes-protokoll", "Vid protokollet:"}, {"adjusters", "Justeras:"},
                {"place", "Plats"}, {"page-of", "Sida {page} av {pages}"}};
    l.labels_en = {{"title-protokoll", "minutes"}, {"present", "PRESENT"}, {"paragraphs", "PARAGRAPHS"},
                   {"decision", "Decision"}, {"summary", "Summary"}, {"discussion", "Discussion"},
                   {"minutes-protokoll", "Minutes taken by:"},
                   {"adjusters", "Approved:"}, {"place", "Venue"}, {"page-of", "Page {page} of {pages}"},
                   {"group-members", "Members"}};
    l.labels_en_where = {"layouts/base.xml", 30, 3};
    l.groups = {{"members", "Ledamöter", model::Attendance::Present, {}}, {"others", "Övriga", model::Attendance::Present, {}},
                {"absent-members", "Ledamöter", model::Attendance::Absent, {}}};
    model::Person kent;
    kent.id = "kent";
    kent.name = "Kent Lagrell";
    kent.role = "ordförande";
    model::Person ove = kent;
    ove.id = "ove";
    ove.name = "Ove Dröscher";
    ove.role = "ledamot";
    l.roster = {kent, ove};
    l.given = {"organisation", "page", "fonts", "styles", "header", "footer", "labels", "groups", "roster"};
    return l;
}

model::Section section(SectionKind kind, const std::string& text, const std::string& body = "") {
    model::Section s;
    s.kind = kind;
    s.body = body;
    model::Block block;
    block.inlines.push_back({model::Inline::Kind::Text, text, false, false, false, ""});
    s.content.push_back(block);
    return s;
}

model::Protocol protocol() {
    model::Protocol p;
    p.path = "p.xml";
    p.language = model::Language::Swedish;
    p.meeting.date = "2026-02-06";
    p.meeting.place = "Gårdavägen 2";
    model::AttendanceGroup members;
    members.ref = "members";
    for (const char* id : {"kent", "ove"}) {
        model::Person person;
        person.ref = id;
        members.people.push_back(person);
    }
    p.attendance.push_back(members);
    model::Paragraph paragraph;
    paragraph.title = "Tema";
    paragraph.sections = {section(SectionKind::Text, "inledning"), section(SectionKind::Summary, "sammanfattning"),
                          section(SectionKind::Decision, "beslut ett"), section(SectionKind::Discussion, "diskussion"),
                          section(SectionKind::Decision, "beslut två")};
    p.paragraphs.push_back(paragraph);
    model::Signer secretary;
    secretary.kind = model::Signer::Kind::Secretary;
    secretary.ref = "kent";
    model::Signer adjuster;
    adjuster.ref = "ove";
    p.signers = {secretary, adjuster};
    return p;
}

resolve::Options options() {
    resolve::Options out;
    out.fonts_dir = k_root + "/fonts";
    return out;
}

std::vector<std::string> texts(const document::Document& doc) {
    std::vector<std::string> out;
    for (const auto& item : doc.flow)
        if (auto block = std::get_if<TextBlock>(&item)) {
            std::string line;
            for (const auto& run : block->runs) line += run.text;
            out.push_back(line);
        }
    return out;
}

// The flow from the paragraph's title on, without headings.
std::vector<std::string> section_texts(const document::Document& doc) {
    auto all = texts(doc);
    auto title = std::find(all.begin(), all.end(), "§\u00a01. Tema");
    std::vector<std::string> out;
    for (auto it = title + 1; it != all.end(); ++it)
        if (*it == "inledning" || *it == "sammanfattning" || *it == "diskussion" || it->rfind("beslut", 0) == 0)
            out.push_back(*it);
    return out;
}

std::string error_of(const model::Protocol& p, const model::Layout& l) {
    try {
        resolve::resolve(p, l, options());
    } catch (const Error& error) {
        return error.render();
    }
    return "no error";
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

// ---- merging -------------------------------------------------------------------------

TEST_CASE("merge: the child overrides only what it wrote") {
    model::Layout child;
    child.id = "child";
    child.path = "layouts/child.xml";
    child.extends = "base";
    child.bodies.push_back({"am", "Styrgruppen för arbetsmarknad", {}});
    child.given = {"page", "labels", "styles"};
    child.page.margin_top = 99;
    child.page.margin_left = 1;  // not given: the parent's stays
    child.page.given = {"margin-top"};
    child.organisation = "ignored: not given";
    model::TextStyle title;
    title.size = 30;
    child.styles["title"] = title;
    child.labels = {{"summary", "Ärendet"}};
    child.labels_en = {{"summary", "The matter"}};

    auto parent = base();
    parent.page.margin_left = 70;
    model::TextStyle body;
    body.size = 10;
    parent.styles["body"] = body;
    auto merged = resolve::merge_layouts(parent, child);
    CHECK(merged.id == "child");
    CHECK(merged.organisation == "Göteborgsregionens kommunalförbund");
    REQUIRE(merged.bodies.size() == 1);  // the child's bodies replace the parent's
    CHECK(merged.bodies[0].id == "am");
    CHECK(merged.page.margin_top == 99);
    CHECK(merged.page.margin_left == 70);
    CHECK(merged.styles.at("title").size == 30);
    CHECK(merged.styles.at("body").size == 10);
    CHECK(merged.labels.at("summary") == "Ärendet");
    CHECK(merged.labels.at("decision") == "Beslut");
    CHECK(merged.labels_en.at("summary") == "The matter");
    CHECK(merged.labels_en.at("decision") == "Decision");
    CHECK(merged.header_lines == parent.header_lines);
    CHECK(merged.roster.size() == 2);
}

TEST_CASE("merge: groups and roster per id, new ones after the child's previous entry") {
    model::Layout child;
    child.id = "child";
    child.groups = {{"members", "Ledamöter, social välfärd", model::Attendance::Present, {}},
                    {"members-am", "Ledamöter, arbetsmarknad", model::Attendance::Present, {}},
                    {"guests", "Gäster", model::Attendance::Present, {}}};
    model::Person kent;
    kent.id = "kent";
    kent.name = "Kent Lagrell Jr";
    model::Person new_person;
    new_person.id = "new";
    new_person.name = "Ny Person";
    child.roster = {new_person, kent};
    auto merged = resolve::merge_layouts(base(), child);
    std::vector<std::string> ids, labels;
    for (const auto& g : merged.groups) {
        ids.push_back(g.id);
        labels.push_back(g.label);
    }
    CHECK(ids == std::vector<std::string>{"members", "members-am", "guests", "others", "absent-members"});
    CHECK(labels[0] == "Ledamöter, social välfärd");
    REQUIRE(merged.roster.size() == 3);
    CHECK(merged.roster[0].id == "new");  // written first by the child: first
    CHECK(merged.roster[1].name == "Kent Lagrell Jr");
    CHECK(merged.roster[2].id == "ove");
}

TEST_CASE("merge: hyphenation settings per attribute, exceptions add up") {
    auto parent = base();
    parent.hyphenation.left_min = 2;
    parent.hyphenation.right_min = 3;
    parent.hyphenation.exceptions = {"kompetens-försörjning", "arbets-marknad"};
    model::Layout child;
    child.given = {"hyphenation"};
    child.hyphenation.right_min = 4;
    child.hyphenation.exceptions = {"kompetensför-sörjning", "social-tjänst"};
    auto merged = resolve::merge_layouts(parent, child);
    CHECK(merged.hyphenation.left_min == 2);
    CHECK(merged.hyphenation.right_min == 4);
    CHECK(merged.hyphenation.exceptions ==
          std::vector<std::string>{"kompetensför-sörjning", "arbets-marknad", "social-tjänst"});
}

TEST_CASE("merge: a chain merges from the root down, kind and first page as given") {
    auto root = base();
    root.section_order = {SectionKind::Decision, SectionKind::Summary};
    root.given.insert("sections");
    root.first_page = model::FirstPage{};
    root.first_page->margin_top = 120;
    root.given.insert("first-page");
    model::Layout middle;
    middle.id = "middle";
    middle.organisation = "Mellanförbundet";
    middle.given = {"organisation"};
    model::Layout leaf;
    leaf.id = "leaf";
    leaf.kind = model::DocumentKind::Notes;
    leaf.given = {"kind", "sections"};  // order="written"
    auto merged = resolve::merge_layout_chain({root, middle, leaf});
    CHECK(merged.id == "leaf");
    CHECK(merged.kind == model::DocumentKind::Notes);
    CHECK(merged.organisation == "Mellanförbundet");
    CHECK(merged.section_order.empty());
    REQUIRE(merged.first_page);
    CHECK(merged.first_page->margin_top == 120);

    auto protocol_kind = resolve::merge_layout_chain({root, middle});
    CHECK(protocol_kind.kind == model::DocumentKind::Protocol);
    CHECK(protocol_kind.section_order.size() == 2);
}

TEST_CASE("merge: the child's <signing-order> replaces the parent's as a whole") {
    using Who = model::SigningStep::Who;
    auto parent = base();
    parent.signing_order = {{Who::Secretary, {}, {}}, {Who::Adjuster, {}, {}}, {Who::Adjuster, {"ordförande"}, {}}};
    parent.given.insert("signing-order");
    model::Layout child;
    child.id = "child";
    auto merged = resolve::merge_layouts(parent, child);  // not written: the parent's
    CHECK(merged.signing_order.size() == 3);

    child.given = {"signing-order"};
    child.signing_order = {{Who::Any, {"ordförande"}, {}}};
    merged = resolve::merge_layouts(parent, child);
    REQUIRE(merged.signing_order.size() == 1);  // no step of the parent's is kept
    CHECK(merged.signing_order[0].who == Who::Any);
    CHECK(merged.signing_order[0].roles == std::vector<std::string>{"ordförande"});

    child.signing_order.clear();  // <signing-order/>: as written again
    CHECK(resolve::merge_layouts(parent, child).signing_order.empty());
}

// ---- languages -----------------------------------------------------------------------

TEST_CASE("language: English labels, group labels, header and footer templates") {
    auto p = protocol();
    p.language = model::Language::English;
    auto doc = resolve::resolve(p, base(), options());
    auto lines = texts(doc);
    CHECK(contains(lines, "minutes"));  // the title is the label as written
    CHECK(contains(lines, "PRESENT"));
    CHECK(contains(lines, "Members"));
    CHECK(contains(lines, "Decision"));
    CHECK(doc.page.header[0].runs[0].text == "Minutes 2026-02-06");
    CHECK(doc.page.header[1].runs[0].text == "Venue: Gårdavägen 2");
    CHECK(doc.page.footer.runs[0].text == "Page {page} of {pages}");
    CHECK(doc.metadata.language == "en-GB");
    CHECK(doc.hyphenation.patterns == "/usr/share/hyphen/hyph_en_GB.dic");  // English words, English patterns

    auto sv = resolve::resolve(protocol(), base(), options());
    CHECK(sv.hyphenation.patterns == "/usr/share/hyphen/hyph_sv_SE.dic");
    CHECK(contains(texts(sv), "Ledamöter"));  // Swedish: the group's own text
    CHECK(sv.page.header[1].runs[0].text == "Plats: Gårdavägen 2");
    CHECK(sv.page.footer.runs[0].text == "Sida {page} av {pages}");
}

TEST_CASE("language: a missing English label is an error, not a Swedish fallback") {
    auto p = protocol();
    p.language = model::Language::English;
    auto l = base();
    l.labels_en.erase("summary");
    CHECK_THAT(error_of(p, l), Catch::Contains("layouts/base.xml:30:3: error: layout \"base\" has no English label \"summary\""));
    l = base();
    l.labels_en.erase("group-members");
    CHECK_THAT(error_of(p, l), Catch::Contains("has no English label \"group-members\""));
}

TEST_CASE("language: bodies joined with the language's word") {
    auto l = base();
    l.bodies.push_back({"am", "Styrgruppen för arbetsmarknad", {}});
    auto p = protocol();
    p.language = model::Language::English;
    CHECK(contains(texts(resolve::resolve(p, l, options())),
                   "Styrgruppen för social välfärd and Styrgruppen för arbetsmarknad"));
}

// ---- section order -------------------------------------------------------------------

TEST_CASE("section order: as written without an order") {
    CHECK(section_texts(resolve::resolve(protocol(), base(), options())) ==
          std::vector<std::string>{"inledning", "sammanfattning", "beslut ett", "diskussion", "beslut två"});
}

TEST_CASE("section order: the layout's wins, stably, and unnamed kinds stay put") {
    auto l = base();
    l.section_order = {SectionKind::Decision, SectionKind::Summary, SectionKind::Discussion};
    CHECK(section_texts(resolve::resolve(protocol(), l, options())) ==
          std::vector<std::string>{"inledning", "beslut ett", "beslut två", "sammanfattning", "diskussion"});
    l.section_order = {SectionKind::Summary, SectionKind::Discussion, SectionKind::Decision};
    CHECK(section_texts(resolve::resolve(protocol(), l, options())) ==
          std::vector<std::string>{"inledning", "sammanfattning", "diskussion", "beslut ett", "beslut två"});
}

TEST_CASE("section order: the protocol's section-order wins over the layout's") {
    auto l = base();
    l.section_order = {SectionKind::Decision, SectionKind::Summary};
    auto p = protocol();
    p.section_order = std::vector<SectionKind>{};  // "written"
    CHECK(section_texts(resolve::resolve(p, l, options()))[1] == "sammanfattning");
    p.section_order = std::vector<SectionKind>{SectionKind::Discussion};
    CHECK(section_texts(resolve::resolve(p, l, options())) ==
          std::vector<std::string>{"inledning", "sammanfattning", "beslut ett", "diskussion", "beslut två"});
}

// ---- signing order -------------------------------------------------------------------

using Who = model::SigningStep::Who;

model::SigningStep step(Who who, std::vector<std::string> roles = {}) { return {who, std::move(roles), {}}; }

// gr-base's order (layouts/gr-base.xml; tests/unit/parse checks the file says so).
std::vector<model::SigningStep> gr_base_order() {
    return {step(Who::Secretary), step(Who::Adjuster), step(Who::Adjuster, {"ordförande", "chair"})};
}

// Sara the secretary; adjusters Kent ("Ordförande"; ordförande in the roster),
// Patrik ("Justerare"; vice ordförande in the attendance) and Ove (no role
// written; ledamot in the roster), in this order.
model::Protocol signing_protocol() {
    auto p = protocol();
    model::Person patrik;
    patrik.id = "patrik";
    patrik.name = "Patrik Linde";
    patrik.role = "vice ordförande";
    p.attendance[0].people.push_back(patrik);
    model::AttendanceGroup others;
    others.ref = "others";
    model::Person sara;
    sara.id = "sara";
    sara.name = "Sara Nordenhielm";
    sara.title = "sekreterare";
    others.people.push_back(sara);
    p.attendance.push_back(others);
    auto signer = [](model::Signer::Kind kind, const char* ref, const char* role) {
        model::Signer s;
        s.kind = kind;
        s.ref = ref;
        s.role = role;
        return s;
    };
    p.signers = {signer(model::Signer::Kind::Secretary, "sara", "Beredningsansvarig"),
                 signer(model::Signer::Kind::Adjuster, "kent", "Ordförande"),
                 signer(model::Signer::Kind::Adjuster, "patrik", "Justerare"),
                 signer(model::Signer::Kind::Adjuster, "ove", "")};
    return p;
}

// Each field's place in the order of signing, as printed.
std::vector<std::pair<std::string, int>> places(const model::Layout& l, const model::Protocol& p) {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& item : resolve::resolve(p, l, options()).flow)
        if (auto row = std::get_if<document::SignatureRow>(&item))
            for (const auto& slot : row->slots) out.emplace_back(slot.field_name, slot.signing_order);
    return out;
}

// Who signs when: the fields sorted by place, stably, as finish writes
// /AcroForm /Fields (and sign enforces).
std::vector<std::string> signing_sequence(const std::vector<model::SigningStep>& steps,
                                          const model::Protocol& p = signing_protocol(),
                                          model::Layout l = base()) {
    l.signing_order = steps;
    auto fields = places(l, p);
    std::stable_sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    std::vector<std::string> out;
    for (const auto& field : fields) out.push_back(field.first);
    return out;
}

using Names = std::vector<std::string>;

TEST_CASE("signing order: without <signing-order>, as written") {
    CHECK(signing_sequence({}) == Names{"Sara Nordenhielm", "Kent Lagrell", "Patrik Linde", "Ove Dröscher"});
    for (const auto& [field, place] : places(base(), signing_protocol())) CHECK(place == 0);
}

TEST_CASE("signing order: gr-base's steps put the secretary first, the adjusters as written, the chair last") {
    CHECK(signing_sequence(gr_base_order()) == Names{"Sara Nordenhielm", "Patrik Linde", "Ove Dröscher", "Kent Lagrell"});
    auto l = base();
    l.signing_order = gr_base_order();
    CHECK(places(l, signing_protocol()) == std::vector<std::pair<std::string, int>>{
                                               {"Sara Nordenhielm", 0}, {"Kent Lagrell", 2}, {"Patrik Linde", 1},
                                               {"Ove Dröscher", 1}});
}

TEST_CASE("signing order: gr-base's chair is found by the roster role, and by \"Chair\" in English") {
    auto p = signing_protocol();
    p.signers[1].role = "";  // printed "Ordförande" from the roster
    CHECK(signing_sequence(gr_base_order(), p).back() == "Kent Lagrell");

    auto l = base();
    l.roster[0].role = "ledamot";  // no "ordförande" anywhere: only the written role tells
    p.signers[1].role = "Chair";
    CHECK(signing_sequence(gr_base_order(), p, l).back() == "Kent Lagrell");
    p.signers[1].role = "CHAIR ";
    CHECK(signing_sequence(gr_base_order(), p, l).back() == "Kent Lagrell");
    p.signers[1].role = "Chairman";  // the whole role is compared, not a part of it
    CHECK(signing_sequence(gr_base_order(), p, l) ==
          Names{"Sara Nordenhielm", "Kent Lagrell", "Patrik Linde", "Ove Dröscher"});

    // A secretary whose role is "ordförande" is no chair under gr-base's
    // order: its chair step selects adjusters only.
    p = signing_protocol();
    p.signers[0].role = "Ordförande";
    CHECK(signing_sequence(gr_base_order(), p).front() == "Sara Nordenhielm");
}

TEST_CASE("signing order: a layout can put the chair first") {
    CHECK(signing_sequence({step(Who::Any, {"ORDFÖRANDE"}), step(Who::Secretary), step(Who::Adjuster)}) ==
          Names{"Kent Lagrell", "Sara Nordenhielm", "Patrik Linde", "Ove Dröscher"});
}

TEST_CASE("signing order: a layout can let the adjusters sign before the secretary") {
    CHECK(signing_sequence({step(Who::Adjuster), step(Who::Secretary)}) ==
          Names{"Kent Lagrell", "Patrik Linde", "Ove Dröscher", "Sara Nordenhielm"});
}

TEST_CASE("signing order: a step with roles takes a signer before an earlier step without") {
    // Patrik's written role is "Justerare", his role in the attendance "vice ordförande": either matches.
    CHECK(signing_sequence({step(Who::Any), step(Who::Adjuster, {"justerare"})}) ==
          Names{"Sara Nordenhielm", "Kent Lagrell", "Ove Dröscher", "Patrik Linde"});
    CHECK(signing_sequence({step(Who::Any), step(Who::Adjuster, {"Vice  Ordförande"})}) ==
          Names{"Sara Nordenhielm", "Kent Lagrell", "Ove Dröscher", "Patrik Linde"});
    // Among steps with roles, the first that selects the signer (Patrik: step 2, not 3).
    CHECK(signing_sequence({step(Who::Secretary), step(Who::Adjuster, {"justerare"}),
                            step(Who::Any, {"justerare", "ordförande"}), step(Who::Adjuster)}) ==
          Names{"Sara Nordenhielm", "Patrik Linde", "Kent Lagrell", "Ove Dröscher"});
    // who= narrows a step with roles: a secretary is not an adjuster.
    auto p = signing_protocol();
    p.signers[0].role = "Justerare";
    CHECK(signing_sequence({step(Who::Adjuster, {"justerare"}), step(Who::Any)}, p) ==
          Names{"Patrik Linde", "Sara Nordenhielm", "Kent Lagrell", "Ove Dröscher"});
}

TEST_CASE("signing order: signers no step selects sign after every step, as written") {
    auto l = base();
    l.signing_order = {step(Who::Adjuster, {"ordförande"})};
    CHECK(places(l, signing_protocol()) == std::vector<std::pair<std::string, int>>{
                                               {"Sara Nordenhielm", 1}, {"Kent Lagrell", 0}, {"Patrik Linde", 1},
                                               {"Ove Dröscher", 1}});
    CHECK(signing_sequence(l.signing_order) ==
          Names{"Kent Lagrell", "Sara Nordenhielm", "Patrik Linde", "Ove Dröscher"});
}

// ---- first page ----------------------------------------------------------------------

TEST_CASE("first page: without <first-page> it looks like the others") {
    auto doc = resolve::resolve(protocol(), base(), options());
    CHECK(doc.page.margin_top_first == doc.page.margin_top);
    REQUIRE(doc.page.first_header.size() == 2);
    CHECK(doc.page.first_header[0].runs[0].text == doc.page.header[0].runs[0].text);
    CHECK(doc.page.first_images.empty());
}

TEST_CASE("first page: its own margin, header and logo beside the layout file") {
    auto l = base();
    l.first_page = model::FirstPage{};
    l.first_page->margin_top = 120;
    l.first_page->has_header = true;
    l.first_page->header_lines = {"{organisation}"};
    model::Logo logo;
    logo.src = "images/gr-logo.png";
    logo.x = 70;
    logo.y = 34;
    logo.width = 136;
    logo.where = {k_root + "/layouts/gr-base.xml", 40, 5};
    l.first_page->logo = logo;
    model::TextStyle right;
    right.align = model::Align::Right;
    l.styles["first-header"] = right;
    auto doc = resolve::resolve(protocol(), l, options());
    CHECK(doc.page.margin_top_first == 120);
    REQUIRE(doc.page.first_header.size() == 1);
    CHECK(doc.page.first_header[0].runs[0].text == "Göteborgsregionens kommunalförbund");
    CHECK(doc.page.first_header[0].style.align == document::Align::Right);
    CHECK(doc.page.header.size() == 2);  // the running header is unchanged
    REQUIRE(doc.page.first_images.size() == 1);
    const auto& image = doc.page.first_images[0];
    CHECK(image.path == k_root + "/layouts/images/gr-logo.png");
    CHECK(image.width == Approx(136));
    CHECK(image.height == Approx(34));  // 600×150 px: a quarter of the width
    CHECK(image.x == Approx(70));
    CHECK(image.y == Approx(doc.page.height - 34 - 34));  // top edge 34 pt below the page's
    CHECK(doc.page.images.empty());

    l.first_page->has_header = false;
    l.first_page->logo->height = 50;
    doc = resolve::resolve(protocol(), l, options());
    CHECK(doc.page.first_header.empty());
    CHECK(doc.page.first_images[0].height == Approx(50));
}

TEST_CASE("first page: a missing logo or one that is no PNG is an error at <logo>") {
    auto l = base();
    l.first_page = model::FirstPage{};
    model::Logo logo;
    logo.src = "images/no-such-logo.png";
    logo.width = 100;
    logo.where = {k_root + "/layouts/gr-base.xml", 40, 5};
    l.first_page->logo = logo;
    CHECK_THAT(error_of(protocol(), l),
               Catch::Contains("gr-base.xml:40:5: error: logo \"images/no-such-logo.png\" not found: no file"));
    l.first_page->logo->src = "gr-base.xml";  // exists, but is no PNG
    CHECK_THAT(error_of(protocol(), l), Catch::Contains("gr-base.xml:40:5: error: logo \"gr-base.xml\" is not a PNG file"));
}

// ---- hyphenation ---------------------------------------------------------------------

TEST_CASE("hyphenation: the layout's settings and words, then people's names") {
    auto l = base();
    l.hyphenation.left_min = 3;
    l.hyphenation.max_consecutive = 1;
    l.hyphenation.enabled = true;
    l.hyphenation.exceptions = {"kompetens-försörjning", "Dröscher"};
    auto h = resolve::resolve(protocol(), l, options()).hyphenation;
    CHECK(h.enabled);
    CHECK(h.left_min == 3);
    CHECK(h.right_min == 3);  // not set: the engine's default
    CHECK(h.max_consecutive == 1);
    CHECK(h.exceptions == std::vector<std::string>{"kompetens-försörjning", "Dröscher", "Kent", "Lagrell", "Ove"});

    l.hyphenation.enabled = false;
    CHECK_FALSE(resolve::resolve(protocol(), l, options()).hyphenation.enabled);
}

TEST_CASE("merge: appeal instructions per language") {
    auto parent = base();
    model::Block sv, en, child_sv;
    sv.inlines.push_back({});
    sv.inlines[0].text = "förälderns";
    en.inlines.push_back({});
    en.inlines[0].text = "the parent's";
    child_sv.inlines.push_back({});
    child_sv.inlines[0].text = "barnets";
    parent.appeal = model::AppealDesign{{sv}, false, {}};
    parent.appeal_en = model::AppealDesign{{en}, false, {}};
    model::Layout child;
    child.appeal = model::AppealDesign{{child_sv}, true, {}};
    auto merged = resolve::merge_layouts(parent, child);
    REQUIRE(merged.appeal);
    CHECK(merged.appeal->content[0].inlines[0].text == "barnets");
    CHECK(merged.appeal->own_page);
    REQUIRE(merged.appeal_en);
    CHECK(merged.appeal_en->content[0].inlines[0].text == "the parent's");
}
