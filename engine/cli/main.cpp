// protokoll — the command line. A thin layer: parse arguments, call the
// library, print diagnostics, map outcomes to exit codes:
//   0 success, 1 a verification that failed, 2 bad input or usage.
#include "arguments.h"
#include "commands.h"
#include "stdout_buffer.h"
#include "net/http.h"

#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#ifndef PROTOKOLL_VERSION
#define PROTOKOLL_VERSION "dev"
#endif
#ifndef PROTOKOLL_DATA_DIR
#define PROTOKOLL_DATA_DIR "."
#endif

namespace protokoll::cli {
namespace {

const std::string USAGE = std::string(
    "usage:\n"
    "  protokoll render PROTOCOL.xml -o OUT.pdf [--pdfa 2a|3a|2b|1b] [--timestamp TIME] [--report[=json]] [--tags] [--data DIR]\n"
    "                   [--extract 95,97|93-95] [--public] [--notice [--adjusted DATE] [--posted DATE]]\n"
    "  protokoll render A.xml B.xml DIR … -o OUTDIR/ [--jobs N] [same options but --report, --tags]\n"
    "                   (one OUTDIR/NAME.pdf each; a bad file is reported and the rest render; exit 2 if any failed)\n"
    "  protokoll preview PROTOCOL.xml [-o DIR] [--dpi N] [--timestamp TIME] [--data DIR]\n"
    "  protokoll sign IN.pdf --field NAME --p12 KEY.p12 [--password-file FILE | --password-env NAME] -o OUT.pdf\n"
    "                 [--timestamp TIME] [--any-order] [--invisible] [--certify] [--tsa URL [--timeout SECONDS]]\n"
    "                 [--signer-mismatch-ok] [--no-revocation-check]\n"
    "  protokoll sign IN.pdf --field NAME --cert CERT.pem --prepare PREPARED.pdf [same options]\n"
    "  protokoll sign PREPARED.pdf --inject CMS.der -o OUT.pdf [--tsa URL]\n"
    "  protokoll seal FILE.pdf --ltv [-o OUT.pdf] [--trust CA.pem ...] [--tsa URL] [--allow-unsigned] [--renew] [--timeout SECONDS]\n"
    "                 [--allow-signer-mismatch]\n"
    "  protokoll verify FILE.pdf [--trust CA.pem ...] [--format text|json] [--allow-unsigned] [--allow-signer-mismatch]\n"
    "                 [--online [--timeout SECONDS]]   (fetch revocation data the file does not hold)\n"
    "  protokoll archive init [--trust CA.pem ...] [--db postgresql://HOST/DB]  (--archive DIR, else $PROTOKOLL_ARCHIVE, for every\n"
    "                                                         archive command; the index: SQLite in DIR, or that PostgreSQL database)\n"
    "  protokoll archive ingest FILE.pdf ... [--source PROTOCOL.xml] [--format text|json]\n"
    "  protokoll archive ingest FILE.pdf --organisation O --body B... --meeting-date YYYY-MM-DD [--kind K]\n"
    "                 [--paragraph-title N=TITLE ...] [--secretary NAME] [--adjuster NAME ...]  (a file made elsewhere)\n"
    "  protokoll archive list [FILTERS] [--format text|json]\n"
    "  protokoll archive search WORDS... [FILTERS] [--format text|json]\n"
    "  protokoll archive show ID [--format text|json]\n"
    "  protokoll archive get ID -o FILE.pdf\n"
    "  protokoll archive fixity [--resume] [--max-objects N] [--shard K/N] [--format text|json]\n"
    "  protokoll archive renew ID|--due DAYS --tsa URL [--timeout SECONDS]  (PAdES B-LTA renewal: a new version)\n"
    "  protokoll archive reindex                              (rebuild the index from the objects)\n"
    "  protokoll archive export --sip ID... -o DIR            (E-ARK SIP: METS, PREMIS, the PDF, source, report)\n"
    "    FILTERS: --organisation O --body B --kind K --from YYYY-MM-DD --to YYYY-MM-DD --paragraph N\n"
    "             --signer NAME --reference DIARIENUMMER --limit N\n"
    "\n"
    "TIME is seconds since 1970 (@1700000000) or YYYY-MM-DDTHH:MM:SSZ; default: $SOURCE_DATE_EPOCH, else now.\n"
    "--data DIR holds layouts/ and fonts/; default: $PROTOKOLL_DATA, else " PROTOKOLL_DATA_DIR ".\n"
    "--report prints the typesetter's report (pages, lines, hyphenated, worst badness, overfull,\n"
    "  underfull, widows/orphans avoided, words broken by letters) to stdout; --report=json prints\n"
    "  it as one JSON object with the keys file, pages, lines, hyphenated_lines, worst_badness,\n"
    "  overfull_lines, underfull_lines, widows_avoided, orphans_avoided, words_broken_by_letters, warnings.\n"
    "--pdfa 2a (the default) is tagged, accessible PDF/A-2a that also claims PDF/UA-1; 3a is the same as\n"
    "  PDF/A-3a with the protocol's XML embedded (/AFRelationship /Source); 2b and 1b are\n"
    "  PDF/A-2b and PDF/A-1b (tagged too, claiming less). --tags prints the structure tree (roles, first words, pages).\n"
    "--extract makes a protokollsutdrag of those paragraphs, certified by the secretary alone (\"Rätt utdraget\n"
    "  intygar\"); --public a public copy: what the protocol marks confidential and personal identity numbers\n"
    "  are replaced by the layout's mark (\"[Uppgift borttagen enligt OSL 21 kap. 7 §]\"). Both: a public extract.\n"
    "--notice makes the posting notice (anslagsbevis) as a page of its own: the dates of adjusting and\n"
    "  posting (from <notice> in the protocol, or --adjusted/--posted YYYY-MM-DD), the last day of appeal\n"
    "  (three weeks, moved past weekends and holidays) and where the protocol is kept (the layout's <notice>).\n"
    "preview renders to a temporary PDF and writes DIR/NAME-N.png per page with poppler's pdftoppm\n"
    "  (N the page number; default DIR: the current directory, default --dpi: 100); it prints the files written.\n"
    "sign reads the key's password from FILE, from the environment variable NAME, or asks on the\n"
    "  terminal (never from the command line). Fields are signed in the order of the form (the layout's\n"
    "  <signing-order>; gr-base: secretary first, chair last); --any-order allows another.\n"
    "  --invisible keeps the field's empty appearance.\n"
    "  sign refuses a certificate that is not valid at TIME (with --tsa: nor now), whose keyUsage does not\n"
    "  allow signing, or whose name (commonName, or givenName and surname) is not the field's person\n"
    "  (docs/signing.md: a middle name the protocol leaves out is fine); --signer-mismatch-ok signs another\n"
    "  person's field all the same and records that in the signature's /Reason (verify reports it).\n"
    "  --certify (the first signature only) certifies the document: DocMDP /P 2 allows later signatures only.\n"
    "  --tsa URL (PAdES B-T) has the RFC 3161 time-stamp authority at URL (http://) stamp the signature;\n"
    "  a TSA that cannot be reached or refuses fails the signing (exit 2, no output); --timeout bounds\n"
    "  the request (default 30 s). TIME is then only the claimed time (/M); the time-stamp proves when\n"
    "  the signature existed.\n"
    "  Two-step signing (a service or HSM holds the key): --prepare writes PREPARED.pdf with room for the\n"
    "  signature and prints the hex SHA-256 to sign (also in PREPARED.pdf.sha256); the service returns a\n"
    "  detached CAdES CMS over that digest, which --inject puts in place (checked against the file);\n"
    "  with --tsa, --prepare reserves room for a time-stamp and --inject adds one if the CMS has none.\n"
    "seal --ltv (after the last signer) adds the validation data of every signature (PAdES B-LT): the\n"
    "  certificates, an OCSP response and the CRL for each certificate but the root, fetched from the\n"
    "  addresses the certificates name, in the document's /DSS; verify then needs no network.\n"
    "  --tsa URL (PAdES B-LTA) then adds a document timestamp over the whole file, /DSS included.\n"
    "  --renew --tsa URL renews a sealed file: fresh validation data (every earlier entry kept) and a new\n"
    "  document timestamp over it all, before the last one's certificate expires.\n"
    "  Without -o the file is updated in place (an incremental update: earlier bytes stay as they were).\n"
    "  --timeout limits each request (default ") + std::to_string(sign::default_timeout_seconds) + " s; OpenSSL retries a refused connection until then).\n"
    "verify fails (exit 1) a file with no signature at all (--allow-unsigned accepts it) and a signer whose\n"
    "  certificate does not name the field's person (--allow-signer-mismatch accepts it; still reported).\n"
    "archive ingest accepts a file only if it verifies under the archive's policy (every field signed,\n"
    "  chains trusted by the archive's anchors, PAdES B-LT at least, a PDF/A claim, the protocol's facts\n"
    "  in its XMP) and stores it write-once under its SHA-256; the same bytes again change nothing.\n"
    "  A refused file is exit 1 with the reasons, and leaves nothing behind (docs/archive.md).\n"
    "Exit codes: 0 success, 1 a signature did not verify or a file was refused, 2 bad input or usage.\n";


int run(int argc, char** argv) {
    if (argc < 2) usage_error("no command given");
    std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << USAGE;
        return EXIT_OK;
    }
    if (command == "--version") {
        std::cout << "protokoll " PROTOKOLL_VERSION "\n";
        return EXIT_OK;
    }
    if (command == "render") return render(argc, argv);
    if (command == "preview") return preview(argc, argv);
    if (command == "sign") return sign(argc, argv);
    if (command == "seal") return seal(argc, argv);
    if (command == "verify") return verify(argc, argv);
    if (command == "archive") return archive(argc, argv);
    usage_error("unknown command \"" + command + "\"");
}

int run_reporting_errors(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const Error& error) {
        std::cerr << "protokoll: " << error.render() << '\n';
        return error.code() == ErrorCode::Verification ? EXIT_VERIFY_FAILED : EXIT_BAD_INPUT;
    } catch (const std::exception& error) {
        std::cerr << "protokoll: error: " << error.what() << '\n';
        return EXIT_BAD_INPUT;
    }
}

}  // namespace
}  // namespace protokoll::cli

int main(int argc, char** argv) {
    // A closed pipe on stdout is an error to report (EPIPE), not a silent death.
    signal(SIGPIPE, SIG_IGN);
    protokoll::cli::StdoutBuffer out;
    std::streambuf* const stdio = std::cout.rdbuf(&out);
    int code = protokoll::cli::run_reporting_errors(argc, argv);
    std::cout.flush();
    std::cout.rdbuf(stdio);
    if (out.error() != 0 || std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::cerr << "protokoll: error: cannot write to standard output: "
                  << std::strerror(out.error() ? out.error() : errno ? errno : EIO) << '\n';
        code = protokoll::cli::EXIT_BAD_INPUT;
    }
    return code;
}
