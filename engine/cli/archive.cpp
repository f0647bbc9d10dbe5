// protokoll archive SUBCOMMAND: the archivist's commands over archive/.
#include "commands.h"

#include "archive/archive.h"
#include "net/http.h"
#include "base/files.h"
#include "base/json.h"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <iostream>

namespace protokoll::cli {

namespace {

const OptionSpec ARCHIVE_OPTIONS{
    {"--archive", "--source", "--format", "--organisation", "--kind", "--from", "--to", "--paragraph", "--signer",
     "--reference", "--limit", "-o", "--data", "--timestamp", "--tsa", "--timeout", "--db", "--due", "--max-objects",
     "--shard", "--meeting-date"},
    // --body is a filter once (list, search) and a fact, repeatable (ingest of a joint meeting).
    {"--trust", "--body", "--paragraph-title", "--secretary", "--adjuster"},
    {"--sip", "--resume"}};

std::string archive_dir(const Arguments& args) {
    if (args.has("--archive")) return args.required("--archive");
    const char* env = std::getenv("PROTOKOLL_ARCHIVE");
    if (env && *env) return env;
    usage_error("no archive: give --archive DIR or set PROTOKOLL_ARCHIVE");
}

std::string range(const archive::Record& r) {
    if (r.facts.paragraphs.empty()) return "-";
    const int first = r.facts.paragraphs.front().number, last = r.facts.paragraphs.back().number;
    const std::string sign = r.facts.kind == "anteckningar" ? "p. " : "§ ";
    return sign + std::to_string(first) + (last != first ? "–" + std::to_string(last) : "");
}

std::string bodies(const archive::Record& r) {
    std::string out;
    for (const std::string& b : r.facts.bodies) out += (out.empty() ? "" : " + ") + b;
    return out;
}

std::string json_strings(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const std::string& item : items) out += (out.size() > 1 ? ", " : "") + json_string(item);
    return out + "]";
}

// One record as a JSON object; with `history` its events too.
std::string record_json(const archive::Record& r, bool history) {
    std::string out = "{\"id\": " + json_string(r.id) + ", \"size\": " + std::to_string(r.size) +
                      ", \"ingested_at\": " + json_string(r.ingested_at) + ", \"level\": " + json_string(r.level) +
                      ", \"pdfa\": " + json_string(r.pdfa) + ", \"has_source\": " + (r.has_source ? "true" : "false") +
                      ", \"previous\": " + json_string(r.previous) + ", \"next\": " + json_string(r.next) +
                      ", \"proof_expires\": " + json_string(r.proof_expires) +
                      ", \"organisation\": " + json_string(r.facts.organisation) + ", \"bodies\": " +
                      json_strings(r.facts.bodies) + ", \"kind\": " + json_string(r.facts.kind) +
                      ", \"meeting_date\": " + json_string(r.facts.date) + ", \"layout\": " +
                      json_string(r.facts.layout) + ", \"source_sha256\": " + json_string(r.facts.source_sha256) +
                      ", \"paragraphs\": [";
    for (size_t i = 0; i < r.facts.paragraphs.size(); ++i) {
        const auto& p = r.facts.paragraphs[i];
        out += std::string(i ? ", " : "") + "{\"number\": " + std::to_string(p.number) + ", \"title\": " +
               json_string(p.title) + ", \"decision\": " + json_string(p.decision) + ", \"references\": " +
               json_strings(p.references) + "}";
    }
    out += "], \"signers\": [";
    for (size_t i = 0; i < r.facts.signers.size(); ++i) {
        const auto& s = r.facts.signers[i];
        out += std::string(i ? ", " : "") + "{\"name\": " + json_string(s.name) + ", \"role\": " + json_string(s.role) +
               ", \"kind\": " + json_string(s.kind) + "}";
    }
    out += "]";
    if (history) {
        out += ", \"history\": [";
        for (size_t i = 0; i < r.history.size(); ++i)
            out += std::string(i ? ", " : "") + "{\"at\": " + json_string(r.history[i].at) + ", \"type\": " +
                   json_string(r.history[i].type) + ", \"detail\": " + json_string(r.history[i].detail) + "}";
        out += "]";
    }
    return out + "}";
}

int init(const Arguments& args) {
    const std::string dir = archive_dir(args);
    const std::string db = args.optional("--db");
    archive::Archive::create(dir, args.all("--trust"), db);
    std::cout << "created the archive " << dir << " (" << args.all("--trust").size() << " trust file(s); index "
              << (db.empty() ? "SQLite" : "PostgreSQL") << ")\n";
    return EXIT_OK;
}

// The facts of a file made elsewhere, when the archivist gives them
// (docs/archive.md): --organisation, --body…, --meeting-date, --kind
// (default protokoll), --paragraph-title NUMBER=TITLE…, --secretary NAME,
// --adjuster NAME…; nullopt when none is given.
std::optional<document::Facts> given_facts(const Arguments& args) {
    bool any = false;
    for (const char* name : {"--organisation", "--body", "--meeting-date", "--kind", "--paragraph-title", "--secretary", "--adjuster"})
        any = any || args.has(name);
    if (!any) return std::nullopt;
    document::Facts f;
    f.organisation = args.optional("--organisation");
    f.bodies = args.all("--body");
    f.date = args.optional("--meeting-date");
    f.kind = args.optional("--kind", "protokoll");
    for (const std::string& item : args.all("--paragraph-title")) {
        const size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || item.find_first_not_of("0123456789") < eq || eq > 6)
            usage_error("--paragraph-title takes NUMBER=TITLE (\"95=Budget 2027\"), not \"" + item + "\"");
        f.paragraphs.push_back({std::atoi(item.substr(0, eq).c_str()), item.substr(eq + 1), "", {}});
    }
    if (args.all("--secretary").size() > 1) usage_error("a protocol has one --secretary (the adjusters: --adjuster, repeated)");
    for (const std::string& name : args.all("--secretary")) f.signers.push_back({name, "", "secretary"});
    for (const std::string& name : args.all("--adjuster")) f.signers.push_back({name, "", "adjuster"});
    return f;
}

int ingest(const Arguments& args) {
    std::vector<std::string> files(args.positional().begin() + 1, args.positional().end());
    if (files.empty()) usage_error("archive ingest needs at least one FILE.pdf");
    const std::string source = args.optional("--source");
    if (!source.empty() && files.size() != 1) usage_error("--source belongs to one FILE.pdf; ingest the others apart");
    const std::optional<document::Facts> facts = given_facts(args);
    if (facts && files.size() != 1) usage_error("facts given as options belong to one FILE.pdf; ingest the others apart");
    const bool json = json_format(args);
    archive::Archive store(archive_dir(args));
    int code = EXIT_OK;
    std::string out = json ? "[" : "";
    for (const std::string& file : files) {
        std::string status, id, detail;
        try {
            const archive::IngestResult result = store.ingest(file, source, timestamp(args), facts);
            id = result.id;
            status = result.stored ? "stored" : "already stored";
        } catch (const archive::Refused& refused) {
            status = "refused";
            detail = refused.what();
            code = std::max(code, EXIT_VERIFY_FAILED);
            for (const std::string& reason : refused.reasons) std::cerr << "protokoll: " << file << ": refused: " << reason << '\n';
        } catch (const Error& error) {
            if (files.size() == 1) throw;
            status = "bad input";
            detail = error.message();
            code = EXIT_BAD_INPUT;
            std::cerr << "protokoll: " << error.render() << '\n';
        }
        if (json)
            out += std::string(out.size() > 1 ? ", " : "") + "{\"file\": " + json_string(file) + ", \"status\": " +
                   json_string(status) + ", \"id\": " + json_string(id) + ", \"reason\": " + json_string(detail) + "}";
        else
            out += file + ": " + status + (id.empty() ? "" : " " + id) + "\n";
    }
    std::cout << out << (json ? "]\n" : "");
    return code;
}

// --due DAYS: the ISO 8601 UTC time DAYS days after now (--timestamp), the
// horizon a renewal is due within; empty without --due.
std::string due_before(const Arguments& args) {
    if (!args.has("--due")) return {};
    const std::string days = args.required("--due");
    if (days.empty() || days.size() > 6 || days.find_first_not_of("0123456789") != std::string::npos)
        usage_error("--due takes a number of days (0 to 999999), not \"" + days + "\"");
    const std::time_t at = timestamp(args) + static_cast<std::time_t>(std::stol(days)) * 86400;
    std::tm tm{};
    gmtime_r(&at, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

int find(const Arguments& args, bool search) {
    archive::Query q;
    q.proof_expires_before = due_before(args);
    q.organisation = args.optional("--organisation");
    if (args.all("--body").size() > 1) usage_error("archive list and search take one --body");
    q.body = args.optional("--body");
    q.kind = args.optional("--kind");
    q.from = args.optional("--from");
    q.to = args.optional("--to");
    q.signer = args.optional("--signer");
    q.reference = args.optional("--reference");
    if (args.has("--paragraph")) q.paragraph = std::atoi(args.required("--paragraph").c_str());
    if (args.has("--limit")) q.limit = std::atoi(args.required("--limit").c_str());
    if (search) {
        for (size_t i = 1; i < args.positional().size(); ++i) q.text += (q.text.empty() ? "" : " ") + args.positional()[i];
        if (q.text.empty()) usage_error("archive search needs WORDS to look for in titles and decisions");
    } else if (args.positional().size() > 1) {
        usage_error("archive list takes filters, not words (archive search WORDS... looks for words)");
    }
    const bool json = json_format(args);
    const std::vector<archive::Record> records = archive::Archive(archive_dir(args), archive::Access::ReadOnly).find(q);
    if (json) {
        std::cout << "[";
        for (size_t i = 0; i < records.size(); ++i) std::cout << (i ? ",\n " : "") << record_json(records[i], false);
        std::cout << "]\n";
    } else {
        for (const archive::Record& r : records)
            std::cout << r.id.substr(0, 12) << "  " << r.facts.date << "  " << r.facts.kind << "  " << bodies(r) << "  "
                      << range(r) << "  " << r.level << "\n";
    }
    return EXIT_OK;
}

int show(const Arguments& args) {
    if (args.positional().size() != 2) usage_error("archive show needs one ID");
    const bool json = json_format(args);
    const archive::Record r = archive::Archive(archive_dir(args), archive::Access::ReadOnly).show(args.positional()[1]);
    if (json) {
        std::cout << record_json(r, true) << "\n";
        return EXIT_OK;
    }
    std::cout << "record " << r.id << "\n  " << r.facts.kind << " " << r.facts.date << ", " << bodies(r) << " ("
              << r.facts.organisation << "), " << range(r) << "\n  " << r.size << " bytes, PDF/A-" << r.pdfa << ", "
              << r.level << (r.has_source ? ", source XML stored" : "") << "\n  proof of time expires "
              << (r.proof_expires.empty() ? "(unknown)" : r.proof_expires) << "\n";
    if (!r.previous.empty()) std::cout << "  renews " << r.previous << "\n";
    if (!r.next.empty()) std::cout << "  renewed by " << r.next << " (the newer version)\n";
    for (const auto& p : r.facts.paragraphs) std::cout << "  " << p.number << ". " << p.title << "\n";
    for (const auto& s : r.facts.signers) std::cout << "  signer: " << s.name << ", " << s.role << " (" << s.kind << ")\n";
    for (const auto& e : r.history) std::cout << "  " << e.at << " " << e.type << ": " << e.detail << "\n";
    return EXIT_OK;
}

int get(const Arguments& args) {
    if (args.positional().size() != 2) usage_error("archive get needs one ID");
    const std::string output = args.required("-o");
    archive::Archive store(archive_dir(args), archive::Access::ReadOnly);
    const archive::Record r = store.show(args.positional()[1]);
    const std::string bytes = store.stored_bytes(r.id);
    write_file_atomically(output, bytes);
    std::cout << output << ": " << bytes.size() << " bytes, SHA-256 " << r.id << "\n";
    return EXIT_OK;
}

int fixity(const Arguments& args) {
    const bool json = json_format(args);
    archive::FixityOptions options;
    options.resume = args.flag("--resume");
    if (args.has("--max-objects")) options.max_objects = static_cast<size_t>(std::atol(args.required("--max-objects").c_str()));
    if (args.has("--shard")) {
        const std::string shard = args.required("--shard");
        const size_t slash = shard.find('/');
        if (slash == std::string::npos || slash == 0 || shard.find_first_not_of("0123456789/") != std::string::npos ||
            slash + 1 >= shard.size() || shard.size() > 12)
            usage_error("--shard takes K/N (this worker's share K of N, 0 <= K < N), not \"" + shard + "\"");
        options.shard = std::atoi(shard.substr(0, slash).c_str());
        options.shards = std::atoi(shard.substr(slash + 1).c_str());
    }
    archive::Archive store(archive_dir(args));
    const bool terminal = isatty(STDERR_FILENO);
    const archive::FixityRun run = store.fixity(options, timestamp(args), [&](size_t done, size_t total) {
        if (terminal) std::cerr << "\rfixity: " << done << " of " << total << std::flush;
    });
    if (terminal && !run.items.empty()) std::cerr << "\n";
    size_t problems = 0;
    std::string out = json ? "{\"archive\": " + json_string(store.dir()) + ", \"run\": " + std::to_string(run.run) +
                                 ", \"objects\": ["
                           : "";
    for (size_t i = 0; i < run.items.size(); ++i) {
        const archive::FixityItem& item = run.items[i];
        if (item.status != "ok") ++problems;
        if (json)
            out += std::string(i ? ", " : "") + "{\"id\": " + json_string(item.id) + ", \"status\": " +
                   json_string(item.status) + ", \"detail\": " + json_string(item.detail) + "}";
        else if (item.status != "ok")
            out += item.id + ": " + item.status + ": " + item.detail + "\n";
    }
    const size_t all_problems = problems + run.problems_before;
    if (json) {
        out += "], \"checked\": " + std::to_string(run.items.size()) + ", \"problems\": " + std::to_string(problems) +
               ", \"checked_before\": " + std::to_string(run.checked_before) + ", \"problems_before\": " +
               std::to_string(run.problems_before) + ", \"total\": " + std::to_string(run.total) +
               ", \"finished\": " + (run.finished ? "true" : "false") + "}\n";
    } else {
        if (run.checked_before)
            out += "fixity: resumed run " + std::to_string(run.run) + " after " + std::to_string(run.checked_before) +
                   " object(s) checked (" + std::to_string(run.problems_before) + " problem(s))\n";
        out += "fixity: " + std::to_string(run.items.size()) + " object(s) checked, " + std::to_string(problems) +
               " problem(s)\n";
        if (!run.finished)
            out += "fixity: run " + std::to_string(run.run) + " paused at " +
                   std::to_string(run.checked_before + run.items.size()) + " of " + std::to_string(run.total) +
                   "; continue it with: archive fixity --resume" +
                   (options.shards > 1 ? " --shard " + args.required("--shard") : std::string()) + "\n";
    }
    std::cout << out;
    return all_problems ? EXIT_VERIFY_FAILED : EXIT_OK;
}

int export_sips(const Arguments& args) {
    if (!args.flag("--sip")) usage_error("archive export needs --sip (an E-ARK SIP, the one package there is)");
    std::vector<std::string> ids(args.positional().begin() + 1, args.positional().end());
    if (ids.empty()) usage_error("archive export --sip needs at least one ID");
    const std::string out = args.required("-o");
    archive::Archive store(archive_dir(args), archive::Access::ReadOnly);
    for (const std::string& id : ids)
        std::cout << store.export_sip(id, out, data_dir(args) + "/schema/external", timestamp(args), PROTOKOLL_VERSION)
                  << "\n";
    return EXIT_OK;
}

// renew ID, or renew --due DAYS: every newest version whose proof of time
// expires within DAYS days (or is unknown), each reported; exit 2 at the end
// when one could not be renewed, the others renewed all the same.
int renew(const Arguments& args) {
    std::vector<std::string> ids;
    archive::Archive store(archive_dir(args));
    if (args.has("--due")) {
        if (args.positional().size() != 1) usage_error("archive renew takes one ID or --due DAYS, not both");
        archive::Query q;
        q.proof_expires_before = due_before(args);
        q.limit = 1000000;
        for (const archive::Record& r : store.find(q)) ids.push_back(r.id);
    } else {
        if (args.positional().size() != 2) usage_error("archive renew needs one ID (or --due DAYS)");
        ids.push_back(args.positional()[1]);
    }
    const std::string tsa = args.required("--tsa");
    int failed = 0;
    for (const std::string& id : ids) {
        try {
            const std::string renewed =
                store.renew(id, tsa, timeout_seconds(args, sign::default_timeout_seconds), timestamp(args));
            std::cout << "renewed " << id << ": the new version is " << renewed << "\n";
        } catch (const Error& e) {
            if (ids.size() == 1) throw;
            std::cerr << "protokoll: not renewed: " << id << ": " << e.what() << '\n';
            ++failed;
        }
    }
    if (args.has("--due"))
        std::cout << "renew: " << ids.size() - failed << " of " << ids.size() << " record(s) due renewed\n";
    return failed ? EXIT_BAD_INPUT : EXIT_OK;
}

int reindex(const Arguments& args) {
    archive::Archive store(archive_dir(args));
    std::vector<std::string> skipped;
    const size_t indexed = store.reindex(timestamp(args), skipped);
    for (const std::string& s : skipped) std::cerr << "protokoll: not indexed: " << s << '\n';
    std::cout << "reindex: " << indexed << " record(s) from the objects, " << skipped.size() << " object(s) skipped\n";
    return skipped.empty() ? EXIT_OK : EXIT_VERIFY_FAILED;
}

}  // namespace

int archive(int argc, char** argv) {
    const Arguments args(argc, argv, 2, ARCHIVE_OPTIONS);
    if (args.positional().empty()) usage_error("archive needs a subcommand: init, ingest, list, search, show, get, fixity, renew, reindex or export");
    const std::string sub = args.positional()[0];
    if (sub == "init") return init(args);
    if (sub == "ingest") return ingest(args);
    if (sub == "list") return find(args, false);
    if (sub == "search") return find(args, true);
    if (sub == "show") return show(args);
    if (sub == "get") return get(args);
    if (sub == "fixity") return fixity(args);
    if (sub == "reindex") return reindex(args);
    if (sub == "export") return export_sips(args);
    if (sub == "renew") return renew(args);
    usage_error("unknown archive subcommand \"" + sub + "\"");
}

}  // namespace protokoll::cli
