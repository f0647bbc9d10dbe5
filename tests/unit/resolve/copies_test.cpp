// The copies a secretary makes of a protocol: the extract (protokollsutdrag)
// and the public copy, resolved from the model (resolve::Options).
#include "public_copy.h"
#include "resolve/resolve.h"

#include <catch2/catch.hpp>

using namespace protokoll;
using document::SignatureRow;
using document::TextBlock;

namespace {

model::Inline text(const std::string& words, int confidential = 0, const std::string& grounds = {}) {
    model::Inline in;
    in.text = words;
    in.confidential = confidential;
    in.grounds = grounds;
    return in;
}

model::Section section(model::SectionKind kind, std::vector<model::Inline> inlines) {
    model::Section s;
    s.kind = kind;
    model::Block block;
    block.inlines = std::move(inlines);
    s.content.push_back(block);
    return s;
}

model::Layout layout() {
    model::Layout l;
    l.id = "test";
    l.where = {"layouts/test.xml", 1, 1};
    l.organisation = "Göteborgsregionens kommunalförbund";
    l.bodies.push_back({"sv", "Styrgruppen för social välfärd", {}});
    l.fonts = {"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
               "LiberationSans-BoldItalic.ttf", {"layouts/test.xml", 5, 3}};
    l.header_lines = {"{Kind} {date}"};
    l.footer = "Sida {page} av {pages}";
    l.labels = {{"title-protokoll", "protokoll"}, {"title-extract-protokoll", "protokollsutdrag"},
                {"present", "NÄRVARANDE"}, {"absent", "EJ NÄRVARANDE"}, {"paragraphs", "PARAGRAFER"},
                {"decision", "Beslut"}, {"summary", "Sammanfattning"}, {"discussion", "Diskussion"},
                {"minutes-protokoll", "Vid protokollet:"}, {"adjusters", "Justeras:"},
                {"extract-certified", "Rätt utdraget intygar:"},
                {"removed", "[Uppgift borttagen enligt {grounds}]"}, {"removed-grounds", "OSL 21 kap. 7 §"}};
    l.groups = {{"members", "Ledamöter", model::Attendance::Present, {}},
                {"secretary", "Sekreterare", model::Attendance::Present, {}}};
    model::Person kent;
    kent.id = "kent";
    kent.name = "Kent Lagrell";
    kent.role = "ordförande";
    l.roster = {kent};
    return l;
}

// § 31 Justerare, § 32 Individärende (confidential), § 33 Remiss (a
// confidential name, a confidential discussion and an identity number).
model::Protocol protocol() {
    model::Protocol p;
    p.path = "p.xml";
    p.where = {"p.xml", 2, 1};
    p.layout = "test";
    p.meeting.date = "2026-03-12";
    p.meeting.place = "Göteborg";
    p.meeting.first_number = 31;
    model::AttendanceGroup members;
    members.ref = "members";
    model::Person kent;
    kent.ref = "kent";
    members.people.push_back(kent);
    model::AttendanceGroup secretary;
    secretary.ref = "secretary";
    model::Person sara;
    sara.id = "sara";
    sara.name = "Sara Nordenhielm";
    secretary.people.push_back(sara);
    p.attendance = {members, secretary};

    model::Paragraph first;
    first.title = "Justerare";
    first.sections.push_back(section(model::SectionKind::Decision, {text("Kent Lagrell justerar.")}));
    model::Paragraph secret;
    secret.title = "Individärende";
    secret.confidential = true;
    secret.grounds = "OSL 26 kap. 1 §";
    secret.sections.push_back(section(model::SectionKind::Decision, {text("Hemligborg beviljas insatsen.")}));
    model::Paragraph mixed;
    mixed.title = "Remiss";
    mixed.sections.push_back(section(model::SectionKind::Decision,
                                     {text("Remissen från "), text("Hemligström ", 1, "OSL 26 kap. 1 §"),
                                      text("på Hemlighemmet", 1, "OSL 26 kap. 1 §"),
                                      text(" (811218-9876) tillstyrks.")}));
    model::Section discussion = section(model::SectionKind::Discussion, {text("Hemligdals ekonomi.")});
    discussion.confidential = true;
    mixed.sections.push_back(discussion);
    p.paragraphs = {first, secret, mixed};

    model::Signer sign_sara;
    sign_sara.kind = model::Signer::Kind::Secretary;
    sign_sara.ref = "sara";
    sign_sara.role = "Sekreterare";
    model::Signer sign_kent;
    sign_kent.ref = "kent";
    sign_kent.role = "Ordförande";
    p.signers = {sign_sara, sign_kent};
    return p;
}

resolve::Options options() {
    resolve::Options out;
    out.fonts_dir = std::string(PROTOKOLL_SOURCE_DIR) + "/fonts";
    return out;
}

std::string all_text(const document::Document& doc) {
    std::string out;
    for (const auto& item : doc.flow)
        if (auto block = std::get_if<TextBlock>(&item)) {
            for (const auto& run : block->runs) out += run.text;
            out += "\n";
        }
    return out;
}

std::vector<std::string> fields(const document::Document& doc) {
    std::vector<std::string> out;
    for (const auto& item : doc.flow)
        if (auto row = std::get_if<SignatureRow>(&item))
            for (const auto& slot : row->slots) out.push_back(slot.field_name);
    return out;
}

}  // namespace

TEST_CASE("identity numbers are found by pattern, dates and check digits included") {
    const std::string m = "[X]";
    using resolve::without_identity_numbers;
    CHECK(without_identity_numbers("Sökande 811218-9876 har hörts", m) == "Sökande [X] har hörts");
    CHECK(without_identity_numbers("19811218-9876, 640823+3234.", m) == "[X], [X].");
    CHECK(without_identity_numbers("(8112189876)", m) == "([X])");            // bare, check digit holds
    CHECK(without_identity_numbers("197108209870", m) == "[X]");              // twelve digits, check digit holds
    CHECK(without_identity_numbers("811218-6876", m) == "[X]");               // written out: no check digit needed
    CHECK(without_identity_numbers("samordningsnummer 811278-9876", m) == "samordningsnummer [X]");  // day + 60
    // Not identity numbers: a wrong check digit when bare, a month or day
    // no date has, organisation numbers, phone numbers, diarienummer, dates.
    CHECK(without_identity_numbers("8112189875", m) == "8112189875");
    CHECK(without_identity_numbers("556677-8899", m) == "556677-8899");
    CHECK(without_identity_numbers("811318-9876 811200-9876", m) == "811318-9876 811200-9876");
    CHECK(without_identity_numbers("031-335 50 00, 0701234567", m) == "031-335 50 00, 0701234567");
    CHECK(without_identity_numbers("GR 2026-00012, 2026-04-01", m) == "GR 2026-00012, 2026-04-01");
    CHECK(without_identity_numbers("1811218-98761", m) == "1811218-98761");  // longer runs of digits
}

TEST_CASE("a public copy keeps a confidential paragraph's title and marks what it leaves out") {
    resolve::Options public_copy = options();
    public_copy.public_copy = true;
    const document::Document full = resolve::resolve(protocol(), layout(), options());
    const document::Document copy = resolve::resolve(protocol(), layout(), public_copy);
    const std::string before = all_text(full), after = all_text(copy);
    for (const char* secret : {"Hemligborg", "Hemligström", "Hemlighemmet", "Hemligdal", "811218-9876"}) {
        CHECK(before.find(secret) != std::string::npos);
        CHECK(after.find(secret) == std::string::npos);
    }
    CHECK(after.find("Individärende") != std::string::npos);
    // One mark per confidential element, however many runs it has.
    CHECK(after.find("Remissen från [Uppgift borttagen enligt OSL 26 kap. 1 §] "
                     "([Uppgift borttagen enligt OSL 21 kap. 7 §]) tillstyrks.") != std::string::npos);
    CHECK(after.find("\n[Uppgift borttagen enligt OSL 26 kap. 1 §]\n") != std::string::npos);  // the paragraph's
    CHECK(after.find("Diskussion\n[Uppgift borttagen enligt OSL 21 kap. 7 §]\n") != std::string::npos);
    // Nor in the facts the XMP carries.
    for (const auto& paragraph : copy.metadata.facts.paragraphs)
        CHECK(paragraph.decision.find("Hemlig") == std::string::npos);
    CHECK(copy.metadata.facts.variant == "public");
    CHECK(full.metadata.facts.variant.empty());
    CHECK(fields(copy) == fields(full));  // signed like the protocol
}

TEST_CASE("an extract holds the paragraphs asked for and the secretary's certification alone") {
    resolve::Options extract = options();
    extract.extract = {33, 31};
    const document::Document doc = resolve::resolve(protocol(), layout(), extract);
    const std::string text = all_text(doc);
    CHECK(text.find("protokollsutdrag\n") == 0);
    CHECK(text.find("PARAGRAFER 31, 33\n") != std::string::npos);
    CHECK(text.find("§\u00a031. Justerare") < text.find("§\u00a033. Remiss"));  // in the protocol's order
    CHECK(text.find("Individärende") == std::string::npos);
    CHECK(text.find("Rätt utdraget intygar:") != std::string::npos);
    CHECK(text.find("Justeras:") == std::string::npos);
    CHECK(text.find("Vid protokollet:") == std::string::npos);
    CHECK(fields(doc) == std::vector<std::string>{"Sara Nordenhielm"});
    CHECK(doc.metadata.title == "Protokollsutdrag § 31, 33 2026-03-12 Styrgruppen för social välfärd");
    CHECK(doc.metadata.facts.variant == "extract");
    REQUIRE(doc.metadata.facts.paragraphs.size() == 2);
    CHECK(doc.metadata.facts.paragraphs[1].number == 33);
    REQUIRE(doc.metadata.facts.signers.size() == 1);
    CHECK(doc.metadata.facts.signers[0].kind == "secretary");

    extract.public_copy = true;
    const document::Document both = resolve::resolve(protocol(), layout(), extract);
    CHECK(all_text(both).find("Hemlig") == std::string::npos);
    CHECK(both.metadata.facts.variant == "public extract");
}

TEST_CASE("an extract of a paragraph the protocol does not have is an error that names what it has") {
    resolve::Options extract = options();
    extract.extract = {31, 40};
    try {
        resolve::resolve(protocol(), layout(), extract);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK_THAT(e.render(), Catch::Contains("p.xml:2:1: error: no § 40 in this protocol to extract: it has § 31–33"));
    }
}
