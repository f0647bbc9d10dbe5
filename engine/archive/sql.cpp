// The SQLite connection (sql.h): SQLite's C API, prepared statements with
// bound parameters.
#include "sql.h"
#include "shared_library.h"

#include "base/diagnostic.h"

#include <sqlite3.h>

#include <unistd.h>  // access

#include <cstdlib>
#include <filesystem>

namespace protokoll::archive {

long long Row::number(size_t column) const {
    const std::string& t = text(column);
    return t.empty() ? 0 : std::strtoll(t.c_str(), nullptr, 10);
}

namespace {

// SQLite is opened when an archive first opens its index, not when the
// program starts (shared_library.h): linked, libsqlite3 and libstemmer cost
// every protokoll process, render and sign included, 0.34 ms to map and
// relocate (a bare program with and without them, 100 runs each).
struct SQLite {
    decltype(&::sqlite3_bind_int64) bind_int64 = nullptr;
    decltype(&::sqlite3_bind_null) bind_null = nullptr;
    decltype(&::sqlite3_bind_text) bind_text = nullptr;
    decltype(&::sqlite3_busy_timeout) busy_timeout = nullptr;
    decltype(&::sqlite3_close) close = nullptr;
    decltype(&::sqlite3_column_bytes) column_bytes = nullptr;
    decltype(&::sqlite3_column_count) column_count = nullptr;
    decltype(&::sqlite3_column_text) column_text = nullptr;
    decltype(&::sqlite3_errmsg) errmsg = nullptr;
    decltype(&::sqlite3_exec) exec = nullptr;
    decltype(&::sqlite3_finalize) finalize = nullptr;
    decltype(&::sqlite3_free) free = nullptr;
    decltype(&::sqlite3_open_v2) open_v2 = nullptr;
    decltype(&::sqlite3_prepare_v2) prepare_v2 = nullptr;
    decltype(&::sqlite3_step) step = nullptr;
};

const SQLite& sqlite() {
    return bound_once<SQLite>("libsqlite3.so.0", "the archive's index", "libsqlite3-0",
                              [](const SharedLibrary& library, SQLite& functions) {
        library.bind(functions.bind_int64, "sqlite3_bind_int64");
        library.bind(functions.bind_null, "sqlite3_bind_null");
        library.bind(functions.bind_text, "sqlite3_bind_text");
        library.bind(functions.busy_timeout, "sqlite3_busy_timeout");
        library.bind(functions.close, "sqlite3_close");
        library.bind(functions.column_bytes, "sqlite3_column_bytes");
        library.bind(functions.column_count, "sqlite3_column_count");
        library.bind(functions.column_text, "sqlite3_column_text");
        library.bind(functions.errmsg, "sqlite3_errmsg");
        library.bind(functions.exec, "sqlite3_exec");
        library.bind(functions.finalize, "sqlite3_finalize");
        library.bind(functions.free, "sqlite3_free");
        library.bind(functions.open_v2, "sqlite3_open_v2");
        library.bind(functions.prepare_v2, "sqlite3_prepare_v2");
        library.bind(functions.step, "sqlite3_step");
    });
}

[[noreturn]] void sqlite_error(sqlite3* db, const std::string& what) {
    throw Error(ErrorCode::BadInput, {}, "the archive's index: " + what + ": " + sqlite().errmsg(db));
}

class SQLiteConnection final : public Connection {
public:
    SQLiteConnection(const std::string& path, bool read_only) {
        // SQLite writes its WAL index beside the file even to read; where
        // nobody may write, nobody changes the file either: read it as immutable.
        const std::string directory = std::filesystem::path(path).parent_path().string();
        const bool immutable = read_only && ::access(directory.empty() ? "." : directory.c_str(), W_OK) != 0;
        const std::string name = immutable ? "file:" + uri_path(path) + "?immutable=1" : path;
        const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                          SQLITE_OPEN_FULLMUTEX | (immutable ? SQLITE_OPEN_URI : 0);
        if (read_only && !std::filesystem::exists(path))
            throw Error(ErrorCode::BadInput, {path, 0, 0}, "the archive has no index (archive reindex rebuilds it)");
        if (sqlite().open_v2(name.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
            const std::string why = m_db ? sqlite().errmsg(m_db) : "out of memory";
            sqlite().close(m_db);
            throw Error(ErrorCode::BadInput, {path, 0, 0}, "cannot open the archive's index: " + why);
        }
        // Another process may be ingesting: wait for its transaction, do not fail.
        sqlite().busy_timeout(m_db, 30000);
        if (!read_only) execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
    }
    ~SQLiteConnection() override { sqlite().close(m_db); }

    Dialect dialect() const override { return Dialect::SQLite; }

    void execute(const std::string& sql) override {
        char* message = nullptr;
        if (sqlite().exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string why = message ? message : sqlite().errmsg(m_db);
            sqlite().free(message);
            throw Error(ErrorCode::BadInput, {}, "the archive's index: " + why);
        }
    }

    Rows query(const std::string& sql, const std::vector<Value>& values) override {
        sqlite3_stmt* statement = nullptr;
        if (sqlite().prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK)
            sqlite_error(m_db, "preparing \"" + sql.substr(0, 60) + "\"");
        struct Finalize {
            sqlite3_stmt* s;
            ~Finalize() { sqlite().finalize(s); }
        } finalize{statement};
        for (size_t i = 0; i < values.size(); ++i) {
            const int at = static_cast<int>(i + 1);
            int rc = SQLITE_OK;
            if (const auto* n = std::get_if<long long>(&values[i])) rc = sqlite().bind_int64(statement, at, *n);
            else if (const auto* t = std::get_if<std::string>(&values[i]))
                rc = sqlite().bind_text(statement, at, t->data(), static_cast<int>(t->size()), SQLITE_TRANSIENT);
            else rc = sqlite().bind_null(statement, at);
            if (rc != SQLITE_OK) sqlite_error(m_db, "binding a value");
        }
        Rows rows;
        for (;;) {
            const int rc = sqlite().step(statement);
            if (rc == SQLITE_DONE) return rows;
            if (rc != SQLITE_ROW) sqlite_error(m_db, "a query");
            Row row;
            for (int c = 0, n = sqlite().column_count(statement); c < n; ++c) {
                const unsigned char* text = sqlite().column_text(statement, c);
                row.columns.emplace_back(text ? std::string(reinterpret_cast<const char*>(text),
                                                            static_cast<size_t>(sqlite().column_bytes(statement, c)))
                                              : std::string());
            }
            rows.push_back(std::move(row));
        }
    }

    void begin() override { execute("BEGIN IMMEDIATE"); }
    void commit() override { execute("COMMIT"); }
    void rollback() noexcept override { sqlite().exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr); }

private:
    // `path` as a file: URI's path (RFC 3986: %, ?, # and controls escaped).
    static std::string uri_path(const std::string& path) {
        std::string out;
        for (unsigned char c : path) {
            if (c == '%' || c == '?' || c == '#' || c < 0x20) {
                static const char hex[] = "0123456789ABCDEF";
                out += '%';
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += static_cast<char>(c);
            }
        }
        return out;
    }
    sqlite3* m_db = nullptr;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, bool read_only) {
    return std::make_unique<SQLiteConnection>(path, read_only);
}

}  // namespace protokoll::archive
