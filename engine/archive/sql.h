// archive: the index's database behind one small interface — SQLite (one
// file in the archive's directory) or PostgreSQL (a shared server) — so the
// archive's queries are written once. Statements take '?' placeholders and
// bound values; results come back as text (NULL as ""). The few places the
// two SQL dialects differ ask dialect().
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace protokoll::archive {

enum class Dialect { SQLite, PostgreSQL };

// A bound value: NULL, an integer or a text.
using Value = std::variant<std::nullptr_t, long long, std::string>;

struct Row {
    std::vector<std::string> columns;
    const std::string& text(size_t column) const { return columns.at(column); }
    long long number(size_t column) const;  // 0 for NULL
};
using Rows = std::vector<Row>;

class Connection {
public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    // One or more statements, no parameters.
    virtual void execute(const std::string& sql) = 0;
    // One statement with '?' placeholders bound to `values`, in order.
    virtual Rows query(const std::string& sql, const std::vector<Value>& values = {}) = 0;
    // A write transaction: SQLite takes the write lock at once (BEGIN
    // IMMEDIATE), so two writers queue instead of failing later.
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
};

// Opens (creating the file if missing) the SQLite index at `path`: WAL,
// foreign keys on, waiting up to 30 s for another process's transaction.
// `read_only`: never writes; in a directory this process cannot write (a
// read-only mount) the file is read as immutable.
std::unique_ptr<Connection> open_sqlite(const std::string& path, bool read_only = false);
// Connects to the PostgreSQL index at `url` (postgresql://… or a libpq
// connection string): Error(BadInput) naming the server when it cannot.
// `read_only`: every transaction is read-only.
std::unique_ptr<Connection> open_postgresql(const std::string& url, bool read_only = false);
// `url` without its password, for messages.
std::string redacted(const std::string& url);

// begin … commit, rolled back when left by an exception.
class Transaction {
public:
    explicit Transaction(Connection& db) : m_db(db) { m_db.begin(); }
    ~Transaction() {
        if (!m_done) m_db.rollback();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        m_db.commit();
        m_done = true;
    }

private:
    Connection& m_db;
    bool m_done = false;
};

}  // namespace protokoll::archive
