// sign / verify against a PDF shaped like finish's output (empty /Sig fields
// merged with their widgets), with certificates made fresh by make-test-certs.sh
// and pdfsig / qpdf as independent judges when they are installed.
#include "sign/sign.h"
#include "verify/verify.h"

#include "base/diagnostic.h"
#include "base/files.h"

#include "pdf_fixture.h"
#include "shell.h"

#include <catch2/catch.hpp>
#include <podofo/podofo.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace protokoll;
using namespace protokoll::sign;

namespace {

using namespace protokoll::sign::testing;

const std::string kent = "Kent Lagrell";
const std::string sara = "Sara Nordenhielm";
const std::string asa = "\xC3\x85sa \xC3\x96" "berg";  // "Åsa Öberg": a UTF-16BE /T
const std::string original_mod_date = "D:20250101120000+01'00'";

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

size_t count(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

// As finish writes names: plain when ASCII, UTF-16BE otherwise.
// Two pages of text; Kent and Sara sign on page 2, Åsa's field stays empty.
void make_test_pdf(const std::string& path) {
    using namespace PoDoFo;
    PdfMemDocument doc;
    PdfFont* font = doc.CreateFont("Helvetica");
    for (int i = 1; i <= 2; ++i) {
        PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
        PdfPainter painter;
        painter.SetPage(page);
        painter.SetFont(font);
        painter.DrawText(56, 780, "Protokoll, kommunstyrelsen, sida " + std::to_string(i));
        painter.DrawText(56, 760, "Paragraf 1. Beslut om budget.");
        painter.FinishPage();
        if (i == 2) {
            add_signature_field(doc, page, PdfRect(56, 400, 200, 50), kent);
            add_signature_field(doc, page, PdfRect(300, 400, 200, 50), sara);
            add_signature_field(doc, page, PdfRect(56, 300, 200, 50), asa);
        }
    }
    doc.GetInfo()->GetObject()->GetDictionary().AddKey("ModDate", PdfString(original_mod_date));
    doc.SetWriteMode(ePdfWriteMode_Clean);  // as finish writes (PDF/A wants "obj" + EOL)
    doc.Write(path.c_str());
}

// One temporary directory per test process: certificates and the unsigned input.
struct Env {
    std::string dir;
    std::string password;
    std::string input;

    Env() {
        char tmpl[] = "/tmp/protokoll-sign-test-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        std::string script = std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools/make-test-certs.sh";
        REQUIRE(std::system((script + " " + dir + "/certs").c_str()) == 0);
        password = read_file(dir + "/certs/password.txt");
        input = dir + "/unsigned.pdf";
        make_test_pdf(input);
    }
    // PROTOKOLL_KEEP_TEST_FILES=1 keeps the files for a look with other tools.
    ~Env() {
        if (!std::getenv("PROTOKOLL_KEEP_TEST_FILES")) std::system(("rm -rf '" + dir + "'").c_str());
    }

    std::string p12(const std::string& who) const {
        return dir + "/certs/" + (who == kent ? "kent" : who == asa ? "asa" : "sara") + ".p12";
    }

    SignOptions options(const std::string& who, std::time_t time = 1767268800 /* 2026-01-01 12:00 UTC */) const {
        SignOptions o;
        o.field = who;
        o.p12_path = p12(who);
        o.password = password;
        o.time = time;
        return o;
    }
};

Env& env() {
    static Env instance;
    return instance;
}

const FieldReport* field(const VerifyReport& report, const std::string& name) {
    for (const auto& f : report.fields)
        if (f.field == name) return &f;
    return nullptr;
}

// The BadInput error of `action`, failing the test if there is none.
Error bad_input(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        return e;
    }
    FAIL("expected protokoll::Error(BadInput)");
    throw;
}

void no_leftovers(const std::string& output) {
    CHECK_FALSE(exists(output));
    auto [status, listing] = run("ls -a '" + env().dir + "'");
    CHECK(listing.find(".tmp-") == std::string::npos);
}

}  // namespace

TEST_CASE("the test input has three empty signature fields and fails verification as unsigned") {
    VerifyReport report = verify_file(env().input);
    REQUIRE(report.fields.size() == 3);
    CHECK(report.fields[0].field == kent);
    CHECK(report.fields[1].field == sara);
    CHECK(report.fields[2].field == asa);
    for (const auto& f : report.fields) CHECK_FALSE(f.signed_);
    CHECK_FALSE(report.ok());
    CHECK(report.reasons() == std::vector<std::string>{"the file has no signature"});
    CHECK(report.problem == "");
    CHECK_FALSE(report.last_covers_file);
}

TEST_CASE("signing one field gives a valid incremental signature") {
    const std::string out = env().dir + "/one.pdf";
    sign_file(env().input, out, env().options(kent));

    const std::string before = read_file(env().input);
    const std::string after = read_file(out);
    REQUIRE(after.size() > before.size());
    CHECK(after.compare(0, before.size(), before) == 0);  // incremental: the input is a byte prefix

    // The update holds the field, the AcroForm and the signature, not a rewritten /Info.
    const std::string update = after.substr(before.size());
    CHECK(update.find("/ModDate") == std::string::npos);
    CHECK(update.find("/SigFlags 3") != std::string::npos);
    CHECK(update.find("/SubFilter /ETSI.CAdES.detached") != std::string::npos);
    CHECK(update.find("/M (D:20260101") != std::string::npos);
    CHECK(update.find("/Name (Kent Lagrell)") != std::string::npos);

    VerifyReport report = verify_file(out);
    CHECK(report.ok());
    REQUIRE(report.fields.size() == 3);
    const FieldReport* k = field(report, kent);
    REQUIRE(k);
    CHECK(k->signed_);
    CHECK(k->signer == kent);
    CHECK(k->digest_ok);
    CHECK(k->signature_ok);
    CHECK(k->covers_revision);
    CHECK(k->problem == "");
    CHECK(k->time.rfind("D:20260101", 0) == 0);
    CHECK_FALSE(field(report, sara)->signed_);
    CHECK_FALSE(field(report, asa)->signed_);

    if (have("pdfsig")) {
        auto [status, text] = run("pdfsig '" + out + "'");
        INFO(text);
        CHECK(count(text, "Signature is Valid") == 1);
        CHECK(text.find("Kent Lagrell") != std::string::npos);
        CHECK(text.find("Total document signed") != std::string::npos);
    }
    if (have("qpdf")) {
        auto [status, text] = run("qpdf --check '" + out + "'");
        INFO(text);
        CHECK(status == 0);
        CHECK(text.find("WARNING") == std::string::npos);
    }
}

TEST_CASE("signing a second field keeps the first signature valid") {
    const std::string one = env().dir + "/first.pdf";
    const std::string two = env().dir + "/both.pdf";
    sign_file(env().input, one, env().options(kent));
    sign_file(one, two, env().options(sara, 1767272400));

    const std::string first = read_file(one);
    const std::string both = read_file(two);
    CHECK(both.compare(0, first.size(), first) == 0);

    VerifyReport report = verify_file(two);
    CHECK(report.ok());
    CHECK(report.last_covers_file);
    for (const std::string& who : {kent, sara}) {
        const FieldReport* f = field(report, who);
        REQUIRE(f);
        CHECK(f->signed_);
        CHECK(f->signer == who);
        CHECK(f->digest_ok);
        CHECK(f->signature_ok);
        CHECK(f->covers_revision);
    }
    CHECK_FALSE(field(report, asa)->signed_);

    if (have("pdfsig")) {
        auto [status, text] = run("pdfsig '" + two + "'");
        INFO(text);
        CHECK(count(text, "Signature is Valid") == 2);
        CHECK(text.find("Signature #2") != std::string::npos);
    }
    if (have("qpdf")) {
        auto [status, text] = run("qpdf --check '" + two + "'");
        INFO(text);
        CHECK(status == 0);
    }
}

TEST_CASE("a changed byte inside a signed range fails verification") {
    const std::string one = env().dir + "/tamper-src.pdf";
    const std::string bad = env().dir + "/tampered.pdf";
    sign_file(env().input, one, env().options(kent));
    std::string bytes = read_file(one);

    SECTION("in the page text") {
        size_t at = bytes.find("%PDF-");
        // The binary comment on line 2 changes no structure but is signed like everything else.
        at = bytes.find('\n', at) + 2;
        REQUIRE(static_cast<unsigned char>(bytes[at]) >= 0x80);  // inside the binary comment
        bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
    }
    SECTION("in the signature dictionary") {
        size_t at = bytes.rfind("/M (D:2026");
        REQUIRE(at != std::string::npos);
        bytes[at + 6] = '3';  // D:2026 -> D:3026
    }
    write_file_atomically(bad, bytes);

    VerifyReport report = verify_file(bad);
    CHECK_FALSE(report.ok());
    const FieldReport* k = field(report, kent);
    REQUIRE(k);
    CHECK(k->signed_);
    CHECK_FALSE(k->digest_ok);
    CHECK(k->signature_ok);  // the CMS itself is intact; the document is not
    CHECK(k->problem.find("digest") != std::string::npos);
    CHECK(report.problem == "");  // the damage is inside a signed range, not after it

    if (have("pdfsig")) {
        auto [status, text] = run("pdfsig '" + bad + "'");
        INFO(text);
        CHECK(text.find("Signature is Valid") == std::string::npos);
    }
}

TEST_CASE("a byte range that does not reach the end of a revision is reported") {
    const std::string one = env().dir + "/range-src.pdf";
    sign_file(env().input, one, env().options(kent));
    std::string bytes = read_file(one);
    // Shorten the last range by 20 bytes (so it ends inside the xref, not at
    // %%EOF), keeping the array the same length as PoDoFo's padded one.
    size_t at = bytes.rfind("/ByteRange");
    REQUIRE(at != std::string::npos);
    size_t open = bytes.find('[', at), close = bytes.find(']', at);
    long long r[4];
    REQUIRE(std::sscanf(bytes.substr(open + 1, close - open - 1).c_str(), "%lld %lld %lld %lld", &r[0], &r[1], &r[2], &r[3]) == 4);
    std::string range = "[" + std::to_string(r[0]) + " " + std::to_string(r[1]) + " " + std::to_string(r[2]) + " " +
                        std::to_string(r[3] - 20);
    range.resize(close - open, ' ');
    bytes.replace(open, close - open, range);
    const std::string bad = env().dir + "/short-range.pdf";
    write_file_atomically(bad, bytes);
    VerifyReport report = verify_file(bad);
    CHECK_FALSE(report.ok());
    CHECK_FALSE(field(report, kent)->covers_revision);
}

TEST_CASE("a missing field is BadInput naming the fields that exist") {
    const std::string out = env().dir + "/missing.pdf";
    SignOptions o = env().options(kent);
    o.field = "Kent Lagrel";
    Error e = bad_input([&] { sign_file(env().input, out, o); });
    CHECK(e.message().find("Kent Lagrel") != std::string::npos);
    CHECK(e.message().find("\"Kent Lagrell\", \"Sara Nordenhielm\", \"" + asa + "\"") != std::string::npos);
    no_leftovers(out);
}

TEST_CASE("an already signed field is BadInput") {
    const std::string one = env().dir + "/signed-once.pdf";
    const std::string out = env().dir + "/signed-twice.pdf";
    sign_file(env().input, one, env().options(kent));
    Error e = bad_input([&] { sign_file(one, out, env().options(kent)); });
    CHECK(e.message().find("already signed") != std::string::npos);
    no_leftovers(out);
}

TEST_CASE("a wrong password is BadInput without a stack trace") {
    const std::string out = env().dir + "/wrong-password.pdf";
    SignOptions o = env().options(kent);
    o.password = "not-the-password";
    Error e = bad_input([&] { sign_file(env().input, out, o); });
    CHECK(e.message() == "wrong password for " + o.p12_path);
    CHECK(std::string(e.what()).find("PdfError") == std::string::npos);
    no_leftovers(out);
}

TEST_CASE("an unreadable key file or input is BadInput") {
    const std::string out = env().dir + "/no-key.pdf";
    SignOptions o = env().options(kent);
    o.p12_path = env().dir + "/certs/nonexistent.p12";
    bad_input([&] { sign_file(env().input, out, o); });
    o.p12_path = env().input;  // a PDF is not a PKCS#12 file
    bad_input([&] { sign_file(env().input, out, o); });
    bad_input([&] { sign_file(env().dir + "/certs/password.txt", out, env().options(kent)); });
    no_leftovers(out);
}

TEST_CASE("the signer's non-ASCII field name is found") {
    // Åsa signs her own field (a UTF-16BE /T) with her certificate (a UTF-8 CN).
    const std::string out = env().dir + "/asa.pdf";
    SignOptions o = env().options(asa);
    o.any_order = true;  // Åsa's field is the last of three
    sign_file(env().input, out, o);
    VerifyReport report = verify_file(out);
    CHECK(report.ok());
    CHECK(field(report, asa)->signed_);
    CHECK(field(report, asa)->signer_matches_field);
}

TEST_CASE("truncated and corrupted files do not crash verification") {
    const std::string one = env().dir + "/trunc-src.pdf";
    const std::string two = env().dir + "/trunc-src2.pdf";
    sign_file(env().input, one, env().options(kent));
    sign_file(one, two, env().options(sara));
    const std::string bytes = read_file(two);
    const std::string bad = env().dir + "/broken.pdf";
    for (size_t cut : {size_t(0), size_t(10), bytes.size() / 3, bytes.size() / 2, read_file(one).size(),
                       bytes.size() - 200, bytes.size() - 10, bytes.size() - 1}) {
        INFO("cut at " << cut);
        write_file_atomically(bad, bytes.substr(0, cut));
        try {
            VerifyReport report = verify_file(bad);
            if (cut == read_file(one).size()) {
                // Exactly the earlier revision: a complete file in which only Kent has signed.
                CHECK(report.ok());
                CHECK_FALSE(field(report, sara)->signed_);
            } else if (cut < bytes.size() - 1) {
                // Cut inside a revision: never reported as fine.
                CHECK_FALSE(report.ok());
                CHECK(report.problem != "");
            }
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
        }
    }
    // Garbage in the signature's own hex string: a failed report, not a crash.
    std::string garbled = bytes;
    size_t contents = garbled.rfind("/Contents <");
    REQUIRE(contents != std::string::npos);
    for (size_t i = contents + 11; i < contents + 11 + 64; ++i) garbled[i] = 'F';
    write_file_atomically(bad, garbled);
    try {
        VerifyReport report = verify_file(bad);
        CHECK_FALSE(report.ok());
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
    }
}

TEST_CASE("random damage to a signed file never crashes verification") {
    const std::string one = env().dir + "/fuzz-src.pdf";
    const std::string two = env().dir + "/fuzz-src2.pdf";
    sign_file(env().input, one, env().options(kent));
    sign_file(one, two, env().options(sara));
    const std::string bytes = read_file(two);
    const std::string bad = env().dir + "/fuzzed.pdf";
    unsigned state = 12345;  // a fixed LCG: the same damage on every run
    auto next = [&state] { return state = state * 1103515245u + 12345u, state >> 8; };
    // The two /Contents gaps: the only bytes no signature covers.
    std::vector<std::pair<size_t, size_t>> gaps;
    for (size_t at = bytes.find("/ByteRange"); at != std::string::npos; at = bytes.find("/ByteRange", at + 1)) {
        long long r[4];
        REQUIRE(std::sscanf(bytes.c_str() + bytes.find('[', at) + 1, "%lld %lld %lld %lld", &r[0], &r[1], &r[2], &r[3]) == 4);
        gaps.emplace_back(static_cast<size_t>(r[1]), static_cast<size_t>(r[2]));
    }
    REQUIRE(gaps.size() == 2);
    int reports = 0, errors = 0, signed_changed = 0, signed_rejected = 0;
    for (int round = 0; round < 300; ++round) {
        std::string damaged = bytes;
        bool signed_bytes_changed = false;
        for (int flips = 1 + next() % 4; flips > 0; --flips) {
            size_t at = next() % damaged.size();
            char value = static_cast<char>(next() & 0xff);
            if (damaged[at] == value) continue;
            damaged[at] = value;
            bool in_gap = false;
            for (auto [from, to] : gaps) in_gap = in_gap || (at >= from && at < to);
            signed_bytes_changed = signed_bytes_changed || !in_gap;
        }
        write_file_atomically(bad, damaged);
        signed_changed += signed_bytes_changed;
        try {
            VerifyReport report = verify_file(bad);
            ++reports;
            // Every byte outside the gaps is signed by Sara: a change must show.
            INFO("round " << round);
            if (signed_bytes_changed) CHECK_FALSE(report.ok());
            signed_rejected += signed_bytes_changed && !report.ok();
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
            ++errors;
            signed_rejected += signed_bytes_changed;
        }
    }
    // The damage reached the signed bytes in most rounds, each of those was
    // rejected, and most damaged files still parsed, so the report path (not
    // only the "bad input" path) was what judged them.
    INFO(signed_changed << " rounds changed signed bytes, " << reports << " reports, " << errors << " errors");
    CHECK(signed_changed >= 150);  // 194 of 300 with this seed: the gaps are a third of the file
    CHECK(signed_rejected == signed_changed);
    CHECK(reports >= 150);
}

// A copy of the test input whose /AcroForm names `zone` as finish writes
// the layout's <time-zone> (base/signing_keys.h); "" leaves it out.
std::string input_in_zone(const std::string& zone) {
    const std::string path = env().dir + "/zone-" + std::to_string(std::hash<std::string>{}(zone)) + ".pdf";
    PoDoFo::PdfMemDocument doc;
    doc.Load(env().input.c_str());
    PoDoFo::PdfObject* form = doc.GetCatalog()->GetIndirectKey("AcroForm");
    REQUIRE(form != nullptr);
    if (!zone.empty()) form->GetDictionary().AddKey("PTK_TimeZone", PoDoFo::PdfString(zone));
    doc.SetWriteMode(PoDoFo::ePdfWriteMode_Clean);
    doc.Write(path.c_str());
    return path;
}

TEST_CASE("/M is in the document's time zone whatever TZ says, Z for UTC and for a file that names none") {
    const char* old = std::getenv("TZ");
    const std::string saved = old ? old : "";
    auto signed_m = [&](const std::string& zone, const char* tz) {
        ::setenv("TZ", tz, 1);
        ::tzset();
        const std::string out = env().dir + "/tz.pdf";
        sign_file(input_in_zone(zone), out, env().options(kent));  // 2026-01-01 12:00 UTC
        const std::string bytes = read_file(out);
        size_t at = bytes.rfind("/M (D:");
        return at == std::string::npos ? std::string() : bytes.substr(at + 4, bytes.find(')', at) - at - 4);
    };
    CHECK(signed_m("Europe/Stockholm", "America/St_Johns") == "D:20260101130000+01'00'");
    CHECK(signed_m("Europe/Stockholm", "UTC") == "D:20260101130000+01'00'");
    CHECK(signed_m("America/St_Johns", "Europe/Stockholm") == "D:20260101083000-03'30'");
    CHECK(signed_m("UTC", "Europe/Stockholm") == "D:20260101120000Z");
    CHECK(signed_m("", "Asia/Kolkata") == "D:20260101120000Z");
    // A zone the machine has no file for is bad input naming it, not UTC in silence.
    const Error e = bad_input([&] { signed_m("Mars/Olympus_Mons", "UTC"); });
    CHECK(e.message().find("Mars/Olympus_Mons") != std::string::npos);
    if (old) ::setenv("TZ", saved.c_str(), 1); else ::unsetenv("TZ");
    ::tzset();
}

namespace {

// The DER CMS of the newest signature in `pdf`, and the bytes it signs.
std::pair<std::string, std::string> newest_cms(const std::string& pdf) {
    const std::string bytes = read_file(pdf);
    size_t at = bytes.rfind("/ByteRange");
    REQUIRE(at != std::string::npos);
    long long r[4];
    REQUIRE(std::sscanf(bytes.c_str() + bytes.find('[', at) + 1, "%lld %lld %lld %lld", &r[0], &r[1], &r[2], &r[3]) == 4);
    std::string hex = bytes.substr(static_cast<size_t>(r[1]) + 1, static_cast<size_t>(r[2] - r[1]) - 2);
    std::string der;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) der += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    // The reservation is zero-padded; DER says its own length (30 82 HH LL).
    REQUIRE(der.size() > 4);
    REQUIRE(static_cast<unsigned char>(der[1]) == 0x82);
    der.resize(4 + (static_cast<size_t>(static_cast<unsigned char>(der[2])) << 8) + static_cast<unsigned char>(der[3]));
    std::string content = bytes.substr(static_cast<size_t>(r[0]), static_cast<size_t>(r[1])) +
                          bytes.substr(static_cast<size_t>(r[2]), static_cast<size_t>(r[3]));
    return {der, content};
}

}  // namespace

TEST_CASE("the CMS is PAdES B-B: signing-certificate-v2, no signingTime, the chain included") {
    const std::string out = env().dir + "/pades.pdf";
    sign_file(env().input, out, env().options(kent));
    auto [der, content] = newest_cms(out);
    write_file_atomically(env().dir + "/pades.p7s", der);
    write_file_atomically(env().dir + "/pades.content", content);
    if (!have("openssl")) return;
    auto [status, text] = run("openssl cms -cmsout -print -inform DER -in '" + env().dir + "/pades.p7s'");
    INFO(text);
    REQUIRE(status == 0);
    CHECK(text.find("signingTime") == std::string::npos);
    CHECK(text.find("signingCertificateV2") != std::string::npos);
    CHECK(text.find("object: contentType") != std::string::npos);
    CHECK(text.find("object: messageDigest") != std::string::npos);
    CHECK(text.find("sha256") != std::string::npos);
    CHECK(text.find("SMIMECapabilities") == std::string::npos);
    // The signer's certificate and the CA's from the PKCS#12.
    CHECK(count(text, "subject: C=SE, O=Protokoll Test, CN=Protokoll Test CA") == 1);
    CHECK(count(text, "subject: C=SE, O=Protokoll Test, CN=Kent Lagrell") == 1);
    auto [vstatus, vtext] = run("openssl cms -verify -binary -inform DER -in '" + env().dir + "/pades.p7s' -content '" +
                                env().dir + "/pades.content' -noverify -out /dev/null");
    INFO(vtext);
    CHECK(vstatus == 0);
    CHECK(vtext.find("Verification successful") != std::string::npos);
    // Against the CA as trust anchor as well: the chain in the CMS is complete.
    auto [cstatus, ctext] = run("openssl cms -verify -binary -inform DER -in '" + env().dir + "/pades.p7s' -content '" +
                                env().dir + "/pades.content' -CAfile '" + env().dir + "/certs/ca.pem' -purpose any -out /dev/null");
    INFO(ctext);
    CHECK(cstatus == 0);
}

TEST_CASE("a signature adds at most 12 KB and its /Contents is sized to the CMS") {
    const std::string out = env().dir + "/size.pdf";
    sign_file(env().input, out, env().options(kent));
    const size_t added = read_file(out).size() - read_file(env().input).size();
    INFO("bytes added: " << added);
    CHECK(added <= 12 * 1024);
    auto [der, content] = newest_cms(out);
    const std::string bytes = read_file(out);
    size_t open = bytes.rfind("/Contents <");
    size_t close = bytes.find('>', open);
    const size_t reserved = (close - open - 11) / 2;
    INFO("CMS " << der.size() << " bytes, reserved " << reserved);
    CHECK(reserved >= der.size());
    CHECK(reserved <= der.size() + 1024);
}

TEST_CASE("fields are signed in form order unless any_order is set") {
    const std::string out = env().dir + "/order.pdf";
    Error e = bad_input([&] { sign_file(env().input, out, env().options(sara)); });
    CHECK(e.message().find("\"Kent Lagrell\" must sign before \"Sara Nordenhielm\"") != std::string::npos);
    no_leftovers(out);

    SignOptions o = env().options(sara);
    o.any_order = true;
    sign_file(env().input, out, o);
    CHECK(verify_file(out).ok());
    // Kent may still sign after Sara, since nothing before his field is empty.
    const std::string two = env().dir + "/order2.pdf";
    sign_file(out, two, env().options(kent));
    CHECK(verify_file(two).ok());
}

TEST_CASE("a file changed after its last signature is refused") {
    const std::string one = env().dir + "/changed-src.pdf";
    const std::string changed = env().dir + "/changed.pdf";
    const std::string out = env().dir + "/changed-signed.pdf";
    sign_file(env().input, one, env().options(kent));
    SECTION("bytes appended after the signed range") {
        write_file_atomically(changed, read_file(one) + "1 0 obj\n(x)\nendobj\n");
        Error e = bad_input([&] { sign_file(changed, out, env().options(sara)); });
        CHECK(e.message().find("changed after the last signature (\"Kent Lagrell\")") != std::string::npos);
        no_leftovers(out);
    }
    SECTION("an incremental update by another tool") {
        PoDoFo::PdfError::EnableDebug(false);  // PoDoFo would print every trailer it reads
        PoDoFo::PdfMemDocument doc;
        doc.Load(one.c_str(), true);
        doc.GetInfo()->SetTitle(PoDoFo::PdfString("changed"));
        doc.WriteUpdate(changed.c_str());
        Error e = bad_input([&] { sign_file(changed, out, env().options(sara)); });
        CHECK(e.message().find("changed after the last signature") != std::string::npos);
        no_leftovers(out);
    }
    SECTION("trailing whitespace is no change") {
        write_file_atomically(changed, read_file(one) + "\n\n");
        sign_file(changed, out, env().options(sara));
        CHECK(verify_file(out).ok());
    }
}

TEST_CASE("a field signed by any order stays refused a second time") {
    const std::string one = env().dir + "/twice-src.pdf";
    const std::string out = env().dir + "/twice.pdf";
    SignOptions o = env().options(sara);
    o.any_order = true;
    sign_file(env().input, one, o);
    Error e = bad_input([&] { sign_file(one, out, o); });
    CHECK(e.message().find("already signed") != std::string::npos);
    no_leftovers(out);
}

TEST_CASE("without a document font the signature is made and the reason is told") {
    // The test input uses Helvetica (no embedded Type0 font): no visible text,
    // a warning, and still a valid signature.
    const std::string out = env().dir + "/no-font.pdf";
    SignOptions o = env().options(kent);
    std::string warning;
    o.warn = [&](const std::string& w) { warning = w; };
    sign_file(env().input, out, o);
    CHECK(warning.find("visible signature in \"Kent Lagrell\": the document embeds no Type0 font") != std::string::npos);
    CHECK(verify_file(out).ok());
    o.visible = false;
    warning.clear();
    sign_file(env().input, out, o);
    CHECK(warning.empty());
}

TEST_CASE("certifying (DocMDP /P 2) the first signature still lets the others sign") {
    const std::string one = env().dir + "/certified.pdf";
    const std::string two = env().dir + "/certified2.pdf";
    SignOptions o = env().options(kent);
    o.certify = true;
    sign_file(env().input, one, o);
    const std::string update = read_file(one).substr(read_file(env().input).size());
    CHECK(update.find("/Perms") != std::string::npos);
    CHECK(update.find("/TransformMethod /DocMDP") != std::string::npos);
    CHECK(update.find("/P 2") != std::string::npos);
    CHECK(update.find("/DigestMethod") == std::string::npos);  // forbidden by PDF/A-2

    sign_file(one, two, env().options(sara, 1767272400));
    VerifyReport report = verify_file(two);
    INFO(report_text(report, two));
    CHECK(report.ok());
    if (have("pdfsig")) {
        auto [status, text] = run("pdfsig '" + two + "'");
        INFO(text);
        CHECK(count(text, "Signature is Valid") == 2);
    }

    // Only the first signature may certify.
    const std::string out = env().dir + "/certified-late.pdf";
    Error e = bad_input([&] { sign_file(one, out, [&] { SignOptions s = env().options(sara); s.certify = true; return s; }()); });
    CHECK(e.message().find("cannot certify: \"Kent Lagrell\" has signed already") != std::string::npos);
    no_leftovers(out);
}

TEST_CASE("two-step signing: prepare, sign the digest elsewhere, inject") {
    if (!have("openssl")) return;
    const std::string prepared = env().dir + "/prepared.pdf";
    const std::string out = env().dir + "/injected.pdf";
    const std::string certs = env().dir + "/certs/";
    SignOptions o = env().options(kent);
    o.p12_path.clear();
    o.password.clear();
    o.cert_path = certs + "kent.pem";
    const std::string digest = prepare_file(env().input, prepared, o);
    CHECK(digest.size() == 64);
    CHECK(verify_file(prepared).fields.size() == 3);

    // The "service": openssl over the byte ranges, which must hash to `digest`.
    const std::string bytes = read_file(prepared);
    size_t at = bytes.rfind("/ByteRange");
    long long r[4];
    REQUIRE(std::sscanf(bytes.c_str() + bytes.find('[', at) + 1, "%lld %lld %lld %lld", &r[0], &r[1], &r[2], &r[3]) == 4);
    CHECK(static_cast<size_t>(r[2] + r[3]) == bytes.size());
    write_file_atomically(env().dir + "/prepared.content", bytes.substr(0, static_cast<size_t>(r[1])) + bytes.substr(static_cast<size_t>(r[2])));
    auto [hstatus, htext] = run("openssl dgst -sha256 -r '" + env().dir + "/prepared.content'");
    CHECK(htext.substr(0, 64) == digest);
    auto [sstatus, stext] = run("openssl cms -sign -binary -cades -nosmimecap -md sha256 -outform DER -in '" + env().dir +
                                "/prepared.content' -signer '" + certs + "kent.pem' -inkey '" + certs + "kent.key' -certfile '" +
                                certs + "ca.pem' -out '" + env().dir + "/service.p7s'");
    INFO(stext);
    REQUIRE(sstatus == 0);

    inject_file(prepared, env().dir + "/service.p7s", out);
    VerifyReport report = verify_file(out);
    CHECK(report.ok());
    CHECK(field(report, kent)->signed_);
    CHECK(field(report, kent)->digest_ok);
    if (have("pdfsig")) {
        auto [status, text] = run("pdfsig '" + out + "'");
        INFO(text);
        CHECK(count(text, "Signature is Valid") == 1);
    }

    // Refusals: a filled file, a CMS over other bytes; nothing is written.
    const std::string again = env().dir + "/injected-again.pdf";
    Error filled = bad_input([&] { inject_file(out, env().dir + "/service.p7s", again); });
    CHECK(filled.message().find("already filled in") != std::string::npos);
    const std::string other = env().dir + "/other.p7s";
    write_file_atomically(env().dir + "/other.content", "other bytes");
    run("openssl cms -sign -binary -md sha256 -outform DER -in '" + env().dir + "/other.content' -signer '" + certs +
        "kent.pem' -inkey '" + certs + "kent.key' -out '" + other + "'");
    Error wrong = bad_input([&] { inject_file(prepared, other, again); });
    CHECK(wrong.message().find("does not sign") != std::string::npos);
    Error not_prepared = bad_input([&] { inject_file(env().input, other, again); });
    CHECK(not_prepared.message().find("not a file prepared") != std::string::npos);
    no_leftovers(again);
}
