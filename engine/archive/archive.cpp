// The archive (archive.h): policy and trust in the directory, objects
// beside them, the index in SQLite (index.sqlite: schema in docs/archive.md).
#include "archive/archive.h"

#include "directories.h"
#include "sql.h"
#include "swedish_stems.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "base/time.h"
#include "document/facts_xmp.h"
#include "parse/xmp.h"
#include "seal/seal.h"
#include "verify/hostile.h"

#include <sys/stat.h>  // chmod
#include <unistd.h>    // getpid

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

namespace protokoll::archive {

namespace {

const char* const FORMAT = "protokoll-archive/1";

// Each step takes the index one version further, in each dialect (the same
// tables, columns and meaning); never edit one that shipped.
struct Migration {
    const char* sqlite;
    const char* postgresql;  // nullptr: the SQLite text serves both
    // What SQL cannot do alone, after the statements, in the same transaction.
    void (*then)(Connection&) = nullptr;
};

// 6: SQLite's full-text index holds Swedish stems (swedish_stems.h), made again from the paragraphs.
void stem_paragraph_text(Connection& db) {
    if (db.dialect() != Dialect::SQLite) return;
    db.execute("DELETE FROM paragraph_text");
    for (const Row& p : db.query("SELECT record, title, decision FROM paragraphs ORDER BY rowid"))
        db.query("INSERT INTO paragraph_text (title, decision, record) VALUES (?, ?, ?)",
                 {swedish_stems(p.text(1)), swedish_stems(p.text(2)), p.text(0)});
}
const std::vector<Migration> MIGRATIONS = {
    // 1: records and what they hold; full-text over titles and decisions.
    {"CREATE TABLE records (id TEXT PRIMARY KEY, size INTEGER NOT NULL, ingested_at TEXT NOT NULL,"
     " level TEXT NOT NULL, pdfa TEXT NOT NULL, has_source INTEGER NOT NULL, organisation TEXT NOT NULL,"
     " kind TEXT NOT NULL, meeting_date TEXT NOT NULL, layout TEXT NOT NULL, source_sha256 TEXT NOT NULL,"
     " first_paragraph INTEGER, last_paragraph INTEGER) STRICT;"
     "CREATE INDEX records_by_date ON records (meeting_date);"
     "CREATE TABLE bodies (record TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,"
     " name TEXT NOT NULL) STRICT;"
     "CREATE INDEX bodies_by_name ON bodies (name);"
     "CREATE TABLE paragraphs (record TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,"
     " number INTEGER NOT NULL, title TEXT NOT NULL, decision TEXT NOT NULL, refs TEXT NOT NULL) STRICT;"
     "CREATE INDEX paragraphs_by_number ON paragraphs (number);"
     "CREATE TABLE signers (record TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,"
     " name TEXT NOT NULL, role TEXT NOT NULL, kind TEXT NOT NULL) STRICT;"
     "CREATE INDEX signers_by_name ON signers (name);"
     "CREATE TABLE events (record TEXT NOT NULL REFERENCES records (id), at TEXT NOT NULL,"
     " type TEXT NOT NULL, detail TEXT NOT NULL) STRICT;"
     "CREATE VIRTUAL TABLE paragraph_text USING fts5 (title, decision, record UNINDEXED,"
     " tokenize = 'unicode61 remove_diacritics 0');",
     // PostgreSQL: events ordered by a sequence (SQLite's rowid); text
     // search with Swedish stemming over a generated tsvector.
     "CREATE TABLE records (id TEXT PRIMARY KEY, size BIGINT NOT NULL, ingested_at TEXT NOT NULL,"
     " level TEXT NOT NULL, pdfa TEXT NOT NULL, has_source INTEGER NOT NULL, organisation TEXT NOT NULL,"
     " kind TEXT NOT NULL, meeting_date TEXT NOT NULL, layout TEXT NOT NULL, source_sha256 TEXT NOT NULL,"
     " first_paragraph INTEGER, last_paragraph INTEGER);"
     "CREATE INDEX records_by_date ON records (meeting_date);"
     "CREATE TABLE bodies (record TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,"
     " name TEXT NOT NULL);"
     "CREATE INDEX bodies_by_name ON bodies (name);"
     "CREATE TABLE paragraphs (record TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,"
     " number INTEGER NOT NULL, title TEXT NOT NULL, decision TEXT NOT NULL, refs TEXT NOT NULL);"
     "CREATE INDEX paragraphs_by_number ON paragraphs (number);"
     "CREATE TABLE signers (record TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,"
     " name TEXT NOT NULL, role TEXT NOT NULL, kind TEXT NOT NULL);"
     "CREATE INDEX signers_by_name ON signers (name);"
     "CREATE TABLE events (seq BIGSERIAL PRIMARY KEY, record TEXT NOT NULL REFERENCES records (id),"
     " at TEXT NOT NULL, type TEXT NOT NULL, detail TEXT NOT NULL);"
     "CREATE TABLE paragraph_text (record TEXT NOT NULL REFERENCES records (id), title TEXT NOT NULL,"
     " decision TEXT NOT NULL, words tsvector GENERATED ALWAYS AS"
     " (to_tsvector('swedish', title || ' ' || decision)) STORED);"
     "CREATE INDEX paragraph_text_by_words ON paragraph_text USING GIN (words);"},
    // 2: versions: a renewed file names the record it renews.
    {"ALTER TABLE records ADD COLUMN previous TEXT REFERENCES records (id);"
     "CREATE INDEX records_by_previous ON records (previous);",
     nullptr},
    // 3: a record's rows found by its ID, not by a scan (show, list at 100 000 records).
    {"CREATE INDEX bodies_by_record ON bodies (record);"
     "CREATE INDEX paragraphs_by_record ON paragraphs (record);"
     "CREATE INDEX signers_by_record ON signers (record);"
     "CREATE INDEX events_by_record ON events (record);",
     "CREATE INDEX bodies_by_record ON bodies (record);"
     "CREATE INDEX paragraphs_by_record ON paragraphs (record);"
     "CREATE INDEX signers_by_record ON signers (record);"
     "CREATE INDEX events_by_record ON events (record);"
     "CREATE INDEX paragraph_text_by_record ON paragraph_text (record);"},
    // 4: when each record's proof of time expires (renewal is due before); '' unknown.
    {"ALTER TABLE records ADD COLUMN proof_expires TEXT NOT NULL DEFAULT '';"
     "CREATE INDEX records_by_proof_expires ON records (proof_expires);",
     nullptr},
    // 5: fixity runs, so a stopped run resumes where it was.
    {"CREATE TABLE fixity_runs (id INTEGER PRIMARY KEY, shard TEXT NOT NULL, started_at TEXT NOT NULL,"
     " finished_at TEXT NOT NULL DEFAULT '', last_id TEXT NOT NULL DEFAULT '', checked INTEGER NOT NULL DEFAULT 0,"
     " problems INTEGER NOT NULL DEFAULT 0) STRICT;",
     "CREATE TABLE fixity_runs (id BIGSERIAL PRIMARY KEY, shard TEXT NOT NULL, started_at TEXT NOT NULL,"
     " finished_at TEXT NOT NULL DEFAULT '', last_id TEXT NOT NULL DEFAULT '', checked BIGINT NOT NULL DEFAULT 0,"
     " problems BIGINT NOT NULL DEFAULT 0);"},
    // 6: Swedish stemming in SQLite's search too (PostgreSQL has it since 1).
    {"SELECT 1;", nullptr, stem_paragraph_text},
    // 7: the versions' index holds only records that renew another. Over a
    // column all NULL, statistics (ANALYZE) made SQLite scan every record for
    // each record loaded (1000 records listed at 100 000: 0.15 s became 22 s).
    {"DROP INDEX records_by_previous;"
     "CREATE INDEX records_by_previous ON records (previous) WHERE previous IS NOT NULL;",
     nullptr},
};

// Every stored object, objects/ab/cd/ID.pdf, relative to objects/, sorted.
std::vector<std::string> stored_objects(const std::string& objects) {
    std::vector<std::string> out;
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(objects, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (it.depth() == 2 && name.size() == 68 && name.compare(64, 4, ".pdf") == 0)
            out.push_back(std::filesystem::relative(it->path(), objects).string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

sign::PadesLevel level_of(const std::string& name) {
    for (sign::PadesLevel l : {sign::PadesLevel::None, sign::PadesLevel::BB, sign::PadesLevel::BT, sign::PadesLevel::BLT,
                               sign::PadesLevel::BLTA})
        if (sign::to_string(l) == name) return l;
    throw Error(ErrorCode::BadInput, {}, "the archive's policy names an unknown PAdES level \"" + name + "\"");
}

// key=value lines (policy.conf).
std::map<std::string, std::string> read_settings(const std::string& path) {
    std::map<std::string, std::string> out;
    const std::string text = read_file(path);
    for (size_t at = 0; at < text.size();) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(at, end - at);
        const size_t eq = line.find('=');
        if (!line.empty() && line[0] != '#' && eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
        at = end + 1;
    }
    return out;
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

// An FTS5 query that all of `words` must match, each a quoted string.
std::string fts_query(const std::string& words) {
    std::string out, word;
    auto flush = [&] {
        if (word.empty()) return;
        std::string quoted;
        for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += (out.empty() ? "\"" : " \"") + quoted + "\"";
        word.clear();
    };
    for (char c : words) {
        if (c == ' ' || c == '\t' || c == '\n') flush();
        else word += c;
    }
    flush();
    return out;
}

// What an index needs of facts the archivist gives (Error(BadInput) otherwise).
void check_given_facts(const document::Facts& f) {
    auto digits = [](const std::string& s, size_t from, size_t n) {
        return s.size() >= from + n && s.find_first_not_of("0123456789", from) >= from + n;
    };
    const std::string& d = f.date;
    if (f.organisation.empty()) fail({}, "facts given for a file made elsewhere need --organisation");
    if (f.bodies.empty() || std::any_of(f.bodies.begin(), f.bodies.end(), [](const std::string& b) { return b.empty(); }))
        fail({}, "facts given for a file made elsewhere need --body (the body that met; repeat it for a joint meeting)");
    if (d.size() != 10 || !digits(d, 0, 4) || d[4] != '-' || !digits(d, 5, 2) || d[7] != '-' || !digits(d, 8, 2) ||
        d.substr(5, 2) < "01" || d.substr(5, 2) > "12" || d.substr(8, 2) < "01" || d.substr(8, 2) > "31")
        fail({}, "--meeting-date takes the meeting's date as YYYY-MM-DD, not \"" + d + "\"");
    if (f.kind != "protokoll" && f.kind != "anteckningar")
        fail({}, "--kind takes protokoll or anteckningar, not \"" + f.kind + "\"");
    for (const document::Facts::Paragraph& p : f.paragraphs)
        if (p.number <= 0 || p.title.empty()) fail({}, "--paragraph-title takes NUMBER=TITLE, a number of 1 or more and a title");
}

// The lowest PAdES level of the signatures; None without any.
sign::PadesLevel lowest_level(const sign::VerifyOutcome& outcome) {
    if (outcome.levels.empty()) return sign::PadesLevel::None;
    return *std::min_element(outcome.levels.begin(), outcome.levels.end());
}

// Why `outcome` fails the archive's policy (policy.conf), one line each.
std::vector<std::string> policy_reasons(const sign::VerifyOutcome& outcome, std::map<std::string, std::string> policy) {
    std::vector<std::string> why;
    if (!outcome.valid)
        for (const std::string& reason : outcome.reasons) why.push_back("verify: " + reason);
    if (policy["every-field-signed"] != "no" && (outcome.fields == 0 || outcome.signed_fields < outcome.fields))
        why.push_back(std::to_string(outcome.signed_fields) + " of " + std::to_string(outcome.fields) +
                      " signature fields signed; the policy wants every field signed");
    const sign::PadesLevel minimum = level_of(policy.count("min-level") ? policy["min-level"] : "B-LT");
    if (const sign::PadesLevel lowest = lowest_level(outcome); lowest < minimum)
        why.push_back("PAdES " + sign::to_string(lowest) + ", the policy wants at least " + sign::to_string(minimum) +
                      " (seal --ltv adds validation data)");
    if (policy["require-pdfa"] != "no" && outcome.pdfa.empty()) why.push_back("no PDF/A claim in the XMP");
    if (policy["require-revocation"] != "no" && outcome.without_revocation_evidence > 0)
        why.push_back(std::to_string(outcome.without_revocation_evidence) +
                      " signature(s) whose signer the file's own revocation data does not prove good; the policy wants "
                      "that evidence in the file (seal --ltv adds it)");
    return why;
}

}  // namespace

Refused::Refused(std::vector<std::string> why) : std::runtime_error(joined(why, "; ")), reasons(std::move(why)) {}

struct Archive::Index {
    // Brings the index at `where` (for messages) to the newest schema.
    Index(std::unique_ptr<Connection> connection, const std::string& where, Access access = Access::ReadWrite)
        : db(std::move(connection)) {
        if (access == Access::ReadOnly) {
            // Nothing is written, so nothing is migrated: the schema must be this version's.
            const long long version = db->query("SELECT coalesce(max(version), 0) FROM schema_version").at(0).number(0);
            if (version != static_cast<long long>(MIGRATIONS.size()))
                throw Error(ErrorCode::BadInput, {where, 0, 0},
                            "the archive's index is of schema " + std::to_string(version) + ", this protokoll reads schema " +
                                std::to_string(MIGRATIONS.size()),
                            {"a command that writes (archive fixity) migrates it, where the archive may be written"});
            return;
        }
        const bool pg = db->dialect() == Dialect::PostgreSQL;
        Transaction t(*db);
        // Two processes opening a new PostgreSQL index migrate it one after the other.
        if (pg) db->query("SELECT pg_advisory_xact_lock(7231830)");
        db->execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        const long long version = db->query("SELECT coalesce(max(version), 0) FROM schema_version").at(0).number(0);
        if (version > static_cast<long long>(MIGRATIONS.size()))
            throw Error(ErrorCode::BadInput, {where, 0, 0},
                        "the archive's index is of a newer protokoll (schema " + std::to_string(version) + ")");
        for (size_t v = static_cast<size_t>(version); v < MIGRATIONS.size(); ++v) {
            db->execute(pg && MIGRATIONS[v].postgresql ? MIGRATIONS[v].postgresql : MIGRATIONS[v].sqlite);
            if (MIGRATIONS[v].then) MIGRATIONS[v].then(*db);
            db->query("INSERT INTO schema_version (version) VALUES (?)", {static_cast<long long>(v + 1)});
        }
        t.commit();
    }

    bool postgresql() const { return db->dialect() == Dialect::PostgreSQL; }
    // Events in the order they were written.
    const char* event_order() const { return postgresql() ? "seq" : "rowid"; }

    // Record `r` (with `r.facts`, without history or next) and what it holds,
    // with its first event (`event`: "ingest" or "reindex"), in one
    // transaction; false when the record was there already (another ingest
    // of the same bytes won).
    bool insert(const Record& r, const std::string& event, const std::string& detail) {
        Connection& c = *db;
        const document::Facts& facts = r.facts;
        Transaction t(c);
        const Rows inserted = c.query(
            "INSERT INTO records (id, size, ingested_at, level, pdfa, has_source, organisation, kind, meeting_date,"
            " layout, source_sha256, first_paragraph, last_paragraph, previous, proof_expires)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
            {r.id, r.size, r.ingested_at, r.level, r.pdfa, static_cast<long long>(r.has_source), facts.organisation,
             facts.kind, facts.date, facts.layout, facts.source_sha256,
             facts.paragraphs.empty() ? 0LL : static_cast<long long>(facts.paragraphs.front().number),
             facts.paragraphs.empty() ? 0LL : static_cast<long long>(facts.paragraphs.back().number),
             r.previous.empty() ? Value(nullptr) : Value(r.previous), r.proof_expires});
        if (inserted.empty()) return false;
        for (size_t i = 0; i < facts.bodies.size(); ++i)
            c.query("INSERT INTO bodies (record, position, name) VALUES (?, ?, ?)",
                    {r.id, static_cast<long long>(i), facts.bodies[i]});
        for (size_t i = 0; i < facts.paragraphs.size(); ++i) {
            const document::Facts::Paragraph& p = facts.paragraphs[i];
            c.query("INSERT INTO paragraphs (record, position, number, title, decision, refs) VALUES (?, ?, ?, ?, ?, ?)",
                    {r.id, static_cast<long long>(i), static_cast<long long>(p.number), p.title, p.decision,
                     joined(p.references, "; ")});
            // PostgreSQL stems in its generated column; SQLite's FTS5 is given the stems.
            if (postgresql())
                c.query("INSERT INTO paragraph_text (title, decision, record) VALUES (?, ?, ?)", {p.title, p.decision, r.id});
            else
                c.query("INSERT INTO paragraph_text (title, decision, record) VALUES (?, ?, ?)",
                        {swedish_stems(p.title), swedish_stems(p.decision), r.id});
        }
        for (size_t i = 0; i < facts.signers.size(); ++i) {
            const document::Facts::Signer& s = facts.signers[i];
            c.query("INSERT INTO signers (record, position, name, role, kind) VALUES (?, ?, ?, ?, ?)",
                    {r.id, static_cast<long long>(i), s.name, s.role, s.kind});
        }
        add_event(r.id, r.ingested_at, event, detail);
        if (!r.previous.empty()) add_event(r.previous, r.ingested_at, "renewed", "renewed (PAdES B-LTA) by " + r.id);
        t.commit();
        return true;
    }

    void add_event(const std::string& record, const std::string& at, const std::string& type, const std::string& detail) {
        db->query("INSERT INTO events (record, at, type, detail) VALUES (?, ?, ?, ?)", {record, at, type, detail});
    }

    std::unique_ptr<Connection> db;
};

// The index a policy names: PostgreSQL at its `index` URL, else SQLite in DIR.
std::unique_ptr<Connection> open_index(const std::string& dir, std::map<std::string, std::string> policy, Access access) {
    const std::string& url = policy["index"];
    const bool read_only = access == Access::ReadOnly;
    return url.empty() ? open_sqlite(dir + "/index.sqlite", read_only) : open_postgresql(url, read_only);
}

void Archive::create(const std::string& dir, const std::vector<std::string>& trust_files, const std::string& db_url) {
    std::error_code ignored;
    if (exists(dir) && !std::filesystem::is_empty(dir, ignored))
        fail({dir, 0, 0}, "cannot create an archive here: the directory is not empty",
             {"an archive is created once, in a new or empty directory"});
    std::string anchors;
    for (const std::string& file : trust_files) {
        const std::string pem = read_file(file);
        if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
            fail({file, 0, 0}, "no certificate in this trust file (PEM, -----BEGIN CERTIFICATE-----)");
        anchors += pem;
        if (!anchors.empty() && anchors.back() != '\n') anchors += '\n';
    }
    // A shared index is checked before anything is made: one database holds one archive's index.
    std::unique_ptr<Connection> shared;
    if (!db_url.empty()) {
        if (db_url.rfind("postgresql://", 0) != 0 && db_url.rfind("postgres://", 0) != 0)
            fail({}, "--db takes a PostgreSQL URL (postgresql://[user@]host[:port]/database), not \"" + redacted(db_url) + "\"",
                 {"without --db the index is SQLite, index.sqlite in the archive's directory"});
        shared = open_postgresql(db_url);
        if (shared->query("SELECT to_regclass('schema_version') IS NOT NULL").at(0).text(0) == "t")
            fail({}, "the database " + redacted(db_url) + " holds an archive's index already",
                 {"each archive needs a database of its own (createdb), or open that archive with --archive"});
    }
    make_directories(dir + "/objects");
    make_directories(dir + "/trust");
    if (!anchors.empty()) write_file_atomically(dir + "/trust/anchors.pem", anchors);
    const std::string where = db_url.empty() ? dir + "/index.sqlite" : redacted(db_url);
    Index index(shared ? std::move(shared) : open_sqlite(where), where);
    write_file_atomically(dir + "/policy.conf",
                          std::string("# protokoll archive (docs/archive.md)\nformat=") + FORMAT +
                              "\nmin-level=B-LT\nrequire-pdfa=yes\nevery-field-signed=yes\nrequire-revocation=yes\n" +
                              (db_url.empty() ? "" : "index=" + db_url + "\n"));
}

Archive::Archive(const std::string& dir, Access access) : m_dir(dir) {
    if (!exists(dir + "/policy.conf") || read_settings(dir + "/policy.conf")["format"] != FORMAT)
        fail({dir, 0, 0}, "not a protokoll archive (no policy.conf of " + std::string(FORMAT) + ")",
             {"create one with: protokoll archive init --archive " + dir});
    const std::map<std::string, std::string> policy = read_settings(dir + "/policy.conf");
    const auto url = policy.find("index");
    // A command that writes says at once when it cannot, before it has done
    // anything; one that reads opens the index read-only only where it must
    // (elsewhere it may migrate an older index on the way, as every command does).
    const bool writable = ::access((dir + "/objects").c_str(), W_OK) == 0;
    if (!writable && access == Access::ReadWrite)
        fail({dir, 0, 0}, "the archive cannot be written here (" + std::string(std::strerror(errno)) + ": " + dir + "/objects)",
             {"list, search, show, get and export read a read-only archive; ingest, fixity, renew and reindex write"});
    if (writable) access = Access::ReadWrite;
    m_index = std::make_unique<Index>(open_index(dir, policy, access),
                                      url == policy.end() ? dir + "/index.sqlite" : redacted(url->second), access);
}

Archive::~Archive() = default;

std::string Archive::object_path(const std::string& id, const char* suffix) const {
    return m_dir + "/objects/" + id.substr(0, 2) + "/" + id.substr(2, 2) + "/" + id + suffix;
}

std::string Archive::stored_bytes(const std::string& id) const {
    const std::string path = object_path(id);
    std::string bytes = read_file(path);
    if (sha256_hex(bytes) != id)
        throw Error(ErrorCode::Verification, {path, 0, 0},
                    "the stored object is not the one ingested (its SHA-256 differs): run archive fixity");
    return bytes;
}

std::vector<std::string> Archive::anchors() const {
    const std::string path = m_dir + "/trust/anchors.pem";
    return exists(path) ? std::vector<std::string>{path} : std::vector<std::string>{};
}

IngestResult Archive::ingest(const std::string& file, const std::string& source_xml, std::time_t now,
                             const std::optional<document::Facts>& given) {
    if (given) check_given_facts(*given);
    return ingest_version(file, source_xml, now, {}, given);
}

// What a killed ingest of `id` left half-written beside its objects (write_file_atomically's temporaries).
void Archive::remove_stale_temporaries_of(const std::string& id) const {
    for (const char* suffix : {".pdf", ".verify.json", ".xml", ".facts.xmp"}) remove_stale_temporaries(object_path(id, suffix));
}

std::optional<document::Facts> Archive::given_facts(const std::string& id) const {
    const std::string path = object_path(id, ".facts.xmp");
    if (!exists(path)) return std::nullopt;
    return parse::facts_from_xmp(read_file(path), path);
}

IngestResult Archive::ingest_version(const std::string& file, const std::string& source_xml, std::time_t now,
                                     const std::string& previous, const std::optional<document::Facts>& given) {
    // No larger than verify's screen reads (pdfsig/screen.h): the bytes are held in memory.
    std::error_code unknown_size;
    if (std::filesystem::file_size(file, unknown_size) > sign::ScreenLimits().max_file_bytes && !unknown_size)
        throw Refused({"the file is larger than verify reads (" + std::to_string(sign::ScreenLimits().max_file_bytes >> 20) +
                       " MiB)"});
    const std::string bytes = read_file(file);
    IngestResult result;
    result.id = sha256_hex(bytes);
    if (!m_index->db->query("SELECT 1 FROM records WHERE id = ?", {result.id}).empty()) {
        remove_stale_temporaries_of(result.id);  // an earlier ingest of these bytes that was killed
        return result;                           // the same bytes: nothing else to do
    }

    sign::VerifyOptions options;
    options.trust_files = anchors();
    const sign::VerifyOutcome outcome = sign::verify_guarded(file, options);

    std::vector<std::string> why = policy_reasons(outcome, read_settings(m_dir + "/policy.conf"));
    if (options.trust_files.empty()) why.insert(why.begin(), "the archive has no trust anchors (archive init --trust CA.pem)");
    std::optional<document::Facts> facts = parse::facts_from_xmp(outcome.xmp, file);
    if (facts && given)
        fail({file, 0, 0}, "the file's XMP holds the protocol's facts already; facts given as options are for files made elsewhere",
             {"ingest it without --organisation, --body, --meeting-date, --kind, --paragraph-title, --secretary, --adjuster"});
    if (given) facts = given;
    if (facts && !facts->variant.empty())
        why.push_back("the file is a copy of the protocol (ptk:variant \"" + facts->variant +
                      "\"), not the protocol itself, which is what the archive keeps");
    if (!facts)
        why.push_back("the XMP holds no protocol facts (docs/metadata.md): for a file made elsewhere give them with "
                      "--organisation, --body and --meeting-date");
    if (!why.empty()) throw Refused(why);

    std::string source;
    if (!source_xml.empty()) {
        source = read_file(source_xml);
        const std::string hash = sha256_hex(source);
        if (given && facts->source_sha256.empty()) facts->source_sha256 = hash;
        if (hash != facts->source_sha256)
            fail({source_xml, 0, 0}, "this is not the source of " + file + ": its SHA-256 is " + hash +
                                         ", the document's facts name " + facts->source_sha256);
    }

    // The objects first, each whole on disk (fsync, rename, fsync) before the
    // index names it: an index row never points at a missing or torn object.
    const std::string path = object_path(result.id);
    make_directories(std::filesystem::path(path).parent_path());
    // Nothing is rewritten: what another ingest of these bytes wrote stays.
    // When a write fails (a full disk), what this ingest wrote goes again.
    std::vector<std::string> written;
    auto keep = [&written](const std::string& at, const std::string& content) {
        if (exists(at)) return remove_stale_temporaries(at);  // of another ingest, killed
        write_file_atomically(at, content);
        written.push_back(at);
        ::chmod(at.c_str(), 0444);
    };
    try {
        if (!source.empty()) keep(object_path(result.id, ".xml"), source);
        if (given) keep(object_path(result.id, ".facts.xmp"), document::facts_packet(*facts));
        keep(object_path(result.id, ".verify.json"), outcome.json);
        keep(path, bytes);
    } catch (...) {
        for (const std::string& at : written) std::remove(at.c_str());
        throw;
    }

    const std::string level = sign::to_string(lowest_level(outcome));
    const std::string detail = "verify: valid, " + level + ", " + std::to_string(outcome.signed_fields) +
                               " of " + std::to_string(outcome.fields) + " fields signed, PDF/A-" + outcome.pdfa +
                               (source.empty() ? "" : "; source XML stored") +
                               (previous.empty() ? "" : "; renews " + previous) +
                               (given ? "; facts given by the archivist (.facts.xmp), not in the file's XMP" : "");
    Record r;
    r.id = result.id;
    r.size = static_cast<long long>(bytes.size());
    r.ingested_at = iso8601_date(now);
    r.level = level;
    r.pdfa = outcome.pdfa;
    r.has_source = !source.empty();
    r.previous = previous;
    r.proof_expires = outcome.proof_expires;
    r.facts = *facts;
    result.stored = m_index->insert(r, "ingest", detail);
    return result;
}

std::string Archive::resolve_id(const std::string& id) const {
    if (id.size() < 6 || id.size() > 64 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
        fail({}, "\"" + id + "\" is no record ID: 6 to 64 lower-case hex digits of a SHA-256");
    // A range over the primary key (every ID with this prefix sorts from it to
    // it + "g", 'g' being above every hex digit), so the key's index finds it.
    const Rows matches = m_index->db->query("SELECT id FROM records WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                                            {id, id + "g"});
    if (matches.empty()) fail({}, "no record " + id + " in the archive " + m_dir);
    if (matches.size() > 1) fail({}, "the ID " + id + " names more than one record: give more of it");
    return matches[0].text(0);
}

Record Archive::show(const std::string& id) const { return load(resolve_id(id), true); }

Record Archive::load(const std::string& full, bool with_history) const {
    Connection& db = *m_index->db;
    const Rows found = db.query(
        "SELECT id, size, ingested_at, level, pdfa, has_source, organisation, kind, meeting_date, layout,"
        " source_sha256, coalesce(previous, ''),"
        " coalesce((SELECT n.id FROM records n WHERE n.previous = records.id), ''), proof_expires"
        " FROM records WHERE id = ?",
        {full});
    if (found.empty()) fail({}, "no record " + full + " in the archive " + m_dir);
    const Row& s = found[0];
    Record r;
    r.id = s.text(0);
    r.size = s.number(1);
    r.ingested_at = s.text(2);
    r.level = s.text(3);
    r.pdfa = s.text(4);
    r.has_source = s.number(5) != 0;
    r.facts.organisation = s.text(6);
    r.facts.kind = s.text(7);
    r.facts.date = s.text(8);
    r.facts.layout = s.text(9);
    r.facts.source_sha256 = s.text(10);
    r.previous = s.text(11);
    r.next = s.text(12);
    r.proof_expires = s.text(13);
    for (const Row& body : db.query("SELECT name FROM bodies WHERE record = ? ORDER BY position", {full}))
        r.facts.bodies.push_back(body.text(0));
    for (const Row& row : db.query("SELECT number, title, decision, refs FROM paragraphs WHERE record = ? ORDER BY position", {full})) {
        document::Facts::Paragraph p;
        p.number = static_cast<int>(row.number(0));
        p.title = row.text(1);
        p.decision = row.text(2);
        if (!row.text(3).empty()) p.references.push_back(row.text(3));
        r.facts.paragraphs.push_back(std::move(p));
    }
    for (const Row& signer : db.query("SELECT name, role, kind FROM signers WHERE record = ? ORDER BY position", {full}))
        r.facts.signers.push_back({signer.text(0), signer.text(1), signer.text(2)});
    if (!with_history) return r;
    for (const Row& e : db.query(std::string("SELECT at, type, detail FROM events WHERE record = ? ORDER BY ") +
                                     m_index->event_order(),
                                 {full}))
        r.history.push_back({e.text(0), e.text(1), e.text(2)});
    return r;
}

std::vector<Record> Archive::find(const Query& q) const {
    const bool pg = m_index->postgresql();
    std::string sql = "SELECT id FROM records r WHERE 1 = 1";
    std::vector<Value> texts;
    auto where = [&](const std::string& clause, const std::string& value) {
        if (value.empty()) return;
        sql += " AND " + clause;
        texts.push_back(value);
    };
    where("r.organisation = ?", q.organisation);
    where("r.kind = ?", q.kind);
    where("r.meeting_date >= ?", q.from);
    where("r.meeting_date <= ?", q.to);
    // Due for renewal: the newest version, its proof expiring before the date (or unknown).
    where("r.proof_expires < ? AND NOT EXISTS (SELECT 1 FROM records n WHERE n.previous = r.id)", q.proof_expires_before);
    // IN (…by name…), not a correlated EXISTS: SQLite then starts from the name's
    // index instead of walking every record in date order (100 000 records: 0.5 s → 30 ms).
    where("r.id IN (SELECT b.record FROM bodies b WHERE b.name = ?)", q.body);
    where("r.id IN (SELECT s.record FROM signers s WHERE s.name = ?)", q.signer);
    where(pg ? "EXISTS (SELECT 1 FROM paragraphs p WHERE p.record = r.id AND strpos(p.refs, ?) > 0)"
             : "EXISTS (SELECT 1 FROM paragraphs p WHERE p.record = r.id AND instr(p.refs, ?) > 0)",
          q.reference);
    where("r.id IN (SELECT p.record FROM paragraphs p WHERE p.number = CAST(? AS INTEGER))",
          q.paragraph > 0 ? std::to_string(q.paragraph) : std::string());
    // Every word, stemmed: PostgreSQL's plainto_tsquery; in SQLite the stems FTS5 holds.
    if (pg) where("r.id IN (SELECT record FROM paragraph_text WHERE words @@ plainto_tsquery('swedish', ?))", q.text);
    else if (!q.text.empty()) {
        const std::string stems = swedish_stems(q.text);
        if (stems.empty()) return {};  // no word to find (as plainto_tsquery of punctuation finds nothing)
        where("r.id IN (SELECT record FROM paragraph_text WHERE paragraph_text MATCH ?)", fts_query(stems));
    }
    sql += " ORDER BY r.meeting_date, r.id LIMIT " + std::to_string(q.limit > 0 ? q.limit : 1000);
    std::vector<Record> out;
    for (const Row& row : m_index->db->query(sql, texts)) out.push_back(load(row.text(0), false));
    return out;
}

std::string Archive::renew(const std::string& id, const std::string& tsa_url, int timeout_seconds, std::time_t now) {
    const Record r = show(id);
    if (!r.next.empty())
        fail({}, "record " + r.id.substr(0, 12) + " is renewed already, by " + r.next.substr(0, 12) + ": renew the newest version");
    if (tsa_url.empty()) fail({}, "archive renew needs --tsa URL: the renewal is a new document timestamp");
    stored_bytes(r.id);  // intact before it is renewed
    sign::SealOptions options;
    options.trust_files = anchors();
    options.tsa_url = tsa_url;
    options.timeout_seconds = timeout_seconds;
    options.renew = true;
    // The renewed file is written aside, then ingested like any other.
    const std::string renewed = m_dir + "/.renew-" + r.id.substr(0, 16) + "-" + std::to_string(::getpid()) + ".pdf";
    struct Remove {
        std::string path;
        ~Remove() { std::remove(path.c_str()); }
    } remove_later{renewed};
    sign::seal_file(object_path(r.id), renewed, options);
    return ingest_version(renewed, r.has_source ? object_path(r.id, ".xml") : std::string(), now, r.id, given_facts(r.id)).id;
}

size_t Archive::reindex(std::time_t now, std::vector<std::string>& skipped) {
    {
        Transaction t(*m_index->db);
        m_index->db->execute("DELETE FROM paragraph_text; DELETE FROM events; DELETE FROM signers;"
                             " DELETE FROM paragraphs; DELETE FROM bodies; DELETE FROM records;");
        t.commit();
    }
    sign::VerifyOptions options;
    options.trust_files = anchors();
    std::vector<std::pair<Record, bool>> found;  // each object's record, and whether verify passed
    for (const std::string& relative : stored_objects(m_dir + "/objects")) {
        const std::string path = m_dir + "/objects/" + relative;
        const std::string id = relative.substr(6, 64);
        const std::string bytes = read_file(path);
        if (sha256_hex(bytes) != id) {
            skipped.push_back(relative + ": its SHA-256 is not its name");
            continue;
        }
        const sign::VerifyOutcome outcome = sign::verify_guarded(path, options);
        std::optional<document::Facts> facts = parse::facts_from_xmp(outcome.xmp, path);
        if (!facts) facts = given_facts(id);
        if (!facts) {
            skipped.push_back(relative + ": no protocol facts in its XMP, and none given beside it");
            continue;
        }
        Record r;
        r.id = id;
        r.size = static_cast<long long>(bytes.size());
        r.ingested_at = iso8601_date(now);
        r.level = sign::to_string(lowest_level(outcome));
        r.pdfa = outcome.pdfa;
        r.has_source = exists(object_path(id, ".xml"));
        r.proof_expires = outcome.proof_expires;
        r.facts = *facts;
        found.emplace_back(std::move(r), outcome.valid);
    }
    // The versions again: a renewal appends to the file it renews, so the
    // version before a file is the longest other object of the same protocol
    // whose bytes begin it — its SHA-256 is the hash of that many of the
    // file's first bytes. Shorter files first, so each previous is indexed.
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first.size < b.first.size; });
    std::map<std::string, std::vector<const Record*>> by_protocol;  // source hash and date → records indexed
    for (auto& [r, valid] : found) {
        std::vector<const Record*>& same = by_protocol[r.facts.source_sha256 + " " + r.facts.date];
        if (!same.empty()) {
            const std::string bytes = read_file(object_path(r.id));
            for (auto it = same.rbegin(); it != same.rend() && r.previous.empty(); ++it)
                if ((*it)->size < r.size && sha256_hex(bytes.substr(0, static_cast<size_t>((*it)->size))) == (*it)->id)
                    r.previous = (*it)->id;
        }
        m_index->insert(r, "reindex", std::string("reindexed from the object: verify ") + (valid ? "valid" : "invalid") +
                                          (r.previous.empty() ? "" : "; renews " + r.previous));
        same.push_back(&r);
    }
    return found.size();
}

FixityRun Archive::fixity(const FixityOptions& o, std::time_t now, const std::function<void(size_t, size_t)>& progress) {
    if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards || o.shards > 65536)
        fail({}, "a fixity shard is K/N with 0 <= K < N <= 65536, not " + std::to_string(o.shard) + "/" + std::to_string(o.shards));
    Connection& db = *m_index->db;
    const std::string shard = std::to_string(o.shard) + "/" + std::to_string(o.shards);
    FixityRun run;
    std::string after;  // the last ID an earlier call of this run recorded
    if (o.resume) {
        const Rows open = db.query("SELECT id, last_id, checked, problems FROM fixity_runs WHERE shard = ? AND finished_at = ''"
                                   " ORDER BY id DESC LIMIT 1", {shard});
        if (open.empty()) fail({}, "no unfinished fixity run of shard " + shard + " to resume", {"start one with: archive fixity"});
        run.run = open[0].number(0);
        after = open[0].text(1);
        run.checked_before = static_cast<size_t>(open[0].number(2));
        run.problems_before = static_cast<size_t>(open[0].number(3));
    } else {
        run.run = db.query("INSERT INTO fixity_runs (shard, started_at) VALUES (?, ?) RETURNING id", {shard, iso8601_date(now)})
                      .at(0).number(0);
    }
    std::vector<std::string> ids;
    for (const Row& row : db.query("SELECT id FROM records WHERE id > ? ORDER BY id", {after})) {
        const std::string& id = row.text(0);
        if (std::stoul(id.substr(0, 4), nullptr, 16) % static_cast<unsigned long>(o.shards) == static_cast<unsigned long>(o.shard))
            ids.push_back(id);
    }
    run.total = run.checked_before + ids.size();
    sign::VerifyOptions options;
    options.trust_files = anchors();
    for (size_t i = 0; i < ids.size() && (o.max_objects == 0 || i < o.max_objects); ++i) {
        FixityItem item{ids[i], "ok", ""};
        const std::string path = object_path(ids[i]);
        std::string proof_expires;
        if (!exists(path)) {
            item.status = "missing";
            item.detail = "no file " + path;
        } else if (const std::string hash = sha256_hex(read_file(path)); hash != ids[i]) {
            item.status = "changed";
            item.detail = "its SHA-256 is now " + hash;
        } else {
            const sign::VerifyOutcome outcome = sign::verify_guarded(path, options);
            proof_expires = outcome.proof_expires;
            if (!outcome.valid) {
                item.status = "failing";
                item.detail = outcome.reasons.empty() ? "verify fails" : joined(outcome.reasons, "; ");
            }
        }
        // The event and the run's progress together: a concurrent ingest waits at most this long.
        Transaction t(db);
        m_index->add_event(ids[i], iso8601_date(now), "fixity", item.status + (item.detail.empty() ? "" : ": " + item.detail));
        db.query("UPDATE fixity_runs SET last_id = ?, checked = checked + 1, problems = problems + ? WHERE id = ?",
                 {ids[i], static_cast<long long>(item.status != "ok"), run.run});
        // An index older than schema 4 learns when the proof expires.
        if (item.status == "ok")
            db.query("UPDATE records SET proof_expires = ? WHERE id = ? AND proof_expires = ''", {proof_expires, ids[i]});
        t.commit();
        run.items.push_back(std::move(item));
        if (progress) progress(run.checked_before + i + 1, run.total);
    }
    run.finished = run.items.size() == ids.size();
    if (run.finished) db.query("UPDATE fixity_runs SET finished_at = ? WHERE id = ?", {iso8601_date(now), run.run});
    return run;
}

}  // namespace protokoll::archive
