// The documents a secretary makes besides the protocol: the extract
// (protokollsutdrag), the public copy and the posting notice, resolved from
// the model (resolve::Options); and what the law asks a protocol to show of
// how a decision was reached: votes, reservations, notes, jäv, expediering.
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
                {"decision", "Beslut"}, {"summary", "Sammanfattning"}, {"discussion", "Diskussion"}, {"basis", "Beslutsunderlag"},
                {"minutes-protokoll", "Vid protokollet:"}, {"adjusters", "Justeras:"},
                {"extract-certified", "Rätt utdraget intygar:"},
                {"removed", "[Uppgift borttagen enligt {grounds}]"}, {"removed-grounds", "OSL 21 kap. 7 §"},
                {"title-notice", "anslagsbevis"}, {"notice-heading", "ANSLAGSBEVIS"}, {"notice-text", "Anslaget."},
                {"notice-body", "Organ"}, {"notice-meeting-date", "Sammanträdesdatum"},
                {"notice-paragraphs", "Paragrafer"}, {"notice-adjusted", "Justerat"}, {"notice-posted", "Uppsatt"},
                {"notice-appeal-until", "Sista dag för överklagande"}, {"notice-taken-down", "Nedtas"},
                {"notice-kept", "Förvaras"}, {"notice-signature", "Underskrift:"}, {"notice-appeal-rule", "Tre veckor."},
                {"vote", "Omröstning"}, {"vote-proposal", "{name} yrkar {text}."},
                {"vote-order", "Ja för {yes}, nej för {no}."}, {"vote-yes", "Ja"}, {"vote-no", "Nej"},
                {"vote-abstain", "Avstår"}, {"vote-result", "{yes} ja, {no} nej, {abstain} avstår: {result}."},
                {"vote-casting", "Utslagsröst."}, {"reservation", "Reservation"},
                {"reservation-by", "{name} reserverar sig."}, {"note", "Protokollsanteckning"},
                {"note-by", "{name} antecknar:"}, {"distribution", "Expedieras till"},
                {"recusal", "{name} anmäler jäv."}, {"recused-in", "jäv {paragraphs}"}};
    l.notice = model::NoticeDesign{"GR, Gårdavägen 2", false, {"layouts/test.xml", 9, 3}};
    l.groups = {{"members", "Ledamöter", model::Attendance::Present, {}},
                {"secretary", "Sekreterare", model::Attendance::Present, {}}};
    model::Person kent;
    kent.id = "kent";
    kent.name = "Kent Lagrell";
    kent.role = "ordförande";
    kent.party = "M";
    model::Person ove = kent;
    ove.id = "ove";
    ove.name = "Ove Dröscher";
    ove.party = "S";
    ove.role = "ledamot";
    model::Person eva = ove;
    eva.id = "eva";
    eva.name = "Eva Andersson";
    eva.party = "C";
    l.roster = {kent, ove, eva};
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
    for (const char* id : {"kent", "ove", "eva"}) {
        model::Person member;
        member.ref = id;
        members.people.push_back(member);
    }
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

namespace {

// The notice's text for a protocol posted on `posted` (adjusted the day before).
std::string notice_text(const std::string& adjusted, const std::string& posted) {
    resolve::Options notice = options();
    notice.notice = true;
    notice.adjusted = adjusted;
    notice.posted = posted;
    return all_text(resolve::resolve(protocol(), layout(), notice));
}

std::string notice_error(const model::Protocol& p, const model::Layout& l, resolve::Options o) {
    o.notice = true;
    try {
        resolve::resolve(p, l, o);
    } catch (const Error& e) {
        return e.render();
    }
    return "no error";
}

}  // namespace

TEST_CASE("the posting notice: three weeks of appeal from the posting, past weekends and holidays") {
    const std::string text = notice_text("2026-03-13", "2026-03-16");
    CHECK(text.find("anslagsbevis\n") == 0);
    for (const char* line : {"Organ: Styrgruppen för social välfärd\n", "Sammanträdesdatum: 2026-03-12\n",
                             "Paragrafer: § 31–33\n", "Justerat: 2026-03-13\n", "Uppsatt: 2026-03-16\n",
                             "Sista dag för överklagande: 2026-04-07\n",  // 04-06 is annandag påsk
                             "Nedtas: 2026-04-08\n", "Förvaras: GR, Gårdavägen 2\n", "Underskrift:\n"})
        CHECK(text.find(line) != std::string::npos);
    CHECK(text.find("§\u00a031.") == std::string::npos);  // no paragraphs, no attendance
    CHECK(text.find("NÄRVARANDE") == std::string::npos);
    // A Monday three weeks on; julafton to Sunday; långfredag; Kristi
    // himmelsfärd; midsommarafton (lag 1930:173, 2 §).
    CHECK(notice_text("2026-03-13", "2026-03-23").find("Sista dag för överklagande: 2026-04-13\n") != std::string::npos);
    CHECK(notice_text("2026-03-13", "2026-12-03").find("Sista dag för överklagande: 2026-12-28\n") != std::string::npos);
    CHECK(notice_text("2026-03-13", "2026-03-13").find("Sista dag för överklagande: 2026-04-07\n") != std::string::npos);
    CHECK(notice_text("2026-03-13", "2026-04-23").find("Sista dag för överklagande: 2026-05-15\n") != std::string::npos);
    CHECK(notice_text("2026-03-13", "2026-05-29").find("Sista dag för överklagande: 2026-06-22\n") != std::string::npos);
    CHECK(notice_text("2026-03-13", "2026-12-10").find("Sista dag för överklagande: 2026-12-31\n") == std::string::npos);
    CHECK(notice_text("2026-03-13", "2026-12-10").find("Sista dag för överklagande: 2027-01-04\n") != std::string::npos);

    resolve::Options notice = options();
    notice.notice = true;
    notice.adjusted = "2026-03-13";
    notice.posted = "2026-03-16";
    const document::Document doc = resolve::resolve(protocol(), layout(), notice);
    CHECK(fields(doc) == std::vector<std::string>{"Sara Nordenhielm"});
    CHECK(doc.metadata.facts.variant == "notice");
    CHECK(doc.metadata.title == "Anslagsbevis 2026-03-12 Styrgruppen för social välfärd");
}

TEST_CASE("the posting notice's dates come from the protocol, and bad ones are errors") {
    model::Protocol p = protocol();
    p.notice = model::Notice{"2026-03-13", "2026-03-16", {"p.xml", 50, 3}};
    CHECK(notice_error(p, layout(), options()) == "no error");
    // In the protocol, after the signatures, when the layout asks for it and the dates are known.
    model::Layout in_protocol = layout();
    in_protocol.notice->in_protocol = true;
    const std::string text = all_text(resolve::resolve(p, in_protocol, options()));
    CHECK(text.find("ANSLAGSBEVIS\n") > text.find("Justeras:"));
    CHECK(text.find("Sista dag för överklagande: 2026-04-07\n") != std::string::npos);
    CHECK(all_text(resolve::resolve(protocol(), in_protocol, options())).find("ANSLAGSBEVIS") == std::string::npos);
    CHECK(all_text(resolve::resolve(p, layout(), options())).find("ANSLAGSBEVIS") == std::string::npos);

    CHECK_THAT(notice_error(protocol(), layout(), options()),
               Catch::Contains("p.xml:2:1: error: the posting notice needs the date the protocol was adjusted"));
    p.notice->posted = "2026-03-12";
    CHECK_THAT(notice_error(p, layout(), options()),
               Catch::Contains("p.xml:50:3: error: the notice is posted (2026-03-12) before the protocol is adjusted (2026-03-13)"));
    p.notice->adjusted = "2026-03-11";
    CHECK_THAT(notice_error(p, layout(), options()),
               Catch::Contains("error: the protocol is adjusted (2026-03-11) before the meeting (2026-03-12)"));
    resolve::Options bad = options();
    bad.posted = "2026-02-30";
    CHECK_THAT(notice_error(p, layout(), bad), Catch::Contains("the posted date \"2026-02-30\" is not a date YYYY-MM-DD"));
    model::Layout none = layout();
    none.notice.reset();
    CHECK_THAT(notice_error(p, none, options()), Catch::Contains("layouts/test.xml:1:1: error: layout \"test\" has no <notice>"));
}

namespace {

// § 31 with a vote: a (Kent) against b (Ove), casts as given; Eva recused
// when `recused`.
model::Protocol with_vote(std::vector<std::pair<std::string, model::Cast::Choice>> casts, const std::string& result = {}) {
    model::Protocol p = protocol();
    model::Section vote;
    vote.kind = model::SectionKind::Vote;
    vote.where = {"p.xml", 30, 7};
    vote.vote.proposals = {{"a", "kent", "bifall", {"p.xml", 31, 9}}, {"b", "ove", "avslag", {"p.xml", 32, 9}}};
    vote.vote.yes = "a";
    vote.vote.no = "b";
    vote.vote.result = result;
    int line = 33;
    for (const auto& [ref, choice] : casts) vote.vote.casts.push_back({ref, choice, {"p.xml", line++, 9}});
    p.paragraphs[0].sections.push_back(vote);
    return p;
}

std::string resolve_error(const model::Protocol& p) {
    try {
        resolve::resolve(p, layout(), options());
    } catch (const Error& e) {
        return e.render();
    }
    return "no error";
}

using Choice = model::Cast::Choice;

}  // namespace

TEST_CASE("a vote by name: the proposals, the order of propositions, who voted how, the count and the result") {
    const std::string text = all_text(resolve::resolve(
        with_vote({{"kent", Choice::Yes}, {"ove", Choice::No}, {"eva", Choice::Yes}}), layout(), options()));
    CHECK(text.find("Omröstning\nKent Lagrell (M) yrkar bifall.\nOve Dröscher (S) yrkar avslag.\nJa för a, nej för b.\n"
                    "Ja (2): Kent Lagrell (M), Eva Andersson (C)\nNej (1): Ove Dröscher (S)\n"
                    "2 ja, 1 nej, 0 avstår: a.\n") != std::string::npos);
    // A tie: the result the chair's casting vote gives, said so.
    const std::string tie = all_text(resolve::resolve(
        with_vote({{"kent", Choice::Yes}, {"ove", Choice::No}, {"eva", Choice::Abstain}}, "a"), layout(), options()));
    CHECK(tie.find("Avstår (1): Eva Andersson (C)\n1 ja, 1 nej, 1 avstår: a. Utslagsröst.\n") != std::string::npos);
}

TEST_CASE("a vote that cannot be is an error at the vote or the cast") {
    CHECK_THAT(resolve_error(with_vote({{"kent", Choice::Yes}, {"ove", Choice::No}})),
               Catch::Contains("p.xml:30:7: error: the vote ties 1–1: say which proposal won"));
    CHECK_THAT(resolve_error(with_vote({{"kent", Choice::Yes}, {"eva", Choice::Yes}, {"ove", Choice::No}}, "b")),
               Catch::Contains("p.xml:30:7: error: result=\"b\" is not what the votes give: 2 ja, 1 nej make proposal a the winner"));
    CHECK_THAT(resolve_error(with_vote({{"kent", Choice::Yes}, {"kent", Choice::No}})),
               Catch::Contains("p.xml:34:9: error: \"kent\" votes twice"));
    CHECK_THAT(resolve_error(with_vote({{"kent", Choice::Yes}, {"nobody", Choice::No}})),
               Catch::Contains("p.xml:34:9: error: \"nobody\" is not in the attendance"));
    model::Protocol recused = with_vote({{"kent", Choice::Yes}, {"eva", Choice::No}, {"ove", Choice::No}});
    recused.paragraphs[0].recusals.push_back({"eva", {"p.xml", 29, 7}});
    CHECK_THAT(resolve_error(recused),
               Catch::Contains("p.xml:34:9: error: \"eva\" is recused from this paragraph and cannot vote"));
}

TEST_CASE("jäv in the paragraph and in the attendance - reservations, notes and who receives the decision") {
    model::Protocol p = protocol();
    p.paragraphs[2].recusals.push_back({"eva", {"p.xml", 29, 7}});
    model::Section reservation = section(model::SectionKind::Reservation, {text("Eget yrkande.")});
    reservation.person = "ove";
    model::Section bare = section(model::SectionKind::Reservation, {});
    bare.content.clear();
    bare.person = "kent";
    model::Section note = section(model::SectionKind::Note, {text("Utvärdera efter ett år.")});
    note.person = "eva";
    model::Section distribution;
    distribution.kind = model::SectionKind::Distribution;
    distribution.recipients = {"FoU i Väst", "Kommunstyrelsen"};
    p.paragraphs[0].sections.insert(p.paragraphs[0].sections.end(), {reservation, bare, note, distribution});
    const std::string text = all_text(resolve::resolve(p, layout(), options()));
    CHECK(text.find("Eva Andersson (C), ledamot, jäv § 33\n") != std::string::npos);
    CHECK(text.find("§\u00a033. Remiss\nEva Andersson (C) anmäler jäv.\n") != std::string::npos);
    CHECK(text.find("Reservation\nOve Dröscher (S) reserverar sig.\nEget yrkande.\n"
                    "Reservation\nKent Lagrell (M) reserverar sig.\n"
                    "Protokollsanteckning\nEva Andersson (C) antecknar:\nUtvärdera efter ett år.\n"
                    "Expedieras till\nFoU i Väst\nKommunstyrelsen\n") != std::string::npos);

    model::Protocol twice = p;
    twice.paragraphs[2].recusals.push_back({"eva", {"p.xml", 30, 7}});
    CHECK_THAT(resolve_error(twice), Catch::Contains("p.xml:30:7: error: \"eva\" is recused twice here"));
    model::Protocol reserving = p;
    reserving.paragraphs[0].recusals.push_back({"ove", {"p.xml", 28, 7}});
    CHECK_THAT(resolve_error(reserving), Catch::Contains("\"ove\" is recused from this paragraph and cannot reserve against the decision"));

    // A public copy of a confidential vote keeps its heading, not who voted how.
    model::Protocol secret = with_vote({{"kent", Choice::Yes}, {"ove", Choice::No}, {"eva", Choice::Yes}});
    secret.paragraphs[0].sections.back().confidential = true;
    resolve::Options public_copy = options();
    public_copy.public_copy = true;
    const std::string copy = all_text(resolve::resolve(secret, layout(), public_copy));
    CHECK(copy.find("Omröstning\n[Uppgift borttagen enligt OSL 21 kap. 7 §]\n") != std::string::npos);
    CHECK(copy.find("yrkar") == std::string::npos);
}

TEST_CASE("a document's own words over the layout's: title word, group heading, no overview, no subtitle, basis labels") {
    model::Protocol p = protocol();
    p.labels = {{"title-protokoll", "Anteckningar"}, {"group-members", "Närvarande från nätverket"},
                {"paragraphs", ""}, {"subtitle", ""}, {"basis-reference", "Diarienummer: {reference}"},
                {"basis-date", "Datum: {date}"}};
    model::Section basis;
    basis.kind = model::SectionKind::Basis;
    basis.documents.push_back({"Tjänsteskrivelse", "2026-03-01", "GR 2026-00012", {}});
    p.paragraphs[0].sections.push_back(basis);
    p.attendance[0].people[1].attended = "(från pkt. 3)";
    p.attendance[0].people[2].attended = "p 1, 6";
    const document::Document doc = resolve::resolve(p, layout(), options());
    const std::string text = all_text(doc);
    CHECK(text.find("Anteckningar\nNÄRVARANDE\nNärvarande från nätverket\n") == 0);  // no subtitle
    CHECK(text.find("PARAGRAFER") == std::string::npos);
    CHECK(text.find("Tjänsteskrivelse, Datum: 2026-03-01, Diarienummer: GR 2026-00012\n") != std::string::npos);
    CHECK(text.find("Ove Dröscher (S), ledamot (från pkt. 3)\n") != std::string::npos);   // as written
    CHECK(text.find("Eva Andersson (C), ledamot, p 1, 6\n") != std::string::npos);
    REQUIRE(!doc.page.header.empty());
    CHECK(doc.page.header[0].runs[0].text == "Anteckningar 2026-03-12");  // the running header's word too
}

TEST_CASE("numbered lists that start at a number, lettered lists") {
    model::Protocol p = protocol();
    model::Section text_section;
    text_section.kind = model::SectionKind::Text;
    for (auto [start, numbering] : {std::pair<int, char>{3, 0}, {1, 'a'}, {27, 'A'}}) {
        model::Block list;
        list.kind = model::Block::Kind::NumberedList;
        list.start = start;
        list.numbering = numbering;
        for (const char* words : {"första", "andra"}) {
            model::ListItem item;
            model::Block block;
            block.inlines.push_back(text(words));
            item.blocks.push_back(block);
            list.items.push_back(item);
        }
        text_section.content.push_back(list);
    }
    p.paragraphs[0].sections.push_back(text_section);
    std::vector<std::string> markers;
    for (const auto& item : resolve::resolve(p, layout(), options()).flow)
        if (auto block = std::get_if<TextBlock>(&item))
            if (!block->marker.empty()) markers.push_back(block->marker);
    CHECK(markers == std::vector<std::string>{"3.", "4.", "a.", "b.", "AA.", "AB."});
}

TEST_CASE("notes may be signed by the person who kept them alone, a protocol needs an adjuster") {
    model::Protocol p = protocol();
    p.signers.pop_back();  // only the secretary
    CHECK_THAT(resolve_error(p), Catch::Contains("error: a protocol needs an <adjuster> (justerare) in <signatures>"));
    p.kind = model::DocumentKind::Notes;
    model::Layout notes = layout();
    notes.labels.insert({{"title-anteckningar", "anteckningar"}, {"points", "PUNKTER"},
                         {"minutes-anteckningar", "Vid anteckningarna:"}});
    const document::Document doc = resolve::resolve(p, notes, options());
    CHECK(fields(doc) == std::vector<std::string>{"Sara Nordenhielm"});
    CHECK(all_text(doc).find("Vid anteckningarna:") != std::string::npos);
    CHECK(all_text(doc).find("Justeras:") == std::string::npos);
}

TEST_CASE("a list item holds paragraphs and a nested list - later paragraphs hang without a marker") {
    model::Protocol p = protocol();
    model::Section text_section;
    text_section.kind = model::SectionKind::Text;
    model::Block inner;
    inner.kind = model::Block::Kind::BulletList;
    for (const char* words : {"delmål"}) {
        model::ListItem item;
        model::Block block;
        block.inlines.push_back(text(words));
        item.blocks.push_back(block);
        inner.items.push_back(item);
    }
    model::Block list;
    list.kind = model::Block::Kind::NumberedList;
    model::ListItem item;
    for (const char* words : {"Mål.", "Bakgrund."}) {
        model::Block block;
        block.inlines.push_back(text(words));
        item.blocks.push_back(block);
    }
    item.blocks.push_back(inner);
    list.items.push_back(item);
    text_section.content.push_back(list);
    p.paragraphs[0].sections.push_back(text_section);
    std::vector<const TextBlock*> blocks;
    const document::Document doc = resolve::resolve(p, layout(), options());
    for (const auto& flowing : doc.flow)
        if (auto block = std::get_if<TextBlock>(&flowing))
            if (block->runs.front().text == "Mål." || block->runs.front().text == "Bakgrund." ||
                block->runs.front().text == "delmål")
                blocks.push_back(block);
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0]->marker == "1.");
    CHECK(blocks[1]->marker.empty());
    CHECK(blocks[1]->indent == blocks[0]->indent);  // the item's second paragraph hangs under its first
    CHECK(blocks[2]->marker == "–");  // a nested bullet list's dash
    CHECK(blocks[2]->indent > blocks[0]->indent);
    CHECK(blocks[1]->element != blocks[0]->element);  // a paragraph of its own in the item's LBody
}

TEST_CASE("a body's decision begins with its lead-in - and the bodies' decisions share one heading") {
    model::Layout l = layout();
    l.bodies.push_back({"am", "Styrgruppen för arbetsmarknad", {}});
    l.labels["decision-lead-in"] = "{body} beslutar att";
    model::Protocol p = protocol();
    p.paragraphs.resize(1);
    p.paragraphs[0].sections.clear();
    model::Section first = section(model::SectionKind::Decision, {text("anta planen.")});
    first.body = "sv";
    model::Section second = section(model::SectionKind::Decision, {text("godkänna planen.")});
    second.body = "am";
    second.lead_in = "{body} beslutar att:";
    p.paragraphs[0].sections = {first, second};
    std::string words = all_text(resolve::resolve(p, l, options()));
    CHECK(words.find("Beslut\nStyrgruppen för social välfärd beslutar att anta planen.\n"
                     "Styrgruppen för arbetsmarknad beslutar att:\ngodkänna planen.\n") != std::string::npos);
    CHECK(words.find("Beslut –") == std::string::npos);

    SECTION("without a lead-in a joint meeting's heading names the body") {
        l.labels.erase("decision-lead-in");
        p.paragraphs[0].sections[1].lead_in.reset();
        words = all_text(resolve::resolve(p, l, options()));
        CHECK(words.find("Beslut – Styrgruppen för social välfärd\nanta planen.\n") != std::string::npos);
        CHECK(words.find("Beslut – Styrgruppen för arbetsmarknad\ngodkänna planen.\n") != std::string::npos);
    }
}

namespace {

model::RichText words_of(const std::string& words) {
    model::Block block;
    block.inlines.push_back(text(words));
    return {block};
}

model::Layout with_appeal(bool own_page) {
    model::Layout l = layout();
    l.labels["appeal"] = "Hur man överklagar";
    l.appeal = model::AppealDesign{words_of("Överklaga inom tre veckor."), own_page, {"layouts/test.xml", 12, 3}};
    return l;
}

const TextBlock* block_starting(const document::Document& doc, const std::string& words) {
    for (const auto& item : doc.flow)
        if (auto block = std::get_if<TextBlock>(&item))
            if (!block->runs.empty() && block->runs.front().text == words) return block;
    return nullptr;
}

}  // namespace

TEST_CASE("the closing follows the signatures, the appeal instructions the closing") {
    model::Protocol p = protocol();
    p.closing = words_of("Några kommande aktiviteter:");
    const model::Layout l = with_appeal(true);
    const document::Document doc = resolve::resolve(p, l, options());
    const std::string words = all_text(doc);
    const size_t signatures = words.find("Justeras:"), closing = words.find("Några kommande aktiviteter:"),
                 heading = words.find("Hur man överklagar\nÖverklaga inom tre veckor.\n");
    REQUIRE(signatures != std::string::npos);
    REQUIRE(closing != std::string::npos);
    REQUIRE(heading != std::string::npos);
    CHECK(signatures < closing);
    CHECK(closing < heading);
    REQUIRE(block_starting(doc, "Hur man överklagar"));
    CHECK(block_starting(doc, "Hur man överklagar")->page_break_before);
    CHECK_FALSE(block_starting(doc, "Överklaga inom tre veckor.")->page_break_before);

    SECTION("as a block when the layout says page=\"false\"") {
        const document::Document block = resolve::resolve(p, with_appeal(false), options());
        REQUIRE(block_starting(block, "Hur man överklagar"));
        CHECK_FALSE(block_starting(block, "Hur man överklagar")->page_break_before);
    }
    SECTION("an extract keeps the appeal, not the protocol's closing") {
        resolve::Options extract = options();
        extract.extract = {31};
        const std::string extracted = all_text(resolve::resolve(p, l, extract));
        CHECK(extracted.find("Hur man överklagar") != std::string::npos);
        CHECK(extracted.find("Några kommande") == std::string::npos);
    }
    SECTION("a public copy keeps both, without what the closing marks confidential") {
        p.closing.front().inlines.push_back(text(" Hemligsjö 811218-9876.", 1));
        resolve::Options public_copy = options();
        public_copy.public_copy = true;
        const std::string copy = all_text(resolve::resolve(p, l, public_copy));
        CHECK(copy.find("Några kommande aktiviteter:") != std::string::npos);
        CHECK(copy.find("Hur man överklagar") != std::string::npos);
        CHECK(copy.find("Hemligsjö") == std::string::npos);
        CHECK(copy.find("811218") == std::string::npos);
    }
    SECTION("not in notes, not in the posting notice, not when the protocol says appeal=\"false\"") {
        model::Protocol notes = p;
        notes.kind = model::DocumentKind::Notes;
        model::Layout notes_layout = l;
        notes_layout.labels.insert({{"title-anteckningar", "anteckningar"}, {"points", "PUNKTER"},
                                    {"minutes-anteckningar", "Vid anteckningarna:"}});
        const std::string in_notes = all_text(resolve::resolve(notes, notes_layout, options()));
        CHECK(in_notes.find("Hur man överklagar") == std::string::npos);
        CHECK(in_notes.find("Några kommande aktiviteter:") != std::string::npos);

        resolve::Options notice = options();
        notice.notice = true;
        notice.adjusted = "2026-03-16";
        notice.posted = "2026-03-17";
        CHECK(all_text(resolve::resolve(p, l, notice)).find("Hur man överklagar") == std::string::npos);

        p.appeal = false;
        CHECK(all_text(resolve::resolve(p, l, options())).find("Hur man överklagar") == std::string::npos);
    }
    SECTION("an English protocol with appeal instructions only in Swedish is an error at them") {
        p.language = model::Language::English;
        model::Layout english = l;
        for (auto& [key, value] : std::map<std::string, std::string>(english.labels))
            english.labels_en[key] = value;
        english.labels_en["group-members"] = "Members";
        english.labels_en["group-secretary"] = "Secretary";
        try {
            resolve::resolve(p, english, options());
            FAIL("no error");
        } catch (const Error& e) {
            CHECK_THAT(e.render(), Catch::Contains("layouts/test.xml:12:3: error: layout \"test\" has appeal "
                                                   "instructions only in Swedish, the protocol is in English"));
        }
    }
}
