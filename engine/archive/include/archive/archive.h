// archive: official copies stored write-once under their SHA-256, indexed
// by the facts their XMP holds (docs/metadata.md), found, proven and handed
// back byte for byte (docs/archive.md). The index is SQLite (one file in the
// archive's directory) or a PostgreSQL database (a shared regional archive);
// the objects are files, written before the index names them.
#pragma once

#include "document/document.h"

#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace protokoll::archive {

// One stored protocol.
struct Record {
    std::string id;            // SHA-256 of the PDF's bytes, lower-case hex
    long long size = 0;        // bytes
    std::string ingested_at;   // ISO 8601 UTC
    std::string level;         // the lowest PAdES level of its signatures ("B-LTA")
    std::string pdfa;          // its PDF/A claim ("2B")
    bool has_source = false;   // the source XML is stored beside it
    std::string previous;      // the version it renews (archive renew); empty for the first
    std::string next;          // the version that renews it; empty for the newest
    // ISO 8601 UTC: when its proof of time loses its TSA certificate
    // (verify's proof_expires): renew before. Empty: unknown or no time-stamp.
    std::string proof_expires;
    document::Facts facts;
    struct Event {
        std::string at;        // ISO 8601 UTC
        std::string type;      // "ingest", "fixity"
        std::string detail;
    };
    std::vector<Event> history;  // oldest first (show only)
};

// What list and search select; empty fields select everything.
struct Query {
    std::string organisation, body, kind, signer, reference;  // exact (body, signer: a name)
    std::string from, to;      // meeting dates, YYYY-MM-DD, inclusive
    int paragraph = 0;         // a § number the protocol holds
    std::string text;          // words of titles and decisions (full-text; all must occur)
    // Due for renewal: newest versions whose proof of time expires before
    // this ISO 8601 time (or is unknown).
    std::string proof_expires_before;
    int limit = 1000;
};

struct IngestResult {
    std::string id;
    bool stored = false;       // false: the same bytes were there already (nothing changed)
};

// Everything an ingest refused for, one line each (exit 1: the file does not
// meet the archive's policy; Error(BadInput), exit 2: it cannot be read).
struct Refused : std::runtime_error {
    explicit Refused(std::vector<std::string> why);
    std::vector<std::string> reasons;
};

// One stored object as fixity found it.
struct FixityItem {
    std::string id;
    std::string status;   // "ok", "missing", "changed", "failing" (verify no longer passes)
    std::string detail;   // what was found, for all but "ok"
};

// What one fixity call checks.
struct FixityOptions {
    // Continue the newest unfinished run of this shard where it stopped (a
    // run stopped by max_objects, a signal, a crash or a reboot) instead of
    // starting a new one.
    bool resume = false;
    // Check at most this many objects now (0: all); the run stays open for --resume.
    size_t max_objects = 0;
    // Check only shard `shard` of `shards`: the records whose first four hex
    // digits, as a number, leave `shard` when divided by `shards` — so
    // several workers share one archive's fixity without overlap.
    int shard = 0, shards = 1;
};

// One fixity run as far as it has come.
struct FixityRun {
    long long run = 0;             // its number (fixity_runs.id)
    std::vector<FixityItem> items; // what this call checked, in ID order
    size_t checked_before = 0;     // checked by earlier calls of a resumed run
    size_t problems_before = 0;    // … and of them not "ok"
    size_t total = 0;              // records in the shard when the run began or resumed
    bool finished = false;         // every record of the shard checked
};

// What a command does to the archive: reading (list, search, show, get,
// export) works on an archive nobody may write — a read-only mount, a copy
// on write-once media —; the rest writes and says so at once when it cannot.
enum class Access { ReadOnly, ReadWrite };

class Archive {
public:
    // Creates an archive in DIR (made if missing; it must be empty): the
    // object store, the index and the policy, with copies of the trust
    // anchors. The index is SQLite (DIR/index.sqlite) or, with `db_url`
    // (postgresql://…), the PostgreSQL database it names, which must hold no
    // archive's index yet. Error(BadInput) when DIR holds anything, a PEM has
    // no certificate, or the database cannot be reached or is taken.
    static void create(const std::string& dir, const std::vector<std::string>& trust_files,
                       const std::string& db_url = {});
    // Opens the archive in DIR; Error(BadInput) when DIR is none, or for
    // ReadWrite when DIR's objects or its SQLite index cannot be written
    // (migrating the index to this version's schema on the way). ReadOnly,
    // where DIR cannot be written, changes nothing: the index must be of
    // this version's schema; where it can, it is opened as for ReadWrite.
    explicit Archive(const std::string& dir, Access access = Access::ReadWrite);
    ~Archive();
    Archive(const Archive&) = delete;
    Archive& operator=(const Archive&) = delete;

    // Accepts FILE only if verify passes under the archive's policy: every
    // field signed, every chain trusted by the archive's anchors, every
    // signature at least the policy's PAdES level, a PDF/A claim, and the
    // protocol's facts in its XMP. `source_xml` (may be empty) is stored
    // beside it when its SHA-256 is the one the facts name. Throws Refused.
    // A file made elsewhere, whose XMP holds no facts, is ingested with
    // `given` facts (the archivist's: organisation, at least one body, a
    // meeting date, kind protokoll or anteckningar), stored beside it as
    // ID.facts.xmp in the same schema (docs/metadata.md) so reindex and renew
    // find them; Error(BadInput) when the XMP holds facts already or `given`
    // lacks what an index needs.
    IngestResult ingest(const std::string& file, const std::string& source_xml, std::time_t now,
                        const std::optional<document::Facts>& given = std::nullopt);

    // PAdES B-LTA renewal (seal --renew) of record ID, which must be the
    // newest version: fresh validation data and a new document timestamp
    // from the TSA at `tsa_url`, stored as a new record that names ID as its
    // previous version (the older bytes stay). Returns the new record's ID.
    std::string renew(const std::string& id, const std::string& tsa_url, int timeout_seconds, std::time_t now);

    std::vector<Record> find(const Query& query) const;
    // ID: the whole SHA-256 or a unique prefix of at least 6 characters.
    Record show(const std::string& id) const;
    // Where record ID's PDF is stored; with `suffix` ".xml" or ".verify.json"
    // its source and its verification report beside it.
    std::string object_path(const std::string& id, const char* suffix = ".pdf") const;
    // The stored PDF of record ID (a full ID), re-hashed first:
    // Error(Verification) when the bytes no longer hash to it.
    std::string stored_bytes(const std::string& id) const;

    // Re-hashes every indexed object (of the shard) and verifies it again
    // from the file alone, with the archive's anchors, recording a "fixity"
    // event per record and the run's progress with it (one transaction), so
    // a run stopped anywhere resumes after the last record it recorded;
    // `progress` (may be empty) hears (done, total) after each.
    FixityRun fixity(const FixityOptions& options, std::time_t now,
                     const std::function<void(size_t, size_t)>& progress);

    // Rebuilds the index from the objects alone (a lost or damaged
    // index.sqlite): every objects/ab/cd/ID.pdf whose bytes still hash to
    // its name is verified again and indexed with the facts of its XMP;
    // returns how many were indexed, and names in `skipped` the files that
    // were not (changed, or no facts). The old history is not in the objects:
    // each record starts again with a "reindex" event; the versions are found
    // again (a renewed file begins with the bytes of the one it renews).
    size_t reindex(std::time_t now, std::vector<std::string>& skipped);

    // Writes record ID as an E-ARK SIP, OUT_DIR/sip-ID16/ (docs/archive.md):
    // METS.xml, metadata/preservation/premis.xml, representations/rep1/data/
    // (the PDF, its source, its verification report) and schemas/ (copied
    // from `schemas_dir`). Built aside and renamed into place; an existing
    // package is never overwritten. Returns the package's path.
    std::string export_sip(const std::string& id, const std::string& out_dir, const std::string& schemas_dir,
                           std::time_t now, const std::string& version) const;

    const std::string& dir() const { return m_dir; }

private:
    struct Index;
    std::string resolve_id(const std::string& id) const;
    Record load(const std::string& full_id, bool with_history) const;
    std::vector<std::string> anchors() const;  // the archive's trust file, when it has one
    IngestResult ingest_version(const std::string& file, const std::string& source_xml, std::time_t now,
                                const std::string& previous, const std::optional<document::Facts>& given);
    // The facts the archivist gave for record ID (ID.facts.xmp), if any.
    std::optional<document::Facts> given_facts(const std::string& id) const;
    void remove_stale_temporaries_of(const std::string& id) const;
    std::string m_dir;
    std::unique_ptr<Index> m_index;
};

}  // namespace protokoll::archive
