#include "sql.h"

#include "base/diagnostic.h"

namespace protokoll::archive {

namespace {

[[noreturn]] void sql_error(sqlite3* db, const std::string& what) {
    throw Error(ErrorCode::BadInput, {}, "the archive's index: " + what + ": " + sqlite3_errmsg(db));
}

}  // namespace

Statement::Statement(sqlite3* db, const std::string& sql) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &m_statement, nullptr) != SQLITE_OK)
        sql_error(db, "preparing \"" + sql.substr(0, 60) + "\"");
}

Statement::~Statement() { sqlite3_finalize(m_statement); }

Statement& Statement::bind(int index, const std::string& text) {
    if (sqlite3_bind_text(m_statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        sql_error(m_db, "binding a value");
    return *this;
}

Statement& Statement::bind(int index, long long number) {
    if (sqlite3_bind_int64(m_statement, index, number) != SQLITE_OK) sql_error(m_db, "binding a value");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sql_error(m_db, "a query");
}

void Statement::run() {
    while (step()) {
    }
}

std::string Statement::text(int column) const {
    const unsigned char* text = sqlite3_column_text(m_statement, column);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(m_statement, column)))
                : std::string();
}

long long Statement::number(int column) const { return sqlite3_column_int64(m_statement, column); }

Database::Database(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
        SQLITE_OK) {
        const std::string why = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        throw Error(ErrorCode::BadInput, {path, 0, 0}, "cannot open the archive's index: " + why);
    }
    // Another process may be ingesting: wait for its transaction, do not fail.
    sqlite3_busy_timeout(m_db, 30000);
}

Database::~Database() { sqlite3_close(m_db); }

void Database::execute(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string why = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        throw Error(ErrorCode::BadInput, {}, "the archive's index: " + why);
    }
}

Transaction::Transaction(Database& db) : m_db(db) { m_db.execute("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!m_done) sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    m_db.execute("COMMIT");
    m_done = true;
}

}  // namespace protokoll::archive
