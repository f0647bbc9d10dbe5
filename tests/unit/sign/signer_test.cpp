// Signing only what can be trusted later: sign refuses a certificate that is
// not valid at the signing time, does not allow signing, does not hold the
// key, or is not the field's person's (unless told, and then the signature
// says so); verify fails a signer who is not the field's person and a file
// with no signature at all, unless told to accept them. The certificates are
// the test PKI's (make-test-certs.sh): Kent's expired, not yet valid,
// encryption-only, wrong-key and middle-name variants.
#include "sign/sign.h"
#include "verify/verify.h"

#include "base/diagnostic.h"
#include "base/files.h"

#include "checks.h"
#include "pdf_fixture.h"
#include "shell.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace protokoll;
using namespace protokoll::sign;

namespace {

using namespace protokoll::sign::testing;

const std::string kent = "Kent Lagrell";
const std::string sara = "Sara Nordenhielm";
const std::string kent_subject = "CN=Kent Lagrell,O=Protokoll Test,C=SE";

struct Env {
    std::string dir, certs, password, input;

    Env() {
        char tmpl[] = "/tmp/protokoll-signer-test-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        certs = dir + "/certs";
        REQUIRE(std::system(("sh '" + std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools/make-test-certs.sh' '" + certs +
                             "' >/dev/null").c_str()) == 0);
        password = read_file(certs + "/password.txt");
        input = dir + "/unsigned.pdf";
        make_two_field_pdf(input, kent, sara);
    }
    ~Env() {
        if (!std::getenv("PROTOKOLL_KEEP_TEST_FILES")) std::system(("rm -rf '" + dir + "'").c_str());
    }
    std::string path(const std::string& name) const { return dir + "/" + name; }
    std::string cert(const std::string& name) const { return certs + "/" + name; }
    // `field` signed now with KEY.p12, in any order.
    SignOptions options(const std::string& field, const std::string& key) const {
        SignOptions o;
        o.field = field;
        o.p12_path = cert(key + ".p12");
        o.password = password;
        o.time = std::time(nullptr);
        o.any_order = true;
        return o;
    }
    // The same for --prepare with KEY.pem.
    SignOptions prepare(const std::string& field, const std::string& key) const {
        SignOptions o = options(field, key);
        o.p12_path.clear();
        o.cert_path = cert(key + ".pem");
        return o;
    }
    VerifyOptions trust() const {
        VerifyOptions o;
        o.trust_files = {cert("ca.pem")};
        return o;
    }
};

Env& env() {
    static Env instance;
    return instance;
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

std::string iso(std::time_t t) {
    char buf[32];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// The message of the BadInput `action` throws; fails the test without one.
// Nothing may be left at `output`.
std::string refusal(const std::string& output, const std::function<void()>& action) {
    std::remove(output.c_str());
    std::string message;
    try {
        action();
        FAIL("expected protokoll::Error(BadInput)");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        message = e.message();
    }
    CHECK_FALSE(exists(output));
    return message;
}

// A prepared file (`options`) completed with a CMS that KEY.pem/KEY.key make
// with openssl: what a signing service that checks nothing would return.
void sign_elsewhere(const std::string& out, const SignOptions& options, const std::string& key) {
    const std::string prepared = out + ".prepared";
    prepare_file(env().input, prepared, options);
    const std::string bytes = read_file(prepared);
    long long r[4];
    REQUIRE(std::sscanf(bytes.c_str() + bytes.find('[', bytes.rfind("/ByteRange")) + 1, "%lld %lld %lld %lld", &r[0],
                        &r[1], &r[2], &r[3]) == 4);
    write_file_atomically(out + ".content", bytes.substr(0, static_cast<size_t>(r[1])) + bytes.substr(static_cast<size_t>(r[2])));
    auto [status, text] = run("openssl cms -sign -binary -cades -md sha256 -outform DER -in '" + out + ".content' -signer '" +
                              env().cert(key + ".pem") + "' -inkey '" + env().cert(key + ".key") + "' -certfile '" +
                              env().cert("ca.pem") + "' -out '" + out + ".p7s'");
    INFO(text);
    REQUIRE(status == 0);
    inject_file(prepared, out + ".p7s", out);
}

}  // namespace

TEST_CASE("sign refuses a certificate that is not valid at the signing time") {
    const std::string out = env().path("x.pdf");
    SignOptions expired = env().options(kent, "kent-expired");
    std::string m = refusal(out, [&] { sign_file(env().input, out, expired); });
    CHECK(m == "the certificate in " + env().cert("kent-expired.p12") + " (" + kent_subject +
                   ") expired at 2021-06-01T00:00:00Z; the signing time is " + iso(expired.time));

    SignOptions notyet = env().options(kent, "kent-notyet");
    m = refusal(out, [&] { sign_file(env().input, out, notyet); });
    CHECK(m.find("the certificate in " + env().cert("kent-notyet.p12") + " (" + kent_subject + ") is not valid before ") == 0);
    CHECK(m.find("; the signing time is " + iso(notyet.time)) != std::string::npos);

    // A claimed time (--timestamp) when the certificate was valid is a time it could sign at ...
    expired.time = 1577880000;  // 2020-01-01 12:00 UTC
    sign_file(env().input, out, expired);
    const VerifyReport report = verify_file(out, env().trust());
    CHECK(field(report, kent).chain.status == ChainStatus::Trusted);
    CHECK(field(report, kent).chain.checked_at == "2020-01-01T12:00:00Z");
    // ... but not with a time-stamp: that proves the signature now, when it has
    // expired. Refused before the TSA is asked (nothing listens on port 9).
    expired.tsa_url = "http://127.0.0.1:9/tsa";
    expired.timeout_seconds = 1;
    m = refusal(out, [&] { sign_file(env().input, out, expired); });
    CHECK(m.find("expired at 2021-06-01T00:00:00Z; the time-stamp (--tsa) will prove the signature at ") != std::string::npos);
    CHECK(m.find("127.0.0.1:9") == std::string::npos);
}

TEST_CASE("sign refuses a certificate whose keyUsage does not allow signing") {
    const std::string out = env().path("x.pdf");
    const std::string m = refusal(out, [&] { sign_file(env().input, out, env().options(kent, "kent-nosign")); });
    CHECK(m == "the certificate in " + env().cert("kent-nosign.p12") + " (" + kent_subject +
                   ") does not allow signing: its keyUsage has neither digitalSignature nor nonRepudiation (it has keyEncipherment)");
}

TEST_CASE("sign refuses a PKCS#12 whose private key is not its certificate's") {
    const std::string out = env().path("x.pdf");
    const std::string m = refusal(out, [&] { sign_file(env().input, out, env().options(kent, "kent-wrongkey")); });
    CHECK(m == "the private key in " + env().cert("kent-wrongkey.p12") + " does not belong to its certificate (" + kent_subject + ")");
}

TEST_CASE("sign refuses another person's certificate in a field") {
    const std::string out = env().path("x.pdf");
    const std::string m = refusal(out, [&] { sign_file(env().input, out, env().options(sara, "kent")); });
    CHECK(m == "the certificate in " + env().cert("kent.p12") + " (" + kent_subject +
                   ") is not Sara Nordenhielm's: it names \"Kent Lagrell\", not the field's person \"Sara Nordenhielm\"");
    CHECK(refusal(out, [&] { sign_file(env().input, out, env().options(kent, "sara")); }).find("is not Kent Lagrell's") !=
          std::string::npos);
}

TEST_CASE("the same person with a middle name, or named by givenName and surname, signs") {
    for (const std::string key : {"kent-olof", "kent-eid"}) {
        INFO(key);
        const std::string out = env().path(key + ".pdf");
        sign_file(env().input, out, env().options(kent, key));
        const VerifyReport report = verify_file(out, env().trust());
        INFO(report_text(report, out));
        CHECK(report.ok());
        CHECK(field(report, kent).signer_matches_field);
        CHECK_FALSE(field(report, kent).signer_mismatch_acknowledged);
        CHECK(read_file(out).find("/Reason") == std::string::npos);
    }
}

TEST_CASE("sign --signer-mismatch-ok signs another's field, the signature says so, verify fails it unless allowed") {
    const std::string out = env().path("mismatch.pdf");
    SignOptions o = env().options(sara, "kent");
    o.signer_mismatch_ok = true;
    sign_file(env().input, out, o);
    CHECK(read_file(out).find("/Reason (Signer mismatch acknowledged: Kent Lagrell knowingly signs the field of Sara "
                              "Nordenhielm, whose name the certificate does not carry)") != std::string::npos);

    const VerifyReport report = verify_file(out, env().trust());
    INFO(report_text(report, out));
    const FieldReport& f = field(report, sara);
    CHECK(f.digest_ok);
    CHECK(f.signature_ok);
    CHECK(f.chain.status == ChainStatus::Trusted);
    CHECK_FALSE(f.signer_matches_field);
    CHECK(f.signer_mismatch_acknowledged);
    CHECK_FALSE(report.ok());
    const std::string why = "signature field \"Sara Nordenhielm\": signed by \"Kent Lagrell\" (" + kent_subject +
                            "), whose certificate does not name the field's person \"Sara Nordenhielm\"; the signature "
                            "records that the signer knew (/Reason: signer mismatch acknowledged)";
    CHECK(report.reasons() == std::vector<std::string>{why});
    const std::string json = report_json(report, out);
    CHECK(json.find("\"signer_matches_field\": false, \"signer_mismatch_acknowledged\": true") != std::string::npos);
    CHECK(json.find("\"allow_unsigned\": false,\n  \"allow_signer_mismatch\": false,\n  \"proof_expires\": \"\",\n  \"online_requests\": []\n}") !=
          std::string::npos);
    CHECK(report_text(report, out).find("  signer: NOT THE FIELD'S PERSON (Sara Nordenhielm); the signature records that "
                                        "the signer knew\n") != std::string::npos);

    VerifyOptions allow = env().trust();
    allow.allow_signer_mismatch = true;
    const VerifyReport allowed = verify_file(out, allow);
    CHECK(allowed.ok());
    CHECK(field(allowed, sara).problem == "");
    CHECK_FALSE(field(allowed, sara).signer_matches_field);
    CHECK(report_json(allowed, out).find("\"allow_signer_mismatch\": true") != std::string::npos);
    CHECK(report_text(allowed, out).find("; accepted (--allow-signer-mismatch)") != std::string::npos);
}

TEST_CASE("verify fails a mismatch the signature does not record (signed elsewhere)") {
    // Prepared for Kent with Kent's certificate; the "service" signs as Sara.
    const std::string out = env().path("elsewhere.pdf");
    sign_elsewhere(out, env().prepare(kent, "kent"), "sara");
    const VerifyReport report = verify_file(out);
    const FieldReport& f = field(report, kent);
    CHECK(f.signature_ok);
    CHECK(f.signer == sara);
    CHECK_FALSE(f.signer_matches_field);
    CHECK_FALSE(f.signer_mismatch_acknowledged);
    CHECK(f.problem == "signed by \"Sara Nordenhielm\" (CN=Sara Nordenhielm,O=Protokoll Test,C=SE), whose certificate "
                       "does not name the field's person \"Kent Lagrell\"");
    CHECK_FALSE(report.ok());
    // The two halves of a signed file: Kent's own signature matches.
    const std::string good = env().path("elsewhere-good.pdf");
    sign_elsewhere(good, env().prepare(kent, "kent"), "kent");
    CHECK(field(verify_file(good), kent).signer_matches_field);
    CHECK(verify_file(good).ok());
}

TEST_CASE("sign --prepare checks the certificate as sign does") {
    const std::string out = env().path("prepared.pdf");
    CHECK(refusal(out, [&] { prepare_file(env().input, out, env().prepare(kent, "kent-expired")); })
              .find("(" + kent_subject + ") expired at 2021-06-01T00:00:00Z") != std::string::npos);
    CHECK(refusal(out, [&] { prepare_file(env().input, out, env().prepare(kent, "kent-nosign")); })
              .find("does not allow signing") != std::string::npos);
    CHECK(refusal(out, [&] { prepare_file(env().input, out, env().prepare(sara, "kent")); })
              .find("is not Sara Nordenhielm's") != std::string::npos);
    SignOptions o = env().prepare(sara, "kent");
    o.signer_mismatch_ok = true;
    prepare_file(env().input, out, o);
    CHECK(read_file(out).find("/Reason (Signer mismatch acknowledged: Kent Lagrell") != std::string::npos);
    prepare_file(env().input, out, env().prepare(kent, "kent-olof"));
    CHECK(read_file(out).find("/Reason") == std::string::npos);
}

TEST_CASE("verify: a file with no signature fails unless allow_unsigned, a partly signed one does not") {
    const VerifyReport none = verify_file(env().input);
    CHECK_FALSE(none.ok());
    CHECK(none.reasons() == std::vector<std::string>{"the file has no signature"});
    CHECK(report_json(none, env().input).find("\"verdict\": \"invalid\",\n  \"reasons\": [\"the file has no signature\"]") !=
          std::string::npos);
    const std::string text = report_text(none, env().input);
    CHECK(text.find("reason: the file has no signature\n") != std::string::npos);
    CHECK(text.find("2 signature fields, 0 signed, VERIFICATION FAILED") != std::string::npos);

    VerifyOptions allow;
    allow.allow_unsigned = true;
    const VerifyReport accepted = verify_file(env().input, allow);
    CHECK(accepted.ok());
    CHECK(report_json(accepted, env().input).find("\"verdict\": \"valid\"") != std::string::npos);
    CHECK(report_json(accepted, env().input).find("\"allow_unsigned\": true") != std::string::npos);
    CHECK(report_text(accepted, env().input).find("0 signed, no signature (accepted: --allow-unsigned)") != std::string::npos);

    // Kent signed, Sara's field still empty: the empty one is listed, nothing fails.
    const std::string half = env().path("half.pdf");
    sign_file(env().input, half, env().options(kent, "kent"));
    const VerifyReport report = verify_file(half);
    CHECK(report.ok());
    CHECK_FALSE(field(report, sara).signed_);
    CHECK(report_text(report, half).find("Sara Nordenhielm: not signed\n") != std::string::npos);
}
