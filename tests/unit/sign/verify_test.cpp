// verify_file as an archivist relies on it: each kind of tampering built here
// and its exact verdict, what later revisions changed, certificate details,
// the chain judged at signing time, the PAdES level, the PDF/A claim and the
// JSON evidence. pdfsig and `openssl cms -verify` are second opinions when
// installed.
#include "sign/sign.h"
#include "verify/verify.h"

#include "base/diagnostic.h"
#include "base/files.h"

#include "checks.h"
#include "pdf_fixture.h"
#include "shell.h"
#include "signing_dir.h"

#include <catch2/catch.hpp>
#include <podofo/podofo.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace protokoll;
using namespace protokoll::sign;

namespace {

using namespace protokoll::sign::testing;

const std::string kent = "Kent Lagrell";
const std::string sara = "Sara Nordenhielm";
// The test certificates are made fresh (valid from 2022-01-01 for ten years
// from now, make-test-certs.sh); the signing time is set just after they
// exist (Env), a time their validity and the CA's cover.
std::time_t signing_time = 0;

std::string iso(std::time_t t) {
    char buf[32];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

struct Env : SigningDir {
    std::string input, kent_only, both;

    Env() : SigningDir("verify-test") {
        signing_time = std::time(nullptr) + 5;
        input = dir + "/unsigned.pdf";
        make_two_field_pdf(input, kent, sara);
        kent_only = dir + "/kent.pdf";
        both = dir + "/both.pdf";
        sign_file(input, kent_only, options(kent, "kent"));
        sign_file(kent_only, both, options(sara, "sara", signing_time + 60));
    }
    SignOptions options(const std::string& field, const std::string& key, std::time_t time = signing_time) const {
        return SigningDir::options(field, key, time);
    }
};

Env& env() {
    static Env instance;
    return instance;
}

// pdfsig's verdict on the file: every signature "Signature is Valid" and the
// newest covering the whole file ("Total document signed").
bool pdfsig_accepts(const std::string& file, int signatures) {
    auto [status, text] = run("pdfsig '" + file + "'");
    size_t valid = 0;
    for (size_t at = text.find("Signature is Valid"); at != std::string::npos; at = text.find("Signature is Valid", at + 1)) ++valid;
    const size_t last = text.rfind("Signature #");
    const bool total = last != std::string::npos && text.find("Total document signed", last) != std::string::npos;
    UNSCOPED_INFO("pdfsig: " << text);
    return static_cast<int>(valid) == signatures && total;
}

}  // namespace

TEST_CASE("verify: a good file with two signatures is valid, with full evidence") {
    VerifyReport report = verify_file(env().both, env().trust());
    INFO(report_text(report, env().both));
    CHECK(report.ok());
    CHECK(report.reasons().empty());
    CHECK(report.trust_judged);
    const FieldReport& k = field(report, kent);
    CHECK(k.signer == kent);
    CHECK(k.certificate.subject == "CN=Kent Lagrell,O=Protokoll Test,C=SE");
    CHECK(k.certificate.issuer == "CN=Protokoll Test CA,O=Protokoll Test,C=SE");
    CHECK(k.certificate.serial == "01");
    CHECK(k.certificate.not_before.size() == 20);
    CHECK(k.time_utc == iso(signing_time));
    REQUIRE(k.byte_range.size() == 4);
    CHECK(k.byte_range[0] == 0);
    CHECK(k.chain.status == ChainStatus::Trusted);
    CHECK(k.chain.checked_at == iso(signing_time));
    REQUIRE(k.chain.certificates.size() == 2);
    CHECK(k.chain.certificates[1] == "CN=Protokoll Test CA,O=Protokoll Test,C=SE");
    CHECK(k.pades.sub_filter == "ETSI.CAdES.detached");
    CHECK(k.pades.digest_algorithm == "sha256");
    CHECK(k.pades.signing_certificate_v2);
    CHECK(k.pades.signing_certificate_matches);
    CHECK_FALSE(k.pades.signing_time_attribute);
    CHECK_FALSE(k.pades.timestamp_token);
    CHECK(k.pades.level == PadesLevel::BB);
    // Sara's signing after Kent is a permitted change to Kent's revision.
    CHECK(k.changes.checked);
    CHECK(k.changes.later_revisions == 1);
    CHECK(k.changes.disallowed.empty());
    CHECK(k.changes.permitted == std::vector<std::string>{"revision 3: field \"Sara Nordenhielm\": signed"});
    CHECK(k.changes.level == ChangeLevel::Signing);
    const FieldReport& s = field(report, sara);
    CHECK(s.changes.later_revisions == 0);
    CHECK(s.chain.status == ChainStatus::Trusted);
    CHECK(report.pdfa_part == "");  // PoDoFo's test file claims no PDF/A

    if (have("pdfsig")) CHECK(pdfsig_accepts(env().both, 2));
    if (have("openssl")) {
        // Each signature on its own, by OpenSSL's command line: the CMS over the signed ranges.
        const std::string bytes = read_file(env().both);
        for (const auto& f : report.fields) {
            const auto& r = f.byte_range;
            const std::string hex = bytes.substr(static_cast<size_t>(r[1]) + 1, static_cast<size_t>(r[2] - r[1] - 2));
            std::string der;
            for (size_t i = 0; i + 1 < hex.size(); i += 2) der += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
            write_file_atomically(env().path("sig.der"), der);
            write_file_atomically(env().path("content.bin"),
                                  bytes.substr(0, static_cast<size_t>(r[1])) + bytes.substr(static_cast<size_t>(r[2]), static_cast<size_t>(r[3])));
            auto [status, text] = run("openssl cms -verify -binary -inform DER -in '" + env().path("sig.der") + "' -content '" +
                                      env().path("content.bin") + "' -noverify -out /dev/null");
            INFO(f.field << ": " << text);
            CHECK(status == 0);
        }
    }
}

TEST_CASE("verify: without trust anchors the chain is not judged and does not fail the file") {
    VerifyReport report = verify_file(env().both);
    CHECK(report.ok());
    CHECK_FALSE(report.trust_judged);
    CHECK(field(report, kent).chain.status == ChainStatus::NotJudged);
}

TEST_CASE("tampering: a flipped byte in a signed range") {
    std::string bytes = read_file(env().both);
    const size_t at = bytes.find("/Helvetica");  // the page's font: signed by both
    REQUIRE(at != std::string::npos);
    bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
    const std::string bad = env().path("flipped.pdf");
    write_file_atomically(bad, bytes);
    VerifyReport report = verify_file(bad, env().trust());
    CHECK_FALSE(report.ok());
    for (const auto& who : {kent, sara}) {
        const FieldReport& f = field(report, who);
        CHECK_FALSE(f.digest_ok);
        CHECK(f.signature_ok);
        CHECK(f.problem == "the signed bytes were changed: digest does not match the CMS messageDigest");
    }
    if (have("pdfsig")) CHECK_FALSE(pdfsig_accepts(bad, 2));
}

TEST_CASE("tampering: bytes appended after the last signature") {
    const std::string bad = env().path("appended.pdf");
    write_file_atomically(bad, read_file(env().both) + "1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    VerifyReport report = verify_file(bad, env().trust());
    CHECK_FALSE(report.ok());
    CHECK(report.problem == "36 bytes follow the last %%EOF: the file is truncated or an update is incomplete");
    CHECK_FALSE(report.last_covers_file);
    if (have("pdfsig")) CHECK_FALSE(pdfsig_accepts(bad, 2));
}

TEST_CASE("tampering: an incremental update changing /Info after the last signature") {
    const std::string bad = env().path("info.pdf");
    append_update(env().both, bad, [](PoDoFo::PdfMemDocument& doc) {
        doc.GetInfo()->SetTitle(PoDoFo::PdfString("Forged title"));
    });
    VerifyReport report = verify_file(bad, env().trust());
    INFO(report_text(report, bad));
    CHECK_FALSE(report.ok());
    CHECK(field(report, sara).digest_ok);  // the signature itself is intact …
    CHECK(field(report, sara).changes.later_revisions == 1);
    CHECK_FALSE(field(report, sara).changes.disallowed.empty());  // … but the document changed after it
    CHECK(mentions(report.reasons(), "signature field \"Sara Nordenhielm\": changed after signing: revision 4: "
                                     "the document information (/Info) changed: /Title"));
    if (have("pdfsig")) CHECK_FALSE(pdfsig_accepts(bad, 2));
}

TEST_CASE("tampering: a page added in an incremental update") {
    const std::string bad = env().path("page-added.pdf");
    append_update(env().both, bad, [](PoDoFo::PdfMemDocument& doc) {
        using namespace PoDoFo;
        PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
        PdfPainter painter;
        painter.SetPage(page);
        painter.SetFont(doc.CreateFont("Helvetica"));
        painter.DrawText(56, 780, "Paragraf 2. Ett beslut som aldrig fattades.");
        painter.FinishPage();
    });
    VerifyReport report = verify_file(bad, env().trust());
    INFO(report_text(report, bad));
    CHECK_FALSE(report.ok());
    for (const auto& who : {kent, sara}) {
        const FieldReport& f = field(report, who);
        CHECK(f.digest_ok);
        CHECK(f.signature_ok);
        CHECK(mentions(f.changes.disallowed, "revision 4: page 2 added"));
    }
    if (have("pdfsig")) CHECK_FALSE(pdfsig_accepts(bad, 2));
}

TEST_CASE("tampering: an annotation added in an incremental update") {
    const std::string bad = env().path("annotation-added.pdf");
    append_update(env().both, bad, [](PoDoFo::PdfMemDocument& doc) {
        using namespace PoDoFo;
        PdfAnnotation* note = doc.GetPage(0)->CreateAnnotation(ePdfAnnotation_Text, PdfRect(56, 600, 20, 20));
        note->SetContents(PdfString("Godkänns ej"));
    });
    VerifyReport report = verify_file(bad, env().trust());
    INFO(report_text(report, bad));
    CHECK_FALSE(report.ok());
    const FieldReport& s = field(report, sara);
    CHECK(s.digest_ok);
    CHECK(mentions(s.changes.disallowed, "page 1: annotation added (/Annot /Text)"));
    if (have("pdfsig")) CHECK_FALSE(pdfsig_accepts(bad, 2));
}

TEST_CASE("tampering: a signing-like update that also changes a page is caught, a plain signature is not") {
    // Signing Sara's field is permitted after Kent's signature (see the good
    // file); drawing on the page in the same kind of update is not.
    const std::string bad = env().path("sign-and-draw.pdf");
    append_update(env().kent_only, bad, [](PoDoFo::PdfMemDocument& doc) {
        using namespace PoDoFo;
        PdfPage* page = doc.GetPage(0);
        page->GetObject()->GetDictionary().AddKey("Rotate", PdfObject(static_cast<pdf_int64>(90)));
    });
    VerifyReport report = verify_file(bad);
    CHECK_FALSE(report.ok());
    CHECK(mentions(field(report, kent).changes.disallowed, "revision 3: page 1: /Rotate added"));
}

TEST_CASE("tampering: the signer's certificate swapped for another signer's of the same size") {
    auto der_hex = [](const std::string& pem_file) {
        auto [status, text] = run("openssl x509 -in '" + pem_file + "' -outform DER | od -An -v -tx1 | tr -d ' \\n'");
        REQUIRE(status == 0);
        std::string upper = text;
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return upper;
    };
    if (!have("openssl")) return;
    const std::string kent_cert = der_hex(env().certs + "/kent.pem");
    const std::string patrik_cert = der_hex(env().certs + "/patrik.pem");
    REQUIRE(kent_cert.size() == patrik_cert.size());  // same name length, serial length and key size
    std::string bytes = read_file(env().kent_only);
    const size_t at = bytes.rfind(kent_cert);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, kent_cert.size(), patrik_cert);
    const std::string bad = env().path("swapped-cert.pdf");
    write_file_atomically(bad, bytes);
    VerifyReport report = verify_file(bad, env().trust());
    CHECK_FALSE(report.ok());
    const FieldReport& k = field(report, kent);
    CHECK_FALSE(k.signature_ok);
    CHECK(k.problem == "the CMS does not contain the signer's certificate");
    if (have("pdfsig")) CHECK_FALSE(pdfsig_accepts(bad, 1));
}

TEST_CASE("tampering: a forged certificate with the signer's name and serial but another key") {
    if (!have("openssl")) return;
    // The test CA's key makes a certificate that names Kent exactly as his real
    // one does (issuer and serial), so the CMS finds it: the signature and the
    // signing-certificate-v2 hash must then fail.
    const std::string c = env().certs;
    const std::string script =
        "cd '" + c + "' && printf '[s]\\nbasicConstraints = critical, CA:FALSE\\nkeyUsage = critical, digitalSignature, nonRepudiation\\n"
        "extendedKeyUsage = emailProtection\\nsubjectKeyIdentifier = hash\\nauthorityKeyIdentifier = keyid\\n' > forge.cnf && "
        "openssl req -new -newkey rsa:2048 -nodes -sha256 -utf8 -subj '/C=SE/O=Protokoll Test/CN=Kent Lagrell' "
        "-keyout forged.key -out forged.csr 2>/dev/null && "
        "openssl x509 -req -in forged.csr -CA ca.pem -CAkey ca.key -set_serial 1 -sha256 -days 3650 "
        "-extfile forge.cnf -extensions s -out forged.pem 2>/dev/null";
    auto [status, text] = run(script);
    INFO(text);
    REQUIRE(status == 0);
    auto der_hex = [](const std::string& pem_file) {
        auto [s, t] = run("openssl x509 -in '" + pem_file + "' -outform DER | od -An -v -tx1 | tr -d ' \\n'");
        for (auto& ch : t) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return t;
    };
    const std::string real = der_hex(c + "/kent.pem"), forged = der_hex(c + "/forged.pem");
    if (real.size() != forged.size()) return;  // a rare leading-zero difference; the same-size swap above covers the case
    std::string bytes = read_file(env().kent_only);
    const size_t at = bytes.rfind(real);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, real.size(), forged);
    const std::string bad = env().path("forged-cert.pdf");
    write_file_atomically(bad, bytes);
    VerifyReport report = verify_file(bad, env().trust());
    CHECK_FALSE(report.ok());
    const FieldReport& k = field(report, kent);
    CHECK(k.digest_ok);
    CHECK_FALSE(k.signature_ok);
    CHECK_FALSE(k.pades.signing_certificate_matches);
    CHECK(k.problem == "the CMS signature does not verify with the signer's certificate");
    INFO(k.chain.problem);
    // The forged certificate is genuinely from the CA, so trust alone is not
    // enough. It is made after the signature, so on a slow machine its
    // notBefore can fall after /M: then the chain is rightly "not yet valid".
    CHECK((k.chain.status == ChainStatus::Trusted || k.chain.problem == "certificate is not yet valid"));
    if (have("pdfsig")) CHECK_FALSE(pdfsig_accepts(bad, 1));
}

TEST_CASE("tampering: a truncated file") {
    const std::string bytes = read_file(env().both);
    const std::string bad = env().path("truncated.pdf");
    for (size_t cut : {bytes.size() - 10, bytes.size() - 300, read_file(env().kent_only).size() + 100}) {
        INFO("cut at " << cut);
        write_file_atomically(bad, bytes.substr(0, cut));
        VerifyReport report = verify_file(bad, env().trust());
        CHECK_FALSE(report.ok());
        CHECK(report.problem != "");
        if (have("pdfsig")) CHECK_FALSE(pdfsig_accepts(bad, 2));
    }
}

TEST_CASE("chain: untrusted anchors, signing outside the validity, unreadable trust file") {
    SECTION("another CA") {
        REQUIRE(std::system(("openssl req -x509 -new -newkey rsa:2048 -nodes -days 30 -subj '/CN=Other CA' -keyout '" +
                             env().path("other.key") + "' -out '" + env().path("other.pem") + "' 2>/dev/null")
                                .c_str()) == 0);
        VerifyOptions options;
        options.trust_files = {env().path("other.pem")};
        VerifyReport report = verify_file(env().both, options);
        CHECK_FALSE(report.ok());
        CHECK(field(report, kent).chain.status == ChainStatus::Untrusted);
        // The CMS carries the test CA too, but only as an untrusted intermediate.
        CHECK(field(report, kent).chain.problem == "self-signed certificate in certificate chain");
        CHECK(mentions(report.reasons(), "certificate not trusted at signing time"));
        // Intact all the same: trust is a separate question.
        CHECK(field(report, kent).digest_ok);
        CHECK(field(report, kent).signature_ok);
    }
    SECTION("a /M before the certificate was issued") {
        // sign refuses that (signer_test.cpp); a signing service might not:
        // prepared at 2020-01-01 with Kent's certificate of then (valid
        // 2019-2021), the "service" signs with his current one (valid since 2022).
        const std::string early = env().path("early.pdf"), prepared = env().path("early-prepared.pdf");
        SignOptions o = env().options(kent, "kent", 1577880000 /* 2020-01-01 12:00 */);
        o.cert_path = env().certs + "/kent-expired.pem";
        prepare_file(env().input, prepared, o);
        const std::string bytes = read_file(prepared);
        long long r[4];
        REQUIRE(std::sscanf(bytes.c_str() + bytes.find('[', bytes.rfind("/ByteRange")) + 1, "%lld %lld %lld %lld", &r[0],
                            &r[1], &r[2], &r[3]) == 4);
        write_file_atomically(env().path("early.content"),
                              bytes.substr(0, static_cast<size_t>(r[1])) + bytes.substr(static_cast<size_t>(r[2])));
        const std::string& c = env().certs;
        REQUIRE(std::system(("openssl cms -sign -binary -cades -md sha256 -outform DER -in '" + env().path("early.content") +
                             "' -signer '" + c + "/kent.pem' -inkey '" + c + "/kent.key' -certfile '" + c + "/ca.pem' -out '" +
                             env().path("early.p7s") + "'")
                                .c_str()) == 0);
        inject_file(prepared, env().path("early.p7s"), early);
        VerifyReport report = verify_file(early, env().trust());
        CHECK_FALSE(report.ok());
        CHECK(field(report, kent).chain.problem == "certificate is not yet valid");
        CHECK(field(report, kent).chain.checked_at == "2020-01-01T12:00:00Z");
        CHECK(verify_file(early).ok());  // without anchors: not judged
    }
    SECTION("a trust file without a certificate is bad input") {
        VerifyOptions options;
        options.trust_files = {env().certs + "/password.txt"};
        try {
            verify_file(env().both, options);
            FAIL("expected BadInput");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
        }
    }
}

TEST_CASE("report_json: a JSON object python can read, strings escaped") {
    VerifyReport report = verify_file(env().both, env().trust());
    report.fields[0].problem = "quote \" backslash \\ newline \n tab \t bell \a bad \xff utf8 \xC3\x85";
    const std::string json = report_json(report, "a \"b\".pdf");
    CHECK(json.rfind("{\n  \"format\": \"protokoll-verify/1\",\n  \"file\": \"a \\\"b\\\".pdf\"", 0) == 0);
    CHECK(json.find("quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 bad \xEF\xBF\xBD utf8 \xC3\x85") != std::string::npos);
    if (have("python3")) {
        write_file_atomically(env().path("report.json"), json);
        auto [status, text] = run("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
                                  "assert d[\"verdict\"]==\"invalid\"; assert d[\"fields\"][1][\"chain\"][\"status\"]==\"trusted\"; "
                                  "assert d[\"fields\"][1][\"pades\"][\"level\"]==\"B-B\"; print(\"ok\")' '" +
                                  env().path("report.json") + "'");
        INFO(text << json);
        CHECK(status == 0);
    }
}

TEST_CASE("verify: a certification signature reports its DocMDP permissions, and signing after it is permitted") {
    const std::string certified = env().path("certified.pdf"), countersigned = env().path("certified2.pdf");
    SignOptions o = env().options(kent, "kent");
    o.certify = true;
    sign_file(env().input, certified, o);
    sign_file(certified, countersigned, env().options(sara, "sara", signing_time + 60));
    VerifyReport report = verify_file(countersigned, env().trust());
    INFO(report_text(report, countersigned));
    CHECK(report.ok());
    CHECK(field(report, kent).docmdp == 2);
    CHECK(field(report, sara).docmdp == 0);
    CHECK(field(report, kent).changes.disallowed.empty());
    CHECK(report_json(report, countersigned).find("\"docmdp\": 2") != std::string::npos);
}

TEST_CASE("tampering: a page's content stream rewritten in an incremental update") {
    const std::string bad = env().path("content-changed.pdf");
    std::string contents_ref;
    append_update(env().both, bad, [&](PoDoFo::PdfMemDocument& doc) {
        PoDoFo::PdfObject* contents = doc.GetPage(0)->GetContents();
        REQUIRE(contents);
        contents_ref = contents->Reference().ToString();
        const std::string text = "BT /F0 12 Tf 56 780 Td (Beslut: avslag.) Tj ET";
        contents->GetStream()->Set(text.c_str(), static_cast<PoDoFo::pdf_long>(text.size()));
    });
    VerifyReport report = verify_file(bad, env().trust());
    INFO(report_text(report, bad));
    CHECK_FALSE(report.ok());
    for (const auto& who : {kent, sara}) {
        const FieldReport& f = field(report, who);
        CHECK(f.digest_ok);
        CHECK(mentions(f.changes.disallowed, "revision 4: page 1: /Contents (object " + contents_ref + "): its stream data differs"));
    }
    if (have("pdfsig")) CHECK_FALSE(pdfsig_accepts(bad, 2));
}

TEST_CASE("random damage to the newest update never crashes the change analysis") {
    // The bytes of Sara's update are where the comparison of revisions reads
    // the most structure (catalog, field, widget, signature dictionary).
    const std::string bytes = read_file(env().both);
    const size_t from = read_file(env().kent_only).size();
    const std::string bad = env().path("tail-fuzzed.pdf");
    long long r[4];
    const size_t range = bytes.rfind("/ByteRange");
    REQUIRE(std::sscanf(bytes.c_str() + bytes.find('[', range) + 1, "%lld %lld %lld %lld", &r[0], &r[1], &r[2], &r[3]) == 4);
    const size_t gap_from = static_cast<size_t>(r[1]), gap_to = static_cast<size_t>(r[2]);
    unsigned state = 4711;
    auto next = [&state] { return state = state * 1103515245u + 12345u, state >> 8; };
    int reports = 0;
    for (int round = 0; round < 200; ++round) {
        std::string damaged = bytes;
        for (int flips = 1 + next() % 3; flips > 0; --flips) {
            const size_t at = from + next() % (damaged.size() - from);
            static const char pool[] = "0123456789 /<>[]()RobjendxefFT\n";
            damaged[at] = next() % 2 ? pool[next() % (sizeof pool - 1)] : static_cast<char>(next() & 0xff);
        }
        if (damaged == bytes) continue;
        write_file_atomically(bad, damaged);
        INFO("round " << round);
        try {
            VerifyReport report = verify_file(bad, env().trust());
            ++reports;
            (void)report_json(report, bad);
            (void)report_text(report, bad);
            // Sara signs every byte of her update but her /Contents: only a
            // change there (the zero padding after the DER) may go unnoticed.
            if (report.ok())
                for (size_t i = from; i < bytes.size(); ++i)
                    if (damaged[i] != bytes[i]) CHECK((i > gap_from && i + 1 < gap_to));
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
        }
    }
    CHECK(reports > 0);
}
