// archive: a thin, exception-safe layer over SQLite's C API — one
// connection, prepared statements with bound parameters, transactions.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

namespace protokoll::archive {

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, const std::string& text);
    Statement& bind(int index, long long number);
    // Steps once: true while a row is there.
    bool step();
    void run();  // steps to the end
    std::string text(int column) const;
    long long number(int column) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_statement = nullptr;
};

class Database {
public:
    explicit Database(const std::string& path);  // opens or creates
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void execute(const std::string& sql);  // one or more statements, no parameters
    sqlite3* handle() const { return m_db; }

private:
    sqlite3* m_db = nullptr;
};

// BEGIN IMMEDIATE … COMMIT, rolled back when left by an exception.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

}  // namespace protokoll::archive
