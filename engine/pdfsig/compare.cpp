#include "pdfsig/compare.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace protokoll::sign::detail {

using namespace PoDoFo;

Ref key_of(const PdfReference& reference) { return {reference.ObjectNumber(), reference.GenerationNumber()}; }

std::string ref_text(const Ref& ref) { return std::to_string(ref.first) + " " + std::to_string(ref.second) + " R"; }

std::string Difference::text() const {
    std::string out = path;
    if (!object.empty()) out += (out.empty() ? "" : " ") + std::string("(") + object + ")";
    return out + (out.empty() ? "" : ": ") + what;
}

std::string type_text(const PdfObject* object) {
    if (!object || object->IsNull()) return "nothing";
    if (object->HasStream()) return "a stream";
    switch (object->GetDataType()) {
    case ePdfDataType_Bool: return "a boolean";
    case ePdfDataType_Number: return "an integer";
    case ePdfDataType_Real: return "a real number";
    case ePdfDataType_String:
    case ePdfDataType_HexString: return "a string";
    case ePdfDataType_Name: return "a name";
    case ePdfDataType_Array: return "an array";
    case ePdfDataType_Dictionary: return "a dictionary";
    case ePdfDataType_Reference: return "a reference";
    default: return "raw data";
    }
}

PdfObject* lookup(PdfVecObjects& objects, const PdfObject* dict, const char* key) {
    if (!dict || !dict->IsDictionary()) return nullptr;
    PdfObject* value = const_cast<PdfObject*>(dict->GetDictionary().GetKey(key));
    if (value && value->IsReference()) value = objects.GetObject(value->GetReference());
    return value;
}

std::string name_value(PdfVecObjects& objects, const PdfObject* dict, const char* key) {
    const PdfObject* value = lookup(objects, dict, key);
    return value && value->IsName() ? value->GetName().GetName() : std::string();
}

Comparer::Comparer(PdfVecObjects& older, PdfVecObjects& newer, const std::set<Ref>& older_boundary,
                   const std::set<Ref>& newer_boundary)
    : m_older(older), m_newer(newer), m_older_boundary(older_boundary), m_newer_boundary(newer_boundary) {}

PdfObject* Comparer::resolve_older(const PdfObject* value) const {
    return value && value->IsReference() ? m_older.GetObject(value->GetReference()) : const_cast<PdfObject*>(value);
}

PdfObject* Comparer::resolve_newer(const PdfObject* value) const {
    return value && value->IsReference() ? m_newer.GetObject(value->GetReference()) : const_cast<PdfObject*>(value);
}

namespace {

// Pairs of values still to compare, kept in one vector so that a difference
// can name its path through the parents.
struct Task {
    const PdfObject* older;
    const PdfObject* newer;
    int parent;
    std::string step;  // "/Font" or "[3]"
    Ref object;        // the newer revision's indirect object this value is (or is in); {0, 0}: none
};

bool is_null(const PdfObject* object) { return !object || object->IsNull(); }

bool is_numeric(const PdfObject* object) { return object->IsNumber() || object->IsReal(); }

double numeric(const PdfObject* object) {
    return object->IsNumber() ? static_cast<double>(object->GetNumber()) : object->GetReal();
}

std::string bytes_of(const PdfString& s) { return s.GetString() ? std::string(s.GetString(), s.GetLength()) : std::string(); }

// The stream's bytes as stored (still encoded); decoding is not needed to
// know that two streams are the same, and a flate bomb is never inflated.
std::string raw_stream(const PdfObject* object) {
    const PdfStream* stream = object->GetStream();
    if (const auto* memory = dynamic_cast<const PdfMemStream*>(stream))
        return memory->Get() ? std::string(memory->Get(), static_cast<size_t>(memory->GetLength())) : std::string();
    char* buffer = nullptr;
    pdf_long length = 0;
    stream->GetCopy(&buffer, &length);
    std::string out = buffer ? std::string(buffer, static_cast<size_t>(length)) : std::string();
    podofo_free(buffer);
    return out;
}

// Values of one kind that are not containers: equal or not.
bool same_scalar(const PdfObject* a, const PdfObject* b) {
    if (is_numeric(a)) return std::fabs(numeric(a) - numeric(b)) <= 1e-9 * std::max(1.0, std::fabs(numeric(a)));
    if (a->IsBool()) return a->GetBool() == b->GetBool();
    if (a->IsName()) return a->GetName() == b->GetName();
    if (a->IsString() || a->IsHexString()) return bytes_of(a->GetString()) == bytes_of(b->GetString());
    std::string x, y;
    a->ToString(x);
    b->ToString(y);
    return x == y;
}

bool same_kind(const PdfObject* a, const PdfObject* b) {
    if (is_numeric(a) || is_numeric(b)) return is_numeric(a) && is_numeric(b);
    const bool string_a = a->IsString() || a->IsHexString(), string_b = b->IsString() || b->IsHexString();
    if (string_a || string_b) return string_a && string_b;
    return a->GetDataType() == b->GetDataType() && a->HasStream() == b->HasStream();
}

// Work bounds: enough for any real document's object graph many times over.
constexpr size_t max_tasks = 1'000'000;
constexpr Ref none{0, 0};

}  // namespace

std::optional<Difference> Comparer::compare(const PdfObject* older, const PdfObject* newer,
                                            const std::set<std::string>& skip) {
    std::vector<Task> tasks;
    std::vector<size_t> todo;
    std::set<std::pair<Ref, Ref>> visited;
    tasks.push_back({older, newer, -1, "", none});
    todo.push_back(0);

    auto difference = [&](size_t at, const std::string& what) {
        Difference d;
        d.what = what;
        if (tasks[at].object != none) d.object = "object " + ref_text(tasks[at].object);
        std::vector<std::string> steps;
        for (int i = static_cast<int>(at); i > 0; i = tasks[static_cast<size_t>(i)].parent)
            steps.push_back(tasks[static_cast<size_t>(i)].step);
        for (auto step = steps.rbegin(); step != steps.rend(); ++step) d.path += (d.path.empty() ? "" : " ") + *step;
        return d;
    };

    while (!todo.empty()) {
        if (tasks.size() > max_tasks) return difference(0, "too large to compare");
        const size_t at = todo.back();
        todo.pop_back();
        const PdfObject* a = tasks[at].older;
        const PdfObject* b = tasks[at].newer;
        const bool a_ref = a && a->IsReference(), b_ref = b && b->IsReference();
        if (a_ref || b_ref) {
            const Ref ra = a_ref ? key_of(a->GetReference()) : Ref{0, 0};
            const Ref rb = b_ref ? key_of(b->GetReference()) : Ref{0, 0};
            if (at != 0 && (m_older_boundary.count(ra) || m_newer_boundary.count(rb))) {
                if (!a_ref || !b_ref || ra != rb)
                    return difference(at, "refers to " + (b_ref ? "object " + ref_text(rb) : type_text(b)) + " instead of " +
                                              (a_ref ? "object " + ref_text(ra) : type_text(a)));
                continue;  // the same page, annotation, field or signature: judged by its own rule
            }
            if (a_ref && b_ref && !visited.insert({ra, rb}).second) continue;
            if (b_ref) tasks[at].object = rb;
            a = resolve_older(a);
            b = resolve_newer(b);
        } else if (at != 0 && b && b->Reference().IsIndirect() && tasks[at].object == none) {
            tasks[at].object = key_of(b->Reference());
        }
        if (is_null(a) && is_null(b)) continue;
        if (is_null(a) || is_null(b))
            return difference(at, is_null(a) ? "added (" + type_text(b) + ")" : "removed");
        if (!same_kind(a, b)) return difference(at, type_text(b) + " instead of " + type_text(a));
        const Ref here = tasks[at].object;
        if (a->IsDictionary()) {
            const PdfDictionary& da = a->GetDictionary();
            const PdfDictionary& db = b->GetDictionary();
            std::set<std::string> keys;
            for (const auto& [name, value] : da.GetKeys()) keys.insert(name.GetName());
            for (const auto& [name, value] : db.GetKeys()) keys.insert(name.GetName());
            for (const std::string& key : keys) {
                if (at == 0 && skip.count(key)) continue;
                const PdfObject* va = da.GetKey(key);
                const PdfObject* vb = db.GetKey(key);
                if (is_null(va) && is_null(vb)) continue;
                tasks.push_back({va, vb, static_cast<int>(at), "/" + key, here});
                todo.push_back(tasks.size() - 1);
            }
            if (a->HasStream()) {
                std::string sa, sb;
                try {
                    sa = raw_stream(a);
                    sb = raw_stream(b);
                } catch (const PdfError&) {
                    return difference(at, "its stream cannot be read");
                }
                if (sa != sb) return difference(at, "its stream data differs");
            }
        } else if (a->IsArray()) {
            const PdfArray& xa = a->GetArray();
            const PdfArray& xb = b->GetArray();
            if (xa.size() != xb.size())
                return difference(at, "an array of " + std::to_string(xb.size()) + " instead of " +
                                          std::to_string(xa.size()) + " elements");
            for (size_t i = xa.size(); i-- > 0;) {
                tasks.push_back({&xa[i], &xb[i], static_cast<int>(at), "[" + std::to_string(i) + "]", here});
                todo.push_back(tasks.size() - 1);
            }
        } else if (!same_scalar(a, b)) {
            std::string was, now;
            a->ToString(was);
            b->ToString(now);
            if (was.size() > 60) was = was.substr(0, 57) + "...";
            if (now.size() > 60) now = now.substr(0, 57) + "...";
            return difference(at, now + " instead of " + was);
        }
    }
    return std::nullopt;
}

}  // namespace protokoll::sign::detail
