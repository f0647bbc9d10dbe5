// screen_pdf: see screen.h. Reads the file the way PoDoFo 0.9.8's PdfParser
// does (src/podofo/base/PdfParser.cpp, PdfParserObject.cpp,
// PdfXRefStreamParserObject.cpp, PdfObjectStreamParserObject.cpp), without
// building it: cross-reference sections from every startxref, the objects
// they point to, the streams those objects hold.
#include "pdfsig/screen.h"

#include "pdfsig/screen_decode.h"
#include "screen_lex.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace protokoll::sign {

using namespace screen;

namespace {

struct Refused {
    std::string why;
};

std::string mb(size_t bytes) {
    return bytes % (1 << 20) == 0 ? std::to_string(bytes >> 20) + " MB" : std::to_string(bytes) + " bytes";
}

// A number of a dictionary, or `fallback`.
long long number(const Value* v, long long fallback = 0) {
    return v && v->is(Value::Kind::Number) ? v->number : fallback;
}

// What one cross-reference section says about the chain.
struct Section {
    bool valid = false;           // a table or an xref stream was there
    std::vector<long long> next;  // /Prev and /XRefStm
};

// What the screen keeps of an object it has read.
struct Object {
    long long number = -1;
    bool xref = false;           // a stream with /Type /XRef
    Value dict;                  // kept for xref streams only
    std::string decoded;         // an xref stream's data, until its section is read
};

class Screen {
public:
    Screen(const std::string& bytes, const ScreenLimits& limits) : m_bytes(bytes), m_limits(limits) {}

    void run() {
        if (m_bytes.size() > m_limits.max_file_bytes)
            refuse("the file has " + std::to_string(m_bytes.size()) + " bytes, more than the " +
                   mb(m_limits.max_file_bytes) + " a file may have");
        std::vector<long long> roots;
        for (const char* key : {"startxref", "startref"})
            for (size_t at = m_bytes.find(key); at != std::string::npos; at = m_bytes.find(key, at + 1)) {
                Lexer lx(m_bytes, at + std::strlen(key));
                const Token t = lx.next();
                if (t.kind == Tok::Number) roots.push_back(t.number);
            }
        if (roots.empty()) refuse("no startxref: the cross-reference table cannot be found");
        for (long long root : roots) chain(root);
        // PoDoFo also finds "xref" and "trailer" by searching the bytes (a
        // startxref past the end of a revision loaded alone, its trailer).
        // Tables no chain reaches are read leniently: counts that are no
        // table's end reading, not the file.
        for (size_t at = m_bytes.find("xref"); at != std::string::npos; at = m_bytes.find("xref", at + 1))
            if (at < 5 || m_bytes.compare(at - 5, 5, "start") != 0) table(at, false);
        for (size_t at = m_bytes.find("trailer"); at != std::string::npos; at = m_bytes.find("trailer", at + 1))
            trailer(at + 7);
        for (const auto& [offset, number] : m_entries) object(static_cast<size_t>(offset));
        if (m_numbers.size() > m_limits.max_objects)
            refuse("more than " + std::to_string(m_limits.max_objects) + " objects (" + std::to_string(m_numbers.size()) +
                   " in use)");
        page_tree();
    }

private:
    [[noreturn]] void refuse(const std::string& why) { throw Refused{why}; }

    ReadLimits read_limits(size_t offset = 0, const std::string& where = {}) {
        ReadLimits r;
        r.max_depth = m_limits.max_depth;
        r.values = &m_values;
        r.max_values = m_limits.max_values;
        r.offset = offset;
        r.where = where;
        return r;
    }

    // Reads the value at the lexer, refusing a hostile one; accounts the bytes read.
    ReadResult value(Lexer& lx, size_t from, size_t offset = 0, const std::string& where = {}) {
        ReadResult r = read_value(lx, read_limits(offset, where));
        if (!r.problem.empty()) refuse(r.problem);
        m_read += r.end - from;
        if (m_read > 4 * m_bytes.size() + (1 << 20))
            refuse("the cross-reference offsets point into the middle of objects (" + std::to_string(m_read) +
                   " bytes read for a file of " + std::to_string(m_bytes.size()) + ")");
        return r;
    }

    void check_size(const Value* size, size_t at, const char* what) {
        if (size && size->is(Value::Kind::Number) && (size->number < 0 || static_cast<unsigned long long>(size->number) > m_limits.max_objects))
            refuse(std::string(what) + " at byte " + std::to_string(at) + " claims /Size " + std::to_string(size->number) +
                   " (more than the " + std::to_string(m_limits.max_objects) + " objects a file may have)");
    }

    void note(long long number, long long offset) {
        m_numbers.insert(number);
        if (offset > 0 && static_cast<unsigned long long>(offset) < m_bytes.size() &&
            m_known.insert({offset, number}).second) {
            m_entries.emplace(offset, number);
            m_offsets_of.emplace(number, offset);
        }
    }

    // The trailer dictionary after the keyword "trailer".
    Value trailer(size_t after_keyword) {
        if (auto found = m_trailers.find(after_keyword); found != m_trailers.end()) return found->second;
        Lexer lx(m_bytes, after_keyword);
        ReadResult r = value(lx, after_keyword);
        check_size(r.value.get("Size"), after_keyword - 7, "the trailer");
        Value kept;
        if (r.complete && r.value.is(Value::Kind::Dict))
            for (const char* key : {"Prev", "XRefStm"})
                if (const Value* v = r.value.get(key)) kept.entries.emplace_back(key, *v);
        return m_trailers[after_keyword] = kept;
    }

    // A cross-reference table whose keyword "xref" is at `at` (PdfParser::ReadXRefContents).
    Section& table(size_t at, bool strict) {
        if (auto found = m_tables.find(at); found != m_tables.end()) return found->second;
        Section& s = m_tables[at];
        Lexer lx(m_bytes, at);
        Token t = lx.next();
        if (t.kind != Tok::Keyword || lx.text(t) != "xref") return s;
        s.valid = true;
        for (;;) {
            const size_t header = lx.pos();
            const Token first = lx.next(), count = lx.next();
            if (first.kind != Tok::Number || count.kind != Tok::Number) {
                lx.seek(header);
                break;
            }
            if (first.number < 0 || count.number < 0) return s;  // PoDoFo: value out of range, no trailer read
            if (static_cast<unsigned long long>(first.number) + static_cast<unsigned long long>(count.number) > m_limits.max_objects) {
                if (!strict) return s;
                refuse("the cross-reference table at byte " + std::to_string(at) + " has a subsection of " +
                       std::to_string(count.number) + " entries from object " + std::to_string(first.number) +
                       " (more than the " + std::to_string(m_limits.max_objects) + " objects a file may have)");
            }
            size_t p = lx.pos();
            while (p < m_bytes.size() && Lexer::is_space(static_cast<unsigned char>(m_bytes[p]))) ++p;
            for (long long i = 0; i < count.number; ++i, p += 20) {
                if (p + 20 > m_bytes.size()) return s;
                char entry[21];
                std::memcpy(entry, m_bytes.data() + p, 20);
                entry[20] = '\0';
                long long offset = 0, generation = 0;
                char used = 0, e1 = 0, e2 = 0;
                const bool eol_ok = std::sscanf(entry, "%10lld %5lld %c%c%c", &offset, &generation, &used, &e1, &e2) == 5 &&
                                    ((e1 == '\r' && e2 == '\n') || (e1 == '\n' && e2 == '\r') ||
                                     (e1 == ' ' && (e2 == '\r' || e2 == '\n')));
                if (!eol_ok) return s;  // PoDoFo stops reading this table here, and its trailer
                if (used == 'n') note(first.number + i, offset);
            }
            lx.seek(p);
        }
        t = lx.next();
        if (t.kind == Tok::Keyword && lx.text(t) == "trailer") {
            const Value tr = trailer(t.end);
            for (const char* key : {"XRefStm", "Prev"})
                if (const Value* v = tr.get(key); v && v->is(Value::Kind::Number) && v->number > 0) s.next.push_back(v->number);
        }
        return s;
    }

    // The section a startxref or /Prev names: a table, or an xref stream.
    Section section(size_t offset) {
        Lexer lx(m_bytes, offset);
        const Token t = lx.next();
        if (t.kind == Tok::Keyword && lx.text(t) == "xref") return table(t.start, true);
        Section s;
        Object& o = object(offset);
        if (!o.xref) return s;
        s.valid = true;
        xref_stream(o, offset);
        if (const Value* prev = o.dict.get("Prev"); prev && prev->is(Value::Kind::Number) && prev->number > 0 &&
                                                     static_cast<size_t>(prev->number) != offset)
            s.next.push_back(prev->number);
        return s;
    }

    // Follows one chain of sections from a startxref (or /XRefStm), once per
    // starting point; a section reached twice on one chain is a loop.
    void chain(long long start) {
        if (!m_chains.insert(start).second) return;
        std::set<long long> seen;
        std::vector<long long> todo{start};
        while (!todo.empty()) {
            const long long at = todo.back();
            todo.pop_back();
            if (at < 0 || static_cast<unsigned long long>(at) >= m_bytes.size())
                refuse("a cross-reference offset (" + std::to_string(at) + ") lies beyond the end of the file (" +
                       std::to_string(m_bytes.size()) + " bytes)");
            if (!seen.insert(at).second)
                refuse("the cross-reference sections loop: /Prev leads back to the section at byte " + std::to_string(at));
            if (seen.size() > m_limits.max_sections)
                refuse("more than " + std::to_string(m_limits.max_sections) + " cross-reference sections on one /Prev chain");
            const Section s = section(static_cast<size_t>(at));
            // /XRefStm (a hybrid file's stream) starts a chain of its own; /Prev continues this one.
            for (size_t i = 0; i < s.next.size(); ++i) {
                if (i + 1 < s.next.size()) chain(s.next[i]);
                else todo.push_back(s.next[i]);
            }
        }
    }

    void xref_stream(Object& o, size_t at);
    Object& object(size_t offset);
    void stream(Object& o, const Value& dict, size_t at, size_t body);
    std::vector<std::vector<std::string>> filters(const Value& dict, size_t at);
    void object_stream(const Value& dict, const std::string& data, size_t at);
    std::vector<Value> values_of(const Value& v);
    void pages_node(long long number, const Value& dict, size_t at);
    void page_tree();

    const std::string& m_bytes;
    const ScreenLimits& m_limits;
    size_t m_values = 0;        // values read, all objects
    size_t m_read = 0;          // bytes of objects read
    size_t m_decoded = 0;       // bytes decoded, all streams
    std::set<long long> m_numbers;                        // objects in use
    std::multimap<long long, long long> m_entries;        // offset -> object number (in-use table and type 1 entries)
    std::multimap<long long, long long> m_offsets_of;     // object number -> offset
    std::set<std::pair<long long, long long>> m_known;    // (offset, number) noted
    std::map<size_t, Section> m_tables;
    std::map<size_t, Value> m_trailers;
    std::set<long long> m_chains;
    std::unordered_map<size_t, Object> m_objects;
    std::unordered_map<size_t, Value> m_peeked;
    std::map<long long, std::set<long long>> m_kids;      // /Pages node -> the /Pages nodes among its /Kids
};

// PdfXRefStreamParserObject::ReadXRefTable: /Size, /W, /Index and the entries.
void Screen::xref_stream(Object& o, size_t at) {
    const std::string where = " in the cross-reference stream at byte " + std::to_string(at);
    check_size(o.dict.get("Size"), at, "the cross-reference stream");
    const Value* w = o.dict.get("W");
    long long widths[3] = {0, 0, 0};
    bool w_ok = w && w->is(Value::Kind::Array) && w->items.size() == 3;
    for (size_t i = 0; w_ok && i < 3; ++i) {
        w_ok = w->items[i].is(Value::Kind::Number) && w->items[i].number >= 0 && w->items[i].number <= 8;
        if (w_ok) widths[i] = w->items[i].number;
    }
    if (!w_ok) {
        std::string text;
        for (size_t i = 0; w && w->is(Value::Kind::Array) && i < w->items.size() && i < 8; ++i)
            text += (i ? " " : "") + (w->items[i].is(Value::Kind::Number) ? std::to_string(w->items[i].number) : "?");
        refuse("an absurd /W [" + text + "]" + where + " (three field widths of 0 to 8 bytes expected)");
    }
    std::vector<long long> index;
    if (const Value* ix = o.dict.get("Index"); ix && ix->is(Value::Kind::Array))
        for (const Value& item : ix->items) index.push_back(number(&item, -1));
    else
        index = {0, number(o.dict.get("Size"))};
    unsigned long long entries = 0;
    for (size_t i = 0; i + 1 < index.size(); i += 2) {
        if (index[i] < 0 || index[i + 1] < 0) refuse("a negative /Index" + where);
        entries += static_cast<unsigned long long>(index[i + 1]);
        if (entries > m_limits.max_objects || static_cast<unsigned long long>(index[i]) > m_limits.max_objects)
            refuse("an /Index of more than " + std::to_string(m_limits.max_objects) + " objects" + where);
    }
    const Value* parms = o.dict.get("DecodeParms");
    std::string data = o.decoded;
    o.decoded.clear();
    if (parms && parms->is(Value::Kind::Dict))
        data = unpredict(data, number(parms->get("Predictor"), 1), number(parms->get("Colors"), 1),
                         number(parms->get("BitsPerComponent"), 8), number(parms->get("Columns"), 1));
    const size_t width = static_cast<size_t>(widths[0] + widths[1] + widths[2]);
    if (entries * width > data.size())
        refuse("the cross-reference stream at byte " + std::to_string(at) + " holds " + std::to_string(data.size()) +
               " bytes, fewer than its /Index and /W need (" + std::to_string(entries * width) + ")");
    size_t cursor = 0;
    for (size_t i = 0; i + 1 < index.size(); i += 2)
        for (long long k = 0; k < index[i + 1]; ++k, cursor += width) {
            unsigned long long field[3] = {0, 0, 0};
            for (size_t f = 0, p = cursor; f < 3; ++f)
                for (long long b = 0; b < widths[f]; ++b, ++p) field[f] = (field[f] << 8) | static_cast<unsigned char>(data[p]);
            const unsigned long long type = widths[0] == 0 ? 1 : field[0];
            if (type == 1) note(index[i] + k, static_cast<long long>(field[1] & 0x7fffffffffffffffULL));
            else if (type == 2) note(index[i] + k, 0);
        }
}

// PdfParserObject::ParseFile at `offset`: "N G obj", a value, "endobj" or a stream.
Object& Screen::object(size_t offset) {
    if (auto found = m_objects.find(offset); found != m_objects.end()) return found->second;
    Object& o = m_objects[offset];
    Lexer lx(m_bytes, offset);
    const Token n = lx.next(), g = lx.next(), obj = lx.next();
    if (n.kind != Tok::Number || g.kind != Tok::Number || obj.kind != Tok::Keyword || lx.text(obj) != "obj") return o;
    o.number = n.number;
    const size_t start = lx.pos();
    Lexer peek = lx;
    if (const Token t = peek.next(); t.kind == Tok::Keyword && lx.text(t).substr(0, 6) == "endobj") return o;
    ReadResult r = value(lx, start);
    if (!r.complete) return o;
    if (r.value.is(Value::Kind::Dict)) {
        if (const Value* type = r.value.get("Type"); type && type->is(Value::Kind::Name) && type->name == "Pages")
            pages_node(o.number, r.value, offset);
        const Token t = lx.next();
        if (t.kind == Tok::Keyword && lx.text(t).substr(0, 6) == "stream") {
            // PdfParserObject::ParseStream: spaces, then one end of line.
            size_t body = t.start + 6;
            while (body < m_bytes.size() && m_bytes[body] == ' ') ++body;
            if (body < m_bytes.size() && Lexer::is_space(static_cast<unsigned char>(m_bytes[body]))) {
                if (m_bytes[body++] == '\r' && body < m_bytes.size() && m_bytes[body] == '\n') ++body;
            }
            stream(o, r.value, offset, body);
        }
    }
    return o;
}

// The values `v` stands for: itself, or every version of the object it refers to.
std::vector<Value> Screen::values_of(const Value& v) {
    if (!v.is(Value::Kind::Ref)) return {v};
    std::vector<Value> out;
    for (auto [it, end] = m_offsets_of.equal_range(v.number); it != end; ++it) {
        const size_t offset = static_cast<size_t>(it->second);
        auto found = m_peeked.find(offset);
        if (found == m_peeked.end()) {
            Value kept;
            Lexer lx(m_bytes, offset);
            const Token n = lx.next(), g = lx.next(), obj = lx.next();
            if (n.kind == Tok::Number && g.kind == Tok::Number && obj.kind == Tok::Keyword && lx.text(obj) == "obj") {
                size_t count = 0;
                ReadLimits limits;
                limits.max_depth = m_limits.max_depth;
                limits.values = &count;
                limits.max_values = 4096;
                ReadResult r = read_value(lx, limits);
                if (r.complete && !r.value.is(Value::Kind::Dict)) kept = std::move(r.value);
            }
            found = m_peeked.emplace(offset, std::move(kept)).first;
        }
        out.push_back(found->second);
    }
    return out;
}

// /Filter as PdfFilterFactory::CreateFilterList reads it: a name or an array
// of names, each direct or a reference. One chain per version of an
// indirect /Filter (an incremental update may have replaced it).
std::vector<std::vector<std::string>> Screen::filters(const Value& dict, size_t at) {
    const Value* filter = dict.get("Filter");
    if (!filter) return {{}};
    const std::string unknown = "the /Filter of the stream at byte " + std::to_string(at) +
                                " refers to an object the screen cannot read (in an object stream, or missing)";
    std::vector<std::vector<std::string>> out;
    for (const Value& f : values_of(*filter)) {
        std::vector<std::string> chain;
        if (f.is(Value::Kind::Name)) chain.push_back(f.name);
        for (size_t i = 0; f.is(Value::Kind::Array) && i < f.items.size(); ++i) {
            const std::vector<Value> named = values_of(f.items[i]);
            if (named.size() != 1 || !named.front().is(Value::Kind::Name)) refuse(unknown);
            chain.push_back(named.front().name);
        }
        if (std::find(out.begin(), out.end(), chain) == out.end()) out.push_back(chain);
    }
    if (out.empty()) refuse(unknown);
    return out;
}

// A stream whose data starts at `body`: its /Length must fit the file, its
// /DecodeParms be sane, its decoded size within the limits; object streams'
// objects and cross-reference streams' entries are read in turn.
void Screen::stream(Object& o, const Value& dict, size_t at, size_t body) {
    const std::string here = "the stream at byte " + std::to_string(at);
    const size_t left = m_bytes.size() - std::min(body, m_bytes.size());
    // Where the data may end: the largest /Length any version of it gives,
    // or the next "endstream" — whichever reaches further.
    size_t extent = 0;
    if (const Value* length = dict.get("Length"))
        for (const Value& v : values_of(*length)) {
            if (!v.is(Value::Kind::Number)) continue;
            if (v.number < 0) refuse(here + " has a negative /Length (" + std::to_string(v.number) + ")");
            if (static_cast<unsigned long long>(v.number) > left)
                refuse(here + " claims /Length " + std::to_string(v.number) + ", more than the " + std::to_string(left) +
                       " bytes left in the file");
            extent = std::max(extent, static_cast<size_t>(v.number));
        }
    const size_t end = m_bytes.find("endstream", body);
    extent = std::max(extent, (end == std::string::npos ? m_bytes.size() : end) - std::min(body, m_bytes.size()));
    if (const Value* parms = dict.get("DecodeParms"); parms && parms->is(Value::Kind::Dict)) {
        const long long columns = number(parms->get("Columns"), 1), colors = number(parms->get("Colors"), 1),
                        bpc = number(parms->get("BitsPerComponent"), 8);
        if (columns > (1 << 24) || colors > 256 || bpc > 64 || columns * colors * bpc / 8 > (16 << 20))
            refuse("absurd /DecodeParms (/Columns " + std::to_string(columns) + " /Colors " + std::to_string(colors) +
                   " /BitsPerComponent " + std::to_string(bpc) + ") in " + here);
    }
    const Value* type = dict.get("Type");
    const std::string kind = type && type->is(Value::Kind::Name) ? type->name : "";
    const bool keep = kind == "ObjStm" || kind == "XRef";
    for (const std::vector<std::string>& chain : filters(dict, at)) {
        const size_t room = m_limits.max_decoded_bytes - std::min(m_decoded, m_limits.max_decoded_bytes);
        const size_t limit = std::min(m_limits.max_stream_bytes, room);
        DecodeResult d = decode(std::string_view(m_bytes).substr(body, extent), chain, limit, keep);
        m_decoded += d.decoded;
        if (d.too_large) {
            if (limit < m_limits.max_stream_bytes)
                refuse("the streams decode to more than " + mb(m_limits.max_decoded_bytes) + " together (" + here +
                       " passed it)");
            refuse("a /" + d.stage + " stream at byte " + std::to_string(at) + " decodes to more than " +
                   mb(m_limits.max_stream_bytes));
        }
        if (kind == "ObjStm") object_stream(dict, d.data, at);
        if (kind == "XRef") {
            o.xref = true;
            o.dict = dict;
            o.decoded = std::move(d.data);
        }
    }
}

// PdfObjectStreamParserObject::ReadObjectsFromStream: /N pairs of object
// number and offset, each object a value at /First + offset.
void Screen::object_stream(const Value& dict, const std::string& data, size_t at) {
    const std::string where = " of the decoded object stream at byte " + std::to_string(at);
    long long count = 0;
    std::set<long long> firsts;
    for (const Value& v : values_of(dict.get("N") ? *dict.get("N") : Value())) count = std::max(count, number(&v));
    for (const Value& v : values_of(dict.get("First") ? *dict.get("First") : Value())) firsts.insert(number(&v));
    if (static_cast<unsigned long long>(count) > m_limits.max_objects)
        refuse("the object stream at byte " + std::to_string(at) + " claims /N " + std::to_string(count) +
               " (more than the " + std::to_string(m_limits.max_objects) + " objects a file may have)");
    std::unordered_set<size_t> seen;
    size_t read = 0;
    for (const long long first : firsts) {
        Lexer header(data);
        for (long long i = 0; i < count; ++i) {
            const Token num = header.next(), off = header.next();
            if (num.kind != Tok::Number || off.kind != Tok::Number) break;  // PoDoFo: no number, the stream fails
            if (off.number < 0 || first < 0 || static_cast<unsigned long long>(first + off.number) >= data.size()) continue;
            const size_t p = static_cast<size_t>(first + off.number);
            if (!seen.insert(p).second) continue;
            Lexer lx(data, p);
            ReadResult r = read_value(lx, read_limits(0, where));
            if (!r.problem.empty()) refuse(r.problem);
            read += r.end - p;
            if (read > 4 * data.size() + (1 << 16))
                refuse("the object stream at byte " + std::to_string(at) + " points its objects into one another");
            if (r.complete && r.value.is(Value::Kind::Dict))
                if (const Value* type = r.value.get("Type"); type && type->is(Value::Kind::Name) && type->name == "Pages")
                    pages_node(num.number, r.value, at);
        }
    }
}

// A /Pages node: its /Count bounded (PoDoFo and the change analysis walk
// that many pages), its /Kids remembered for the cycle check.
void Screen::pages_node(long long number_of_node, const Value& dict, size_t at) {
    const long long count = number(dict.get("Count"));
    if (static_cast<unsigned long long>(count) > m_limits.max_objects && count > 0)
        refuse("the page tree node at byte " + std::to_string(at) + " claims /Count " + std::to_string(count) +
               " (more than the " + std::to_string(m_limits.max_objects) + " objects a file may have)");
    std::set<long long>& kids = m_kids[number_of_node];
    if (const Value* k = dict.get("Kids"); k && k->is(Value::Kind::Array))
        for (const Value& kid : k->items)
            if (kid.is(Value::Kind::Ref)) kids.insert(kid.number);
}

// Every version of every /Pages node together, depth first without
// recursion: a node that is its own descendant is a cycle.
void Screen::page_tree() {
    std::map<long long, int> state;  // 1: on the path, 2: done
    for (const auto& [root, ignored] : m_kids) {
        if (state[root]) continue;
        std::vector<std::pair<long long, std::set<long long>::const_iterator>> path{{root, m_kids[root].begin()}};
        state[root] = 1;
        while (!path.empty()) {
            auto& [node, next] = path.back();
            if (next == m_kids[node].end()) {
                state[node] = 2;
                path.pop_back();
                continue;
            }
            const long long kid = *next++;
            if (!m_kids.count(kid)) continue;  // a page, not a /Pages node
            if (state[kid] == 1)
                refuse("the page tree has a cycle: object " + std::to_string(kid) + " is among its own /Kids' descendants");
            if (state[kid] == 0) {
                state[kid] = 1;
                path.push_back({kid, m_kids[kid].begin()});
            }
        }
    }
}

}  // namespace

std::string screen_pdf(const std::string& bytes, const ScreenLimits& limits) {
    try {
        Screen(bytes, limits).run();
    } catch (const Refused& refused) {
        return refused.why;
    }
    return {};
}

}  // namespace protokoll::sign
