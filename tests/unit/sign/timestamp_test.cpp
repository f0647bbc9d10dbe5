// PAdES B-T: signature-time-stamps from the test TSA (tests/tools/test-pki.py
// on 127.0.0.1), what sign does when the TSA fails, and what verify says about
// intact, grafted and damaged tokens. `openssl ts -verify` and pdfsig are the
// independent judges.
#include "sign/sign.h"
#include "verify/verify.h"
#include "crypto/tsa.h"
#include "net/fetch.h"

#include "base/diagnostic.h"
#include "base/files.h"

#include "checks.h"
#include "pdf_fixture.h"
#include "pki_fixture.h"
#include "shell.h"

#include <catch2/catch.hpp>
#include <openssl/cms.h>
#include <openssl/err.h>

#include <arpa/inet.h>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

using namespace protokoll;
using namespace protokoll::sign;

namespace {

using namespace protokoll::sign::testing;

const std::string kent = "Kent Lagrell";
const std::string sara = "Sara Nordenhielm";

struct Env {
    std::string dir, password, input;
    std::unique_ptr<TestPki> pki;

    Env() {
        char tmpl[] = "/tmp/protokoll-timestamp-test-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        pki = std::make_unique<TestPki>(dir + "/pki");
        password = read_file(pki->dir() + "/password.txt");
        input = dir + "/unsigned.pdf";
        make_two_field_pdf(input, kent, sara);
    }
    ~Env() {
        pki.reset();
        if (!std::getenv("PROTOKOLL_KEEP_TEST_FILES")) std::system(("rm -rf '" + dir + "'").c_str());
    }
    std::string path(const std::string& name) const { return dir + "/" + name; }
    std::string cert(const std::string& name) const { return pki->dir() + "/" + name; }
    // Signed now (the certificates were made a moment ago), stamped by the test TSA.
    SignOptions options(const std::string& field, const std::string& key) const {
        SignOptions o;
        o.field = field;
        o.p12_path = cert(key + ".p12");
        o.password = password;
        o.time = std::time(nullptr);
        o.tsa_url = pki->tsa_url();
        return o;
    }
    VerifyOptions trust() const {
        VerifyOptions o;
        o.trust_files = {cert("ca.pem")};
        return o;
    }
    int tokens_issued() const { return pki->requests("POST /tsa 200"); }
};

Env& env() {
    static Env instance;
    return instance;
}

// The Error of `action`, failing the test if there is none.
Error error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        return e;
    }
    FAIL("expected protokoll::Error");
    throw;
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

// A loopback port nobody listens on: bound, read and closed again.
std::string closed_port_url() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    ::close(fd);
    return "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/tsa";
}

// ---- The CMS in /Contents and the token in it, through OpenSSL -------------

struct CmsFree {
    void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); }
};
using Cms = std::unique_ptr<CMS_ContentInfo, CmsFree>;

// The gap of a field's /ByteRange: where its hex /Contents is.
std::pair<size_t, size_t> gap(const FieldReport& f) {
    REQUIRE(f.byte_range.size() == 4);
    return {static_cast<size_t>(f.byte_range[1]) + 1, static_cast<size_t>(f.byte_range[2]) - 1};
}

// The DER CMS of `f` in the file's bytes, without the zero padding.
std::string cms_of(const std::string& bytes, const FieldReport& f) {
    auto [from, to] = gap(f);
    std::string der;
    for (size_t i = from; i + 1 < to; i += 2) der += static_cast<char>(std::stoi(bytes.substr(i, 2), nullptr, 16));
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Cms cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    REQUIRE(cms);
    return der.substr(0, static_cast<size_t>(p - reinterpret_cast<const unsigned char*>(der.data())));
}

// `bytes` with the CMS of `f` replaced by `der` (zero padded, as sign writes it).
std::string with_cms(std::string bytes, const FieldReport& f, const std::string& der) {
    auto [from, to] = gap(f);
    static const char digits[] = "0123456789ABCDEF";
    std::string hex;
    for (unsigned char c : der) hex += {digits[c >> 4], digits[c & 15]};
    REQUIRE(hex.size() <= to - from);
    hex.resize(to - from, '0');
    return bytes.replace(from, to - from, hex);
}

Cms parse(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Cms cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    REQUIRE(cms);
    return cms;
}

CMS_SignerInfo* signer_of(CMS_ContentInfo* cms) {
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms);
    REQUIRE(signers);
    REQUIRE(sk_CMS_SignerInfo_num(signers) == 1);
    return sk_CMS_SignerInfo_value(signers, 0);
}

// The signature value the token must stamp, and the token (DER) itself.
std::pair<std::string, std::string> stamped_and_token(const std::string& cms_der) {
    Cms cms = parse(cms_der);
    CMS_SignerInfo* si = signer_of(cms.get());
    const ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
    std::string signature(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)), static_cast<size_t>(ASN1_STRING_length(value)));
    const int index = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    REQUIRE(index >= 0);
    const ASN1_TYPE* token = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, index), 0);
    REQUIRE(token);
    REQUIRE(token->type == V_ASN1_SEQUENCE);
    return {signature, std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(token->value.sequence)),
                                   static_cast<size_t>(ASN1_STRING_length(token->value.sequence)))};
}

// The CMS with its time-stamp token replaced by `token`.
std::string with_token(const std::string& cms_der, const std::string& token) {
    Cms cms = parse(cms_der);
    CMS_SignerInfo* si = signer_of(cms.get());
    const int index = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    REQUIRE(index >= 0);
    X509_ATTRIBUTE_free(CMS_unsigned_delete_attr(si, index));
    REQUIRE(CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token.data(),
                                          static_cast<int>(token.size())) == 1);
    unsigned char* der = nullptr;
    const int len = i2d_CMS_ContentInfo(cms.get(), &der);
    REQUIRE(len > 0);
    std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
    return out;
}

}  // namespace

TEST_CASE("a token from the test TSA stamps exactly the bytes it was asked for") {
    const int before = env().tokens_issued();
    const std::time_t asked = std::time(nullptr);
    const std::string token = net::request_token(env().pki->tsa_url(), "the signature value");
    CHECK(env().tokens_issued() == before + 1);

    tsa::TokenInfo info = tsa::inspect_token(token, "the signature value");
    CHECK(info.parsed);
    CHECK(info.imprint_matches);
    CHECK(info.signature_ok);
    CHECK(info.problem == "");
    CHECK(info.digest_algorithm == "sha256");
    CHECK(info.policy == "1.2.3.4.1");  // tsa.cnf's default_policy
    CHECK(info.tsa_subject == "CN=Protokoll Test TSA,O=Protokoll Test,C=SE");
    CHECK(info.time >= asked - 1);  // the same clock: genTime is not before the request
    CHECK(info.time_utc.size() == 20);
    CHECK_FALSE(info.serial.empty());
    REQUIRE(info.certificates_der.size() == 2);  // the TSA's certificate first, then the CA's (tsa.cnf certs)

    tsa::TokenInfo other = tsa::inspect_token(token, "another signature value");
    CHECK(other.parsed);
    CHECK_FALSE(other.imprint_matches);
    CHECK(other.signature_ok);
    CHECK(other.problem.find("message imprint") != std::string::npos);

    std::string damaged = token;
    damaged[damaged.size() - 5] = static_cast<char>(damaged[damaged.size() - 5] ^ 0x01);  // in the TSA's signature
    tsa::TokenInfo bad = tsa::inspect_token(damaged, "the signature value");
    CHECK(bad.imprint_matches);
    CHECK_FALSE(bad.signature_ok);
    CHECK(bad.problem.find("signature does not verify") != std::string::npos);

    tsa::TokenInfo garbage = tsa::inspect_token("not a token", "the signature value");
    CHECK_FALSE(garbage.parsed);
    CHECK(garbage.problem.find("not a time-stamp token") != std::string::npos);
}

TEST_CASE("a TSA address that answers with an HTTP error fails naming the URL") {
    // (An address nobody listens on takes the whole HTTP timeout, 30 s, since
    // OpenSSL retries a refused connection: tested once, with sign_file below.)
    for (const std::string& url : {env().pki->url() + "/no-such-service", env().pki->url() + "/ocsp"}) {
        INFO(url);
        Error e = error_of([&] { net::request_token(url, "data"); });
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK(e.message().find(url) != std::string::npos);
    }
    Error https = error_of([&] { net::request_token("https://127.0.0.1:1/tsa", "data"); });
    CHECK(https.message().find("https is not supported") != std::string::npos);
}

TEST_CASE("signing with a TSA gives PAdES B-T: a token over the signature value that verify and openssl accept") {
    const std::string one = env().path("bt1.pdf"), two = env().path("bt2.pdf");
    const int before = env().tokens_issued();
    sign_file(env().input, one, env().options(kent, "kent"));
    sign_file(one, two, env().options(sara, "sara"));
    CHECK(env().tokens_issued() == before + 2);

    VerifyReport report = verify_file(two, env().trust());
    INFO(report_text(report, two));
    CHECK(report.ok());
    for (const std::string& who : {kent, sara}) {
        const FieldReport& f = field(report, who);
        CHECK(f.pades.timestamp_token);
        CHECK(f.pades.level == PadesLevel::BT);
        CHECK(f.timestamp.present);
        CHECK(f.timestamp.imprint_ok);
        CHECK(f.timestamp.signature_ok);
        CHECK(f.timestamp.problem == "");
        CHECK(f.timestamp.tsa == "CN=Protokoll Test TSA,O=Protokoll Test,C=SE");
        CHECK(f.timestamp.digest_algorithm == "sha256");
        CHECK(f.timestamp.chain.status == ChainStatus::Trusted);
        CHECK(f.timestamp.chain.checked_at == f.timestamp.time_utc);
        CHECK(f.timestamp.chain.certificates.size() == 2);
        // The signer's chain is judged at the proven time, not the claimed one.
        CHECK(f.chain.status == ChainStatus::Trusted);
        CHECK(f.chain.checked_at == f.timestamp.time_utc);
    }
    const std::string json = report_json(report, two);
    CHECK(count(json, "\"timestamp\": {\"time_utc\": \"") == 2);
    CHECK(json.find("\"timestamp\": {\"time_utc\": \"" + field(report, kent).timestamp.time_utc + "\"") != std::string::npos);
    CHECK(count(json, "\"tsa\": \"CN=Protokoll Test TSA,O=Protokoll Test,C=SE\"") == 2);
    const std::string text = report_text(report, two);
    CHECK(text.find("  timestamp: " + field(report, sara).timestamp.time_utc +
                    " by CN=Protokoll Test TSA,O=Protokoll Test,C=SE (valid); TSA chain trusted\n") != std::string::npos);

    // Without anchors the TSA is not judged and the signature still verifies.
    VerifyReport untrusted = verify_file(two);
    CHECK(untrusted.ok());
    CHECK(field(untrusted, kent).timestamp.chain.status == ChainStatus::NotJudged);
    // Anchors that do not include the test CA: neither signer nor TSA is trusted.
    VerifyOptions other;
    other.trust_files = {env().cert("tsa.pem")};  // a certificate, but no anchor of these chains
    VerifyReport wrong_anchor = verify_file(two, other);
    CHECK_FALSE(wrong_anchor.ok());
    CHECK(mentions(wrong_anchor.reasons(), "time-stamp authority not trusted"));

    // The size: the CMS with its token, and the room reserved for it.
    const std::string bytes = read_file(one);
    const VerifyReport first = verify_file(one);
    const FieldReport& k = field(first, kent);
    const std::string cms = cms_of(bytes, k);
    const size_t added = bytes.size() - read_file(env().input).size();
    const size_t reserved = (gap(k).second - gap(k).first) / 2;
    INFO("bytes added: " << added << "; CMS with token " << cms.size() << ", reserved " << reserved);
    CHECK(reserved >= cms.size());
    CHECK(reserved <= cms.size() + 512 + SignOptions{}.timestamp_reserve);
    CHECK(added <= 12 * 1024 + 2 * SignOptions{}.timestamp_reserve);

    if (have("openssl")) {
        auto [signature, token] = stamped_and_token(cms);
        write_file_atomically(env().path("bt1.p7s"), cms);
        write_file_atomically(env().path("bt1.signature"), signature);
        write_file_atomically(env().path("bt1.tsr"), token);
        auto [pstatus, printed] = run("openssl cms -cmsout -print -inform DER -in '" + env().path("bt1.p7s") + "'");
        INFO(printed);
        CHECK(pstatus == 0);
        CHECK(count(printed, "unsignedAttrs:") == 1);
        CHECK(count(printed, "object: id-smime-aa-timeStampToken (1.2.840.113549.1.9.16.2.14)") == 1);
        // The token on its own, as anyone can check it: over the signature value, by the TSA, to the CA.
        auto [vstatus, verified] = run("openssl ts -verify -token_in -in '" + env().path("bt1.tsr") + "' -data '" +
                                       env().path("bt1.signature") + "' -CAfile '" + env().cert("ca.pem") +
                                       "' -untrusted '" + env().cert("tsa.pem") + "'");
        INFO(verified);
        CHECK(vstatus == 0);
        CHECK(verified.find("Verification: OK") != std::string::npos);
        // …and not over anything else.
        auto [wstatus, wrong] = run("openssl ts -verify -token_in -in '" + env().path("bt1.tsr") + "' -data '" +
                                    env().path("bt1.p7s") + "' -CAfile '" + env().cert("ca.pem") + "' -untrusted '" +
                                    env().cert("tsa.pem") + "'");
        CHECK(wstatus != 0);
    }
    if (have("pdfsig")) {
        auto [status, text] = run("pdfsig '" + two + "'");
        INFO(text);
        CHECK(count(text, "Signature is Valid") == 2);
    }
}

TEST_CASE("signing with an unreachable TSA fails naming the URL and leaves no output") {
    const std::string out = env().path("unreachable.pdf");
    SignOptions o = env().options(kent, "kent");
    o.tsa_url = closed_port_url();
    o.timeout_seconds = 2;  // nobody listens: OpenSSL retries until the timeout
    Error e = error_of([&] { sign_file(env().input, out, o); });
    CHECK(e.code() == ErrorCode::BadInput);
    CHECK(e.message().find(o.tsa_url) != std::string::npos);
    CHECK_FALSE(exists(out));
    auto [status, listing] = run("ls -a '" + env().dir + "'");
    CHECK(listing.find(".tmp-") == std::string::npos);

    o.tsa_url = env().pki->url() + "/no-such-service";  // an HTTP 404
    Error missing = error_of([&] { sign_file(env().input, out, o); });
    CHECK(missing.message().find(o.tsa_url) != std::string::npos);
    CHECK_FALSE(exists(out));
}

TEST_CASE("a token grafted from another signature is reported as not stamping this one") {
    const std::string a = env().path("graft-a.pdf"), b = env().path("graft-b.pdf"), bad = env().path("grafted.pdf");
    SignOptions o = env().options(kent, "kent");
    sign_file(env().input, a, o);
    o.time += 1;  // another /M: another signature value
    sign_file(env().input, b, o);
    const std::string a_bytes = read_file(a), b_bytes = read_file(b);
    const FieldReport a_field = field(verify_file(a), kent), b_field = field(verify_file(b), kent);
    const std::string b_token = stamped_and_token(cms_of(b_bytes, b_field)).second;
    write_file_atomically(bad, with_cms(a_bytes, a_field, with_token(cms_of(a_bytes, a_field), b_token)));

    VerifyReport report = verify_file(bad, env().trust());
    INFO(report_text(report, bad));
    const FieldReport& f = field(report, kent);
    // The document signature is untouched (the attribute is unsigned)…
    CHECK(f.digest_ok);
    CHECK(f.signature_ok);
    CHECK(f.problem == "");
    // …but the token is Kent's other signature's: intact, yet not over this one.
    CHECK(f.timestamp.present);
    CHECK_FALSE(f.timestamp.imprint_ok);
    CHECK(f.timestamp.signature_ok);
    CHECK(f.timestamp.problem.find("does not stamp this signature") != std::string::npos);
    CHECK(f.pades.level == PadesLevel::BB);
    CHECK(f.chain.checked_at == f.time_utc);  // no proven time: judged at /M
    CHECK_FALSE(report.ok());
    CHECK(mentions(report.reasons(), "signature field \"Kent Lagrell\": signature-time-stamp: the token does not stamp this signature"));
    CHECK(report_text(report, bad).find("Kent Lagrell: INVALID") != std::string::npos);
}

TEST_CASE("a damaged token is reported invalid") {
    const std::string a = env().path("damaged-src.pdf"), bad = env().path("damaged.pdf");
    sign_file(env().input, a, env().options(kent, "kent"));
    const std::string bytes = read_file(a);
    const FieldReport f0 = field(verify_file(a), kent);
    const std::string cms = cms_of(bytes, f0);
    std::string token = stamped_and_token(cms).second;
    token[token.size() - 5] = static_cast<char>(token[token.size() - 5] ^ 0x01);  // in the TSA's signature
    write_file_atomically(bad, with_cms(bytes, f0, with_token(cms, token)));

    VerifyReport report = verify_file(bad);
    const FieldReport& f = field(report, kent);
    CHECK(f.digest_ok);
    CHECK(f.signature_ok);
    CHECK(f.timestamp.imprint_ok);
    CHECK_FALSE(f.timestamp.signature_ok);
    CHECK(f.timestamp.problem.find("signature does not verify") != std::string::npos);
    CHECK(f.pades.level == PadesLevel::BB);
    CHECK_FALSE(report.ok());
    CHECK(mentions(report.reasons(), "signature-time-stamp: the time-stamp token's signature does not verify"));
}

TEST_CASE("a claimed time (/M) more than 5 minutes after the time-stamp is reported") {
    const std::string out = env().path("late-claim.pdf");
    SignOptions o = env().options(kent, "kent");
    o.time += 3600;  // claims an hour later than the TSA will stamp
    sign_file(env().input, out, o);
    VerifyReport report = verify_file(out, env().trust());
    const FieldReport& f = field(report, kent);
    CHECK(f.timestamp.imprint_ok);
    CHECK(f.timestamp.signature_ok);
    CHECK(f.pades.level == PadesLevel::BT);  // the token itself is intact
    CHECK(f.timestamp.problem.find("more than 5 minutes after the time-stamp") != std::string::npos);
    CHECK_FALSE(report.ok());
    CHECK(mentions(report.reasons(), "the signature existed before the time it claims"));
}

TEST_CASE("a token larger than the room reserved is asked for once more, with room for it") {
    const std::string out = env().path("small-room.pdf");
    SignOptions o = env().options(kent, "kent");
    o.timestamp_reserve = 64;  // far too little for the test TSA's 2.5 KB token
    const int before = env().tokens_issued();
    sign_file(env().input, out, o);
    CHECK(env().tokens_issued() == before + 2);
    VerifyReport report = verify_file(out, env().trust());
    INFO(report_text(report, out));
    CHECK(report.ok());
    const FieldReport& f = field(report, kent);
    CHECK(f.pades.level == PadesLevel::BT);
    // The second time the room is what the first token needed, plus the usual margin.
    const size_t reserved = (gap(f).second - gap(f).first) / 2;
    const size_t cms = cms_of(read_file(out), f).size();
    INFO("CMS " << cms << ", reserved " << reserved);
    CHECK(reserved >= cms);
    CHECK(reserved <= cms + 512 + 64);
}

TEST_CASE("two-step signing with a TSA: --prepare reserves room, --inject adds the token") {
    if (!have("openssl")) return;
    const std::string prepared = env().path("prepared.pdf"), out = env().path("injected.pdf");
    SignOptions o = env().options(kent, "kent");
    o.p12_path.clear();
    o.password.clear();
    o.cert_path = env().path("kent-chain.pem");  // the certificate, then its issuer (for the revocation check)
    write_file_atomically(o.cert_path, read_file(env().cert("kent.pem")) + read_file(env().cert("ca.pem")));
    prepare_file(env().input, prepared, o);
    const std::string bytes = read_file(prepared);
    const FieldReport p = field(verify_file(prepared), kent);  // a copy: the report is a temporary
    CHECK((gap(p).second - gap(p).first) / 2 == 8192 + SignOptions{}.timestamp_reserve);
    write_file_atomically(env().path("prepared.content"),
                          bytes.substr(0, static_cast<size_t>(p.byte_range[1])) + bytes.substr(static_cast<size_t>(p.byte_range[2])));
    auto [sstatus, stext] = run("openssl cms -sign -binary -cades -nosmimecap -md sha256 -outform DER -in '" +
                                env().path("prepared.content") + "' -signer '" + env().cert("kent.pem") + "' -inkey '" +
                                env().cert("kent.key") + "' -certfile '" + env().cert("ca.pem") + "' -out '" +
                                env().path("service.p7s") + "'");
    INFO(stext);
    REQUIRE(sstatus == 0);

    const int before = env().tokens_issued();
    inject_file(prepared, env().path("service.p7s"), out, env().pki->tsa_url());
    CHECK(env().tokens_issued() == before + 1);
    VerifyReport report = verify_file(out, env().trust());
    INFO(report_text(report, out));
    CHECK(report.ok());
    CHECK(field(report, kent).timestamp.imprint_ok);
    CHECK(field(report, kent).timestamp.signature_ok);
    // openssl's CMS has a signingTime attribute: B-T needs B-B, which that is not.
    CHECK(field(report, kent).pades.timestamp_token);
    CHECK(field(report, kent).pades.signing_time_attribute);

    // A CMS that has its token already keeps it: no second request.
    const std::string again = env().path("injected-again.pdf");
    write_file_atomically(env().path("stamped.p7s"), cms_of(read_file(out), field(report, kent)));
    inject_file(prepared, env().path("stamped.p7s"), again, env().pki->tsa_url());
    CHECK(env().tokens_issued() == before + 1);
    CHECK(verify_file(again).ok());
}
