// Files nobody vouches for (pdfsig/guard.h, verify/hostile.h): verify reports them as
// "damaged or hostile file: …", sign and seal refuse them (BadInput) and
// leave nothing behind; PoDoFo's own recursion, in the child process,
// becomes a verdict.
#include "verify/hostile.h"
#include "sign/sign.h"
#include "seal/seal.h"
#include "verify/verify.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "base/isolate.h"
#include "pdfsig/screen.h"

#include "hostile_pdf.h"
#include "pdf_fixture.h"
#include "shell.h"

#include <catch2/catch.hpp>
#include <podofo/podofo.h>

#include <cstdlib>
#include <string>
#include <unistd.h>

using namespace protokoll;
using namespace protokoll::sign;
using namespace protokoll::sign::testing;

namespace {

const std::string kent = "Kent Lagrell";
const std::string sara = "Sara Nordenhielm";

struct Env {
    std::string dir, certs, input, signed_pdf;

    Env() {
        char tmpl[] = "/tmp/protokoll-hostile-test-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        certs = dir + "/certs";
        REQUIRE(std::system((std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools/make-test-certs.sh " + certs + " >/dev/null").c_str()) == 0);
        input = dir + "/unsigned.pdf";
        make_two_field_pdf(input, kent, sara);
        signed_pdf = dir + "/signed.pdf";
        sign_file(input, signed_pdf, options(kent));
    }
    ~Env() {
        if (!std::getenv("PROTOKOLL_KEEP_TEST_FILES")) std::system(("rm -rf '" + dir + "'").c_str());
    }
    SignOptions options(const std::string& field, const std::string& key = "kent") const {
        SignOptions o;
        o.field = field;
        o.p12_path = certs + "/" + key + ".p12";
        o.password = read_file(certs + "/password.txt");
        o.time = std::time(nullptr);
        return o;
    }
    std::string path(const std::string& name) const { return dir + "/" + name; }
    // The signed file with an incremental update adding `body` as a new object.
    std::string with_object(const std::string& name, const std::string& body) const {
        const std::string bytes = read_file(signed_pdf);
        const std::string out = path(name);
        write_file_atomically(out, append_update(bytes, {{next_object(bytes), body}}));
        return out;
    }
};

Env& env() {
    static Env instance;
    return instance;
}

// Nothing in the test directory but what was there, and no temporary file.
void nothing_left(const std::string& output) {
    CHECK(::access(output.c_str(), F_OK) != 0);
    auto [status, listing] = run("ls -a '" + env().dir + "'");
    CHECK(listing.find(".tmp-") == std::string::npos);
}

HostileLimits without_screen() {
    HostileLimits limits;
    limits.screen.max_depth = 1 << 30;
    return limits;
}

}  // namespace

TEST_CASE("hostile: verify reports a hostile file, in the report, the text and the JSON") {
    const std::string bad = env().with_object("deep.pdf", nested_dict(20000));
    const std::string bytes = read_file(bad);
    const size_t at = bytes.rfind(" 0 obj\n<< /A ") + 7 + 64 * 6;
    const std::string reason = "damaged or hostile file: nesting deeper than 64 levels at byte " + std::to_string(at);
    const VerifyReport report = verify_file(bad);
    CHECK_FALSE(report.ok());
    CHECK(report.problem == reason);
    CHECK(report.fields.empty());
    CHECK(report.reasons() == std::vector<std::string>{reason});
    CHECK(verify_bytes(bytes, bad, {}).problem == reason);
    CHECK(report_json(report, bad).find("\"verdict\": \"invalid\"") != std::string::npos);
    CHECK(report_json(report, bad).find(reason) != std::string::npos);
    CHECK(report_text(report, bad).find(reason) != std::string::npos);

    const VerifyOutcome guarded = verify_guarded(bad, {});
    CHECK_FALSE(guarded.valid);
    CHECK(guarded.reasons == std::vector<std::string>{reason});
    CHECK(guarded.json == report_json(report, bad));
    CHECK(guarded.text == report_text(report, bad));
}

TEST_CASE("hostile: verify_guarded gives what verify_file gives for a good file") {
    VerifyOptions trust;
    trust.trust_files = {env().certs + "/ca.pem"};
    const VerifyReport report = verify_file(env().signed_pdf, trust);
    const VerifyOutcome guarded = verify_guarded(env().signed_pdf, trust);
    CHECK(guarded.valid == report.ok());
    CHECK(guarded.valid);
    CHECK(guarded.reasons.empty());
    CHECK(guarded.text == report_text(report, env().signed_pdf));
    // The JSON differs only where the clock shows (none of it does today).
    CHECK(guarded.json == report_json(report, env().signed_pdf));
}

TEST_CASE("hostile: bad input stays bad input through the child") {
    try {
        verify_guarded(env().path("no-such.pdf"), {});
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK(e.where().file == env().path("no-such.pdf"));
    }
    write_file_atomically(env().path("text.pdf"), "hello");
    try {
        verify_guarded(env().path("text.pdf"), {});
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK(e.message() == "not a PDF file");
    }
}

TEST_CASE("hostile: without the screen, deep objects nobody shows cost verify nothing (nothing is serialised)") {
    // PoDoFo parses an object when it is first used (recursively, n^3); the
    // change analysis uses only what a reader reaches from the trailer, so an
    // object no page, field or catalog entry refers to is never parsed.
    for (const auto& [name, depth] : {std::pair{"deeper.pdf", 100000}, std::pair{"slow.pdf", 1500}}) {
        const std::string bad = env().with_object(name, nested_dict(depth));
        HostileLimits limits = without_screen();
        limits.process.cpu_seconds = 2;
        const VerifyOutcome outcome = verify_guarded(bad, {}, limits);
        INFO(name << "\n" << outcome.text);
        CHECK(outcome.valid);  // unreferenced, so invisible to any reader: no change
        CHECK(outcome.json.find("\"later_revisions\": 1, \"permitted\": [], \"disallowed\": [], \"level\": \"none\"") !=
              std::string::npos);
    }
}

TEST_CASE("hostile: PoDoFo's own recursion, in the child, is a verdict, not a signal") {
    using namespace PoDoFo;
    // What the screen keeps from PoDoFo: using a deep object at all (its first
    // use parses it; ToString then writes it out, as WriteUpdate would).
    auto serialise = [](const std::string& file) {
        return [file] {
            const std::string bytes = read_file(file);
            PdfError::EnableDebug(false);
            PdfError::EnableLogging(false);
            PdfMemDocument doc;
            doc.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()), false);
            std::string out;
            for (PdfObject* object : doc.GetObjects()) object->ToString(out);
            return std::to_string(out.size());
        };
    };
    IsolationLimits limits;
    const IsolatedResult crashed = run_isolated(serialise(env().with_object("deepest.pdf", nested_dict(100000))), limits);
    CHECK(crashed.outcome == IsolatedResult::Outcome::Crashed);
    CHECK(crashed.problem == "the parser crashed (SIGSEGV)");
    limits.cpu_seconds = 1;
    const IsolatedResult slow = run_isolated(serialise(env().with_object("slowest.pdf", nested_dict(1500))), limits);  // about 60 s
    CHECK(slow.outcome == IsolatedResult::Outcome::CpuLimit);
    CHECK(slow.problem == "the parser used more than 1 s of CPU");
    // And the screen refuses both files before PoDoFo sees them.
    CHECK(screen_pdf(read_file(env().path("deepest.pdf"))).find("nesting deeper than 64 levels") != std::string::npos);
    CHECK(screen_pdf(read_file(env().path("slowest.pdf"))).find("nesting deeper than 64 levels") != std::string::npos);
}

TEST_CASE("hostile: sign and prepare refuse a hostile file and leave nothing behind") {
    for (const auto& [name, body] : {std::pair{"s-dict.pdf", nested_dict(1000)}, std::pair{"s-array.pdf", nested_array(20000)},
                                     std::pair{"s-bomb.pdf", stream_object("/Filter /FlateDecode", deflated("", size_t(300) << 20))}}) {
        INFO(name);
        const std::string bad = env().with_object(name, body);
        const std::string out = env().path(std::string("out-") + name);
        try {
            sign_file(bad, out, env().options(sara, "sara"));
            FAIL("signed");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
            CHECK(e.where().file == bad);
            CHECK(e.message().find("damaged or hostile file: ") == 0);
        }
        nothing_left(out);
        SignOptions prepare = env().options(sara, "sara");
        prepare.cert_path = env().certs + "/sara.pem";
        try {
            prepare_file(bad, out, prepare);
            FAIL("prepared");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
            CHECK(e.message().find("damaged or hostile file: ") == 0);
        }
        nothing_left(out);
    }
}

TEST_CASE("hostile: seal refuses a hostile file, into another file or in place") {
    const std::string bad = env().with_object("seal-deep.pdf", nested_dict(1000));
    const std::string before = read_file(bad);
    SealOptions options;
    options.timeout_seconds = 1;
    for (const std::string& out : {env().path("sealed.pdf"), bad}) {
        INFO(out);
        try {
            seal_file(bad, out, options);
            FAIL("sealed");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
            CHECK(e.where().file == bad);
            CHECK(e.message().find("damaged or hostile file: nesting deeper than 64 levels") == 0);
        }
    }
    nothing_left(env().path("sealed.pdf"));
    CHECK(read_file(bad) == before);
}

TEST_CASE("hostile: sign's warnings come back from the child, in order") {
    using namespace PoDoFo;
    const std::string small = env().path("small-field.pdf");
    {
        PdfMemDocument doc;
        PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
        add_signature_field(doc, page, PdfRect(56, 400, 12, 6), kent);
        doc.SetWriteMode(ePdfWriteMode_Clean);
        doc.Write(small.c_str());
    }
    std::vector<std::string> warnings;
    SignOptions options = env().options(kent);
    options.warn = [&](const std::string& w) { warnings.push_back(w); };
    sign_file(small, env().path("small-signed.pdf"), options);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] == "visible signature in \"Kent Lagrell\": the field is too small for a visible signature");
    CHECK(verify_file(env().path("small-signed.pdf")).ok());
}
