// The PostgreSQL connection (sql.h), over libpq: '?' placeholders become
// $1, $2, … and every value travels as text, so the server types it from
// the statement.
#include "sql.h"
#include "shared_library.h"

#include "base/diagnostic.h"

#include <libpq-fe.h>

#include <regex>
#include <type_traits>

namespace protokoll::archive {

std::string redacted(const std::string& url) {
    // postgresql://user:secret@host/db → postgresql://user@host/db; password=secret → password=…
    static const std::regex in_url(R"(^(postgres(?:ql)?://[^:/@]*):[^@/]*@)");
    static const std::regex keyword(R"(password\s*=\s*('[^']*'|\S*))");
    return std::regex_replace(std::regex_replace(url, in_url, "$1@"), keyword, "password=…");
}

namespace {

// libpq is opened when an archive first connects to PostgreSQL, not when
// the program starts: linked, it and what it needs (Kerberos, LDAP, GnuTLS
// and the rest, 15 libraries) cost every protokoll process about 7 ms to
// map and relocate, render and verify included, which never use it. The
// functions are libpq's own (Debian's libpq5, the library libpq-dev links).
struct LibPQ {
    decltype(&::PQconnectdbParams) connectdbParams = nullptr;
    decltype(&::PQstatus) status = nullptr;
    decltype(&::PQerrorMessage) errorMessage = nullptr;
    decltype(&::PQfinish) finish = nullptr;
    decltype(&::PQsetNoticeProcessor) setNoticeProcessor = nullptr;
    decltype(&::PQexec) exec = nullptr;
    decltype(&::PQexecParams) execParams = nullptr;
    decltype(&::PQntuples) ntuples = nullptr;
    decltype(&::PQnfields) nfields = nullptr;
    decltype(&::PQgetisnull) getisnull = nullptr;
    decltype(&::PQgetvalue) getvalue = nullptr;
    decltype(&::PQgetlength) getlength = nullptr;
    decltype(&::PQclear) clear = nullptr;
    decltype(&::PQresultStatus) resultStatus = nullptr;
    decltype(&::PQresultErrorMessage) resultErrorMessage = nullptr;
};

const LibPQ& libpq() {
    return bound_once<LibPQ>("libpq.so.5", "an archive index in PostgreSQL", "libpq5",
                              [](const SharedLibrary& library, LibPQ& functions) {
        library.bind(functions.connectdbParams, "PQconnectdbParams");
        library.bind(functions.status, "PQstatus");
        library.bind(functions.errorMessage, "PQerrorMessage");
        library.bind(functions.finish, "PQfinish");
        library.bind(functions.setNoticeProcessor, "PQsetNoticeProcessor");
        library.bind(functions.exec, "PQexec");
        library.bind(functions.execParams, "PQexecParams");
        library.bind(functions.ntuples, "PQntuples");
        library.bind(functions.nfields, "PQnfields");
        library.bind(functions.getisnull, "PQgetisnull");
        library.bind(functions.getvalue, "PQgetvalue");
        library.bind(functions.getlength, "PQgetlength");
        library.bind(functions.clear, "PQclear");
        library.bind(functions.resultStatus, "PQresultStatus");
        library.bind(functions.resultErrorMessage, "PQresultErrorMessage");
    });
}

// `sql` with each '?' outside a quoted literal numbered the way PostgreSQL wants.
std::string numbered_placeholders(const std::string& sql) {
    std::string out;
    int n = 0;
    bool quoted = false;
    for (char c : sql) {
        if (c == '\'') quoted = !quoted;
        if (c == '?' && !quoted) out += "$" + std::to_string(++n);
        else out += c;
    }
    return out;
}

class PostgreSQLConnection final : public Connection {
public:
    PostgreSQLConnection(const std::string& url, bool read_only) : m_url(redacted(url)) {
        // A server that does not answer is an error within seconds, not a hang.
        const char* const keywords[] = {"dbname", "connect_timeout", "application_name", nullptr};
        const char* const values[] = {url.c_str(), "10", "protokoll", nullptr};
        m_db = libpq().connectdbParams(keywords, values, 1);
        if (!m_db || libpq().status(m_db) != CONNECTION_OK) {
            const std::string why = m_db ? libpq().errorMessage(m_db) : "out of memory";
            libpq().finish(m_db);
            throw Error(ErrorCode::BadInput, {}, "cannot connect to the archive's index " + m_url + ": " + trimmed(why));
        }
        // CREATE … IF NOT EXISTS and the like are not news to an archivist.
        libpq().setNoticeProcessor(m_db, [](void*, const char*) {}, nullptr);
        execute("SET client_min_messages = warning; SET TIME ZONE 'UTC'");
        if (read_only) execute("SET default_transaction_read_only = on");
    }
    ~PostgreSQLConnection() override { libpq().finish(m_db); }

    Dialect dialect() const override { return Dialect::PostgreSQL; }

    void execute(const std::string& sql) override { check(libpq().exec(m_db, sql.c_str()), sql); }

    Rows query(const std::string& sql, const std::vector<Value>& values) override {
        std::vector<std::string> texts(values.size());
        std::vector<const char*> pointers(values.size(), nullptr);
        for (size_t i = 0; i < values.size(); ++i) {
            if (const auto* n = std::get_if<long long>(&values[i])) texts[i] = std::to_string(*n);
            else if (const auto* t = std::get_if<std::string>(&values[i])) texts[i] = *t;
            else continue;  // NULL
            pointers[i] = texts[i].c_str();
        }
        const std::string statement = numbered_placeholders(sql);
        PGresult* result = libpq().execParams(m_db, statement.c_str(), static_cast<int>(values.size()), nullptr,
                                        pointers.data(), nullptr, nullptr, 0);
        check(result, sql, /*keep=*/true);
        Rows rows;
        for (int r = 0, n = libpq().ntuples(result); r < n; ++r) {
            Row row;
            for (int c = 0, m = libpq().nfields(result); c < m; ++c)
                row.columns.emplace_back(libpq().getisnull(result, r, c) ? std::string()
                                                                   : std::string(libpq().getvalue(result, r, c),
                                                                                 static_cast<size_t>(libpq().getlength(result, r, c))));
            rows.push_back(std::move(row));
        }
        libpq().clear(result);
        return rows;
    }

    void begin() override { execute("BEGIN"); }
    void commit() override { execute("COMMIT"); }
    void rollback() noexcept override { libpq().clear(libpq().exec(m_db, "ROLLBACK")); }

private:
    static std::string trimmed(std::string s) {
        while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
        return s;
    }
    // Throws unless `result` succeeded; clears it unless `keep`.
    void check(PGresult* result, const std::string& sql, bool keep = false) {
        const ExecStatusType status = result ? libpq().resultStatus(result) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            if (!keep) libpq().clear(result);
            return;
        }
        const std::string why = trimmed(result ? libpq().resultErrorMessage(result) : libpq().errorMessage(m_db));
        libpq().clear(result);
        throw Error(ErrorCode::BadInput, {},
                    "the archive's index " + m_url + ": \"" + sql.substr(0, 60) + (sql.size() > 60 ? "…" : "") + "\": " + why);
    }

    std::string m_url;  // redacted
    PGconn* m_db = nullptr;
};

}  // namespace

std::unique_ptr<Connection> open_postgresql(const std::string& url, bool read_only) {
    return std::make_unique<PostgreSQLConnection>(url, read_only);
}

}  // namespace protokoll::archive
