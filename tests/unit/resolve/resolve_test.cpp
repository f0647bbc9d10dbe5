#include "resolve/resolve.h"

#include <catch2/catch.hpp>

#include <map>

using namespace protokoll;
using document::SignatureRow;
using document::TextBlock;

namespace {

model::Person person(const std::string& id, const std::string& name, const std::string& role = "ledamot") {
    model::Person p;
    p.id = id;
    p.name = name;
    p.party = "M";
    p.municipality = "Öckerö";
    p.role = role;
    return p;
}

model::Layout layout() {
    model::Layout l;
    l.id = "test";
    l.where = {"layouts/test.xml", 1, 1};
    l.organisation = "Göteborgsregionens kommunalförbund";
    l.bodies.push_back({"sv", "Styrgruppen för social välfärd", {}});
    l.fonts = {"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
               "LiberationSans-BoldItalic.ttf", {"layouts/test.xml", 5, 3}};
    l.header_lines = {"{Kind} {date}{time}", "Plats: {place}"};
    l.footer = "Sida {page} av {pages}";
    l.labels = {{"title-protokoll", "protokoll"}, {"present", "NÄRVARANDE"}, {"absent", "EJ NÄRVARANDE"},
                {"paragraphs", "PARAGRAFER"}, {"decision", "Beslut"}, {"summary", "Sammanfattning"},
                {"minutes-protokoll", "Vid protokollet:"}, {"adjusters", "Justeras:"}, {"vacant", "Vakant"},
                {"time", ", kl {start}-{end}"}};
    l.groups = {{"members", "Ledamöter", model::Attendance::Present, {}}, {"absent-members", "Ledamöter", model::Attendance::Absent, {}}};
    l.roster = {person("kent", "Kent Lagrell", "ordförande"), person("ove", "Ove Dröscher")};
    return l;
}

model::Protocol protocol() {
    model::Protocol p;
    p.path = "p.xml";
    p.layout = "test";
    p.meeting.date = "2019-10-03";
    p.meeting.start = "9";
    p.meeting.end = "12";
    p.meeting.place = "Digitalt via Teams";
    p.meeting.first_number = 31;
    model::AttendanceGroup members;
    members.ref = "members";
    model::Person kent;
    kent.ref = "kent";
    members.people.push_back(kent);
    model::Person ove;
    ove.ref = "ove";
    ove.attended = "§ 32";
    members.people.push_back(ove);
    p.attendance.push_back(members);
    for (const char* title : {"Justerare", "Tema"}) {
        model::Paragraph paragraph;
        paragraph.title = title;
        model::Section decision;
        decision.kind = model::SectionKind::Decision;
        model::Block text;
        text.inlines.push_back({model::Inline::Kind::Text, "Informationen antecknas.", false, false, false, ""});
        decision.content.push_back(text);
        paragraph.sections.push_back(decision);
        p.paragraphs.push_back(paragraph);
    }
    model::Signer chair;
    chair.ref = "kent";
    chair.role = "Ordförande";
    chair.where = {"p.xml", 40, 5};
    p.signers.push_back(chair);
    model::Signer adjuster;
    adjuster.ref = "ove";
    adjuster.where = {"p.xml", 41, 5};
    p.signers.push_back(adjuster);
    return p;
}

resolve::Options options() {
    resolve::Options out;
    out.fonts_dir = std::string(PROTOKOLL_SOURCE_DIR) + "/fonts";
    return out;
}

std::vector<std::string> texts(const document::Document& doc) {
    std::vector<std::string> out;
    for (const auto& item : doc.flow) {
        if (auto block = std::get_if<TextBlock>(&item)) {
            std::string line;
            for (const auto& run : block->runs) line += run.text;
            out.push_back(line);
        }
    }
    return out;
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::string error_of(const model::Protocol& p, const model::Layout& l = layout()) {
    try {
        resolve::resolve(p, l, options());
    } catch (const Error& error) {
        return error.render();
    }
    return "no error";
}

}  // namespace

TEST_CASE("paragraphs are numbered on from the meeting's first number") {
    auto lines = texts(resolve::resolve(protocol(), layout(), options()));
    CHECK(contains(lines, "PARAGRAFER 31–32"));
    CHECK(contains(lines, "§\u00a031. Justerare"));
    CHECK(contains(lines, "§\u00a032. Tema"));
}

TEST_CASE("an explicit number that goes backwards is an error at the paragraph") {
    auto p = protocol();
    p.paragraphs[1].number = 30;
    p.paragraphs[1].where = {"p.xml", 20, 5};
    CHECK_THAT(error_of(p), Catch::Contains("p.xml:20:5: error: paragraph number 30 goes backwards"));
}

TEST_CASE("attendance lines carry party, municipality, role and partial attendance") {
    auto lines = texts(resolve::resolve(protocol(), layout(), options()));
    CHECK(contains(lines, "NÄRVARANDE"));
    CHECK(contains(lines, "Kent Lagrell (M), Öckerö, ordförande"));
    CHECK(contains(lines, "Ove Dröscher (M), Öckerö, ledamot, § 32"));
    CHECK_FALSE(contains(lines, "EJ NÄRVARANDE"));
}

TEST_CASE("absent people, reasons and vacant seats") {
    auto p = protocol();
    model::AttendanceGroup absent;
    absent.ref = "absent-members";
    model::Person vacant;
    vacant.vacant = true;
    vacant.municipality = "Lilla Edet";
    absent.people.push_back(vacant);
    auto declined = person("mr", "Mariette Risberg");
    declined.reason = "avböjt";
    absent.people.push_back(declined);
    p.attendance.push_back(absent);
    auto lines = texts(resolve::resolve(p, layout(), options()));
    CHECK(contains(lines, "EJ NÄRVARANDE"));
    CHECK(contains(lines, "Vakant, Lilla Edet"));
    CHECK(contains(lines, "Mariette Risberg (M), Öckerö, ledamot (avböjt)"));
}

TEST_CASE("signers become signature slots named after the person") {
    auto doc = resolve::resolve(protocol(), layout(), options());
    std::vector<std::string> fields, roles;
    for (const auto& item : doc.flow)
        if (auto row = std::get_if<SignatureRow>(&item))
            for (const auto& slot : row->slots) {
                fields.push_back(slot.field_name);
                roles.push_back(slot.role);
            }
    CHECK(fields == std::vector<std::string>{"Kent Lagrell", "Ove Dröscher"});
    CHECK(roles == std::vector<std::string>{"Ordförande", "Ledamot"});  // role defaults to the person's, capitalised
    CHECK(contains(texts(doc), "Justeras:"));
}

TEST_CASE("a signer who is not in the attendance is an error at the signer") {
    auto p = protocol();
    p.signers[1].ref = "nobody";
    CHECK_THAT(error_of(p), Catch::Contains("p.xml:41:5: error: signer \"nobody\" is not in the attendance"));
}

TEST_CASE("a signer listed as absent cannot sign") {
    auto p = protocol();
    p.attendance[0].people.pop_back();
    model::AttendanceGroup absent;
    absent.ref = "absent-members";
    model::Person ove;
    ove.ref = "ove";
    absent.people.push_back(ove);
    p.attendance.push_back(absent);
    CHECK_THAT(error_of(p), Catch::Contains("signer \"ove\" is listed as absent"));
}

TEST_CASE("unknown roster ids, groups and labels are errors that say where") {
    auto p = protocol();
    p.attendance[0].people[0].ref = "kent-lagrel";
    p.attendance[0].people[0].where = {"p.xml", 9, 7};
    CHECK_THAT(error_of(p), Catch::Contains("p.xml:9:7: error: no person \"kent-lagrel\" in the layout's roster"));

    auto q = protocol();
    q.attendance[0].ref = "guests";
    CHECK_THAT(error_of(q), Catch::Contains("unknown attendance group \"guests\""));

    auto l = layout();
    l.labels.erase("decision");
    CHECK_THAT(error_of(protocol(), l), Catch::Contains("layouts/test.xml:1:1: error: layout \"test\" has no label \"decision\""));
}

TEST_CASE("fonts must be pinned in the manifest") {
    auto l = layout();
    l.fonts.bold = "Comic.ttf";
    CHECK_THAT(error_of(protocol(), l),
               Catch::Contains("layouts/test.xml:5:3: error: font \"Comic.ttf\" is not pinned"));
    auto doc = resolve::resolve(protocol(), layout(), options());
    CHECK(doc.fonts.path[0] == "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf");
}

TEST_CASE("the running header is filled from the meeting") {
    auto doc = resolve::resolve(protocol(), layout(), options());
    REQUIRE(doc.page.header.size() == 2);
    CHECK(doc.page.header[0].runs[0].text == "Protokoll 2019-10-03, kl 9-12");
    CHECK(doc.page.header[1].runs[0].text == "Plats: Digitalt via Teams");
    CHECK(doc.page.footer.runs[0].text == "Sida {page} av {pages}");
    CHECK(doc.metadata.title == "Protokoll 2019-10-03 Styrgruppen för social välfärd");
}

TEST_CASE("lists hang their markers and nest") {
    auto p = protocol();
    model::Block list;
    list.kind = model::Block::Kind::BulletList;
    for (const char* text : {"ett", "två"}) {
        model::ListItem item;
        model::Block para;
        para.inlines.push_back({model::Inline::Kind::Text, text, true, false, false, ""});
        item.blocks.push_back(para);
        list.items.push_back(item);
    }
    model::Block nested;
    nested.kind = model::Block::Kind::NumberedList;
    nested.items.push_back(list.items[0]);
    list.items[1].blocks.push_back(nested);
    p.paragraphs[0].sections[0].content.push_back(list);
    auto doc = resolve::resolve(p, layout(), options());
    std::vector<std::pair<std::string, double>> markers;
    for (const auto& item : doc.flow)
        if (auto block = std::get_if<TextBlock>(&item); block && !block->marker.empty())
            markers.push_back({block->marker, block->indent});
    REQUIRE(markers.size() == 3);
    CHECK(markers[0].first == "•");
    CHECK(markers[2].first == "a)");
    CHECK(markers[2].second > markers[0].second);
}

TEST_CASE("a paragraph that introduces a list keeps with it, and the list ends with a paragraph space") {
    auto p = protocol();
    auto paragraph = [](const char* text) {
        model::Block para;
        para.inlines.push_back({model::Inline::Kind::Text, text, true, false, false, ""});
        return para;
    };
    model::Block list;
    list.kind = model::Block::Kind::BulletList;
    for (const char* text : {"ett", "två"}) {
        model::ListItem item;
        item.blocks.push_back(paragraph(text));
        list.items.push_back(item);
    }
    auto& content = p.paragraphs[0].sections[0].content;
    content = {paragraph("Styrgruppen beslutar att:"), list, paragraph("Efter listan."), paragraph("Sist.")};
    auto l = layout();
    l.styles["body"].space_after = 6;
    l.styles["list"].space_after = 3;
    auto doc = resolve::resolve(p, l, options());
    std::map<std::string, const TextBlock*> by_text;
    for (const auto& item : doc.flow)
        if (auto block = std::get_if<TextBlock>(&item); block && block->runs.size() == 1)
            by_text[block->runs[0].text] = block;
    REQUIRE(by_text.count("Styrgruppen beslutar att:"));
    REQUIRE(by_text.count("ett"));
    REQUIRE(by_text.count("två"));
    REQUIRE(by_text.count("Efter listan."));
    CHECK(by_text["Styrgruppen beslutar att:"]->keep_with_next);
    CHECK_FALSE(by_text["Efter listan."]->keep_with_next);  // a paragraph before a paragraph
    CHECK(by_text["ett"]->style.space_after == 3);          // between items: the list's spacing
    CHECK(by_text["två"]->style.space_after == 6);          // after the list: the paragraph's
}

TEST_CASE("network notes: numbered points and 'Vid anteckningarna'") {
    auto l = layout();
    l.labels["title-anteckningar"] = "Anteckningar";
    l.labels["points"] = "PUNKTER";
    l.labels["minutes-anteckningar"] = "Vid anteckningarna:";
    auto p = protocol();
    p.kind = model::DocumentKind::Notes;
    p.meeting.first_number = 1;
    p.signers[0].kind = model::Signer::Kind::Secretary;
    auto lines = texts(resolve::resolve(p, l, options()));
    CHECK(contains(lines, "Anteckningar"));
    CHECK(contains(lines, "PUNKTER 1–2"));
    CHECK(contains(lines, "1. Justerare"));
    CHECK(contains(lines, "Vid anteckningarna:"));
}

TEST_CASE("a joint meeting: a decision and an adjuster per body") {
    auto l = layout();
    l.bodies.push_back({"am", "Styrgruppen för arbetsmarknad", {}});
    auto p = protocol();
    auto& sections = p.paragraphs[0].sections;
    sections[0].body = "sv";
    sections.push_back(sections[0]);
    sections[1].body = "am";
    p.signers[1].body = "am";
    auto doc = resolve::resolve(p, l, options());
    auto lines = texts(doc);
    CHECK(contains(lines, "Styrgruppen för social välfärd och Styrgruppen för arbetsmarknad"));
    CHECK(contains(lines, "Beslut – Styrgruppen för social välfärd"));
    CHECK(contains(lines, "Beslut – Styrgruppen för arbetsmarknad"));
    std::vector<std::string> roles;
    for (const auto& item : doc.flow)
        if (auto row = std::get_if<SignatureRow>(&item))
            for (const auto& slot : row->slots) roles.push_back(slot.role);
    CHECK(roles.back() == "Ledamot, Styrgruppen för arbetsmarknad");

    p.signers[1].body = "ao";
    CHECK_THAT(error_of(p, l), Catch::Contains("body \"ao\" does not meet here"));
}

TEST_CASE("basis documents list title, date and diarienummer") {
    auto p = protocol();
    model::Section basis;
    basis.kind = model::SectionKind::Basis;
    basis.documents.push_back({"Tjänsteskrivelse", "2021-01-10", "GR 2021-00012", {}});
    p.paragraphs[0].sections.push_back(basis);
    auto l = layout();
    l.labels["basis"] = "Beslutsunderlag";
    auto lines = texts(resolve::resolve(p, l, options()));
    CHECK(contains(lines, "Beslutsunderlag"));
    CHECK(contains(lines, "Tjänsteskrivelse, 2021-01-10, dnr\u00a0GR 2021-00012"));
}

// The secretary Sara and the adjusters Kent and Ove (the protocol above), Sara written last.
model::Protocol protocol_with_secretary() {
    auto p = protocol();
    model::AttendanceGroup members;
    members.ref = "members";
    model::Person sara;
    sara.id = "sara";
    sara.name = "Sara Nordenhielm";
    members.people.push_back(sara);
    p.attendance.push_back(members);
    model::Signer keeper;
    keeper.kind = model::Signer::Kind::Secretary;
    keeper.ref = "sara";
    keeper.role = "Beredningsansvarig";
    p.signers.push_back(keeper);
    return p;
}

TEST_CASE("signing order: the secretary first, the chair last (gr-base's order)") {
    using Who = model::SigningStep::Who;
    auto l = layout();
    l.signing_order = {{Who::Secretary, {}, {}}, {Who::Adjuster, {}, {}}, {Who::Adjuster, {"ordförande", "chair"}, {}}};
    const auto p = protocol_with_secretary();
    std::map<std::string, int> order;
    for (const auto& item : resolve::resolve(p, l, options()).flow)
        if (auto row = std::get_if<SignatureRow>(&item))
            for (const auto& slot : row->slots) order[slot.field_name] = slot.signing_order;
    CHECK(order.at("Sara Nordenhielm") < order.at("Ove Dröscher"));
    CHECK(order.at("Ove Dröscher") < order.at("Kent Lagrell"));  // Kent is the chair
}

TEST_CASE("signing words and zone: the layout's labels per signer kind and its time zone, or none stored and UTC") {
    auto l = layout();
    l.labels["signed-by-secretary"] = "Signerat digitalt av {name}";
    l.labels["signed-by-adjuster"] = "Justerat digitalt av {name}";
    l.labels["signature-certificate"] = "Certifikat nr {serial}";
    l.labels["document-timestamp"] = "Dokumenttidsstämpel";
    l.time_zone = "Europe/Stockholm";
    const document::Document doc = resolve::resolve(protocol_with_secretary(), l, options());
    std::map<std::string, std::string> words;
    for (const auto& item : doc.flow)
        if (auto row = std::get_if<SignatureRow>(&item))
            for (const auto& slot : row->slots) words[slot.field_name] = slot.signed_words;
    CHECK(words.at("Sara Nordenhielm") == "Signerat digitalt av {name}");
    CHECK(words.at("Kent Lagrell") == "Justerat digitalt av {name}");
    CHECK(words.at("Ove Dröscher") == "Justerat digitalt av {name}");
    CHECK(doc.signing.time_zone == "Europe/Stockholm");
    CHECK(doc.signing.certificate_words == "Certifikat nr {serial}");
    CHECK(doc.signing.document_timestamp == "Dokumenttidsstämpel");

    const document::Document plain = resolve::resolve(protocol_with_secretary(), layout(), options());
    CHECK(plain.signing.time_zone == "UTC");
    CHECK(plain.signing.certificate_words.empty());
    CHECK(plain.signing.document_timestamp.empty());
    for (const auto& item : plain.flow)
        if (auto row = std::get_if<SignatureRow>(&item))
            for (const auto& slot : row->slots) CHECK(slot.signed_words.empty());
}

TEST_CASE("signing zone: a zone the tz database lacks is an error at the layout's <time-zone>") {
    auto l = layout();
    l.time_zone = "Europe/Atlantis";
    l.time_zone_where = {"layouts/test.xml", 30, 3};
    CHECK_THAT(error_of(protocol(), l), Catch::Contains("layouts/test.xml:30:3: error: time zone \"Europe/Atlantis\": no such zone"));
}

TEST_CASE("words in another language become a Span (or give their Link) that language, never hyphenated") {
    auto p = protocol();
    model::Block& text = p.paragraphs[0].sections[0].content.at(0);
    text.inlines = {{model::Inline::Kind::Text, "Enligt ", false, false, false, ""},
                    {model::Inline::Kind::Text, "Housing First", false, false, false, "", "en"},
                    {model::Inline::Kind::Text, " och ", false, false, false, ""},
                    {model::Inline::Kind::Text, "the Handbook", false, false, true, "https://example.org", "en-GB"},
                    {model::Inline::Kind::Text, " på ", false, false, false, ""},
                    {model::Inline::Kind::Text, "svenska", false, false, false, "", "sv-FI"}};
    const auto doc = resolve::resolve(p, layout(), options());
    const TextBlock* block = nullptr;
    for (const auto& item : doc.flow)
        if (auto b = std::get_if<TextBlock>(&item); b && b->runs.size() == 6) block = b;
    REQUIRE(block);
    const auto& elements = doc.structure.elements;
    const auto& runs = block->runs;
    CHECK(runs[0].element == document::ARTIFACT);  // the P's own
    REQUIRE(runs[1].element > 0);
    CHECK(elements[runs[1].element].role == document::Role::Span);
    CHECK(elements[runs[1].element].lang == "en");
    CHECK(elements[runs[1].element].parent == block->element);
    CHECK_FALSE(runs[1].hyphenate);
    REQUIRE(runs[3].element > 0);
    CHECK(elements[runs[3].element].role == document::Role::Link);
    CHECK(elements[runs[3].element].lang == "en-GB");
    // Swedish in a Swedish protocol (any region) is the protocol's language.
    CHECK(runs[5].element == document::ARTIFACT);
    CHECK(runs[5].hyphenate);
    CHECK(runs[5].lang.empty());
}

#include "fonts.h"

#include "base/files.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sys/stat.h>

namespace {

std::string temporary_directory() {
    std::string pattern = "/tmp/protokoll-fonts-XXXXXX";
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    return pattern;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// A manifest pinning one file under all four faces' names.
model::FontFiles one_file_fonts(const std::string& dir, const std::string& file, const std::string& sha256) {
    write_text(dir + "/manifest.txt", "R.ttf " + sha256 + " " + file + "\nB.ttf " + sha256 + " " + file +
                                          "\nI.ttf " + sha256 + " " + file + "\nBI.ttf " + sha256 + " " + file + "\n");
    return {"R.ttf", "B.ttf", "I.ttf", "BI.ttf", {"layouts/test.xml", 5, 3}};
}

}  // namespace

TEST_CASE("fonts: a checksum is remembered for the unchanged file, and a changed file is hashed again") {
    const std::string dir = temporary_directory(), cache = dir + "/verified-fonts";
    const std::string original = read_file("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf");
    const std::string font = dir + "/font.ttf", other = dir + "/other.ttf";
    write_text(font, original);
    const std::string pinned = sha256_hex(original);
    const model::FontFiles fonts = one_file_fonts(dir, font, pinned);

    CHECK(resolve::find_fonts(fonts, dir, cache).path[0] == font);
    const std::string remembered = read_file(cache);
    CHECK(remembered.rfind(pinned + " ", 0) == 0);  // one line: checksum, identity, path
    CHECK(remembered.size() > font.size());
    CHECK(remembered.compare(remembered.size() - font.size() - 1, std::string::npos, font + "\n") == 0);

    SECTION("a changed file is hashed again and refused, whatever the cache says") {
        write_text(font + ".new", original + "x");
        REQUIRE(std::rename((font + ".new").c_str(), font.c_str()) == 0);
        CHECK_THROWS_WITH(resolve::find_fonts(fonts, dir, cache),
                          Catch::Contains("font file " + font + " differs from the version pinned"));
    }
    SECTION("the cache is consulted before hashing, for the identity it records only") {
        write_text(other, original + "x");  // not the pinned bytes
        const model::FontFiles forged = one_file_fonts(dir, other, pinned);
        struct stat info {};
        REQUIRE(stat(other.c_str(), &info) == 0);
        const std::string identity = std::to_string(info.st_dev) + " " + std::to_string(info.st_ino) + " " +
                                     std::to_string(info.st_size) + " " + std::to_string(info.st_mtim.tv_sec) + "." +
                                     std::to_string(info.st_mtim.tv_nsec) + " " + std::to_string(info.st_ctim.tv_sec) +
                                     "." + std::to_string(info.st_ctim.tv_nsec);
        const std::string forged_cache = dir + "/forged";
        write_text(forged_cache, pinned + " " + identity + " " + other + "\n");
        CHECK(resolve::find_fonts(forged, dir, forged_cache).path[0] == other);  // trusted, not hashed
        // Replaced as a package manager does (a new file renamed over it): a new identity.
        write_text(other + ".new", original + "x");
        REQUIRE(std::rename((other + ".new").c_str(), other.c_str()) == 0);
        CHECK_THROWS_WITH(resolve::find_fonts(forged, dir, forged_cache), Catch::Contains("differs from the version pinned"));
    }
    std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("word list: its order is checked once per unchanged file and remembered beside the font checksums") {
    const std::string dir = temporary_directory(), cache = dir + "/verified-fonts";
    const std::string list = dir + "/words", crlf = dir + "/crlf", unsorted = dir + "/unsorted";
    write_text(list, "Göteborg\nabc\nabc\nabd\nkommun\n");  // bytewise: capitals first; duplicates allowed
    write_text(crlf, "abc\r\nabd\r\n");
    write_text(unsorted, "abd\nabc\n");
    CHECK(resolve::sorted_bytewise(list, cache));
    CHECK(resolve::sorted_bytewise(crlf));
    CHECK_FALSE(resolve::sorted_bytewise(unsorted, cache));
    CHECK_FALSE(resolve::sorted_bytewise(dir + "/missing", cache));
    write_text(dir + "/empty-line", "abc\n\nabd\n");
    CHECK_FALSE(resolve::sorted_bytewise(dir + "/empty-line"));
    const std::string remembered = read_file(cache);
    CHECK(remembered.rfind("sorted-bytewise ", 0) == 0);  // only what holds is remembered
    CHECK(remembered.find(unsorted) == std::string::npos);
    CHECK(remembered.compare(remembered.size() - list.size() - 1, std::string::npos, list + "\n") == 0);
    // Replaced by an unsorted file (a new identity): checked again, whatever the cache says.
    write_text(list + ".new", "b\na\n");
    REQUIRE(std::rename((list + ".new").c_str(), list.c_str()) == 0);
    CHECK_FALSE(resolve::sorted_bytewise(list, cache));
    std::system(("rm -rf " + dir).c_str());
}
