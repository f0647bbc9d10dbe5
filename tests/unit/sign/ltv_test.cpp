// seal (PAdES B-LT) and verify's revocation and key-usage checks, against the
// test PKI's OCSP responder and CRL (tests/tools/test-pki.py on 127.0.0.1,
// started here), with certificates that name its addresses.
#include "sign/sign.h"
#include "seal/seal.h"
#include "verify/verify.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "crypto/ltv.h"

#include "checks.h"
#include "pdf_fixture.h"
#include "pki_fixture.h"

#include <catch2/catch.hpp>
#include <podofo/podofo.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
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
// The test PKI's spare signers, each revoked by one test: their own fields.
const std::string signer4 = "Test Signer 4", signer5 = "Test Signer 5", signer6 = "Test Signer 6";

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

// The test PKI's services (pki_fixture.h) and a two-field input, removed
// when the test process ends.
struct Pki {
    std::string dir, certs, url, password, input;
    std::unique_ptr<TestPki> server;

    Pki() {
        char tmpl[] = "/tmp/protokoll-ltv-test-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        certs = dir + "/pki";
        server = std::make_unique<TestPki>(certs);
        url = server->url();
        password = read_file(certs + "/password.txt");
        input = dir + "/unsigned.pdf";
        make_two_field_pdf(input, kent, sara);
    }
    ~Pki() {
        server.reset();
        if (!std::getenv("PROTOKOLL_KEEP_TEST_FILES")) std::system(("rm -rf '" + dir + "'").c_str());
    }

    std::string path(const std::string& name) const { return dir + "/" + name; }
    // A two-field input whose first field is `person`'s (sign signs a field
    // with its person's certificate only), made once per person.
    std::string input_of(const std::string& person) const {
        std::string file = dir + "/unsigned-" + person + ".pdf";
        std::replace(file.begin(), file.end(), ' ', '-');
        if (!exists(file)) make_two_field_pdf(file, person, sara);
        return file;
    }
    // The requests the services answered so far, one line each ("POST /ocsp 200").
    std::string requests() const { return exists(certs + "/requests.log") ? read_file(certs + "/requests.log") : ""; }

    SignOptions options(const std::string& field, const std::string& key, std::time_t time = 0) const {
        SignOptions o;
        o.field = field;
        o.p12_path = certs + "/" + key + ".p12";
        o.password = password;
        o.time = time ? time : std::time(nullptr);
        o.any_order = true;
        return o;
    }
    SealOptions seal(bool trust = true) const {
        SealOptions o;
        if (trust) o.trust_files = {certs + "/ca.pem"};
        o.timeout_seconds = 10;
        return o;
    }
    VerifyOptions trust() const {
        VerifyOptions o;
        o.trust_files = {certs + "/ca.pem"};
        return o;
    }
};

Pki& pki() {
    static Pki instance;
    return instance;
}

// Kent and Sara sign (kent.p12, sara.p12), once per test process.
const std::string& both_signed() {
    static const std::string path = [] {
        const std::string kent_only = pki().path("kent.pdf"), both = pki().path("both.pdf");
        sign_file(pki().input, kent_only, pki().options(kent, "kent"));
        sign_file(kent_only, both, pki().options(sara, "sara"));
        return both;
    }();
    return path;
}

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

// The /Contents of every signature and the /DSS's /VRI keys of a file.
struct DssView {
    std::vector<std::string> contents;
    std::vector<std::string> vri_keys;
    size_t certs = 0, ocsps = 0, crls = 0;
};
DssView read_dss(const std::string& file) {
    using namespace PoDoFo;
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    DssView out;
    PdfMemDocument doc;
    doc.Load(file.c_str());
    for (PdfObject* object : doc.GetObjects()) {
        if (!object || !object->IsDictionary()) continue;
        const PdfObject* type = object->GetDictionary().GetKey("Type");
        const PdfObject* contents = object->GetDictionary().GetKey("Contents");
        if (type && type->IsName() && type->GetName().GetName() == "Sig" && contents && contents->IsHexString())
            out.contents.emplace_back(contents->GetString().GetString(), contents->GetString().GetLength());
    }
    PdfObject* dss = doc.GetCatalog()->GetIndirectKey("DSS");
    if (!dss) return out;
    auto size_of = [&](const char* key) {
        PdfObject* array = dss->GetIndirectKey(key);
        return array && array->IsArray() ? array->GetArray().size() : 0;
    };
    out.certs = size_of("Certs");
    out.ocsps = size_of("OCSPs");
    out.crls = size_of("CRLs");
    if (PdfObject* vri = dss->GetIndirectKey("VRI"))
        for (const auto& [name, value] : vri->GetDictionary().GetKeys()) out.vri_keys.push_back(name.GetName());
    return out;
}

}  // namespace

TEST_CASE("seal: the /DSS gets every certificate, an OCSP response and the CRL, and a /VRI entry per signature") {
    const std::string in = both_signed(), out = pki().path("sealed.pdf");
    const size_t ocsp_before = count(pki().requests(), "POST /ocsp 200");
    const size_t crl_before = count(pki().requests(), "GET /crl/ca.crl 200");
    std::vector<std::string> warnings;
    SealOptions options = pki().seal();
    options.warn = [&](const std::string& w) { warnings.push_back(w); };
    const SealReport report = seal_file(in, out, options);
    INFO(report.fetched.size() << " fetched");
    CHECK(warnings.empty());
    CHECK(report.signatures == 2);
    CHECK(report.certificates == 4);  // Kent, Sara, the CA and the OCSP responder
    CHECK(report.ocsp_responses == 2);
    CHECK(report.crls == 1);          // one CA, one CRL: fetched once
    CHECK(count(pki().requests(), "POST /ocsp 200") == ocsp_before + 2);
    CHECK(count(pki().requests(), "GET /crl/ca.crl 200") == crl_before + 1);

    // An incremental update: the signed file is a byte prefix of the sealed one.
    const std::string before = read_file(in), after = read_file(out);
    REQUIRE(after.size() > before.size());
    CHECK(after.compare(0, before.size(), before) == 0);
    CHECK(report.bytes_added == after.size() - before.size());
    CHECK(report.bytes_added < 12000);

    const DssView dss = read_dss(out);
    CHECK(dss.certs == 4);
    CHECK(dss.ocsps == 2);
    CHECK(dss.crls == 1);
    REQUIRE(dss.contents.size() == 2);
    REQUIRE(dss.vri_keys.size() == 2);
    // Keyed by the SHA-1 of /Contents as written, zero padding included.
    for (const auto& contents : dss.contents) {
        CHECK(contents.back() == '\0');  // /Contents is padded: the key is not the DER's
        const std::string key = ltv::vri_key(contents);
        CHECK(key.size() == 40);
        CHECK(std::find(dss.vri_keys.begin(), dss.vri_keys.end(), key) != dss.vri_keys.end());
    }
}

TEST_CASE("verify: a sealed file's signatures are good by the /DSS, offline, and the DSS is a permitted change") {
    const std::string out = pki().path("sealed-verify.pdf");
    seal_file(both_signed(), out, pki().seal());
    const std::string requests = pki().requests();
    const VerifyReport report = verify_file(out, pki().trust());
    INFO(report_text(report, out));
    CHECK(pki().requests() == requests);  // verify asked nobody
    CHECK(report.ok());
    CHECK(report.dss);
    CHECK_FALSE(report.last_covers_file);  // the DSS update follows the last signature
    CHECK(report.document_timestamps.empty());
    for (const auto& who : {kent, sara}) {
        const FieldReport& f = field(report, who);
        CHECK(f.key_usage_ok);
        CHECK(f.revocation.status == RevocationStatus::Good);
        CHECK(f.revocation.source == RevocationSource::Ocsp);
        CHECK(f.revocation.checked_at == f.time_utc);
        CHECK(f.revocation.this_update.size() == 20);
        CHECK(f.revocation.revocation_time == "");
        CHECK(f.pades.dss);
        CHECK(f.pades.validation_data);
        // No signature timestamp: B-B with validation data, not B-LT (EN 319 142-1).
        CHECK_FALSE(f.pades.timestamp_token);
        CHECK(f.pades.level == PadesLevel::BB);
        CHECK(f.changes.disallowed.empty());
        CHECK(mentions(f.changes.permitted, "validation data (/DSS) added: "));
    }
    const std::string json = report_json(report, out);
    CHECK(json.find("\"document_timestamps\": [],") != std::string::npos);
    CHECK(json.find("\"key_usage_ok\": true,") != std::string::npos);
    CHECK(json.find("\"revocation\": {\"status\": \"good\", \"source\": \"ocsp\", \"checked_at\": ") != std::string::npos);
    CHECK(json.find("\"validation_data\": true, \"level\": \"B-B\"") != std::string::npos);

    // Without the DSS (the signed file as it was) there is no revocation data: not a failure.
    const VerifyReport unsealed = verify_file(both_signed(), pki().trust());
    CHECK(unsealed.ok());
    CHECK(field(unsealed, kent).revocation.status == RevocationStatus::NoData);
    CHECK(field(unsealed, kent).revocation.source == RevocationSource::None);
    CHECK_FALSE(field(unsealed, kent).pades.validation_data);
}

TEST_CASE("seal: signing a sealed file and sealing it again are refused") {
    const std::string sealed = pki().path("sealed-twice.pdf");
    seal_file(both_signed(), sealed, pki().seal());
    Error again = bad_input([&] { seal_file(sealed, pki().path("x.pdf"), pki().seal()); });
    CHECK(again.message().find("sealed already") != std::string::npos);
    CHECK_FALSE(exists(pki().path("x.pdf")));
}

TEST_CASE("seal: refused without signatures and before the last signer, unless allow_unsigned") {
    Error none = bad_input([&] { seal_file(pki().input, pki().path("x.pdf"), pki().seal()); });
    CHECK(none.message().find("no signatures") != std::string::npos);

    const std::string kent_only = pki().path("kent-only.pdf");
    sign_file(pki().input, kent_only, pki().options(kent, "kent"));
    Error early = bad_input([&] { seal_file(kent_only, pki().path("x.pdf"), pki().seal()); });
    CHECK(early.message().find("\"Sara Nordenhielm\" has not signed") != std::string::npos);
    CHECK_FALSE(exists(pki().path("x.pdf")));

    SealOptions options = pki().seal();
    options.allow_unsigned = true;
    const std::string sealed = pki().path("kent-only-sealed.pdf");
    CHECK(seal_file(kent_only, sealed, options).signatures == 1);
    // Nobody signs after the seal.
    Error late = bad_input([&] { sign_file(sealed, pki().path("x.pdf"), pki().options(sara, "sara")); });
    CHECK(late.message().find("the file is sealed") != std::string::npos);
    CHECK_FALSE(exists(pki().path("x.pdf")));
}

TEST_CASE("seal: a signer who is not the field's person is refused, unless allow_signer_mismatch") {
    // Kent signs Sara's field knowingly (the signature records it).
    const std::string in = pki().path("mismatch.pdf"), sealed = pki().path("mismatch-sealed.pdf");
    SignOptions o = pki().options(sara, "kent");
    o.signer_mismatch_ok = true;
    sign_file(pki().input, in, o);
    SealOptions options = pki().seal();
    options.allow_unsigned = true;
    Error e = bad_input([&] { seal_file(in, sealed, options); });
    CHECK(e.message().find("does not verify") != std::string::npos);
    CHECK(e.message().find("whose certificate does not name the field's person \"Sara Nordenhielm\"") != std::string::npos);
    CHECK_FALSE(exists(sealed));
    options.allow_signer_mismatch = true;
    CHECK(seal_file(in, sealed, options).signatures == 1);
}

TEST_CASE("seal: a certificate whose revocation data cannot be fetched is named, with the address") {
    // Certificates naming a port where nothing listens.
    const std::string dead = pki().path("dead-pki");
    REQUIRE(std::system((std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools/make-test-certs.sh '" + dead +
                         "' http://127.0.0.1:9 >/dev/null").c_str()) == 0);
    SignOptions o = pki().options(kent, "kent");
    o.p12_path = dead + "/kent.p12";
    o.no_revocation_check = true;  // sign would ask the dead responder first
    const std::string signed_file = pki().path("dead-signed.pdf");
    sign_file(pki().input, signed_file, o);
    SealOptions options = pki().seal(false);
    options.allow_unsigned = true;
    options.timeout_seconds = 2;
    Error e = bad_input([&] { seal_file(signed_file, pki().path("x.pdf"), options); });
    CHECK(e.message().find("no revocation data for \"CN=Kent Lagrell,O=Protokoll Test,C=SE\"") != std::string::npos);
    CHECK(e.message().find("http://127.0.0.1:9/ocsp") != std::string::npos);
    CHECK_FALSE(exists(pki().path("x.pdf")));

    // Certificates naming no service at all.
    const std::string bare = pki().path("bare-pki");
    REQUIRE(std::system((std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools/make-test-certs.sh '" + bare + "' >/dev/null").c_str()) == 0);
    o.p12_path = bare + "/kent.p12";
    sign_file(pki().input, signed_file, o);
    Error none = bad_input([&] { seal_file(signed_file, pki().path("x.pdf"), options); });
    CHECK(none.message().find("names no OCSP responder and no CRL distribution point") != std::string::npos);

    // With --trust, a chain must reach an anchor the file verifies against.
    options.trust_files = {pki().certs + "/ca.pem"};
    Error untrusted = bad_input([&] { seal_file(signed_file, pki().path("x.pdf"), options); });
    CHECK(untrusted.message().find("does not verify") != std::string::npos);
}

TEST_CASE("verify: a signer revoked before signing fails, with the revocation time and reason") {
    REQUIRE(std::system((std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools/make-test-certs.sh --revoke '" + pki().certs +
                         "' signer4").c_str()) == 0);
    const std::string signed_file = pki().path("revoked-signed.pdf"), sealed = pki().path("revoked-sealed.pdf");
    // sign asks the responder first and refuses the revoked certificate.
    Error refused = bad_input([&] { sign_file(pki().input_of(signer4), signed_file, pki().options(signer4, "signer4")); });
    CHECK(refused.message().find("is revoked since") != std::string::npos);
    CHECK_FALSE(exists(signed_file));
    // Signed now without asking: at or after the revocation, which has whole seconds.
    SignOptions unchecked = pki().options(signer4, "signer4");
    unchecked.no_revocation_check = true;
    sign_file(pki().input_of(signer4), signed_file, unchecked);
    std::vector<std::string> warnings;
    SealOptions options = pki().seal();
    options.allow_unsigned = true;
    options.warn = [&](const std::string& w) { warnings.push_back(w); };
    seal_file(signed_file, sealed, options);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("\"CN=Test Signer 4,O=Protokoll Test,C=SE\" is revoked since") == 0);

    const VerifyReport report = verify_file(sealed, pki().trust());
    INFO(report_text(report, sealed));
    CHECK_FALSE(report.ok());
    const FieldReport& f = field(report, signer4);
    CHECK(f.signature_ok);
    CHECK(f.chain.status == ChainStatus::Trusted);
    CHECK(f.revocation.status == RevocationStatus::Revoked);
    CHECK(f.revocation.source == RevocationSource::Ocsp);
    CHECK(f.revocation.reason == "keyCompromise");
    CHECK(f.revocation.revocation_time.size() == 20);
    CHECK(f.revocation.revocation_time <= f.time_utc);
    CHECK(f.problem.find("the signer's certificate (Test Signer 4) was revoked at " + f.revocation.revocation_time +
                         " (keyCompromise), before the signing time") == 0);
    CHECK(report.reasons().size() == 1);
    // The CRL says the same, on its own.
    CHECK(report_json(report, sealed).find("\"status\": \"revoked\"") != std::string::npos);
}

TEST_CASE("verify: revoked after the claimed signing time, with no timestamp to prove it, fails") {
    // Signed (by /M) an hour ago, before its revocation, and no timestamp
    // proves it.
    const std::string signed_file = pki().path("late-revoked.pdf"), sealed = pki().path("late-revoked-sealed.pdf");
    sign_file(pki().input_of(signer5), signed_file, pki().options(signer5, "signer5", std::time(nullptr) - 3600));
    REQUIRE(std::system((std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools/make-test-certs.sh --revoke '" + pki().certs +
                         "' signer5").c_str()) == 0);
    SealOptions options = pki().seal(false);
    options.allow_unsigned = true;
    seal_file(signed_file, sealed, options);
    const VerifyReport report = verify_file(sealed);
    const FieldReport& f = field(report, signer5);
    INFO(report_text(report, sealed));
    CHECK(f.revocation.status == RevocationStatus::Revoked);
    CHECK(f.revocation.revocation_time > f.time_utc);
    CHECK(f.problem.find("after the claimed signing time") != std::string::npos);
    CHECK(f.problem.find("no timestamp proves the signature existed before the revocation") != std::string::npos);
    CHECK_FALSE(report.ok());
}

TEST_CASE("verify: a signer certificate whose key usage does not allow signing fails") {
    // sign refuses such a certificate (sign_test.cpp); a signing service
    // might not: --prepare with Kent's certificate, the "service" signs with
    // his encryption certificate (keyUsage keyEncipherment only), --inject.
    const std::string& c = pki().certs;
    const std::string prepared = pki().path("ku-prepared.pdf"), signed_file = pki().path("ku.pdf");
    SignOptions o = pki().options(kent, "kent");
    o.cert_path = pki().path("kent-chain.pem");  // the certificate, then its issuer (for the revocation check)
    write_file_atomically(o.cert_path, read_file(c + "/kent.pem") + read_file(c + "/ca.pem"));
    prepare_file(pki().input, prepared, o);
    const std::string bytes = read_file(prepared);
    long long r[4];
    REQUIRE(std::sscanf(bytes.c_str() + bytes.find('[', bytes.rfind("/ByteRange")) + 1, "%lld %lld %lld %lld", &r[0], &r[1],
                        &r[2], &r[3]) == 4);
    write_file_atomically(pki().path("ku.content"),
                          bytes.substr(0, static_cast<size_t>(r[1])) + bytes.substr(static_cast<size_t>(r[2])));
    REQUIRE(std::system(("openssl cms -sign -binary -cades -md sha256 -outform DER -in '" + pki().path("ku.content") +
                         "' -signer '" + c + "/kent-nosign.pem' -inkey '" + c + "/kent-nosign.key' -certfile '" + c +
                         "/ca.pem' -out '" + pki().path("ku.p7s") + "'")
                            .c_str()) == 0);
    inject_file(prepared, pki().path("ku.p7s"), signed_file);
    const VerifyReport report = verify_file(signed_file, pki().trust());
    const FieldReport& f = field(report, kent);
    CHECK(f.signature_ok);
    CHECK(f.signer_matches_field);
    CHECK_FALSE(f.key_usage_ok);
    CHECK(f.problem == "the signer's certificate does not allow signing (keyUsage has neither digitalSignature nor nonRepudiation)");
    CHECK_FALSE(report.ok());
    CHECK(report_json(report, signed_file).find("\"key_usage_ok\": false") != std::string::npos);
    // The test PKI's signers have digitalSignature and nonRepudiation.
    CHECK(field(verify_file(both_signed(), pki().trust()), kent).key_usage_ok);
}

TEST_CASE("ltv: revocation data from an adbe-revocationInfoArchival value is read, malformed parts skipped") {
    const std::string crl = read_file(pki().certs + "/ca.crl");
    REQUIRE(crl.size() > 2);
    REQUIRE(crl.size() < 0x10000);
    auto wrap = [](unsigned char tag, const std::string& content) {
        std::string out(1, static_cast<char>(tag));
        if (content.size() < 0x80) {
            out += static_cast<char>(content.size());
        } else {
            out += '\x82';
            out += static_cast<char>(content.size() >> 8);
            out += static_cast<char>(content.size() & 0xff);
        }
        return out + content;
    };
    ltv::Evidence evidence;
    // crl [0] EXPLICIT SEQUENCE OF CertificateList, ocsp [1] (empty), otherRevInfo [2]
    ltv::read_revocation_archival(
        wrap(0x30, wrap(0xa0, wrap(0x30, crl + crl)) + wrap(0xa1, wrap(0x30, "")) + wrap(0xa2, wrap(0x30, "x"))), evidence);
    REQUIRE(evidence.crls.size() == 2);
    CHECK(evidence.crls[0] == crl);
    CHECK(evidence.ocsps.empty());
    ltv::Evidence broken;
    ltv::read_revocation_archival(wrap(0x30, wrap(0xa0, wrap(0x30, crl)).substr(0, 40)), broken);
    ltv::read_revocation_archival("\x30\x84\xff\xff\xff\xff", broken);
    CHECK(broken.crls.empty());
}

namespace {

// Kent and Sara sign with signature timestamps from the test TSA (B-T).
const std::string& both_stamped() {
    static const std::string path = [] {
        const std::string kent_only = pki().path("kent-stamped.pdf"), both = pki().path("both-stamped.pdf");
        SignOptions k = pki().options(kent, "kent"), s = pki().options(sara, "sara");
        k.tsa_url = s.tsa_url = pki().url + "/tsa";
        sign_file(pki().input, kent_only, k);
        sign_file(kent_only, both, s);
        return both;
    }();
    return path;
}


}  // namespace

TEST_CASE("seal: timestamped signatures with validation data are B-LT, judged at the timestamp's time") {
    const std::string out = pki().path("b-lt.pdf");
    std::vector<std::string> warnings;
    SealOptions options = pki().seal();
    options.warn = [&](const std::string& w) { warnings.push_back(w); };
    const SealReport sealed = seal_file(both_stamped(), out, options);
    CHECK(sealed.certificates == 5);  // Kent, Sara, the CA, the OCSP responder, the TSA
    CHECK(sealed.document_timestamp_field.empty());
    // The test TSA's certificate names no OCSP responder or CRL: told once, not per signature.
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("the timestamp certificate \"CN=Protokoll Test TSA,O=Protokoll Test,C=SE\" names no OCSP responder or CRL") !=
          std::string::npos);

    const VerifyReport report = verify_file(out, pki().trust());
    INFO(report_text(report, out));
    CHECK(report.ok());
    for (const auto& who : {kent, sara}) {
        const FieldReport& f = field(report, who);
        CHECK(f.timestamp.present);
        CHECK(f.pades.validation_data);
        CHECK(f.pades.level == PadesLevel::BLT);
        CHECK(f.revocation.status == RevocationStatus::Good);
        CHECK(f.revocation.checked_at == f.timestamp.time_utc);
    }
}

TEST_CASE("seal --tsa: a document timestamp over the /DSS makes B-LTA, and changing the /DSS afterwards breaks it") {
    const std::string out = pki().path("b-lta.pdf");
    SealOptions options = pki().seal();
    options.tsa_url = pki().url + "/tsa";
    const std::string& in = both_stamped();  // signed (two tokens) before counting
    const int stamps = count(pki().requests(), "POST /tsa 200");
    const SealReport sealed = seal_file(in, out, options);
    CHECK(count(pki().requests(), "POST /tsa 200") == static_cast<size_t>(stamps) + 1);
    CHECK(sealed.document_timestamp_field == "Document timestamp");
    CHECK(sealed.document_timestamp.size() == 20);
    CHECK(sealed.timestamp_bytes_added > 0);
    CHECK(sealed.timestamp_bytes_added < sealed.bytes_added);
    const std::string before = read_file(both_stamped()), after = read_file(out);
    CHECK(after.compare(0, before.size(), before) == 0);
    CHECK(after.find("/Type /DocTimeStamp") != std::string::npos);
    CHECK(after.find("/SubFilter /ETSI.RFC3161") != std::string::npos);

    const VerifyReport report = verify_file(out, pki().trust());
    INFO(report_text(report, out));
    CHECK(report.ok());
    CHECK(report.last_covers_file);  // the document timestamp reaches the end
    REQUIRE(report.fields.size() == 2);  // the timestamp's field is no signer's
    REQUIRE(report.document_timestamps.size() == 1);
    const DocumentTimestampReport& t = report.document_timestamps[0];
    CHECK(t.field == "Document timestamp");
    CHECK(t.valid);
    CHECK(t.covers_dss);
    CHECK(t.covers == static_cast<long long>(after.size()));
    CHECK(t.time == sealed.document_timestamp);
    CHECK(t.tsa == "CN=Protokoll Test TSA,O=Protokoll Test,C=SE");
    CHECK(t.problem == "");
    for (const auto& who : {kent, sara}) {
        const FieldReport& f = field(report, who);
        CHECK(f.pades.level == PadesLevel::BLTA);
        CHECK(f.changes.disallowed.empty());
        CHECK(mentions(f.changes.permitted, "document timestamp added in the invisible field \"Document timestamp\""));
    }
    const std::string json = report_json(report, out);
    CHECK(json.find("\"document_timestamps\": [\n    {\"field\": \"Document timestamp\", \"time\": \"" + t.time +
                    "\", \"tsa\": \"CN=Protokoll Test TSA,O=Protokoll Test,C=SE\", \"covers\": " + std::to_string(t.covers) +
                    ", \"covers_dss\": true, \"valid\": true, \"problem\": \"\", \"tsa_not_after\": \"" + t.tsa_not_after +
                    "\"}\n  ],") != std::string::npos);
    // The TSA certificate's end, as OpenSSL reads it: when the proof must be renewed.
    CHECK(t.tsa_not_after.size() == 20);
    CHECK(report.proof_expires() == t.tsa_not_after);

    // One byte of the /DSS changed (a certificate stream's, between the
    // signatures and the timestamp): the timestamp no longer matches, the
    // signatures themselves are untouched.
    std::string bad = after;
    const size_t dss = bad.find("/Type /DSS");
    REQUIRE(dss != std::string::npos);
    const size_t stream = bad.find("stream", before.size());
    REQUIRE(stream < dss);
    bad[stream + 20] = static_cast<char>(bad[stream + 20] ^ 0x01);
    const std::string tampered = pki().path("b-lta-tampered.pdf");
    write_file_atomically(tampered, bad);
    const VerifyReport broken = verify_file(tampered, pki().trust());
    CHECK_FALSE(broken.ok());
    REQUIRE(broken.document_timestamps.size() == 1);
    CHECK_FALSE(broken.document_timestamps[0].valid);
    CHECK(broken.document_timestamps[0].problem ==
          "the token does not stamp this file: its message imprint is not the hash of the byte ranges");
    CHECK(field(broken, kent).digest_ok);
    CHECK(field(broken, kent).pades.level == PadesLevel::BLT);
}

TEST_CASE("verify: revoked after the timestamp-proven signing time, the signature stays valid, and says so") {
    const std::string signed_file = pki().path("stamped-then-revoked.pdf"), sealed = pki().path("stamped-then-revoked-sealed.pdf");
    SignOptions o = pki().options(signer6, "signer6");
    o.tsa_url = pki().url + "/tsa";
    sign_file(pki().input_of(signer6), signed_file, o);
    // Revoked an hour from now: surely after the time-stamp, without waiting.
    const std::string& c = pki().certs;
    REQUIRE(std::system((std::string(PROTOKOLL_SOURCE_DIR) + "/tests/tools/make-test-certs.sh --revoke '" + c + "' signer6").c_str()) == 0);
    const std::string later = [] {
        std::time_t t = std::time(nullptr) + 3600;
        std::tm tm{};
        gmtime_r(&t, &tm);
        char buf[32];
        std::strftime(buf, sizeof buf, "%y%m%d%H%M%SZ", &tm);
        return std::string(buf);
    }();
    REQUIRE(std::system(("cd '" + c + "' && python3 -c \"import sys; lines = open('index.txt').read().splitlines(); "
                         "out = [l.split('\\t')[0] + '\\t' + l.split('\\t')[1] + '\\t" + later +
                         ",keyCompromise\\t' + '\\t'.join(l.split('\\t')[3:]) if l.startswith('R') and 'Signer 6' in l else l for l in lines]; "
                         "open('index.txt', 'w').write('\\n'.join(out) + '\\n')\" && "
                         "openssl ca -batch -config ca.cnf -gencrl -crldays 30 -out ca.crl.pem 2>/dev/null && "
                         "openssl crl -in ca.crl.pem -outform DER -out ca.crl")
                            .c_str()) == 0);
    SealOptions options = pki().seal();
    options.allow_unsigned = true;
    seal_file(signed_file, sealed, options);
    const VerifyReport report = verify_file(sealed, pki().trust());
    INFO(report_text(report, sealed));
    const FieldReport& f = field(report, signer6);
    CHECK(f.timestamp.present);
    CHECK(f.revocation.status == RevocationStatus::Revoked);
    CHECK(f.revocation.revocation_time > f.timestamp.time_utc);
    CHECK(f.revocation.checked_at == f.timestamp.time_utc);
    CHECK(f.revocation.note == "revoked after the timestamp-proven signing time " + f.timestamp.time_utc +
                                   ": the signature stays valid");
    CHECK(f.problem == "");
    CHECK(report.ok());
}

TEST_CASE("seal --renew: fresh validation data and a second document timestamp over a sealed file, every signature still valid") {
    const std::string sealed = pki().path("renew-1.pdf");
    SealOptions options = pki().seal();
    options.tsa_url = pki().url + "/tsa";
    seal_file(both_stamped(), sealed, options);
    const std::string first = read_file(sealed);

    // Sealing again is refused unless asked for; renewing needs a TSA and a sealed file.
    CHECK_THROWS_WITH(seal_file(sealed, pki().path("renew-refused.pdf"), options),
                      Catch::Matchers::Contains("the file is sealed already"));
    SealOptions renew = options;
    renew.renew = true;
    SealOptions no_tsa = renew;
    no_tsa.tsa_url.clear();
    CHECK_THROWS_WITH(seal_file(sealed, pki().path("renew-no-tsa.pdf"), no_tsa), Catch::Matchers::Contains("give --tsa URL"));
    CHECK_THROWS_WITH(seal_file(both_stamped(), pki().path("renew-unsealed.pdf"), renew),
                      Catch::Matchers::Contains("nothing to renew"));

    const std::string renewed = pki().path("renew-2.pdf");
    const SealReport report = seal_file(sealed, renewed, renew);
    CHECK(report.document_timestamp_field == "Document timestamp 2");
    const std::string bytes = read_file(renewed);
    CHECK(bytes.compare(0, first.size(), first) == 0);  // the sealed file's bytes stay

    const VerifyReport checked = verify_file(renewed, pki().trust());
    INFO(report_text(checked, renewed));
    CHECK(checked.ok());
    REQUIRE(checked.document_timestamps.size() == 2);
    for (const auto& t : checked.document_timestamps) {
        CHECK(t.valid);
        CHECK(t.covers_dss);
    }
    for (const auto& who : {kent, sara}) {
        const FieldReport& f = field(checked, who);
        CHECK(f.pades.level == PadesLevel::BLTA);
        CHECK(f.changes.disallowed.empty());
        CHECK(mentions(f.changes.permitted, "validation data (/DSS) updated: "));
        CHECK(mentions(f.changes.permitted, "document timestamp added in the invisible field \"Document timestamp 2\""));
        CHECK((f.changes.level == ChangeLevel::ValidationData || f.changes.level == ChangeLevel::Signing));
    }
}
