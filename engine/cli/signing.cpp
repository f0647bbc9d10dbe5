// sign, seal and verify: the CLI over the signature stages.
#include "commands.h"
#include "password.h"

#include "base/files.h"
#include "seal/seal.h"
#include "sign/sign.h"
#include "verify/hostile.h"
#include "verify/verify.h"

#include <iostream>

namespace protokoll::cli {
namespace {

void warn(const std::string& message) { std::cerr << "protokoll: warning: " << message << '\n'; }

}  // namespace

int sign(int argc, char** argv) {
    Arguments args(argc, argv, 2,
                   {{"-o", "--field", "--p12", "--password-file", "--password-env", "--timestamp", "--cert", "--prepare",
                     "--inject", "--tsa", "--timeout"},
                    {},
                    {"--any-order", "--invisible", "--certify", "--signer-mismatch-ok", "--no-revocation-check"}});
    const int timeout = timeout_seconds(args, sign::SignOptions().timeout_seconds);
    std::string input = args.single_input("PDF file");
    // Second step of two-step signing: only the service's CMS goes in.
    if (!args.optional("--inject").empty()) {
        sign::inject_file(input, args.optional("--inject"), args.required("-o"), args.optional("--tsa"),
                           timeout);
        return EXIT_OK;
    }
    sign::SignOptions options;
    options.field = args.required("--field");
    options.time = timestamp(args);
    options.any_order = args.flag("--any-order");
    options.visible = !args.flag("--invisible");
    options.certify = args.flag("--certify");
    options.signer_mismatch_ok = args.flag("--signer-mismatch-ok");
    options.no_revocation_check = args.flag("--no-revocation-check");
    options.tsa_url = args.optional("--tsa");
    options.timeout_seconds = timeout;
    options.warn = warn;
    if (std::string prepared = args.optional("--prepare"); !prepared.empty()) {
        if (args.has("-o")) usage_error("--prepare names the output; -o is for signing and --inject");
        options.cert_path = args.required("--cert");
        std::string digest = sign::prepare_file(input, prepared, options);
        write_file_atomically(prepared + ".sha256", digest + "\n");
        std::cout << digest << '\n';
        return EXIT_OK;
    }
    options.p12_path = args.required("--p12");
    std::string output = args.required("-o");
    options.password = sign_password(args, options.p12_path);
    sign::sign_file(input, output, options);
    return EXIT_OK;
}

int seal(int argc, char** argv) {
    Arguments args(argc, argv, 2,
                   {{"-o", "--timeout", "--tsa"}, {"--trust"}, {"--ltv", "--allow-unsigned", "--renew", "--allow-signer-mismatch"}});
    const std::string input = args.single_input("PDF file");
    if (!args.flag("--ltv")) usage_error("seal needs --ltv (validation data for PAdES B-LT, the one kind of seal there is)");
    sign::SealOptions options;
    options.trust_files = args.all("--trust");
    options.allow_unsigned = args.flag("--allow-unsigned");
    options.allow_signer_mismatch = args.flag("--allow-signer-mismatch");
    options.renew = args.flag("--renew");
    options.tsa_url = args.optional("--tsa");
    options.timeout_seconds = timeout_seconds(args, sign::SealOptions().timeout_seconds);
    options.warn = warn;
    const std::string output = args.optional("-o", input);
    const sign::SealReport report = sign::seal_file(input, output, options);
    std::cout << output << ": sealed " << report.signatures << (report.signatures == 1 ? " signature" : " signatures")
              << " (PAdES B-LT data): " << report.certificates << " certificates, " << report.ocsp_responses
              << " OCSP responses, " << report.crls << " CRLs";
    if (!report.document_timestamp_field.empty())
        std::cout << "; document timestamp (PAdES B-LTA) \"" << report.document_timestamp_field << "\" at "
                  << report.document_timestamp << ", " << report.timestamp_bytes_added << " bytes";
    std::cout << "; " << report.bytes_added << " bytes added\n";
    return EXIT_OK;
}

int verify(int argc, char** argv) {
    Arguments args(argc, argv, 2,
                   {{"--format", "--timeout"}, {"--trust"}, {"--allow-unsigned", "--allow-signer-mismatch", "--online"}});
    std::string input = args.single_input("PDF file");
    const bool json = json_format(args);
    sign::VerifyOptions options;
    options.trust_files = args.all("--trust");
    options.allow_unsigned = args.flag("--allow-unsigned");
    options.allow_signer_mismatch = args.flag("--allow-signer-mismatch");
    // --online: the OCSP responders and CRLs the certificates name are asked
    // first (seal's fetcher, in its own child); verify itself stays offline.
    if (args.flag("--online")) {
        sign::SealOptions fetch;
        fetch.trust_files = options.trust_files;
        fetch.timeout_seconds = timeout_seconds(args, sign::default_timeout_seconds);
        sign::OnlineRevocation online = sign::fetch_revocation(input, fetch);
        options.online_ocsps = std::move(online.ocsps);
        options.online_crls = std::move(online.crls);
        options.online_requests = std::move(online.requests);
        if (options.online_requests.empty()) options.online_requests.push_back("nothing to ask: no certificate names a service");
    } else if (args.has("--timeout")) {
        usage_error("--timeout belongs to --online (verify asks no service without it)");
    }
    // In a child process: a file that crashes or exhausts the parser is a
    // verdict ("damaged or hostile file: …"), not a signal (sign/hostile.h).
    const sign::VerifyOutcome outcome = sign::verify_guarded(input, options);
    std::cout << (json ? outcome.json : outcome.text);
    return outcome.valid ? EXIT_OK : EXIT_VERIFY_FAILED;
}

}  // namespace protokoll::cli
